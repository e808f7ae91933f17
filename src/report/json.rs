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

/// One JSON document: `{"findings": [...], "summary": {...}}`.
#[derive(Debug, Default)]
pub struct JsonReporter {
    findings: Vec<Value>,
}

impl Reporter for JsonReporter {
    fn post(&mut self, _out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        self.findings.extend(post.findings.iter().map(|f| finding_json(post, f)));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let doc = json!({ "findings": std::mem::take(&mut self.findings), "summary": summary_json(summary) });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")
    }
}
