//! Term matching: every term of every pack in one aho-corasick automaton, with word
//! boundaries checked after each hit (aho-corasick knows none).

use crate::finding::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One term to compile and whether it should match through obfuscation.
#[derive(Debug, Clone)]
pub struct TermSpec {
    pub text: String,
    pub fuzzy: bool,
}

/// A term found in a text: which term (index into the specs) and where (original bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermHit {
    pub term: usize,
    pub span: Span,
}

/// All terms compiled once.
#[derive(Debug)]
pub struct TermMatcher {
    automaton: AhoCorasick,
    /// Per term: does its first / last char need a word boundary next to it?
    edges: Vec<(bool, bool)>,
}

impl TermMatcher {
    pub fn new(specs: &[TermSpec]) -> Result<Self, String> {
        let automaton = AhoCorasickBuilder::new()
            // Overlapping search: every term is seen, so a longer allow phrase can cover
            // a shorter term and two rules on the same words both report.
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(specs.iter().map(|s| s.text.as_str()))
            .map_err(|e| e.to_string())?;
        let edges = specs
            .iter()
            .map(|s| {
                let first = s.text.chars().next().is_some_and(char::is_alphanumeric);
                let last = s.text.chars().next_back().is_some_and(char::is_alphanumeric);
                (first, last)
            })
            .collect();
        Ok(TermMatcher { automaton, edges })
    }

    /// Every term occurrence on word boundaries, in order of end position.
    pub fn find(&self, text: &str) -> Vec<TermHit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let term = m.pattern().as_usize();
            let (need_start, need_end) = self.edges[term];
            if need_start && !is_word_start(text, m.start()) {
                continue;
            }
            if need_end && !is_word_end(text, m.end()) {
                continue;
            }
            hits.push(TermHit { term, span: Span::new(m.start(), m.end()) });
        }
        hits
    }
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

    fn find(terms: &[&str], text: &str) -> Vec<(usize, &'static str)> {
        let specs: Vec<TermSpec> = terms.iter().map(|t| TermSpec { text: t.to_string(), fuzzy: false }).collect();
        let m = TermMatcher::new(&specs).unwrap();
        m.find(text).into_iter().map(|h| (h.term, leak(&text[h.span.start..h.span.end]))).collect()
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    #[test]
    fn word_boundaries_and_case() {
        assert_eq!(find(&["ass"], "class pass assessment"), vec![]);
        assert_eq!(find(&["ass"], "what an ASS."), vec![(0, "ASS")]);
        assert_eq!(find(&["breast", "breast cancer"], "Breast cancer"), vec![(0, "Breast"), (1, "Breast cancer")]);
        assert_eq!(find(&["🍺"], "beer🍺🍺"), vec![(0, "🍺"), (0, "🍺")]);
        assert_eq!(find(&["wine"], "éwine winé wine!"), vec![(0, "wine")]);
    }
}
