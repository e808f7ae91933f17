//! The `text` format, for people: the post line with the match underlined, severity, rule,
//! message and help, then a summary line. Colour is decided by the caller via `colored`.

use super::{PostResult, Reporter, Summary};
use crate::finding::{Finding, Severity};
use colored::Colorize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

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

/// Characters of a long line shown on each side of a match, and of the match itself; the
/// rest is cut to `…`, so a 10 MB one-line post prints a few lines per finding, not 10 MB.
const SHOWN_CONTEXT: usize = 60;
const SHOWN_MATCH: usize = 200;

/// The part of the match's line to show: (excerpt, terminal cells before the match, underline
/// width in cells). Cells, not characters: an emoji or a CJK character takes two, a combining
/// accent none, so the carets sit under the match.
fn excerpt(text: &str, start: usize, end: usize) -> (String, usize, usize) {
    let (mut left, mut before, mut cut_left) = (start, 0, false);
    for (i, c) in text[..start].char_indices().rev() {
        if c == '\n' {
            break;
        }
        if before == SHOWN_CONTEXT {
            cut_left = true;
            break;
        }
        (left, before) = (i, before + 1);
    }
    // Underline the match up to the end of its first line.
    let (mut match_end, mut width, mut cut_right) = (start, 0, false);
    for (i, c) in text[start..].char_indices() {
        if c == '\n' || start + i >= end {
            break;
        }
        if width == SHOWN_MATCH {
            cut_right = true;
            break;
        }
        (match_end, width) = (start + i + c.len_utf8(), width + 1);
    }
    let mut right = match_end;
    if !cut_right {
        for (n, (i, c)) in text[match_end..].char_indices().enumerate() {
            if c == '\n' {
                break;
            }
            if n == SHOWN_CONTEXT {
                cut_right = true;
                break;
            }
            right = match_end + i + c.len_utf8();
        }
    }
    let shown =
        format!("{}{}{}", if cut_left { "…" } else { "" }, &text[left..right], if cut_right { "…" } else { "" });
    let cells_before = text[left..start].width() + usize::from(cut_left);
    (shown, cells_before, text[start..match_end].width().max(1))
}

fn write_finding(out: &mut dyn Write, post: &PostResult<'_>, f: &Finding) -> io::Result<()> {
    writeln!(out, "{}: {}[{}] {}", location(post, f).bold(), severity_label(f.severity), f.rule, f.message)?;
    let (line_text, lead, width) = excerpt(post.text, f.span.start, f.span.end);
    let gutter = f.line.to_string();
    let pad = " ".repeat(gutter.len());
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
        let found = s.errors + s.warnings + s.infos > 0;
        let totals = format!(
            "{}, {}, {} info in {} of {} checked",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            s.infos,
            plural(s.posts_flagged, "post"),
            s.posts
        );
        // A run that could not read an input is never called clean.
        if s.failed > 0 {
            let checked = match (found, s.posts) {
                (true, _) => totals,
                (false, 0) => "no posts checked".to_string(),
                (false, n) => format!("no problems found in the {} checked", plural(n, "post")),
            };
            let inputs = plural(s.failed, "input");
            return writeln!(out, "{} {inputs} could not be checked (see above); {checked}", "failed:".red().bold());
        }
        if s.posts == 0 {
            return writeln!(out, "{} no posts found", "nothing checked:".yellow().bold());
        }
        if !found {
            return writeln!(out, "{} {} checked, no problems found", "ok:".green().bold(), plural(s.posts, "post"));
        }
        writeln!(out, "{} {totals}", "found:".bold())
    }
}
