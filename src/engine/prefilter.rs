//! The pattern prefilter: loosened copies of every pack pattern, telling which patterns may
//! match a post, so that only those run exactly. A pattern with keywords (literals one of
//! which each match holds) is gated by one aho-corasick pass; the others run in lazy DFAs.
//!
//! Loosening keeps each pattern's ASCII behaviour and widens the rest. Unicode word
//! boundaries become empty (always true), and every class with non-ASCII members also
//! accepts any run of non-ASCII bytes (which every non-ASCII character is, in UTF-8). A
//! loosened pattern matches wherever the exact one does, so using it as a prefilter changes
//! no result.
//!
//! Case-insensitive patterns are parsed as if case-sensitive, loosened to lower case, and
//! run over the text with its ASCII letters lower-cased (same bytes, same word boundaries).
//! `k` and `s` also accept the Kelvin sign and the long s, the only non-ASCII characters
//! Unicode simple case folding pairs with ASCII letters. Case-sensitive patterns run over
//! the text as it is, in automata of their own.
//!
//! This pays three times. Skipping case folding at parse time skips folding the large
//! Unicode classes (`\w`, `\s`) and building a class for every letter of every word, which
//! was most of start-up; the sets compile several times faster (Unicode `\d`, `\w` and case
//! folding are large automata, `\d{4,12}` copies them a dozen times); and the lazy DFA can
//! run them on any text. With a Unicode `\b` the lazy DFA gives up at the first non-ASCII
//! byte (an emoji, an accent) and a set falls back to a much slower engine for the whole post.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Literal, Seq};
use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, Hir, HirKind, Look, Repetition};
use std::borrow::Cow;
use std::sync::OnceLock;

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;
type PartCaches = Pool<Vec<Cache>, Box<dyn Fn() -> Vec<Cache> + Send + Sync>>;

/// Most memory one thread's lazy DFA may use for states (grown only as needed). With the
/// ~90 patterns of the phi, patient-reference and content packs, the default 2 MiB was
/// cleared and rebuilt over and over: determinizing was a third of batch time, and a
/// seventh with 16 MiB on a 50,000-post batch (it then stops growing).
const DFA_CACHE_BYTES: usize = 16 << 20;

/// The non-ASCII characters Unicode simple case folding pairs with ASCII letters: the
/// Kelvin sign (`k`) and the long s (`s`).
const NON_ASCII_FOLDS: [(u8, char); 2] = [(b'k', '\u{212A}'), (b's', '\u{17F}')];

/// Most patterns in one lazy DFA. A DFA state is a set of NFA states of all its patterns at
/// once, so on diverse text (real posts: names, links, emoji, slang) the number of states
/// grows with the product of what each pattern tracks, not the sum: one automaton of the
/// ~150 case-insensitive built-in patterns spent 90% of a batch determinizing (~7 ms per
/// post, the cache cleared again and again). Small groups fill their caches once; the extra
/// passes over the text cost far less. With the keyword-gated patterns gone, 4 measured
/// best (BENCHMARKS.md, issue 13 second round).
const PATTERNS_PER_DFA: usize = 4;
// `Part::which` reports a part's patterns as bits of a `u64`.
const _: () = assert!(PATTERNS_PER_DFA <= 64);

/// Literals one of which every match of a pattern contains (borrowed from the table of
/// built-in patterns' keywords, or found at start-up).
type Keywords = Vec<Cow<'static, [u8]>>;

/// The keywords of every built-in pattern, found when the table was generated, so that
/// start-up neither searches them (`best_keywords` was a sixth of a one-post run) nor parses
/// the gated patterns. Keyed by the pattern's full source and case flag, so an entry is right
/// for whatever pattern has that key; a pattern the table lacks (a user pack's, or a rule
/// changed since) has its keywords found at start-up as before. The test
/// `builtin_keyword_table_is_current` regenerates it.
mod builtin_keywords {
    use super::Keywords;
    use std::borrow::Cow;

    /// What `prepare` found for one pattern.
    pub struct Entry {
        pub source: &'static str,
        pub case_sensitive: bool,
        /// The gate reads the lower-cased view.
        pub fold: bool,
        /// The keyword sets; none: the pattern runs in a lazy DFA.
        pub keywords: Option<&'static [&'static [&'static [u8]]]>,
    }

    /// Sorted by (source, case_sensitive).
    pub static TABLE: &[Entry] = include!("builtin_keywords.rs.in");

    pub fn lookup(source: &str, case_sensitive: bool) -> Option<&'static Entry> {
        let at = TABLE.binary_search_by(|e| (e.source, e.case_sensitive).cmp(&(source, case_sensitive))).ok()?;
        Some(&TABLE[at])
    }

    impl Entry {
        pub fn keyword_sets(&self) -> Option<Vec<Keywords>> {
            Some(self.keywords?.iter().map(|set| set.iter().map(|&w| Cow::Borrowed(w)).collect()).collect())
        }
    }
}

/// Most keyword sets one pattern is gated by (a bit each in a `u8`).
const MAX_KEYWORD_SETS: usize = 8;

/// Shortest keyword that may gate a pattern: shorter ones (`dr`, `a`) are in nearly every
/// post and would gate nothing.
const MIN_KEYWORD_LEN: usize = 3;

/// The loosened patterns: those that need one of a few keywords (gitleaks-style) are gated
/// by one aho-corasick pass per text view; the rest run in lazy DFAs of at most
/// `PATTERNS_PER_DFA` patterns each. Case-sensitive patterns read the text, the others its
/// lower-cased view.
#[derive(Debug)]
pub struct Prefilter {
    as_written: Vec<Part>,
    folded: Vec<Part>,
    /// Each thread checking posts borrows one cache per part (`as_written`'s, then
    /// `folded`'s) from one pool: borrowing from a pool per part cost ~1% of a post (a
    /// thread other than the pool's first user takes a lock each time).
    caches: PartCaches,
    gate_as_written: Option<Gate>,
    gate_folded: Option<Gate>,
    /// For each gated pattern, its loosened form alone, run where the gate lets it through.
    checks: Vec<Option<Check>>,
}

/// A gated pattern's loosened form in a lazy DFA of its own, built the first time the gate
/// lets the pattern through. Keywords only say a match may be there, and most gated
/// candidates match nowhere (a one-post run compiled 35 exact patterns, ~4 M instructions
/// each, to find a handful of matches): this says whether the loosened pattern matches
/// before the exact one is compiled and run.
struct Check {
    /// The pattern as written, parsed again when the check is first built if `hir` is not
    /// kept (a built-in pattern whose keywords come from the table).
    source: String,
    /// The loosened pattern, if start-up parsed it already.
    hir: Option<Hir>,
    /// The loosened pattern reads the text as written (a case-sensitive pattern), not the
    /// lower-cased view, whichever view its gate read.
    as_written: bool,
    size_limit: usize,
    built: OnceLock<Option<(DFA, CachePool)>>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("built", &self.built.get().is_some()).finish_non_exhaustive()
    }
}

impl Check {
    /// Whether the loosened pattern matches `text` (the view `hir` reads). If its
    /// automaton cannot be built or gives up, the pattern stays a candidate.
    fn matches(&self, text: &str) -> bool {
        let built = self.built.get_or_init(|| {
            let parsed;
            let hir = match &self.hir {
                Some(hir) => hir,
                None => {
                    parsed = loosened(&self.source, self.as_written).ok()?;
                    &parsed
                }
            };
            let nfa = thompson::Compiler::new()
                .configure(
                    thompson::Config::new().which_captures(WhichCaptures::None).nfa_size_limit(Some(self.size_limit)),
                )
                .build_from_hir(&uncounted(hir.clone()))
                .ok()?;
            let dfa = DFA::builder().build_from_nfa(nfa).ok()?;
            let for_pool = dfa.clone();
            let caches: CachePool = Pool::new(Box::new(move || for_pool.create_cache()));
            Some((dfa, caches))
        });
        let Some((dfa, caches)) = built else { return true };
        let mut cache = caches.get();
        dfa.try_search_fwd(&mut cache, &Input::new(text).earliest(true)).map_or(true, |m| m.is_some())
    }
}

/// Keywords of gated patterns: a pattern is a candidate when the text holds a keyword of
/// each of its keyword sets (every match of the loosened pattern contains one of each).
#[derive(Debug)]
struct Gate {
    keywords: AhoCorasick,
    /// The (pattern, keyword set) pairs each keyword stands for; patterns are indices among
    /// all patterns.
    owners: Vec<Vec<(usize, u8)>>,
    /// For each pattern, one bit per keyword set it has here (0: not gated here).
    sets: Vec<u8>,
}

impl Gate {
    fn new(gated: &[(usize, &[Keywords])], patterns: usize) -> Option<Gate> {
        // Fx-hashed: ~12,000 distinct keywords of ~29,000 are indexed at every start.
        let mut index: super::fasthash::FxHashMap<&[u8], usize> = Default::default();
        let mut owners: Vec<Vec<(usize, u8)>> = Vec::new();
        let mut keywords: Vec<&[u8]> = Vec::new();
        let mut sets = vec![0u8; patterns];
        for &(pattern, required) in gated {
            for (set, words) in required.iter().enumerate().take(MAX_KEYWORD_SETS) {
                sets[pattern] |= 1 << set;
                for w in words {
                    let at = *index.entry(&**w).or_insert_with(|| {
                        keywords.push(&**w);
                        owners.push(Vec::new());
                        owners.len() - 1
                    });
                    let owner = (pattern, set as u8);
                    if !owners[at].contains(&owner) {
                        owners[at].push(owner);
                    }
                }
            }
        }
        if keywords.is_empty() {
            return None;
        }
        let keywords = AhoCorasickBuilder::new().kind(Some(AhoCorasickKind::ContiguousNFA)).build(&keywords).ok()?;
        Some(Gate { keywords, owners, sets })
    }

    /// Each pattern all of whose keyword sets `text` holds, once.
    fn candidates(&self, text: &str, found: &mut Vec<usize>) {
        // The keyword sets seen so far, one bit each per pattern. Real posts hit common
        // keywords (`the `) many times: collecting (pattern, set) pairs and sorting them was
        // ~7 K instructions a post.
        let mut seen = vec![0u8; self.sets.len()];
        for m in self.keywords.find_overlapping_iter(text) {
            for &(pattern, set) in &self.owners[m.pattern().as_usize()] {
                let all = self.sets[pattern];
                if seen[pattern] != all {
                    seen[pattern] |= 1 << set;
                    if seen[pattern] == all {
                        found.push(pattern);
                    }
                }
            }
        }
    }
}

/// One lazy DFA over some of the patterns. Only a forward automaton is built (no reverse
/// automaton, no other engines, as a full regex set would): the prefilter only needs to
/// know which patterns match, not where.
struct Part {
    dfa: DFA,
    /// The index (among all patterns) of each of this part's patterns.
    patterns: Vec<usize>,
    /// Runs over the lower-cased view of the text.
    fold: bool,
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part").field("patterns", &self.patterns.len()).finish_non_exhaustive()
    }
}

impl Prefilter {
    /// Compile loosened copies of `patterns`: (regex source, case-sensitive). A syntax error
    /// names the pattern's index (the first, if several patterns have one).
    pub fn new(patterns: &[(&str, bool)], size_limit: usize) -> Result<Self, (Option<usize>, String)> {
        type Built = Result<Part, (Option<usize>, String)>;
        type Prepared = Result<Ready, (Option<usize>, String)>;
        let prepare = |&i: &usize| -> Prepared {
            let (source, case_sensitive) = patterns[i];
            let parse_error = |e: String| (Some(i), e);
            // A built-in pattern's keywords were found when the table was generated: a gated
            // one is parsed only if its check is ever needed.
            match builtin_keywords::lookup(source, case_sensitive) {
                Some(entry) => match entry.keyword_sets() {
                    Some(keywords) => Ok(Ready::Gated { keywords, fold: entry.fold, hir: None }),
                    None => Ok(Ready::Ungated(loosened(source, case_sensitive).map_err(parse_error)?)),
                },
                None => prepare(source, case_sensitive).map_err(parse_error),
            }
        };
        // Parsing and keyword extraction are a good part of start-up: two halves side by side
        // (a pattern whose keywords the table has costs next to nothing).
        let indices: Vec<usize> = (0..patterns.len()).collect();
        let (first, second) = crate::join::halves(&indices, |&i| {
            let (source, case_sensitive) = patterns[i];
            match builtin_keywords::lookup(source, case_sensitive) {
                Some(entry) if entry.keywords.is_some() => 1,
                _ => source.len(),
            }
        });
        let (first, second) = crate::join::join(
            || first.iter().map(prepare).collect::<Vec<Prepared>>(),
            || second.iter().map(prepare).collect::<Vec<Prepared>>(),
        );
        let ready = first.into_iter().chain(second).collect::<Result<Vec<_>, _>>()?;
        let gated = |fold: bool| {
            let gated: Vec<(usize, &[Keywords])> = (ready.iter().enumerate())
                .filter_map(|(i, r)| match r {
                    Ready::Gated { keywords, fold: f, .. } if *f == fold => Some((i, &keywords[..])),
                    _ => None,
                })
                .collect();
            Gate::new(&gated, patterns.len())
        };
        let (gate_as_written, gate_folded) = crate::join::join(|| gated(false), || gated(true));
        let part = |&(indices, fold): &(&[usize], bool)| -> Built {
            let hirs: Vec<Hir> = (indices.iter())
                .filter_map(|&i| match &ready[i] {
                    Ready::Ungated(hir) => Some(uncounted(hir.clone())),
                    Ready::Gated { .. } => None,
                })
                .collect();
            Part::new(&hirs, indices.to_vec(), fold, size_limit).map_err(|e| (None, e))
        };
        let ungated: Vec<usize> = (0..patterns.len()).filter(|&i| matches!(ready[i], Ready::Ungated(_))).collect();
        let (as_written, folded): (Vec<usize>, Vec<usize>) = ungated.into_iter().partition(|&i| patterns[i].1);
        let groups: Vec<(&[usize], bool)> = (as_written.chunks(PATTERNS_PER_DFA).map(|g| (g, false)))
            .chain(folded.chunks(PATTERNS_PER_DFA).map(|g| (g, true)))
            .collect();
        // Independent automata: compile two halves (by source length) side by side.
        let (first, second) =
            crate::join::halves(&groups, |(g, _)| g.iter().map(|&i| patterns[i].0.len()).sum::<usize>());
        let (first, second) = crate::join::join(
            || first.iter().map(part).collect::<Vec<Built>>(),
            || second.iter().map(part).collect::<Vec<Built>>(),
        );
        let built: Vec<Built> = first.into_iter().chain(second).collect();
        if let Some(e) = built.iter().filter_map(|b| b.as_ref().err()).min_by_key(|(i, _)| i.unwrap_or(usize::MAX)) {
            return Err(e.clone());
        }
        let (folded, as_written): (Vec<Part>, Vec<Part>) = built.into_iter().flatten().partition(|p| p.fold);
        let dfas: Vec<DFA> = as_written.iter().chain(&folded).map(|p| p.dfa.clone()).collect();
        let caches: PartCaches = Pool::new(Box::new(move || dfas.iter().map(DFA::create_cache).collect()));
        let checks = (ready.into_iter().zip(patterns))
            .map(|(ready, &(source, as_written))| match ready {
                Ready::Gated { hir, .. } => {
                    Some(Check { source: source.to_string(), hir, as_written, size_limit, built: OnceLock::new() })
                }
                Ready::Ungated(_) => None,
            })
            .collect();
        Ok(Prefilter { as_written, folded, caches, gate_as_written, gate_folded, checks })
    }

    /// Indices of the patterns that may match `text`, in increasing order. A keyword-gated
    /// pattern for which `defer` holds is put in `deferred` with its check not run: the caller
    /// asks `confirm` only if it still needs the pattern (an allow list's, once a rule it
    /// applies to has a candidate). On real posts ~37 gated patterns a post passed their
    /// keywords and ran a check over the whole post; most were allow patterns never needed.
    pub fn candidates(&self, text: &str, defer: &dyn Fn(usize) -> bool) -> Candidates {
        let mut found = Candidates::default();
        let mut caches = self.caches.get();
        let (written_caches, folded_caches) = caches.split_at_mut(self.as_written.len());
        for (part, cache) in self.as_written.iter().zip(written_caches) {
            part.candidates(cache, text, &mut found.found);
        }
        if let Some(gate) = &self.gate_as_written {
            self.checked(gate, text, text, defer, &mut found);
        }
        if !self.folded.is_empty() || self.gate_folded.is_some() {
            let lower = lower_cased(text);
            for (part, cache) in self.folded.iter().zip(folded_caches.iter_mut()) {
                part.candidates(cache, &lower, &mut found.found);
            }
            if let Some(gate) = &self.gate_folded {
                self.checked(gate, &lower, text, defer, &mut found);
            }
        }
        found.found.sort_unstable();
        found.found.dedup();
        found
    }

    /// Whether a pattern `candidates` deferred passes its check on `text`.
    pub fn confirm(&self, pattern: usize, text: &str) -> bool {
        self.passes_check(pattern, text, &lower_cased(text))
    }

    /// The patterns `gate` lets through on `view` (the text as written or lower-cased) whose
    /// loosened form matches the view it reads, or which `defer` puts aside unchecked.
    fn checked(&self, gate: &Gate, view: &str, text: &str, defer: &dyn Fn(usize) -> bool, found: &mut Candidates) {
        let mut gated = Vec::new();
        gate.candidates(view, &mut gated);
        gated.sort_unstable();
        for p in gated {
            if defer(p) {
                found.deferred.push(p);
            } else if self.passes_check(p, text, view) {
                found.found.push(p);
            }
        }
    }

    /// Whether a gated pattern's loosened form matches the view it reads: the text as written
    /// (`text`) or lower-cased (`lower`).
    fn passes_check(&self, pattern: usize, text: &str, lower: &str) -> bool {
        self.checks[pattern].as_ref().is_none_or(|c| c.matches(if c.as_written { text } else { lower }))
    }
}

/// What `Prefilter::candidates` found in a text.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Patterns that may match, in increasing order.
    pub found: Vec<usize>,
    /// Gated patterns whose keywords are there but whose check has not run (see `confirm`).
    pub deferred: Vec<usize>,
}

/// The lower-cased view the folded patterns read.
fn lower_cased(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// A pattern made ready for the prefilter.
enum Ready {
    /// Gated by keywords on one view of the text (`fold`: the lower-cased one); its loosened
    /// form for the check, if it was parsed already.
    Gated { keywords: Vec<Keywords>, fold: bool, hir: Option<Hir> },
    /// No keywords: its loosened form runs in a lazy DFA.
    Ungated(Hir),
}

/// The pattern parsed and loosened as the prefilter runs it: case-sensitive patterns read
/// the text as written, the others its lower-cased view.
fn loosened(source: &str, case_sensitive: bool) -> Result<Hir, String> {
    Ok(loosen(regex_syntax::parse(source).map_err(|e| e.to_string())?, !case_sensitive))
}

/// Parse, loosen and find the keywords of one pattern (what `builtin_keywords` holds for the
/// built-in ones).
fn prepare(source: &str, case_sensitive: bool) -> Result<Ready, String> {
    let parsed = regex_syntax::parse(source).map_err(|e| e.to_string())?;
    // A case-sensitive pattern whose words are case-insensitive (`(?i:tattoo|inked)`) has
    // too many case variants to gate on the text as written, but its lower-cased form has
    // them once each on the lower-cased view (it matches there wherever the pattern matches
    // the text). Such patterns (`[A-Z]{3,}[^.!?\n]{0,40}?(?i:tattoo)`) were the lazy DFAs
    // that never stopped growing on real posts. Only patterns with a case-insensitive group
    // are tried (loosening costs start-up).
    // Those that do have keywords as written often have hundreds (every case variant of
    // `little|lil|baby`): the lower-cased form's fewer keywords gate them as well and make
    // the gate's automaton smaller.
    let lowerable = (case_sensitive && source.contains("(?i")).then(|| parsed.clone());
    let hir = loosen(parsed, !case_sensitive);
    let as_written = keywords(&hir);
    let lowered = lowerable.and_then(|parsed| keywords(&loosen(parsed, true)));
    let count = |sets: &Vec<Keywords>| sets.iter().map(Vec::len).sum::<usize>();
    match (as_written, lowered) {
        (Some(written), Some(lowered)) if count(&lowered) < count(&written) => {
            Ok(Ready::Gated { keywords: lowered, fold: true, hir: Some(hir) })
        }
        (Some(keywords), _) => Ok(Ready::Gated { keywords, fold: !case_sensitive, hir: Some(hir) }),
        (None, Some(keywords)) => Ok(Ready::Gated { keywords, fold: true, hir: Some(hir) }),
        (None, None) => Ok(Ready::Ungated(hir)),
    }
}

impl Part {
    fn new(hirs: &[Hir], patterns: Vec<usize>, fold: bool, size_limit: usize) -> Result<Part, String> {
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None).nfa_size_limit(Some(size_limit)))
            .build_many_from_hir(hirs)
            .map_err(|e| e.to_string())?;
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).cache_capacity(DFA_CACHE_BYTES))
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        Ok(Part { dfa, patterns, fold })
    }

    fn candidates(&self, cache: &mut Cache, text: &str, found: &mut Vec<usize>) {
        match self.which(cache, text.as_bytes()) {
            Some(seen) => {
                found.extend(self.patterns.iter().enumerate().filter(|(k, _)| seen >> k & 1 == 1).map(|(_, &p)| p))
            }
            // Not expected (no quit bytes, no give-up threshold): then every pattern is a
            // candidate, which is slow but still exact.
            None => found.extend(&self.patterns),
        }
    }

    /// Which of this part's patterns match somewhere in `text`, one bit each: one walk of the
    /// lazy DFA over the text, stopping once every pattern has matched or none can. The
    /// library's overlapping search returns to its caller at every match and resumes from a
    /// saved state; on real posts (every number, every capitalised word a match) that
    /// bookkeeping cost ~7% of a batch's instructions.
    fn which(&self, cache: &mut Cache, text: &[u8]) -> Option<u64> {
        let dfa = &self.dfa;
        let all = u64::MAX.checked_shr(64 - self.patterns.len() as u32).unwrap_or(0);
        let mut seen = 0u64;
        let note = |cache: &Cache, sid: LazyStateID, seen: &mut u64| {
            for k in 0..dfa.match_len(cache, sid) {
                *seen |= 1 << dfa.match_pattern(cache, sid, k).as_usize();
            }
        };
        let mut sid = dfa.start_state_forward(cache, &Input::new(text)).ok()?;
        for &b in text {
            // Fast path: a transition already computed between ordinary states.
            if !sid.is_tagged() {
                let next = dfa.next_state_untagged(cache, sid, b);
                if !next.is_tagged() {
                    sid = next;
                    continue;
                }
            }
            sid = dfa.next_state(cache, sid, b).ok()?;
            if sid.is_tagged() {
                // Matches are reported one byte late, by the state after the match's end.
                if sid.is_match() {
                    note(cache, sid, &mut seen);
                    if seen == all {
                        return Some(all);
                    }
                } else if sid.is_dead() {
                    return Some(seen);
                } else if sid.is_quit() {
                    return None;
                }
            }
        }
        sid = dfa.next_eoi_state(cache, sid).ok()?;
        if sid.is_match() {
            note(cache, sid, &mut seen);
        }
        Some(seen)
    }
}

/// Sets of keywords at least `MIN_KEYWORD_LEN` bytes long such that every match of `hir`
/// contains one keyword of each set, if there are such (few enough for regex-syntax's
/// extractor); the rarest-looking set first. A pattern that opens with a word window
/// (`(?:[a-z]+ ){0,3}patient`) has no required prefix, but a later piece of its
/// concatenation may: each suffix of a concatenation is tried. Each piece of the pattern's
/// top concatenation with keywords of its own adds a set: `(?:my|the) (?:nurse|clerk)` is
/// a candidate only where both a determiner and a role occur, not wherever `the ` does.
fn keywords(hir: &Hir) -> Option<Vec<Keywords>> {
    let mut pieces = Vec::new();
    let best = best_keywords(hir, None, Some(&mut pieces))?;
    keyword_sets(best, pieces)
}

/// The best set first, then each piece's set that the ones kept so far do not already imply
/// (at most `MAX_KEYWORD_SETS`), as byte strings.
fn keyword_sets(best: Seq, pieces: Vec<Seq>) -> Option<Vec<Keywords>> {
    let mut sets = vec![best];
    for piece in pieces {
        if sets.len() < MAX_KEYWORD_SETS && !sets.iter().any(|s| implies(s, &piece)) {
            sets.push(piece);
        }
    }
    sets.iter().map(|s| Some(s.literals()?.iter().map(|l| Cow::Owned(l.as_bytes().to_vec())).collect())).collect()
}

/// Whether each literal of `a` contains one of `b` (then a hit of `a` is one of `b`). Big
/// sets are not compared (an extra set costs a little, comparing them much more).
fn implies(a: &Seq, b: &Seq) -> bool {
    let (Some(a), Some(b)) = (a.literals(), b.literals()) else { return false };
    a.len() * b.len() <= 4096
        && a.iter().all(|x| b.iter().any(|y| x.as_bytes().windows(y.len()).any(|w| w == y.as_bytes())))
}

/// The best of `keywords`' sets as a literal sequence (cheap to compare and merge while
/// searching); `prefixes` is `hir`'s own prefix sequence if the caller has it already.
/// `pieces` collects the usable sets of each piece of `hir`'s top concatenation.
fn best_keywords(hir: &Hir, prefixes: Option<Seq>, mut pieces: Option<&mut Vec<Seq>>) -> Option<Seq> {
    let extract = |h: &Hir| Extractor::new().kind(ExtractKind::Prefix).extract(h);
    let mut best: Option<Seq> = None;
    // A group's prefixes are its content's: extracted once, for both.
    let prefixes = match hir.kind() {
        HirKind::Capture(_) => Some(prefixes.unwrap_or_else(|| extract(hir))),
        _ => prefixes,
    };
    fn consider(best: &mut Option<Seq>, seq: Option<Seq>) {
        if let Some(seq) = seq.filter(usable)
            && best.as_ref().is_none_or(|b| score(&seq) > score(b))
        {
            *best = Some(seq);
        }
    }
    match hir.kind() {
        HirKind::Capture(c) => consider(&mut best, best_keywords(&c.sub, prefixes.clone(), pieces)),
        HirKind::Repetition(r) if r.min >= 1 => consider(&mut best, best_keywords(&r.sub, None, None)),
        HirKind::Alternation(subs) => consider(
            &mut best,
            subs.iter().map(|s| best_keywords(s, None, None)).try_fold(Seq::empty(), |mut all, s| {
                all.union(&mut s?);
                Some(all)
            }),
        ),
        HirKind::Concat(subs) => {
            // The prefixes of each suffix, crossed piece by piece as the extractor would
            // (without copying the suffixes into new concatenations).
            let mut seqs: Vec<Seq> = subs.iter().map(extract).collect();
            for (i, sub) in subs.iter().enumerate() {
                // Most suffixes neither gate nor beat the best so far: those never become a `Seq`.
                let acc = crossed(&seqs[i], &seqs[i + 1..]);
                if acc.usable() && (pieces.is_some() || best.as_ref().is_none_or(|b| acc.score() > score(b))) {
                    let acc = acc.into_seq();
                    if let Some(pieces) = pieces.as_deref_mut() {
                        pieces.push(acc.clone());
                    }
                    consider(&mut best, Some(acc));
                }
                // Later suffixes no longer need this piece's prefixes: hand them over.
                let own = best_keywords(sub, Some(std::mem::replace(&mut seqs[i], Seq::empty())), None);
                if let (Some(pieces), Some(own)) = (pieces.as_deref_mut(), &own) {
                    pieces.push(own.clone());
                }
                consider(&mut best, own);
            }
        }
        _ => {}
    }
    if !matches!(hir.kind(), HirKind::Concat(_)) {
        consider(&mut best, Some(prefixes.unwrap_or_else(|| extract(hir))));
    }
    best
}

/// A suffix's crossed prefix set (see `crossed`), not yet a `Seq`.
enum Crossed<'a> {
    /// The first piece's own set, not crossed.
    Same(&'a Seq),
    /// Literals in one buffer: each as (end in `bytes`, exact), its start the previous end.
    Built { bytes: Vec<u8>, ends: Vec<(usize, bool)> },
}

impl Crossed<'_> {
    fn lens(&self) -> impl Iterator<Item = usize> + '_ {
        let ends = match self {
            Crossed::Same(_) => &[][..],
            Crossed::Built { ends, .. } => &ends[..],
        };
        ends.iter().scan(0, |start, &(end, _)| Some(end - std::mem::replace(start, end)))
    }

    /// `usable` of the `Seq` it would be.
    fn usable(&self) -> bool {
        match self {
            Crossed::Same(seq) => usable(seq),
            Crossed::Built { ends, .. } => !ends.is_empty() && self.lens().all(|n| n >= MIN_KEYWORD_LEN),
        }
    }

    /// `score` of the `Seq` it would be.
    fn score(&self) -> (usize, std::cmp::Reverse<usize>) {
        match self {
            Crossed::Same(seq) => score(seq),
            Crossed::Built { ends, .. } => (self.lens().min().unwrap_or(0).min(8), std::cmp::Reverse(ends.len())),
        }
    }

    fn into_seq(self) -> Seq {
        match self {
            Crossed::Same(seq) => seq.clone(),
            Crossed::Built { bytes, ends } => {
                let mut start = 0;
                ends.iter()
                    .map(|&(end, exact)| {
                        let mut lit = Literal::exact(&bytes[start..end]);
                        start = end;
                        if !exact {
                            lit.make_inexact();
                        }
                        lit
                    })
                    .collect()
            }
        }
    }
}

/// `first` crossed with the sequences after it, one by one, while every literal is exact
/// and the product has at most `MAX_CROSS` literals; a product that would have more stops
/// there, inexact. The same as `Seq::cross_forward` step by step, but with the literals in
/// one buffer: every suffix of every concatenation is crossed, many into sets of 100 to
/// 250 case variants of a word (`(?i:discharged)` in a case-sensitive pattern), and a heap
/// allocation per literal was much of keyword extraction's cost (a test compares the
/// keywords with the old way's on every built-in pattern).
fn crossed<'a>(first: &'a Seq, rest: &[Seq]) -> Crossed<'a> {
    if !first.is_exact() || rest.is_empty() {
        return Crossed::Same(first);
    }
    let lits = first.literals().unwrap_or_default();
    let mut bytes: Vec<u8> = lits.iter().flat_map(|l| l.as_bytes()).copied().collect();
    let mut ends: Vec<(usize, bool)> = lits
        .iter()
        .scan(0, |end, l| {
            *end += l.len();
            Some((*end, l.is_exact()))
        })
        .collect();
    let (mut new_bytes, mut new_ends): (Vec<u8>, Vec<(usize, bool)>) = (Vec::new(), Vec::new());
    let mut exact = true;
    for next in rest {
        if !exact {
            break;
        }
        let Some(next) = next.literals().filter(|n| n.len().saturating_mul(ends.len()) <= MAX_CROSS) else {
            ends.iter_mut().for_each(|(_, e)| *e = false);
            break;
        };
        new_bytes.clear();
        new_ends.clear();
        let mut start = 0;
        for &(end, _) in &ends {
            let lit = &bytes[start..end];
            start = end;
            for other in next {
                let at = new_bytes.len();
                new_bytes.extend_from_slice(lit);
                new_bytes.extend_from_slice(other.as_bytes());
                // `cross_forward` then dedups: an equal neighbour merges (inexact if either is).
                let prev_start = new_ends.len().checked_sub(2).map_or(0, |k| new_ends[k].0);
                if let Some(last) = new_ends.last_mut()
                    && new_bytes[prev_start..at] == new_bytes[at..]
                {
                    last.1 &= other.is_exact();
                    new_bytes.truncate(at);
                    continue;
                }
                new_ends.push((new_bytes.len(), other.is_exact()));
            }
        }
        std::mem::swap(&mut bytes, &mut new_bytes);
        std::mem::swap(&mut ends, &mut new_ends);
        exact = ends.iter().all(|&(_, e)| e);
    }
    Crossed::Built { bytes, ends }
}

/// The rarest-looking set ranks highest: longest shortest keyword, then fewest keywords.
fn score(seq: &Seq) -> (usize, std::cmp::Reverse<usize>) {
    (seq.min_literal_len().unwrap_or(0).min(8), std::cmp::Reverse(seq.len().unwrap_or(usize::MAX)))
}

/// Most literals a crossed prefix set may hold (regex-syntax's own default).
const MAX_CROSS: usize = 250;

/// Whether `seq` can gate: finite, not empty, every literal long enough.
fn usable(seq: &Seq) -> bool {
    seq.literals().is_some_and(|lits| !lits.is_empty() && lits.iter().all(|l| l.len() >= MIN_KEYWORD_LEN))
}

/// A pattern that matches everywhere `hir` matches, with no Unicode word boundary and no
/// non-ASCII class member left; with `fold`, in lower case, matching the lower-cased text
/// wherever `hir` matches the text case-insensitively (see the module comment).
fn loosen(hir: Hir, fold: bool) -> Hir {
    // Rebuilding a node is not free (smart constructors recompute properties): leave alone
    // what has nothing to loosen.
    if !needs_loosening(&hir, fold) {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Look(look) if is_unicode_word_look(look) => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Literal(lit) => fold_literal(&lit.0),
        HirKind::Class(Class::Unicode(class)) => {
            let mut ascii = unicode_to_bytes(&class);
            let mut non_ascii = !class.is_ascii();
            if fold {
                // A class with a letter's non-ASCII case partner matches the letter too.
                for (letter, partner) in NON_ASCII_FOLDS {
                    if class.iter().any(|r| (r.start()..=r.end()).contains(&partner)) {
                        ascii.push(ClassBytesRange::new(letter, letter));
                    }
                }
                // `(?i:k)` in a case-sensitive pattern is `[Kk\u{212A}]`: the letter's
                // alternatives already take the partner, so no run of any non-ASCII bytes
                // is needed (which would leave `inked` no keyword longer than `in`).
                non_ascii = class.iter().any(|r| {
                    (r.start()..=r.end())
                        .any(|c| !c.is_ascii() && !NON_ASCII_FOLDS.iter().any(|&(_, partner)| partner == c))
                });
            }
            loosen_class(ascii, non_ascii, fold)
        }
        HirKind::Class(Class::Bytes(class)) => loosen_class(class, false, fold),
        HirKind::Repetition(rep) => Hir::repetition(Repetition { sub: Box::new(loosen(*rep.sub, fold)), ..rep }),
        HirKind::Capture(cap) => Hir::capture(Capture { sub: Box::new(loosen(*cap.sub, fold)), ..cap }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(|h| loosen(h, fold)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(|h| loosen(h, fold)).collect()),
        HirKind::Empty => Hir::empty(),
    }
}

/// `hir` with every bounded repetition of more than one made unbounded (`x{0,40}` -> `x*`):
/// it matches wherever `hir` does. A lazy DFA needs a state per count of such a repetition,
/// times the states of everything around it; on real posts (every capitalised word, every
/// number a start) the automata kept building new states and never settled.
fn uncounted(hir: Hir) -> Hir {
    fn counted(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Repetition(rep) => rep.max.is_some_and(|max| max > 1) || counted(&rep.sub),
            HirKind::Capture(cap) => counted(&cap.sub),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(counted),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
        }
    }
    if !counted(&hir) {
        return hir;
    }
    match hir.into_kind() {
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&max| max <= 1);
            Hir::repetition(Repetition { sub: Box::new(uncounted(*rep.sub)), max, ..rep })
        }
        HirKind::Capture(cap) => Hir::capture(Capture { sub: Box::new(uncounted(*cap.sub)), ..cap }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(uncounted).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(uncounted).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => unreachable!("nothing counted"),
    }
}

fn needs_loosening(hir: &Hir, fold: bool) -> bool {
    match hir.kind() {
        HirKind::Look(look) => is_unicode_word_look(*look),
        // Without folding a literal stays as it is: the exact pattern needs those bytes too.
        HirKind::Literal(_) => fold,
        HirKind::Class(Class::Unicode(class)) => fold || !class.is_ascii(),
        HirKind::Class(Class::Bytes(_)) => fold,
        HirKind::Repetition(rep) => needs_loosening(&rep.sub, fold),
        HirKind::Capture(cap) => needs_loosening(&cap.sub, fold),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(|h| needs_loosening(h, fold)),
        HirKind::Empty => false,
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

/// One or more bytes of non-ASCII UTF-8: what any non-ASCII character is.
fn non_ascii_run() -> Hir {
    Hir::repetition(Repetition {
        min: 1,
        max: None,
        greedy: true,
        sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(0x80, 0xff)])))),
    })
}

/// A literal in lower case for the lower-cased text: ASCII letters lower-cased, `k` and `s`
/// also as their non-ASCII case partners, and every run of non-ASCII bytes (whose case the
/// text view keeps) widened to any such run.
fn fold_literal(bytes: &[u8]) -> Hir {
    let mut parts = Vec::new();
    let mut plain = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i].to_ascii_lowercase();
        let folds_to = NON_ASCII_FOLDS.iter().find(|(letter, _)| *letter == b);
        if b.is_ascii() && folds_to.is_none() {
            plain.push(b);
            i += 1;
            continue;
        }
        if !plain.is_empty() {
            parts.push(Hir::literal(std::mem::take(&mut plain)));
        }
        // The partner written in the pattern (`\u{212A}`) matches the letter too.
        let written = NON_ASCII_FOLDS.iter().find(|(_, c)| bytes[i..].starts_with(c.to_string().as_bytes()));
        if let Some(&(letter, partner)) = folds_to.or(written) {
            parts.push(Hir::alternation(vec![Hir::literal([letter]), Hir::literal(partner.to_string().into_bytes())]));
            i += if folds_to.is_some() { 1 } else { partner.len_utf8() };
        } else {
            parts.push(non_ascii_run());
            while i < bytes.len() && !bytes[i].is_ascii() {
                i += 1;
            }
        }
    }
    if !plain.is_empty() {
        parts.push(Hir::literal(plain));
    }
    Hir::concat(parts)
}

/// The ASCII members of a Unicode class, as bytes.
fn unicode_to_bytes(class: &ClassUnicode) -> ClassBytes {
    ClassBytes::new(
        class
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8)),
    )
}

/// An ASCII byte class (with `fold`, lower-cased, and with the non-ASCII case partners of
/// `k` and `s`), or a run of non-ASCII bytes too if the class had `non_ascii` members. A
/// byte class is far smaller to compile than all of Unicode as UTF-8 sequences.
fn loosen_class(class: ClassBytes, non_ascii: bool, fold: bool) -> Hir {
    let mut alternatives = Vec::new();
    let class = if fold { lower_case(&class) } else { class };
    if fold {
        for (letter, partner) in NON_ASCII_FOLDS {
            if class.iter().any(|r| (r.start()..=r.end()).contains(&letter)) {
                alternatives.push(Hir::literal(partner.to_string().into_bytes()));
            }
        }
    }
    if class.iter().next().is_some() {
        alternatives.insert(0, Hir::class(Class::Bytes(class)));
    }
    if non_ascii {
        alternatives.push(non_ascii_run());
    }
    Hir::alternation(alternatives)
}

/// The class with its upper-case ASCII letters replaced by lower-case ones (other bytes,
/// ASCII or not, as they are).
fn lower_case(class: &ClassBytes) -> ClassBytes {
    let mut lowered = class.clone();
    let mut upper = class.clone();
    upper.intersect(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
    lowered.difference(&upper);
    lowered.union(&ClassBytes::new(
        upper.iter().map(|r| ClassBytesRange::new(r.start().to_ascii_lowercase(), r.end().to_ascii_lowercase())),
    ));
    lowered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(patterns: &[&str], text: &str) -> Vec<usize> {
        let case_sensitive: Vec<(&str, bool)> = patterns.iter().map(|&p| (p, true)).collect();
        Prefilter::new(&case_sensitive, 1 << 24).unwrap().candidates(text, &|_| false).found
    }

    #[test]
    fn deferred_patterns_skip_their_check_until_confirmed() {
        let patterns = [(r"(?i)\bchart\s*#?\d{4,}\b", false), (r"(?i)\bbed\s+\d{1,2}\b", false)];
        let prefilter = Prefilter::new(&patterns, 1 << 24).unwrap();
        // Both have keywords in the text; only the second matches. Deferring the first
        // leaves it unchecked, and `confirm` then gives its check's answer.
        let text = "Chart review done, bed 12 next";
        let found = prefilter.candidates(text, &|p| p == 0);
        assert_eq!((found.found, found.deferred), (vec![1], vec![0]));
        assert!(!prefilter.confirm(0, text));
        assert!(prefilter.confirm(0, "CHART #20417 pulled"));
        let found = prefilter.candidates(text, &|_| false);
        assert_eq!((found.found, found.deferred), (vec![1], vec![]));
    }

    #[test]
    fn uncounted_patterns_match_wherever_the_counted_ones_do() {
        for (pattern, text) in [(r"a[^.]{0,3}b", "a1234567b"), (r"^(?:x\s+){2,4}y", "x x x x x y")] {
            let hir = uncounted(regex_syntax::parse(pattern).unwrap());
            let re = regex_automata::meta::Regex::builder().build_from_hir(&hir).unwrap();
            assert!(re.is_match(text), "{pattern}");
            assert!(!regex::Regex::new(pattern).unwrap().is_match(text), "{pattern} is meant to miss {text:?}");
        }
    }

    #[test]
    fn case_insensitive_words_of_case_sensitive_patterns_gate_on_the_lower_cased_view() {
        let pattern = r"\b[A-Z]{3,}\b[^.!?\n]{0,40}?(?i:tattoo|inked)";
        let prefilter = Prefilter::new(&[(pattern, true)], 1 << 24).unwrap();
        assert!(prefilter.as_written.is_empty() && prefilter.folded.is_empty(), "gated, not in a lazy DFA");
        for text in ["MOM TATTOO", "MOM tatToo", "RIP in\u{212A}ed", "NAN inked 🌹"] {
            assert_eq!(prefilter.candidates(text, &|_| false).found, [0], "{text}");
        }
        // The check reads the text as written: lower-case letters are no `[A-Z]{3,}`.
        for text in ["mom tattoo", "MOM tatt", "MOM. inked"] {
            assert_eq!(prefilter.candidates(text, &|_| false).found, [0usize; 0], "{text}");
        }
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
        let patterns = [
            r"\b\d{3}[- ]\d{2}[- ]\d{4}\b",
            r"\b(?:mrn|chart)\s*#?\s*\d[\d-]{2,6}\b",
            r"\bks+\b",
            r"\w{2}\s\w",
            r"\bstra(?:ß|ss)e\b",
            r"[^\s]{3}\b",
            r"[A-Z][a-z]+ é(?-i:K)",
            r"(?i:café)\s[^a-z]",
            r"(?-u:\b)sk(?-u:\b)",
            "\u{212A}m\\b",
            "[\u{17F}x]y",
            r"[^a-jl-z]{2}",
        ];
        // Each pattern twice: case-sensitive, then not.
        let flagged: Vec<(&str, bool)> = patterns.iter().flat_map(|&p| [(p, true), (p, false)]).collect();
        let prefilter = Prefilter::new(&flagged, 1 << 24).unwrap();
        let exact: Vec<regex::Regex> =
            flagged.iter().map(|&(p, cs)| regex::RegexBuilder::new(p).case_insensitive(!cs).build().unwrap()).collect();
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(2000));
        let texts = "[a-zA-Z0-9 #:/.-éÉßſKkSsMmY٣٤🍺\u{a0}]{0,40}";
        let result = runner.run(&texts, |text| {
            let got = prefilter.candidates(&text, &|_| false).found;
            for (i, re) in exact.iter().enumerate() {
                if re.is_match(&text) {
                    proptest::prop_assert!(
                        got.contains(&i),
                        "{} ({:?}) matches {:?} but was dropped",
                        re,
                        flagged[i],
                        text
                    );
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

    /// The folding table is complete: no other non-ASCII character matches an ASCII letter
    /// case-insensitively.
    #[test]
    fn only_kelvin_and_long_s_fold_into_ascii_letters() {
        let any_letter = regex::Regex::new("(?i)^[a-z]$").unwrap();
        let mut found = Vec::new();
        for c in ('\u{80}'..=char::MAX).filter(|c| any_letter.is_match(&c.to_string())) {
            for letter in b'a'..=b'z' {
                if regex::Regex::new(&format!("(?i)^{}$", letter as char)).unwrap().is_match(&c.to_string()) {
                    found.push((letter, c));
                }
            }
        }
        found.sort();
        assert_eq!(found, NON_ASCII_FOLDS.to_vec());
    }

    #[test]
    fn keywords_come_from_any_required_piece() {
        let sets = |p: &str| {
            keywords(&loosen(regex_syntax::parse(p).unwrap(), false)).map(|sets| {
                sets.into_iter()
                    .map(|k| k.into_iter().map(|w| String::from_utf8(w.into_owned()).unwrap()).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
        };
        let kw = |p: &str| sets(p).map(|s| s[0].clone());
        // After a word window, inside a group, on every branch of an alternation.
        assert_eq!(kw(r"(?:[a-z]+ ){0,3}patient\b"), Some(vec!["patient".to_string()]));
        assert_eq!(kw(r"\b(?:mrn|chart)\s*#?\d+"), Some(vec!["mrn".to_string(), "chart".to_string()]));
        assert_eq!(
            kw(r"[a-z]+ (?:bed|room) \d+|ward \d+"),
            Some(vec![" bed ".into(), " room ".into(), "ward ".into()])
        );
        // Nothing long enough: such patterns stay in the lazy DFAs.
        assert_eq!(kw(r"\d{3}-\d{4}"), None);
        assert_eq!(kw(r"(?:pt|dr)\s*[A-Z][a-z]+"), None);
        // Every piece with keywords of its own is required too, unless the best set implies it.
        assert_eq!(
            sets(r"(?:the|my) (?:[a-z]+ )?(?:nurse|clerk)"),
            Some(vec![vec!["nurse".to_string(), "clerk".to_string()], vec!["the ".into(), "my ".into()]])
        );
        assert_eq!(
            sets(r"(?:mrn|chart) \d+ seen"),
            Some(vec![vec![" seen".to_string()], vec!["mrn ".into(), "chart ".into()]])
        );
    }

    /// Every pattern of the built-in packs, as the engine hands them to the prefilter:
    /// (source, case-sensitive).
    fn builtin_patterns() -> Vec<(String, bool)> {
        let packs = crate::pack::merge(crate::pack::builtin::builtin_packs().unwrap()).unwrap();
        let mut all = Vec::new();
        for rule in packs.iter().flat_map(|p| &p.rules) {
            for p in rule.pattern().into_iter().chain(&rule.allow.patterns) {
                all.push((p.value.clone(), rule.case_sensitive));
            }
        }
        for allow in packs.iter().flat_map(|p| &p.allows) {
            all.extend(allow.matcher.patterns.iter().map(|p| (p.value.clone(), false)));
        }
        all
    }

    /// The text of `builtin_keywords.rs.in` for the built-in packs as they are now: what
    /// `prepare` finds for each distinct (source, case-sensitive), sorted.
    fn builtin_keyword_table() -> String {
        let mut patterns = builtin_patterns();
        patterns.sort();
        patterns.dedup();
        let mut out = String::from(
            "// @generated by `POSTLINT_BLESS=1 cargo test --release --lib builtin_keyword_table_is_current`\n\
             // (src/engine/prefilter.rs): the keywords of every built-in pattern. Do not edit.\n&[\n",
        );
        for (source, case_sensitive) in &patterns {
            let (fold, keywords) = match prepare(source, *case_sensitive).unwrap() {
                Ready::Gated { keywords, fold, .. } => {
                    let set = |set: &Keywords| {
                        set.iter().map(|w| format!("b\"{}\"", w.escape_ascii())).collect::<Vec<_>>().join(", ")
                    };
                    (
                        fold,
                        format!(
                            "Some(&[{}])",
                            keywords.iter().map(|s| format!("&[{}]", set(s))).collect::<Vec<_>>().join(", ")
                        ),
                    )
                }
                Ready::Ungated(_) => (false, "None".to_string()),
            };
            out += &format!(
                "    Entry {{ source: {source:?}, case_sensitive: {case_sensitive}, fold: {fold}, keywords: {keywords} }},\n"
            );
        }
        out + "]\n"
    }

    /// The table start-up reads instead of searching keywords holds exactly what the search
    /// finds on the built-in packs as they are. When a rule changes, regenerate it with
    /// `POSTLINT_BLESS=1 cargo test --release --lib builtin_keyword_table_is_current`.
    #[test]
    fn builtin_keyword_table_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/builtin_keywords.rs.in");
        let table = builtin_keyword_table();
        if std::env::var_os("POSTLINT_BLESS").is_some() {
            std::fs::write(&path, &table).unwrap();
        }
        assert!(
            std::fs::read_to_string(&path).unwrap() == table,
            "{} is stale (a built-in pattern or the keyword search changed): regenerate it with \
             `POSTLINT_BLESS=1 cargo test --release --lib builtin_keyword_table_is_current`",
            path.display()
        );
        // Every entry is found, and gives back its keywords.
        for (source, case_sensitive) in builtin_patterns() {
            let entry = builtin_keywords::lookup(&source, case_sensitive).unwrap();
            let found = match prepare(&source, case_sensitive).unwrap() {
                Ready::Gated { keywords, fold, .. } => Some((keywords, fold)),
                Ready::Ungated(_) => None,
            };
            assert_eq!(entry.keyword_sets().map(|k| (k, entry.fold)), found, "{source}");
        }
    }

    /// The keyword search as it was before `crossed`: each suffix crossed with `Seq::cross_forward`.
    /// Kept here to pin that the new version finds the same sets.
    mod before_crossed {
        use super::super::*;

        pub fn keywords(hir: &Hir) -> Option<Vec<Keywords>> {
            let mut pieces = Vec::new();
            let best = best_keywords(hir, None, Some(&mut pieces))?;
            keyword_sets(best, pieces)
        }

        fn best_keywords(hir: &Hir, prefixes: Option<Seq>, mut pieces: Option<&mut Vec<Seq>>) -> Option<Seq> {
            let extract = |h: &Hir| Extractor::new().kind(ExtractKind::Prefix).extract(h);
            let mut best: Option<Seq> = None;
            let mut consider = |seq: Option<Seq>| {
                if let Some(seq) = seq.filter(usable)
                    && best.as_ref().is_none_or(|b| score(&seq) > score(b))
                {
                    best = Some(seq);
                }
            };
            match hir.kind() {
                HirKind::Capture(c) => consider(best_keywords(&c.sub, None, pieces)),
                HirKind::Repetition(r) if r.min >= 1 => consider(best_keywords(&r.sub, None, None)),
                HirKind::Alternation(subs) => {
                    consider(subs.iter().map(|s| best_keywords(s, None, None)).try_fold(Seq::empty(), |mut all, s| {
                        all.union(&mut s?);
                        Some(all)
                    }))
                }
                HirKind::Concat(subs) => {
                    let seqs: Vec<Seq> = subs.iter().map(extract).collect();
                    for (i, sub) in subs.iter().enumerate() {
                        let mut acc = seqs[i].clone();
                        for next in &seqs[i + 1..] {
                            if !acc.is_exact() {
                                break;
                            }
                            if acc.max_cross_len(next).is_none_or(|n| n > MAX_CROSS) {
                                acc.make_inexact();
                                break;
                            }
                            acc.cross_forward(&mut next.clone());
                        }
                        if let Some(pieces) = pieces.as_deref_mut()
                            && usable(&acc)
                        {
                            pieces.push(acc.clone());
                        }
                        consider(Some(acc));
                        let own = best_keywords(sub, Some(seqs[i].clone()), None);
                        if let (Some(pieces), Some(own)) = (pieces.as_deref_mut(), &own) {
                            pieces.push(own.clone());
                        }
                        consider(own);
                    }
                }
                _ => {}
            }
            if !matches!(hir.kind(), HirKind::Concat(_)) {
                consider(Some(prefixes.unwrap_or_else(|| extract(hir))));
            }
            best
        }
    }

    /// Each built-in pattern, loosened as the prefilter loosens it.
    fn loosened_builtin_patterns() -> Vec<(String, Hir)> {
        builtin_patterns()
            .into_iter()
            .map(|(source, case_sensitive)| {
                let hir = loosen(regex_syntax::parse(&source).unwrap(), !case_sensitive);
                (source, hir)
            })
            .collect()
    }

    #[test]
    fn keywords_are_the_same_as_before_crossed_on_every_builtin_pattern() {
        let mut gated = 0;
        for (source, hir) in loosened_builtin_patterns() {
            let now = keywords(&hir);
            gated += usize::from(now.is_some());
            assert_eq!(now, before_crossed::keywords(&hir), "{source}");
        }
        assert!(gated > 50, "only {gated} built-in patterns gated");
        // Products with equal neighbours (`x`+`yq` = `xy`+`q`), one of them inexact, too.
        for source in ["(?:xxx|xxxy)(?:q|yq)zz", "(?:xxx|xxxy)(?:q|y(?:q|r)+)zz", "(?:ab|abc)(?:cd|d)(?:[ef]|g){2}x"] {
            for fold in [false, true] {
                let hir = loosen(regex_syntax::parse(source).unwrap(), fold);
                assert_eq!(keywords(&hir), before_crossed::keywords(&hir), "{source}");
            }
        }
    }

    #[test]
    fn syntax_errors_name_the_pattern() {
        let err = Prefilter::new(&[("ok", false), ("(unclosed", false)], 1 << 20).unwrap_err();
        assert_eq!(err.0, Some(1));
    }
}
