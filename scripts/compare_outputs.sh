#!/usr/bin/env bash
# Are two builds' detection results byte-identical? Runs both binaries with
# `check --input jsonl --format jsonl --show-matches` over the dev corpora, the held-out and
# labelled eval sets, 200,000 generated posts of each generator and one 500 KB post made of the
# realistic ones, and diffs the outputs.
# Use it for every speed change (run by hand, not in CI: it takes minutes).
#
#   scripts/compare_outputs.sh OLD_BINARY NEW_BINARY
#   COUNT=20000 scripts/compare_outputs.sh old new     # fewer generated posts
#
# Exit status 0 when every output is identical, 1 when one differs (the diff's head is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 2 ]] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1 new=$2
COUNT="${COUNT:-200000}"
work=target/compare
mkdir -p "$work"

shopt -s nullglob  # a folder with no labelled set yet (eval/test between sessions) adds nothing
inputs=(/work/shared/corpus/*.jsonl eval/heldout-*.jsonl eval/corpus/*.jsonl eval/test/*.jsonl)
for gen in gen_posts gen_real_posts; do
    data="$work/${gen}_${COUNT}.jsonl"
    if [[ ! -s "$data" ]]; then
        python3 "scripts/$gen.py" --count "$COUNT" --seed 13 --out "$data.tmp" && mv "$data.tmp" "$data"
    fi
    inputs+=("$data")
done
# One long post: the realistic posts joined into 500 KB of text (long posts were quadratic).
long="$work/long_post_500k.txt"
if [[ ! -s "$long" ]]; then
    python3 -c 'import json, sys
text = "\n".join(json.loads(line)["text"] for line in open(sys.argv[1]))
open(sys.argv[2], "w").write(text.encode()[:500000].decode("utf-8", "ignore"))' "$work/gen_real_posts_${COUNT}.jsonl" "$long.tmp"
    mv "$long.tmp" "$long"
fi
inputs+=("$long")

# Outputs are kept by the binary's hash, so a slow baseline runs once, however many
# changes are compared with it.
run() { # binary input -> prefix of its .jsonl/.err outputs
    local key prefix
    key=$(sha256sum "$1" | cut -c1-16)
    prefix="$work/$(basename "$2" .jsonl).$key"
    local mode=jsonl
    [[ $2 == *.txt ]] && mode=text
    if [[ ! -e "$prefix.err" ]]; then
        # Exit status 1 means findings; 2 an input error, which both sides must report alike.
        "$1" check --isolated --input "$mode" --format jsonl --show-matches "$2" >"$prefix.jsonl" 2>"$prefix.err.tmp" || true
        mv "$prefix.err.tmp" "$prefix.err"
    fi
    echo "$prefix"
}

status=0
for input in "${inputs[@]}"; do
    [[ -s "$input" ]] || { echo "missing input: $input" >&2; exit 2; }
    a=$(run "$old" "$input")
    b=$(run "$new" "$input")
    if cmp -s "$a.jsonl" "$b.jsonl" && cmp -s "$a.err" "$b.err"; then
        echo "same       $(wc -l <"$b.jsonl") findings  $input"
    else
        echo "DIFFERENT  $input"
        diff "$a.jsonl" "$b.jsonl" | head -20 || true
        diff "$a.err" "$b.err" | head -5 || true
        status=1
    fi
done
exit $status
