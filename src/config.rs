//! Project configuration: find `postlint.toml` / `.postlint.toml`, parse it strictly, merge it
//! with command-line settings, and apply it to the loaded packs before the engine is built.
//!
//! Configuration never changes how the engine matches: it only edits the packs (severity
//! overrides, rules switched off, an extra allow list) and filters which files are read.

use crate::finding::Severity;
use crate::pack::{Allow, AllowMatch, Located, Pack, selects};
use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// File names searched for, in order of preference within one folder.
pub const CONFIG_NAMES: &[&str] = &["postlint.toml", ".postlint.toml"];

/// File extensions a folder walk checks when the config names none (draft-like text).
pub const DEFAULT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Id of the allow list built from the config's `[allow]` table.
pub const CONFIG_ALLOW_ID: &str = "config.allow";

/// A configuration problem: which file, where in it, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

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
    /// `file:line:column` in a config file, or the command-line option.
    pub origin: String,
}

impl Selector {
    pub fn from_cli(value: &str, option: &str) -> Selector {
        Selector { value: value.to_string(), origin: option.to_string() }
    }
}

/// The resolved settings of one run: config file merged with the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The config file these settings came from, if any.
    pub source: Option<PathBuf>,
    /// Extra pack files or folders, config ones first (resolved against the config's folder).
    pub rules: Vec<PathBuf>,
    pub no_builtin: bool,
    /// When non-empty, only these rules are reported.
    pub select: Vec<Selector>,
    /// Rules never reported.
    pub ignore: Vec<Selector>,
    /// Severity overrides; the most specific selector wins.
    pub severity: Vec<(Selector, Severity)>,
    pub fail_on: Option<FailOn>,
    pub allow_terms: Vec<String>,
    pub allow_patterns: Vec<Located<String>>,
    /// Glob patterns of paths not to check, relative to `exclude_base`.
    pub exclude: Vec<String>,
    pub exclude_base: PathBuf,
    /// Extensions (without the dot, lower case) of the files a folder walk checks; `None` =
    /// `DEFAULT_EXTENSIONS`. Files named on the command line are always checked.
    pub extensions: Option<Vec<String>>,
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

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::finding::line_column(text, offset)
}

/// Parse a config file's text. `path` names the file in errors and anchors relative paths.
pub fn parse(path: &Path, text: &str) -> Result<Settings, ConfigError> {
    let file = path.display().to_string();
    let at = |offset: usize, message: String| {
        let (line, column) = line_col(text, offset);
        ConfigError { file: file.clone(), line, column, message }
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(offset, e.message().trim().to_string())
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let selector = |s: &Spanned<String>| {
        let (line, column) = line_col(text, s.span().start);
        Selector { value: s.get_ref().trim().to_string(), origin: format!("{file}:{line}:{column}") }
    };
    let mut allow_patterns = Vec::new();
    for p in raw.allow.patterns {
        let (line, column) = line_col(text, p.span().start);
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
        return Err(ConfigError { file: file.clone(), line: 0, column: 0, message: format!("empty allow term {t:?}") });
    }
    Ok(Settings {
        source: Some(path.to_path_buf()),
        rules: raw.rules.iter().map(|r| base.join(r.get_ref())).collect(),
        no_builtin: raw.no_builtin.unwrap_or(false),
        select: raw.select.iter().map(selector).collect(),
        ignore: raw.ignore.iter().map(selector).collect(),
        severity: raw.severity.iter().map(|(k, v)| (selector(k), *v)).collect(),
        fail_on: raw.fail_on,
        allow_terms: raw.allow.terms,
        allow_patterns,
        exclude,
        exclude_base: base,
        extensions,
    })
}

fn first_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Read and parse a config file.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read config file: {e}"),
    })?;
    parse(path, &text)
}

/// What applying the settings did to the packs.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Rules switched off by `select`/`ignore` (still evaluated as signals for other rules).
    pub disabled: BTreeSet<String>,
}

impl Settings {
    /// Apply selection, severity overrides and allow terms to the merged packs. Rules switched
    /// off become signals, so co-occurrence rules built on them keep working. Every selector
    /// must match at least one rule: a typo would otherwise silently change nothing.
    pub fn apply(&self, packs: &mut Vec<Pack>) -> Result<Applied, ConfigError> {
        let all: Vec<(String, String)> =
            packs.iter().flat_map(|p| p.rules.iter().map(|r| (r.id.clone(), r.category.clone()))).collect();
        let check = |s: &Selector| -> Result<(), ConfigError> {
            if all.iter().any(|(id, cat)| selects(&s.value, id, cat)) {
                Ok(())
            } else {
                Err(selector_error(s, format!("`{}` matches no rule (see `postlint rules`)", s.value)))
            }
        };
        for s in self.select.iter().chain(&self.ignore).chain(self.severity.iter().map(|(s, _)| s)) {
            check(s)?;
        }
        let mut applied = Applied::default();
        for rule in packs.iter_mut().flat_map(|p| p.rules.iter_mut()) {
            let hit = |s: &Selector| selects(&s.value, &rule.id, &rule.category);
            let selected = self.select.is_empty() || self.select.iter().any(hit);
            let ignored = self.ignore.iter().any(hit);
            if !rule.signal && (!selected || ignored) {
                rule.signal = true;
                applied.disabled.insert(rule.id.clone());
            }
            // Most specific wins: an exact id beats a prefix, a longer prefix a shorter one.
            if let Some((_, sev)) = self.severity.iter().filter(|(s, _)| hit(s)).max_by_key(|(s, _)| specificity(s)) {
                rule.severity = *sev;
            }
        }
        if !self.allow_terms.is_empty() || !self.allow_patterns.is_empty() {
            let source = self.source.as_ref().map_or_else(|| "<command line>".into(), |p| p.display().to_string());
            packs.push(Pack {
                id: CONFIG_ALLOW_ID.into(),
                category: "config".into(),
                description: "Allow list from the project configuration".into(),
                source: source.clone(),
                rules: Vec::new(),
                allows: vec![Allow {
                    id: CONFIG_ALLOW_ID.into(),
                    description: "Terms and patterns the project allows everywhere".into(),
                    applies_to: Vec::new(),
                    matcher: AllowMatch { terms: self.allow_terms.clone(), patterns: self.allow_patterns.clone() },
                    examples_pass: Vec::new(),
                    source,
                }],
                lists: BTreeMap::new(),
                phrases: BTreeMap::new(),
                links: Default::default(),
            });
        }
        Ok(applied)
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
    pub fn excluder(&self) -> Result<Excluder, ConfigError> {
        let mut globs = Vec::new();
        for pattern in &self.exclude {
            let glob = Glob::new(pattern.trim_end_matches('/')).map_err(|e| ConfigError {
                file: self.source.as_ref().map_or_else(|| "<command line>".into(), |p| p.display().to_string()),
                line: 0,
                column: 0,
                message: format!("invalid exclude glob: {e}"),
            })?;
            globs.push((glob.compile_matcher(), !pattern.trim_end_matches('/').contains('/')));
        }
        // The config file itself is never a post (it may list the author's own name).
        let config_file = self.source.as_ref().and_then(|p| std::fs::canonicalize(p).ok());
        Ok(Excluder { globs, base: normalize_path(&self.exclude_base), config_file })
    }
}

fn specificity(s: &Selector) -> (usize, usize) {
    (s.value.matches('.').count(), s.value.len())
}

fn selector_error(s: &Selector, message: String) -> ConfigError {
    // The origin is either `file:line:col` or an option name.
    let mut parts = s.origin.rsplitn(3, ':');
    let (col, line, file) = (parts.next(), parts.next(), parts.next());
    match (file, line.and_then(|l| l.parse().ok()), col.and_then(|c| c.parse().ok())) {
        (Some(file), Some(line), Some(column)) => ConfigError { file: file.to_string(), line, column, message },
        _ => ConfigError { file: s.origin.clone(), line: 0, column: 0, message },
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

    fn settings(text: &str) -> Result<Settings, ConfigError> {
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
        assert_eq!(s.ignore[0].origin, "/proj/postlint.toml:4:11");
        assert_eq!(s.fail_on, Some(FailOn::Warning));
        assert_eq!(s.severity[0].1, Severity::Warning);
        assert_eq!(s.allow_terms, vec!["Dr. Ada Lovelace".to_string()]);
        assert_eq!(s.allow_patterns[0].line, 11);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = settings("select = [\"phi\"]\nfail_on = \"warning\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(e.message.contains("unknown field"), "{e}");
        let e = settings("[allow]\npatterns = ['(unclosed']\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 13), "{e}");
        let e = settings("fail-on = \"sometimes\"\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
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
        assert_eq!((e.line, e.column), (2, 15), "{e}");
    }

    #[test]
    fn specificity_prefers_exact_ids() {
        let a = Selector::from_cli("phi", "x");
        let b = Selector::from_cli("phi.ssn", "x");
        assert!(specificity(&b) > specificity(&a));
    }
}
