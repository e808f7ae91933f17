//! Inline suppression comments: parse them from a post and drop the findings they silence.
//!
//! Forms (RULES is a comma- or space-separated list of rule ids, id prefixes or categories;
//! no list means every rule):
//! - Markdown: `<!-- postlint-disable-next-line RULES -->` silences the next line;
//!   `<!-- postlint-disable-line RULES -->` silences its own line.
//! - Plain text: `postlint: ignore RULES` silences its own line, or the next line when the
//!   comment stands alone on its line; `postlint: ignore-next-line RULES` always the next line.
//!
//! A suppression (or one of its rules) that silences nothing becomes an `info` finding, so
//! stale ones get cleaned up. Suppressions only ever apply within the post they are written in.

use crate::finding::{Finding, Severity, Span, line_column};
use crate::pack::selects;
use regex::Regex;
use std::sync::LazyLock;

/// Rule id of the finding reported for a suppression that silences nothing.
pub const UNUSED_RULE: &str = "postlint.unused-suppression";
/// Category of that finding.
pub const CATEGORY: &str = "suppression";

// The two patterns are constants checked by the unit tests below, so building them cannot fail.
static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*postlint-disable-(next-line|line)\b(?P<rules>[^>]*?)\s*-->").expect("valid regex")
});
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bpostlint:[ \t]*ignore(?P<next>-next-line)?\b(?P<rules>(?:[ \t,]+[A-Za-z0-9_][A-Za-z0-9_.\-]*)*)")
        .expect("valid regex")
});

/// One suppression comment found in a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Where the comment is (byte offsets in the post).
    pub span: Span,
    /// 1-based line whose findings it silences.
    pub target_line: usize,
    /// Selectors; empty means every rule.
    pub rules: Vec<String>,
}

fn split_rules(list: &str) -> Vec<String> {
    list.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Find every suppression comment in a post.
pub fn parse(text: &str) -> Vec<Directive> {
    if !text.contains("postlint") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut line_start = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_no = index + 1;
        for caps in MARKDOWN.captures_iter(line) {
            let Some(whole) = caps.get(0) else { continue };
            let next = caps.get(1).is_some_and(|m| m.as_str() == "next-line");
            out.push(Directive {
                span: Span::new(line_start + whole.start(), line_start + whole.end()),
                target_line: if next { line_no + 1 } else { line_no },
                rules: split_rules(caps.name("rules").map_or("", |m| m.as_str())),
            });
        }
        for caps in PLAIN.captures_iter(line) {
            let Some(whole) = caps.get(0) else { continue };
            // Alone on its line (apart from comment markers such as `#`, `//`, `>`): it is
            // about the line below.
            let rest = format!("{}{}", &line[..whole.start()], &line[whole.end()..]);
            let alone = !rest.chars().any(char::is_alphanumeric);
            let next = caps.name("next").is_some() || alone;
            out.push(Directive {
                span: Span::new(line_start + whole.start(), line_start + whole.end()),
                target_line: if next { line_no + 1 } else { line_no },
                rules: split_rules(caps.name("rules").map_or("", |m| m.as_str())),
            });
        }
        line_start += line.len() + 1;
    }
    out
}

/// Drop the findings silenced by the post's suppression comments and add an `info` finding for
/// each comment (or listed rule) that silenced nothing. The result is sorted by position.
pub fn apply(text: &str, findings: Vec<Finding>) -> Vec<Finding> {
    apply_where(text, findings, |_| true)
}

/// `apply`, told which selectors name a rule this run reports (`reported`): a comment for a
/// rule switched off by `--select`/`--ignore` cannot silence anything in this run, but a full
/// run needs it, so it is not called unused.
pub fn apply_where(text: &str, findings: Vec<Finding>, reported: impl Fn(&str) -> bool) -> Vec<Finding> {
    let directives = parse(text);
    if directives.is_empty() {
        return findings;
    }
    apply_directives(text, &directives, findings, reported)
}

/// `apply_where` with the post's directives already parsed.
pub fn apply_directives(
    text: &str,
    directives: &[Directive],
    findings: Vec<Finding>,
    reported: impl Fn(&str) -> bool,
) -> Vec<Finding> {
    // used[d][k]: selector k of directive d silenced something (k = 0 for "all rules").
    let mut used: Vec<Vec<bool>> = directives.iter().map(|d| vec![false; d.rules.len().max(1)]).collect();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let mut silenced = false;
        for (d, k) in silencing(directives, &f.rule, &f.category, f.line) {
            used[d][k] = true;
            silenced = true;
        }
        if !silenced {
            kept.push(f);
        }
    }
    for (dir, used) in directives.iter().zip(used.iter_mut()) {
        for (k, sel) in dir.rules.iter().enumerate() {
            used[k] |= !reported(sel);
        }
        let unused: Vec<&str> =
            dir.rules.iter().zip(used.iter()).filter(|(_, u)| !**u).map(|(r, _)| r.as_str()).collect();
        let message = if !used.iter().any(|u| *u) {
            "This suppression comment silences nothing.".to_string()
        } else if !unused.is_empty() {
            format!("This suppression comment lists {} but silences nothing for it.", unused.join(", "))
        } else {
            continue;
        };
        let (line, column) = line_column(text, dir.span.start);
        kept.push(Finding {
            rule: UNUSED_RULE.into(),
            category: CATEGORY.into(),
            severity: Severity::Info,
            message,
            help: "Remove the comment (or the rule ids that no longer apply) so that it cannot hide a future problem."
                .into(),
            span: dir.span,
            line,
            column,
            matched: text[dir.span.start..dir.span.end].to_string(),
        });
    }
    sort_by_position(&mut kept);
    kept
}

/// The order reports show a post's findings in: by position, then rule id.
pub fn sort_by_position(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
}

/// The selectors of `directives` that silence a finding of this rule on this 1-based line, as
/// (directive, selector) indices; selector 0 of a directive without a list means "all rules".
fn silencing<'d>(
    directives: &'d [Directive],
    rule: &'d str,
    category: &'d str,
    line: usize,
) -> impl Iterator<Item = (usize, usize)> + 'd {
    directives.iter().enumerate().filter(move |(_, dir)| dir.target_line == line).flat_map(move |(d, dir)| {
        let all = dir.rules.is_empty().then_some((d, 0));
        let listed = dir.rules.iter().enumerate().filter(move |(_, sel)| selects(sel, rule, category));
        all.into_iter().chain(listed.map(move |(k, _)| (d, k)))
    })
}

/// Whether one of `directives` silences a finding of this rule on this 1-based line.
pub fn silences(directives: &[Directive], rule: &str, category: &str, line: usize) -> bool {
    silencing(directives, rule, category, line).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str, needle: &str, rule: &str) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::in_text(text, start, start + needle.len(), rule, rule.split('.').next().unwrap())
    }

    #[test]
    fn parses_each_form() {
        let text = "<!-- postlint-disable-next-line phi.date, profanity -->\nx <!-- postlint-disable-line -->\n\
                    # postlint: ignore phi.ssn\nsaid 3/14 postlint: ignore phi\npostlint: ignore-next-line\n";
        let d = parse(text);
        let summary: Vec<(usize, Vec<String>)> = d.iter().map(|d| (d.target_line, d.rules.clone())).collect();
        assert_eq!(
            summary,
            vec![
                (2, vec!["phi.date".to_string(), "profanity".to_string()]),
                (2, vec![]),
                (4, vec!["phi.ssn".to_string()]),
                (4, vec!["phi".to_string()]),
                (6, vec![]),
            ]
        );
    }

    #[test]
    fn silences_only_the_named_rule_on_the_target_line() {
        let text = "<!-- postlint-disable-next-line phi.date -->\nseen 3/14 and 523-11-0987\nagain 3/15";
        let findings =
            vec![f(text, "3/14", "phi.date"), f(text, "523-11-0987", "phi.ssn"), f(text, "3/15", "phi.date")];
        let out = apply(text, findings);
        let rules: Vec<(&str, usize)> = out.iter().map(|f| (f.rule.as_str(), f.line)).collect();
        assert_eq!(rules, vec![("phi.ssn", 2), ("phi.date", 3)]);
    }

    #[test]
    fn unused_suppressions_become_info() {
        let text =
            "fine text postlint: ignore phi.date\n<!-- postlint-disable-next-line phi.ssn, alcohol -->\n523-11-0987";
        let out = apply(text, vec![f(text, "523-11-0987", "phi.ssn")]);
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(out.iter().all(|f| f.rule == UNUSED_RULE && f.severity == Severity::Info));
        assert_eq!(out[0].line, 1);
        assert!(out[0].message.contains("silences nothing"));
        assert!(out[1].message.contains("alcohol"), "{}", out[1].message);
        assert!(!out[1].message.contains("phi.ssn"));
    }

    #[test]
    fn no_comment_means_no_change() {
        let text = "MRN 1234567";
        let findings = vec![f(text, "1234567", "phi.mrn")];
        assert_eq!(apply(text, findings.clone()), findings);
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panicking(text in "(\\PC|\n|postlint: ignore|<!-- postlint-disable-line -->){0,30}") {
            let findings = vec![Finding {
                rule: "x.y".into(),
                category: "x".into(),
                severity: Severity::Error,
                message: String::new(),
                help: String::new(),
                span: Span::new(0, 0),
                line: 1,
                column: 1,
                matched: String::new(),
            }];
            for f in apply(&text, findings) {
                proptest::prop_assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start));
            }
        }
    }
}
