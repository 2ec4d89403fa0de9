#!/usr/bin/env bash
# Where the console's wasm bytes go: builds the release wasm with its function names kept, then prints
# twiggy's biggest items, its dominators, and the code's bytes summed per crate (and per runnerdeck
# module), measured on the wasm after wasm-bindgen and `wasm-opt -Oz` (names kept, so sizes are the
# shipped ones plus the name section, which twiggy lists apart). twiggy comes from crates.io.
# Usage: bash bench/size-breakdown.sh [ROWS]   (ROWS: how many of twiggy's top items; default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
rows="${1:-30}"
command -v twiggy >/dev/null || cargo install twiggy --locked --version 0.8.0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release --target wasm32-unknown-unknown --bin runnerdeck
wasm-bindgen --target web --keep-debug --out-dir "$out" target/wasm32-unknown-unknown/release/runnerdeck.wasm
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-multivalue --enable-sign-ext "$out/runnerdeck_bg.wasm" -o "$out/named.wasm"
echo "== twiggy top $rows (the shipped wasm, names kept)"
twiggy top -n "$rows" "$out/named.wasm"
echo "== twiggy dominators (3 levels, items over 0.5%)"
twiggy dominators -d 3 -r 60 "$out/named.wasm" | cut -c1-200
echo "== code bytes per crate (and per runnerdeck module)"
twiggy top --format csv "$out/named.wasm" | node bench/size-by-crate.mjs
