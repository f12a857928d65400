#!/usr/bin/env bash
# Install everything (first run only) and open the dashboard on the sample story.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# The sample story's result, computed once per machine and engine version, so the dashboard
# opens on it at once (analysis/pipeline/result_cache.py; a second start only checks it is there).
.venv/bin/python -m analysis.pipeline.result_cache || echo "(the sample story will be computed on first view)"
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
