//! Engine benchmarks (run by hand: `cargo bench`): start-up pieces, the engine alone on
//! in-memory posts, and a single aho-corasick pass over the same posts with every term of
//! every pack, as the floor the engine is compared with.

// A bench prints its figures and may unwrap (Cargo.toml's [lints] deny both in the library).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use postlint::Engine;
use postlint::pack::{self, Pack};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::hint::black_box;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The allocator the `postlint` binary ships with (see src/main.rs), so the engine is measured
/// as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Posts generated once per run by the repo's generator (fixed seed).
const POSTS: usize = 20_000;
const SEED: u64 = 7;

fn posts() -> &'static [String] {
    static POSTS_CELL: OnceLock<Vec<String>> = OnceLock::new();
    POSTS_CELL.get_or_init(|| {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/gen_posts.py");
        let out = Command::new("python3")
            .args([script, "--count", &POSTS.to_string(), "--seed", &SEED.to_string()])
            .output()
            .expect("python3 scripts/gen_posts.py runs");
        assert!(out.status.success(), "gen_posts.py failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout)
            .expect("generator writes UTF-8")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("generator writes JSON");
                v["text"].as_str().expect("text field").to_string()
            })
            .collect()
    })
}

/// The posts that do (or do not) contain non-ASCII text.
fn split(non_ascii: bool) -> Vec<String> {
    posts().iter().filter(|p| p.is_ascii() != non_ascii).cloned().collect()
}

fn total_bytes() -> usize {
    posts().iter().map(String::len).sum()
}

/// Built-in packs, plus the packs at `$BENCH_RULES` if set (e.g. `benches/packs`, a
/// synthetic stress pack, to see how costs scale as packs grow).
fn packs() -> Vec<Pack> {
    let mut packs = pack::builtin::builtin_packs().expect("built-in packs load");
    if let Some(extra) = std::env::var_os("BENCH_RULES") {
        packs.extend(pack::load_path(extra.as_ref()).expect("BENCH_RULES packs load"));
    }
    pack::merge(packs).expect("packs merge")
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&packs()).expect("built-in packs compile"))
}

/// Every term of every pack (rule terms, rule allow terms, allow lists).
fn all_terms(packs: &[Pack]) -> Vec<String> {
    let mut terms = Vec::new();
    for p in packs {
        for r in &p.rules {
            terms.extend(r.terms().iter().cloned());
            terms.extend(r.allow.terms.iter().cloned());
        }
        for a in &p.allows {
            terms.extend(a.matcher.terms.iter().cloned());
        }
    }
    terms
}

/// Every pattern of every pack, as the engine compiles it.
fn all_patterns(packs: &[Pack]) -> Vec<String> {
    let mut pats = Vec::new();
    for p in packs {
        for r in &p.rules {
            let flag = if r.case_sensitive { "" } else { "(?i)" };
            pats.extend(r.pattern().into_iter().chain(&r.allow.patterns).map(|x| format!("{flag}{}", x.value)));
        }
        for a in &p.allows {
            pats.extend(a.matcher.patterns.iter().map(|x| format!("(?i){}", x.value)));
        }
    }
    pats
}

fn automaton() -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(all_terms(&packs()))
        .expect("terms compile")
}

fn ac_pass(ac: &AhoCorasick, posts: &[String]) -> usize {
    posts.iter().map(|p| ac.find_overlapping_iter(p.as_str()).count()).sum()
}

fn engine_pass(engine: &Engine, posts: &[String]) -> usize {
    posts.iter().map(|p| engine.check(p).len()).sum()
}

mod startup {
    use super::*;

    #[divan::bench]
    fn parse_builtin_packs() -> Vec<Pack> {
        pack::builtin::builtin_packs().expect("built-in packs load")
    }

    /// All packs (built-in and `$BENCH_RULES`) compiled into an engine.
    #[divan::bench]
    fn engine_new(b: Bencher) {
        let packs = packs();
        b.bench(|| Engine::new(black_box(&packs)).expect("compiles"));
    }

    #[divan::bench]
    fn aho_corasick_build(b: Bencher) {
        let terms = all_terms(&packs());
        b.bench(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(black_box(&terms))
                .expect("compiles")
        });
    }

    /// For comparison: one exact regex set of all patterns (what the engine used to build).
    #[divan::bench]
    fn exact_regex_set_build(b: Bencher) {
        let pats = all_patterns(&packs());
        b.bench(|| -> RegexSet { RegexSetBuilder::new(black_box(&pats)).build().expect("compiles") });
    }

    /// For comparison: every pattern compiled alone (the engine now does this lazily).
    #[divan::bench]
    fn regexes_each_build(b: Bencher) {
        let pats = all_patterns(&packs());
        b.bench(|| -> Vec<Regex> {
            pats.iter().map(|p| RegexBuilder::new(black_box(p)).build().expect("compiles")).collect()
        });
    }
}

mod throughput {
    use super::*;

    #[divan::bench]
    fn engine_check(b: Bencher) {
        let (engine, posts) = (engine(), posts());
        b.counter(ItemsCount::new(posts.len()))
            .counter(BytesCount::new(total_bytes()))
            .bench(|| engine_pass(engine, black_box(posts)));
    }

    /// Posts with and without non-ASCII text (emoji, accents): a Unicode `\b` in an exact
    /// regex set makes its lazy DFA give up on the former.
    #[divan::bench(args = [true, false])]
    fn engine_check_non_ascii(b: Bencher, non_ascii: bool) {
        let posts = split(non_ascii);
        let bytes: usize = posts.iter().map(String::len).sum();
        b.counter(ItemsCount::new(posts.len()))
            .counter(BytesCount::new(bytes))
            .bench(|| engine_pass(engine(), black_box(&posts)));
    }

    /// For comparison: the exact regex set of all patterns (what the engine used to run).
    #[divan::bench(args = [true, false])]
    fn exact_regex_set_non_ascii(b: Bencher, non_ascii: bool) {
        let posts = split(non_ascii);
        let set = RegexSetBuilder::new(all_patterns(&packs())).build().expect("compiles");
        b.counter(ItemsCount::new(posts.len()))
            .bench(|| posts.iter().map(|p| set.matches(p).iter().count()).sum::<usize>());
    }

    #[divan::bench]
    fn single_aho_corasick_pass(b: Bencher) {
        let (ac, posts) = (automaton(), posts());
        b.counter(ItemsCount::new(posts.len()))
            .counter(BytesCount::new(total_bytes()))
            .bench(|| ac_pass(&ac, black_box(posts)));
    }
}

/// Median wall time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    divan::main();
    // The target, measured in this same run: full engine within 5x of one AC pass.
    let (engine, posts, ac) = (engine(), posts(), automaton());
    let full = median(15, || engine_pass(engine, posts));
    let floor = median(15, || ac_pass(&ac, posts));
    let per_post = |d: Duration| d.as_secs_f64() * 1e9 / posts.len() as f64;
    println!(
        "\nratio full-engine / single-AC-pass: {:.2}x  (engine {:.0} ns/post, AC pass {:.0} ns/post, {} posts, {:.1} MB)",
        full.as_secs_f64() / floor.as_secs_f64(),
        per_post(full),
        per_post(floor),
        posts.len(),
        total_bytes() as f64 / 1e6,
    );
}
