//! Reading posts: stdin, files, folders, and JSONL batches. Every problem becomes an
//! `InputError` naming the file, line and column; the other inputs are still read.

use std::fmt;
use std::io::Read;
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

/// Bytes a JSONL chunk aims for: big enough to amortise handing it to a thread, small
/// enough that a few chunks in flight per core keep memory low.
pub const JSONL_CHUNK_BYTES: usize = 128 * 1024;

/// A run of whole lines of a JSONL input, read in one go and parsed later (on any thread).
#[derive(Debug)]
pub struct JsonlChunk {
    path: String,
    /// 0-based line number of the chunk's first line.
    first_record: usize,
    bytes: Vec<u8>,
}

impl JsonlChunk {
    /// The posts of this chunk in order (blank lines skipped, bad lines as errors).
    pub fn posts<'a>(&'a self, text_field: &'a str) -> impl Iterator<Item = Item> + 'a {
        let body = self.bytes.strip_suffix(b"\n").unwrap_or(&self.bytes);
        body.split(|&b| b == b'\n').enumerate().filter_map(move |(i, line)| {
            let record = self.first_record + i;
            parse_jsonl_line(&self.path, record, record + 1, line, text_field)
        })
    }
}

/// Stream a JSONL input in chunks of whole lines (about `chunk_bytes` each; a longer line
/// is one chunk). Never holds more than one chunk plus one line. `each` returns false to
/// stop reading.
pub fn read_jsonl_chunks(path: &str, chunk_bytes: usize, mut each: impl FnMut(Result<JsonlChunk, InputError>) -> bool) {
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
    // Bytes after the last newline of the previous read: the start of the next chunk.
    let mut carry: Vec<u8> = Vec::new();
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
        }
        if !eof && let Some(last_newline) = buf.iter().rposition(|&b| b == b'\n') {
            carry = buf.split_off(last_newline + 1);
        }
        if buf.is_empty() {
            return;
        }
        let lines = buf.iter().filter(|&&b| b == b'\n').count() + usize::from(buf.last() != Some(&b'\n'));
        let chunk = JsonlChunk { path: name.to_string(), first_record: record, bytes: buf };
        record += lines;
        if !each(Ok(chunk)) || eof {
            return;
        }
    }
}

/// One JSONL line to a post; `None` for a blank line.
fn parse_jsonl_line(path: &str, record: usize, line_no: usize, bytes: &[u8], field: &str) -> Option<Item> {
    let line = match std::str::from_utf8(bytes) {
        Ok(l) => l,
        Err(_) => return decode(path, bytes.to_vec(), line_no).err().map(Err),
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
    let mut de = serde_json::Deserializer::from_str(trimmed);
    let parsed = serde::de::DeserializeSeed::deserialize(Fields { text_field: field }, &mut de).and_then(|l| {
        de.end()?;
        Ok(l)
    });
    let (text, id) = match parsed {
        Ok(Line::Object { text, id }) => (text, id),
        Ok(Line::NotObject) => return Some(Err(at(Some(1), "not a JSON object".into()))),
        Err(e) => return Some(Err(at(Some(e.column()), format!("not a JSON object: {e}")))),
    };
    let Some(serde_json::Value::String(text)) = text else {
        return Some(Err(at(Some(1), format!("no string field `{field}` (set the field with --text-field)"))));
    };
    let id = id.and_then(|v| match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    Some(Ok(Post { path: path.to_string(), record: Some(record), id, text }))
}

/// What a JSONL line holds for us: the text field and `id` (the last of duplicates, as a
/// JSON object would keep), or not an object at all.
enum Line {
    NotObject,
    Object { text: Option<serde_json::Value>, id: Option<serde_json::Value> },
}

/// Reads only the two fields postlint uses and skips the rest unbuilt: a batch line often
/// carries other fields, and building them all into a map was a large share of batch time.
/// Accepts and rejects exactly the lines that parsing into a `serde_json::Value` would.
struct Fields<'f> {
    text_field: &'f str,
}

impl<'de> serde::de::DeserializeSeed<'de> for Fields<'_> {
    type Value = Line;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Line, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Fields<'_> {
    type Value = Line;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
        let (mut text, mut id) = (None, None);
        while let Some(key) = map.next_key_seed(KeyIs { text_field: self.text_field })? {
            match key {
                (false, false) => {
                    map.next_value::<Skip>()?;
                }
                (true, is_id) => {
                    let value: serde_json::Value = map.next_value()?;
                    if is_id {
                        id = Some(value.clone());
                    }
                    text = Some(value);
                }
                (false, true) => id = Some(map.next_value()?),
            }
        }
        Ok(Line::Object { text, id })
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Line, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Line::NotObject)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Line, E> {
        Ok(Line::NotObject)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Line, E> {
        Ok(Line::NotObject)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Line, E> {
        Ok(Line::NotObject)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Line, E> {
        Ok(Line::NotObject)
    }

    fn visit_str<E>(self, _: &str) -> Result<Line, E> {
        Ok(Line::NotObject)
    }

    fn visit_unit<E>(self) -> Result<Line, E> {
        Ok(Line::NotObject)
    }
}

/// A value we do not use, parsed as a JSON value would be (so a number out of range is
/// still an error, as before) but never stored.
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> serde::de::Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// A key, compared without allocating: (is it the text field, is it `id`).
struct KeyIs<'f> {
    text_field: &'f str,
}

impl<'de> serde::de::DeserializeSeed<'de> for KeyIs<'_> {
    type Value = (bool, bool);
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(bool, bool), D::Error> {
        d.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for KeyIs<'_> {
    type Value = (bool, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, key: &str) -> Result<(bool, bool), E> {
        Ok((key == self.text_field, key == "id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, field: &str) -> Result<(String, Option<String>), (Option<usize>, String)> {
        match parse_jsonl_line("f.jsonl", 0, 1, line.as_bytes(), field) {
            Some(Ok(post)) => Ok((post.text, post.id)),
            Some(Err(e)) => Err((e.column, e.message)),
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
        // The last of duplicate keys wins, as in a parsed JSON object; escapes in keys count.
        assert_eq!(parse(r#"{"text": "a", "text": "b"}"#, "text"), ok("b", None));
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
}
