//! Output formats. Each format only formats findings; it never decides what a finding is.

mod github;
mod json;
mod sarif;
mod text;

pub use github::GithubReporter;
pub use json::{JsonReporter, JsonlReporter, finding_value};
pub use sarif::SarifReporter;
pub use text::TextReporter;

use crate::finding::{Finding, Severity};
use std::io::{self, Write};

/// One checked post with what was found in it.
#[derive(Debug, Clone)]
pub struct PostResult<'a> {
    /// File the post came from (`<stdin>` for standard input).
    pub path: &'a str,
    /// 0-based line number of the post in a JSONL input.
    pub record: Option<usize>,
    /// The `id` field of a JSONL post, if it had one.
    pub id: Option<&'a str>,
    pub text: &'a str,
    pub findings: &'a [Finding],
    /// Stable fingerprint of each finding (same order), or empty when not computed.
    pub fingerprints: &'a [String],
}

/// What a report needs to know about a rule (for formats that list rules, such as SARIF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    pub help: String,
}

impl RuleInfo {
    pub fn from_rule(r: &crate::pack::Rule) -> RuleInfo {
        RuleInfo {
            id: r.id.clone(),
            category: r.category.clone(),
            severity: r.severity,
            message: r.message.clone(),
            description: r.description.clone(),
            help: r.help.clone(),
        }
    }
}

/// An input that could not be checked (a missing file, invalid UTF-8, a bad JSONL line): a
/// report must never call a run with one of these clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// Totals for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub posts: usize,
    pub posts_flagged: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Inputs that could not be checked.
    pub failed: usize,
}

impl Summary {
    pub fn add(&mut self, findings: &[Finding]) {
        self.posts += 1;
        self.posts_flagged += usize::from(!findings.is_empty());
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// A report format: gets each post as it is checked, each input that could not be checked,
/// then the totals.
pub trait Reporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()>;
    /// An input that could not be checked. It is already on stderr; formats for machines
    /// carry it too. Counted in `Summary::failed` by the caller.
    fn problem(&mut self, _out: &mut dyn Write, _problem: &Problem) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

#[cfg(test)]
mod tests;
