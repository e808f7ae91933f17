#!/usr/bin/env bash
# Where a one-post run's start-up goes, in instructions (callgrind): unlike wall time, these
# counts do not move when other work shares the machine, so before/after comparisons hold.
# Needs valgrind (Debian: apt-get install valgrind).
#
#   scripts/bench_startup.sh                          # built-in packs
#   scripts/bench_startup.sh --rules benches/packs    # plus extra packs (user-pack path)
#   BIN=/path/to/other/postlint scripts/bench_startup.sh   # compare another build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench_startup.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }
if [[ -z "${BIN:-}" ]]; then
    cargo build --release --quiet
    BIN=target/release/postlint
fi
mkdir -p target/bench
post=target/bench/one_flagged.txt
printf '%s\n' 'Long night in the ED, my patient in room 412 finally went home 🙏 #MedTwitter' > "$post"
out=target/bench/startup.callgrind
valgrind --tool=callgrind --callgrind-out-file="$out" "$BIN" check "$@" "$post" >/dev/null 2>target/bench/startup.valgrind.log || true
total=$(grep -oE 'refs: +[0-9,]+' target/bench/startup.valgrind.log | tr -dc '0-9')
echo "instructions, whole process: $(printf "%'d" "$total")"
echo "inclusive instructions by stage:"
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | grep -E \
    'postlint::(engine_or_report|pack::raw::parse|pack::raw::Ctx::check_regex|engine::Engine::new|engine::terms::TermMatcher::new|engine::prefilter::Prefilter::new|batch::check_all|engine::Engine::check_inner) |regex_syntax::parser::Parser::parse |regex_automata::meta::regex::Builder::build |clap_builder::parser::parser::Parser::get_matches_with ' \
    | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://'
