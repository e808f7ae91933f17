//! The `github` format: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,endColumn=…,title=…::…`), then a plain summary line.

use super::{PostResult, Problem, Reporter, Summary};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

#[derive(Debug, Default)]
pub struct GithubReporter;

/// Escape the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`, which separate properties).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(post: &PostResult<'_>, f: &Finding) -> String {
    let file = escape_property(post.path.trim_start_matches("./"));
    let title = escape_property(&format!("postlint {}", f.rule));
    match post.record {
        Some(record) => {
            let which = post.id.map_or_else(|| format!("record {record}"), |id| format!("post {id}"));
            let message = format!("{which}, line {}, column {}: {} {}", f.line, f.column, f.message, f.help);
            format!(
                "::{} file={file},line={},title={title}::{}",
                command(f.severity),
                record + 1,
                escape_data(&message)
            )
        }
        None => {
            let (end_line, end_column) = f.end_line_column(post.text);
            let end =
                if end_line == f.line { format!("endColumn={end_column}") } else { format!("endLine={end_line}") };
            format!(
                "::{} file={file},line={},col={},{end},title={title}::{}",
                command(f.severity),
                f.line,
                f.column,
                escape_data(&format!("{} {}", f.message, f.help))
            )
        }
    }
}

impl Reporter for GithubReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for f in post.findings {
            writeln!(out, "{}", annotation(post, f))?;
        }
        Ok(())
    }

    fn problem(&mut self, out: &mut dyn Write, p: &Problem) -> io::Result<()> {
        let mut place = format!("file={}", escape_property(p.path.trim_start_matches("./")));
        if let Some(line) = p.line {
            place.push_str(&format!(",line={line}"));
            if let Some(col) = p.column {
                place.push_str(&format!(",col={col}"));
            }
        }
        let title = escape_property("postlint: input not checked");
        writeln!(out, "::error {place},title={title}::{}", escape_data(&p.message))
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let failed = if s.failed > 0 { format!("; {} inputs could not be checked", s.failed) } else { String::new() };
        writeln!(
            out,
            "postlint: {} errors, {} warnings, {} info in {} of {} posts{failed}",
            s.errors, s.warnings, s.infos, s.posts_flagged, s.posts
        )
    }
}
