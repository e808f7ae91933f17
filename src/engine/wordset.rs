//! Word lists for `lists` constraints: every list of the same name merged, lower-cased and
//! sorted once, then looked up by binary search.
//!
//! One string plus sorted offsets rather than a hash set of strings: the built-in name lists
//! hold ~40,000 words, and one allocation instead of 40,000 is most of what building them
//! costs at start-up.

/// A merged, lower-cased word list.
#[derive(Debug, Default)]
pub struct WordSet {
    /// The words, lower-cased, each followed by a line break.
    text: String,
    /// (start, end) of each distinct word in `text`, sorted by the word.
    words: Vec<(u32, u32)>,
}

impl WordSet {
    /// Merge lists given as words separated by line breaks.
    pub fn new<'a>(lists: impl IntoIterator<Item = &'a str>) -> WordSet {
        let mut text = String::new();
        for list in lists {
            text.push_str(&list.to_lowercase());
            text.push('\n');
        }
        let mut words = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.len();
            if !line.is_empty() {
                // Lists come from pack files of at most a few megabytes: offsets fit in u32.
                words.push((start as u32, end as u32));
            }
            start = end + 1;
        }
        // Generated lists are already sorted, which the sort notices in one pass.
        words.sort_unstable_by(|a, b| text[a.0 as usize..a.1 as usize].cmp(&text[b.0 as usize..b.1 as usize]));
        words.dedup_by(|a, b| text[a.0 as usize..a.1 as usize] == text[b.0 as usize..b.1 as usize]);
        WordSet { text, words }
    }

    fn word(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// Whether `word` is in the list, ignoring case.
    pub fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.words.binary_search_by(|&w| self.word(w).cmp(&lower)).is_ok()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::WordSet;

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
