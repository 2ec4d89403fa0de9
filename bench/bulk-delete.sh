#!/usr/bin/env bash
# A bulk delete through the real write queue against a sandbox with GitHub's real (unscaled) secondary
# limits: BULK_COUNT runners (default 1000) at BULK_PACE ("guided": one a second, the default; or a
# number in flight, e.g. 8), with LATENCY_MS of latency per request (default 50). Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build -q -p ghes-sandbox --release
log=$(mktemp)
target/release/ghes-sandbox --addr 127.0.0.1:0 --runners $(( ${BULK_COUNT:-1000} + 500 )) --latency-ms "${LATENCY_MS:-50}" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q 'listening on' "$log"; do sleep 0.05; done
export RUNNERDECK_SANDBOX_URL=$(grep -o 'http://[^ ]*' "$log" | head -1)
export BULK_COUNT="${BULK_COUNT:-1000}" BULK_PACE="${BULK_PACE:-guided}"
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=7200 WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
echo "sandbox: $(sed -n 2p "$log"); ${LATENCY_MS:-50} ms latency per request"
cargo test --release --target wasm32-unknown-unknown --example bulk_delete -- --nocapture 2>&1 \
  | tee /tmp/bulk-delete-raw.log | sed -n "/RESULTS/,/^$/p" | grep -v -e RESULTS -e "^test "
