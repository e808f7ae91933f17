//! Context windows: do given words appear within N words of a match?

use super::fasthash::FxHashMap;
use crate::finding::Span;
use crate::pack::Context;
use std::sync::OnceLock;

/// Lowercased words of `text` with their byte spans (a word is a run of letters/digits,
/// with inner apostrophes kept: "o'clock", "pt's").
pub fn words(text: &str) -> Vec<(Span, String)> {
    words_from(text, 0)
}

/// Posts up to this long are split into words once; longer ones only around each match that
/// needs a window (the words of a 10 MB post took 10 bytes per byte of text).
const SPLIT_WHOLE_UP_TO: usize = 64 * 1024;

/// The words of one post, split as windows need them.
pub struct Words<'t> {
    text: &'t str,
    whole: Option<Vec<(Span, String)>>,
    local: Vec<(Span, String)>,
}

impl<'t> Words<'t> {
    pub fn new(text: &'t str) -> Words<'t> {
        Words { text, whole: None, local: Vec::new() }
    }

    /// Words of the post (with their spans in it) that include every word a `window`-word
    /// window around `span` looks at: all of them for a short post, else those nearby.
    pub fn around(&mut self, span: Span, window: usize) -> &[(Span, String)] {
        let text = self.text;
        if text.len() <= SPLIT_WHOLE_UP_TO {
            return self.whole.get_or_insert_with(|| words(text));
        }
        self.local = words_near(text, span, window);
        &self.local
    }
}

/// The words of the stretch of `text` around `span` that holds the `window` words before and
/// after it (and the words inside it), with their spans in `text`.
fn words_near(text: &str, span: Span, window: usize) -> Vec<(Span, String)> {
    // A cut just after a break (neither a letter, a digit nor an apostrophe) or at one
    // splits no word, so the words between two cuts are the post's own. Each run between
    // breaks holds a word or is skipped; one run more on each side covers a run the span
    // cuts through.
    let runs = window.saturating_add(2);
    let mut from = 0;
    let mut seen = 0;
    let mut in_run = false;
    for (i, c) in text[..span.start].char_indices().rev() {
        if is_break(c) {
            if in_run {
                seen += 1;
                if seen == runs {
                    from = i + c.len_utf8();
                    break;
                }
            }
            in_run = false;
        } else {
            in_run |= c.is_alphanumeric();
        }
    }
    let mut to = text.len();
    (seen, in_run) = (0, false);
    for (i, c) in text[span.end..].char_indices() {
        if is_break(c) {
            if in_run {
                seen += 1;
                if seen == runs {
                    to = span.end + i;
                    break;
                }
            }
            in_run = false;
        } else {
            in_run |= c.is_alphanumeric();
        }
    }
    words_from(&text[from..to], from)
}

/// A character no word runs through: not a letter or digit, and not an apostrophe (which
/// may join two words' halves).
fn is_break(c: char) -> bool {
    !c.is_alphanumeric() && c != '\'' && c != '’'
}

/// `words` of a piece of a post that starts at byte `offset` of it.
fn words_from(text: &str, offset: usize) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    // Peek instead of collecting every char: that copy took 16 bytes per byte of the post.
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let inner_apostrophe =
            (c == '\'' || c == '’') && start.is_some() && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push((Span::new(offset + s, offset + at), word_key(&text[s..at])));
        }
    }
    if let Some(s) = start {
        out.push((Span::new(offset + s, offset + text.len()), word_key(&text[s..])));
    }
    out
}

/// A word as context phrases compare it: lower case, with a typographic apostrophe read as a
/// plain one (phones type `pt’s`, packs write `pt's`).
fn word_key(word: &str) -> String {
    // Most words are ASCII, where both steps are one copy (`to_lowercase` checks more).
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let lower = word.to_lowercase();
    if lower.contains('’') { lower.replace('’', "'") } else { lower }
}

/// One word of a phrase: equal to a word of the text, or its prefix (written `word*`).
#[derive(Debug, Clone)]
struct Part {
    word: String,
    prefix: bool,
}

/// A context phrase split into words by the same splitter as the text (`words`), so that
/// "walk-in" is the words "walk" "in" and matches "walk-in", "walk in" and "walk/in" alike.
#[derive(Debug, Clone)]
pub struct Phrase(Box<[Part]>);

impl Phrase {
    /// `None` when the phrase has no letter or digit (the pack loader rejects those).
    pub fn new(text: &str) -> Option<Phrase> {
        let mut parts = Vec::new();
        for token in text.split_whitespace() {
            let (body, prefix) = match token.strip_suffix('*') {
                Some(body) => (body, true),
                None => (token, false),
            };
            let first = parts.len();
            parts.extend(words(body).into_iter().map(|(_, word)| Part { word, prefix: false }));
            // A `*` belongs to the last word of its token: "follow-up*" is "follow" "up*".
            if parts.len() > first
                && let Some(last) = parts.last_mut()
            {
                last.prefix = prefix;
            }
        }
        (!parts.is_empty()).then(|| Phrase(parts.into_boxed_slice()))
    }

    /// Does this phrase occur at the start of `words`? Its last word also matches that word's
    /// possessive ("my dad" in "my dad's 91st birthday"), as a cue is the same cue there.
    fn starts(&self, words: &[(Span, String)]) -> bool {
        let last = self.0.len().wrapping_sub(1);
        words.len() >= self.0.len()
            && words.iter().zip(self.0.iter()).enumerate().all(|(i, ((_, word), part))| match part.prefix {
                true => word.starts_with(part.word.as_str()),
                false => *word == part.word || (i == last && possessive_of(word) == Some(part.word.as_str())),
            })
    }
}

/// The word a possessive is formed from ("dad" for "dad's"; words are keyed with a plain
/// apostrophe by `word_key`).
fn possessive_of(word: &str) -> Option<&str> {
    word.strip_suffix("'s").filter(|base| !base.is_empty())
}

/// Phrases indexed by their first word: a window looks up the phrases that start with each
/// of its words instead of trying every phrase of every list (hundreds) at every word.
#[derive(Debug, Default)]
pub struct Phrases {
    list: Vec<Phrase>,
    /// Phrases by their first word, when it is written whole.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix (`walk*`): tried at every word.
    open: Vec<usize>,
}

impl Phrases {
    pub fn new(list: Vec<Phrase>) -> Phrases {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut open = Vec::new();
        for (i, phrase) in list.iter().enumerate() {
            match &phrase.0[0] {
                Part { prefix: true, .. } => open.push(i),
                Part { word, .. } => by_first.entry(word.clone()).or_default().push(i),
            }
        }
        Phrases { list, by_first, open }
    }

    /// Does any phrase occur as a run of consecutive words of `side`?
    fn within(&self, side: &[(Span, String)]) -> bool {
        (0..side.len()).any(|at| {
            let starts = |&i: &usize| self.list[i].starts(&side[at..]);
            let word = side[at].1.as_str();
            let with_first = |first: &str| self.by_first.get(first).is_some_and(|ids| ids.iter().any(starts));
            with_first(word) || possessive_of(word).is_some_and(with_first) || self.open.iter().any(starts)
        })
    }
}

/// A named phrase list (`[phrases]`, merged across packs), split into words on first use.
#[derive(Debug, Default)]
pub struct PhraseList {
    source: Vec<String>,
    compiled: OnceLock<Phrases>,
}

impl PhraseList {
    pub fn extend(&mut self, phrases: &[String]) {
        self.source.extend_from_slice(phrases);
    }

    fn get(&self) -> &Phrases {
        self.compiled.get_or_init(|| compile(&self.source))
    }
}

/// The loader rejects phrases without a letter or digit, the only ones `Phrase::new` refuses.
fn compile(phrases: &[String]) -> Phrases {
    Phrases::new(phrases.iter().filter_map(|p| Phrase::new(p)).collect())
}

/// A rule's context window. Its own phrases are split into words the first time a match of
/// the rule needs them (most posts never reach most rules); `@name` references are
/// resolved at engine build, so an unknown name is a load error.
#[derive(Debug)]
pub struct Window {
    /// Indices into the engine's phrase lists.
    require_lists: Vec<usize>,
    forbid_lists: Vec<usize>,
    /// The rule's own `require` and `forbid` phrases.
    own: OnceLock<[Phrases; 2]>,
}

impl Window {
    pub fn new(require_lists: Vec<usize>, forbid_lists: Vec<usize>) -> Window {
        Window { require_lists, forbid_lists, own: OnceLock::new() }
    }

    /// True when a `require` phrase (if there are any) and no `forbid` phrase occurs within
    /// the window around `span`. `context` is the rule's own (the source of the phrases),
    /// `lists` the engine's named phrase lists.
    pub fn accepts(&self, context: &Context, words: &[(Span, String)], span: Span, lists: &[PhraseList]) -> bool {
        let [require, forbid] =
            self.own.get_or_init(|| [compile(&context.require.phrases), compile(&context.forbid.phrases)]);
        let found = |own: &Phrases, named: &[usize]| {
            near(words, span, context.window, std::iter::once(own).chain(named.iter().map(|&i| lists[i].get())))
        };
        (context.require.is_empty() || found(require, &self.require_lists))
            && (context.forbid.is_empty() || !found(forbid, &self.forbid_lists))
    }
}

/// Does a phrase of any of `lists` occur within `window` words before or after `span`?
/// Words overlapping the match itself are not part of the window.
pub fn near<'p>(
    words: &[(Span, String)],
    span: Span,
    window: usize,
    mut lists: impl Iterator<Item = &'p Phrases>,
) -> bool {
    // Words are in text order and do not overlap: binary search, not a scan per match (a
    // scan is quadratic on a long post).
    let first_inside = words.partition_point(|(w, _)| w.end <= span.start);
    let after = words.partition_point(|(w, _)| w.start < span.end);
    let before_lo = first_inside.saturating_sub(window);
    let after_hi = (after + window).min(words.len());
    let sides = [&words[before_lo..first_inside], &words[after..after_hi]];
    lists.any(|phrases| sides.iter().any(|side| phrases.within(side)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_on_both_sides() {
        let text = "his MRN is 00412345 per chart";
        let w = words(text);
        let at = text.find("00412345").unwrap();
        let span = Span::new(at, at + 8);
        let p = |s: &str| Phrases::new(vec![Phrase::new(s).unwrap()]);
        let near = |window: usize, phrase: &str| near(&w, span, window, std::iter::once(&p(phrase)));
        assert!(near(2, "mrn"));
        assert!(!near(1, "mrn"));
        assert!(near(2, "chart"));
        assert!(near(3, "his mrn"));
        assert!(near(3, "HIS  MRN"));
        assert!(near(3, "ch*"));
        assert!(!near(3, "00412345"));
    }

    proptest::proptest! {
        /// Around any span, the words near it are the post's own and include the window on
        /// each side.
        #[test]
        fn words_near_a_span_are_the_posts_own(
            text in "[a-z0-9 ,'’é🙏-]{0,60}",
            cuts in proptest::collection::vec(0usize..65, 2),
            window in 0usize..4,
        ) {
            let at = |i: usize| text.floor_char_boundary(i);
            let span = Span::new(at(cuts[0]).min(at(cuts[1])), at(cuts[0]).max(at(cuts[1])));
            let whole = words(&text);
            let local = words_near(&text, span, window);
            let sides = |w: &[(Span, String)]| {
                let first_inside = w.partition_point(|(s, _)| s.end <= span.start);
                let after = w.partition_point(|(s, _)| s.start < span.end);
                let before = w[first_inside.saturating_sub(window)..first_inside].to_vec();
                (before, w[after..(after + window).min(w.len())].to_vec())
            };
            proptest::prop_assert!(local.is_empty() || whole.windows(local.len()).any(|w| w == local.as_slice()));
            proptest::prop_assert_eq!(sides(&whole), sides(&local));
        }
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        let w: Vec<String> = words("wine o'clock, pts' rooms").into_iter().map(|(_, s)| s).collect();
        assert_eq!(w, ["wine", "o'clock", "pts", "rooms"]);
    }

    /// A phrase is split like the text, so punctuation inside it (a hyphen, a slash) is a word
    /// break on both sides: "walk-in" matches "walk-in", "walk in" and "walk/in".
    #[test]
    fn phrases_split_like_the_text() {
        let cases: &[(&str, &str, bool)] = &[
            ("seen at the walk-in clinic: 555-0134", "walk-in", true),
            ("seen at the walk in clinic: 555-0134", "walk-in", true),
            ("seen at the walk/in clinic: 555-0134", "walk-in", true),
            ("seen at the walk-in clinic: 555-0134", "walk in", true),
            ("seen at the walking clinic: 555-0134", "walk-in", false),
            ("seen at the walk-in clinic: 555-0134", "walk", true),
            ("the on-call phone 555-0134", "on-call", true),
            ("the oncall phone 555-0134", "on-call", false),
            ("pt's follow-ups: 555-0134", "follow-up*", true),
            ("pt's follow-ups: 555-0134", "follow-up", false),
            ("pt's wife 555-0134", "pt's", true),
            ("pt’s wife 555-0134", "pt's", true),
            ("pt's wife 555-0134", "pt’s", true),
            ("PT’S wife 555-0134", "pt's", true),
            ("pt wife 555-0134", "pt's", false),
            ("my dad's phone 555-0134", "my dad", true),
            ("my dad’s phone 555-0134", "dad", true),
            ("my dad's phone 555-0134", "dad's", true),
            ("dad's my phone 555-0134", "dad my", false),
            ("my dads phone 555-0134", "my dad", false),
            ("his y/o son 555-0134", "y/o", true),
            ("his y/o son 555-0134", "y o", true),
        ];
        for &(text, phrase, expected) in cases {
            let w = words(text);
            let at = text.find("555-0134").unwrap();
            let span = Span::new(at, at + 8);
            let phrase_compiled = Phrases::new(vec![Phrase::new(phrase).unwrap()]);
            assert_eq!(near(&w, span, 6, std::iter::once(&phrase_compiled)), expected, "{phrase:?} in {text:?}");
        }
        assert!(Phrase::new("--").is_none());
        assert!(Phrase::new("*").is_none());
    }
}
