#!/usr/bin/env bash
# Installs what tests/editors/test_vscode.py needs to run the extension in a real VS Code
# workbench, offline except for the npm and Debian registries. Idempotent: whatever is
# already installed is skipped, so a second run takes about a second.
#
#   code-server 4.100.3 (VS Code 1.100.3; the newest whose engines field accepts Node 20),
#     into $KETLINT_E2E_TOOLS (default ~/.cache/ketlint-e2e-tools)
#   playwright-core (pinned by package-lock.json) into this folder's node_modules
#   from apt, when missing: chromium, ripgrep, libkrb5-dev, build-essential
#
# Why by hand: code-server's postinstall runs a nested `npm install` that breaks under npm 11
# and lets @vscode/ripgrep download rg from GitHub (offline here). So it is installed with
# --ignore-scripts and its native modules are rebuilt here; the system rg takes the place of
# the download. playwright-core drives Debian's chromium because its own browser download
# fails offline; @vscode/test-electron and @vscode/test-web download VS Code at run time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOOLS=${KETLINT_E2E_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/ketlint-e2e-tools}
CS_VERSION=4.100.3
CS=$TOOLS/code-server-$CS_VERSION
export DEBIAN_FRONTEND=noninteractive npm_config_update_notifier=false npm_config_fund=false \
  npm_config_audit=false
mkdir -p "$TOOLS"
log() { echo "vscode-e2e setup: $*" >&2; }
# Two test runs on one machine must not install into the same folder at once (one would
# delete what the other is building): the second waits for the first, then finds it done.
if command -v flock >/dev/null; then
  exec 9>"$TOOLS/.setup.lock"
  flock 9
fi

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  # A stale package list is the usual reason an install fails: update only then.
  apt-get install -y -q "${need[@]}" >"$TOOLS/apt.log" 2>&1 \
    || { apt-get update -q >>"$TOOLS/apt.log" 2>&1 && apt-get install -y -q "${need[@]}" >>"$TOOLS/apt.log" 2>&1; } \
    || { log "apt-get install failed (see $TOOLS/apt.log)"; exit 1; }
fi

if [ ! -f "$CS/.complete" ]; then
  log "installing code-server $CS_VERSION into $CS (log: $TOOLS/code-server-install.log)"
  rm -rf "$CS"
  CSP=$CS/lib/node_modules/code-server
  # One && chain: `set -e` does not apply inside a list that ends in `||`.
  {
    npm install -g --prefix "$CS" --ignore-scripts "code-server@$CS_VERSION" \
    && (cd "$CSP" && npm_config_dangerously_allow_all_scripts=true npm rebuild argon2) \
    && cd "$CSP/lib/vscode" \
    && npm install --omit=dev --ignore-scripts \
    && mkdir -p node_modules/@vscode/ripgrep/bin \
    && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg \
    && npm_config_yes=true npm_config_dangerously_allow_all_scripts=true npm rebuild \
    && ln -sfn node_modules node_modules.asar \
    && ln -sfn code-linux.sh bin/remote-cli/code-server \
    && ln -sfn browser-linux.sh bin/helpers/browser.sh \
    && cd extensions && npm_config_dangerously_allow_all_scripts=true npm install --omit=dev
  } >"$TOOLS/code-server-install.log" 2>&1 || { log "code-server install failed (see $TOOLS/code-server-install.log)"; exit 1; }
  "$CS/bin/code-server" --version >/dev/null || { log "code-server does not run"; exit 1; }
  touch "$CS/.complete"
fi

if [ ! -f "$HERE/node_modules/playwright-core/package.json" ]; then
  log "npm ci (playwright-core)"
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi
echo "$CS/bin/code-server"
