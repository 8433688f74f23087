#!/usr/bin/env bash
# Set up voice-deesc on a fresh Debian/Ubuntu machine: system packages where missing, a .venv, the package.
#   scripts/setup.sh          the app (runtime dependencies, embedded Whisper model included)
#   scripts/setup.sh --dev    the app plus test and lint tools, Dask (so the cluster test runs), and Chromium
#                             for the HTML report test
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

say() { printf '==> %s\n' "$*"; }

need_apt=()
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
ldconfig -p 2>/dev/null | grep -q 'libportaudio\.so\.2' || need_apt+=(libportaudio2)
ldconfig -p 2>/dev/null | grep -q 'libsndfile\.so\.1' || need_apt+=(libsndfile1)
if [ "$dev" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  say "installing system packages: ${need_apt[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  if command -v apt-get >/dev/null 2>&1; then
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "voice-deesc setup: apt-get not found — install ${need_apt[*]} with your package manager, then run this again" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
extras=""
[ "$dev" = 1 ] && extras="[dev,dask]"
say "installing voice-deesc$extras into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
# An editable install is not byte-compiled, and where PYTHONDONTWRITEBYTECODE is set (containers, CI images) Python
# never writes the cache itself: every start would compile ~80 modules again (~0.4 s of a cold `evaluate`).
.venv/bin/python -m compileall -q src >/dev/null
say "ready: .venv/bin/voice-deesc --help"
