#!/usr/bin/env bash
# Set up the pinned environment in .venv (once, and again when the pins change), then run:
#   ./dev.sh demo        the offline demo (the main job)
#   ./dev.sh test [...]  lint, types and the test suite (extra args go to pytest)
#   ./dev.sh ARGS...     any aistudio command, e.g. ./dev.sh status demo
set -euo pipefail
cd "$(dirname "$0")"

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "dev.sh: needs Python 3.11 (the pinned torch CPU wheel is built for it); set PYTHON=..." >&2
  exit 2
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Setting up .venv from requirements.lock (first time: a minute or two)..." >&2
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi

export PREFECT_SERVER_ANALYTICS_ENABLED="${PREFECT_SERVER_ANALYTICS_ENABLED:-false}"
cmd="${1:-demo}"
[ $# -gt 0 ] && shift
case "$cmd" in
  demo)
    exec .venv/bin/aistudio demo "$@" ;;
  test)
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy aistudio flows tasks deployments
    exec .venv/bin/python -m pytest "$@" ;;
  *)
    exec .venv/bin/aistudio "$cmd" "$@" ;;
esac
