//! Rule self-tests: every rule's `flag` examples must produce its finding and its `pass`
//! examples must not; every allow list's `pass` examples must leave no finding it covers.

use super::Engine;
use crate::pack::applies_to;

/// One example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub source: String,
    pub example: String,
    /// `true` when the example should have been flagged and was not.
    pub expected_flag: bool,
    /// What was found instead (rule ids), for the report.
    pub found: Vec<String>,
}

impl Engine {
    /// Run every example of every loaded rule and allow list; return the failures.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            let cases =
                rule.examples.flag.iter().map(|e| (e, true)).chain(rule.examples.pass.iter().map(|e| (e, false)));
            for (example, expected_flag) in cases {
                let found = self.check_with_signals(example);
                let flagged = found.iter().any(|f| f.rule == rule.id);
                if flagged != expected_flag {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        source: rule.source.clone(),
                        example: example.clone(),
                        expected_flag,
                        found: found.into_iter().map(|f| f.rule).collect(),
                    });
                }
            }
        }
        for allow in &self.allows {
            for example in &allow.examples_pass {
                let found: Vec<String> = self
                    .check(example)
                    .into_iter()
                    .filter(|f| applies_to(&allow.applies_to, &f.rule, &f.category))
                    .map(|f| f.rule)
                    .collect();
                if !found.is_empty() {
                    failures.push(ExampleFailure {
                        rule: allow.id.clone(),
                        source: allow.source.clone(),
                        example: example.clone(),
                        expected_flag: false,
                        found,
                    });
                }
            }
        }
        failures
    }

    /// Number of examples `test_examples` runs.
    /// Each rule's and allow list's source file with its number of examples, so a report can
    /// count built-in and user packs apart.
    pub fn example_sources(&self) -> impl Iterator<Item = (&str, usize)> {
        let rules = self.rules.iter().map(|r| (r.source.as_str(), r.examples.flag.len() + r.examples.pass.len()));
        rules.chain(self.allows.iter().map(|a| (a.source.as_str(), a.examples_pass.len())))
    }

    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.examples.flag.len() + r.examples.pass.len()).sum::<usize>()
            + self.allows.iter().map(|a| a.examples_pass.len()).sum::<usize>()
    }
}
