#!/usr/bin/env bash
# Installs what the real-VS-Code suites need, on a fresh machine or in CI:
#   - Debian packages: build headers for code-server's native modules, ripgrep, Chromium;
#   - the ripgrep download cache that @vscode/ripgrep looks into before it tries GitHub;
#   - code-server 4.100.3 (VS Code 1.100.3, the last one that accepts Node 20) in a cache
#     folder outside the project's node_modules.
# Idempotent: each step checks first and is skipped when already done (a warm run takes ~1 s).
# playwright-core and @vscode/vsce are ordinary devDependencies: `npm ci` installs them.
#
# Environment:
#   OA_CACHE_DIR     cache root (default $XDG_CACHE_HOME or ~/.cache, + /orchestration-audit)
#   OA_CODE_SERVER   use this code-server binary instead of installing one
#   OA_SKIP_APT=1    do not touch apt (packages installed by other means)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11            # @vscode/ripgrep version that code-server 4.100.3 pulls in
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium unzip)

# Same default as test/e2e/lib/code-server.ts (os.homedir() where HOME is unset).
HOME_DIR="${HOME:-$(node -p 'require("os").homedir()')}"
CACHE_DIR="${OA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME_DIR/.cache}/orchestration-audit}"
CS_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

log() { printf '[install-test-deps] %s\n' "$*"; }
t0=$(date +%s)

# 1. Debian packages -------------------------------------------------------------------------
if [[ "${OA_SKIP_APT:-}" == 1 ]]; then
  log "apt: skipped (OA_SKIP_APT=1)"
else
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    SUDO=""
    if [[ $(id -u) != 0 ]]; then
      command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
      SUDO="sudo"
    fi
    log "apt: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-o DPkg::Lock::Timeout=300)
    $SUDO apt-get "${apt_opts[@]}" update -qq
    $SUDO apt-get "${apt_opts[@]}" install -y -qq "${APT_PACKAGES[@]}" >/dev/null
  else
    log "apt: all packages present"
  fi
fi

# 2. ripgrep cache for @vscode/ripgrep (its postinstall would download from GitHub) ---------------
TMPDIR_NODE=$(node -p 'require("os").tmpdir()')
RG_CACHE="$TMPDIR_NODE/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
if [[ -s "$RG_CACHE/$RIPGREP_ASSET" ]]; then
  log "ripgrep cache: present"
else
  RG=$(command -v rg || true)
  [[ -n "$RG" ]] || { log "ripgrep (rg) not found; install the Debian package ripgrep"; exit 1; }
  mkdir -p "$RG_CACHE"
  stage=$(mktemp -d)
  cp "$RG" "$stage/rg"
  tar -czf "$RG_CACHE/$RIPGREP_ASSET.tmp" -C "$stage" rg
  mv "$RG_CACHE/$RIPGREP_ASSET.tmp" "$RG_CACHE/$RIPGREP_ASSET"
  rm -rf "$stage"
  log "ripgrep cache: wrote $RG_CACHE/$RIPGREP_ASSET from $RG"
fi

# 3. code-server ------------------------------------------------------------------------------
# The first run on a machine prints "Wrote default config file" before the version line,
# so look for the version on any line, not only the first.
code_server_ok() {
  local out
  out=$("$1" --version 2>/dev/null) || return 1
  grep -q "^$CODE_SERVER_VERSION " <<<"$out"
}
if [[ -n "${OA_CODE_SERVER:-}" ]]; then
  code_server_ok "$OA_CODE_SERVER" || { log "OA_CODE_SERVER=$OA_CODE_SERVER is not code-server $CODE_SERVER_VERSION"; exit 1; }
  log "code-server: using OA_CODE_SERVER=$OA_CODE_SERVER"
elif [[ -x "$CS_BIN" ]] && code_server_ok "$CS_BIN"; then
  log "code-server: $CODE_SERVER_VERSION present in $CS_DIR"
else
  log "code-server: installing $CODE_SERVER_VERSION into $CS_DIR (1-3 min)"
  mkdir -p "$CACHE_DIR"
  stage="$CS_DIR.partial"
  rm -rf "$stage"
  mkdir -p "$stage"
  echo '{"name":"oa-code-server-cache","private":true}' > "$stage/package.json"
  # unsafe_perm: the install runs as root; yes: its nested `npx node-gyp` must not prompt.
  # Run outside the project so the project's .npmrc/lockfile play no part.
  if ! (cd "$stage" && npm_config_yes=true npm_config_unsafe_perm=true \
        npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" \
        > "$CACHE_DIR/code-server-install.log" 2>&1); then
    tail -50 "$CACHE_DIR/code-server-install.log" >&2
    log "code-server: install failed (full log: $CACHE_DIR/code-server-install.log)"
    exit 1
  fi
  code_server_ok "$stage/node_modules/.bin/code-server" || {
    tail -50 "$CACHE_DIR/code-server-install.log" >&2
    log "code-server: installed but does not run"; exit 1; }
  rm -rf "$CS_DIR"
  mv "$stage" "$CS_DIR"
  # .bin links are relative, so the move keeps them valid.
  code_server_ok "$CS_BIN" || { log "code-server: broken after move"; exit 1; }
  log "code-server: installed"
fi

# 4. Chromium sanity ----------------------------------------------------------------------------
if [[ "${OA_SKIP_APT:-}" != 1 ]]; then
  command -v chromium >/dev/null || { log "chromium not found at /usr/bin/chromium"; exit 1; }
fi

log "done in $(( $(date +%s) - t0 )) s (code-server: ${OA_CODE_SERVER:-$CS_BIN})"
