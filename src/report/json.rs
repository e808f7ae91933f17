//! `json` (one document) and `jsonl` (one object per finding) formats. The field names
//! are a public contract: path, record, id, rule, category, severity, message, help,
//! start, end, line, column, match.

use super::{PostResult, Reporter, Summary};
use crate::finding::Finding;
use serde_json::{Value, json};
use std::io::{self, Write};

fn finding_json(post: &PostResult<'_>, f: &Finding) -> Value {
    json!({
        "path": post.path,
        "record": post.record,
        "id": post.id,
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity.as_str(),
        "message": f.message,
        "help": f.help,
        "start": f.span.start,
        "end": f.span.end,
        "line": f.line,
        "column": f.column,
        "match": f.matched,
    })
}

fn summary_json(s: &Summary) -> Value {
    json!({
        "posts": s.posts,
        "posts_flagged": s.posts_flagged,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
    })
}

/// One JSON object per finding, one per line; nothing else (easy to stream and grep).
#[derive(Debug, Default)]
pub struct JsonlReporter;

impl Reporter for JsonlReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for f in post.findings {
            serde_json::to_writer(&mut *out, &finding_json(post, f))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// One JSON document: `{"findings": [...], "summary": {...}}`, byte for byte what
/// `serde_json::to_writer_pretty` prints, but streamed finding by finding so memory does not
/// grow with the number of findings.
#[derive(Debug, Default)]
pub struct JsonReporter {
    written: usize,
}

/// Pretty-print `value` with every line after the first indented by `indent`.
pub(super) fn write_indented(out: &mut dyn Write, value: &Value, indent: &str) -> io::Result<()> {
    let pretty = serde_json::to_string_pretty(value)?;
    // JSON strings escape newlines, so every newline here is between tokens.
    out.write_all(pretty.replace('\n', &format!("\n{indent}")).as_bytes())
}

impl Reporter for JsonReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for f in post.findings {
            out.write_all(if self.written == 0 { b"{\n  \"findings\": [\n    " } else { b",\n    " })?;
            write_indented(out, &finding_json(post, f), "    ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"{\n  \"findings\": [],\n" } else { b"\n  ],\n" })?;
        out.write_all(b"  \"summary\": ")?;
        write_indented(out, &summary_json(summary), "  ")?;
        out.write_all(b"\n}\n")
    }
}
