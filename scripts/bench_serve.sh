#!/usr/bin/env bash
# Load benchmark of `postlint serve` (run by hand, not in CI): the release binary serves on a
# free loopback port, and wrk (Debian: apt-get install wrk) posts one tweet-sized draft from a
# second process for 20 s with 2 threads and 16 connections. Prints requests/s and latency
# percentiles (p99 included).
#   scripts/bench_serve.sh            # defaults
#   DURATION=60s CONNECTIONS=64 scripts/bench_serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench_serve.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
cargo build --release --quiet
log=$(mktemp)
target/release/postlint serve --isolated --port 0 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log" "$lua"' EXIT
for _ in $(seq 50); do grep -q 'serving on' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
lua=$(mktemp --suffix=.lua)
cat >"$lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "Night shift recap: my pt in bed 12 (72M, CHF) finally diuresed 3L, wife brought donuts for the whole unit. Best team ever #nursing"}'
LUA
wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-20s}" --latency -s "$lua" "${url}v1/check"
