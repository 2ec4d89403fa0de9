#!/usr/bin/env bash
# The demo command: sets up what is missing, starts the seeded sandbox and serves the console.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build
source scripts/env.sh

sandbox_port="${SANDBOX_PORT:-8787}"
console_port="${CONSOLE_PORT:-8080}"

cargo build -p ghes-sandbox
# Beyond the three seeded organizations, six more with ten repositories each and a runner in every
# repository: enough for the views that span organizations and repositories to be worth seeing.
target/debug/ghes-sandbox --addr "127.0.0.1:$sandbox_port" --orgs 6 --repos-per-org 10 --repo-runners 1 &
sandbox=$!
stop_sandbox() {
  kill $sandbox 2>/dev/null || true
  wait $sandbox 2>/dev/null || true
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

cat <<MSG

  Runnerdeck demo
  ---------------
  Open           http://127.0.0.1:$console_port/
  API base URL   http://127.0.0.1:$sandbox_port/api/v3
  Token          sandbox-admin   (others: sandbox-org, sandbox-repo, sandbox-none)
  Ctrl-C stops the console and the sandbox.

MSG
trunk serve --release --offline --address 127.0.0.1 --port "$console_port" --no-autoreload
