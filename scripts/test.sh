#!/usr/bin/env bash
# One command for a fresh machine: set up with the dev tools, lint, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests scripts
.venv/bin/ruff format --check src tests scripts
.venv/bin/mypy src
exec .venv/bin/python -m pytest "$@"
