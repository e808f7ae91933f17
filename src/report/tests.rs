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
