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
    assert_eq!(s, Summary { posts: 3, posts_flagged: 2, errors: 1, warnings: 1, infos: 1, failed: 0 });
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
fn a_finding_has_one_pinned_json_shape() {
    // Keys in alphabetical order (the order of the serde_json map this format was first
    // printed from), `null` for a missing id and record, strings escaped as serde_json does.
    let mut f = finding(Severity::Warning);
    f.message = "say \"no\" \\ 😀\u{1}\u{7f}\u{2028}\n".into();
    f.matched = "J*** S****".into();
    f.span = Span::new(4, 14);
    f.line = 2;
    f.column = 3;
    let plain = PostResult { path: "a.txt", record: None, id: None, text: "", findings: &[], fingerprints: &[] };
    let want = concat!(
        r#"{"category":"t","column":3,"end":14,"help":"h","id":null,"line":2,"match":"J*** S****","#,
        r#""message":"say \"no\" \\ 😀\u0001"#,
        "\u{7f}\u{2028}",
        r#"\n","path":"a.txt","record":null,"rule":"t.x","severity":"warning","start":4}"#
    );
    assert_eq!(serde_json::to_string(&json::FindingJson::new(&plain, &f)).unwrap(), want);
    let jsonl = PostResult { path: "p.jsonl", record: Some(0), id: Some("i\"d"), ..plain };
    let line = serde_json::to_string(&json::FindingJson::new(&jsonl, &f)).unwrap();
    assert!(line.contains(r#","id":"i\"d","#) && line.contains(r#","record":0,"#), "{line}");
}

#[test]
fn json_and_jsonl_print_the_same_finding_objects() {
    let findings = [finding(Severity::Error), finding(Severity::Info)];
    let post = PostResult { path: "p", record: Some(7), id: None, text: "x", findings: &findings, fingerprints: &[] };
    let mut lines = Vec::new();
    JsonlReporter.post(&mut lines, &post).unwrap();
    let mut doc = Vec::new();
    let mut r = JsonReporter::default();
    r.post(&mut doc, &post).unwrap();
    r.finish(&mut doc, &Summary::default()).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&doc).unwrap();
    let from_lines: Vec<serde_json::Value> =
        String::from_utf8(lines).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(doc["findings"].as_array().unwrap(), &from_lines);
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
    // Emoji and CJK take two cells, a combining accent none: carets count cells.
    for (line, want) in [
        ("🏥 darn 🚑", "  |    ^^^^\n"),
        ("病院 darn", "  |      ^^^^\n"),
        ("cafe\u{301} darn", "  |      ^^^^\n"),
        ("x 病院 y", "  |   ^^^^\n"),
    ] {
        let needle = if line.contains("darn") { "darn" } else { "病院" };
        let start = line.find(needle).unwrap();
        f.span = Span::new(start, start + needle.len());
        let post = PostResult {
            path: "p",
            record: None,
            id: None,
            text: line,
            findings: std::slice::from_ref(&f),
            fingerprints: &[],
        };
        let mut out = Vec::new();
        TextReporter.post(&mut out, &post).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("1 | {line}\n{want}")), "{line}: {text}");
    }
}

#[test]
fn text_summary_says_info_not_infos() {
    colored::control::set_override(false);
    let mut out = Vec::new();
    let s = Summary { posts: 2, posts_flagged: 1, errors: 0, warnings: 1, infos: 3, failed: 0 };
    TextReporter.finish(&mut out, &s).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "found: 0 errors, 1 warning, 3 info in 1 post of 2 checked\n");
}

#[test]
fn streamed_json_is_the_pretty_printed_document() {
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
            if i == 1 {
                r.problem(&mut out, &problem()).unwrap();
            }
        }
        r.finish(&mut out, &summary).unwrap();
        let text = String::from_utf8(out).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Keys in the order findings, errors, summary (errors are only known at the end);
        // otherwise exactly what serde_json pretty-prints.
        assert_eq!(text, pretty_in_order(&doc, &["findings", "errors", "summary"], "") + "\n", "{posts} posts");
        assert_eq!(doc["findings"].as_array().unwrap().len(), 2 * (0..posts).filter(|&i| i != 1).count());
        let errors = if posts > 1 { vec![json_problem()] } else { vec![] };
        assert_eq!(doc["errors"], serde_json::Value::Array(errors));
    }
}

#[test]
fn streamed_sarif_is_the_pretty_printed_log() {
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
            if i == 1 {
                r.problem(&mut out, &problem()).unwrap();
            }
        }
        r.finish(&mut out, &Summary::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let log: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut sorted = log.clone();
        // The run's keys: `invocations` after `results` (known only at the end).
        let run = sorted["runs"][0].as_object_mut().unwrap();
        let invocations = run.remove("invocations").unwrap();
        let run_text = pretty_in_order(&sorted["runs"][0], &["columnKind", "results"], "    ");
        let invocations_text = indent(&serde_json::to_string_pretty(&invocations).unwrap(), "      ");
        let run_text = run_text.replacen(
            ",\n      \"tool\": ",
            &format!(",\n      \"invocations\": {invocations_text},\n      \"tool\": "),
            1,
        );
        assert!(text.contains(&run_text), "{posts} posts:\n{text}\nwant run:\n{run_text}");
        let invocation = &log["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], posts <= 1, "{posts} posts");
        if posts > 1 {
            let note = &invocation["toolExecutionNotifications"][0];
            assert_eq!(note["message"]["text"], "not valid UTF-8");
            assert_eq!(note["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
        }
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2 * (0..posts).filter(|&i| i != 1).count());
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][0]["id"], "t.x");
    }
}

fn problem() -> Problem {
    Problem { path: "bad.md".into(), line: Some(3), column: Some(2), message: "not valid UTF-8".into() }
}

fn json_problem() -> serde_json::Value {
    serde_json::json!({ "column": 2, "line": 3, "message": "not valid UTF-8", "path": "bad.md" })
}

fn indent(text: &str, by: &str) -> String {
    text.replace('\n', &format!("\n{by}"))
}

/// `value` (an object) pretty-printed as serde_json would, but with `first` keys first in that
/// order and the rest sorted; `by` is the indentation of the object's own braces.
fn pretty_in_order(value: &serde_json::Value, first: &[&str], by: &str) -> String {
    let map = value.as_object().unwrap();
    let mut rest: Vec<&str> = map.keys().map(String::as_str).filter(|k| !first.contains(k)).collect();
    rest.sort_unstable();
    let inner = format!("{by}  ");
    let fields: Vec<String> = first
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .chain(rest)
        .map(|k| {
            let v = indent(&serde_json::to_string_pretty(&map[k]).unwrap(), &inner);
            format!("{inner}{}: {v}", serde_json::to_string(k).unwrap())
        })
        .collect();
    format!("{{\n{}\n{by}}}", fields.join(",\n"))
}
