//! Reading posts: stdin, files, folders, and JSONL batches. Every problem becomes a
//! `postlint::Error` naming the file, line and column (`ErrorKind::Input`, or
//! `ErrorKind::Skipped` for what only deserves a note); the other inputs are still read.

use postlint::{Error, ErrorKind, Location};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// One post to check.
#[derive(Debug, Clone)]
pub struct Post {
    pub path: String,
    pub record: Option<usize>,
    pub id: Option<String>,
    pub text: String,
}

/// The problem as reports carry it.
pub fn problem(e: &Error) -> postlint::report::Problem {
    postlint::report::Problem {
        path: e.file().unwrap_or_default().to_string(),
        line: e.line(),
        column: e.column(),
        message: e.message().to_string(),
    }
}

/// What a source of posts yields.
pub type Item = Result<Post, Error>;

pub const STDIN_NAME: &str = "<stdin>";

/// An input that could not be read.
fn error(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Input, message).in_file(path)
}

/// An input passed over that is only worth a note (the run does not fail because of it).
fn skipped(path: &str, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Skipped, message).in_file(path)
}

/// Paths travel as `String`s; a name that is not UTF-8 could not be opened again.
const NOT_UTF8_NAME: &str = "file name is not valid UTF-8, not checked; rename the file";

/// Said of a binary file named on the command line (a binary file met in a folder only
/// gets a note: folders hold images and the like that are not drafts).
const BINARY: &str = "binary file, not checked (postlint reads UTF-8 text; save the draft as plain text)";

/// Expand paths into the files to read. `-` stands for stdin. A file named on the command
/// line is always read; a folder is walked in name order the way ripgrep walks it (hidden
/// entries skipped, `.gitignore`, `.ignore` and git's exclude files honoured), keeping the
/// files `keep` accepts (the draft-like extensions), and never following a symbolic link out
/// of the folder named. Problems (missing path, symlink loop, unreadable folder) become
/// errors; binary files and links out of the tree inside folders become notes.
pub fn expand_paths(paths: &[PathBuf], keep: &mut dyn FnMut(&Path) -> bool) -> Vec<Result<String, Error>> {
    if paths.is_empty() {
        return vec![Ok("-".into())];
    }
    let mut out = Vec::new();
    for p in paths {
        let shown = p.display().to_string();
        if shown == "-" {
            out.push(Ok(shown));
            continue;
        }
        if let Err(e) = p.metadata() {
            let why = if p.symlink_metadata().is_ok() {
                format!("broken symbolic link: {e}")
            } else if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                format!("cannot read: {e}")
            };
            out.push(Err(error(&shown, why)));
            continue;
        }
        if !p.is_dir() {
            // A named pipe would block the run until something writes to it; a device or
            // socket is no draft either.
            let regular = p.metadata().is_ok_and(|m| m.is_file());
            out.push(if !regular {
                Err(error(&shown, NOT_A_FILE))
            } else if p.to_str().is_none() {
                Err(error(&shown, NOT_UTF8_NAME))
            } else {
                Ok(shown)
            });
            continue;
        }
        let before = out.len();
        walk_folder(p, &shown, keep, &mut out);
        if out.len() == before {
            out.push(Err(skipped(&shown, "folder holds no files to check")));
        }
    }
    out
}

/// Walk one folder (see `expand_paths`). The `ignore` crate (ripgrep's walker) gives the
/// gitignore rules exactly as git and ripgrep read them, including nested and negated ones.
fn walk_folder(root: &Path, shown: &str, keep: &mut dyn FnMut(&Path) -> bool, out: &mut Vec<Result<String, Error>>) {
    let tree = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Links that lead out of the tree, noted by the filter as the walk meets them.
    let escaped: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
    let noted = Arc::clone(&escaped);
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        // Honour .gitignore in a folder that is not (yet) a git repository too.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let outside = e.depth() > 0
                && e.path_is_symlink()
                && std::fs::canonicalize(e.path()).is_ok_and(|target| !target.starts_with(&tree));
            if outside {
                noted.lock().unwrap_or_else(PoisonError::into_inner).push(e.path().to_path_buf());
            }
            !outside
        })
        .build();
    for entry in walker {
        for link in escaped.lock().unwrap_or_else(PoisonError::into_inner).drain(..) {
            let why = "symbolic link leads out of the folder being checked, not followed";
            out.push(Err(skipped(&link.display().to_string(), why)));
        }
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let path = e.path().display().to_string();
                if e.path().to_str().is_none() {
                    out.push(Err(error(&path, NOT_UTF8_NAME)));
                } else if !keep(e.path()) {
                } else if file_looks_binary(e.path()) {
                    out.push(Err(skipped(&path, "binary file, skipped")));
                } else {
                    out.push(Ok(path));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let (path, why) = walk_error(&e);
                let where_ = path.map_or_else(|| shown.to_string(), |x| x.display().to_string());
                // A bad line in a .gitignore does not stop the walk: worth a note.
                let note = matches!(e, ignore::Error::Partial(_)) || why.starts_with("ignore file");
                out.push(Err(if note { skipped(&where_, why) } else { error(&where_, why) }));
            }
        }
    }
    for link in escaped.lock().unwrap_or_else(PoisonError::into_inner).drain(..) {
        let why = "symbolic link leads out of the folder being checked, not followed";
        out.push(Err(skipped(&link.display().to_string(), why)));
    }
}

/// The I/O error inside a walk error, if that is what it is.
fn io_error(e: &ignore::Error) -> Option<&std::io::Error> {
    match e {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithPath { err, .. } => io_error(err),
        _ => None,
    }
}

/// An I/O error in the words the system uses ("Permission denied (os error 13)"), without
/// the walker's "IO error for operation on PATH" prefix (the path is shown already).
fn plain_io(io: &std::io::Error) -> String {
    io.raw_os_error().map_or_else(|| io.to_string(), |code| std::io::Error::from_raw_os_error(code).to_string())
}

/// The path a walk error is about (if known) and what went wrong, in words.
fn walk_error(e: &ignore::Error) -> (Option<PathBuf>, String) {
    match e {
        ignore::Error::WithDepth { err, .. } => walk_error(err),
        ignore::Error::WithLineNumber { line, err } => {
            let (path, why) = walk_error(err);
            (path, format!("ignore file line {line}: {why}"))
        }
        ignore::Error::WithPath { path, err } => {
            let (_, why) = walk_error(err);
            let why = match (io_error(err), path.symlink_metadata().is_ok_and(|m| m.is_symlink())) {
                (Some(io), true) => format!("broken symbolic link: {}", plain_io(io)),
                _ => why,
            };
            (Some(path.clone()), why)
        }
        ignore::Error::Loop { ancestor, child } => {
            (Some(child.clone()), format!("symlink loop (leads back to {}), skipped", ancestor.display()))
        }
        ignore::Error::Io(io) => (None, format!("cannot read: {}", plain_io(io))),
        ignore::Error::Partial(errors) => match errors.first() {
            Some(first) => {
                let (path, why) = walk_error(first);
                (path, if why.starts_with("ignore file") { why } else { format!("ignore file: {why}") })
            }
            None => (None, e.to_string()),
        },
        other => (None, format!("ignore file: {other}")),
    }
}

/// Said of a path that is neither a file nor a folder.
const NOT_A_FILE: &str =
    "not a regular file (a named pipe, socket or device), not checked; to check a stream, pipe it to standard input";

/// Largest post (a text file, or one JSONL line) postlint reads: far beyond any draft, and
/// it keeps memory bounded when an endless stream is piped in.
const MAX_POST_BYTES: usize = 256 * 1024 * 1024;

/// Why a readable input is not checked.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    Binary,
    TooLarge,
}

/// Read at most `cap` bytes; sniff the first 8 KiB first, so an endless binary stream
/// (`/dev/zero`) is refused before it fills memory.
/// `expected` is the input's length if known (a file's): reading into exactly that much room
/// avoids the slack of a doubling buffer (128 MB of room for a 100 MB post).
fn read_capped(mut reader: impl Read, cap: usize, expected: usize) -> std::io::Result<Result<Vec<u8>, Refused>> {
    let mut bytes = Vec::new();
    (&mut reader).take(8192).read_to_end(&mut bytes)?;
    if looks_binary(&bytes) {
        return Ok(Err(Refused::Binary));
    }
    bytes.reserve_exact(expected.min(cap.saturating_add(1)).saturating_sub(bytes.len()));
    let rest = (cap + 1).saturating_sub(bytes.len()) as u64;
    reader.take(rest).read_to_end(&mut bytes)?;
    Ok(if bytes.len() > cap { Err(Refused::TooLarge) } else { Ok(bytes) })
}

/// Read a whole input (a file or `-`) as bytes.
pub fn read_all(path: &str) -> Result<Vec<u8>, Error> {
    let name = display_name(path);
    let result = if path == "-" {
        read_capped(std::io::stdin().lock(), MAX_POST_BYTES, 0)
    } else {
        std::fs::File::open(Path::new(path)).and_then(|f| {
            let expected = f.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
            read_capped(f, MAX_POST_BYTES, expected)
        })
    };
    match result {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(Refused::Binary)) => Err(error(name, BINARY)),
        Ok(Err(Refused::TooLarge)) => {
            let what = if path == "-" { "input" } else { "file" };
            Err(error(
                name,
                format!("{what} is larger than {} MiB, not checked; split it into posts", MAX_POST_BYTES >> 20),
            ))
        }
        Err(e) => Err(error(name, format!("cannot read: {e}"))),
    }
}

pub fn display_name(path: &str) -> &str {
    if path == "-" { STDIN_NAME } else { path }
}

/// Bytes as UTF-8 text, or an error giving the line, column and byte offset of the first
/// invalid byte (we never guess an encoding).
pub fn decode(path: &str, bytes: Vec<u8>, first_line: usize) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, column) = postlint::finding::line_column(valid, valid.len());
        let why = format!("not valid UTF-8 (invalid byte at offset {offset}); save the file as UTF-8");
        Error::new(ErrorKind::Input, why).at(Location::at(path, line + first_line - 1, column))
    })
}

/// A file whose first 8 KiB hold a NUL byte is treated as binary and skipped.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Sniff a file's first 8 KiB; read errors are left for the real read to report.
fn file_looks_binary(path: &Path) -> bool {
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path).and_then(|f| f.take(8192).read_to_end(&mut head)).is_ok_and(|_| looks_binary(&head))
}

/// A whole file (or stdin) as one post; `None` for empty standard input (nothing was sent,
/// so there is no post; an empty file is still an empty post).
pub fn read_text_post(path: &str) -> Option<Item> {
    let name = display_name(path);
    let bytes = match read_all(path) {
        Ok(bytes) if bytes.is_empty() && path == "-" => return None,
        Ok(bytes) => bytes,
        Err(e) => return Some(Err(e)),
    };
    Some(decode(name, bytes, 1).map(|text| Post { path: name.to_string(), record: None, id: None, text }))
}

/// Every post of a CSV export (scheduling tools): a header row names the columns, each
/// further row is a post with its text in column `text_field` and, when given, its id in
/// `id_field`. Quoted fields may hold commas, quotes and line breaks. A post's record is the
/// 0-based line its row starts on. Problems name the file, the line and the column.
pub fn read_csv_posts(path: &str, text_field: &str, id_field: Option<&str>) -> Vec<Item> {
    let name = display_name(path);
    let bytes = match read_all(path) {
        Ok(bytes) => bytes,
        Err(e) => return vec![Err(e)],
    };
    let at = |line: u64, message: String| {
        let line = usize::try_from(line).ok().filter(|&l| l > 0);
        Error::new(ErrorKind::Input, message).at(Location { file: name.to_string(), line, column: None })
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[..]);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return vec![Err(at(csv_line(&e), csv_message(&e)))],
    };
    if headers.is_empty() || bytes.is_empty() {
        return vec![Err(at(1, "empty CSV file: no header row naming the columns".into()))];
    }
    let names: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h);
            // A byte-order mark (spreadsheet exports) is not part of the first name.
            if i == 0 { h.trim_start_matches('\u{feff}').to_string() } else { h.into_owned() }
        })
        .collect();
    let column = |wanted: &str, option: &str| -> Result<usize, Error> {
        let found: Vec<usize> = names.iter().enumerate().filter(|(_, n)| n.trim() == wanted).map(|(i, _)| i).collect();
        match found[..] {
            [one] => Ok(one),
            [] => Err(at(
                1,
                format!("no column `{wanted}` in the header (columns: {}); set it with {option}", names.join(", ")),
            )),
            [first, second, ..] => Err(at(
                1,
                format!(
                    "column `{wanted}` appears twice in the header (columns {} and {}); rename one",
                    first + 1,
                    second + 1
                ),
            )),
        }
    };
    let text_col = match column(text_field, "--text-field") {
        Ok(c) => c,
        Err(e) => return vec![Err(e)],
    };
    let id_col = match id_field.map(|f| column(f, "--id-field")).transpose() {
        Ok(c) => c,
        Err(e) => return vec![Err(e)],
    };
    let mut out = Vec::new();
    let mut row = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(0, csv::Position::line);
                let field = |col: usize, what: &str| -> Result<String, Error> {
                    let bytes = row.get(col).unwrap_or_default();
                    String::from_utf8(bytes.to_vec()).map_err(|e| {
                        at(
                            line,
                            format!(
                                "column `{what}` (column {}): not valid UTF-8 (invalid byte {} of the field); save the file as UTF-8",
                                col + 1,
                                e.utf8_error().valid_up_to() + 1
                            ),
                        )
                    })
                };
                let post = field(text_col, text_field).and_then(|text| {
                    let id = match (id_col, id_field) {
                        (Some(c), Some(f)) => Some(field(c, f)?).filter(|id| !id.trim().is_empty()),
                        _ => None,
                    };
                    let record = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
                    Ok(Post { path: name.to_string(), record: Some(record), id, text })
                });
                out.push(post);
            }
            Err(e) => {
                let stop = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. });
                out.push(Err(at(csv_line(&e), csv_message(&e))));
                if stop {
                    break;
                }
            }
        }
    }
    out
}

/// The 1-based line a CSV error is on (0 when unknown).
fn csv_line(e: &csv::Error) -> u64 {
    e.position().map_or(0, csv::Position::line)
}

/// A CSV error in words, without the position (the line is shown already).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("row has {len} columns, the header has {expected_len}; quote fields that hold commas")
        }
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("not valid CSV: {e}"),
    }
}

/// Bytes a JSONL chunk aims for: big enough to amortise handing it to a thread, small
/// enough that a few chunks in flight per core keep memory low.
pub const JSONL_CHUNK_BYTES: usize = 128 * 1024;

/// A run of whole lines of a JSONL input, read in one go and parsed later (on any thread).
#[derive(Debug)]
pub struct JsonlChunk {
    path: String,
    /// 0-based line number of the chunk's first line.
    first_record: usize,
    /// Byte offset of the chunk in its file (for UTF-8 errors).
    first_offset: usize,
    bytes: Vec<u8>,
}

impl JsonlChunk {
    /// The posts of this chunk in order (blank lines skipped, bad lines as errors).
    pub fn posts<'a>(&'a self, text_field: &'a str) -> impl Iterator<Item = Item> + 'a {
        let body = self.bytes.strip_suffix(b"\n").unwrap_or(&self.bytes);
        let mut offset = self.first_offset;
        body.split(|&b| b == b'\n').enumerate().filter_map(move |(i, line)| {
            let record = self.first_record + i;
            let line_offset = offset;
            offset += line.len() + 1;
            parse_jsonl_line(&self.path, record, line_offset, line, text_field)
        })
    }
}

/// Stream a JSONL input in chunks of whole lines (about `chunk_bytes` each; a longer line
/// is one chunk). Never holds more than one chunk plus one line. `each` returns false to
/// stop reading.
pub fn read_jsonl_chunks(path: &str, chunk_bytes: usize, mut each: impl FnMut(Result<JsonlChunk, Error>) -> bool) {
    let name = display_name(path);
    let mut reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                each(Err(error(name, format!("cannot read: {e}"))));
                return;
            }
        }
    };
    let mut record = 0usize;
    let mut offset = 0usize;
    // Bytes after the last newline of the previous read: the start of the next chunk.
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    loop {
        let mut buf = std::mem::take(&mut carry);
        let mut has_newline = buf.contains(&b'\n');
        let mut eof = false;
        // Read until the chunk is big enough and holds a whole line, or the input ends.
        while !(has_newline && buf.len() >= chunk_bytes) {
            let len = buf.len();
            buf.resize(len + chunk_bytes.clamp(4096, 1 << 20), 0);
            match reader.read(&mut buf[len..]) {
                Ok(0) => {
                    buf.truncate(len);
                    eof = true;
                    break;
                }
                Ok(n) => {
                    buf.truncate(len + n);
                    has_newline = has_newline || buf[len..].contains(&b'\n');
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(len),
                Err(e) => {
                    each(Err(error(name, format!("cannot read: {e}"))));
                    return;
                }
            }
            // A binary file would otherwise give one error per "line" (or one endless line,
            // /dev/zero); valid JSONL has no NUL byte. Sniffed as soon as 8 KiB are in.
            if first && (buf.len() >= 8192 || eof) {
                first = false;
                if looks_binary(&buf) {
                    each(Err(error(name, BINARY)));
                    return;
                }
            }
            // A line with no end in sight (an endless pipe) must not fill memory.
            if !has_newline && buf.len() > MAX_POST_BYTES {
                let why = format!(
                    "line is larger than {} MiB; it and the rest of the input are not checked",
                    MAX_POST_BYTES >> 20
                );
                let at = Location { file: name.to_string(), line: Some(record + 1), column: None };
                each(Err(Error::new(ErrorKind::Input, why).at(at)));
                return;
            }
        }
        // A short input reached its end before 8 KiB.
        if std::mem::take(&mut first) && looks_binary(&buf) {
            each(Err(error(name, BINARY)));
            return;
        }
        if !eof && let Some(last_newline) = buf.iter().rposition(|&b| b == b'\n') {
            carry = buf.split_off(last_newline + 1);
        }
        if buf.is_empty() {
            return;
        }
        let lines = buf.iter().filter(|&&b| b == b'\n').count() + usize::from(buf.last() != Some(&b'\n'));
        let chunk_len = buf.len();
        let chunk = JsonlChunk { path: name.to_string(), first_record: record, first_offset: offset, bytes: buf };
        record += lines;
        offset += chunk_len;
        if !each(Ok(chunk)) || eof {
            return;
        }
    }
}

/// One JSONL line to a post; `None` for a blank line. Parsing lives in `postlint::jsonl`;
/// `line_offset` is the line's byte offset in its file (named by a UTF-8 error).
fn parse_jsonl_line(path: &str, record: usize, line_offset: usize, bytes: &[u8], field: &str) -> Option<Item> {
    let at = postlint::jsonl::LineAt { file: path, line: record + 1, offset: line_offset };
    match postlint::jsonl::parse_line(bytes, at, field) {
        Ok(None) => None,
        Ok(Some(r)) => Some(Ok(Post { path: path.to_string(), record: Some(record), id: r.id, text: r.text })),
        Err(e) => Some(Err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, field: &str) -> Result<(String, Option<String>), (Option<usize>, String)> {
        match parse_jsonl_line("f.jsonl", 0, 0, line.as_bytes(), field) {
            Some(Ok(post)) => Ok((post.text, post.id)),
            Some(Err(e)) => Err((e.column(), e.message().to_string())),
            None => Err((None, "blank".into())),
        }
    }

    #[test]
    fn jsonl_lines_read_the_text_field_and_id() {
        let ok = |t: &str, id: Option<&str>| Ok((t.to_string(), id.map(str::to_string)));
        assert_eq!(parse(r#"{"id": 7, "text": "hi"}"#, "text"), ok("hi", Some("7")));
        assert_eq!(parse(r#"{"id": "a", "x": {"y": [1, {"z": null}]}, "text": "hi"}"#, "text"), ok("hi", Some("a")));
        assert_eq!(parse(r#"{"id": 1.5, "text": "hi"}"#, "text"), ok("hi", Some("1.5")));
        assert_eq!(parse(r#"{"id": [1], "text": "hi"}"#, "text"), ok("hi", None));
        // A second text field is an error (the first would go unchecked); escapes in keys count.
        assert!(parse(r#"{"text": "a", "text": "b"}"#, "text").unwrap_err().1.starts_with("duplicate field"));
        assert!(parse(r#"{"text": "a", "te\u0078t": "b"}"#, "text").is_err());
        assert_eq!(parse(r#"{"te\u0078t": "esc\u00e9"}"#, "text"), ok("escé", None));
        assert_eq!(parse(r#"{"id": "both"}"#, "id"), ok("both", Some("both")));
        assert_eq!(parse("   ", "text"), Err((None, "blank".into())));
    }

    #[test]
    fn jsonl_line_errors_say_what_is_wrong() {
        let no_field = "no string field `text` (set the field with --text-field)".to_string();
        assert_eq!(parse(r#"{"text": 5}"#, "text"), Err((Some(1), no_field.clone())));
        assert_eq!(parse(r#"{"body": "x"}"#, "text"), Err((Some(1), no_field)));
        for not_object in ["[1, 2]", "\"s\"", "42", "null", "true"] {
            assert_eq!(parse(not_object, "text"), Err((Some(1), "not a JSON object".into())), "{not_object}");
        }
        let (column, message) = parse(r#"{"text": "x"} trailing"#, "text").unwrap_err();
        assert_eq!(column, Some(15));
        assert!(message.starts_with("not a JSON object: trailing characters"), "{message}");
        let (_, message) = parse(r#"{"text": "x", "n": [1e400]}"#, "text").unwrap_err();
        assert!(message.starts_with("not a JSON object: number out of range"), "{message}");
        let (_, message) = parse(r#"{"text": "unterminated"#, "text").unwrap_err();
        assert!(message.starts_with("not a JSON object: EOF while parsing"), "{message}");
    }

    #[test]
    fn reads_are_capped_and_binary_is_refused_before_reading_on() {
        assert_eq!(read_capped(&b"hello"[..], 5, 0).unwrap(), Ok(b"hello".to_vec()));
        assert_eq!(read_capped(&b"hello!"[..], 5, 0).unwrap(), Err(Refused::TooLarge));
        assert_eq!(read_capped(&b""[..], 5, 0).unwrap(), Ok(Vec::new()));
        // With the length known up front (a file's), and when it is past the cap.
        assert_eq!(read_capped(&b"hello"[..], 5, 5).unwrap(), Ok(b"hello".to_vec()));
        assert_eq!(read_capped(&b"hello!"[..], 5, 6).unwrap(), Err(Refused::TooLarge));
        let big = "x".repeat(20_000);
        assert_eq!(read_capped(big.as_bytes(), 20_000, 0).unwrap().map(|b| b.len()), Ok(20_000));
        assert_eq!(read_capped(big.as_bytes(), 19_999, 0).unwrap(), Err(Refused::TooLarge));
        // An endless stream: refused after the 8 KiB sniff, or after the cap.
        assert_eq!(read_capped(std::io::repeat(0), usize::MAX, 0).unwrap(), Err(Refused::Binary));
        assert_eq!(read_capped(std::io::repeat(b'y'), 1 << 20, 0).unwrap(), Err(Refused::TooLarge));
        // A NUL after the first 8 KiB is text (as before): only the head is sniffed.
        let late_nul = [vec![b'a'; 9000], vec![0]].concat();
        assert!(read_capped(&late_nul[..], 1 << 20, 0).unwrap().is_ok());
    }
}
