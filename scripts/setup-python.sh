#!/usr/bin/env bash
# Create .venv with santong installed (editable, with the test extras when asked).
# Usage: scripts/setup-python.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3.11 >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
py=$(command -v python3.11 || command -v python3)
"$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || {
  echo "santong needs Python 3.11 (found $("$py" --version))" >&2; exit 1; }

[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
.venv/bin/python -m pip install -q -e ".${extras}"
