#!/usr/bin/env bash
# One command for a fresh machine: set everything up, then run the demo (built-in scenario, bundled reply).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/voice-deesc demo "$@"
