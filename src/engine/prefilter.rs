//! The pattern prefilter: one regex set over loosened copies of every pack pattern, telling
//! which patterns may match a post, so that only those run exactly.
//!
//! Loosening keeps each pattern's ASCII behaviour and widens the rest: Unicode word
//! boundaries become empty (always true) and every class with non-ASCII members also
//! accepts any run of non-ASCII bytes (which every non-ASCII character is, in UTF-8). A loosened pattern matches wherever the exact one does,
//! so using it as a prefilter changes no result. It pays twice: the set compiles several
//! times faster (Unicode `\d`, `\w` and case folding are large automata, `\d{4,12}` copies
//! them a dozen times), and the lazy DFA can run it on any text. With a Unicode `\b` the
//! lazy DFA gives up at the first non-ASCII byte (an emoji, an accent) and the set falls
//! back to a much slower engine for the whole post.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, Hir, HirKind, Look, Repetition};

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// Most memory one thread's lazy DFA may use for states (grown only as needed). With the
/// ~90 patterns of the phi, patient-reference and content packs, the default 2 MiB was
/// cleared and rebuilt over and over: determinizing was a third of batch time, and a
/// seventh with 16 MiB on a 50,000-post batch (it then stops growing).
const DFA_CACHE_BYTES: usize = 16 << 20;

/// The loosened patterns compiled into one lazy DFA. Only a forward automaton is built
/// (no reverse automaton, no other engines, as a full regex set would): the prefilter only
/// needs to know which patterns match, not where.
pub struct Prefilter {
    dfa: DFA,
    /// Each thread checking posts borrows its own DFA cache.
    caches: CachePool,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter").field("patterns", &self.dfa.pattern_len()).finish_non_exhaustive()
    }
}

impl Prefilter {
    /// Compile loosened copies of `patterns` (regex source, flags inline). A syntax error
    /// names the pattern's index.
    pub fn new(patterns: &[String], size_limit: usize) -> Result<Self, (Option<usize>, String)> {
        let hirs = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| regex_syntax::parse(p).map(loosen).map_err(|e| (Some(i), e.to_string())))
            .collect::<Result<Vec<Hir>, _>>()?;
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None).nfa_size_limit(Some(size_limit)))
            .build_many_from_hir(&hirs)
            .map_err(|e| (None, e.to_string()))?;
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).cache_capacity(DFA_CACHE_BYTES))
            .build_from_nfa(nfa)
            .map_err(|e| (None, e.to_string()))?;
        let for_pool = dfa.clone();
        let caches: CachePool = Pool::new(Box::new(move || for_pool.create_cache()));
        Ok(Prefilter { dfa, caches })
    }

    /// Indices of the patterns that may match `text`, in increasing order.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut found = PatternSet::new(self.dfa.pattern_len());
        let mut cache = self.caches.get();
        if self.dfa.try_which_overlapping_matches(&mut cache, &Input::new(text), &mut found).is_err() {
            // Not expected (no quit bytes, no give-up threshold): then every pattern is a
            // candidate, which is slow but still exact.
            return (0..self.dfa.pattern_len()).collect();
        }
        found.iter().map(|p| p.as_usize()).collect()
    }
}

/// A pattern that matches everywhere `hir` matches, with no Unicode word boundary and no
/// non-ASCII class member left (see the module comment).
fn loosen(hir: Hir) -> Hir {
    // Rebuilding a node is not free (smart constructors recompute properties): leave alone
    // what has nothing to loosen.
    if !needs_loosening(&hir) {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Look(look) if is_unicode_word_look(look) => Hir::empty(),
        HirKind::Class(Class::Unicode(class)) => loosen_class(class),
        HirKind::Repetition(rep) => Hir::repetition(Repetition { sub: Box::new(loosen(*rep.sub)), ..rep }),
        HirKind::Capture(cap) => Hir::capture(Capture { sub: Box::new(loosen(*cap.sub)), ..cap }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(loosen).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(loosen).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
    }
}

fn needs_loosening(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => is_unicode_word_look(*look),
        HirKind::Class(Class::Unicode(class)) => !class.is_ascii(),
        HirKind::Repetition(rep) => needs_loosening(&rep.sub),
        HirKind::Capture(cap) => needs_loosening(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(needs_loosening),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) => false,
    }
}

fn is_unicode_word_look(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

/// The class's ASCII members, or else a run of non-ASCII bytes if it had non-ASCII members
/// (any non-ASCII character is such a run in UTF-8; a byte class is far smaller to compile
/// than all of Unicode as UTF-8 sequences).
fn loosen_class(class: ClassUnicode) -> Hir {
    if class.is_ascii() {
        return Hir::class(Class::Unicode(class));
    }
    let ascii: Vec<ClassBytesRange> = class
        .iter()
        .filter(|r| r.start().is_ascii())
        .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8))
        .collect();
    let non_ascii = Hir::repetition(Repetition {
        min: 1,
        max: None,
        greedy: true,
        sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(0x80, 0xff)])))),
    });
    if ascii.is_empty() {
        return non_ascii;
    }
    Hir::alternation(vec![Hir::class(Class::Bytes(ClassBytes::new(ascii))), non_ascii])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(patterns: &[&str], text: &str) -> Vec<usize> {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Prefilter::new(&patterns, 1 << 24).unwrap().candidates(text)
    }

    #[test]
    fn loosened_patterns_match_wherever_the_exact_ones_do() {
        let patterns = [
            r"\b\d{3}-\d{2}-\d{4}\b",
            r"(?i)\bchart\s*#?\d{4,}\b",
            r"\w+ café",
            r"(?i)straße",
            r"(?i)\b[éè]t[éè]\b",
            r"[^a-z]{3}x",
        ];
        let texts = [
            "SSN 523-11-0987 🍺",
            "ssn 523-11-0987x",
            "CHART #12345 é",
            "chart\u{a0}12345",
            "über café",
            "STRASSE and straße",
            "Ǆ café",
            "٣٤٥-١١-٠٩٨٧",
            "ÉTÉ, été!",
            "🍺🍺🍺x",
            "nothing here",
        ];
        let mut exercised = vec![false; patterns.len()];
        for text in texts {
            let got = candidates(&patterns, text);
            for (i, p) in patterns.iter().enumerate() {
                if regex::Regex::new(p).unwrap().is_match(text) {
                    exercised[i] = true;
                    assert!(got.contains(&i), "{p} matches {text:?} but the prefilter dropped it");
                }
            }
        }
        assert!(exercised.iter().all(|&e| e), "every pattern should match some text: {exercised:?}");
    }

    #[test]
    fn prefilter_never_drops_a_match_on_random_text() {
        let patterns: Vec<String> = [
            r"\b\d{3}[- ]\d{2}[- ]\d{4}\b",
            r"(?i)\b(?:mrn|chart)\s*#?\s*\d[\d-]{2,6}\b",
            r"(?i)\bks+\b",
            r"\w{2}\s\w",
            r"(?i)\bstra(?:ß|ss)e\b",
            r"[^\s]{3}\b",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let prefilter = Prefilter::new(&patterns, 1 << 24).unwrap();
        let exact: Vec<regex::Regex> = patterns.iter().map(|p| regex::Regex::new(p).unwrap()).collect();
        let mut runner = proptest::test_runner::TestRunner::default();
        let texts = "[a-zA-Z0-9 #:/.-éßſKk٣٤🍺\u{a0}]{0,40}";
        let result = runner.run(&texts, |text| {
            let got = prefilter.candidates(&text);
            for (i, re) in exact.iter().enumerate() {
                if re.is_match(&text) {
                    proptest::prop_assert!(got.contains(&i), "{} matches {:?} but was dropped", re, text);
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }

    #[test]
    fn loosening_drops_only_what_the_exact_check_decides() {
        // Looser than exact: boundaries and non-ASCII digits no longer filter here...
        assert_eq!(candidates(&[r"\b\d{3}\b"], "x123x"), vec![0]);
        assert_eq!(candidates(&[r"\d{3}"], "٣٤٥"), vec![0]);
        // ...but ASCII text still has to be there.
        assert_eq!(candidates(&[r"\b\d{3}\b", r"(?i)\bmrn\b"], "no digits, no record"), Vec::<usize>::new());
        assert_eq!(candidates(&[r"\b\d{3}\b", r"(?i)\bmrn\b"], "Mrn 12"), vec![1]);
    }

    #[test]
    fn syntax_errors_name_the_pattern() {
        let err = Prefilter::new(&["ok".to_string(), "(unclosed".to_string()], 1 << 20).unwrap_err();
        assert_eq!(err.0, Some(1));
    }
}
