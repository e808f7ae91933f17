//! The shared start of every command: resolve the settings (the config file's `Config` with
//! the command line's laid over it), load the packs and compile the engine.

use super::ok_or_report;
use crate::cli::{self, PackArgs, SelectArgs};
use postlint::config::{self, Config, Excluder};
use postlint::engine::Selection;
use postlint::{Engine, pack};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The settings of a run and the engine built from them.
pub struct Setup {
    pub config: Config,
    pub engine: Engine,
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

/// The config file that applies when searching from `start`: the one `--config` names, none
/// with `--isolated`, else the nearest one at or above `start`.
fn config_file(packs: &PackArgs, start: &Path) -> Option<PathBuf> {
    if packs.isolated {
        None
    } else if let Some(p) = &packs.config {
        // Absolute, so excludes and pack paths are relative to the config file's folder.
        Some(cwd().join(p))
    } else {
        config::discover(start)
    }
}

/// The config file's settings (found, given or none) with the command line's laid over them.
fn config_from(found: Option<PathBuf>, flags: &Config) -> Result<Config, postlint::Error> {
    let mut config = match found {
        Some(p) => config::load(&p)?,
        None => Config::empty(cwd()),
    };
    config.update(flags);
    Ok(config)
}

/// Load packs as the settings say and compile them. `apply` = also apply selection, severity
/// overrides and allow terms (not wanted when testing the rules' own examples).
fn build_from(flags: &Config, found: Option<PathBuf>, start: PathBuf, apply: bool) -> Result<Setup, postlint::Error> {
    let config = config_from(found, flags)?;
    let mut loaded = if config.no_builtin { Vec::new() } else { pack::builtin::builtin_packs()? };
    for path in &config.rules {
        loaded.extend(pack::load_path(path)?);
    }
    let merged = pack::merge(loaded)?;
    let selection = if apply {
        config.check_selectors(&merged)?;
        config.selection()
    } else {
        Selection::default()
    };
    let engine = Engine::with_selection(&merged, &selection)?;
    Ok(Setup { config, engine, searched_from: start })
}

/// The setup for a run searching for its config file from `start`, with the command line's
/// settings `flags` (see `cli::flags`), or `None` after reporting why it failed.
pub fn setup_with(packs: &PackArgs, flags: &Config, start: PathBuf, apply: bool) -> Option<Setup> {
    ok_or_report(build_from(flags, config_file(packs, &start), start, apply))
}

/// `setup_with` for a command without `--fail-on`.
pub fn setup_or_report(packs: &PackArgs, select: &SelectArgs, start: PathBuf, apply: bool) -> Option<Setup> {
    setup_with(packs, &cli::flags(packs, select, None), start, apply)
}

/// The setups of a run over files: the nearest config file above each file applies to it
/// (as ruff does), so the order of the paths never changes a result. One engine is compiled
/// per config file met; `--config`/`--isolated` mean one config for every file.
pub struct Configs<'a> {
    packs: &'a PackArgs,
    /// The command line's settings, laid over each config file's.
    flags: Config,
    cwd: PathBuf,
    /// One per config file met (`None` = no config file), with its excludes compiled.
    setups: Vec<(Setup, Excluder)>,
    /// Config file → index in `setups`, or `None` when it failed to load (reported once).
    by_file: HashMap<Option<PathBuf>, Option<usize>>,
    /// Folder → the config file searched from it.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// Post path (as reported) → index in `setups`.
    by_post: HashMap<String, usize>,
    /// A config file or pack could not be loaded.
    pub failed: bool,
}

impl<'a> Configs<'a> {
    pub fn new(packs: &'a PackArgs, flags: Config) -> Configs<'a> {
        Configs {
            packs,
            flags,
            cwd: cwd(),
            setups: Vec::new(),
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
            by_post: HashMap::new(),
            failed: false,
        }
    }

    /// The setup (and excluder) for a file, `path` as given (relative to the current folder);
    /// `None` after reporting that its config could not be loaded.
    pub fn for_file(&mut self, path: &Path) -> Option<usize> {
        let dir = self.cwd.join(path).parent().map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        let forced = self.packs.isolated || self.packs.config.is_some();
        let file = if forced {
            config_file(self.packs, &dir)
        } else {
            let packs = self.packs;
            self.by_dir.entry(dir).or_insert_with_key(|d| config_file(packs, d)).clone()
        };
        if let Some(found) = self.by_file.get(&file) {
            return *found;
        }
        let start = file.as_ref().and_then(|f| f.parent()).map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        let built = ok_or_report(build_from(&self.flags, file.clone(), start, true))
            .and_then(|setup| ok_or_report(setup.config.excluder()).map(|ex| (setup, ex)));
        let index = built.map(|b| {
            self.setups.push(b);
            self.setups.len() - 1
        });
        self.failed |= index.is_none();
        self.by_file.insert(file, index);
        index
    }

    /// Whether a folder walk checks this file: its config loads and names its extension.
    pub fn is_draft(&mut self, path: &Path) -> bool {
        self.for_file(path).is_some_and(|i| self.setups[i].0.config.is_draft(path))
    }

    /// Whether `path` is checked (its config loaded and does not exclude it); remembers its
    /// setup under `shown`, the name its posts are reported under.
    pub fn admit(&mut self, path: &Path, shown: &str) -> bool {
        let Some(i) = self.for_file(path) else { return false };
        // Unnamed standard input cannot be excluded.
        if shown != crate::input::STDIN_NAME && self.setups[i].1.excludes(path, &self.cwd) {
            return false;
        }
        self.by_post.insert(shown.to_string(), i);
        true
    }

    /// The setup a post (by its reported path) was admitted under.
    pub fn setup_of(&self, post_path: &str) -> Option<&Setup> {
        self.by_post.get(post_path).map(|&i| &self.setups[i].0)
    }

    /// Every setup built, in the order first met.
    pub fn setups(&self) -> impl Iterator<Item = &Setup> {
        self.setups.iter().map(|(s, _)| s)
    }
}
