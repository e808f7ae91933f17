//! The shared start of every command: resolve the settings (config file + command line),
//! load the packs and compile the engine.

use super::ok_or_report;
use crate::cli::{PackArgs, SelectArgs};
use postlint::config::{self, Applied, Selector, Settings};
use postlint::{Engine, pack};
use std::path::{Path, PathBuf};

/// The settings of a run and the engine built from them.
pub struct Setup {
    pub settings: Settings,
    pub engine: Engine,
    pub applied: Applied,
    /// Where the config search started (shown by `postlint config`).
    pub searched_from: PathBuf,
}

pub fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Where to start looking for a config file: the folder of the first path checked (or of
/// `--stdin-filename`), else the current folder.
pub fn start_dir(paths: &[PathBuf], stdin_filename: Option<&str>) -> PathBuf {
    let cwd = cwd();
    let first = match paths.first() {
        Some(p) if p.as_os_str() != "-" => Some(p.clone()),
        _ => stdin_filename.map(PathBuf::from),
    };
    let Some(first) = first else { return cwd };
    let abs = cwd.join(first);
    if abs.is_dir() { abs } else { abs.parent().map_or(cwd, Path::to_path_buf) }
}

/// Config file (found, given or none) merged with the command line.
fn resolve_settings(packs: &PackArgs, select: &SelectArgs, start: &Path) -> Result<Settings, String> {
    let found = if packs.isolated {
        None
    } else if let Some(p) = &packs.config {
        // Absolute, so excludes and pack paths are relative to the config file's folder.
        Some(cwd().join(p))
    } else {
        config::discover(start)
    };
    let mut s = match found {
        Some(p) => config::load(&p).map_err(|e| e.to_string())?,
        None => Settings { exclude_base: cwd(), ..Settings::default() },
    };
    s.rules.extend(packs.rules.iter().cloned());
    s.no_builtin |= packs.no_builtin;
    if !select.select.is_empty() {
        s.select = select.select.iter().map(|v| Selector::from_cli(v, "--select")).collect();
    }
    s.ignore.extend(select.ignore.iter().map(|v| Selector::from_cli(v, "--ignore")));
    Ok(s)
}

/// Load packs as the settings say and compile them. `apply` = also apply selection, severity
/// overrides and allow terms (not wanted when testing the rules' own examples).
fn build(packs: &PackArgs, select: &SelectArgs, start: PathBuf, apply: bool) -> Result<Setup, String> {
    let settings = resolve_settings(packs, select, &start)?;
    let mut loaded =
        if settings.no_builtin { Vec::new() } else { pack::builtin::builtin_packs().map_err(|e| e.to_string())? };
    for path in &settings.rules {
        loaded.extend(pack::load_path(path).map_err(|e| e.to_string())?);
    }
    let mut merged = pack::merge(loaded).map_err(|e| e.to_string())?;
    let applied = if apply { settings.apply(&mut merged).map_err(|e| e.to_string())? } else { Applied::default() };
    let engine = Engine::new(&merged).map_err(|e| e.to_string())?;
    Ok(Setup { settings, engine, applied, searched_from: start })
}

/// `build`, or `None` after reporting why it failed.
pub fn setup_or_report(packs: &PackArgs, select: &SelectArgs, start: PathBuf, apply: bool) -> Option<Setup> {
    ok_or_report(build(packs, select, start, apply))
}
