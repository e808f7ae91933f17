//! `postlint test-rules`: run every rule's own flag/pass examples and report the failures,
//! each with the line of its pack file that holds the example, and the counts of built-in and
//! user packs apart (a user pack's failure is not lost among a thousand built-in examples).

use super::Outcome;
use super::setup::{cwd, setup_or_report};
use crate::cli::{PackArgs, SelectArgs};
use postlint::pack::builtin;
use std::collections::HashMap;
use std::io::{self, Write};

pub fn run(args: PackArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args, &SelectArgs::default(), cwd(), false) else {
        return Ok(Outcome::Failed);
    };
    let engine = &setup.engine;
    let failures = engine.test_examples();
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &failures {
        let want = if f.expected_flag { "should be flagged but was not" } else { "should pass but was flagged" };
        let text = texts.entry(f.source.clone()).or_insert_with(|| pack_text(&f.source));
        let at = match text.as_deref().and_then(|t| example_line(t, &f.example)) {
            Some(line) => format!("{}:{line}", f.source),
            None => f.source.clone(),
        };
        writeln!(out, "FAIL {} ({at}): {:?} {want}; found: [{}]", f.rule, f.example, f.found.join(", "))?;
    }
    let is_builtin = |source: &str| source.starts_with(builtin::SOURCE_PREFIX);
    for (label, builtin_side) in [("built-in packs", true), ("user packs", false)] {
        let examples: usize =
            engine.example_sources().filter(|(s, _)| is_builtin(s) == builtin_side).map(|(_, n)| n).sum();
        let rules = engine.rules().iter().filter(|r| is_builtin(&r.source) == builtin_side).count();
        let failed = failures.iter().filter(|f| is_builtin(&f.source) == builtin_side).count();
        if rules == 0 && examples == 0 {
            continue;
        }
        writeln!(out, "{label}: {} of {examples} rule examples passed ({rules} rules)", examples - failed)?;
    }
    out.flush()?;
    Ok(if failures.is_empty() { Outcome::Clean } else { Outcome::Findings })
}

/// The TOML text of a pack, built in or on disk.
fn pack_text(source: &str) -> Option<String> {
    match source.strip_prefix(builtin::SOURCE_PREFIX) {
        Some(_) => builtin::BUILTIN_PACKS.iter().find(|(name, _)| *name == source).map(|(_, t)| t.to_string()),
        None => std::fs::read_to_string(source).ok(),
    }
}

/// The 1-based line of `toml` that holds `example`, written as a basic or literal string.
fn example_line(toml: &str, example: &str) -> Option<usize> {
    let basic = serde_json::to_string(example).ok()?;
    let literal = format!("'{example}'");
    let first = example.lines().next().filter(|l| l.len() >= 8);
    toml.lines()
        .position(|l| l.contains(&basic) || l.contains(&literal))
        .or_else(|| first.and_then(|f| toml.lines().position(|l| l.contains(f))))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_found_as_written() {
        let toml = "[[rule]]\nexamples.flag = [\"a \\\"q\\\" b\"]\nexamples.pass = ['x\\y', \"plain\"]\n";
        assert_eq!(example_line(toml, "a \"q\" b"), Some(2));
        assert_eq!(example_line(toml, "x\\y"), Some(3));
        assert_eq!(example_line(toml, "plain"), Some(3));
        assert_eq!(example_line(toml, "absent"), None);
    }
}
