#!/usr/bin/env bash
# Trunk post_build hook: builds the console's wasm in chunks and puts it in trunk's staging dir.
#
# Trunk's own Rust pipeline runs cargo, wasm-bindgen and wasm-opt back to back, with no step between
# the linker and wasm-bindgen, which is where the wasm must be cut. So index.html's rust asset is
# skipped (data-trunk-skip) and this hook does the four steps:
#   1. cargo builds the `runnerdeck` bin with the `split` feature, the linker keeping its relocations;
#   2. wasm-split-cli cuts it at the split points of src/chunks.rs into the main module, a file per
#      named chunk and files for the code several chunks share, plus the loader (__wasm_split.js);
#   3. wasm-bindgen writes the main module's JS, keeping the function table exported for the chunks;
#   4. wasm-opt -Oz each module (release only).
# The files go in one folder named by the hash of the linked wasm, so a CDN can cache them for ever.
# scripts/boot.mjs then writes the boot script and the preloads into index.html, and scripts/csp.mjs
# puts that script's hash in the CSP.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
staging="${TRUNK_STAGING_DIR:?run scripts/wasm.sh as a trunk post_build hook}"
profile="${TRUNK_PROFILE:-release}"

cargo_profile=(--release)
out=release
if [ "$profile" != release ]; then
  cargo_profile=()
  out=debug
fi
# `cargo rustc` gives the link flag to the bin alone, so the dependencies' builds stay shared with
# every other build of the same profile.
cargo rustc "${cargo_profile[@]}" --locked --target wasm32-unknown-unknown --bin runnerdeck --features split \
  -- -C link-arg=--emit-relocs
linked="target/wasm32-unknown-unknown/$out/runnerdeck.wasm"

work="target/split/$out"
rm -rf "$work"
mkdir -p "$work/split" "$work/bindgen"
wasm-split-cli "$linked" "$work/split" --out-name runnerdeck
wasm-bindgen --target web --keep-lld-exports --out-dir "$work/bindgen" "$work/split/runnerdeck.wasm"

hash=$(sha256sum "$linked" | cut -c1-16)
dir="$staging/wasm-$hash"
mkdir -p "$dir"
cp "$work/bindgen/runnerdeck.js" "$work/bindgen/runnerdeck_bg.wasm" "$dir/"
for f in "$work/split"/*; do
  case "$(basename "$f")" in
    runnerdeck.wasm) ;; # the main module, before wasm-bindgen
    *) cp "$f" "$dir/" ;;
  esac
done
if [ "$profile" = release ]; then
  for f in "$dir"/*.wasm; do
    wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
      --enable-multivalue --enable-sign-ext "$f" -o "$f"
  done
fi
node scripts/boot.mjs "$staging" "wasm-$hash"
node scripts/csp.mjs
