//! The per-post pipeline every front end shares (`check`, `fix`, the server, the language
//! server): check a post, drop what its suppression comments silence, and mask a finding for
//! a report that may end up in a log. Loops, I/O and formats stay in the front ends.

use crate::finding::{Span, line_column};
use crate::{Engine, Finding, mask, suppress};

/// A post's findings as every front end reports them: the engine's findings minus those an
/// inline `postlint: ignore` comment suppresses (a comment for a rule this run switched off is
/// not called unused).
pub fn check(engine: &Engine, text: &str) -> Vec<Finding> {
    let directives = suppress::parse(text);
    if directives.is_empty() {
        return engine.check(text);
    }
    let reported = |selector: &str| reports(engine, selector);
    let first = engine.check(text);
    // The text a comment silences, by category: another rule of that category that finds the
    // same text in the second pass (phi.story.date where phi.date was silenced) is silenced too.
    let silenced_text: Vec<(String, Span)> = first
        .iter()
        .filter(|f| suppress::silences(&directives, &f.rule, &f.category, f.line))
        .map(|f| (f.category.clone(), f.span))
        .collect();
    let findings = suppress::apply_directives(text, &directives, first, reported);
    // What a comment silences is no clue for a co-occurrence rule either (a suppressed date no
    // longer makes a patient "identifiable"): check again without those matches. The first
    // pass decides which comments are unused; the second, what remains reported.
    let silences = |rule: &str, category: &str, line: usize, span: Span| {
        suppress::silences(&directives, rule, category, line)
            || silenced_text.iter().any(|(c, s)| c == category && s.overlaps(&span))
    };
    let mut kept: Vec<Finding> = engine
        .check_silencing(text, |rule, span| silences(&rule.id, &rule.category, line_column(text, span.start).0, span))
        .into_iter()
        .filter(|f| !silences(&f.rule, &f.category, f.line, f.span))
        .chain(findings.into_iter().filter(|f| f.rule == suppress::UNUSED_RULE))
        .collect();
    suppress::sort_by_position(&mut kept);
    kept
}

/// Whether the engine reports any rule a suppression selector names (rules switched off by
/// `--select`/`--ignore` run as signals and report nothing).
pub fn reports(engine: &Engine, selector: &str) -> bool {
    engine.rules().iter().any(|r| !r.signal && crate::pack::selects(selector, &r.id, &r.category))
}

/// A finding with its matched text masked (`***-**-0987`), in its message and help too,
/// except words the rule's own message or help uses (those are not patient data).
pub fn masked(engine: &Engine, mut f: Finding) -> Finding {
    let rule = engine.rules().iter().find(|r| r.id == f.rule);
    let templates: Vec<&str> = rule.map_or_else(Vec::new, |r| vec![r.message.as_str(), r.help.as_str()]);
    mask::mask_finding(&mut f, &templates);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A suppressed identifier is gone from the co-occurrence findings built on it too.
    #[test]
    fn a_suppressed_match_is_no_clue_for_co_occurrence_rules() {
        let engine = Engine::builtin().unwrap();
        let post = "My patient, 34, came in on 3/14/2025 with a rare condition.";
        let names_a_date = |findings: &[Finding]| {
            findings.iter().any(|f| f.category == "patient_reference" && f.message.contains("a date"))
        };
        let plain = check(&engine, post);
        assert!(plain.iter().any(|f| f.rule == "phi.date") && names_a_date(&plain), "{plain:#?}");
        let suppressed = check(&engine, &format!("{post} postlint: ignore phi.date"));
        assert!(
            !suppressed.iter().any(|f| f.rule.ends_with(".date") || f.rule == suppress::UNUSED_RULE),
            "{suppressed:#?}"
        );
        assert!(!names_a_date(&suppressed), "{suppressed:#?}");
        // The story is still reported for what remains.
        assert!(suppressed.iter().any(|f| f.category == "patient_reference"), "{suppressed:#?}");
    }

    /// A finding that rests on a guess (the post *seems* to be about a patient, the number *may*
    /// be theirs) says so instead of stating it as fact.
    #[test]
    fn findings_built_on_a_guess_hedge_their_message() {
        let engine = Engine::builtin().unwrap();
        let post = "My pt in bay 6 has been boarding since 12/2, still no bed upstairs";
        let findings = check(&engine, post);
        let date = findings.iter().find(|f| f.category == "phi").expect("the date is found");
        assert!(date.message.contains("seems to be about a patient"), "{}", date.message);
        assert!(!date.message.contains("in a post about a patient"), "{}", date.message);
    }
}
