//! Term matching: every term of every pack in one aho-corasick automaton per text view
//! (exact terms over the original text, obfuscation-tolerant terms over the normalised
//! view), with word boundaries checked after each hit (aho-corasick knows none).
//!
//! Obfuscation-tolerant terms also match masked forms (`f*ck`, and words masked in several
//! places such as `b*llsh*t`); a term written with an accent (`rosé`) matches only text
//! that carries an accent on that letter.
//!
//! Inflections are not generated: run over a dictionary, `-s/-ed/-ing/-er` forms turn slang
//! into ordinary words (`cock` -> `cocked`, `damn` -> `damning`, `spic` -> `spiced`), and
//! even the safe `-ier/-iest` of `-y` adjectives costs a dozen dictionary words; packs list
//! the inflected forms they want (`kinkiest`).

use crate::finding::Span;
use crate::normalize::{MASK, Normalized, ViewChar};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One term to compile and whether it should match through obfuscation.
#[derive(Debug, Clone)]
pub struct TermSpec {
    pub text: String,
    /// Match over the normalised view (case, width, look-alikes, leetspeak, stretching...).
    pub fuzzy: bool,
    /// With `fuzzy`: also match masked forms (`f*ck`, `b*llsh*t`). Exceptions need no
    /// masked forms.
    pub masks: bool,
}

/// A term found in a text: which term (index into the specs) and where (original bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermHit {
    pub term: usize,
    pub span: Span,
}

/// Shortest term (in view characters) that may start a camel-less hashtag without a word
/// boundary after it (`#drunkdoctor`): shorter words hide inside too many ordinary tags.
const MIN_HASHTAG_PREFIX: usize = 4;

/// Shortest term that may end a camel-less hashtag; longer than prefixes because many
/// names end in a short swear word (`#hancock`, `#peacock`).
const MIN_HASHTAG_SUFFIX: usize = 5;

/// Most letters one mask may hide (`f***ing`); longer masks leave too little to go by.
const MAX_MASKED_LETTERS: usize = 3;

/// Longest word of a phrase that gets masked variants (`f*cking wasted`, `his d*ck`).
const MAX_MASKED_PHRASE_WORD: usize = 7;

/// One pattern of the fuzzy automaton: a term's view, or a masked variant of it.
#[derive(Debug, Clone)]
struct FuzzyPattern {
    term: usize,
    /// Run length of every view char of the pattern (letters squeezed, as in the text).
    runs: Vec<u16>,
    /// Whether each view char is part of a word: a trailing `*` in a term (`f***`) is
    /// punctuation, and must not match the mask inside `a**b`.
    words: Vec<bool>,
    need_start: bool,
    need_end: bool,
    /// May match at the start / at the end of a camel-less hashtag (`#drunkdoctor`).
    tag_prefix: bool,
    tag_suffix: bool,
    /// View chars the term writes with an accent (`rosé`): the text must carry one too.
    accents: Vec<bool>,
}

/// A single-word term that may be matched by a word masked in several places.
#[derive(Debug, Clone)]
struct MaskableWord {
    term: usize,
    /// The word's letters with stretched runs spelled out, as in the view.
    letters: Vec<char>,
}

/// A word of a maskable term written in plain ASCII letters, matched when written with one
/// run of masked letters (`f*ck`, `f**king wasted`) by comparing letters, instead of
/// compiling every masked variant into the automaton (thousands of patterns).
#[derive(Debug, Clone)]
struct MaskSite {
    term: usize,
    /// The word's letters, lowercase, stretched runs spelled out.
    letters: Vec<char>,
    /// For a word of a phrase: where the word sits in the phrase's view.
    phrase: Option<PhraseSlot>,
}

/// A word of a phrase: the phrase (index into `phrases`) and the word's view chars `[from, to)`.
#[derive(Debug, Clone, Copy)]
struct PhraseSlot {
    phrase: usize,
    from: usize,
    to: usize,
}

/// The view of a phrase with maskable words, compared around a masked word of the text.
#[derive(Debug, Clone)]
struct PhraseView {
    chars: Vec<char>,
    runs: Vec<u16>,
}

/// All terms compiled once.
#[derive(Debug)]
pub struct TermMatcher {
    exact: AhoCorasick,
    /// Per exact pattern: (term index, first char needs a word boundary, last char needs one).
    exact_terms: Vec<(usize, bool, bool)>,
    fuzzy: Option<AhoCorasick>,
    fuzzy_patterns: Vec<FuzzyPattern>,
    /// Maskable single-word terms by letter count, for words with several masked runs
    /// (the automaton holds only one masked run per word: more would bloat it).
    maskable: HashMap<usize, Vec<MaskableWord>>,
    /// Words of plain-letter maskable terms by (first letter, last letter), for words of the
    /// text with one masked run.
    mask_sites: HashMap<(char, char), Vec<MaskSite>>,
    phrases: Vec<PhraseView>,
}

impl TermMatcher {
    pub fn new(specs: &[TermSpec]) -> Result<Self, String> {
        Self::build(specs, false)
    }

    /// `compile_variants` compiles the masked variants of every term, even plain-letter ones
    /// (the reference the letter comparison is tested against).
    fn build(specs: &[TermSpec], compile_variants: bool) -> Result<Self, String> {
        let mut exact_src = Vec::new();
        let mut exact_terms = Vec::new();
        let mut fuzzy_src: Vec<String> = Vec::new();
        let mut fuzzy_patterns = Vec::new();
        let mut maskable: HashMap<usize, Vec<MaskableWord>> = HashMap::new();
        let mut mask_sites: HashMap<(char, char), Vec<MaskSite>> = HashMap::new();
        let mut phrases = Vec::new();
        for (term, spec) in specs.iter().enumerate() {
            if !spec.fuzzy {
                let first = spec.text.chars().next().is_some_and(char::is_alphanumeric);
                let last = spec.text.chars().next_back().is_some_and(char::is_alphanumeric);
                exact_src.push(spec.text.as_str());
                exact_terms.push((term, first, last));
                continue;
            }
            if let Some(simple) = SimpleView::new(&spec.text).filter(|_| !compile_variants) {
                // Plain letters: the view is built directly, and masked forms are found by
                // comparing letters (`find_masked`), so only the term itself is compiled.
                let single_word = simple.words.len() == 1;
                if spec.masks {
                    if single_word {
                        let letters = simple.words[0].0.clone();
                        maskable.entry(letters.len()).or_default().push(MaskableWord { term, letters });
                    }
                    for (letters, from, to) in &simple.words {
                        if !single_word && letters.len() > MAX_MASKED_PHRASE_WORD || letters.len() < 3 {
                            continue;
                        }
                        let phrase =
                            (!single_word).then_some(PhraseSlot { phrase: phrases.len(), from: *from, to: *to });
                        let key = (letters[0], letters[letters.len() - 1]);
                        mask_sites.entry(key).or_default().push(MaskSite { term, letters: letters.clone(), phrase });
                    }
                    if !single_word {
                        phrases.push(PhraseView { chars: simple.text.chars().collect(), runs: simple.runs.clone() });
                    }
                }
                let n = simple.runs.len();
                fuzzy_patterns.push(FuzzyPattern {
                    term,
                    need_start: true,
                    need_end: true,
                    tag_prefix: single_word && n >= MIN_HASHTAG_PREFIX,
                    tag_suffix: single_word && n >= MIN_HASHTAG_SUFFIX,
                    words: simple.text.chars().map(|c| c != ' ').collect(),
                    accents: vec![false; n],
                    runs: simple.runs,
                });
                fuzzy_src.push(simple.text);
                continue;
            }
            let variants = if spec.masks {
                if let Some(letters) = plain_word(&spec.text) {
                    maskable.entry(letters.len()).or_default().push(MaskableWord { term, letters });
                }
                masked_variants(&spec.text)
            } else {
                vec![spec.text.clone()]
            };
            for variant in variants {
                let view = Normalized::new(&variant);
                // (view byte, view char, its info), without the leading and trailing spaces
                // that carry no meaning in a term.
                let all: Vec<_> = view.as_str().char_indices().zip(view.chars()).collect();
                let Some(lo) = all.iter().position(|((_, c), _)| *c != ' ') else { continue };
                let Some(hi) = all.iter().rposition(|((_, c), _)| *c != ' ') else { continue };
                let kept = &all[lo..=hi];
                let from = kept[0].0.0;
                let to = kept[kept.len() - 1].0.0 + kept[kept.len() - 1].0.1.len_utf8();
                let text = &view.as_str()[from..to];
                let runs: Vec<u16> = kept.iter().map(|(_, v)| v.run).collect();
                let words: Vec<bool> = kept.iter().map(|(_, v)| v.word).collect();
                let accents: Vec<bool> = kept.iter().map(|(_, v)| has_accent(&variant, v)).collect();
                let single_word = kept.iter().all(|(_, v)| v.word);
                fuzzy_patterns.push(FuzzyPattern {
                    term,
                    need_start: kept[0].1.word,
                    need_end: kept[kept.len() - 1].1.word,
                    tag_prefix: single_word && runs.len() >= MIN_HASHTAG_PREFIX,
                    tag_suffix: single_word && runs.len() >= MIN_HASHTAG_SUFFIX,
                    runs,
                    words,
                    accents,
                });
                fuzzy_src.push(text.to_string());
            }
        }
        let exact = AhoCorasickBuilder::new()
            // Overlapping search: every term is seen, so a longer allow phrase can cover
            // a shorter term and two rules on the same words both report.
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&exact_src)
            .map_err(|e| e.to_string())?;
        let fuzzy = if fuzzy_src.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&fuzzy_src)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(TermMatcher { exact, exact_terms, fuzzy, fuzzy_patterns, maskable, mask_sites, phrases })
    }

    /// Every term occurrence on word boundaries. Spans are always in the original text.
    pub fn find(&self, text: &str) -> Vec<TermHit> {
        let mut hits = Vec::new();
        for m in self.exact.find_overlapping_iter(text) {
            let (term, need_start, need_end) = self.exact_terms[m.pattern().as_usize()];
            if need_start && !is_word_start(text, m.start()) {
                continue;
            }
            if need_end && !is_word_end(text, m.end()) {
                continue;
            }
            hits.push(TermHit { term, span: Span::new(m.start(), m.end()) });
        }
        self.find_fuzzy(text, VIEW_CHUNK, &mut hits);
        hits
    }

    /// Fuzzy hits, viewing the text `chunk` bytes at a time: the normalised view costs tens
    /// of bytes per byte, so a 100 MB post viewed whole needs gigabytes. Pieces are cut at a
    /// line break (else a space) and overlap, so a hit that starts before a cut is found
    /// whole in the piece before it, and nothing is found twice.
    fn find_fuzzy(&self, text: &str, chunk: usize, hits: &mut Vec<TermHit>) {
        let Some(fuzzy) = &self.fuzzy else { return };
        let mut from = 0;
        while from < text.len() {
            let (keep_before, to) = if text.len() - from <= chunk {
                (text.len(), text.len())
            } else {
                let cut = cut_near(text, from + chunk);
                (cut, cut_near(text, cut + VIEW_OVERLAP))
            };
            let piece = &text[from..to];
            let view = Normalized::new(piece);
            let mut found = Vec::new();
            for m in fuzzy.find_overlapping_iter(view.as_str()) {
                let pattern = &self.fuzzy_patterns[m.pattern().as_usize()];
                if let Some(span) = accept(piece, &view, pattern, m.start(), m.end()) {
                    found.push(TermHit { term: pattern.term, span });
                }
            }
            if !self.maskable.is_empty() || !self.mask_sites.is_empty() {
                self.find_masked(&view, &mut found);
            }
            hits.extend(
                found
                    .into_iter()
                    .filter(|h| from + h.span.start < keep_before)
                    .map(|h| TermHit { term: h.term, span: Span::new(from + h.span.start, from + h.span.end) }),
            );
            from = keep_before.max(from + 1);
            while !text.is_char_boundary(from) {
                from += 1;
            }
        }
    }

    /// Masked words. One masked run: see `find_single_masked`. Words masked in two or more
    /// places (`b*llsh*t`, `m*th*rf*ck*r`) or with dashes or hashes standing for letters
    /// (`sh-t`, `f---ing`, `sh#t`): compared letter by letter with the single-word terms of
    /// the same length, under the same limits as one masked run (first and last letter
    /// visible, at most half the word hidden).
    fn find_masked(&self, view: &Normalized, hits: &mut Vec<TermHit>) {
        let chars = view.chars();
        let text: Vec<char> = view.as_str().chars().collect();
        if !self.mask_sites.is_empty() && view.as_str().contains(MASK) {
            self.find_single_masked(chars, &text, hits);
        }
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].word {
                i += 1;
                continue;
            }
            // One word: runs of word chars joined by short runs of dashes or hashes.
            let start = i;
            let mut parts: Vec<Part> = Vec::new();
            loop {
                let from = i;
                while i < chars.len() && chars[i].word {
                    i += 1;
                }
                parts.push(Part::Letters(from, i));
                let gap = i;
                while i < chars.len() && i - gap < MAX_MASKED_LETTERS && is_gap_mask(text[i]) {
                    i += 1;
                }
                if i > gap && chars.get(i).is_some_and(|c| c.word) {
                    parts.push(Part::Gap(i - gap));
                    continue;
                }
                i = gap;
                break;
            }
            let gaps = parts.iter().filter(|p| matches!(p, Part::Gap(_))).count();
            // Most words hide nothing: skip them before spelling anything out.
            if gaps > MAX_GAP_MASKS || gaps == 0 && !text[start..i].contains(&MASK) {
                continue;
            }
            let span = Span::new(chars[start].start, chars[i - 1].end);
            // A run of dashes may stand for as many letters or for one ("bullsh--t").
            for choice in 0..1u32 << gaps {
                let mut letters = Vec::new();
                let mut gap_index = 0;
                for part in &parts {
                    match *part {
                        Part::Letters(from, to) => {
                            letters.extend(chars[from..to].iter().zip(&text[from..to]).flat_map(|(v, &c)| {
                                std::iter::repeat_n(c, if c == MASK { 1 } else { usize::from(v.run) })
                            }))
                        }
                        Part::Gap(len) => {
                            let one = choice >> gap_index & 1 == 1;
                            gap_index += 1;
                            letters.extend(std::iter::repeat_n(MASK, if one { 1 } else { len }));
                        }
                    }
                }
                if gaps == 0 && mask_runs(&letters) < 2 {
                    break;
                }
                // Dashes join short words too often ("A-V", "a-s") to stand for a letter there.
                if gaps > 0 && letters.len() < MIN_GAP_MASKED_WORD {
                    continue;
                }
                let Some(candidates) = self.maskable.get(&letters.len()) else { continue };
                for candidate in candidates {
                    if masked_match(&letters, &candidate.letters) {
                        hits.push(TermHit { term: candidate.term, span });
                    }
                }
            }
        }
    }

    /// Words of the text with one run of masked letters (`f*ck`, `bu**shit`, `f*cking
    /// wasted`, `#f*ckyeah`), compared with the words of plain-letter terms under the limits
    /// of `masked_variants`: the hits compiling every masked variant would give.
    fn find_single_masked(&self, chars: &[ViewChar], text: &[char], hits: &mut Vec<TermHit>) {
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].word {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].word {
                i += 1;
            }
            if !text[start..i].contains(&MASK) {
                continue;
            }
            self.match_single_masked(chars, text, start, i, false, hits);
            // A camel-less hashtag may hold a single-word term at either end (`#f*ckyeah`).
            if chars[start].tag_start {
                for end in start + MIN_HASHTAG_PREFIX..i {
                    self.match_single_masked(chars, text, start, end, true, hits);
                }
            }
            if chars[i - 1].tag_end {
                for from in start + 1..=i.saturating_sub(MIN_HASHTAG_SUFFIX) {
                    self.match_single_masked(chars, text, from, i, true, hits);
                }
            }
        }
    }

    /// Hits for view chars `[from, to)` when they spell a maskable word with one masked run
    /// (the whole word, or with `in_tag` one end of a hashtag, where phrases never match).
    fn match_single_masked(
        &self,
        chars: &[ViewChar],
        text: &[char],
        from: usize,
        to: usize,
        in_tag: bool,
        hits: &mut Vec<TermHit>,
    ) {
        let word = &text[from..to];
        let Some(at) = word.iter().position(|&c| c == MASK) else { return };
        let masked = word[at..].iter().take_while(|&&c| c == MASK).count();
        if at == 0 || at + masked >= word.len() || masked > MAX_MASKED_LETTERS || word[at + masked..].contains(&MASK) {
            return;
        }
        let Some(sites) = self.mask_sites.get(&(word[0], word[word.len() - 1])) else { return };
        for site in sites {
            if in_tag && site.phrase.is_some() || !one_run_masked(word, &chars[from..to], at, masked, &site.letters) {
                continue;
            }
            let span = match site.phrase {
                None => {
                    (chars[from].start < chars[to - 1].end).then(|| Span::new(chars[from].start, chars[to - 1].end))
                }
                Some(slot) => self.phrase_around(chars, text, from, to, slot),
            };
            if let Some(span) = span {
                hits.push(TermHit { term: site.term, span });
            }
        }
    }

    /// The span of a phrase whose word `slot` is written masked at view chars `[from, to)`,
    /// when the rest of the phrase is around it, as `accept` would check it.
    fn phrase_around(
        &self,
        chars: &[ViewChar],
        text: &[char],
        from: usize,
        to: usize,
        slot: PhraseSlot,
    ) -> Option<Span> {
        let phrase = &self.phrases[slot.phrase];
        let first = from.checked_sub(slot.from)?;
        let last = to + (phrase.chars.len() - slot.to) - 1;
        if last >= chars.len() {
            return None;
        }
        let same = |k: usize, j: usize| {
            text[k] == phrase.chars[j]
                && chars[k].word == (phrase.chars[j] != ' ')
                && run_ok(chars[k].run, phrase.runs[j])
        };
        let around = (0..slot.from).all(|j| same(first + j, j))
            && (slot.to..phrase.chars.len()).all(|j| same(to + j - slot.to, j));
        let bounded = (first == 0 || !chars[first - 1].word) && !chars.get(last + 1).is_some_and(|c| c.word);
        (around && bounded && chars[first].start < chars[last].end)
            .then(|| Span::new(chars[first].start, chars[last].end))
    }
}

/// Bytes of a post normalised at once, and how far each piece reaches past its cut (far more
/// than any term, however obfuscated).
const VIEW_CHUNK: usize = 1 << 20;
const VIEW_OVERLAP: usize = 4096;

/// Where to cut near byte `at`: the first line break within 64 KiB after it, else the first
/// whitespace, else the next char boundary; the text's end when `at` is past it.
fn cut_near(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let ahead = || text[at..].char_indices().take(1 << 16);
    ahead().find(|&(_, c)| c == '\n').or_else(|| ahead().find(|&(_, c)| c.is_whitespace())).map_or(at, |(i, _)| at + i)
}

/// A text run of `have` letters stands for `want` of them: the same count, or a clear stretch
/// (three or more) for fewer, as in `accept`.
fn run_ok(have: u16, want: u16) -> bool {
    have == want || have > want && have >= 3
}

/// Do view chars (`text`, with their runs in `view`) spell `letters`?
fn spells(text: &[char], view: &[ViewChar], letters: &[char]) -> bool {
    let mut k = 0;
    let mut rest = letters;
    while let Some(&c) = rest.first() {
        let want = rest.iter().take_while(|&&l| l == c).count();
        if k >= text.len() || text[k] != c || !u16::try_from(want).is_ok_and(|want| run_ok(view[k].run, want)) {
            return false;
        }
        rest = &rest[want..];
        k += 1;
    }
    k == text.len()
}

/// Does a word with one run of `masked` masks at `at` (view chars `text`, runs in `view`)
/// spell `letters` with that many letters hidden, as one of `masked_variants` would?
fn one_run_masked(text: &[char], view: &[ViewChar], at: usize, masked: usize, letters: &[char]) -> bool {
    let n = letters.len();
    masked * 2 <= n
        && (1..n.saturating_sub(masked)).any(|cut| {
            spells(&text[..at], &view[..at], &letters[..cut])
                && spells(&text[at + masked..], &view[at + masked..], &letters[cut + masked..])
        })
}

/// The view of a term written in ASCII letters and spaces, built directly: what
/// `Normalized::new` gives for such text (lowercase, runs of a letter squeezed, one space
/// between words) at a fraction of the cost.
#[derive(Debug)]
struct SimpleView {
    text: String,
    runs: Vec<u16>,
    /// Each word: its lowercase letters, and its view chars `[from, to)`.
    words: Vec<(Vec<char>, usize, usize)>,
}

impl SimpleView {
    fn new(term: &str) -> Option<SimpleView> {
        if !term.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ') {
            return None;
        }
        let words: Vec<&str> = term.split(' ').filter(|w| !w.is_empty()).collect();
        // Spaced-out single letters read as one word in the view (`f u c k`).
        if words.is_empty() || words.windows(2).any(|w| w[0].len() == 1 && w[1].len() == 1) {
            return None;
        }
        let mut view = SimpleView { text: String::new(), runs: Vec::new(), words: Vec::new() };
        for word in words {
            if !view.text.is_empty() {
                view.text.push(' ');
                view.runs.push(1);
            }
            let from = view.runs.len();
            let letters: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
            for (k, &c) in letters.iter().enumerate() {
                match view.runs.last_mut() {
                    Some(run) if k > 0 && letters[k - 1] == c && *run < u16::MAX => *run += 1,
                    _ => {
                        view.text.push(c);
                        view.runs.push(1);
                    }
                }
            }
            view.words.push((letters, from, view.runs.len()));
        }
        Some(view)
    }
}

/// A piece of a word in the view: letters `[from, to)` (view char indices), or a run of
/// dashes or hashes of some length between them.
#[derive(Debug, Clone, Copy)]
enum Part {
    Letters(usize, usize),
    Gap(usize),
}

/// Shortest word in which a dash or hash may stand for letters.
const MIN_GAP_MASKED_WORD: usize = 4;

/// Most dash or hash runs one word may have (`f-u-c-k` is spaced letters, not masks).
const MAX_GAP_MASKS: usize = 2;

/// Characters that stand for hidden letters between two parts of a word (`sh-t`, `sh#t`).
fn is_gap_mask(c: char) -> bool {
    matches!(c, '-' | '#')
}

/// Number of separate runs of mask characters in a word.
fn mask_runs(letters: &[char]) -> usize {
    letters.iter().enumerate().filter(|&(k, &c)| c == MASK && (k == 0 || letters[k - 1] != MASK)).count()
}

/// Does a masked word (`b*llsh*t`) stand for `term` (`bullshit`)?
fn masked_match(masked: &[char], term: &[char]) -> bool {
    let n = term.len();
    if masked.len() != n || n < 3 || masked[0] == MASK || masked[n - 1] == MASK {
        return false;
    }
    let hidden = masked.iter().filter(|&&c| c == MASK).count();
    let longest_run = masked.split(|&c| c != MASK).map(<[char]>::len).max().unwrap_or(0);
    hidden * 2 <= n && longest_run <= MAX_MASKED_LETTERS && masked.iter().zip(term).all(|(&m, &t)| m == MASK || m == t)
}

/// A term that is one plain word, as the view spells it out (accents folded, stretched
/// letters kept): the form a multi-masked word is compared with.
fn plain_word(term: &str) -> Option<Vec<char>> {
    let view = Normalized::new(term);
    let all_letters = !view.chars().is_empty()
        && view.chars().iter().zip(view.as_str().chars()).all(|(v, c)| v.word && c.is_alphabetic());
    if !all_letters || view.chars().iter().any(|v| has_accent(term, v)) {
        return None;
    }
    Some(
        view.chars()
            .iter()
            .zip(view.as_str().chars())
            .flat_map(|(v, c)| std::iter::repeat_n(c, usize::from(v.run)))
            .collect(),
    )
}

/// Does the original text write view char `v` with an accent (`é`, or `e` + U+0301)?
fn has_accent(text: &str, v: &ViewChar) -> bool {
    let own = text.get(v.start..v.end).is_some_and(|s| {
        s.chars().any(|ch| {
            let mut marked = false;
            decompose_canonical(ch, |d| marked |= is_combining_mark(d));
            marked
        })
    });
    own || text.get(v.end..).and_then(|s| s.chars().next()).is_some_and(is_combining_mark)
}

/// Check a fuzzy hit's letter runs, accents and word boundaries; map it back to the
/// original text.
fn accept(text: &str, view: &Normalized, pattern: &FuzzyPattern, start: usize, end: usize) -> Option<Span> {
    let chars = view.chars();
    let first = view.char_index(start)?;
    let last = view.char_index(end.checked_sub(1)?)?;
    let hit = chars.get(first..=last)?;
    if hit.len() != pattern.runs.len() {
        return None;
    }
    // A stretched letter must be clearly stretched (three or more) to stand for a single
    // one, so "shoot" is not "shot" but "fuuuck" is "fuck"; "as" never stands for "ass".
    let runs_ok = hit.iter().zip(&pattern.runs).all(|(c, &want)| c.run == want || (c.run > want && c.run >= 3));
    if !runs_ok || hit.iter().zip(&pattern.words).any(|(c, &word)| c.word != word) {
        return None;
    }
    // "rosé" is wine, "rose" is a flower: an accent the term writes must be in the text.
    if hit.iter().zip(&pattern.accents).any(|(c, &accent)| accent && !has_accent(text, c)) {
        return None;
    }
    let start_ok = !pattern.need_start || first == 0 || !chars[first - 1].word;
    let end_ok = !pattern.need_end || !chars.get(last + 1).is_some_and(|c| c.word);
    let in_hashtag = (pattern.tag_prefix && chars[first].tag_start) || (pattern.tag_suffix && chars[last].tag_end);
    if !(start_ok && end_ok || in_hashtag) {
        return None;
    }
    view.original_span(start, end)
}

/// The term itself plus every variant with one run of masked letters inside one word
/// (`fuck` -> `f*ck`, `fu*k`, `f**k`): the first and last letter stay visible and at most
/// half of the word is masked. In phrases only short words get masked variants: people
/// mask swear words, and variants of every long word would bloat the automaton.
/// Compiled only for terms that are not plain letters (`rosé`, `a-hole`, `wine o'clock`);
/// `find_single_masked` finds the same forms of plain-letter terms by comparing letters.
fn masked_variants(term: &str) -> Vec<String> {
    let mut out = vec![term.to_string()];
    let phrase = term.trim().contains(char::is_whitespace);
    let chars: Vec<char> = term.chars().collect();
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(term.to_string());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphabetic() {
            i += 1;
        }
        let len = i - start;
        if phrase && len > MAX_MASKED_PHRASE_WORD {
            continue;
        }
        for from in start + 1..i - 1 {
            for to in from + 1..i {
                let masked = to - from;
                if masked * 2 > len || masked > MAX_MASKED_LETTERS {
                    break;
                }
                let variant: String =
                    chars.iter().enumerate().map(|(k, &c)| if (from..to).contains(&k) { MASK } else { c }).collect();
                if seen.insert(variant.clone()) {
                    out.push(variant);
                }
            }
        }
    }
    out
}

/// True when no word character comes right before `at`.
pub fn is_word_start(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// True when no word character comes right after `at`.
pub fn is_word_end(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_viewed_in_pieces_gives_the_same_hits_as_whole() {
        let terms = ["fuck", "shit", "hooked up", "wasted", "ass"];
        let specs: Vec<TermSpec> =
            terms.iter().map(|t| TermSpec { text: t.to_string(), fuzzy: true, masks: true }).collect();
        let m = TermMatcher::new(&specs).unwrap();
        let pieces =
            ["f*ck", "sh!t", "f u c k", "#wasted", "hooked\nup", "fuuuck", "ass", "é", "\n", " ", "class", "🎉"];
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(pieces[(i * 7 + i / 5) % pieces.len()]);
            text.push_str(if i % 3 == 0 { " " } else { "" });
        }
        // Hits come in no particular order (the engine sorts them).
        let sorted_hits = |chunk: usize| {
            let mut hits = Vec::new();
            m.find_fuzzy(&text, chunk, &mut hits);
            let mut hits: Vec<_> = hits.into_iter().map(|h| (h.span.start, h.span.end, h.term)).collect();
            hits.sort_unstable();
            hits
        };
        let whole = sorted_hits(usize::MAX);
        assert!(whole.len() > 200, "{}", whole.len());
        for chunk in [1, 7, 64, 1000] {
            assert_eq!(sorted_hits(chunk), whole, "chunk {chunk}");
        }
    }

    fn find_with(terms: &[&str], text: &str, fuzzy: bool) -> Vec<(usize, String)> {
        let specs: Vec<TermSpec> =
            terms.iter().map(|t| TermSpec { text: t.to_string(), fuzzy, masks: fuzzy }).collect();
        let m = TermMatcher::new(&specs).unwrap();
        let mut hits: Vec<(usize, String)> =
            m.find(text).into_iter().map(|h| (h.term, text[h.span.start..h.span.end].to_string())).collect();
        hits.sort();
        hits.dedup();
        hits
    }

    fn find(terms: &[&str], text: &str) -> Vec<(usize, String)> {
        find_with(terms, text, false)
    }

    fn fuzzy(terms: &[&str], text: &str) -> Vec<(usize, String)> {
        find_with(terms, text, true)
    }

    fn hit(term: usize, s: &str) -> (usize, String) {
        (term, s.to_string())
    }

    #[test]
    fn word_boundaries_and_case() {
        assert_eq!(find(&["ass"], "class pass assessment"), vec![]);
        assert_eq!(find(&["ass"], "what an ASS."), vec![hit(0, "ASS")]);
        assert_eq!(
            find(&["breast", "breast cancer"], "Breast cancer"),
            vec![hit(0, "Breast"), hit(1, "Breast cancer")]
        );
        assert_eq!(find(&["🍺"], "beer🍺🍺"), vec![hit(0, "🍺")]);
        assert_eq!(find(&["wine"], "éwine winé wine!"), vec![hit(0, "wine")]);
    }

    #[test]
    fn fuzzy_terms_match_through_obfuscation() {
        let cases: &[(&str, &str, &str)] = &[
            ("fuck", "what the f*ck", "f*ck"),
            ("fuck", "F**K this", "F**K"),
            ("fuck", "fuuuuck me", "fuuuuck"),
            ("fuck", "oh F U C K no", "F U C K"),
            ("fuck", "f.u.c.k off", "f.u.c.k"),
            ("fuck", "Ｆｕｃｋ night float", "Ｆｕｃｋ"),
            ("fuck", "f\u{200B}uck", "f\u{200B}uck"),
            ("shit", "s-h-i-t happens", "s-h-i-t"),
            ("shit", "Sh1t show", "Sh1t"),
            ("shit", "this sh!t again", "sh!t"),
            ("shit", "shiiiit", "shiiiit"),
            ("shit", "ѕһit", "ѕһit"),
            ("ass", "a$$", "a$$"),
            ("asshole", "a$$holes are asshole", "asshole"),
            ("drunk", "#DrunkDoctor energy", "Drunk"),
            ("drunk", "#drunkdoctor energy", "drunk"),
            ("drunk", "#drunk", "drunk"),
            ("motherfucker", "Motherf*cker", "Motherf*cker"),
            ("wine o'clock", "wine  o’clock", "wine  o’clock"),
            ("🍷", "🍷\u{FE0F}", "🍷"),
        ];
        for (term, text, want) in cases {
            let got = fuzzy(&[term], text);
            assert!(got.contains(&hit(0, want)), "{term:?} in {text:?}: got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn fuzzy_terms_create_no_new_false_positives() {
        let terms = ["ass", "shit", "cunt", "cock", "dick", "sex", "rapist", "anal", "hell", "shot", "penis"];
        for text in [
            "assessment",
            "Scunthorpe",
            "cocktail",
            "Dickens",
            "Sussex",
            "therapist",
            "analysis",
            "class",
            "pass",
            "hello",
            "Shitterton",
            "Penistone",
            "as",
            "shoot the breeze",
            "5 mg",
            "hello! world",
            "a55",
            "#assessment",
            "#hellokitty",
            "A S S E S S",
            "Hell's Kitchen",
        ] {
            let got = fuzzy(&terms, text);
            let unwanted: Vec<_> =
                got.iter().filter(|(t, _)| !(terms[*t] == "hell" && text.starts_with("Hell's"))).collect();
            if text == "#hellokitty" {
                // A camel-less hashtag may start with a term of four letters or more.
                continue;
            }
            assert!(unwanted.is_empty(), "{text:?} matched {got:?}");
        }
    }

    #[test]
    fn stretched_letters_need_a_clear_stretch() {
        assert_eq!(fuzzy(&["shot"], "shoot"), vec![]);
        assert_eq!(fuzzy(&["shot"], "shooot"), vec![hit(0, "shooot")]);
        assert_eq!(fuzzy(&["boobs"], "bobs"), vec![]);
        assert_eq!(fuzzy(&["boobs"], "boobs"), vec![hit(0, "boobs")]);
    }

    #[test]
    fn masked_terms_keep_their_shape() {
        assert_eq!(fuzzy(&["f***"], "the actual f***"), vec![hit(0, "f***")]);
        assert_eq!(fuzzy(&["a**"], "a**b"), vec![]);
    }

    #[test]
    fn masks_need_visible_edges() {
        assert_eq!(fuzzy(&["fuck"], "*uck"), vec![]);
        assert_eq!(fuzzy(&["fuck"], "f***"), vec![]);
        assert_eq!(fuzzy(&["fuck"], "*fuck*"), vec![hit(0, "fuck")]);
        assert!(masked_variants("ass").contains(&"a*s".to_string()));
        assert_eq!(masked_variants("fuck").len(), 4);
    }

    #[test]
    fn words_masked_in_several_places() {
        assert_eq!(fuzzy(&["bullshit"], "B*llsh*t rota"), vec![hit(0, "B*llsh*t")]);
        assert_eq!(fuzzy(&["motherfucker"], "m*th*rf*ck*r"), vec![hit(0, "m*th*rf*ck*r")]);
        assert_eq!(fuzzy(&["fucking"], "f*ck*ng printer"), vec![hit(0, "f*ck*ng")]);
        assert_eq!(fuzzy(&["asshole"], "a*sh*le"), vec![hit(0, "a*sh*le")]);
        // Same limits as one masked run: visible edges, at most half hidden, same length.
        assert_eq!(fuzzy(&["bullshit"], "*ullsh*t"), vec![]);
        assert_eq!(fuzzy(&["bullshit"], "b*l*s*i*"), vec![]);
        assert_eq!(fuzzy(&["bullshit"], "b**l***t"), vec![]);
        assert_eq!(fuzzy(&["bullshit"], "b*llsh*te"), vec![]);
        assert_eq!(fuzzy(&["bullshit"], "b*llsh*t"), vec![hit(0, "b*llsh*t")]);
        // Exceptions (no masks) and other words of the same length are untouched.
        let specs = [TermSpec { text: "bullshit".into(), fuzzy: true, masks: false }];
        assert!(TermMatcher::new(&specs).unwrap().find("b*llsh*t").is_empty());
        assert_eq!(fuzzy(&["bullshit"], "b*llp*nt"), vec![]);
    }

    #[test]
    fn one_masked_run_finds_what_compiled_variants_find() {
        let terms = [
            "fuck",
            "fucking",
            "bullshit",
            "boob",
            "shot",
            "ass",
            "asshole",
            "fucking wasted",
            "hooked up",
            "got laid",
        ];
        let specs: Vec<TermSpec> =
            terms.iter().map(|t| TermSpec { text: t.to_string(), fuzzy: true, masks: true }).collect();
        let letters = TermMatcher::new(&specs).unwrap();
        let variants = TermMatcher::build(&specs, true).unwrap();
        let mut spellings: Vec<String> = Vec::new();
        for term in terms {
            let chars: Vec<char> = term.chars().collect();
            for from in 0..chars.len() {
                for to in from + 1..=(from + 4).min(chars.len()) {
                    for mask in ["*", "%", "#", "-"] {
                        let masked: String = chars
                            .iter()
                            .enumerate()
                            .map(|(k, c)| if (from..to).contains(&k) { mask.to_string() } else { c.to_string() })
                            .collect();
                        spellings.push(masked.clone());
                        // Stretched letters next to and away from the mask.
                        for k in [0, from.saturating_sub(1), to, chars.len() - 1] {
                            let c = chars[k.min(chars.len() - 1)];
                            spellings.push(masked.replacen(c, &c.to_string().repeat(3), 1));
                            spellings.push(masked.replacen(c, &c.to_string().repeat(2), 1));
                        }
                    }
                }
            }
        }
        let frames = ["{}", "so {}!", "#{}", "#{}yeah", "#my{}", "#{}Day", "x{} {}x", "{}-{}", "({}) and {}"];
        let mut checked = 0;
        for (i, spelling) in spellings.iter().enumerate() {
            for frame in [frames[i % frames.len()], frames[(i / 3 + 1) % frames.len()]] {
                let text = frame.replace("{}", spelling);
                let set = |m: &TermMatcher| {
                    let mut hits: Vec<_> =
                        m.find(&text).into_iter().map(|h| (h.span.start, h.span.end, h.term)).collect();
                    hits.sort_unstable();
                    hits.dedup();
                    hits
                };
                let want = set(&variants);
                assert_eq!(set(&letters), want, "{text:?}");
                checked += usize::from(!want.is_empty());
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn dashes_and_hashes_inside_a_word_are_masks() {
        assert_eq!(fuzzy(&["shit"], "sh-t show"), vec![hit(0, "sh-t")]);
        assert_eq!(fuzzy(&["shit"], "sh#t happens"), vec![hit(0, "sh#t")]);
        assert_eq!(fuzzy(&["fucking"], "f---ing pager"), vec![hit(0, "f---ing")]);
        assert_eq!(fuzzy(&["bullshit"], "bullsh--t"), vec![hit(0, "bullsh--t")]);
        // Edges stay visible; ordinary hyphenated words and hashtags are untouched.
        assert_eq!(fuzzy(&["fuck"], "f--- this"), vec![]);
        assert_eq!(fuzzy(&["shit"], "-hit"), vec![]);
        assert_eq!(fuzzy(&["dick", "ass", "hello"], "x-ray, a-s, well-being, hel-, #dick"), vec![hit(0, "dick")]);
        assert_eq!(fuzzy(&["shit"], "sh---it"), vec![]);
    }

    #[test]
    fn accented_terms_need_the_accent() {
        assert_eq!(fuzzy(&["rosé"], "a glass of rosé"), vec![hit(0, "rosé")]);
        assert_eq!(fuzzy(&["rosé"], "ROSÉ season"), vec![hit(0, "ROSÉ")]);
        assert_eq!(fuzzy(&["rosé"], "rose\u{301} season"), vec![hit(0, "rose\u{301}")]);
        assert_eq!(fuzzy(&["rosé"], "rosè"), vec![hit(0, "rosè")]);
        assert_eq!(fuzzy(&["rosé"], "a rose garden"), vec![]);
        assert_eq!(fuzzy(&["rosé"], "BP rose to 180"), vec![]);
        // Unaccented terms still match accented text.
        assert_eq!(fuzzy(&["rose"], "rosé"), vec![hit(0, "rosé")]);
    }
}
