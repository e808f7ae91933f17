//! Word lists for `lists` constraints: every list of the same name merged, lower-cased and
//! sorted on first use, then looked up by binary search.
//!
//! One string plus sorted offsets rather than a hash set of strings: the built-in name lists
//! hold ~40,000 words, and one allocation instead of 40,000 is most of what building them
//! costs. Built on first use, because most posts never reach a rule with a word list.

use std::sync::OnceLock;

/// A merged word list.
#[derive(Debug, Default)]
pub struct WordSet {
    /// The lists as given, each followed by a line break.
    raw: String,
    sorted: OnceLock<Sorted>,
}

/// The words lower-cased, and (start, end) of each distinct word, sorted by the word.
#[derive(Debug)]
struct Sorted {
    text: String,
    words: Vec<(u32, u32)>,
}

impl WordSet {
    /// Merge lists given as words separated by white space.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a str>) -> WordSet {
        let mut raw = String::new();
        for list in lists {
            raw.push_str(list);
            raw.push('\n');
        }
        WordSet { raw, sorted: OnceLock::new() }
    }

    fn sorted(&self) -> &Sorted {
        self.sorted.get_or_init(|| {
            let text = lower_case(&self.raw);
            // Lists come from pack files of at most a few megabytes: offsets fit in u32.
            let mut words: Vec<(u32, u32)> =
                word_bounds(&text).into_iter().map(|(start, end)| (start as u32, end as u32)).collect();
            let word = |&(start, end): &(u32, u32)| &text[start as usize..end as usize];
            // The generated lists are sorted already, each one a run: the stable sort finds
            // runs and merges them (~n log runs comparisons), where the unstable one sorted the
            // ~230,000 words as if unsorted (~60 M instructions). Unsorted lists (a user's)
            // are sorted as before; equal words are all alike, so stability changes nothing.
            words.sort_by(|a, b| word(a).cmp(word(b)));
            words.dedup_by(|a, b| word(a) == word(b));
            Sorted { text, words }
        })
    }

    /// Whether `word` is in the list, ignoring case. A captured phrase of several words matches
    /// the entry that joins them with `_` (`El Paso` is `el_paso`): entries hold no spaces.
    pub fn contains(&self, word: &str) -> bool {
        let lower = if word.contains(char::is_whitespace) {
            word.split_whitespace().collect::<Vec<_>>().join("_").to_lowercase()
        } else {
            word.to_lowercase()
        };
        let sorted = self.sorted();
        sorted.words.binary_search_by(|&(start, end)| sorted.text[start as usize..end as usize].cmp(&lower)).is_ok()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.sorted().words.len()
    }
}

/// (start, end) of each word of `text` as `str::split_whitespace` finds them, reading ASCII a
/// byte at a time: the built-in lists are ~2 MB of nearly all ASCII, and `split_whitespace`
/// decoding every char was ~45 M instructions the first time a post reached a list.
fn word_bounds(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // The length of the white-space char at `i` (a char boundary), if it is one.
    let space = |i: usize| match bytes[i] {
        b' ' | b'\t'..=b'\r' => Some(1),
        b if b.is_ascii() => None,
        _ => text[i..].chars().next().filter(|c| c.is_whitespace()).map(char::len_utf8),
    };
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(len) = space(i) {
            i += len;
            continue;
        }
        let start = i;
        loop {
            // Most of a word is printable ASCII: skip it in a tight loop.
            i += bytes[i..].iter().position(|&b| b <= b' ' || !b.is_ascii()).unwrap_or(bytes.len() - i);
            if i == bytes.len() || space(i).is_some() {
                break;
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        words.push((start, i));
    }
    words
}

/// `str::to_lowercase`, with ASCII runs lowered in place: the built-in lists hold ~2 MB of
/// mostly ASCII words, which `to_lowercase` lowered char by char after their first non-ASCII
/// one (~100 M instructions the first time a post reached a list).
fn lower_case(raw: &str) -> String {
    // Only a capital sigma lowers differently by its neighbours (`ς` at the end of a word).
    if raw.contains('Σ') {
        return raw.to_lowercase();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let from = out.len();
        out.push_str(&rest[..ascii]);
        out[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            out.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{WordSet, lower_case};

    #[test]
    fn lowers_like_the_standard_library() {
        for text in ["", "ABC", "Zoë ZOË İstanbul", "ΣΑΣ ΟΔΟΣ", "MiXeD\nÅngström ǅ ß ẞ 🙏 X", "a\u{10400}B"]
        {
            assert_eq!(lower_case(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn lowers_the_built_in_lists_like_the_standard_library() {
        for (_, _, words) in crate::pack::builtin::BUILTIN_WORD_LISTS {
            assert_eq!(lower_case(words), words.to_lowercase());
        }
    }

    #[test]
    fn splits_words_like_the_standard_library() {
        let texts = ["", "  ", "a", " a  b\tc\n", "x\u{0B}y\u{0C}z\rw", "é\u{a0}ü\u{2003}中 文\u{85}🙏", "a\u{200b}b"];
        let lists = crate::pack::builtin::BUILTIN_WORD_LISTS.iter().map(|(_, _, words)| *words);
        for text in texts.into_iter().chain(lists) {
            let ours: Vec<&str> = super::word_bounds(text).into_iter().map(|(start, end)| &text[start..end]).collect();
            assert_eq!(ours, text.split_whitespace().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn phrases_match_entries_joined_with_underscores() {
        let set = WordSet::new(["el_paso broken_hill\nakron"]);
        for phrase in ["El Paso", "el  paso", "BROKEN\tHILL", "el_paso", "Akron"] {
            assert!(set.contains(phrase), "{phrase}");
        }
        for phrase in ["El", "Paso", "El Paso Texas", "broken hills"] {
            assert!(!set.contains(phrase), "{phrase}");
        }
    }

    #[test]
    fn merges_lists_and_ignores_case_and_order() {
        let set = WordSet::new(["Maria\njohn\nZoë", "anna\nmaria"]);
        assert_eq!(set.len(), 4);
        for word in ["maria", "MARIA", "John", "zoë", "ZOË", "Anna"] {
            assert!(set.contains(word), "{word}");
        }
        for word in ["mari", "marias", "", "jo hn", "zoe"] {
            assert!(!set.contains(word), "{word}");
        }
    }

    #[test]
    fn empty_lists_hold_nothing() {
        assert!(!WordSet::new([""]).contains(""));
        assert!(!WordSet::new(std::iter::empty()).contains("a"));
    }
}
