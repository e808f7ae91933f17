//! `postlint config` (and `check --show-settings`): print the resolved settings as TOML.

use super::Outcome;
use super::setup::{Setup, cwd, setup_or_report, start_dir};
use crate::cli::ConfigArgs;
use postlint::config::FailOn;
use std::io::{self, Write};

pub fn run(args: ConfigArgs) -> io::Result<Outcome> {
    let start = args.path.as_ref().map_or_else(cwd, |p| start_dir(std::slice::from_ref(p), None));
    let Some(setup) = setup_or_report(&args.packs, &args.select, start, true) else { return Ok(Outcome::Failed) };
    print_settings(&setup)
}

/// Print the resolved settings as TOML a user could paste into `postlint.toml`.
pub fn print_settings(setup: &Setup) -> io::Result<Outcome> {
    let s = &setup.settings;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let quote = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let list = |items: Vec<&str>| format!("[{}]", items.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", "));
    match &s.source {
        Some(p) => writeln!(out, "# settings from {}", p.display())?,
        None => writeln!(
            out,
            "# no config file (searched {} and the folders above it up to the repository root)",
            setup.searched_from.display()
        )?,
    }
    let rules: Vec<String> = s.rules.iter().map(|p| p.display().to_string()).collect();
    writeln!(out, "rules = {}", list(rules.iter().map(String::as_str).collect()))?;
    writeln!(out, "no-builtin = {}", s.no_builtin)?;
    writeln!(out, "select = {}", list(s.select.iter().map(|x| x.value.as_str()).collect()))?;
    writeln!(out, "ignore = {}", list(s.ignore.iter().map(|x| x.value.as_str()).collect()))?;
    writeln!(out, "fail-on = {}", quote(s.fail_on.unwrap_or(FailOn::Error).as_str()))?;
    writeln!(out, "exclude = {}", list(s.exclude.iter().map(String::as_str).collect()))?;
    let extensions: Vec<&str> = match &s.extensions {
        Some(list) => list.iter().map(String::as_str).collect(),
        None => postlint::config::DEFAULT_EXTENSIONS.to_vec(),
    };
    writeln!(out, "extensions = {}", list(extensions))?;
    writeln!(out, "\n[severity]")?;
    for (sel, sev) in &s.severity {
        writeln!(out, "{} = {}", quote(&sel.value), quote(sev.as_str()))?;
    }
    writeln!(out, "\n[allow]")?;
    writeln!(out, "terms = {}", list(s.allow_terms.iter().map(String::as_str).collect()))?;
    writeln!(out, "patterns = {}", list(s.allow_patterns.iter().map(|p| p.value.as_str()).collect()))?;
    let active = setup.engine.rules().iter().filter(|r| !r.signal).count();
    let off = setup.engine.switched_off();
    writeln!(out, "\n# {} rules reported, {} switched off by select/ignore", active, off.len())?;
    if !off.is_empty() {
        writeln!(out, "# off: {}", off.join(", "))?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
