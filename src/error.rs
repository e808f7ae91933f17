//! The library's one error type: what kind of thing failed, where (file, line, column, as far
//! as they are known) and why. Positions are formatted here and nowhere else.

use std::fmt;

/// What failed. More kinds may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rule pack could not be read, parsed, validated, linked or compiled.
    Pack,
    /// A config file, or a setting given on the command line, is invalid.
    Config,
    /// An input could not be read as posts: unreadable, not UTF-8, a bad JSONL line or CSV row.
    Input,
    /// An input passed over on purpose (a binary file or an empty folder met in a walk):
    /// worth a note, but it does not fail the run.
    Skipped,
    /// A baseline file could not be read.
    Baseline,
    /// A file changed since it was read, so it was not rewritten.
    Changed,
    /// Reading or writing a file failed.
    Io,
}

/// Where an error is: a file (or a stand-in such as `<stdin>` or `--select`), and the 1-based
/// line and column (in characters) when they are known. `None`, never 0, for "unknown".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    /// A whole file, no position in it.
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: file.into(), line: None, column: None }
    }

    /// A 1-based line and column in `file`.
    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location { file: file.into(), line: Some(line), column: Some(column) }
    }

    /// The line and column of byte `offset` of `text`, the contents of `file`.
    pub fn at_offset(file: impl Into<String>, text: &str, offset: usize) -> Location {
        let (line, column) = crate::finding::line_column(text, offset);
        Location::at(file, line, column)
    }
}

/// `file`, `file:line` or `file:line:column`: a column is shown only after its line.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// An error of the library: a kind, an optional location, the rule it concerns (if any) and
/// a one-line message. Shown as `file:line:column: rule ID: message`, leaving out what is not
/// known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    location: Option<Location>,
    rule: Option<String>,
    message: String,
}

impl Error {
    /// An error with no location yet.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, location: None, rule: None, message: message.into() }
    }

    /// The same error, at `location`.
    #[must_use]
    pub fn at(mut self, location: Location) -> Error {
        self.location = Some(location);
        self
    }

    /// The same error, in `file` (no position).
    #[must_use]
    pub fn in_file(self, file: impl Into<String>) -> Error {
        self.at(Location::file(file))
    }

    /// The same error, about the rule (or allow entry) with this id.
    #[must_use]
    pub fn for_rule(mut self, id: impl Into<String>) -> Error {
        self.rule = Some(id.into());
        self
    }

    /// The same error with its message rewritten (to add what the caller did about it).
    #[must_use]
    pub fn map_message(mut self, f: impl FnOnce(&str) -> String) -> Error {
        self.message = f(&self.message);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// The file (or stand-in) the error is in, if known.
    pub fn file(&self) -> Option<&str> {
        self.location.as_ref().map(|l| l.file.as_str())
    }

    /// The 1-based line, if known.
    pub fn line(&self) -> Option<usize> {
        self.location.as_ref().and_then(|l| l.line)
    }

    /// The 1-based column (in characters), if known.
    pub fn column(&self) -> Option<usize> {
        self.location.as_ref().and_then(|l| l.column)
    }

    /// The rule id the error is about, if any.
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// What went wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Shorthand for the library's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_what_is_known_and_never_a_zero() {
        let cases = [
            (Error::new(ErrorKind::Pack, "boom"), "boom"),
            (Error::new(ErrorKind::Pack, "boom").in_file("a.toml"), "a.toml: boom"),
            (Error::new(ErrorKind::Pack, "boom").at(Location::at("a.toml", 3, 7)), "a.toml:3:7: boom"),
            (
                Error::new(ErrorKind::Input, "boom").at(Location { file: "a.csv".into(), line: Some(4), column: None }),
                "a.csv:4: boom",
            ),
            (
                Error::new(ErrorKind::Input, "boom").at(Location { file: "a.csv".into(), line: None, column: Some(4) }),
                "a.csv: boom",
            ),
            (Error::new(ErrorKind::Pack, "boom").in_file("a.toml").for_rule("x.y"), "a.toml: rule x.y: boom"),
        ];
        for (error, shown) in cases {
            assert_eq!(error.to_string(), shown);
        }
    }

    #[test]
    fn an_offset_becomes_line_and_column_in_characters() {
        let text = "é\nab🎉c";
        let at = Location::at_offset("f", text, text.find('c').unwrap());
        assert_eq!((at.line, at.column), (Some(2), Some(4)));
        let e = Error::new(ErrorKind::Config, "bad").at(at);
        assert_eq!((e.file(), e.line(), e.column(), e.kind()), (Some("f"), Some(2), Some(4), ErrorKind::Config));
    }
}
