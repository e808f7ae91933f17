//! Fingerprints that survive edits elsewhere in a file, and the baseline file built from them.
//!
//! A fingerprint hashes where the post lives (file, plus JSONL `id` or record), the rule, the
//! matched text (case and spacing folded) and how many identical findings came before it in
//! that post, but not the line or column, so moving text around does not make an accepted
//! finding look new. The baseline file stores only fingerprints, never the matched text.

use crate::error::{Error, ErrorKind};
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Version tag mixed into every fingerprint; bump it when the recipe changes.
const RECIPE: &str = "postlint-fp-v1";

/// 64-bit FNV-1a: tiny, stable across platforms and releases (unlike `std`'s hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn fold(matched: &str) -> String {
    matched.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Fingerprints of a post's findings (same order). `location` names the post: its path, and
/// for JSONL its id or record number.
pub fn fingerprints(location: &str, findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let key = (f.rule.clone(), fold(&f.matched));
            let n = seen.entry(key.clone()).or_default();
            let material = format!("{RECIPE}\0{location}\0{}\0{}\0{n}", key.0, key.1);
            *n += 1;
            // Two different seeds give 128 bits: collisions between findings are not a concern.
            format!("{:016x}{:016x}", fnv1a(material.as_bytes()), fnv1a(format!("{material}\0b").as_bytes()))
        })
        .collect()
}

/// The folder baseline paths are relative to: the nearest folder at or above `start` holding
/// `.git`, else `start` itself. `start` is the baseline file's folder (or the current folder).
pub fn root_for(start: &Path) -> PathBuf {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| crate::config::normalize_path(start));
    start.ancestors().find(|d| d.join(".git").exists()).unwrap_or(&start).to_path_buf()
}

/// A checked file's path as fingerprints see it: relative to `root` with `/` separators, so
/// `./bl/x.md`, `bl/x.md`, an absolute path or a run from another folder all give the same
/// fingerprint. A path outside `root` stays absolute. `<stdin>` is kept as it is.
pub fn relative_path(path: &str, cwd: &Path, root: &Path) -> String {
    if path.starts_with('<') {
        return path.to_string();
    }
    let abs = crate::config::normalize_path(&cwd.join(path));
    // Resolve the folder (not the file: a symlinked draft keeps its own name), so a root
    // reached through a symlinked folder (macOS `/tmp`) still matches.
    let abs = match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir).map_or(abs.clone(), |d| d.join(name)),
        _ => abs,
    };
    match abs.strip_prefix(root) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        Err(_) => abs.to_string_lossy().into_owned(),
    }
}

/// The post location used in fingerprints.
pub fn location(path: &str, record: Option<usize>, id: Option<&str>) -> String {
    match (id, record) {
        (Some(id), _) => format!("{path}#id={id}"),
        (None, Some(r)) => format!("{path}#record={r}"),
        (None, None) => path.to_string(),
    }
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

/// A baseline file: findings accepted as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 2: paths relative to the repository root. 1: paths as given on the command line
    /// (still read: a finding matches under either path).
    pub version: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    pub const VERSION: u32 = 2;

    pub fn new() -> Baseline {
        Baseline { version: Self::VERSION, findings: Vec::new() }
    }

    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let err = |message: String| Error::new(ErrorKind::Baseline, message).in_file(path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read baseline: {e}")))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| err(format!("line {}, column {}: not a postlint baseline: {e}", e.line(), e.column())))?;
        if !(1..=Self::VERSION).contains(&baseline.version) {
            return Err(err(format!(
                "baseline version {} is not supported (expected {}); write it again with --write-baseline",
                baseline.version,
                Self::VERSION
            )));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Fingerprints in the baseline, for quick lookup.
    pub fn set(&self) -> std::collections::HashSet<&str> {
        self.findings.iter().map(|e| e.fingerprint.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str, needles: &[(&str, &str)]) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut from = 0;
        for (needle, rule) in needles {
            let start = from + text[from..].find(needle).unwrap();
            from = start + needle.len();
            out.push(Finding::in_text(text, start, from, rule, "phi"));
        }
        out
    }

    #[test]
    fn fingerprints_survive_moved_lines_but_not_new_matches() {
        let before = "3/14 visit\nJohn Smith\n3/14 again";
        let after = "new first line\n\n3/14 visit\nJohn   Smith\n3/14 again";
        let needles = [("3/14", "phi.date"), ("John Smith", "phi.name"), ("3/14", "phi.date")];
        let a = fingerprints("a.md", &findings(before, &needles));
        let needles_after = [("3/14", "phi.date"), ("John   Smith", "phi.name"), ("3/14", "phi.date")];
        let b = fingerprints("a.md", &findings(after, &needles_after));
        assert_eq!(a, b);
        assert_ne!(a[0], a[2], "repeated matches get distinct fingerprints");
        let other_file = fingerprints("b.md", &findings(before, &needles));
        assert_ne!(a[0], other_file[0]);
        let changed = fingerprints("a.md", &findings("3/15 visit", &[("3/15", "phi.date")]));
        assert_ne!(a[0], changed[0]);
    }

    #[test]
    fn relative_paths_name_a_file_one_way_from_anywhere() {
        let root = Path::new("/nonexistent-postlint-root/repo");
        let rel = |path: &str, cwd: &str| relative_path(path, Path::new(cwd), root);
        assert_eq!(rel("./bl/x.md", "/nonexistent-postlint-root/repo"), "bl/x.md");
        assert_eq!(rel("bl/x.md", "/nonexistent-postlint-root/repo"), "bl/x.md");
        assert_eq!(rel("x.md", "/nonexistent-postlint-root/repo/bl"), "bl/x.md");
        assert_eq!(rel("../bl/./x.md", "/nonexistent-postlint-root/repo/other"), "bl/x.md");
        assert_eq!(rel("/nonexistent-postlint-root/repo/bl/x.md", "/"), "bl/x.md");
        // Outside the root: the absolute path; standard input keeps its name.
        assert_eq!(
            rel("../elsewhere/y.md", "/nonexistent-postlint-root/repo"),
            "/nonexistent-postlint-root/elsewhere/y.md"
        );
        assert_eq!(rel("<stdin>", "/nonexistent-postlint-root/repo"), "<stdin>");
    }

    #[test]
    fn baseline_round_trips_and_rejects_other_versions() {
        let dir = std::env::temp_dir().join(format!("postlint-baseline-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.json");
        let mut b = Baseline::new();
        b.findings.push(Entry { path: "a".into(), rule: "r".into(), fingerprint: "f".into() });
        std::fs::write(&path, b.to_json()).unwrap();
        assert_eq!(Baseline::load(&path).unwrap(), b);
        std::fs::write(&path, "{\"version\": 9, \"findings\": []}").unwrap();
        assert!(Baseline::load(&path).unwrap_err().to_string().contains("version 9"));
        std::fs::write(&path, "{\"version\": 1,\n \"oops\": 1}").unwrap();
        assert!(Baseline::load(&path).unwrap_err().to_string().contains("line 2"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
