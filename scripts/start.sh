#!/usr/bin/env bash
# Install everything (first run only) and open the dashboard on the sample story.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
