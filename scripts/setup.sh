#!/usr/bin/env bash
# Installs what the build and the tests need and is missing; skips every piece already present at the
# right version. Only package registries are used (crates.io, npm, Debian); nothing else is downloaded.
#   scripts/setup.sh           everything (the test command)
#   scripts/setup.sh --build   without Chromium (the demo command)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

want_browser=1
[ "${1:-}" = "--build" ] && want_browser=0

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. the wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, exactly Cargo.lock's wasm-bindgen
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $wbg (about 5 minutes)"
  # The registry mirror can lag behind the lockfile: fall back to resolving afresh.
  cargo install wasm-bindgen-cli --version "$wbg" --locked --force \
    || cargo install wasm-bindgen-cli --version "$wbg" --force
fi
if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
  echo "setup: Trunk.toml pins a wasm_bindgen other than Cargo.lock's $wbg; update [tools] wasm_bindgen." >&2
  exit 1
fi

# 3. trunk 0.21 (0.22 needs a newer rustc than this toolchain)
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk 0.21.14 (about 12 minutes)"
  cargo install trunk --version 0.21.14 --locked --force
fi

# 3b. wasm-split-cli, which cuts the release wasm into the chunks src/chunks.rs names (scripts/wasm.sh)
split=0.2.4
# (it has no --version; cargo's list of what it installed says which one is there)
if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -qx "wasm_split_cli_support v$split:"; then
  say "installing wasm-split-cli $split (about 1 minute)"
  cargo install wasm_split_cli_support --version "$split" --features build-binary --locked --force
fi

# 4. From npm, into $RUNNERDECK_TOOLS: wasm-opt (Debian's binaryen is too old for current rustc output;
# npm's binaryen@132 is current) and axe-core, the accessibility rules the a11y walk injects. They are
# installed in one command because `npm install --no-save` removes every package it was not named.
axe=4.14.1
axe_have=$(node -p "require('$RUNNERDECK_TOOLS/node_modules/axe-core/package.json').version" 2>/dev/null || true)
if ! wasm-opt --version 2>/dev/null | grep -q 'version_132' || [ "$axe_have" != "$axe" ]; then
  say "installing wasm-opt (binaryen@132) and axe-core@$axe from npm into $RUNNERDECK_TOOLS"
  mkdir -p "$RUNNERDECK_TOOLS"
  npm install --prefix "$RUNNERDECK_TOOLS" --no-audit --no-fund --no-save binaryen@132 "axe-core@$axe" >/dev/null
fi

# 5. Chromium and its driver, for the browser tests
if [ $want_browser = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver from Debian"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y chromium chromium-driver \
    || { as_root apt-get update && as_root apt-get install -y chromium chromium-driver; }
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-split-cli $split, wasm-opt $(wasm-opt --version | awk '{print $3}'), axe-core $axe"
