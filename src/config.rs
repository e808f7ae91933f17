//! Project configuration: find `postlint.toml` / `.postlint.toml` and parse it strictly into a
//! `Config`. The command line gives a `Config` too; `Config::update` lays it over the file's
//! (file, then flags), and `Config::to_toml` writes the result as `postlint config` shows it.
//! A `Config` says which files are read and the `Selection` of rules the engine is compiled
//! with (the packs themselves are never edited).

use crate::engine::Selection;
use crate::error::{Error, ErrorKind, Location};
use crate::finding::Severity;
use crate::pack::{AllowMatch, Located, Pack, selects};
use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// File names searched for, in order of preference within one folder.
pub const CONFIG_NAMES: &[&str] = &["postlint.toml", ".postlint.toml"];

/// File extensions a folder walk checks when the config names none (draft-like text).
pub const DEFAULT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// When a run counts as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    no_builtin: Option<bool>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    fail_on: Option<FailOn>,
    #[serde(default)]
    allow: RawAllow,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    extensions: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

/// A rule selector (id, id prefix or category) and where it was written, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub value: String,
    pub origin: Origin,
}

/// Where a setting was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A config file, at this 1-based line and column.
    File { file: String, line: usize, column: usize },
    /// A command-line option (`--select`).
    Option(String),
}

impl Selector {
    pub fn from_cli(value: &str, option: &str) -> Selector {
        Selector { value: value.to_string(), origin: Origin::Option(option.to_string()) }
    }

    /// An error about this selector, at the place it was written.
    fn error(&self, message: String) -> Error {
        let location = match &self.origin {
            Origin::File { file, line, column } => Location::at(file.clone(), *line, *column),
            Origin::Option(option) => Location::file(option.clone()),
        };
        Error::new(ErrorKind::Config, message).at(location)
    }
}

/// One layer of settings (what a config file says, or what the command line says) or the
/// layers merged with `update`. Serialises as the config file it could have come from.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    /// The config file these settings came from, if any.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// Extra pack files or folders, config ones first (resolved against the config's folder).
    pub rules: Vec<PathBuf>,
    pub no_builtin: bool,
    /// When non-empty, only these rules are reported.
    pub select: Vec<Selector>,
    /// Rules never reported.
    pub ignore: Vec<Selector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// Glob patterns of paths not to check, relative to `exclude_base`.
    pub exclude: Vec<String>,
    #[serde(skip)]
    pub exclude_base: PathBuf,
    /// Extensions (without the dot, lower case) of the files a folder walk checks; `None` =
    /// `DEFAULT_EXTENSIONS`. Files named on the command line are always checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<String>>,
    /// Severity overrides; the most specific selector wins.
    #[serde(serialize_with = "as_table")]
    pub severity: Vec<(Selector, Severity)>,
    /// Terms and patterns allowed everywhere.
    pub allow: AllowList,
}

/// The `[allow]` table: terms and patterns never reported, whatever rule finds them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AllowList {
    pub terms: Vec<String>,
    #[serde(serialize_with = "values")]
    pub patterns: Vec<Located<String>>,
}

impl Serialize for Selector {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

fn as_table<S: serde::Serializer>(pairs: &[(Selector, Severity)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(selector, severity)| (&selector.value, severity)))
}

fn values<S: serde::Serializer>(list: &[Located<String>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(list.iter().map(|l| &l.value))
}

/// Walk up from `start` (a folder) looking for a config file; stop after the repository root
/// (a folder holding `.git`) or the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// Parse a config file's text. `path` names the file in errors and anchors relative paths.
pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
    let file = path.display().to_string();
    let at = |offset: usize, message: String| {
        Error::new(ErrorKind::Config, message).at(Location::at_offset(file.clone(), text, offset))
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| match e.span() {
        Some(span) => at(span.start, e.message().trim().to_string()),
        None => Error::new(ErrorKind::Config, e.message().trim()).in_file(file.clone()),
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let selector = |s: &Spanned<String>| {
        let (line, column) = crate::finding::line_column(text, s.span().start);
        Selector { value: s.get_ref().trim().to_string(), origin: Origin::File { file: file.clone(), line, column } }
    };
    let mut allow_patterns = Vec::new();
    for p in raw.allow.patterns {
        let (line, column) = crate::finding::line_column(text, p.span().start);
        if let Err(e) = regex::RegexBuilder::new(p.get_ref()).size_limit(crate::pack::REGEX_SIZE_LIMIT).build() {
            return Err(at(p.span().start, format!("invalid allow pattern: {}", first_line(&e.to_string()))));
        }
        allow_patterns.push(Located { value: p.into_inner(), line, column });
    }
    let mut exclude = Vec::new();
    for g in raw.exclude {
        if let Err(e) = Glob::new(g.get_ref()) {
            return Err(at(g.span().start, format!("invalid exclude glob: {e}")));
        }
        exclude.push(g.into_inner());
    }
    let mut extensions = None;
    if let Some(list) = raw.extensions {
        let mut out = Vec::new();
        for e in list {
            let ext = e.get_ref().trim().trim_start_matches('.').to_lowercase();
            if ext.is_empty() || ext.contains(['/', '\\', '*']) {
                return Err(at(e.span().start, format!("invalid extension {:?}: write it as \"md\"", e.get_ref())));
            }
            out.push(ext);
        }
        extensions = Some(out);
    }
    if let Some(t) = raw.allow.terms.iter().find(|t| t.trim().is_empty()) {
        return Err(Error::new(ErrorKind::Config, format!("empty allow term {t:?}")).in_file(file.clone()));
    }
    Ok(Config {
        source: Some(path.to_path_buf()),
        rules: raw.rules.iter().map(|r| base.join(r.get_ref())).collect(),
        no_builtin: raw.no_builtin.unwrap_or(false),
        select: raw.select.iter().map(selector).collect(),
        ignore: raw.ignore.iter().map(selector).collect(),
        severity: raw.severity.iter().map(|(k, v)| (selector(k), *v)).collect(),
        fail_on: raw.fail_on,
        allow: AllowList { terms: raw.allow.terms, patterns: allow_patterns },
        exclude,
        exclude_base: base,
        extensions,
    })
}

fn first_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Read and parse a config file.
pub fn load(path: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(ErrorKind::Config, format!("cannot read config file: {e}")).in_file(path.display().to_string())
    })?;
    parse(path, &text)
}

impl Config {
    /// No config file: nothing set, excludes relative to `base` (the current folder).
    pub fn empty(base: PathBuf) -> Config {
        Config { exclude_base: base, ..Config::default() }
    }

    /// Lay `over` (a later layer: the command line over the config file) on top of this one.
    /// Pack paths, `ignore`, severity overrides, allow entries and excludes add up (a later
    /// severity override of the same selector wins); `no-builtin` can only be switched on; a
    /// non-empty `select`, a `fail-on` and `extensions` given in `over` replace this layer's.
    /// The source, and the folder that excludes are relative to, stay this layer's.
    pub fn update(&mut self, over: &Config) {
        self.rules.extend(over.rules.iter().cloned());
        self.no_builtin |= over.no_builtin;
        if !over.select.is_empty() {
            self.select.clone_from(&over.select);
        }
        self.ignore.extend(over.ignore.iter().cloned());
        for (selector, severity) in &over.severity {
            self.severity.retain(|(s, _)| s.value != selector.value);
            self.severity.push((selector.clone(), *severity));
        }
        if over.fail_on.is_some() {
            self.fail_on = over.fail_on;
        }
        self.allow.terms.extend(over.allow.terms.iter().cloned());
        self.allow.patterns.extend(over.allow.patterns.iter().cloned());
        self.exclude.extend(over.exclude.iter().cloned());
        if over.extensions.is_some() {
            self.extensions.clone_from(&over.extensions);
        }
    }

    /// When a run with these settings fails (`fail-on`, `error` when unset).
    pub fn fail_on(&self) -> FailOn {
        self.fail_on.unwrap_or(FailOn::Error)
    }

    /// The settings as a config file, every default written out: what `postlint config`
    /// prints. Fails only for a pack path that is not valid UTF-8.
    pub fn to_toml(&self) -> Result<String, Error> {
        let mut effective = self.clone();
        effective.fail_on = Some(self.fail_on());
        effective.extensions =
            Some(self.extensions.clone().unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect()));
        toml::to_string(&effective).map_err(|e| Error::new(ErrorKind::Config, e.to_string()))
    }

    /// The selection the engine is compiled with: select/ignore, severity overrides and the
    /// `[allow]` list. Check it first with `check_selectors`.
    pub fn selection(&self) -> Selection {
        let values = |list: &[Selector]| list.iter().map(|s| s.value.clone()).collect();
        Selection {
            select: values(&self.select),
            ignore: values(&self.ignore),
            severity: self.severity.iter().map(|(s, severity)| (s.value.clone(), *severity)).collect(),
            allow: AllowMatch { terms: self.allow.terms.clone(), patterns: self.allow.patterns.clone() },
            allow_source: self.source.as_ref().map_or_else(|| "<command line>".into(), |p| p.display().to_string()),
        }
    }

    /// Every selector must select at least one of the loaded rules: a typo would otherwise
    /// silently change nothing. The error points at the selector as written.
    pub fn check_selectors(&self, packs: &[Pack]) -> Result<(), Error> {
        let rules = || packs.iter().flat_map(|p| &p.rules);
        let all = self.select.iter().chain(&self.ignore).chain(self.severity.iter().map(|(s, _)| s));
        for s in all {
            if !rules().any(|r| selects(&s.value, &r.id, &r.category)) {
                return Err(s.error(format!("`{}` matches no rule (see `postlint rules`)", s.value)));
            }
        }
        Ok(())
    }

    /// Whether a folder walk checks this file: its extension is one of `extensions`.
    pub fn is_draft(&self, path: &Path) -> bool {
        let Some(ext) = path.extension().map(|e| e.to_string_lossy().to_lowercase()) else { return false };
        match &self.extensions {
            Some(list) => list.contains(&ext),
            None => DEFAULT_EXTENSIONS.contains(&ext.as_str()),
        }
    }

    /// Compile the exclude globs.
    pub fn excluder(&self) -> Result<Excluder, Error> {
        let mut globs = Vec::new();
        for pattern in &self.exclude {
            let glob = Glob::new(pattern.trim_end_matches('/')).map_err(|e| {
                let file = self.source.as_ref().map_or_else(|| "<command line>".into(), |p| p.display().to_string());
                Error::new(ErrorKind::Config, format!("invalid exclude glob: {e}")).in_file(file)
            })?;
            globs.push((glob.compile_matcher(), !pattern.trim_end_matches('/').contains('/')));
        }
        // The config file itself is never a post (it may list the author's own name).
        let config_file = self.source.as_ref().and_then(|p| std::fs::canonicalize(p).ok());
        Ok(Excluder { globs, base: normalize_path(&self.exclude_base), config_file })
    }
}

/// Decides which paths are excluded, gitignore-style: a glob without `/` matches any single
/// path component (`*.bak`, `archive`); a glob with `/` matches the path relative to the config
/// folder or any folder above the file (`drafts/old/**`, `drafts/old`).
#[derive(Debug, Clone)]
pub struct Excluder {
    globs: Vec<(GlobMatcher, bool)>,
    base: PathBuf,
    config_file: Option<PathBuf>,
}

impl Excluder {
    /// True when `path` (as given, relative to `cwd` if not absolute) is excluded.
    pub fn excludes(&self, path: &Path, cwd: &Path) -> bool {
        if let Some(config) = &self.config_file
            && path.file_name().is_some_and(|n| CONFIG_NAMES.iter().any(|c| n == *c))
            && std::fs::canonicalize(cwd.join(path)).is_ok_and(|p| &p == config)
        {
            return true;
        }
        if self.globs.is_empty() {
            return false;
        }
        let abs = normalize_path(&cwd.join(path));
        let rel = abs.strip_prefix(&self.base).map_or_else(|_| normalize_path(path), Path::to_path_buf);
        self.globs.iter().any(|(glob, by_component)| {
            if *by_component {
                rel.components().any(|c| glob.is_match(c.as_os_str()))
            } else {
                rel.ancestors().filter(|a| !a.as_os_str().is_empty()).any(|a| glob.is_match(a))
            }
        })
    }
}

/// Drop `.` components and resolve `..` lexically (no filesystem access, symlinks untouched):
/// how excludes and baselines compare paths however they were typed.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Config, Error> {
        parse(Path::new("/proj/postlint.toml"), text)
    }

    #[test]
    fn parses_every_key() {
        let s = settings(
            r#"
rules = ["packs/"]
select = ["phi"]
ignore = ["phi.mrn"]
fail-on = "warning"
exclude = ["*.bak", "drafts/old/**"]
[severity]
"phi.ssn" = "warning"
[allow]
terms = ["Dr. Ada Lovelace"]
patterns = ['555-0100']
"#,
        )
        .unwrap();
        assert_eq!(s.rules, vec![PathBuf::from("/proj/packs/")]);
        assert_eq!(s.select[0].value, "phi");
        let at = Origin::File { file: "/proj/postlint.toml".into(), line: 4, column: 11 };
        assert_eq!(s.ignore[0].origin, at);
        assert_eq!(s.fail_on, Some(FailOn::Warning));
        assert_eq!(s.severity[0].1, Severity::Warning);
        assert_eq!(s.allow.terms, vec!["Dr. Ada Lovelace".to_string()]);
        assert_eq!(s.allow.patterns[0].line, 11);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = settings("select = [\"phi\"]\nfail_on = \"warning\"\n").unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(2), Some(1)), "{e}");
        assert!(e.message().contains("unknown field"), "{e}");
        let e = settings("[allow]\npatterns = ['(unclosed']\n").unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(2), Some(13)), "{e}");
        let e = settings("fail-on = \"sometimes\"\n").unwrap_err();
        assert_eq!(e.line(), Some(1), "{e}");
        assert_eq!(e.kind(), ErrorKind::Config);
    }

    #[test]
    fn flags_are_laid_over_the_file_in_one_way() {
        let mut config = settings(
            "rules = [\"a.toml\"]\nselect = [\"phi\"]\nignore = [\"phi.mrn\"]\nfail-on = \"warning\"\n\
             [severity]\n\"phi.ssn\" = \"info\"\n",
        )
        .unwrap();
        let cli = |option: &str, v: &str| Selector::from_cli(v, option);
        // No flags: the file as it is.
        let before = config.to_toml().unwrap();
        config.update(&Config::default());
        assert_eq!(config.to_toml().unwrap(), before);
        let flags = Config {
            rules: vec![PathBuf::from("b.toml")],
            select: vec![cli("--select", "profanity")],
            ignore: vec![cli("--ignore", "phi.dob")],
            severity: vec![(cli("--severity", "phi.ssn"), Severity::Error)],
            fail_on: Some(FailOn::Never),
            ..Config::default()
        };
        config.update(&flags);
        assert_eq!(config.rules, [PathBuf::from("/proj/a.toml"), PathBuf::from("b.toml")]);
        let values = |list: &[Selector]| list.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        assert_eq!(values(&config.select), ["profanity"]);
        assert_eq!(values(&config.ignore), ["phi.mrn", "phi.dob"]);
        assert_eq!(config.severity.len(), 1);
        assert_eq!(config.severity[0].1, Severity::Error);
        assert_eq!(config.fail_on(), FailOn::Never);
        assert_eq!(config.source.as_deref(), Some(Path::new("/proj/postlint.toml")));
    }

    #[test]
    fn the_printed_config_reads_back_as_the_same_config() {
        let config = settings(
            "select = [\"phi\"]\nexclude = [\"*.bak\"]\n[severity]\n\"phi.ssn\" = \"info\"\n\
             [allow]\nterms = [\"Dr. \\\"Ada\\\"\"]\npatterns = ['\\d{3}-0100']\n",
        )
        .unwrap();
        let shown = config.to_toml().unwrap();
        assert!(shown.contains("fail-on = \"error\""), "{shown}");
        assert!(shown.contains("extensions = [\"md\", \"markdown\", \"txt\"]"), "{shown}");
        let again = parse(Path::new("/proj/postlint.toml"), &shown).unwrap();
        assert_eq!(again.to_toml().unwrap(), shown);
        assert_eq!(again.allow.terms, ["Dr. \"Ada\""]);
        assert_eq!(again.allow.patterns[0].value, "\\d{3}-0100");
    }

    #[test]
    fn excluder_matches_components_and_relative_paths() {
        let s = settings("exclude = [\"*.bak\", \"drafts/old\", \"private/**\"]").unwrap();
        let ex = s.excluder().unwrap();
        let cwd = Path::new("/proj");
        assert!(ex.excludes(Path::new("a/b/post.bak"), cwd));
        assert!(ex.excludes(Path::new("./drafts/old/x.md"), cwd));
        assert!(ex.excludes(Path::new("/proj/private/a/b.txt"), cwd));
        assert!(!ex.excludes(Path::new("drafts/new/x.md"), cwd));
        assert!(!ex.excludes(Path::new("notprivate/x.md"), cwd));
        assert!(ex.excludes(Path::new("../private/x.md"), Path::new("/proj/sub")));
    }

    #[test]
    fn extensions_default_to_drafts_and_are_configurable() {
        let s = settings("").unwrap();
        assert!(s.is_draft(Path::new("a/x.md")) && s.is_draft(Path::new("X.TXT")));
        assert!(!s.is_draft(Path::new("x.png")) && !s.is_draft(Path::new("Makefile")));
        let s = settings("extensions = [\".rst\", \"md\"]").unwrap();
        assert!(s.is_draft(Path::new("x.rst")) && s.is_draft(Path::new("x.md")));
        assert!(!s.is_draft(Path::new("x.txt")));
        let e = settings("\nextensions = [\"*.md\"]").unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(2), Some(15)), "{e}");
    }

    #[test]
    fn a_selector_that_selects_nothing_is_an_error_where_it_was_written() {
        let packs = crate::pack::builtin::builtin_packs().unwrap();
        let s = settings("\nignore = [\"phi.snn\"]").unwrap();
        let e = s.check_selectors(&packs).unwrap_err();
        assert_eq!(e.location(), Some(&Location::at("/proj/postlint.toml", 2, 11)), "{e}");
        let mut cli = settings("").unwrap();
        cli.select = vec![Selector::from_cli("nope", "--select")];
        assert_eq!(
            cli.check_selectors(&packs).unwrap_err().to_string(),
            "--select: `nope` matches no rule (see `postlint rules`)"
        );
        assert!(settings("ignore = [\"phi.ssn\"]").unwrap().check_selectors(&packs).is_ok());
    }
}
