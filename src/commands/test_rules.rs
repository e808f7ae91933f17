//! `postlint test-rules`: run every rule's own flag/pass examples and report the failures.

use super::Outcome;
use super::setup::{cwd, setup_or_report};
use crate::cli::{PackArgs, SelectArgs};
use std::io::{self, Write};

pub fn run(args: PackArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args, &SelectArgs::default(), cwd(), false) else {
        return Ok(Outcome::Failed);
    };
    let engine = &setup.engine;
    let failures = engine.test_examples();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for f in &failures {
        let want = if f.expected_flag { "should be flagged but was not" } else { "should pass but was flagged" };
        writeln!(out, "FAIL {} ({}): {:?} {want}; found: [{}]", f.rule, f.source, f.example, f.found.join(", "))?;
    }
    writeln!(
        out,
        "{} of {} rule examples passed ({} rules)",
        engine.example_count() - failures.len(),
        engine.example_count(),
        engine.rules().len()
    )?;
    out.flush()?;
    Ok(if failures.is_empty() { Outcome::Clean } else { Outcome::Findings })
}
