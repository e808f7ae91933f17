use super::*;
use crate::finding::{Finding, Severity, Span};

fn finding(severity: Severity) -> Finding {
    Finding {
        rule: "t.x".into(),
        category: "t".into(),
        severity,
        message: "m".into(),
        help: "h".into(),
        span: Span::new(0, 1),
        line: 1,
        column: 1,
        matched: "x".into(),
    }
}

#[test]
fn summary_counts_posts_and_severities() {
    let mut s = Summary::default();
    s.add(&[finding(Severity::Error), finding(Severity::Info)]);
    s.add(&[]);
    s.add(&[finding(Severity::Warning)]);
    assert_eq!(s, Summary { posts: 3, posts_flagged: 2, errors: 1, warnings: 1, infos: 1 });
}

#[test]
fn jsonl_prints_one_object_per_finding_and_no_summary() {
    let findings = [finding(Severity::Error), finding(Severity::Warning)];
    let post =
        PostResult { path: "p", record: Some(3), id: Some("a"), text: "x", findings: &findings, fingerprints: &[] };
    let mut out = Vec::new();
    let mut r = JsonlReporter;
    r.post(&mut out, &post).unwrap();
    r.finish(&mut out, &Summary::default()).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.starts_with("{\"category\":\"t\""), "{text}");
}

#[test]
fn text_excerpt_clips_long_lines_around_the_match() {
    colored::control::set_override(false);
    let long = format!("{}darn{}\nnext", "é".repeat(5000), "x".repeat(5000));
    let start = long.find("darn").unwrap();
    let mut f = finding(Severity::Warning);
    f.span = Span::new(start, start + 4);
    let post = PostResult {
        path: "p",
        record: None,
        id: None,
        text: &long,
        findings: std::slice::from_ref(&f),
        fingerprints: &[],
    };
    let mut out = Vec::new();
    TextReporter.post(&mut out, &post).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let want_line = format!("1 | …{}darn{}…", "é".repeat(60), "x".repeat(60));
    assert_eq!(lines[2], want_line, "{text}");
    assert_eq!(lines[3], format!("  | {}^^^^", " ".repeat(61)));
    // A short line is shown whole.
    let short = "a darn b";
    f.span = Span::new(2, 6);
    let post = PostResult {
        path: "p",
        record: None,
        id: None,
        text: short,
        findings: std::slice::from_ref(&f),
        fingerprints: &[],
    };
    let mut out = Vec::new();
    TextReporter.post(&mut out, &post).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("1 | a darn b\n  |   ^^^^\n"), "{text}");
}

#[test]
fn streamed_json_is_exactly_the_pretty_printed_document() {
    for posts in [0, 1, 3] {
        let findings = [finding(Severity::Error), finding(Severity::Warning)];
        let mut r = JsonReporter::default();
        let mut out = Vec::new();
        let mut summary = Summary::default();
        for i in 0..posts {
            let shown = if i == 1 { &findings[..0] } else { &findings[..] };
            let post =
                PostResult { path: "p\n\"q\"", record: None, id: None, text: "x", findings: shown, fingerprints: &[] };
            r.post(&mut out, &post).unwrap();
            summary.add(shown);
        }
        r.finish(&mut out, &summary).unwrap();
        let text = String::from_utf8(out).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&doc).unwrap() + "\n", "{posts} posts");
        assert_eq!(doc["findings"].as_array().unwrap().len(), 2 * (0..posts).filter(|&i| i != 1).count());
    }
}

#[test]
fn streamed_sarif_is_exactly_the_pretty_printed_log() {
    let rule = RuleInfo {
        id: "t.x".into(),
        category: "t".into(),
        severity: Severity::Error,
        message: "m".into(),
        description: String::new(),
        help: "h".into(),
    };
    for posts in [0, 1, 3] {
        let findings = [finding(Severity::Error), finding(Severity::Warning)];
        let mut r = SarifReporter::new(vec![rule.clone()]);
        let mut out = Vec::new();
        for i in 0..posts {
            let shown = if i == 1 { &findings[..0] } else { &findings[..] };
            let post =
                PostResult { path: "a b.md", record: None, id: None, text: "x", findings: shown, fingerprints: &[] };
            r.post(&mut out, &post).unwrap();
        }
        r.finish(&mut out, &Summary::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let log: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&log).unwrap() + "\n", "{posts} posts");
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2 * (0..posts).filter(|&i| i != 1).count());
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][0]["id"], "t.x");
    }
}
