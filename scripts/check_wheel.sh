#!/usr/bin/env bash
# Build the wheel, install it into a virtual environment outside the checkout, and run the app from there:
# `demo --no-speak` must succeed and `scenarios list` must show every built-in pack. This is what catches files
# a checkout has but a wheel lacks (packs, model data, schema) and imports that are not declared.
#
# The environment is rebuilt from nothing whenever the wheel's declared dependencies (or the Python version) change,
# and kept in the user cache between runs otherwise, so a repeat run only reinstalls the fresh wheel (~10 s instead
# of ~1 min). VOICE_DEESC_FRESH_VENV=1 forces a new one. pip's own cache is reused; nothing is fetched beyond the
# package registry.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Build from the tracked (and new, not ignored) files only, in a copy: no build/ or egg-info left in the checkout.
git ls-files -z --cached --others --exclude-standard \
  | grep -zE '^(src/|audio_scenarios/|pyproject\.toml$|setup\.py$|README\.md$|LICENSE$)' \
  | xargs -0 cp --parents -t "$work" 2>/dev/null || true
mkdir -p "$work/dist"
say "building the wheel"
.venv/bin/python -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/dist" "$work" 2>"$work/build.log" \
  || { cat "$work/build.log" >&2; exit 1; }
wheel=$(ls "$work"/dist/voice_deesc-*.whl)

key=$( (python3 --version; unzip -p "$wheel" '*.dist-info/METADATA' | grep '^Requires-Dist:' | sort) | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/voice-deesc/wheel-check"
venv="$cache/venv-$key"
pip_quiet() { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>"$work/pip.log" \
  || { grep -v '^WARNING: Location' "$work/pip.log" >&2; exit 1; }; }
if [ "${VOICE_DEESC_FRESH_VENV:-0}" = 1 ] || [ ! -f "$venv/complete" ]; then
  say "installing $(basename "$wheel") and its dependencies into a new environment ($venv)"
  rm -rf "$venv"  # only this dependency set's: a parallel run in another checkout may be using its own
  mkdir -p "$cache"
  find "$cache" -maxdepth 1 -name 'venv-*' -mtime +14 -exec rm -rf {} +  # sets not used for two weeks
  python3 -m venv "$venv"
  pip_quiet "$wheel"
  touch "$venv/complete"  # only a finished install is reused
else
  say "reinstalling $(basename "$wheel") into the environment of its dependency set ($venv)"
  pip_quiet --no-deps --force-reinstall "$wheel"
fi
touch "$venv"  # marks it used, for the two-week clean-up above

# Run outside the checkout, with a private data folder: only the installed copy can answer.
repo=$(pwd)
home="$work/home"
cd "$work"
say "voice-deesc demo --no-speak (installed copy)"
VOICE_DEESC_HOME="$home" "$venv/bin/voice-deesc" demo --no-speak >"$work/demo.out"
grep -q "Feedback" "$work/demo.out" || { cat "$work/demo.out" >&2; echo "demo printed no feedback" >&2; exit 1; }
say "voice-deesc scenarios list (installed copy)"
VOICE_DEESC_HOME="$home" "$venv/bin/voice-deesc" scenarios list >"$work/list.out"
builtin=$(ls -d "$repo"/audio_scenarios/*/scenario.toml | wc -l)
listed=$(grep -c ' built-in ' "$work/list.out" || true)
if [ "$listed" -ne "$builtin" ]; then
  cat "$work/list.out" >&2
  echo "the installed copy lists $listed built-in packs; the checkout has $builtin" >&2
  exit 1
fi
say "installed wheel: demo ran, $listed built-in packs listed"
