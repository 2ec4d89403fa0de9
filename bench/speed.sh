#!/usr/bin/env bash
# Issue 15's figures in one run (bench/speed.rs in headless Chromium): loading a 10,000-runner org
# sequentially and at the default concurrency over HTTP/1.1 and HTTP/2 (the sandbox's --tls), each
# beside the network's floor; the CPU of a page of 100 runners; Connect to the painted table through
# the UI (over HTTP/2); filter keystrokes over 10,000 rows; and the first-load bytes of the release
# build. Every load has its own sandbox, so no CORS preflight comes from the browser's cache.
# The default-concurrency load runs SPEED_LOADS times (default 5) on each transport, each against a
# fresh sandbox, and its median is the figure: one load varies by about 10% from the next.
# Usage: bash bench/speed.sh   (LATENCY_MS: injected per round trip, default 50; SPEED_ONLY=ui: only
# Connect through the UI and the keystrokes; SPEED_ONLY=h2: only the HTTP/2 loads)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
latency="${LATENCY_MS:-50}"
target="${CARGO_TARGET_DIR:-target}"

echo "== first-load bytes (trunk build --release; scripts/size.mjs)"
trunk build --release --offline >/dev/null 2>&1 || trunk build --release --offline
node scripts/size.mjs

cargo build -q -p ghes-sandbox --release
work=$(mktemp -d)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
# start NAME [FLAGS]: a sandbox with 10,000 more runners in acme-platform, logging to $work/NAME.log.
start() {
  local name=$1
  shift
  "$target/release/ghes-sandbox" --addr 127.0.0.1:0 --runners 10000 --latency-ms "$latency" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do
    grep -q 'listening on' "$work/$name.log" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  cat "$work/$name.log" >&2
  echo "the sandbox $name did not start" >&2
  exit 1
}
url_of() { grep -o 'https\?://[^ ]*' "$work/$1.log" | head -1; }
loads="${SPEED_LOADS:-5}"
# Per transport: the sequential load's sandbox, the UI's, then one per default load.
SPEED_H1="" SPEED_H2=""
for n in seq ui $(seq -f 'default-%g' "$loads"); do
  start "h1-$n"
  start "h2-$n" --tls
  SPEED_H1="$SPEED_H1${SPEED_H1:+,}$(url_of "h1-$n")"
  SPEED_H2="$SPEED_H2${SPEED_H2:+,}$(url_of "h2-$n")"
done
export SPEED_H1 SPEED_H2
export SPEED_LATENCY_MS="$latency"
export SPEED_ONLY="${SPEED_ONLY:-}"
# The benchmark's Chromium trusts exactly these sandboxes' self-signed certificates, and nothing else.
spki=$(grep -ho 'spki-sha256: [^ ]*' "$work"/h2-*.log | awk '{ print $2 }' | paste -sd, -)
node -e '
  const fs = require("fs");
  const config = JSON.parse(fs.readFileSync("webdriver.json", "utf8"));
  config["goog:chromeOptions"].args.push("--ignore-certificate-errors-spki-list=" + process.argv[1]);
  fs.writeFileSync(process.argv[2], JSON.stringify(config, null, 2));
' "$spki" "$work/webdriver.json"

wasm=$(cargo test -q --release --target wasm32-unknown-unknown --example speed --no-run --message-format=json 2>/dev/null \
  | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const l of s.split("\n")) { try { const m = JSON.parse(l); if (m.reason === "compiler-artifact" && m.executable) console.log(m.executable); } catch {} }
    })' | tail -1)
[ -n "$wasm" ] || { cargo test --release --target wasm32-unknown-unknown --example speed --no-run; exit 1; }
# WASM_BINDGEN_NO_DEBUG: the runner's JS glue as a release build has it, without the debug glue that
# wraps every import in an error logger.
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=1200 WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1 WASM_BINDGEN_NO_DEBUG=1
echo "== loads, UI and keystrokes (sandboxes: $SPEED_H1 and $SPEED_H2)"
# wasm-bindgen-test-runner reads webdriver.json from where it runs: the copy with the certificate flag.
if ! (cd "$work" && wasm-bindgen-test-runner "$wasm" --nocapture >"$work/raw" 2>&1); then
  tail -60 "$work/raw" >&2
  exit 1
fi
sed -n '/RESULTS/,/^$/p' "$work/raw" | grep -v -e RESULTS -e '^test '
