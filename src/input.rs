//! Reading posts: stdin, files, folders, and JSONL batches. Every problem becomes an
//! `InputError` naming the file, line and column; the other inputs are still read.

use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;

/// One post to check.
#[derive(Debug, Clone)]
pub struct Post {
    pub path: String,
    pub record: Option<usize>,
    pub id: Option<String>,
    pub text: String,
}

/// A problem with one input; reported, then the run goes on.
#[derive(Debug, Clone)]
pub struct InputError {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// What a source of posts yields.
pub type Item = Result<Post, InputError>;

pub const STDIN_NAME: &str = "<stdin>";

fn error(path: &str, message: impl Into<String>) -> InputError {
    InputError { path: path.to_string(), line: None, column: None, message: message.into() }
}

/// Expand paths into the files to read (folders walked in name order, hidden entries
/// skipped). `-` stands for stdin. Problems (missing path, symlink loop) become errors.
pub fn expand_paths(paths: &[std::path::PathBuf]) -> Vec<Result<String, InputError>> {
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
        if !p.exists() {
            out.push(Err(error(&shown, "no such file or folder")));
            continue;
        }
        if !p.is_dir() {
            out.push(Ok(shown));
            continue;
        }
        let walker = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => out.push(Ok(e.path().display().to_string())),
                Ok(_) => {}
                Err(e) => {
                    let where_ = e.path().map_or(shown.clone(), |x| x.display().to_string());
                    let why =
                        if e.loop_ancestor().is_some() { "symlink loop, skipped".to_string() } else { e.to_string() };
                    out.push(Err(error(&where_, why)));
                }
            }
        }
    }
    out
}

/// Read a whole input (a file or `-`) as bytes.
fn read_all(path: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(Path::new(path)).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    result.map_err(|e| error(display_name(path), format!("cannot read: {e}")))?;
    Ok(bytes)
}

pub fn display_name(path: &str) -> &str {
    if path == "-" { STDIN_NAME } else { path }
}

/// Bytes as UTF-8 text, or an error giving the line, column and byte offset of the first
/// invalid byte (we never guess an encoding).
pub fn decode(path: &str, bytes: Vec<u8>, first_line: usize) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, column) = postlint::finding::line_column(valid, valid.len());
        InputError {
            path: path.to_string(),
            line: Some(line + first_line - 1),
            column: Some(column),
            message: format!("not valid UTF-8 (invalid byte at offset {offset}); save the file as UTF-8"),
        }
    })
}

/// A file whose first 8 KiB hold a NUL byte is treated as binary and skipped.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// A whole file (or stdin) as one post.
pub fn read_text_post(path: &str) -> Item {
    let name = display_name(path);
    let bytes = read_all(path)?;
    if looks_binary(&bytes) {
        return Err(error(name, "binary file, skipped"));
    }
    let text = decode(name, bytes, 1)?;
    Ok(Post { path: name.to_string(), record: None, id: None, text })
}

/// Stream a JSONL input: one post per non-empty line. Calls `each` for every line.
pub fn read_jsonl(path: &str, text_field: &str, mut each: impl FnMut(Item)) {
    let name = display_name(path);
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => return each(Err(error(name, format!("cannot read: {e}")))),
        }
    };
    let mut reader = reader;
    let mut buf = Vec::new();
    let mut record = 0usize;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return each(Err(error(name, format!("cannot read: {e}")))),
        }
        let line_no = record + 1;
        let item = parse_jsonl_line(name, record, line_no, std::mem::take(&mut buf), text_field);
        record += 1;
        if let Some(item) = item {
            each(item);
        }
    }
}

/// One JSONL line to a post; `None` for a blank line.
fn parse_jsonl_line(path: &str, record: usize, line_no: usize, bytes: Vec<u8>, field: &str) -> Option<Item> {
    let line = match decode(path, bytes, line_no) {
        Ok(l) => l,
        Err(e) => return Some(Err(e)),
    };
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let at = |column: Option<usize>, message: String| InputError {
        path: path.to_string(),
        line: Some(line_no),
        column,
        message,
    };
    let value: serde_json::Value = match serde_json::from_str(trimmed) {
        Ok(v) => v,
        Err(e) => return Some(Err(at(Some(e.column()), format!("not a JSON object: {e}")))),
    };
    let Some(obj) = value.as_object() else {
        return Some(Err(at(Some(1), "not a JSON object".into())));
    };
    let Some(text) = obj.get(field).and_then(|t| t.as_str()) else {
        return Some(Err(at(Some(1), format!("no string field `{field}` (set the field with --text-field)"))));
    };
    let id = obj.get("id").and_then(|v| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    Some(Ok(Post { path: path.to_string(), record: Some(record), id, text: text.to_string() }))
}
