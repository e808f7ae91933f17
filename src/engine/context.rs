//! Context windows: do given words appear within N words of a match?

use crate::finding::Span;

/// Lowercased words of `text` with their byte spans (a word is a run of letters/digits,
/// with inner apostrophes kept: "o'clock", "pt's").
pub fn words(text: &str) -> Vec<(Span, String)> {
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
            out.push((Span::new(s, at), text[s..at].to_lowercase()));
        }
    }
    if let Some(s) = start {
        out.push((Span::new(s, text.len()), text[s..].to_lowercase()));
    }
    out
}

/// Does any of `phrases` occur within `window` words before or after `span`?
/// A phrase is one or more words; a word ending in `*` matches as a prefix.
/// Words overlapping the match itself are not part of the window.
pub fn near(words: &[(Span, String)], span: Span, window: usize, phrases: &[String]) -> bool {
    // Words are in text order and do not overlap: binary search, not a scan per match (a
    // scan is quadratic on a long post).
    let first_inside = words.partition_point(|(w, _)| w.end <= span.start);
    let after = words.partition_point(|(w, _)| w.start < span.end);
    let before_lo = first_inside.saturating_sub(window);
    let after_hi = (after + window).min(words.len());
    let sides = [&words[before_lo..first_inside], &words[after..after_hi]];
    phrases.iter().any(|phrase| {
        let parts: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        !parts.is_empty() && sides.iter().any(|side| contains_phrase(side, &parts))
    })
}

fn contains_phrase(side: &[(Span, String)], parts: &[String]) -> bool {
    side.windows(parts.len()).any(|run| {
        run.iter().zip(parts).all(|((_, word), part)| match part.strip_suffix('*') {
            Some(prefix) => word.starts_with(prefix),
            None => word == part,
        })
    })
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
        let p = |s: &str| vec![s.to_string()];
        assert!(near(&w, span, 2, &p("mrn")));
        assert!(!near(&w, span, 1, &p("mrn")));
        assert!(near(&w, span, 2, &p("chart")));
        assert!(near(&w, span, 3, &p("his mrn")));
        assert!(near(&w, span, 3, &p("ch*")));
        assert!(!near(&w, span, 3, &p("00412345")));
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        let w: Vec<String> = words("wine o'clock, pts' rooms").into_iter().map(|(_, s)| s).collect();
        assert_eq!(w, ["wine", "o'clock", "pts", "rooms"]);
    }
}
