//! The pack file as written: serde structs that reject unknown fields, then validation
//! into the typed `Pack` with positions for every error.

use super::graph::{self, Links, RefKind, Reference};
use super::{
    Allow, AllowMatch, Context, Cues, Error, Examples, Fix, Located, Matcher, Model, Pack, Rule, Score, When, position,
};
use crate::finding::Severity;
use crate::validators::Validator;
use regex_automata::nfa::thompson;
use regex_syntax::ast::{Ast, GroupKind};
use serde::Deserialize;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// Compiled-size cap for one pattern: user packs are untrusted input.
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    pack: RawPackHeader,
    #[serde(default)]
    lists: BTreeMap<String, Spanned<RawWords>>,
    /// Named phrase lists for context windows (`require = ["@name"]`).
    #[serde(default)]
    phrases: BTreeMap<String, Vec<Spanned<String>>>,
    /// Named regex fragments, pasted into patterns as `{{name}}` (see `graph`).
    #[serde(default)]
    fragments: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    allow: Vec<Spanned<RawAllow>>,
    /// Learned scorers (`[model.name]`), written by a training script.
    #[serde(default)]
    model: BTreeMap<String, Spanned<RawModel>>,
}

/// `[model.name]`: a logistic regression's bias, default threshold and weights, one feature a
/// line (`last night 0.412`): its words, a space, its weight.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    bias: f64,
    threshold: f64,
    #[serde(default)]
    min_words: usize,
    weights: Spanned<String>,
}

/// `score = { model = "name", threshold = 0.8 }` on a rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    model: Spanned<String>,
    #[serde(default)]
    threshold: Option<Spanned<f64>>,
}

/// A word list: an array of words, or one string of words separated by white space. Long
/// generated lists use the string: TOML parses one long string many times faster than an
/// array of tens of thousands of short ones.
enum RawWords {
    Array(Vec<String>),
    Text(String),
}

/// By hand rather than `#[serde(untagged)]`, which would first copy the whole list into a
/// buffer to try each form in turn.
impl<'de> Deserialize<'de> for RawWords {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Words;
        impl<'de> serde::de::Visitor<'de> for Words {
            type Value = RawWords;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of words or a string of words separated by spaces")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawWords, E> {
                Ok(RawWords::Text(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<RawWords, E> {
                Ok(RawWords::Text(text))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawWords, A::Error> {
                let mut words = Vec::new();
                while let Some(word) = seq.next_element::<String>()? {
                    words.push(word);
                }
                Ok(RawWords::Array(words))
            }
        }
        deserializer.deserialize_any(Words)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackHeader {
    id: String,
    category: String,
    #[serde(default)]
    description: String,
    /// Default for the pack's rules: match terms through obfuscation.
    #[serde(default)]
    normalize: bool,
    /// Default for the pack's rules: what `postlint fix` does with their findings.
    #[serde(default)]
    fix: Option<Spanned<RawFix>>,
    /// The packs whose names this pack's references may use (see `graph`).
    #[serde(default)]
    uses: Option<Vec<Spanned<String>>>,
}

/// `fix = { placeholder = "[NAME]" }`, `fix = { action = "mask" }`, ...
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFix {
    #[serde(default)]
    action: Option<FixAction>,
    #[serde(default)]
    placeholder: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum FixAction {
    Redact,
    Mask,
    Review,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    severity: Severity,
    message: String,
    help: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    normalize: Option<bool>,
    #[serde(default)]
    masks: Option<bool>,
    /// Also match each phrase with its last word in the plural (booty call → booty calls).
    #[serde(default)]
    plurals: bool,
    #[serde(default)]
    validate: Option<Validator>,
    #[serde(default)]
    report_group: Option<Spanned<String>>,
    #[serde(default)]
    lists: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    context: Option<RawContext>,
    #[serde(default)]
    allow: Option<RawAllowMatch>,
    #[serde(default)]
    when: Option<Spanned<RawWhen>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    clears: Vec<Spanned<String>>,
    #[serde(default)]
    score: Option<Spanned<RawScore>>,
    #[serde(default)]
    signal: bool,
    #[serde(default)]
    fix: Option<Spanned<RawFix>>,
    #[serde(default)]
    examples: RawExamples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    #[serde(default)]
    forbid: Vec<Spanned<String>>,
}

fn default_window() -> usize {
    5
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAllowMatch {
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    #[serde(default)]
    all: Vec<Spanned<String>>,
    #[serde(default)]
    any: Vec<Spanned<String>>,
    #[serde(default)]
    none: Vec<Spanned<String>>,
    #[serde(default = "one")]
    min_any: usize,
    #[serde(default)]
    each: bool,
    #[serde(default)]
    near: Option<usize>,
}

fn one() -> usize {
    1
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default)]
    flag: Vec<String>,
    #[serde(default)]
    pass: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    id: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    applies_to: Vec<Spanned<String>>,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    /// A learned model's verdict instead of words: the list covers the whole post when the
    /// model reads it below its threshold.
    #[serde(default)]
    score: Option<Spanned<RawScore>>,
    #[serde(default)]
    examples: RawAllowExamples,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAllowExamples {
    #[serde(default)]
    pass: Vec<String>,
}

struct Ctx<'a> {
    source: &'a str,
    text: &'a str,
    trusted: bool,
    /// Byte offset of each line's start, built on the first position asked for: a pack
    /// records hundreds of positions, and counting lines from the top for each one was a
    /// few percent of a one-post run.
    line_starts: OnceCell<Vec<usize>>,
}

impl Ctx<'_> {
    /// 1-based line and column (in characters) of a byte offset, as `position` computes it.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let line = starts.partition_point(|&start| start <= offset);
        let start = starts[line - 1];
        match self.text.get(start..offset) {
            Some(before) => (line, before.chars().count() + 1),
            None => position(self.text, offset),
        }
    }

    fn error(&self, offset: usize, rule: Option<&str>, message: impl Into<String>) -> Error {
        super::error(self.source, Some(self.position(offset)), rule, message)
    }

    /// A list's words, separated by white space. An array entry with white space in it could never
    /// equal a captured word, so it is an error rather than a silent miss.
    fn word_list(&self, name: String, words: Spanned<RawWords>) -> Result<(String, String), Error> {
        let offset = words.span().start;
        let text = match words.into_inner() {
            RawWords::Text(text) => text,
            RawWords::Array(words) => {
                if let Some(bad) = words.iter().find(|w| w.is_empty() || w.contains(char::is_whitespace)) {
                    let why = format!("word list `{name}`: {bad:?} is not a single word (a list holds words)");
                    return Err(self.error(offset, None, why));
                }
                words.join("\n")
            }
        };
        Ok((name, text))
    }

    /// A context window's `require` or `forbid` list: phrases as written, and `@name`
    /// references to named phrase lists (with their position: the engine resolves them).
    fn cues(&self, entries: Vec<Spanned<String>>, rule: &str) -> Result<Cues, Error> {
        let mut cues = Cues::default();
        for entry in entries {
            let offset = entry.span().start;
            let text = entry.get_ref();
            match text.strip_prefix('@') {
                Some(name) if name.is_empty() || name.contains(char::is_whitespace) => {
                    let why = format!("{text:?} is not a phrase list name (`@` followed by a name from [phrases])");
                    return Err(self.error(offset, Some(rule), why));
                }
                Some(name) => {
                    let (line, column) = self.position(offset);
                    cues.lists.push(Located { value: name.to_string(), line, column });
                }
                None if !text.chars().any(char::is_alphanumeric) => {
                    let why = format!("context phrase {text:?} has no letters or digits, so it can never match");
                    return Err(self.error(offset, Some(rule), why));
                }
                None => cues.phrases.push(entry.into_inner()),
            }
        }
        Ok(cues)
    }

    /// A `[model.name]` table: a threshold between 0 and 1, finite numbers, and one
    /// `words weight` line per feature, each feature once. A bad line is an error at that line.
    fn model(&self, name: String, raw: Spanned<RawModel>) -> Result<(String, Model), Error> {
        let at = raw.span().start;
        let raw = raw.into_inner();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(self.error(at, None, format!("model name {name:?} must be one word")));
        }
        if !(raw.bias.is_finite() && raw.threshold > 0.0 && raw.threshold < 1.0) {
            let why = format!("model `{name}`: `bias` must be a number and `threshold` between 0 and 1");
            return Err(self.error(at, None, why));
        }
        let span = raw.weights.span();
        // Where a bad line is, for its error: looked for only then (this runs at every start).
        let line_at =
            |line: &str| span.start + self.text.get(span.start..span.end).and_then(|w| w.find(line)).unwrap_or(0);
        let mut seen: HashSet<&str> = HashSet::new();
        let mut weights = Vec::new();
        for line in raw.weights.get_ref().lines().map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.rsplit_once(' ').and_then(|(feature, weight)| {
                let weight: f64 = weight.parse().ok()?;
                let mut words = feature.split(' ');
                let word_ok = |w: &str| !w.is_empty() && !w.chars().any(char::is_uppercase);
                let well_formed = weight.is_finite()
                    && words.next().is_some_and(word_ok)
                    && words.next().is_none_or(word_ok)
                    && words.next().is_none();
                well_formed.then_some((feature, weight))
            });
            let Some((feature, weight)) = parsed else {
                let why = format!(
                    "model `{name}`: {line:?} is not `words weight` (one or two lower-case words, a space, a number)"
                );
                return Err(self.error(line_at(line), None, why));
            };
            if !seen.insert(feature) {
                let why = format!("model `{name}`: feature {feature:?} is listed twice");
                // The second time it is listed.
                let first = line_at(line);
                let rest = self.text.get(first + line.len()..span.end).and_then(|r| r.find(line));
                return Err(self.error(rest.map_or(first, |r| first + line.len() + r), None, why));
            }
            weights.push((feature.to_string(), weight));
        }
        if weights.is_empty() {
            return Err(self.error(span.start, None, format!("model `{name}` has no weights")));
        }
        Ok((name, Model { bias: raw.bias, threshold: raw.threshold, min_words: raw.min_words, weights }))
    }

    /// A named phrase list: phrases only (a list does not refer to other lists).
    fn phrase_list(&self, name: String, entries: Vec<Spanned<String>>) -> Result<(String, Vec<String>), Error> {
        // A table key carries no position here: point at the list's first phrase.
        let at = entries.first().map_or(0, |e| e.span().start);
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(self.error(at, None, format!("phrase list name {name:?} must be one word")));
        }
        let mut phrases = Vec::with_capacity(entries.len());
        for entry in entries {
            let text = entry.get_ref();
            if !text.chars().any(char::is_alphanumeric) || text.starts_with('@') {
                let why = format!(
                    "phrase list `{name}`: {text:?} is not a phrase (it needs a letter or digit; lists cannot refer to lists)"
                );
                return Err(self.error(entry.span().start, None, why));
            }
            phrases.push(entry.into_inner());
        }
        Ok((name, phrases))
    }

    /// A `fix` table as (action, placeholder): a placeholder means redact, and only redact
    /// takes one.
    fn fix_action(&self, f: &Spanned<RawFix>, rule: Option<&str>) -> Result<(FixAction, Option<String>), Error> {
        let raw = f.get_ref();
        let action = match (raw.action, &raw.placeholder) {
            (None, None) => {
                let why = "`fix` needs `placeholder = \"[...]\"` or `action = \"redact\" | \"mask\" | \"review\"`";
                return Err(self.error(f.span().start, rule, why));
            }
            (Some(FixAction::Redact) | None, Some(p)) if p.trim().is_empty() => {
                return Err(self.error(f.span().start, rule, "`fix.placeholder` must not be empty"));
            }
            (Some(a @ (FixAction::Mask | FixAction::Review)), Some(_)) => {
                let name = if a == FixAction::Mask { "mask" } else { "review" };
                let why = format!("`fix.placeholder` goes with `action = \"redact\"`, not `{name}`");
                return Err(self.error(f.span().start, rule, why));
            }
            (Some(a), _) => a,
            (None, Some(_)) => FixAction::Redact,
        };
        Ok((action, raw.placeholder.clone()))
    }

    fn located(&self, s: Spanned<String>) -> Located<String> {
        let (line, column) = self.position(s.span().start);
        Located { value: s.into_inner(), line, column }
    }

    /// Reject a bad pattern early with its position, and return its capture group names
    /// (when `needs_names`). Parsing catches syntax errors cheaply. A user pack's pattern is
    /// also compiled to an automaton under the size cap (the forward NFA only: that is what
    /// the cap measures, and the full regex costs three times as much). A built-in pack's
    /// patterns are not checked here at all (`None`): the test suite loads every built-in
    /// pack as a user pack (`parse_pack`) and compiles each pattern, and this was a tenth of
    /// a one-post run's start-up. The engine compiles each pattern in full on first use.
    fn check_regex(
        &self,
        p: &Spanned<String>,
        case_sensitive: bool,
        rule: &str,
        needs_names: bool,
    ) -> Result<Option<Vec<String>>, Error> {
        // A pattern with fragments is checked once `graph::link` has pasted them in.
        if self.trusted || graph::has_fragments(p.get_ref()) {
            return Ok(None);
        }
        check_pattern(p.get_ref(), case_sensitive, needs_names)
            .map(Some)
            .map_err(|why| self.error(p.span().start, Some(rule), why))
    }

    /// The `{{fragment}}` references of a pattern or fragment as written, each at its own
    /// position: a name has no characters TOML escapes, so it stands verbatim in the file.
    fn fragment_refs(&self, p: &Spanned<String>, owner: Option<&str>, refs: &mut Vec<Reference>) {
        let written = self.text.get(p.span()).unwrap_or("");
        let mut from = 0;
        for (_, name) in graph::fragment_refs(p.get_ref()) {
            let token = format!("{{{{{name}}}}}");
            let offset = match written[from..].find(&token) {
                Some(i) => {
                    from += i + token.len();
                    p.span().start + from - token.len()
                }
                None => p.span().start,
            };
            let (line, column) = self.position(offset);
            refs.push(Reference {
                kind: RefKind::Fragment,
                name: name.to_string(),
                owner: owner.map(str::to_string),
                line,
                column,
            });
        }
    }

    fn reference(&self, kind: RefKind, s: &Spanned<String>, owner: &str) -> Reference {
        let (line, column) = self.position(s.span().start);
        Reference { kind, name: s.get_ref().clone(), owner: Some(owner.to_string()), line, column }
    }
}

/// The text-matching settings a rule has (`terms`, `pattern`, `context`, `allow`, and with
/// `with_when` also `when`), listed for an error, or `None`: a `when` or `score` rule has none
/// of them, since they would be ignored (terms would even fire without the condition).
fn text_settings(r: &RawRule, with_when: bool) -> Option<String> {
    let set = [
        ("terms", !r.terms.is_empty()),
        ("pattern", r.pattern.is_some()),
        ("when", with_when && r.when.is_some()),
        ("context", r.context.is_some()),
        ("allow", r.allow.is_some()),
    ];
    let listed: Vec<String> = set.iter().filter(|(_, on)| *on).map(|(name, _)| format!("`{name}`")).collect();
    (!listed.is_empty()).then(|| listed.join(", "))
}

/// Check a pattern as the engine will compile it, and return its capture group names (when
/// `needs_names`). Parsing catches syntax errors cheaply; the pattern is then compiled to an
/// automaton under the size cap (the forward NFA only: that is what the cap measures, and the
/// full regex costs three times as much).
pub(super) fn check_pattern(pattern: &str, case_sensitive: bool, needs_names: bool) -> Result<Vec<String>, String> {
    let invalid = |e: &dyn std::fmt::Display| format!("invalid regex: {}", one_line(&e.to_string()));
    let ast = regex_syntax::ast::parse::Parser::new().parse(pattern).map_err(|e| invalid(&e))?;
    let hir = regex_syntax::hir::translate::TranslatorBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .translate(pattern, &ast)
        .map_err(|e| invalid(&e))?;
    thompson::Compiler::new()
        .configure(thompson::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
        .build_from_hir(&hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => {
                format!("pattern is too large once compiled (limit {limit} bytes); split it or use `terms`")
            }
            None => invalid(&e),
        })?;
    let mut names = Vec::new();
    if needs_names {
        capture_names(&ast, &mut names);
    }
    Ok(names)
}

fn capture_names(ast: &Ast, names: &mut Vec<String>) {
    match ast {
        Ast::Group(g) => {
            if let GroupKind::CaptureName { name, .. } = &g.kind {
                names.push(name.name.clone());
            }
            capture_names(&g.ast, names);
        }
        Ast::Repetition(r) => capture_names(&r.ast, names),
        Ast::Concat(c) => c.asts.iter().for_each(|a| capture_names(a, names)),
        Ast::Alternation(a) => a.asts.iter().for_each(|a| capture_names(a, names)),
        _ => {}
    }
}

/// The terms and, after each phrase, its plural by the regular English rules (booty call →
/// booty calls, rum and coke → rum and cokes, shot glass → shot glasses, house party → house
/// parties), so a pack lists each phrase once. Single words keep the forms the pack lists
/// (many are irregular or uncountable: whisky, whiskies; booze), and a phrase that does not end
/// in a letter (an emoji) or is already plural is kept as it is.
fn with_plurals(terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::with_capacity(terms.len() * 2);
    for term in terms {
        let plural = plural_of(&term);
        for t in std::iter::once(term).chain(plural) {
            if seen.insert(t.clone()) {
                out.push(t);
            }
        }
    }
    out
}

fn plural_of(term: &str) -> Option<String> {
    if !term.trim().contains(' ') {
        return None;
    }
    let last = term.chars().last()?;
    if !last.is_ascii_alphabetic() {
        return None;
    }
    let lower = term.to_ascii_lowercase();
    // Already plural (hookups, drinks): an s after anything but s, u or i (glass, bus, iris).
    if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|end| lower.ends_with(end)) {
        return None;
    }
    let stem = &term[..term.len() - 1];
    let before_last = lower.chars().rev().nth(1);
    Some(if ["s", "x", "z", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        format!("{term}es")
    } else if last.eq_ignore_ascii_case(&'y') && before_last.is_some_and(|c| !"aeiou".contains(c)) {
        format!("{stem}ies")
    } else {
        format!("{term}s")
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `trusted`: a built-in pack (see `Ctx::check_regex`).
pub(super) fn parse(source: &str, text: &str, trusted: bool) -> Result<Pack, Error> {
    let ctx = Ctx { source, text, trusted, line_starts: OnceCell::new() };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        ctx.error(offset, None, one_line(e.message()))
    })?;
    let header = raw.pack;
    if header.id.trim().is_empty() || header.category.trim().is_empty() {
        return Err(ctx.error(0, None, "[pack] needs a non-empty `id` and `category`"));
    }
    let pack_fix = match &header.fix {
        Some(f) => Some(ctx.fix_action(f, None)?),
        None => None,
    };
    let mut ids = HashSet::new();
    let mut rules = Vec::new();
    // Every name the pack refers to, for `graph::link` to check against the packs it uses.
    let mut refs: Vec<Reference> = Vec::new();
    for spanned in raw.rule {
        let rule_offset = spanned.span().start;
        let r = spanned.into_inner();
        let id = r.id.get_ref().clone();
        let id_offset = r.id.span().start;
        let err = |offset: usize, msg: String| ctx.error(offset, Some(&id), msg);
        if id.trim().is_empty() || id.contains(char::is_whitespace) {
            return Err(err(id_offset, "rule id must be non-empty and contain no spaces".into()));
        }
        if !ids.insert(id.clone()) {
            return Err(err(id_offset, format!("duplicate rule id `{id}`")));
        }
        if r.message.trim().is_empty() || r.help.trim().is_empty() {
            return Err(err(rule_offset, "`message` and `help` must not be empty".into()));
        }
        if r.terms.is_empty() && r.pattern.is_none() && r.when.is_none() && r.score.is_none() {
            return Err(err(
                rule_offset,
                "a rule needs `terms`, `pattern` or `when` (or `score` for a learned model)".into(),
            ));
        }
        // A `score` rule judges the whole post with a learned model: a text match or a
        // co-occurrence beside it would be a second rule hiding in the first.
        if let Some(s) = &r.score {
            if let Some(listed) = text_settings(&r, true) {
                return Err(err(s.span().start, format!("a `score` rule cannot also have {listed}")));
            }
            if let Some(t) = &s.get_ref().threshold
                && !(*t.get_ref() > 0.0 && *t.get_ref() < 1.0)
            {
                return Err(err(t.span().start, "`score.threshold` must be between 0 and 1".into()));
            }
        }
        // A `when` rule reports other rules' findings; text-matching settings beside it would
        // be ignored (terms would even fire without the condition), so they are an error.
        if let Some(w) = &r.when
            && let Some(listed) = text_settings(&r, false)
        {
            return Err(err(
                w.span().start,
                format!(
                    "a `when` rule combines other rules' findings and cannot also have {listed}: \
                     put the text match in its own rule (`signal = true`) and name it in `when`"
                ),
            ));
        }
        // `unless` drops a text rule's findings from a post where another rule speaks; a `when`
        // rule says the same with `when.none`, which also sees the combinations before it.
        if let (Some(u), Some(_)) = (r.unless.first(), &r.when) {
            return Err(err(u.span().start, "a `when` rule cannot have `unless`: use `when.none`".into()));
        }
        // `clears` hands the text a rule matched to other rules: a `when` or `score` rule has
        // no text of its own.
        if let (Some(c), true) = (r.clears.first(), r.when.is_some() || r.score.is_some()) {
            return Err(err(c.span().start, "only a rule that matches text can have `clears`".into()));
        }
        if let Some(t) = r.terms.iter().find(|t| t.trim().is_empty()) {
            return Err(err(rule_offset, format!("empty term {t:?}")));
        }
        if let Some(p) = &r.pattern {
            let names = ctx.check_regex(p, r.case_sensitive, &id, r.report_group.is_some() || !r.lists.is_empty())?;
            let captures = |group: &str| names.as_ref().is_none_or(|names| names.iter().any(|n| n == group));
            if let Some(g) = &r.report_group
                && !captures(g.get_ref())
            {
                return Err(err(
                    g.span().start,
                    format!("`report_group` names `{}`, which the pattern does not capture", g.get_ref()),
                ));
            }
            for (group, list) in &r.lists {
                if !captures(group) {
                    return Err(err(
                        list.span().start,
                        format!("`lists` names group `{group}`, which the pattern does not capture"),
                    ));
                }
            }
        } else if r.report_group.is_some() || !r.lists.is_empty() || r.validate.is_some() {
            return Err(err(rule_offset, "`report_group`, `lists` and `validate` need a `pattern`".into()));
        }
        for p in r.pattern.iter().chain(r.allow.iter().flat_map(|a| &a.patterns)) {
            ctx.fragment_refs(p, Some(&id), &mut refs);
        }
        let allow = match r.allow {
            Some(a) => {
                for p in &a.patterns {
                    ctx.check_regex(p, r.case_sensitive, &id, false)?;
                }
                AllowMatch { terms: a.terms, patterns: a.patterns.into_iter().map(|p| ctx.located(p)).collect() }
            }
            None => AllowMatch::default(),
        };
        let when = match r.when {
            Some(w) => {
                let offset = w.span().start;
                let w = w.into_inner();
                if w.all.is_empty() && w.any.is_empty() {
                    return Err(err(offset, "`when` needs `all` or `any`".into()));
                }
                if !w.any.is_empty() && w.min_any > w.any.len() {
                    return Err(err(offset, "`when.min_any` is larger than the `any` list".into()));
                }
                if w.each && w.all.len() != 1 {
                    return Err(err(
                        offset,
                        "`when.each` needs exactly one `all` selector (the findings it reports)".into(),
                    ));
                }
                if w.near.is_some() && (!w.each || w.any.is_empty()) {
                    return Err(err(
                        offset,
                        "`when.near` needs `each = true` and an `any` list (it asks for an `any` finding near each reported one)".into(),
                    ));
                }
                let min_any = if w.any.is_empty() { 0 } else { w.min_any };
                refs.extend(w.all.iter().chain(&w.any).chain(&w.none).map(|s| ctx.reference(RefKind::When, s, &id)));
                let located = |selectors: Vec<Spanned<String>>| selectors.into_iter().map(|s| ctx.located(s)).collect();
                Some(When {
                    all: located(w.all),
                    any: located(w.any),
                    none: located(w.none),
                    min_any,
                    each: w.each,
                    near: w.near,
                })
            }
            None => None,
        };
        refs.extend(r.unless.iter().map(|s| ctx.reference(RefKind::Unless, s, &id)));
        let unless = r.unless.into_iter().map(|s| ctx.located(s)).collect();
        refs.extend(r.clears.iter().map(|s| ctx.reference(RefKind::Clears, s, &id)));
        let clears = r.clears.into_iter().map(|s| ctx.located(s)).collect();
        // `"!name"` (not in the list) refers to the list `name`.
        refs.extend(r.lists.values().map(|l| {
            let mut reference = ctx.reference(RefKind::WordList, l, &id);
            reference.name = reference.name.trim_start_matches('!').to_string();
            reference
        }));
        let lists = r.lists.into_iter().map(|(g, l)| (g, l.into_inner())).collect::<BTreeMap<_, _>>();
        for list in lists.values() {
            if list.trim_start_matches('!').trim().is_empty() {
                return Err(err(rule_offset, "empty list name in `lists`".into()));
            }
        }
        let fix = match r.fix.as_ref().map(|f| ctx.fix_action(f, Some(&id))).transpose()?.or(pack_fix.clone()) {
            Some((FixAction::Redact, Some(placeholder))) => Fix::Placeholder(placeholder),
            Some((FixAction::Redact, None)) => Fix::Placeholder(super::placeholder_for(r.label.as_deref(), &id)),
            Some((FixAction::Mask, _)) => Fix::Mask,
            Some((FixAction::Review, _)) | None => Fix::Review,
        };
        let context = match r.context {
            Some(c) => {
                Some(Context { window: c.window, require: ctx.cues(c.require, &id)?, forbid: ctx.cues(c.forbid, &id)? })
            }
            None => None,
        };
        for list in context.iter().flat_map(|c| c.require.lists.iter().chain(&c.forbid.lists)) {
            let (line, column) = (list.line, list.column);
            refs.push(Reference {
                kind: RefKind::PhraseList,
                name: list.value.clone(),
                owner: Some(id.clone()),
                line,
                column,
            });
        }
        rules.push(Rule {
            fix,
            category: r.category.unwrap_or_else(|| header.category.clone()),
            severity: r.severity,
            label: r.label.unwrap_or_else(|| id.clone()),
            message: r.message,
            help: r.help,
            description: r.description,
            matcher: match (when, r.score) {
                (Some(when), _) => Matcher::When(when),
                (None, Some(score)) => {
                    let score = score.into_inner();
                    Matcher::Score(Score {
                        model: ctx.located(score.model),
                        threshold: score.threshold.map(Spanned::into_inner),
                    })
                }
                (None, None) => {
                    let terms = if r.plurals { with_plurals(r.terms) } else { r.terms };
                    Matcher::Text { terms, pattern: r.pattern.map(|p| ctx.located(p)) }
                }
            },
            case_sensitive: r.case_sensitive,
            normalize: r.normalize.unwrap_or(header.normalize),
            masks: r.normalize.unwrap_or(header.normalize) && r.masks.unwrap_or(true),
            validate: r.validate,
            report_group: r.report_group.map(Spanned::into_inner),
            lists,
            context,
            allow,
            signal: r.signal,
            unless,
            clears,
            examples: Examples { flag: r.examples.flag, pass: r.examples.pass },
            source: source.to_string(),
            id,
        });
    }
    let mut fragments = BTreeMap::new();
    for (name, body) in raw.fragments {
        if graph::fragment_refs(&format!("{{{{{name}}}}}")).next().is_none() {
            let why = format!("fragment name {name:?} must be a letter or `_` followed by letters, digits and `_`");
            return Err(ctx.error(body.span().start, None, why));
        }
        ctx.fragment_refs(&body, None, &mut refs);
        fragments.insert(name, ctx.located(body));
    }
    let mut allows = Vec::new();
    for spanned in raw.allow {
        let a = spanned.into_inner();
        let id = a.id.get_ref().clone();
        if !ids.insert(id.clone()) {
            return Err(ctx.error(a.id.span().start, Some(&id), format!("duplicate rule id `{id}`")));
        }
        match &a.score {
            None if a.terms.is_empty() && a.patterns.is_empty() => {
                return Err(ctx.error(
                    a.id.span().start,
                    Some(&id),
                    "an allow list needs `terms`, `patterns` or `score`",
                ));
            }
            // A model's verdict is about the whole post: words beside it would be a second
            // allow list hiding in the first.
            Some(s) if !(a.terms.is_empty() && a.patterns.is_empty()) => {
                return Err(ctx.error(
                    s.span().start,
                    Some(&id),
                    "an allow list with `score` cannot also have `terms` or `patterns`",
                ));
            }
            Some(s) => {
                if let Some(t) = &s.get_ref().threshold
                    && !(*t.get_ref() > 0.0 && *t.get_ref() <= 1.0)
                {
                    return Err(ctx.error(
                        t.span().start,
                        Some(&id),
                        "`score.threshold` must be above 0 and at most 1",
                    ));
                }
            }
            None => {}
        }
        for p in &a.patterns {
            ctx.check_regex(p, a.case_sensitive, &id, false)?;
            ctx.fragment_refs(p, Some(&id), &mut refs);
        }
        refs.extend(a.applies_to.iter().map(|s| {
            let mut r = ctx.reference(RefKind::AppliesTo, s, &id);
            r.name = r.name.trim_start_matches('!').to_string(); // `!x` excludes what `x` selects
            r
        }));
        allows.push(Allow {
            id,
            description: a.description,
            applies_to: a.applies_to.into_iter().map(Spanned::into_inner).collect(),
            matcher: AllowMatch { terms: a.terms, patterns: a.patterns.into_iter().map(|p| ctx.located(p)).collect() },
            score: a.score.map(|s| {
                let s = s.into_inner();
                Score { model: ctx.located(s.model), threshold: s.threshold.map(Spanned::into_inner) }
            }),
            case_sensitive: a.case_sensitive,
            examples_pass: a.examples.pass,
            source: source.to_string(),
        });
    }
    Ok(Pack {
        id: header.id,
        category: header.category,
        description: header.description,
        source: source.to_string(),
        rules,
        allows,
        lists: raw.lists.into_iter().map(|(name, words)| ctx.word_list(name, words)).collect::<Result<_, _>>()?,
        phrases: raw.phrases.into_iter().map(|(name, list)| ctx.phrase_list(name, list)).collect::<Result<_, _>>()?,
        models: raw.model.into_iter().map(|(name, model)| ctx.model(name, model)).collect::<Result<_, _>>()?,
        links: Links {
            uses: header.uses.map(|uses| uses.into_iter().map(|u| ctx.located(u)).collect()),
            fragments,
            refs,
        },
    })
}

#[cfg(test)]
mod regex_check_tests {
    use super::*;

    fn pack_with(pattern: &str) -> String {
        format!(
            "[pack]\nid = \"p\"\ncategory = \"c\"\n\n[[rule]]\nid = \"p.r\"\nseverity = \"error\"\n\
             message = \"m\"\nhelp = \"h\"\npattern = '{pattern}'\nreport_group = \"g\"\n"
        )
    }

    #[test]
    fn user_pack_patterns_are_checked_with_positions() {
        assert!(parse("u.toml", &pack_with(r"(?P<g>\d+)"), false).is_ok());
        let bad = parse("u.toml", &pack_with(r"(?P<g>\d+"), false).unwrap_err();
        assert_eq!((bad.line(), bad.column()), (Some(10), Some(11)));
        assert!(bad.message().starts_with("invalid regex: "), "{}", bad.message());
        let unknown_class = parse("u.toml", &pack_with(r"(?P<g>\p{Nope})"), false).unwrap_err();
        assert!(unknown_class.message().starts_with("invalid regex: "), "{}", unknown_class.message());
        let huge = parse("u.toml", &pack_with(r"(?P<g>\w{1000}){100}"), false).unwrap_err();
        assert!(huge.message().starts_with("pattern is too large once compiled"), "{}", huge.message());
        let no_group = parse("u.toml", &pack_with(r"(?P<h>\d+)"), false).unwrap_err();
        assert!(no_group.message().contains("which the pattern does not capture"), "{}", no_group.message());
    }

    #[test]
    fn positions_from_the_line_index_match_line_column() {
        let text = "[pack]\nid = \"é\"\n\n  naïve = '🎉x'\r\nlast";
        let ctx = Ctx { source: "p.toml", text, trusted: false, line_starts: OnceCell::new() };
        for offset in (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            assert_eq!(ctx.position(offset), position(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn trusted_packs_leave_patterns_to_the_test_suite() {
        assert!(parse("b.toml", &pack_with(r"(?P<g>\d+)"), true).is_ok());
        assert!(parse("b.toml", &pack_with(r"(?P<h>\d+)"), true).is_ok());
        assert!(parse("b.toml", &pack_with(r"(?P<h>\d+)"), false).is_err());
    }
}

#[cfg(test)]
mod plural_tests {
    use super::*;

    #[test]
    fn phrases_get_regular_plurals_and_single_words_keep_their_listed_forms() {
        let terms = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            with_plurals(terms(&[
                "booty call",
                "shot glass",
                "house party",
                "snow day",
                "rum and coke",
                "beer 🍺",
                "make out",
                "make outs",
                "vodka"
            ])),
            terms(&[
                "booty call",
                "booty calls",
                "shot glass",
                "shot glasses",
                "house party",
                "house parties",
                "snow day",
                "snow days",
                "rum and coke",
                "rum and cokes",
                "beer 🍺",
                "make out",
                "make outs",
                "vodka"
            ])
        );
    }
}
