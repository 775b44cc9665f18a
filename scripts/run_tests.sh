#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (the README's test command).
# Browser tests need Debian's chromium; as root it is installed with apt-get. With CI=true they are
# required (a missing browser fails them); elsewhere they skip with a reason when no browser exists.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -r requirements-dev.txt -r experiments/requirements-experiments.txt
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
ruff check .
ruff format --check .
exec python -m pytest -q "$@"
