//! Output formats. Each format only formats findings; it never decides what a finding is.

mod github;
mod json;
mod sarif;
mod text;

pub use github::GithubReporter;
pub use json::{JsonReporter, JsonlReporter};
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

/// Totals for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub posts: usize,
    pub posts_flagged: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
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

/// A report format: gets each post as it is checked, then the totals.
pub trait Reporter {
    fn post(&mut self, out: &mut dyn Write, post: &PostResult<'_>) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

#[cfg(test)]
mod tests;
