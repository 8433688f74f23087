#!/usr/bin/env bash
# One command for a fresh machine: set up with the dev tools, lint, run the whole test suite (printing the ten
# slowest tests), then build the wheel and run the installed copy outside the checkout (scripts/check_wheel.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check src tests scripts
.venv/bin/ruff format --check src tests scripts
.venv/bin/mypy src
# Both cores: a test file stays on one worker, so the fixtures it loads once (an engine, a batch over the real
# recordings) are loaded once per file as in a serial run.
.venv/bin/python -m pytest -n auto --dist loadfile --durations=10 "$@"
bash scripts/check_wheel.sh
