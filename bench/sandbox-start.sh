#!/usr/bin/env bash
# Prints how long ghes-sandbox takes from exec to listening, with a 10,000-runner fleet (target: < 1 s).
set -euo pipefail
cd "$(dirname "$0")/.."
runners="${1:-10000}"
cargo build --release -q -p ghes-sandbox
for run in 1 2 3; do
  log=$(mktemp)
  start=$(date +%s%N)
  target/release/ghes-sandbox --addr 127.0.0.1:0 --runners "$runners" >"$log" 2>&1 &
  pid=$!
  until grep -q 'listening on' "$log"; do sleep 0.005; done
  end=$(date +%s%N)
  kill $pid; wait $pid 2>/dev/null || true
  printf 'run %d: %d runners, listening after %d ms (%s)\n' "$run" "$runners" $(( (end - start) / 1000000 )) "$(grep -o 'seeded in [0-9]* ms' "$log")"
  rm -f "$log"
done
