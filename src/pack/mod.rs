//! Rule packs: parse TOML strictly into raw structs, then validate into typed `Pack`s.
//!
//! Raw structs mirror the file (with `deny_unknown_fields`, so typos are errors); the
//! validated types are what the engine compiles. Every error names the pack file and the
//! line/column in it.

pub mod builtin;
pub mod graph;
mod raw;

pub use raw::REGEX_SIZE_LIMIT;

use crate::error::{Error, ErrorKind, Location};
use crate::finding::Severity;
use crate::validators::Validator;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A pack error (`ErrorKind::Pack`) in `file`, at a line and column when known, about a rule
/// when one is named.
pub(crate) fn error(file: &str, at: Option<(usize, usize)>, rule: Option<&str>, message: impl Into<String>) -> Error {
    let location = match at {
        Some((line, column)) => Location::at(file, line, column),
        None => Location::file(file),
    };
    let error = Error::new(ErrorKind::Pack, message).at(location);
    match rule {
        Some(id) => error.for_rule(id),
        None => error,
    }
}

/// A validated rule pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub category: String,
    pub description: String,
    /// Where the pack came from (a path, or `builtin:rules/x.toml`).
    pub source: String,
    pub rules: Vec<Rule>,
    pub allows: Vec<Allow>,
    /// Named word lists that rules can require a capture group to be in: the words,
    /// separated by white space, as written (the engine compares them case-insensitively).
    pub lists: BTreeMap<String, String>,
    /// Named phrase lists that `context` windows refer to as `@name`.
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Learned scorers (`[model.name]`) that `score` rules refer to by name.
    pub models: BTreeMap<String, Model>,
    /// The packs it uses, its regex fragments and the names it refers to (see `graph`).
    pub links: graph::Links,
}

/// A learned scorer as a pack ships it: a logistic regression over the post's lower-cased word
/// unigrams and bigrams (see `engine::scorer` for how a post becomes features).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f64,
    /// The probability at or above which a `score` rule fires, unless the rule sets its own.
    pub threshold: f64,
    /// The fewest words a post needs for a verdict either way: a short post gives the model
    /// too little to read (its bias alone would speak). 0 judges every post.
    pub min_words: usize,
    /// (feature: one word or two separated by a space, weight), as written.
    pub weights: Vec<(String, f64)>,
}

/// One detection rule, validated.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub description: String,
    /// Short noun phrase ("an age", "a room number") used when a co-occurrence rule lists
    /// what together makes a patient recognisable.
    pub label: String,
    /// What finds the rule's matches: text it searches for, or other rules' findings.
    pub matcher: Matcher,
    pub case_sensitive: bool,
    /// Match terms through obfuscation (leetspeak, masks, stretched letters, separators).
    pub normalize: bool,
    /// With `normalize`: also match masked forms (`f*ck`). Off for large generated lists, where
    /// one masked word (`f***ing`) would stand for many listed words of the same shape.
    pub masks: bool,
    pub validate: Option<Validator>,
    /// Capture group whose span is reported (default: the whole match).
    pub report_group: Option<String>,
    /// Capture group name -> list name; the group's text must be in the list.
    pub lists: BTreeMap<String, String>,
    pub context: Option<Context>,
    pub allow: AllowMatch,
    /// A signal is never reported on its own; it only feeds co-occurrence rules.
    pub signal: bool,
    /// Selectors of rules (without `when`) whose finding anywhere in the post drops this
    /// rule's findings: a frame such as "the post is about the author's own family".
    pub unless: Vec<Located<String>>,
    /// Selectors of rules whose matches of the same text (in lower case) anywhere in the post
    /// this rule's matches clear: a name shown once to be a colleague's ("my preceptor Jenna")
    /// is no patient's where the post says it again ("Thank you Jenna").
    pub clears: Vec<Located<String>>,
    /// What `postlint fix` does with this rule's findings.
    pub fix: Fix,
    pub examples: Examples,
    pub source: String,
}

/// How a rule finds what it reports. A rule either searches the text or combines other rules'
/// findings, never both: a co-occurrence condition beside a term list would be silently
/// bypassed by the term alone, so the loader rejects that combination.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Listed terms, a pattern, or both (either one finds a match).
    Text { terms: Vec<String>, pattern: Option<Located<String>> },
    /// Co-occurrence of other rules' findings in the same post.
    When(When),
    /// A learned scorer's verdict on the whole post.
    Score(Score),
}

/// `score = { model = "name", threshold = 0.8 }`: the rule fires on a post the named model
/// scores at or above the threshold (the model's own when the rule sets none).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The model's name, where it was written (the engine resolves it across packs).
    pub model: Located<String>,
    pub threshold: Option<f64>,
}

impl Rule {
    /// The listed terms (none for a co-occurrence rule).
    pub fn terms(&self) -> &[String] {
        match &self.matcher {
            Matcher::Text { terms, .. } => terms,
            Matcher::When(_) | Matcher::Score(_) => &[],
        }
    }

    /// The pattern, if the rule has one.
    pub fn pattern(&self) -> Option<&Located<String>> {
        match &self.matcher {
            Matcher::Text { pattern, .. } => pattern.as_ref(),
            Matcher::When(_) | Matcher::Score(_) => None,
        }
    }

    /// The co-occurrence condition, if this is a co-occurrence rule.
    pub fn when(&self) -> Option<&When> {
        match &self.matcher {
            Matcher::When(when) => Some(when),
            Matcher::Text { .. } | Matcher::Score(_) => None,
        }
    }

    /// The learned scorer this rule asks, if it is a score rule.
    pub fn score(&self) -> Option<&Score> {
        match &self.matcher {
            Matcher::Score(score) => Some(score),
            Matcher::Text { .. } | Matcher::When(_) => None,
        }
    }
}

/// What `postlint fix` does with a rule's findings, as its pack declares it (`fix = {...}`
/// on the rule, or a default in `[pack]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fix {
    /// Cannot be fixed mechanically (a patient's story, a photo caption): listed for a person.
    #[default]
    Review,
    /// Replace the match with this text, such as `[NAME]`.
    Placeholder(String),
    /// Replace every letter and digit of the match with `*`.
    Mask,
}

/// The placeholder a rule gets when its pack redacts but the rule names none: its `label` in
/// capitals without the article (`a date` -> `[DATE]`, `an age over 89` -> `[AGE OVER 89]`),
/// or, without a label, the last part of its id (`hospital.bed_number` -> `[BED NUMBER]`).
pub fn placeholder_for(label: Option<&str>, rule_id: &str) -> String {
    let words = match label {
        Some(label) => {
            let lower = label.trim().to_lowercase();
            let cut = ["a ", "an ", "the ", "the patient's ", "a patient's "]
                .iter()
                .filter(|article| lower.starts_with(*article))
                .map(|article| article.len())
                .max()
                .unwrap_or(0);
            label.trim()[cut..].to_string()
        }
        None => rule_id.rsplit('.').next().unwrap_or(rule_id).replace(['_', '-'], " "),
    };
    format!("[{}]", words.trim().to_uppercase())
}

/// A value with the 1-based line/column it had in its pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// Words that must (or must not) appear within `window` words of a match.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub window: usize,
    pub require: Cues,
    pub forbid: Cues,
}

/// The phrases of a `require` or `forbid` list: written out, and `@name` references to
/// named phrase lists (`[phrases]`, resolved across packs by the engine).
#[derive(Debug, Clone, Default)]
pub struct Cues {
    pub phrases: Vec<String>,
    /// List names without the `@`, where they were written.
    pub lists: Vec<Located<String>>,
}

impl Cues {
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.lists.is_empty()
    }
}

/// Exceptions: a match covered by one of these terms or patterns is cancelled.
#[derive(Debug, Clone, Default)]
pub struct AllowMatch {
    pub terms: Vec<String>,
    pub patterns: Vec<Located<String>>,
}

/// A pack-level allow list (for example clinical vocabulary) that cancels matches of the
/// rules it applies to.
#[derive(Debug, Clone)]
pub struct Allow {
    pub id: String,
    pub description: String,
    /// Rule-id prefixes or categories this allow list applies to; empty means all rules.
    pub applies_to: Vec<String>,
    pub matcher: AllowMatch,
    /// Or a learned model's verdict: the list covers the whole post when the model reads it
    /// below the threshold (`score = { model = "patient_post" }`: not a post about a patient).
    pub score: Option<Score>,
    /// Whether `patterns` match case as written: the prefilter then looks for their literal
    /// words in their case (a state code "IN" is rare, the word "in" is everywhere).
    pub case_sensitive: bool,
    /// Texts in which no finding of the rules this list applies to may remain.
    pub examples_pass: Vec<String>,
    pub source: String,
}

/// Co-occurrence: the rule fires when findings of all `all` selectors and at least
/// `min_any` of the `any` selectors occur in the same post, and none of the `none` selectors.
/// Selectors keep their position for the engine's "matches no rule" error.
#[derive(Debug, Clone)]
pub struct When {
    pub all: Vec<Located<String>>,
    pub any: Vec<Located<String>>,
    pub none: Vec<Located<String>>,
    pub min_any: usize,
    /// Report every finding of the one `all` selector, each on its own span, instead of one
    /// finding on the first (identifiers by shape: each one in a patient post must be removed).
    pub each: bool,
    /// With `each`: report only the `all` findings that have `min_any` of the `any` findings
    /// within this many words (an identifier next to the noun that names it: `barcode 0042…`).
    pub near: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub flag: Vec<String>,
    pub pass: Vec<String>,
}

/// True when `selector` (a rule id, an id prefix ending at a `.`, or a category) selects
/// the rule with this id and category.
pub fn selects(selector: &str, rule_id: &str, category: &str) -> bool {
    selector == category
        || selector == rule_id
        || (rule_id.starts_with(selector) && rule_id.as_bytes().get(selector.len()) == Some(&b'.'))
}

/// True when an allow list's `applies_to` selectors select the rule: an empty list selects every
/// rule; otherwise some selector must select it and no `!`-selector may (`["alcohol",
/// "!alcohol.frame"]`: every alcohol rule but the whole-post frame anchors, which an allow
/// near the start or end of a post must not cancel).
pub fn applies_to(selectors: &[String], rule_id: &str, category: &str) -> bool {
    let (excluded, included): (Vec<&String>, Vec<&String>) = selectors.iter().partition(|s| s.starts_with('!'));
    (included.is_empty() || included.iter().any(|s| selects(s, rule_id, category)))
        && !excluded.iter().any(|s| selects(&s[1..], rule_id, category))
}

/// Parse and validate one pack from TOML text. `source` names the file in errors.
pub fn parse_pack(source: &str, text: &str) -> Result<Pack, Error> {
    raw::parse(source, text, false)
}

/// Like `parse_pack` for a pack shipped in the binary: the same checks, except that
/// patterns are not compiled here (the test suite compiles every built-in pattern).
pub(crate) fn parse_builtin_pack(source: &str, text: &str) -> Result<Pack, Error> {
    raw::parse(source, text, true)
}

/// Load a pack file, or every `*.toml` file in a folder (sorted by name).
pub fn load_path(path: &Path) -> Result<Vec<Pack>, Error> {
    let io_error = |e: std::io::Error, p: &Path| {
        error(&p.display().to_string(), None, None, format!("cannot read rule pack: {e}"))
    };
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io_error(e, path))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        files.sort();
        files.iter().map(|p| load_file(p)).collect()
    } else {
        Ok(vec![load_file(path)?])
    }
}

fn load_file(path: &Path) -> Result<Pack, Error> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| error(&file, None, None, format!("cannot read rule pack: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        error(&file, None, None, format!("rule pack is not valid UTF-8 (at byte {offset})"))
    })?;
    parse_pack(&file, &text)
}

/// Combine built-in packs with user packs: a user pack with the id of a built-in pack
/// replaces it; otherwise packs are added. Two user packs with one id are an error (one would
/// silently disappear). Rule ids must be unique across the result. The result is linked
/// (`graph::link`): every pack's references are checked against the packs it uses, and
/// fragments are pasted into its patterns.
pub fn merge(packs: Vec<Pack>) -> Result<Vec<Pack>, Error> {
    let mut merged: Vec<Pack> = Vec::new();
    for pack in packs {
        match merged.iter_mut().find(|p| p.id == pack.id) {
            Some(existing) if existing.source.starts_with(builtin::SOURCE_PREFIX) => *existing = pack,
            Some(existing) => {
                let why = format!("pack id `{}` is also the id of {}; rename one", pack.id, existing.source);
                return Err(error(&pack.source, None, None, why));
            }
            None => merged.push(pack),
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for pack in &merged {
        for id in pack.rules.iter().map(|r| &r.id).chain(pack.allows.iter().map(|a| &a.id)) {
            if !seen.insert(id) {
                return Err(error(
                    &pack.source,
                    None,
                    Some(id),
                    format!("rule id `{id}` is defined in more than one pack"),
                ));
            }
        }
    }
    graph::link(&mut merged)?;
    Ok(merged)
}

/// 1-based line and column of a byte offset (columns in characters).
pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    crate::finding::line_column(text, offset)
}

#[cfg(test)]
mod tests;
