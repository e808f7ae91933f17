//! `json` (one document) and `jsonl` (one object per finding) formats, and the one definition
//! of a finding's JSON shape they share. The field names are a public contract: path, record,
//! id, rule, category, severity, message, help, start, end, line, column, match.

use super::{PostResult, Problem, Reporter, Summary};
use crate::finding::Finding;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};

/// One finding as `json` and `jsonl` print it. Serialised straight from borrowed fields (a
/// `Value` map per finding cost about three times as many instructions on the output thread,
/// which writes every finding of a batch run). Fields are
/// declared in alphabetical order because the output was a sorted `serde_json` map before, and
/// consumers may depend on the bytes; the unit tests pin the order and the nulls.
#[derive(Debug, Serialize)]
pub(super) struct FindingJson<'a> {
    category: &'a str,
    column: usize,
    end: usize,
    help: &'a str,
    /// `null` when the post had no id (plain-text input or a JSONL line without one).
    id: Option<&'a str>,
    line: usize,
    /// Already masked by the caller unless the user asked to see matches.
    #[serde(rename = "match")]
    matched: &'a str,
    message: &'a str,
    path: &'a str,
    /// `null` for plain-text input.
    record: Option<usize>,
    rule: &'a str,
    severity: &'static str,
    start: usize,
}

impl<'a> FindingJson<'a> {
    pub(super) fn new(post: &PostResult<'a>, f: &'a Finding) -> Self {
        FindingJson {
            category: &f.category,
            column: f.column,
            end: f.span.end,
            help: &f.help,
            id: post.id,
            line: f.line,
            matched: &f.matched,
            message: &f.message,
            path: post.path,
            record: post.record,
            rule: &f.rule,
            severity: f.severity.as_str(),
            start: f.span.start,
        }
    }
}

/// One finding in the shape of the `json` and `jsonl` formats, for callers outside a report
/// (the server's API answers with the same fields).
pub fn finding_value(path: &str, id: Option<&str>, f: &Finding) -> Value {
    let post = PostResult { path, record: None, id, text: "", findings: &[], fingerprints: &[] };
    serde_json::to_value(FindingJson::new(&post, f)).unwrap_or(Value::Null)
}

fn summary_json(s: &Summary) -> Value {
    json!({
        "posts": s.posts,
        "posts_flagged": s.posts_flagged,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
        "failed": s.failed,
    })
}

/// An input that could not be checked, as `json` lists it under `errors`.
pub(super) fn problem_json(p: &Problem) -> Value {
    json!({ "path": p.path, "line": p.line, "column": p.column, "message": p.message })
}

/// One JSON object per finding, one per line; nothing else (easy to stream and grep).
#[derive(Debug, Default)]
pub struct JsonlReporter;

impl Reporter for JsonlReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        // Serialised into a buffer, written once: serde_json writes a finding in ~50 small
        // pieces, each a dynamic call when made on `out`.
        let mut buf = Vec::with_capacity(512 * post.findings.len());
        for f in post.findings {
            serde_json::to_writer(&mut buf, &FindingJson::new(post, f))?;
            buf.push(b'\n');
        }
        out.write_all(&buf)
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// One JSON document: `{"findings": [...], "errors": [...], "summary": {...}}`, where
/// `errors` lists the inputs that could not be checked (`path`, `line`, `column`, `message`).
/// Formatted as `serde_json::to_writer_pretty` would (keys in that order: errors are only known
/// at the end), but streamed finding by finding so memory does not grow with their number.
#[derive(Debug, Default)]
pub struct JsonReporter {
    written: usize,
    /// Inputs that could not be checked, listed after the findings.
    problems: Vec<Value>,
}

/// Pretty-print `value` with every line after the first indented by `indent`.
pub(super) fn write_indented<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T, indent: &str) -> io::Result<()> {
    let mut pretty = Vec::with_capacity(1024);
    serde_json::to_writer_pretty(&mut pretty, value)?;
    // JSON strings escape newlines, so every newline here is between tokens. Assembled, then
    // written once: `out` is a dynamic writer and each call on it costs.
    let mut indented = Vec::with_capacity(pretty.len() + 32 * indent.len());
    for (i, line) in pretty.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            indented.push(b'\n');
            indented.extend_from_slice(indent.as_bytes());
        }
        indented.extend_from_slice(line);
    }
    out.write_all(&indented)
}

impl Reporter for JsonReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for f in post.findings {
            out.write_all(if self.written == 0 { b"{\n  \"findings\": [\n    " } else { b",\n    " })?;
            write_indented(out, &FindingJson::new(post, f), "    ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn problem(&mut self, _out: &mut dyn Write, problem: &Problem) -> io::Result<()> {
        self.problems.push(problem_json(problem));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"{\n  \"findings\": [],\n" } else { b"\n  ],\n" })?;
        out.write_all(b"  \"errors\": ")?;
        write_indented(out, &self.problems, "  ")?;
        out.write_all(b",\n  \"summary\": ")?;
        write_indented(out, &summary_json(summary), "  ")?;
        out.write_all(b"\n}\n")
    }
}
