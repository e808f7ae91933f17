//! `postlint rules` (list every loaded rule) and `postlint rule ID` (explain one), and the
//! rules a report may mention.

use super::Outcome;
use super::setup::{cwd, setup_or_report};
use crate::cli::{ListFormat, RuleArgs, RulesArgs, SelectArgs};
use postlint::report::RuleInfo;
use postlint::{Engine, Severity, pack, suppress};
use std::io::{self, Write};

/// Rules a report may mention: every reported rule, plus the unused-suppression note.
pub fn reportable_rules(engine: &Engine) -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = engine.rules().iter().filter(|r| !r.signal).map(RuleInfo::from_rule).collect();
    rules.push(RuleInfo {
        id: suppress::UNUSED_RULE.into(),
        category: suppress::CATEGORY.into(),
        severity: Severity::Info,
        message: "A suppression comment silences nothing.".into(),
        description: "A stale `postlint: ignore` or `<!-- postlint-disable-… -->` comment could hide a future problem."
            .into(),
        help: "Remove the comment, or the rule ids in it that no longer apply.".into(),
    });
    rules
}

/// `postlint rules`.
pub fn list(args: RulesArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args.packs, &args.select, cwd(), true) else { return Ok(Outcome::Failed) };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let disabled = setup.engine.switched_off();
    match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = setup.engine.rules().iter().map(|r| rule_json(r, disabled.contains(&r.id))).collect();
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            for r in setup.engine.rules() {
                let note = if disabled.contains(&r.id) {
                    " (off: deselected by configuration)"
                } else if r.signal {
                    " (signal: feeds other rules, never reported alone)"
                } else {
                    ""
                };
                writeln!(out, "{:<40} {:<18} {:<8} {}{}", r.id, r.category, r.severity, r.message, note)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

fn rule_json(r: &pack::Rule, disabled: bool) -> serde_json::Value {
    serde_json::json!({
        "id": r.id, "category": r.category, "severity": r.severity.as_str(),
        "message": r.message, "help": r.help, "description": r.description,
        "signal": r.signal && !disabled, "enabled": !r.signal, "source": r.source,
        "examples": { "flag": r.examples.flag, "pass": r.examples.pass },
    })
}

/// `postlint rule ID`.
pub fn explain(args: RuleArgs) -> io::Result<Outcome> {
    let Some(setup) = setup_or_report(&args.packs, &SelectArgs::default(), cwd(), true) else {
        return Ok(Outcome::Failed);
    };
    let rules = setup.engine.rules();
    if args.id == suppress::UNUSED_RULE
        && let Some(info) = reportable_rules(&setup.engine).into_iter().find(|r| r.id == args.id)
    {
        let mut out = io::BufWriter::new(io::stdout().lock());
        writeln!(out, "{} (built in, severity {})", info.id, info.severity)?;
        writeln!(out, "\nWhat it finds\n  {}", info.message)?;
        writeln!(out, "\nWhy it matters\n  {}", info.description)?;
        writeln!(out, "\nHow to fix it\n  {}", info.help)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    let Some(r) = rules.iter().find(|r| r.id == args.id) else {
        let near: Vec<&str> =
            rules.iter().filter(|r| pack::selects(&args.id, &r.id, &r.category)).map(|r| r.id.as_str()).collect();
        if near.is_empty() {
            let ids = rules.iter().map(|r| r.id.as_str()).chain([suppress::UNUSED_RULE]);
            match nearest(&args.id, ids) {
                Some(id) => {
                    eprintln!("postlint: error: no rule `{}`; did you mean `{id}`? (see `postlint rules`)", args.id)
                }
                None => eprintln!("postlint: error: no rule `{}` (see `postlint rules`)", args.id),
            }
        } else {
            eprintln!("postlint: error: `{}` is a group of rules; pick one: {}", args.id, near.join(", "));
        }
        return Ok(Outcome::Failed);
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut out, &rule_json(r, setup.engine.switched_off().contains(&r.id)))?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    writeln!(out, "{} ({} rule, severity {})", r.id, r.category, r.severity)?;
    if setup.engine.switched_off().contains(&r.id) {
        writeln!(out, "Switched off here by `select`/`ignore` (see `postlint config`).")?;
    } else if r.signal {
        writeln!(out, "A signal: never reported alone; other rules combine it with more evidence.")?;
    }
    writeln!(out, "\nWhat it finds\n  {}", r.message)?;
    let why = if r.description.is_empty() { "(the pack gives no further explanation)" } else { &r.description };
    writeln!(out, "\nWhy it matters\n  {why}")?;
    writeln!(out, "\nHow to fix it\n  {}", r.help)?;
    for (title, list) in [("Flagged, for example", &r.examples.flag), ("Not flagged, for example", &r.examples.pass)] {
        if !list.is_empty() {
            writeln!(out, "\n{title}")?;
            for e in list {
                writeln!(out, "  - {e}")?;
            }
        }
    }
    writeln!(out, "\nDefined in {}", r.source)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

/// The id closest to `wanted` by edit distance, if it is close enough to be a typo (at most a
/// third of its length, and at least one edit).
fn nearest<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    ids.map(|id| (edit_distance(wanted, id), id)).filter(|&(d, _)| d <= limit).min().map(|(_, id)| id)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_nearest_rule_id() {
        let ids = ["phi.ssn", "phi.ssn.labelled", "phi.mrn", "profanity.mild"];
        assert_eq!(nearest("phi.sn", ids.into_iter()), Some("phi.ssn"));
        assert_eq!(nearest("profanty.mild", ids.into_iter()), Some("profanity.mild"));
        assert_eq!(nearest("alcohol.beer", ids.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
