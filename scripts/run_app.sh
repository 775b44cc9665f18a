#!/usr/bin/env bash
# Install the dashboard's requirements and start it on http://localhost:8501 (cache in ./cache).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -r requirements.txt
exec streamlit run app.py "$@"
