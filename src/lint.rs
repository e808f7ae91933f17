//! The per-post pipeline every front end shares (`check`, `fix`, the server, the language
//! server): check a post, drop what its suppression comments silence, and mask a finding for
//! a report that may end up in a log. Loops, I/O and formats stay in the front ends.

use crate::{Engine, Finding, mask, suppress};

/// A post's findings as every front end reports them: the engine's findings minus those an
/// inline `postlint: ignore` comment suppresses (a comment for a rule this run switched off is
/// not called unused).
pub fn check(engine: &Engine, text: &str) -> Vec<Finding> {
    suppress::apply_where(text, engine.check(text), |selector| reports(engine, selector))
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
