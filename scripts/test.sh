#!/usr/bin/env bash
# One command for a fresh machine: set up with the dev tools, lint, run the whole test suite (printing the ten
# slowest tests), then build the wheel and run the installed copy outside the checkout (scripts/check_wheel.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests scripts
.venv/bin/ruff format --check src tests scripts
.venv/bin/mypy src
.venv/bin/python -m pytest --durations=10 "$@"
bash scripts/check_wheel.sh
