#!/usr/bin/env bash
# Install the test tools and Debian's Chromium (first run only), lint, type-check, check the
# import layers, and run every test, the browser tests included. Any failing step fails the script (set -e).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/python -m mypy analysis components
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
