//! Which rules a run reports, at what severity, and what the project allows everywhere:
//! applied while the engine is compiled, so the packs stay exactly as their files say.

use crate::finding::Severity;
use crate::pack::{Allow, AllowMatch, Rule, selects};

/// Id of the allow list a selection's allow terms and patterns become.
pub const SELECTION_ALLOW_ID: &str = "config.allow";

/// A run's choice of rules: `select` (empty = all), `ignore`, severity overrides and an allow
/// list. Selectors are rule ids, id prefixes or categories (`pack::selects`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When non-empty, only rules one of these selects are reported.
    pub select: Vec<String>,
    /// Rules never reported.
    pub ignore: Vec<String>,
    /// Severity overrides; the most specific selector that selects a rule wins.
    pub severity: Vec<(String, Severity)>,
    /// Terms and patterns that cancel any finding they cover.
    pub allow: AllowMatch,
    /// Where the allow list was written (a config file), for `rules` and errors.
    pub allow_source: String,
}

impl Selection {
    /// Whether this selection reports `rule` at all. A rule it switches off still runs as a
    /// signal, so co-occurrence rules built on it keep working.
    pub fn reports(&self, rule: &Rule) -> bool {
        let hit = |s: &String| selects(s, &rule.id, &rule.category);
        (self.select.is_empty() || self.select.iter().any(hit)) && !self.ignore.iter().any(hit)
    }

    /// The severity this selection gives `rule`: the most specific override (an exact id beats
    /// a prefix, a longer prefix a shorter one), else the pack's.
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severity
            .iter()
            .filter(|(s, _)| selects(s, &rule.id, &rule.category))
            .max_by_key(|(s, _)| specificity(s))
            .map_or(rule.severity, |(_, severity)| *severity)
    }

    /// The allow list the engine adds, if the selection allows anything.
    pub(super) fn allow_list(&self) -> Option<Allow> {
        if self.allow.terms.is_empty() && self.allow.patterns.is_empty() {
            return None;
        }
        Some(Allow {
            id: SELECTION_ALLOW_ID.into(),
            description: "Terms and patterns the project allows everywhere".into(),
            applies_to: Vec::new(),
            matcher: self.allow.clone(),
            score: None,
            case_sensitive: false,
            examples_pass: Vec::new(),
            source: self.allow_source.clone(),
        })
    }
}

/// How specific a selector is: more id parts, then a longer text.
pub fn specificity(selector: &str) -> (usize, usize) {
    (selector.matches('.').count(), selector.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::parse_pack;

    fn rules() -> Vec<Rule> {
        let pack = "[pack]\nid = \"p\"\ncategory = \"c\"\n\n\
                    [[rule]]\nid = \"p.a.x\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"x\"]\n\n\
                    [[rule]]\nid = \"p.b\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"y\"]\n";
        parse_pack("p.toml", pack).unwrap().rules
    }

    #[test]
    fn select_ignore_and_the_most_specific_severity() {
        let rules = rules();
        let sel = |select: &[&str], ignore: &[&str]| Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Selection::default()
        };
        assert!(rules.iter().all(|r| sel(&[], &[]).reports(r)));
        assert_eq!(rules.iter().map(|r| sel(&["p.a"], &[]).reports(r)).collect::<Vec<_>>(), [true, false]);
        assert_eq!(rules.iter().map(|r| sel(&["c"], &["p.b"]).reports(r)).collect::<Vec<_>>(), [true, false]);
        let overrides = Selection {
            severity: vec![("p.a.x".into(), Severity::Info), ("p".into(), Severity::Error)],
            ..Selection::default()
        };
        assert_eq!(overrides.severity_of(&rules[0]), Severity::Info, "the exact id wins over the prefix");
        assert_eq!(overrides.severity_of(&rules[1]), Severity::Error);
        assert_eq!(Selection::default().severity_of(&rules[0]), Severity::Warning, "no override: the pack's");
    }
}
