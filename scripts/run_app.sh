#!/usr/bin/env bash
# Install the dashboard's requirements and start it on http://localhost:8501 (cache in ./cache).
# It listens on the loopback interface only; a deployment uses the Procfile (0.0.0.0 on $PORT) behind a proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -r requirements.txt
exec streamlit run app.py --server.address 127.0.0.1 "$@"
