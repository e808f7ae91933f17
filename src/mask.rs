//! Masking matched text so that reports bound for build logs never copy patient data:
//! `523-11-0987` -> `***-**-0987`, `John Smith` -> `J*** S****`.
//!
//! Masking is character-for-character (same number of characters, punctuation kept), so a
//! masked line still lines up with its column numbers.

use crate::finding::{Finding, LineCounter, Span};

/// Numbers with at least this many digits keep their last four (enough to tell two apart).
const KEEP_TAIL_FROM_DIGITS: usize = 7;

/// Mask one matched text: every letter but the first of each word becomes `*`; digits become
/// `*`, except the last four of a long number. Other characters are kept.
pub fn mask(text: &str) -> String {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let keep_from = if digits >= KEEP_TAIL_FROM_DIGITS { digits - 4 } else { digits };
    let mut seen_digits = 0;
    let mut prev_alnum = false;
    text.chars()
        .map(|c| {
            let out = if c.is_ascii_digit() {
                seen_digits += 1;
                if seen_digits > keep_from { c } else { '*' }
            } else if c.is_alphanumeric() {
                if prev_alnum { '*' } else { c }
            } else {
                c
            };
            prev_alnum = c.is_alphanumeric();
            out
        })
        .collect()
}

/// A suppression comment is postlint's own syntax, not something the author posted about a
/// patient: it is shown as written.
fn needs_mask(f: &Finding) -> bool {
    f.category != crate::suppress::CATEGORY
}

/// Mask a finding's `matched` text and any copy of it that was put into its message or help.
/// `templates` are the rule's own message and help as written in its pack: a word the pack
/// itself uses ("drunk or hungover") is not patient data and stays readable.
pub fn mask_finding(f: &mut Finding, templates: &[&str]) {
    if f.matched.is_empty() || !needs_mask(f) {
        return;
    }
    let masked = mask(&f.matched);
    if !templates.iter().any(|t| t.contains(&f.matched)) {
        if f.message.contains(&f.matched) {
            f.message = f.message.replace(&f.matched, &masked);
        }
        if f.help.contains(&f.matched) {
            f.help = f.help.replace(&f.matched, &masked);
        }
    }
    f.matched = masked;
}

/// Mask every finding's span inside the post text itself (for the human-readable format when
/// it is not shown on a terminal). Returns the masked text and the findings with spans moved
/// to it; lines and columns do not change because masking is character-for-character.
pub fn mask_text(text: &str, findings: &[Finding]) -> (String, Vec<Finding>) {
    // Merge overlapping spans so each character is masked once, as part of one word.
    let mut spans: Vec<Span> =
        findings.iter().filter(|f| needs_mask(f)).map(|f| f.span).filter(|s| s.end > s.start).collect();
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    if merged.is_empty() {
        return (text.to_string(), findings.to_vec());
    }
    // Old byte offset -> new byte offset, for the offsets findings need only (a map of every
    // offset costs 8 bytes per byte of text). Filled in one pass in ascending order.
    let mut wanted: Vec<usize> = findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut map = vec![0usize; wanted.len()];
    let mut next = 0;
    let mut note = |old: usize, new: usize| {
        while next < wanted.len() && wanted[next] <= old {
            map[next] = new;
            next += 1;
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let copy = |from: usize, to: usize, out: &mut String, note: &mut dyn FnMut(usize, usize)| {
        for (i, _) in text[from..to].char_indices() {
            note(from + i, out.len() + i);
        }
        out.push_str(&text[from..to]);
    };
    for s in &merged {
        copy(pos, s.start, &mut out, &mut note);
        let masked = mask(&text[s.start..s.end]);
        for ((old_i, _), (new_i, _)) in text[s.start..s.end].char_indices().zip(masked.char_indices()) {
            note(s.start + old_i, out.len() + new_i);
        }
        out.push_str(&masked);
        pos = s.end;
    }
    copy(pos, text.len(), &mut out, &mut note);
    note(text.len(), out.len());
    let at = |old: usize| map[wanted.partition_point(|&w| w < old)];
    // One pass for all positions (findings come sorted): one `line_column` each is
    // quadratic on a long post.
    let mut lines = LineCounter::new(&out);
    let moved = findings
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.span = Span::new(at(f.span.start), at(f.span.end));
            f.matched = out[f.span.start..f.span.end].to_string();
            (f.line, f.column) = lines.at(f.span.start);
            f
        })
        .collect();
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, line_column};

    #[test]
    fn masks_like_the_examples() {
        for (input, want) in [
            ("523-11-0987", "***-**-0987"),
            ("John Smith", "J*** S****"),
            ("fuck", "f***"),
            ("3/14", "*/**"),
            ("(555) 123-4567", "(***) ***-4567"),
            ("MRN 00412345", "M** ****2345"),
            ("jo@mail.com", "j*@m***.c**"),
            ("", ""),
        ] {
            assert_eq!(mask(input), want, "{input}");
        }
    }

    #[test]
    fn masking_keeps_character_count() {
        for s in ["Zoë Ångström", "née 12/03", "日本 語"] {
            assert_eq!(mask(s).chars().count(), s.chars().count());
        }
    }

    fn finding(text: &str, start: usize, end: usize) -> Finding {
        let (line, column) = line_column(text, start);
        Finding {
            rule: "r".into(),
            category: "phi".into(),
            severity: Severity::Error,
            message: format!("found {}", &text[start..end]),
            help: String::new(),
            span: Span::new(start, end),
            line,
            column,
            matched: text[start..end].into(),
        }
    }

    #[test]
    fn mask_finding_masks_message_copies() {
        let mut f = finding("ssn 523-11-0987", 4, 15);
        mask_finding(&mut f, &["found {found}"]);
        assert_eq!(f.matched, "***-**-0987");
        assert_eq!(f.message, "found ***-**-0987");
        // Words of the pack's own message are not masked.
        let mut f = finding("so hungover", 3, 11);
        f.message = "drunk or hungover".into();
        mask_finding(&mut f, &["drunk or hungover"]);
        assert_eq!((f.matched.as_str(), f.message.as_str()), ("h*******", "drunk or hungover"));
    }

    #[test]
    fn mask_text_moves_spans_over_multibyte_text() {
        let text = "Zoë\nMs Zoë Ång é 523-11-0987 ok";
        let a = text.find("Zoë Ång").unwrap();
        let b = text.find("523").unwrap();
        let fs = vec![finding(text, a, a + "Zoë Ång".len()), finding(text, b, b + 11), finding(text, a, a + 4)];
        let (out, moved) = mask_text(text, &fs);
        assert_eq!(out, "Zoë\nMs Z** Å** é ***-**-0987 ok");
        assert_eq!(moved[0].matched, "Z** Å**");
        assert_eq!(moved[1].matched, "***-**-0987");
        assert_eq!(moved[2].matched, "Z**");
        for (old, new) in fs.iter().zip(&moved) {
            assert_eq!((old.line, old.column), (new.line, new.column));
        }
    }

    proptest::proptest! {
        #[test]
        fn mask_text_keeps_positions_for_any_text(text in "\\PC{0,40}", cuts in proptest::collection::vec((0usize..50, 0usize..50), 0..4)) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let fs: Vec<Finding> = cuts
                .iter()
                .map(|(a, b)| (bounds[a % bounds.len()], bounds[b % bounds.len()]))
                .filter(|(a, b)| a < b)
                .map(|(a, b)| finding(&text, a, b))
                .collect();
            let (out, moved) = mask_text(&text, &fs);
            proptest::prop_assert_eq!(out.chars().count(), text.chars().count());
            for (old, new) in fs.iter().zip(&moved) {
                proptest::prop_assert_eq!((old.line, old.column), (new.line, new.column));
                proptest::prop_assert_eq!(old.matched.chars().count(), new.matched.chars().count());
            }
        }
    }
}
