#!/usr/bin/env bash
# Whole-process benchmarks of the release binary (run by hand, not in CI):
#   (a) one short post, built-in packs only: wall time (median) and peak RSS
#   (b) 1,000,000 generated posts through `check --input jsonl --format jsonl`: posts/s, peak RSS,
#       on the realistic corpus (scripts/gen_real_posts.py, needs `apt-get install fortunes`)
#       and on the old templated one (scripts/gen_posts.py), which stays for comparison
#   (c) the engine alone and the single aho-corasick pass: `cargo bench` (skip with --no-cargo-bench)
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time). Prints a summary
# with the issue's targets; paste it into BENCHMARKS.md after rule packs change.
#
#   scripts/bench.sh                     # everything
#   scripts/bench.sh --no-cargo-bench    # (a), (b), (d) only
#   POSTS=200000 scripts/bench.sh        # a smaller batch file
#   EXTRA_ARGS="--rules benches/packs" scripts/bench.sh   # with extra packs
set -euo pipefail
cd "$(dirname "$0")/.."

run_cargo_bench=1
[[ "${1:-}" == "--no-cargo-bench" ]] && run_cargo_bench=0
POSTS="${POSTS:-1000000}"
SEED="${SEED:-42}"
EXTRA_ARGS="${EXTRA_ARGS:-}"
OUT=target/bench
BIN=target/release/postlint
mkdir -p "$OUT"

for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (apt-get install hyperfine time)" >&2; exit 2; }
done

cargo build --release --quiet

data="$OUT/posts_${POSTS}_seed${SEED}.jsonl"
if [[ ! -s "$data" ]]; then
    echo "generating $data ..."
    python3 scripts/gen_posts.py --count "$POSTS" --seed "$SEED" --out "$data.tmp" && mv "$data.tmp" "$data"
fi
real="$OUT/real_posts_${POSTS}_seed${SEED}.jsonl"
if [[ ! -s "$real" ]]; then
    echo "generating $real ..."
    python3 scripts/gen_real_posts.py --count "$POSTS" --seed "$SEED" --out "$real.tmp" && mv "$real.tmp" "$real"
fi
printf '%s\n' 'Long night in the ED, my patient in room 412 finally went home 🙏 #MedTwitter' > "$OUT/one_flagged.txt"
printf '%s\n' 'Great grand rounds today on sepsis bundles ☕ Thank you all! #MedEd' > "$OUT/one_clean.txt"

median_ms() { # hyperfine JSON export -> median milliseconds
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"
}
peak_rss_mb() { # median peak RSS (MB) of 5 runs of the command
    for _ in 1 2 3 4 5; do
        { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -1
    done | sort -n | sed -n 3p | awk '{printf "%.1f", $1/1024}'
}

# shellcheck disable=SC2086 # EXTRA_ARGS is meant to split into arguments
{
echo "== (a) one short post, whole process"
hyperfine -N -i --warmup 20 --runs 300 --export-json "$OUT/a_flagged.json" "$BIN check $EXTRA_ARGS $OUT/one_flagged.txt"
hyperfine -N -i --warmup 20 --runs 300 --export-json "$OUT/a_clean.json" "$BIN check $EXTRA_ARGS $OUT/one_clean.txt"
a_flagged=$(median_ms "$OUT/a_flagged.json")
a_clean=$(median_ms "$OUT/a_clean.json")
a_rss=$(peak_rss_mb "$BIN" check $EXTRA_ARGS "$OUT/one_flagged.txt")

echo "== (b) $POSTS realistic posts, check --input jsonl --format jsonl"
hyperfine -N -i --warmup 1 --runs 3 --export-json "$OUT/b_real.json" \
    "$BIN check $EXTRA_ARGS --input jsonl --format jsonl $real"
b_real=$(median_ms "$OUT/b_real.json")
echo "== (b) $POSTS templated posts, check --input jsonl --format jsonl"
hyperfine -N -i --warmup 1 --runs 5 --export-json "$OUT/b_all.json" \
    "$BIN check $EXTRA_ARGS --input jsonl --format jsonl $data"
hyperfine -i --warmup 1 --runs 3 --export-json "$OUT/b_one_core.json" \
    "taskset -c 0 $BIN check $EXTRA_ARGS --input jsonl --format jsonl $data"
b_all=$(median_ms "$OUT/b_all.json")
b_one=$(median_ms "$OUT/b_one_core.json")
b_rss=$(peak_rss_mb "$BIN" check $EXTRA_ARGS --input jsonl --format jsonl "$data")
findings=$("$BIN" check $EXTRA_ARGS --input jsonl --format jsonl "$data" | wc -l || true)
}

rate() { python3 -c "import sys; print('%.0f' % ($POSTS / (float(sys.argv[1]) / 1000)))" "$1"; }
verdict() { python3 -c "import sys; print('ok' if float(sys.argv[1]) $2 float(sys.argv[3]) else 'MISSED')" "$1" "$2" "$3"; }

b_rate=$(rate "$b_all")
cat <<SUMMARY

== summary ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $(wc -c < "$data") bytes of posts)
(a) one post, flagged: median ${a_flagged} ms   (target <= 5 ms: $(verdict "$a_flagged" '<=' 5))
(a) one post, clean:   median ${a_clean} ms
(d) one post peak RSS: ${a_rss} MB             (target <= 30 MB: $(verdict "$a_rss" '<=' 30))
(b) $POSTS realistic posts, all cores: median ${b_real} ms = $(rate "$b_real") posts/s   (target >= 100000: $(verdict "$(rate "$b_real")" '>=' 100000))
(b) $POSTS templated posts, all cores: median ${b_all} ms = ${b_rate} posts/s   (target >= 100000: $(verdict "$b_rate" '>=' 100000))
(b) $POSTS templated posts, one core:  median ${b_one} ms = $(rate "$b_one") posts/s
(d) batch peak RSS: ${b_rss} MB
    findings written: ${findings}
SUMMARY

if [[ $run_cargo_bench == 1 ]]; then
    echo "== (c) engine alone: cargo bench"
    cargo bench --bench engine
fi
