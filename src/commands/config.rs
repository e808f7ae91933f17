//! `postlint config` (and `check --show-settings`): print the resolved settings as TOML.

use super::setup::{Setup, cwd, setup_or_report, start_dir};
use super::{Outcome, ok_or_report};
use crate::cli::ConfigArgs;
use std::io::{self, Write};

pub fn run(args: ConfigArgs) -> io::Result<Outcome> {
    let start = args.path.as_ref().map_or_else(cwd, |p| start_dir(std::slice::from_ref(p), None));
    let Some(setup) = setup_or_report(&args.packs, &args.select, start, true) else { return Ok(Outcome::Failed) };
    print_settings(&setup)
}

/// Print the resolved settings (the config file's with the command line's laid over them,
/// every default written out) as a `postlint.toml` a user could paste, with where they came
/// from and what they switch off as comments.
pub fn print_settings(setup: &Setup) -> io::Result<Outcome> {
    let config = &setup.config;
    let Some(toml) = ok_or_report(config.to_toml()) else { return Ok(Outcome::Failed) };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match &config.source {
        Some(p) => writeln!(out, "# settings from {}", p.display())?,
        None => writeln!(
            out,
            "# no config file (searched {} and the folders above it up to the repository root)",
            setup.searched_from.display()
        )?,
    }
    out.write_all(toml.as_bytes())?;
    let active = setup.engine.rules().iter().filter(|r| !r.signal).count();
    let off = setup.engine.switched_off();
    writeln!(out, "\n# {} rules reported, {} switched off by select/ignore", active, off.len())?;
    if !off.is_empty() {
        writeln!(out, "# off: {}", off.join(", "))?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
