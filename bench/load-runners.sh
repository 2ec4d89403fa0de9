#!/usr/bin/env bash
# Loads 10,000 runners from the sandbox with 50 ms of injected latency through the real client in
# headless Chromium, at concurrency 1 (what `gh api --paginate` does), 4 and 8; prints wall time and
# request count side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build -q -p ghes-sandbox --release
log=$(mktemp)
target/release/ghes-sandbox --addr 127.0.0.1:0 --runners 10000 --latency-ms "${LATENCY_MS:-50}" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q 'listening on' "$log"; do sleep 0.05; done
export RUNNERDECK_SANDBOX_URL=$(grep -o 'http://[^ ]*' "$log" | head -1)
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
echo "sandbox: $(head -1 "$log"); ${LATENCY_MS:-50} ms latency per request"
cargo test --release --target wasm32-unknown-unknown --example load_runners -- --nocapture 2>&1 \
  | sed -n '/RESULTS/,/^$/p' | grep -v -e RESULTS -e '^test '
