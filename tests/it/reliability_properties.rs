//! Properties of checking any text with the built-in packs: spans on char boundaries inside
//! the text with `match` equal to the text there, findings in position order, and the same
//! output (same order) every time, also from a separately built engine.

use crate::common::engine;
use postlint::finding::line_column;
use postlint::pack::builtin::builtin_packs;
use postlint::{Engine, Finding};
use proptest::prelude::*;
use std::sync::LazyLock;

/// A second engine, built apart from the shared one: its hash maps have other seeds, so
/// output must not depend on them.
static OTHER: LazyLock<Engine> = LazyLock::new(|| Engine::builtin().expect("built-in packs load"));

/// Every example text of every built-in rule and allow list: pieces that make findings.
static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces: Vec<String> = Vec::new();
    for pack in builtin_packs().unwrap() {
        for rule in &pack.rules {
            pieces.extend(rule.examples.flag.iter().chain(&rule.examples.pass).cloned());
            pieces.extend(rule.terms().iter().cloned());
        }
        for allow in &pack.allows {
            pieces.extend(allow.examples_pass.iter().cloned());
        }
    }
    pieces
});

/// Text built from rule examples and terms glued with random Unicode, including letters
/// right next to matches, combining marks, emoji and newlines.
fn post() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => (0..PIECES.len()).prop_map(|i| PIECES[i].clone()),
        1 => "\\PC{0,12}",
        1 => prop::sample::select(vec![" ", "\n", "é", "\u{301}", "🎉", "ß", "İ", "\r\n", "'", "’", "-", "0"])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

fn assert_well_formed(text: &str, findings: &[Finding]) {
    for f in findings {
        let (s, e) = (f.span.start, f.span.end);
        assert!(s < e && e <= text.len(), "{} span {s}..{e} outside text of {} bytes", f.rule, text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{} span {s}..{e} splits a char", f.rule);
        assert_eq!(f.matched, &text[s..e], "{}", f.rule);
        assert_eq!((f.line, f.column), line_column(text, s), "{}", f.rule);
    }
    assert!(
        findings
            .windows(2)
            .all(|w| (w[0].span.start, w[0].span.end, &w[0].rule) <= (w[1].span.start, w[1].span.end, &w[1].rule)),
        "findings come in position order"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_char_boundaries_and_match_is_the_text_there(text in post()) {
        assert_well_formed(&text, &engine().check(&text));
        assert_well_formed(&text, &engine().check_with_signals(&text));
    }

    #[test]
    fn arbitrary_unicode_never_breaks_the_engine(text in "\\PC{0,200}") {
        assert_well_formed(&text, &engine().check(&text));
    }

    #[test]
    fn checking_is_deterministic(text in post()) {
        let first = engine().check(&text);
        prop_assert_eq!(&first, &engine().check(&text));
        prop_assert_eq!(&first, &OTHER.check(&text));
    }
}

#[test]
fn some_generated_posts_have_findings() {
    // Guards the properties above against vacuity: the examples do produce findings.
    let flagged = PIECES.iter().filter(|p| !engine().check(p).is_empty()).count();
    assert!(flagged > 20, "only {flagged} pieces produce findings");
}

#[test]
fn the_binary_prints_the_same_bytes_every_run() {
    // 200 pieces spread over every pack: one post, so a whole-post frame in one pack's
    // examples (a recovery post clears the alcohol rules) cannot empty the output.
    let step = (PIECES.len() / 200).max(1);
    let text: String = PIECES.iter().step_by(step).take(200).map(|p| format!("{p}\n")).collect();
    let run = |format: &str| {
        assert_cmd::Command::cargo_bin("postlint")
            .unwrap()
            .args(["check", "--color", "never", "--format", format])
            .write_stdin(text.clone())
            .output()
            .unwrap()
            .stdout
    };
    for format in ["text", "json", "jsonl"] {
        let first = run(format);
        assert!(!first.is_empty());
        assert_eq!(first, run(format), "{format}");
    }
}
