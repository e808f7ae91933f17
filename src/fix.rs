//! `postlint fix`: redact what can be redacted safely (patient identifiers become `[SSN]`,
//! `[NAME]`…, profanity is masked `f***`), list what needs a person, and write files back
//! atomically so a draft is never left half-written.

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::finding::{Finding, Span, line_column};
use crate::pack::{Fix, Rule};
use crate::suppress;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What `fix` does with one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Replace the match with a placeholder such as `[SSN]`.
    Redact(String),
    /// Star every letter and digit of the match.
    Mask,
    /// Cannot be fixed mechanically (a patient's story, a photo caption): a person decides.
    Review,
}

/// Decide what to do with a finding: what its rule's pack declares (`fix = {...}`). A finding
/// of no loaded rule (an unused suppression) needs a person.
pub fn action(rule: Option<&Rule>) -> Action {
    match rule.map(|r| &r.fix) {
        Some(Fix::Placeholder(p)) => Action::Redact(p.clone()),
        Some(Fix::Mask) => Action::Mask,
        Some(Fix::Review) | None => Action::Review,
    }
}

/// Star everything but white space (`fucking` -> `*******`, `sh!t` -> `****`, an emoji ->
/// `*`): leetspeak symbols left in place could still spell the word. Unlike the report mask, no first letter is kept: `f***` is
/// still a swear word to a reader, and to the profanity pack.
pub fn star(text: &str) -> String {
    // Joiners, variation selectors and skin tones are part of the emoji before them, and so
    // is whatever a joiner joins on.
    let modifier = |c: char| matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{20e3}');
    let mut out = String::with_capacity(text.len());
    let mut joined = false;
    for c in text.chars() {
        if c == '\u{200d}' {
            joined = true;
        } else if !std::mem::take(&mut joined) && !modifier(c) {
            out.push(if c.is_whitespace() { c } else { '*' });
        }
    }
    out
}

/// The outcome of fixing one post.
#[derive(Debug, Clone, Default)]
pub struct Fixed {
    pub text: String,
    /// Findings rewritten, with what replaced them.
    pub changed: Vec<(Finding, String)>,
    /// Findings left for a person.
    pub review: Vec<Finding>,
    /// The edits made, in order and not overlapping: a span of the original text and what
    /// replaced it (a fix that runs into the next one is widened to cover both).
    pub edits: Vec<(Span, String)>,
}

impl Fixed {
    /// The edits made, borrowed (as `diff` takes them).
    pub fn edits(&self) -> Vec<(Span, &str)> {
        self.edits.iter().map(|(span, by)| (*span, by.as_str())).collect()
    }
}

/// Apply every mechanical fix to `text`. Overlapping matches are fixed once, by the earliest
/// (longest) one; a fix that runs past the end of the one before widens it, so no piece of an
/// identifier is left behind (`03/14` and `14/1962` in `03/14/1962` become one `[DATE]`).
pub fn fix(text: &str, findings: &[Finding], rules: &[Rule]) -> Fixed {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut edits: Vec<(Span, String)> = Vec::new();
    let mut out = Fixed::default();
    for f in sorted {
        let rule = rules.iter().find(|r| r.id == f.rule);
        let replacement = match action(rule) {
            Action::Review => {
                out.review.push(f.clone());
                continue;
            }
            Action::Redact(token) => token,
            Action::Mask => star(&text[f.span.start..f.span.end]),
        };
        match edits.last_mut() {
            Some((last, _)) if last.covers(&f.span) => continue,
            Some((last, by)) if last.overlaps(&f.span) => {
                last.end = f.span.end;
                out.changed.push((f.clone(), by.clone()));
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
    out.edits = edits;
    out
}

/// Check a post and fix it: what front ends (`postlint fix`, an editor) call.
pub fn fix_post(engine: &Engine, text: &str) -> Fixed {
    fix(text, &findings(engine, text), engine.rules())
}

/// The findings `fix` works from: the post's findings after suppression comments, plus
/// redactable findings that run across a single line break (a hard-wrapped draft splits
/// `John` / `Smith` or `42 Elm` / `Street` over two lines; the checker reads lines as they
/// are, so `fix` also reads the post with such breaks joined).
pub fn findings(engine: &Engine, text: &str) -> Vec<Finding> {
    let mut found = engine.check(text);
    if let Some(joined) = join_wrapped_lines(text) {
        let known: std::collections::HashSet<(Span, String)> = found.iter().map(|f| (f.span, f.rule.clone())).collect();
        for mut f in engine.check(&joined) {
            let inside = &text[f.span.start..f.span.end];
            let redactable = engine.rules().iter().any(|r| r.id == f.rule && matches!(r.fix, Fix::Placeholder(_)));
            if !redactable || !inside.contains('\n') || known.contains(&(f.span, f.rule.clone())) {
                continue;
            }
            (f.line, f.column) = line_column(text, f.span.start);
            f.matched = inside.to_string();
            found.push(f);
        }
        found.sort_by_key(|f| (f.span.start, f.span.end));
    }
    suppress::apply_where(text, found, |selector| crate::lint::reports(engine, selector))
}

/// `text` with every single line break (one between two non-blank lines) turned into spaces,
/// byte for byte, so offsets still point into `text`; `None` when there is none.
fn join_wrapped_lines(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut joined = bytes.to_vec();
    let mut any = false;
    let lines: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                out.push((start, i));
                start = i + 1;
            }
        }
        out.push((start, bytes.len()));
        out
    };
    for pair in lines.windows(2) {
        let ((a_start, a_end), (b_start, b_end)) = (pair[0], pair[1]);
        let blank = |s: usize, e: usize| text[s..e].trim().is_empty();
        if blank(a_start, a_end) || blank(b_start, b_end) {
            continue;
        }
        joined[a_end] = b' ';
        if a_end > a_start && bytes[a_end - 1] == b'\r' {
            joined[a_end - 1] = b' ';
        }
        any = true;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    if any { String::from_utf8(joined).ok() } else { None }
}

/// A unified diff (`--- a/path`, `+++ b/path`, hunks with three lines of context) from
/// `original` to `original` with `edits` (non-overlapping spans and their replacements)
/// applied; built from the edits themselves, so linear in the post. Empty when nothing changes.
pub fn diff(path: &str, original: &str, edits: &[(Span, &str)]) -> String {
    const CONTEXT: usize = 3;
    if edits.iter().all(|(span, by)| &original[span.start..span.end] == *by) {
        return String::new();
    }
    let lines: Vec<&str> = original.split_inclusive('\n').collect();
    let mut line_starts = Vec::with_capacity(lines.len() + 1);
    let mut offset = 0;
    for l in &lines {
        line_starts.push(offset);
        offset += l.len();
    }
    line_starts.push(offset);
    // 0-based line index of a byte offset.
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
    let mut edits: Vec<(&Span, &str)> = edits.iter().map(|(span, by)| (span, *by)).collect();
    edits.sort_by_key(|(span, _)| span.start);
    // Groups of edits whose changed lines are at most 2 * CONTEXT lines apart.
    // (first line, last line, edits) of each hunk.
    type Hunk<'e> = (usize, usize, Vec<(&'e Span, &'e str)>);
    let mut groups: Vec<Hunk> = Vec::new();
    for (span, by) in edits {
        let (first, last) = (line_of(span.start), line_of(span.end.saturating_sub(1).max(span.start)));
        match groups.last_mut() {
            Some((_, end, members)) if first <= *end + 2 * CONTEXT + 1 => {
                *end = (*end).max(last);
                members.push((span, by));
            }
            _ => groups.push((first, last, vec![(span, by)])),
        }
    }
    // `a/` and `b/` as git writes them, so `git apply` takes it; not before an absolute path.
    let (a, b) = if path.starts_with('/') { ("", "") } else { ("a/", "b/") };
    let mut out = format!("--- {a}{path}\n+++ {b}{path}\n");
    let mut shift: isize = 0;
    for (first, last, members) in groups {
        let (from, to) = (first.saturating_sub(CONTEXT), (last + CONTEXT).min(lines.len().saturating_sub(1)));
        let (changed_start, changed_end) = (line_starts[first], line_starts[last + 1]);
        let mut new_text = String::new();
        let mut pos = changed_start;
        for (span, by) in &members {
            new_text.push_str(&original[pos..span.start]);
            new_text.push_str(by);
            pos = span.end;
        }
        new_text.push_str(&original[pos..changed_end]);
        let new_lines: Vec<&str> = new_text.split_inclusive('\n').collect();
        let old_count = to - from + 1;
        let new_count = old_count - (last - first + 1) + new_lines.len();
        let new_from = (from as isize + shift) as usize;
        out.push_str(&format!("@@ -{},{} +{},{} @@\n", from + 1, old_count, new_from + 1, new_count));
        let mut push = |mark: char, line: &str| {
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        };
        lines[from..first].iter().for_each(|l| push(' ', l));
        lines[first..=last].iter().for_each(|l| push('-', l));
        new_lines.iter().for_each(|l| push('+', l));
        lines[last + 1..=to].iter().for_each(|l| push(' ', l));
        shift += new_lines.len() as isize - (last - first + 1) as isize;
    }
    out
}

/// `atomic_write`, unless the file no longer holds `expected` (someone saved it while we were
/// working): then nothing is written and the error is `ErrorKind::Changed`. Compared just
/// before the rename, so only an edit in that instant can still be lost. Other failures are
/// `ErrorKind::Io`. Either way the error is in `path`.
pub fn atomic_write_if_unchanged(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), Error> {
    let file = || path.display().to_string();
    let written = atomic_write_checked(path, |f| f.write_all(contents), |target| Ok(fs::read(target)? == expected))
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()).in_file(file()))?;
    if written {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Changed, "changed since it was read, not rewritten (run fix again)").in_file(file()))
    }
}

/// Replace the file at `path` with `contents` atomically: write a temporary file in the same
/// folder, flush it to disk, give it the original's permissions, then rename it over the
/// original. On any failure the original is untouched and the temporary file is removed.
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    atomic_write_with(path, |f| f.write_all(contents))
}

/// `atomic_write` with the writing done by `write` (tests use it to fail part-way).
pub fn atomic_write_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    atomic_write_checked(path, write, |_| Ok(true)).map(|_| ())
}

/// `atomic_write_with`, where `still_ok(target)` runs just before the rename; when it says
/// false the temporary file is removed, the original left as it is, and the result is false.
fn atomic_write_checked(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    still_ok: impl FnOnce(&Path) -> io::Result<bool>,
) -> io::Result<bool> {
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
        if !still_ok(&target)? {
            return Ok(false);
        }
        fs::rename(&tmp_path, &target)?;
        // Make the rename itself durable; not every platform can open a folder, so best effort.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(true)
    })();
    if !matches!(result, Ok(true)) {
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

    /// Rules that redact (`phi.*`, from labels or given placeholders), mask (`profanity.*`)
    /// and leave findings to a person (`alcohol.*`), as a pack declares them.
    fn rules() -> Vec<Rule> {
        let redact = r#"
[pack]
id = "p"
category = "phi"
fix = { action = "redact" }

[[rule]]
id = "phi.name"
severity = "error"
label = "a name"
message = "m"
help = "h"
terms = ["John Smith"]

[[rule]]
id = "phi.surname"
severity = "error"
label = "a name"
message = "m"
help = "h"
terms = ["Smith"]

[[rule]]
id = "phi.ssn"
severity = "error"
fix = { placeholder = "[SSN]" }
message = "m"
help = "h"
terms = ["x"]

[[rule]]
id = "phi.date"
severity = "error"
label = "a date"
message = "m"
help = "h"
terms = ["x"]

[[rule]]
id = "phi.other"
severity = "error"
message = "m"
help = "h"
terms = ["x"]
"#;
        let mask = "[pack]\nid = \"q\"\ncategory = \"profanity\"\nfix = { action = \"mask\" }\n\n\
                    [[rule]]\nid = \"profanity.strong\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"x\"]\n";
        let review = "[pack]\nid = \"r\"\ncategory = \"alcohol\"\n\n\
                      [[rule]]\nid = \"alcohol.mention\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"x\"]\n";
        [redact, mask, review].iter().flat_map(|t| crate::pack::parse_pack("t.toml", t).unwrap().rules).collect()
    }

    #[test]
    fn actions_come_from_the_pack() {
        let rules = rules();
        let of = |id: &str| action(rules.iter().find(|r| r.id == id));
        assert_eq!(of("phi.name"), Action::Redact("[NAME]".into()), "from the label");
        assert_eq!(of("phi.ssn"), Action::Redact("[SSN]".into()), "given");
        assert_eq!(of("phi.other"), Action::Redact("[OTHER]".into()), "no label: from the id");
        assert_eq!(of("profanity.strong"), Action::Mask);
        assert_eq!(of("alcohol.mention"), Action::Review);
        assert_eq!(of("postlint.unused-suppression"), Action::Review, "not a loaded rule");
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
        let out = fix(text, &findings, &rules());
        assert_eq!(out.text, "Pt [NAME] SSN [SSN], what a ******* day, drinks after");
        assert_eq!(out.changed.len(), 3);
        assert_eq!(out.review.len(), 1);
        assert_eq!(out.review[0].rule, "alcohol.mention");
    }

    #[test]
    fn overlapping_fixes_merge_and_leave_no_piece_behind() {
        let text = "born 03/14/1962 ok";
        let findings = vec![f(text, "03/14", "phi.date", "phi"), f(text, "14/1962", "phi.other", "phi")];
        let out = fix(text, &findings, &rules());
        assert_eq!(out.text, "born [DATE] ok");
        assert!(out.review.is_empty());
        assert_eq!(out.edits, vec![(Span::new(5, 15), "[DATE]".to_string())]);
    }

    #[test]
    fn stars_cover_letters_digits_and_emoji() {
        assert_eq!(star("fucking"), "*******");
        assert_eq!(star("sh!t-show"), "*********");
        assert_eq!(star("🤬 👍🏽 🧑‍⚕️"), "* * *");
    }

    #[test]
    fn wrapped_lines_are_joined_byte_for_byte() {
        assert_eq!(join_wrapped_lines("one line"), None);
        assert_eq!(join_wrapped_lines("a\n\nb"), None, "a paragraph break stays");
        assert_eq!(
            join_wrapped_lines("my pt John\nSmith\r\nat 42 Elm\n\nnext").unwrap(),
            "my pt John Smith  at 42 Elm\n\nnext"
        );
    }

    #[test]
    fn diffs_show_the_changed_lines_with_context() {
        let text = "1\n2\n3\n4 John Smith\n5\n6\n7\n8\n9\n10\n11\n12\n13 Smith";
        let rules = rules();
        let findings = vec![f(text, "John Smith", "phi.name", "phi"), f(text, "13 Smith", "phi.other", "phi")];
        let fixed = fix(text, &findings, &rules);
        assert_eq!(
            diff("d.md", text, &fixed.edits()),
            "--- a/d.md\n+++ b/d.md\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4 John Smith\n+4 [NAME]\n 5\n 6\n 7\n\
             @@ -10,4 +10,4 @@\n 10\n 11\n 12\n-13 Smith\n\\ No newline at end of file\n+[OTHER]\n\\ No newline at end of file\n"
        );
        assert_eq!(diff("d.md", text, &fix(text, &[], &rules).edits()), "", "nothing to fix, no diff");
        // A fix across a line break joins the lines.
        let wrapped = "a\nJohn\nSmith\nb\n";
        let joined = fix(wrapped, &[f(wrapped, "John\nSmith", "phi.name", "phi")], &rules);
        assert_eq!(joined.text, "a\n[NAME]\nb\n");
        assert_eq!(
            diff("w", wrapped, &joined.edits()),
            "--- a/w\n+++ b/w\n@@ -1,4 +1,3 @@\n a\n-John\n-Smith\n+[NAME]\n b\n"
        );
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

    #[test]
    fn a_file_changed_since_it_was_read_is_not_rewritten() {
        let dir = temp_dir("changed");
        let path = dir.join("draft.md");
        fs::write(&path, "edited by someone else").unwrap();
        let err = atomic_write_if_unchanged(&path, b"what fix read", b"fixed").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Changed, "{err:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited by someone else");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left");
        atomic_write_if_unchanged(&path, b"edited by someone else", b"fixed").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "fixed");
        fs::remove_dir_all(&dir).unwrap();
    }
}
