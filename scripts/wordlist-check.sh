#!/usr/bin/env bash
# Run every word of a word list through postlint (one word per post) and list the words
# that get a warning or error in the profanity, alcohol or sexual categories.
#
#   scripts/wordlist-check.sh [WORDLIST] [POSTLINT]
#
# Default list: Debian's wamerican-large (apt-get install wamerican-large).
# Prints the flagged words (word, category, rule) and a summary line; exits 1 when the
# flagged share reaches 0.15 % of the list.
set -euo pipefail
list="${1:-/usr/share/dict/american-english-large}"
bin="${2:-target/release/postlint}"
[ -r "$list" ] || { echo "wordlist-check: cannot read $list (apt-get install wamerican-large)" >&2; exit 2; }
[ -x "$bin" ] || { echo "wordlist-check: no postlint binary at $bin (cargo build --release)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$list" "$tmp/words.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8", errors="replace") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        word = line.rstrip("\n")
        if word:
            out.write(json.dumps({"text": word}) + "\n")
PY
set +e
"$bin" check --input jsonl --format jsonl "$tmp/words.jsonl" > "$tmp/findings.jsonl"
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "wordlist-check: postlint exited $rc" >&2; exit 2; }
python3 - "$tmp/words.jsonl" "$tmp/findings.jsonl" <<'PY'
import json, sys
words = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
flagged = {}
for line in open(sys.argv[2], encoding="utf-8"):
    f = json.loads(line)
    if "record" not in f or f.get("severity") not in ("warning", "error"):
        continue
    if f.get("category") not in ("profanity", "alcohol", "sexual"):
        continue
    flagged.setdefault(f["record"], set()).add(f"{f['category']}:{f['rule']}")
for rec in sorted(flagged):
    print(f"{words[rec]}\t{' '.join(sorted(flagged[rec]))}")
share = len(flagged) / len(words)
print(f"flagged {len(flagged)} of {len(words)} words = {share:.4%} (limit 0.15%)")
sys.exit(0 if share < 0.0015 else 1)
PY
