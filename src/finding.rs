//! What a finding is: severity, span, line/column. A leaf module: depends on nothing else here.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Byte offsets `[start, end)` into the original post text; always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// True when `other` lies entirely inside this span.
    pub fn covers(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// 1-based line and column (column counted in characters) of byte offset `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// 0-based line and UTF-16 column of a byte offset: a position as the Language Server
/// Protocol counts it by default (editors count UTF-16 code units, so an emoji is two).
pub fn lsp_position(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = before[line_start..].chars().map(char::len_utf16).sum();
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

/// The byte offset of an LSP position (0-based line, UTF-16 column), clamped to the text.
pub fn lsp_offset(text: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= column as usize || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Line/column of many offsets in one forward pass: linear in the text when offsets come in
/// ascending order (one `line_column` per finding is quadratic on a 10 MB post).
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCounter { text, offset: 0, line: 1, column: 1 }
    }

    /// 1-based line and column of `offset`, as `line_column` computes it.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = LineCounter::new(self.text);
        }
        let seg = &self.text[self.offset..offset];
        match seg.rfind('\n') {
            Some(last) => {
                self.line += seg.bytes().filter(|&b| b == b'\n').count();
                self.column = seg[last + 1..].chars().count() + 1;
            }
            None => self.column += seg.chars().count(),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// One violation found in one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    /// The original text at `span`, as the user wrote it.
    pub matched: String,
}

impl Finding {
    /// 1-based line and column of the span's end in `text` (the text the finding was made
    /// on), counted from the start position: linear in the match, not in the text.
    pub fn end_line_column(&self, text: &str) -> (usize, usize) {
        let inside = text.get(self.span.start..self.span.end).unwrap_or_default();
        match inside.rfind('\n') {
            Some(last) => (self.line + inside.matches('\n').count(), inside[last + 1..].chars().count() + 1),
            None => (self.line, self.column + inside.chars().count()),
        }
    }

    /// An `error` finding of `rule` on `text[start..end]`, for unit tests of code that
    /// post-processes findings (suppression, baseline, fix).
    #[cfg(test)]
    pub(crate) fn in_text(text: &str, start: usize, end: usize, rule: &str, category: &str) -> Finding {
        let (line, column) = line_column(text, start);
        Finding {
            rule: rule.into(),
            category: category.into(),
            severity: Severity::Error,
            message: String::new(),
            help: String::new(),
            span: Span::new(start, end),
            line,
            column,
            matched: text[start..end].into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_ordered() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
    }

    #[test]
    fn lsp_positions_count_utf16_units() {
        let text = "🎉 SSN\nx é 123";
        // The emoji is 4 bytes and 2 UTF-16 units.
        assert_eq!(lsp_position(text, 5), (0, 3));
        assert_eq!(lsp_position(text, text.find('1').unwrap()), (1, 4));
        assert_eq!(lsp_offset(text, 0, 3), 5);
        assert_eq!(lsp_offset(text, 1, 4), text.find('1').unwrap());
        assert_eq!(lsp_offset(text, 9, 0), text.len());
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "héllo 🎉\nwörld x";
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 7));
        let party = text.find('🎉').unwrap();
        assert_eq!(line_column(text, party), (1, 7));
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn end_line_column_agrees_with_line_column() {
        let text = "héllo 🎉\nwörld x\n\nlast é line";
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &start) in bounds.iter().enumerate() {
            for &end in &bounds[n..] {
                let (line, column) = line_column(text, start);
                let f = Finding {
                    rule: "r".into(),
                    category: "c".into(),
                    severity: Severity::Info,
                    message: String::new(),
                    help: String::new(),
                    span: Span::new(start, end),
                    line,
                    column,
                    matched: text[start..end].to_string(),
                };
                assert_eq!(f.end_line_column(text), line_column(text, end), "{start}..{end}");
            }
        }
    }

    #[test]
    fn line_counter_agrees_with_line_column_in_any_order() {
        let text = "héllo 🎉\nwörld x\n\nlast é line";
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut counter = LineCounter::new(text);
        for &o in offsets.iter().chain(offsets.iter().rev()).chain(&[3, 0, 12, 12, 5]) {
            assert_eq!(counter.at(o), line_column(text, o), "offset {o}");
        }
    }
}
