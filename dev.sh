#!/usr/bin/env bash
# Set up the pinned environment in .venv (once, and again when the pins change), then run:
#   ./dev.sh demo        the offline demo (the main job)
#   ./dev.sh test [...]  lint, types, the ranges check and the test suite (extra args go to pytest)
#   ./dev.sh server      a local Prefect server (UI) + pools + deployments + a cpu worker
#   ./dev.sh ARGS...     any aistudio command, e.g. ./dev.sh status demo
# The ranges check (part of `test`): pyproject's ranges alone, not the locks, installed in a fresh
# .venv-ranges (again when pyproject.toml changes) must train one SD 1.5 LoRA with the text
# encoder's LoRA (.ci/ranges_check.py), as `pip install -e ".[ml]"` gives a user.
# AISTUDIO_SKIP_RANGES=1 skips it.
set -euo pipefail
cd "$(dirname "$0")"

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "dev.sh: needs Python 3.11 (the pinned torch CPU wheel is built for it); set PYTHON=..." >&2
  exit 2
fi
stamp=.venv/.installed
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ] \
  || [ requirements-nodeps.lock -nt "$stamp" ]; then
  echo "Setting up .venv from requirements.lock (first time: a minute or two)..." >&2
  "$PY" -m venv .venv
  "${pip[@]}" -r requirements.lock
  "${pip[@]}" --no-deps -r requirements-nodeps.lock
  "${pip[@]}" --no-deps -e .
  touch "$stamp"
fi

ranges_check() {
  local venv=.venv-ranges
  if [ ! -f "$venv/.installed" ] || [ pyproject.toml -nt "$venv/.installed" ] \
    || [ requirements-nodeps.lock -nt "$venv/.installed" ]; then
    echo "Installing pyproject's ranges (not the locks) into $venv (a few minutes)..." >&2
    rm -rf "$venv"
    "$PY" -m venv "$venv"
    # torch is pinned (==) in pyproject as in the lock: pip takes the wheel .venv got, no other.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[ml]"
    # open-clip-torch only for CLIP's BPE file, from which the tiny base's tokenizer is built
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
      -r requirements-nodeps.lock
    touch "$venv/.installed"
  fi
  HF_HUB_OFFLINE=1 "$venv/bin/python" .ci/ranges_check.py
}

# The web studio (web/), which `aistudio serve` serves at /: built with npm when npm is there
# (again when its sources or lock change); without npm the API still serves and says how.
web_build() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "dev.sh: no npm, so the web studio is not built (install Node.js 20+ with npm, then run ./dev.sh again)" >&2
    return 1
  fi
  if [ ! -f web/node_modules/.installed ] || [ web/package-lock.json -nt web/node_modules/.installed ]; then
    echo "Installing the web studio's packages (npm ci)..." >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error) && touch web/node_modules/.installed
  fi
  if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package-lock.json \
      web/vite.config.ts web/tsconfig.json -newer web/dist/index.html -print -quit)" ]; then
    (cd web && npm run --silent build >/dev/null)
  fi
}

export PREFECT_SERVER_ANALYTICS_ENABLED="${PREFECT_SERVER_ANALYTICS_ENABLED:-false}"
cmd="${1:-demo}"
[ $# -gt 0 ] && shift
case "$cmd" in
  demo)
    web_build || true
    exec .venv/bin/aistudio demo "$@" ;;
  test)
    # The tests also cover Phase 2's models (tiny ones built from config): torch, transformers.
    if [ ! -f .venv/.installed-ml ] || [ requirements-ml.lock -nt .venv/.installed-ml ]; then
      echo "Adding requirements-ml.lock (torch, transformers) for the tests..." >&2
      "${pip[@]}" -r requirements.lock -r requirements-ml.lock
      touch .venv/.installed-ml
    fi
    # The UI tests drive Debian's Chromium (Playwright cannot download a browser offline); the
    # store and e2e tests start their own PostgreSQL clusters from Debian's server binaries.
    missing=""
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing="$missing postgresql"
    if [ -n "$missing" ]; then
      echo "Installing Debian's$missing for the tests..." >&2
      sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
      $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
        $sudo apt-get install -y -q $missing >/dev/null || {
        echo "dev.sh: could not install$missing (needs root or sudo): apt-get install$missing" >&2
        exit 2
      }
    fi
    web_build || { echo "dev.sh: the tests need the web studio built (npm)" >&2; exit 2; }
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy aistudio flows tasks deployments examples
    .venv/bin/lint-imports
    [ "${AISTUDIO_SKIP_RANGES:-}" = 1 ] || ranges_check
    # Two workers (pytest-xdist): many tests wait on servers and subprocesses, so even two
    # cores finish in about 60% of the time (-n 0 runs one process, for a debugger).
    exec .venv/bin/python -m pytest -n "${AISTUDIO_TEST_WORKERS:-2}" "$@" ;;
  server)
    port="${PREFECT_SERVER_PORT:-4200}"
    export PREFECT_API_URL="http://127.0.0.1:$port/api"
    .venv/bin/prefect server start --host 127.0.0.1 --port "$port" &
    server=$!
    trap 'kill $server 2>/dev/null' EXIT
    for _ in $(seq 1 120); do
      .venv/bin/python -c "import httpx,sys; sys.exit(httpx.get('$PREFECT_API_URL/health').status_code != 200)" 2>/dev/null && break
      sleep 1
    done
    .venv/bin/python -m deployments.setup
    .venv/bin/prefect --no-prompt deploy --all
    echo "UI: http://127.0.0.1:$port   Run: PREFECT_API_URL=$PREFECT_API_URL .venv/bin/prefect deployment run 'process-model/default' -p model=demo --watch"
    PREFECT_WORKER_QUERY_SECONDS="${PREFECT_WORKER_QUERY_SECONDS:-2}" .venv/bin/prefect worker start --pool cpu ;;
  serve)
    web_build || true
    exec .venv/bin/aistudio serve "$@" ;;
  *)
    exec .venv/bin/aistudio "$cmd" "$@" ;;
esac
