//! The `sarif` format: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
//! Rules go in `tool.driver.rules`; each finding is a result with a region and a stable
//! `partialFingerprints` entry (the same fingerprint the baseline uses).

use super::json::write_indented;
use super::{PostResult, Problem, Reporter, RuleInfo, Summary};
use crate::finding::{Finding, Severity};
use serde_json::{Value, json};
use std::io::{self, Write};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const FINGERPRINT_KEY: &str = "postlint/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, no leading `./`, unsafe bytes escaped.
pub(crate) fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') { format!("file://{out}") } else { out }
}

/// Streams results as they come (memory does not grow with the number of findings); the
/// output is formatted as `serde_json::to_writer_pretty` would, keys sorted except that a
/// run's `invocations` (whether every input could be read, known only at the end) come after
/// its `results`. This writes the log up to its first result.
fn write_head(out: &mut dyn Write, no_results: bool) -> io::Result<()> {
    write!(
        out,
        "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": {}",
        Value::from(SCHEMA),
        if no_results { "[],\n" } else { "[\n        " }
    )
}

#[derive(Debug)]
pub struct SarifReporter {
    rules: Vec<RuleInfo>,
    written: usize,
    /// Inputs that could not be checked: `toolExecutionNotifications` of a failed invocation.
    notifications: Vec<Value>,
}

impl SarifReporter {
    /// `rules`: every rule that can be reported, in the order shown in the log.
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        SarifReporter { rules, written: 0, notifications: Vec::new() }
    }

    fn result(&self, post: &PostResult<'_>, f: &Finding, fingerprint: Option<&String>) -> Value {
        let region = match post.record {
            // A JSONL post is one physical line of the file; the position inside the post goes
            // in the message.
            Some(record) => json!({ "startLine": record + 1 }),
            None => {
                let (end_line, end_column) = f.end_line_column(post.text);
                json!({
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": end_line,
                    "endColumn": end_column,
                })
            }
        };
        let mut text = format!("{} {}", f.message, f.help);
        if let Some(record) = post.record {
            let which = post.id.map_or_else(|| format!("record {record}"), |id| format!("post {id}"));
            text = format!("{which}, line {}, column {}: {text}", f.line, f.column);
        }
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": { "text": text },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(post.path) },
                    "region": region,
                }
            }],
            "properties": { "category": f.category },
        });
        if let Some(index) = self.rules.iter().position(|r| r.id == f.rule) {
            result["ruleIndex"] = json!(index);
        }
        if let Some(fp) = fingerprint {
            result["partialFingerprints"] = json!({ FINGERPRINT_KEY: fp });
        }
        result
    }
}

impl Reporter for SarifReporter {
    fn problem(&mut self, _out: &mut dyn Write, p: &Problem) -> io::Result<()> {
        let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri(&p.path) } } });
        if let Some(line) = p.line {
            let mut region = json!({ "startLine": line });
            if let Some(column) = p.column {
                region["startColumn"] = json!(column);
            }
            location["physicalLocation"]["region"] = region;
        }
        self.notifications.push(json!({
            "level": "error",
            "message": { "text": p.message },
            "locations": [location],
        }));
        Ok(())
    }

    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for (i, f) in post.findings.iter().enumerate() {
            if self.written == 0 {
                write_head(out, false)?;
            } else {
                out.write_all(b",\n        ")?;
            }
            write_indented(out, &self.result(post, f, post.fingerprints.get(i)), "        ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                let full = if r.description.is_empty() { &r.message } else { &r.description };
                json!({
                    "id": r.id,
                    "shortDescription": { "text": r.message },
                    "fullDescription": { "text": full },
                    "help": { "text": r.help },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "category": r.category },
                })
            })
            .collect();
        let tool = json!({
            "driver": {
                "name": "postlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        });
        if self.written == 0 {
            write_head(out, true)?;
        } else {
            out.write_all(b"\n      ],\n")?;
        }
        // Whether every input was checked: a log with no results is not a clean run when
        // inputs could not be read.
        let invocations = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": self.notifications,
        }]);
        out.write_all(b"      \"invocations\": ")?;
        write_indented(out, &invocations, "      ")?;
        out.write_all(b",\n      \"tool\": ")?;
        write_indented(out, &tool, "      ")?;
        out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")
    }
}
