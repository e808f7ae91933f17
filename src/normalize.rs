//! Obfuscation-tolerant view of a text, with a map from every view character back to the
//! bytes of the original text it came from.
//!
//! The view folds what people use to slip words past filters: case, Unicode compatibility
//! forms (fullwidth letters, ligatures), accents, look-alike letters from Cyrillic and Greek,
//! zero-width characters and soft hyphens, leetspeak inside words (`sh1t`, `a$$`), masks
//! inside words (`f*ck` keeps `*` as a mask character), separated single letters
//! (`f.u.c.k`, `F U C K`) and stretched letters (runs of one letter become one view char that
//! remembers its run length, so a matcher can tell `fuuuck` from `fuck` and `as` from `ass`).
//! Hashtags are split at camel-case humps (`#DrunkDoctor` reads `drunk doctor`) and mark
//! their start and end so a matcher may accept a word at either end of `#drunkdoctor`.
//!
//! The view carries no knowledge of any word: which words matter lives in the rule packs.

use crate::finding::Span;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Marker the view uses for a masking character inside a word (`f*ck`, `f%ck`).
pub const MASK: char = '*';

/// One character of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewChar {
    /// Original bytes `[start, end)` this view character stands for (char boundaries).
    pub start: usize,
    pub end: usize,
    /// How many equal letters were squeezed into this one (1 for everything else).
    pub run: u16,
    /// Letter, digit or mask: part of a word.
    pub word: bool,
    /// First character of a hashtag body with no camel-case humps.
    pub tag_start: bool,
    /// Last character of a hashtag body with no camel-case humps.
    pub tag_end: bool,
}

/// The normalised view of one text.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    chars: Vec<ViewChar>,
    /// For every byte of `text`, the index of the view char it belongs to.
    char_of_byte: Vec<u32>,
}

/// A character after Unicode folding, before word-level processing.
#[derive(Debug, Clone, Copy)]
struct Unit {
    c: char,
    /// `kind(c)`, which every later pass asks about each unit, some more than once.
    kind: Kind,
    start: usize,
    end: usize,
    upper: bool,
}

impl Unit {
    fn new(c: char, start: usize, end: usize, upper: bool) -> Unit {
        Unit { c, kind: kind(c), start, end, upper }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letter,
    Digit,
    /// `$ @ ! * #` and friends: leetspeak or a mask when inside a word.
    Symbol,
    Other,
}

fn kind(c: char) -> Kind {
    if c.is_alphabetic() {
        Kind::Letter
    } else if c.is_numeric() {
        Kind::Digit
    } else if matches!(c, '$' | '@' | '!' | '*' | '%' | '^' | '+' | '£') || is_pictograph(c) {
        Kind::Symbol
    } else {
        Kind::Other
    }
}

/// Emoji and pictographs: inside a word they hide a letter as `*` does (`f🦆ck`, `SH💥T`).
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}')
}

/// Leetspeak digits and what letter they stand for.
fn leet_digit(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        _ => return None,
    })
}

/// Characters that are invisible or only shape neighbours: dropped from the view.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, direction marks
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
    )
}

/// Capital look-alikes whose lowercase form looks different (Greek Η is H, η is not).
fn confusable_upper(c: char) -> Option<char> {
    Some(match c {
        'Η' | 'Н' => 'h',
        'Ν' => 'n',
        'Β' | 'В' => 'b',
        'Μ' | 'М' => 'm',
        'Τ' | 'Т' => 't',
        'Κ' | 'К' => 'k',
        'Ρ' | 'Р' => 'p',
        'Χ' | 'Х' => 'x',
        'Υ' | 'У' => 'y',
        'Ζ' => 'z',
        _ => return None,
    })
}

/// Look-alike letters from other scripts (already lowercased) mapped to Latin.
fn confusable(c: char) -> char {
    match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'з' => '3',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ь' => 'b',
        'п' => 'n',
        'г' => 'r',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'u',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'γ' => 'y',
        'ω' => 'w',
        'ς' | 'σ' => 's',
        // Typographic variants of ASCII punctuation.
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2022}' | '\u{00B7}' | '\u{2219}' => '.',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Unicode folding: compatibility decomposition, marks and invisibles dropped, lowercase,
/// look-alikes mapped. Every unit keeps the original char's byte range.
fn fold(text: &str) -> Vec<Unit> {
    let mut units = Vec::with_capacity(text.len());
    for (start, ch) in text.char_indices() {
        let end = start + ch.len_utf8();
        if ch.is_ascii() {
            let c = if ch.is_ascii_whitespace() { ' ' } else { ch.to_ascii_lowercase() };
            units.push(Unit::new(c, start, end, ch.is_ascii_uppercase()));
            continue;
        }
        if is_ignorable(ch) {
            continue;
        }
        // A combining accent written apart from its letter (`e` + U+0301) belongs to that
        // letter: spans that end on the letter must not cut the accent off.
        if is_combining_mark(ch) {
            if let Some(last) = units.last_mut()
                && last.end == start
            {
                last.end = end;
            }
            continue;
        }
        decompose_compatible(ch, |d| {
            if is_combining_mark(d) || is_ignorable(d) {
                return;
            }
            let upper = d.is_uppercase();
            if let Some(l) = confusable_upper(d) {
                units.push(Unit::new(l, start, end, upper));
                return;
            }
            for l in d.to_lowercase() {
                if !is_combining_mark(l) {
                    units.push(Unit::new(confusable(l), start, end, upper));
                }
            }
        });
    }
    units
}

/// What a unit becomes in the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emit {
    /// A word character (letter after leet mapping, digit or mask).
    Word(char),
    /// A character between words, kept as is.
    Gap(char),
    /// Dropped (a separator inside spaced-out letters).
    Drop,
}

/// A maximal run of letters, digits and symbols: `units[start..end]`.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

fn tokens(units: &[Unit]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if units[i].kind == Kind::Other {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && units[i].kind != Kind::Other {
            i += 1;
        }
        out.push(Token { start, end: i });
    }
    out
}

/// Decide what each unit of one token becomes: leetspeak and masks only count inside a
/// word that has letters, so "5 mg", "$40", "hello!" and "@name" stay as they are.
fn classify(units: &[Unit], tok: Token, emit: &mut [Emit]) {
    let slice = &units[tok.start..tok.end];
    let letters = slice.iter().filter(|u| u.kind == Kind::Letter).count();
    let digits = slice.iter().filter(|u| u.c.is_ascii_digit()).count();
    let is_letter = |j: usize| slice.get(j).is_some_and(|u| u.kind == Kind::Letter);
    let mut letter_before = false;
    let mut mask_run = MaskRun::default();
    for (j, u) in slice.iter().enumerate() {
        let out = &mut emit[tok.start + j];
        match u.kind {
            Kind::Letter => {
                *out = Emit::Word(u.c);
                letter_before = true;
            }
            Kind::Digit => {
                // Digits read as letters only in words that are mostly letters ("sh1t",
                // "b00bs"), never in numbers with units ("10am", "A55").
                *out = match leet_digit(u.c) {
                    Some(l) if letters > digits => Emit::Word(l),
                    _ => Emit::Word(u.c),
                };
            }
            Kind::Symbol if letters > 0 => {
                let next_letter = is_letter(j + 1) || slice.get(j + 1).is_some_and(|n| leet_digit(n.c).is_some());
                *out = match u.c {
                    '$' if letter_before || next_letter => Emit::Word('s'),
                    '@' if letter_before && next_letter => Emit::Word('a'),
                    '!' if letter_before && next_letter => Emit::Word('i'),
                    c if is_mask_symbol(c) && letter_before && mask_run.closes(slice, j) => Emit::Word(MASK),
                    c => Emit::Gap(c),
                };
            }
            Kind::Symbol | Kind::Other => *out = Emit::Gap(u.c),
        }
    }
}

fn is_mask_symbol(c: char) -> bool {
    matches!(c, '*' | '%' | '^' | '+' | '@' | '!' | '£') || is_pictograph(c)
}

/// Whether the current run of mask symbols is closed by a letter, computed once per run so
/// a long run of symbols stays linear.
#[derive(Debug, Default)]
struct MaskRun {
    until: usize,
    closes: bool,
}

impl MaskRun {
    /// True when the run of mask symbols containing `j` is followed by a letter in the token.
    fn closes(&mut self, slice: &[Unit], j: usize) -> bool {
        if j >= self.until {
            let end = slice[j..].iter().position(|u| !is_mask_symbol(u.c)).map_or(slice.len(), |p| j + p);
            self.until = end;
            self.closes = slice.get(end).is_some_and(|u| u.kind == Kind::Letter || leet_digit(u.c).is_some());
        }
        self.closes
    }
}

/// Separators allowed between spaced-out letters ("f.u.c.k", "F U C K", "s-h-i-t").
fn is_letter_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '*' | '/' | '|' | '~')
}

/// Join runs of three or more single-letter tokens separated by one or two separator
/// characters: the separators are dropped from the view.
fn join_spaced_letters(units: &[Unit], toks: &[Token], emit: &mut [Emit]) {
    let single: Vec<bool> = toks
        .iter()
        .map(|t| t.end - t.start == 1 && matches!(emit[t.start], Emit::Word(c) if c.is_alphabetic()))
        .collect();
    let mut i = 0;
    while i < toks.len() {
        if !single[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        // Every gap of a run is written like its first: in "s.h.i.t. I left" the ". " before
        // "I" ends the word instead of joining "shiti".
        let mut first_gap: Option<&[Unit]> = None;
        while j + 1 < toks.len() && single[j + 1] {
            let gap = &units[toks[j].end..toks[j + 1].start];
            if gap.is_empty() || gap.len() > 2 || !gap.iter().all(|u| is_letter_separator(u.c)) {
                break;
            }
            if first_gap.is_some_and(|f| f.len() != gap.len() || f.iter().zip(gap).any(|(a, b)| a.c != b.c)) {
                break;
            }
            first_gap.get_or_insert(gap);
            j += 1;
        }
        if j - i + 1 >= 3 {
            for k in i..j {
                for e in &mut emit[toks[k].end..toks[k + 1].start] {
                    *e = Emit::Drop;
                }
            }
        }
        i = j + 1;
    }
}

impl Normalized {
    /// Build the view of `text`. Linear in the length of the text.
    pub fn new(text: &str) -> Normalized {
        let units = fold(text);
        let toks = tokens(&units);
        let mut emit = vec![Emit::Drop; units.len()];
        for u in units.iter().enumerate().filter(|(_, u)| u.kind == Kind::Other) {
            emit[u.0] = Emit::Gap(u.1.c);
        }
        for &t in &toks {
            classify(&units, t, &mut emit);
        }
        join_spaced_letters(&units, &toks, &mut emit);

        let mut view = Normalized {
            text: String::with_capacity(text.len()),
            chars: Vec::with_capacity(units.len()),
            char_of_byte: Vec::with_capacity(text.len()),
        };
        // Whether each token is a hashtag body (asked at every unit of it below).
        let tags: Vec<bool> = toks.iter().map(|&tok| is_hashtag(&units, tok)).collect();
        let mut t = 0; // next token to look at
        for (i, (u, e)) in units.iter().zip(&emit).enumerate() {
            // Hashtag bodies: split camel case, or mark both ends when there is no hump.
            while t < toks.len() && toks[t].end <= i {
                t += 1;
            }
            let tag = (t < toks.len() && toks[t].start <= i && tags[t]).then(|| toks[t]);
            if let Some(tok) = tag
                && i > tok.start
                && units[i].upper
                && !units[i - 1].upper
                && units[i - 1].kind == Kind::Letter
                && u.kind == Kind::Letter
            {
                view.push(' ', u.start, u.start, false);
            }
            match *e {
                Emit::Drop => {}
                Emit::Word(c) => {
                    // Stretched letters ("fuuuck") squeeze into one char that counts them.
                    let squeeze = c.is_alphabetic() && view.text.ends_with(c);
                    match view.chars.last_mut() {
                        Some(p) if squeeze && p.word && p.run < u16::MAX => {
                            p.end = u.end;
                            p.run += 1;
                        }
                        _ => view.push(c, u.start, u.end, true),
                    }
                }
                Emit::Gap(c) => {
                    // Runs of whitespace read as one space.
                    if c == ' ' && view.text.ends_with(' ') {
                        if let Some(p) = view.chars.last_mut() {
                            p.end = u.end;
                        }
                    } else {
                        view.push(c, u.start, u.end, false);
                    }
                }
            }
            if let Some(tok) = tag
                && i + 1 == tok.end
            {
                view.mark_hashtag(&units, tok);
            }
        }
        view
    }

    fn push(&mut self, c: char, start: usize, end: usize, word: bool) {
        let index = self.chars.len() as u32;
        self.chars.push(ViewChar { start, end, run: 1, word, tag_start: false, tag_end: false });
        self.text.push(c);
        self.char_of_byte.extend(std::iter::repeat_n(index, c.len_utf8()));
    }

    /// After a hashtag's last unit was emitted: mark its ends if it has no camel humps.
    fn mark_hashtag(&mut self, units: &[Unit], tok: Token) {
        let body = &units[tok.start..tok.end];
        let humps = body.windows(2).any(|w| w[1].upper && !w[0].upper && w[0].kind == Kind::Letter);
        if humps {
            return;
        }
        let (first, last) = (body[0].start, body[body.len() - 1].end);
        let Some(hi) = self.chars.iter().rposition(|c| c.word && c.end <= last) else { return };
        let lo = self.chars[..=hi].iter().rposition(|c| !c.word || c.start < first).map_or(0, |p| p + 1);
        if lo <= hi && self.chars[lo].start >= first {
            self.chars[lo].tag_start = true;
            self.chars[hi].tag_end = true;
        }
    }

    /// The view text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Every view character, in order.
    pub fn chars(&self) -> &[ViewChar] {
        &self.chars
    }

    /// Index of the view character that contains view byte `byte`.
    pub fn char_index(&self, byte: usize) -> Option<usize> {
        self.char_of_byte.get(byte).map(|&i| i as usize)
    }

    /// The original span covered by view bytes `[start, end)`, or `None` for an empty or
    /// out-of-range range. Always on char boundaries of the original text.
    pub fn original_span(&self, start: usize, end: usize) -> Option<Span> {
        if start >= end {
            return None;
        }
        let first = self.chars[self.char_index(start)?];
        let last = self.chars[self.char_index(end - 1)?];
        (first.start < last.end).then(|| Span::new(first.start, last.end))
    }
}

/// A token right after `#` that starts with a letter.
fn is_hashtag(units: &[Unit], tok: Token) -> bool {
    tok.start > 0 && units[tok.start - 1].c == '#' && units[tok.start].kind == Kind::Letter
}

#[cfg(test)]
mod tests;
