//! The `text` format, for people: the post line with the match underlined, severity, rule,
//! message and help, then a summary line. Colour is decided by the caller via `colored`.

use super::{PostResult, Reporter, Summary};
use crate::finding::{Finding, Severity};
use colored::Colorize;
use std::io::{self, Write};

#[derive(Debug, Default)]
pub struct TextReporter;

fn severity_label(s: Severity) -> colored::ColoredString {
    match s {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        Severity::Info => "info".cyan().bold(),
    }
}

/// The location shown before a finding: `path:line:col`, or `path:record N` for JSONL posts.
fn location(post: &PostResult<'_>, f: &Finding) -> String {
    match (post.record, post.id) {
        (Some(r), Some(id)) => {
            format!("{}:{}: post {} ({}), line {}, column {}", post.path, r + 1, id, r, f.line, f.column)
        }
        (Some(r), None) => format!("{}:{}: post {}, line {}, column {}", post.path, r + 1, r, f.line, f.column),
        _ => format!("{}:{}:{}", post.path, f.line, f.column),
    }
}

fn write_finding(out: &mut dyn Write, post: &PostResult<'_>, f: &Finding) -> io::Result<()> {
    writeln!(out, "{}: {}[{}] {}", location(post, f).bold(), severity_label(f.severity), f.rule, f.message)?;
    let line_start = post.text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = post.text[f.span.start..].find('\n').map_or(post.text.len(), |i| f.span.start + i);
    let line_text = &post.text[line_start..line_end];
    let gutter = f.line.to_string();
    let pad = " ".repeat(gutter.len());
    // Width of the underline: characters of the match up to the end of its first line.
    let shown_end = f.span.end.min(line_end);
    let lead = post.text[line_start..f.span.start].chars().count();
    let width = post.text[f.span.start..shown_end].chars().count().max(1);
    writeln!(out, "{pad} {}", "|".blue().bold())?;
    writeln!(out, "{} {} {}", gutter.blue().bold(), "|".blue().bold(), line_text)?;
    writeln!(out, "{pad} {} {}{}", "|".blue().bold(), " ".repeat(lead), "^".repeat(width).red().bold())?;
    writeln!(out, "{pad} {} {} {}", "=".blue().bold(), "help:".bold(), f.help)?;
    writeln!(out)
}

impl Reporter for TextReporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()> {
        for f in post.findings {
            write_finding(out, post, f)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if s.errors + s.warnings + s.infos == 0 {
            return writeln!(out, "{} {} checked, no problems found", "ok:".green().bold(), plural(s.posts, "post"));
        }
        writeln!(
            out,
            "{} {}, {}, {} in {} of {} checked",
            "found:".bold(),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "note"),
            plural(s.posts_flagged, "post"),
            s.posts
        )
    }
}
