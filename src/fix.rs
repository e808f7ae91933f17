//! `postlint fix`: redact what can be redacted safely (patient identifiers become `[SSN]`,
//! `[NAME]`…, profanity is masked `f***`), list what needs a person, and write files back
//! atomically so a draft is never left half-written.

use crate::finding::{Finding, Span};
use crate::mask;
use crate::pack::Rule;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The category whose findings are replaced by a placeholder.
const REDACT_CATEGORY: &str = "phi";
/// The category whose findings are masked in place.
const MASK_CATEGORY: &str = "profanity";

/// What `fix` does with one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Replace the match with a placeholder such as `[SSN]`.
    Redact(String),
    /// Keep the first letter of each word, star the rest.
    Mask,
    /// Cannot be fixed mechanically (a patient's story, a photo caption): a person decides.
    Review,
}

/// Placeholder for a rule: the last part of its id in capitals (`phi.ssn` -> `[SSN]`,
/// `phi.street_address` -> `[STREET ADDRESS]`), so packs name their placeholders by naming
/// their rules.
pub fn placeholder(rule_id: &str) -> String {
    let last = rule_id.rsplit('.').next().unwrap_or(rule_id);
    format!("[{}]", last.replace(['_', '-'], " ").to_uppercase())
}

/// Decide what to do with a finding. Co-occurrence rules point at one piece of a story, not
/// at text that could simply be removed, so they always need review.
pub fn action(f: &Finding, rule: Option<&Rule>) -> Action {
    let combined = rule.is_some_and(|r| r.when.is_some());
    match f.category.as_str() {
        REDACT_CATEGORY if !combined => Action::Redact(placeholder(&f.rule)),
        MASK_CATEGORY if !combined => Action::Mask,
        _ => Action::Review,
    }
}

/// The outcome of fixing one post.
#[derive(Debug, Clone, Default)]
pub struct Fixed {
    pub text: String,
    /// Findings rewritten, with what replaced them.
    pub changed: Vec<(Finding, String)>,
    /// Findings left for a person.
    pub review: Vec<Finding>,
}

/// Apply every mechanical fix to `text`. Overlapping matches are fixed once, by the earliest
/// (longest) one; a finding only partly covered by a fix is left for review.
pub fn fix(text: &str, findings: &[Finding], rules: &[Rule]) -> Fixed {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut edits: Vec<(Span, String)> = Vec::new();
    let mut out = Fixed::default();
    for f in sorted {
        let rule = rules.iter().find(|r| r.id == f.rule);
        let replacement = match action(f, rule) {
            Action::Review => {
                out.review.push(f.clone());
                continue;
            }
            Action::Redact(token) => token,
            Action::Mask => mask::mask(&f.matched),
        };
        match edits.last() {
            Some((last, _)) if last.covers(&f.span) => continue,
            Some((last, _)) if last.overlaps(&f.span) => {
                out.review.push(f.clone());
                continue;
            }
            _ => {}
        }
        edits.push((f.span, replacement.clone()));
        out.changed.push((f.clone(), replacement));
    }
    let mut fixed = String::with_capacity(text.len());
    let mut pos = 0;
    for (span, replacement) in &edits {
        fixed.push_str(&text[pos..span.start]);
        fixed.push_str(replacement);
        pos = span.end;
    }
    fixed.push_str(&text[pos..]);
    out.text = fixed;
    out
}

/// Replace the file at `path` with `contents` atomically: write a temporary file in the same
/// folder, flush it to disk, give it the original's permissions, then rename it over the
/// original. On any failure the original is untouched and the temporary file is removed.
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    atomic_write_with(path, |f| f.write_all(contents))
}

/// `atomic_write` with the writing done by `write` (tests use it to fail part-way).
pub fn atomic_write_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    // Write through a symlink to the file it points at, keeping the link.
    let target = fs::canonicalize(path)?;
    let permissions = fs::metadata(&target)?.permissions();
    let dir = target.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = target.file_name().map_or_else(|| "post".into(), |n| n.to_string_lossy().into_owned());
    let (tmp_path, mut file) = create_temp(&dir, &name)?;
    let result = (|| {
        write(&mut file)?;
        file.sync_all()?;
        fs::set_permissions(&tmp_path, permissions)?;
        drop(file);
        fs::rename(&tmp_path, &target)?;
        // Make the rename itself durable; not every platform can open a folder, so best effort.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
    }
    result
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let candidate = dir.join(format!(".{name}.postlint-{pid}-{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(f) => return Ok((candidate, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str, needle: &str, rule: &str, category: &str) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::in_text(text, start, start + needle.len(), rule, category)
    }

    #[test]
    fn placeholders_come_from_rule_ids() {
        assert_eq!(placeholder("phi.ssn"), "[SSN]");
        assert_eq!(placeholder("phi.street_address"), "[STREET ADDRESS]");
        assert_eq!(placeholder("name"), "[NAME]");
    }

    #[test]
    fn redacts_masks_and_lists_the_rest() {
        let text = "Pt John Smith SSN 523-11-0987, what a fucking day, drinks after";
        let findings = vec![
            f(text, "John Smith", "phi.name", "phi"),
            f(text, "Smith", "phi.surname", "phi"),
            f(text, "523-11-0987", "phi.ssn", "phi"),
            f(text, "fucking", "profanity.strong", "profanity"),
            f(text, "drinks", "alcohol.mention", "alcohol"),
        ];
        let out = fix(text, &findings, &[]);
        assert_eq!(out.text, "Pt [NAME] SSN [SSN], what a f****** day, drinks after");
        assert_eq!(out.changed.len(), 3);
        assert_eq!(out.review.len(), 1);
        assert_eq!(out.review[0].rule, "alcohol.mention");
    }

    #[test]
    fn partly_covered_findings_are_left_for_review() {
        let text = "born 03/14/1962 ok";
        let findings = vec![f(text, "03/14", "phi.date", "phi"), f(text, "14/1962", "phi.other", "phi")];
        let out = fix(text, &findings, &[]);
        assert_eq!(out.text, "born [DATE]/1962 ok");
        assert_eq!(out.review.len(), 1);
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("postlint-fix-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_replaces_content_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("ok");
        let path = dir.join("draft.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        atomic_write(&path, b"new text").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failing_write_leaves_the_original_intact() {
        let dir = temp_dir("fail");
        let path = dir.join("draft.md");
        fs::write(&path, "original draft").unwrap();
        // Half the new text gets written, then the disk "fills up".
        let err = atomic_write_with(&path, |file| {
            file.write_all(b"half of the new")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "simulated full disk"))
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read_to_string(&path).unwrap(), "original draft");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("draft.md")], "temporary file removed");
        fs::remove_dir_all(&dir).unwrap();
    }
}
