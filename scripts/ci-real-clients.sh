#!/usr/bin/env bash
# CI, after `npm test`: the extension in real clients. Installs them (scripts/install-real-clients.sh, idempotent),
# packages the VSIX, then runs the grammar tests, the headless-editor tests (Neovim, Emacs + eglot) and the VS Code
# E2E in code-server (workbench UI + extension-host tests). Every test step runs even when an earlier one failed;
# the exit status is non-zero when anything failed.
#
#   HHG_CLIENTS_DIR   cache of the npm-installed clients (default .cache/real-clients)
#   HHG_VSIX          test this VSIX instead of running `npm run package` (the build still runs)
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
started=$(date +%s)
passed=0
failed=0
failures=()

stamp() { echo "[ci-real-clients +$(($(date +%s) - started))s] $*"; }
# step NAME TIMEOUT_SECONDS COMMAND...: runs one step with a deadline and records the outcome.
step() {
  local name=$1 limit=$2
  shift 2
  stamp "$name: $*"
  local t0=$(date +%s)
  if timeout --kill-after=30 "$limit" "$@"; then
    passed=$((passed + 1))
    stamp "$name: ok ($(($(date +%s) - t0))s)"
    return 0
  else
    local rc=$?
    failed=$((failed + 1))
    failures+=("$name (exit $rc)")
    stamp "$name: FAILED with exit $rc after $(($(date +%s) - t0))s"
    return 1
  fi
}
finish() {
  stamp "done in $(($(date +%s) - started))s"
  for f in "${failures[@]}"; do echo "  failed: $f"; done
  echo "real-clients: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# The clients: without them nothing below can run.
step install 1500 bash scripts/install-real-clients.sh || finish

vsix_ok=1
if [ -n "${HHG_VSIX:-}" ]; then
  step build 600 npm run build --silent || vsix_ok=0
else
  step package 600 npm run package --silent || vsix_ok=0
  if [ "$vsix_ok" = 1 ]; then
    unzip -l helm-hook-guard.vsix
    ls -l helm-hook-guard.vsix
  fi
fi

step grammar 300 npm run test:grammar --silent
# The editors need the build (done by package/build above); a missing editor is a failure here, never a skip.
HHG_SKIP_EDITORS=0 step editors 300 node scripts/run-tests.mjs out/test/editors
if [ "$vsix_ok" = 1 ]; then
  step e2e 900 node out/test/e2e/vscode.e2e.js
else
  failed=$((failed + 1))
  failures+=("e2e (not run: no VSIX)")
fi
finish
