//! One line of a JSONL input to a post: UTF-8 check, JSON object, the text field and the id.
//! Pure (no I/O) so the reader in the binary stays thin and the parser can be fuzzed.

use crate::error::{Error, ErrorKind, Location};
use std::fmt;

/// A post read from one JSONL line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line's `id` field (a string, or a number written as text), if any.
    pub id: Option<String>,
    pub text: String,
}

/// Where a line is: the file (as errors name it), its 1-based line number, and its byte
/// offset in the file (a UTF-8 error names the byte in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAt<'a> {
    pub file: &'a str,
    pub line: usize,
    pub offset: usize,
}

/// Parse one line (a trailing `\n` or `\r\n` is allowed). `Ok(None)` for a blank line.
/// Why a line is not a post is an `ErrorKind::Input` error at the line and the column (in
/// characters) where the problem is.
pub fn parse_line(bytes: &[u8], at: LineAt<'_>, field: &str) -> Result<Option<Record>, Error> {
    let error = |column: usize, message: String| {
        Error::new(ErrorKind::Input, message).at(Location::at(at.file, at.line, column))
    };
    let line = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let why = format!("not valid UTF-8 (invalid byte at offset {}); save the file as UTF-8", at.offset + valid);
        error(before.chars().count() + 1, why)
    })?;
    // Some Windows tools start a UTF-8 file with a byte-order mark; it is not part of the JSON.
    let unmarked = line.strip_prefix('\u{feff}').unwrap_or(line);
    let trimmed = unmarked.trim_start();
    // serde_json counts columns from the start of what it was given.
    let lead = line[..line.len() - trimmed.len()].chars().count();
    let trimmed = trimmed.trim_end();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let at = |column: usize, message: String| error(lead + column, message);
    let mut de = serde_json::Deserializer::from_str(trimmed);
    let parsed = serde::de::DeserializeSeed::deserialize(Fields { text_field: field }, &mut de).and_then(|l| {
        de.end()?;
        Ok(l)
    });
    let (text, id) = match parsed {
        Ok(Line::Object { text, id }) => (text, id),
        Ok(Line::NotObject) => return Err(at(1, "not a JSON object".into())),
        Err(e) => {
            // serde_json counts columns in bytes and appends them to its message; we give the
            // position once, in characters, like every other error.
            let byte = e.column().saturating_sub(1);
            let column = trimmed.char_indices().take_while(|&(i, _)| i < byte).count() + 1;
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
            if message.starts_with(DUPLICATE) {
                return Err(at(column, message.to_string()));
            }
            return Err(at(column, format!("not a JSON object: {message}")));
        }
    };
    let Some(serde_json::Value::String(text)) = text else {
        return Err(at(1, format!("no string field `{field}` (set the field with --text-field)")));
    };
    let id = id.and_then(|v| match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    Ok(Some(Record { id, text }))
}

/// Start of the error for a line with the text field twice: a parsed object would keep only
/// the last value, so the first would go unchecked.
const DUPLICATE: &str = "duplicate field";

/// What a JSONL line holds for us: the text field (once) and `id` (the last of duplicates, as
/// a JSON object would keep), or not an object at all.
enum Line {
    NotObject,
    Object { text: Option<serde_json::Value>, id: Option<serde_json::Value> },
}

/// `line` (one JSON object, as `parse_line` accepts it) with the value of `field` replaced by
/// `text`: the other fields keep their order and their exact text (`postlint fix --input
/// jsonl`). White space between tokens is not kept.
pub fn replace_text(line: &str, field: &str, text: &str) -> Result<String, serde_json::Error> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line).trim();
    let entries: Entries = serde_json::from_str(line)?;
    let mut out = String::with_capacity(line.len() + text.len());
    out.push('{');
    for (i, (key, value)) in entries.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key)?);
        out.push(':');
        if key == field {
            out.push_str(&serde_json::to_string(text)?);
        } else {
            out.push_str(value.get());
        }
    }
    out.push('}');
    Ok(out)
}

/// A JSON object's entries in the order written, each value as its original text.
struct Entries(Vec<(String, Box<serde_json::value::RawValue>)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads only the two fields postlint uses and skips the rest unbuilt: a batch line often
/// carries other fields, and building them all into a map was a large share of batch time.
/// Accepts and rejects exactly the lines that parsing into a `serde_json::Value` would, except
/// that a line with the text field twice is rejected.
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
                    if text.is_some() {
                        return Err(serde::de::Error::custom(format!(
                            "{DUPLICATE} `{}`: a post must have one (the first would go unchecked)",
                            self.text_field
                        )));
                    }
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

    fn ok(line: &str) -> Option<Record> {
        parse_line(line.as_bytes(), LineAt { file: "f.jsonl", line: 1, offset: 0 }, "text").unwrap()
    }

    /// (column, message) of the error.
    fn err(bytes: &[u8]) -> (usize, String) {
        let e = parse_line(bytes, LineAt { file: "f.jsonl", line: 3, offset: 100 }, "text").unwrap_err();
        assert_eq!((e.kind(), e.file(), e.line()), (ErrorKind::Input, Some("f.jsonl"), Some(3)));
        (e.column().expect("a column"), e.message().to_string())
    }

    #[test]
    fn records_blank_lines_and_ids() {
        assert_eq!(ok("{\"id\": \"a\", \"text\": \"hi\"}\n"), Some(Record { id: Some("a".into()), text: "hi".into() }));
        assert_eq!(ok("{\"id\": 7, \"text\": \"hi\"}\r\n").unwrap().id.as_deref(), Some("7"));
        assert_eq!(ok("{\"id\": [1], \"text\": \"hi\"}").unwrap().id, None);
        assert_eq!(ok("   \r\n"), None);
        assert_eq!(ok(""), None);
        assert_eq!(ok("\u{feff}{\"text\": \"bom\"}").unwrap().text, "bom");
    }

    #[test]
    fn errors_name_the_column() {
        let e = err(b"not json");
        assert!(e.1.starts_with("not a JSON object: "), "{}", e.1);
        // Leading blanks count: the column is where serde_json saw the problem, in the line
        // as written.
        let plain = err(b"{\"text\": tru}");
        assert!(plain.0 > 9, "{plain:?}");
        assert_eq!(err(b" \t {\"text\": tru}").0, plain.0 + 3);
        // Columns count characters, not bytes, and the message does not repeat serde's.
        let ascii = err(b"{\"text\": \"ab\", \"x\": tru}");
        assert_eq!(err("{\"text\": \"é🎉\", \"x\": tru}".as_bytes()), ascii);
        assert_eq!(plain.1, "not a JSON object: expected ident");
        assert_eq!(err(b"[1, 2]").1, "not a JSON object");
        let e = err(b"  {\"body\": \"x\"}");
        assert_eq!(e.0, 3);
        assert!(e.1.contains("`text`"), "{}", e.1);
        assert!(err(b"{\"text\": 3}").1.contains("no string field"));
    }

    #[test]
    fn a_duplicate_text_field_is_an_error_not_a_skipped_value() {
        let e = err(br#"{"text": "SSN 523-11-0987", "text": "hello"}"#);
        assert!(e.1.starts_with("duplicate field `text`"), "{}", e.1);
        assert_eq!(ok(r#"{"id": 1, "id": 2, "text": "hi"}"#).unwrap().id.as_deref(), Some("2"));
    }

    #[test]
    fn replacing_the_text_keeps_the_other_fields_as_written() {
        let line = r#"{"id": 7, "when": {"at": "2026-01-02", "n": 1.50}, "text": "John \u0041", "z": null}"#;
        assert_eq!(
            replace_text(line, "text", "[NAME] \"x\"").unwrap(),
            r#"{"id":7,"when":{"at": "2026-01-02", "n": 1.50},"text":"[NAME] \"x\"","z":null}"#
        );
        assert!(replace_text("[1]", "text", "x").is_err());
    }

    #[test]
    fn invalid_utf8_names_the_byte_in_the_file() {
        let e = err(b"{\"text\": \"caf\xe9\"}");
        assert_eq!(e.0, 14);
        assert!(e.1.contains("offset 113"), "{}", e.1);
    }
}
