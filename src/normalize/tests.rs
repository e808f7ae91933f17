//! Unit and property tests of the normalised view and its map back to the original text.

use super::*;

/// The original text behind each word of the view, for readable assertions.
fn words(text: &str) -> Vec<(String, String)> {
    let view = Normalized::new(text);
    let mut out = Vec::new();
    let mut current: Option<(String, usize, usize)> = None;
    for ((_, c), v) in view.as_str().char_indices().zip(view.chars()) {
        if v.word {
            let entry = current.get_or_insert((String::new(), v.start, v.end));
            entry.0.push(c);
            entry.2 = v.end;
        } else if let Some((w, s, e)) = current.take() {
            out.push((w, text[s..e].to_string()));
        }
    }
    if let Some((w, s, e)) = current {
        out.push((w, text[s..e].to_string()));
    }
    out
}

fn view(text: &str) -> String {
    Normalized::new(text).as_str().to_string()
}

fn pair(w: &str, o: &str) -> (String, String) {
    (w.to_string(), o.to_string())
}

#[test]
fn folds_case_width_accents_and_lookalikes() {
    assert_eq!(view("ＦＵＣＫ"), "fuck");
    assert_eq!(view("Fück"), "fuck");
    assert_eq!(view("ѕһіт"), "shit");
    assert_eq!(view("ΗΟΤ"), "hot");
    assert_eq!(view("f\u{200B}u\u{00AD}ck"), "fuck");
    assert_eq!(view("ﬁne"), "fine");
    assert_eq!(view("a  \n b"), "a b");
}

#[test]
fn leetspeak_only_inside_words() {
    assert_eq!(view("sh1t"), "shit");
    assert_eq!(view("b00bs"), "bobs");
    assert_eq!(view("a$$"), "as");
    assert_eq!(view("$hit"), "shit");
    assert_eq!(view("sh!t"), "shit");
    assert_eq!(view("f@ck"), "fack");
    assert_eq!(view("5 mg"), "5 mg");
    assert_eq!(view("$40"), "$40");
    assert_eq!(view("hello!"), "helo!");
    assert_eq!(view("@name"), "@name");
    assert_eq!(view("A55 road"), "a55 road");
    assert_eq!(view("10am"), "10am");
}

#[test]
fn masks_inside_words_only() {
    assert_eq!(view("f*ck"), "f*ck");
    assert_eq!(view("f**k"), "f**k");
    assert_eq!(view("*bold*"), "*bold*");
    assert!(!Normalized::new("*bold*").chars()[0].word);
    assert!(Normalized::new("f*ck").chars()[1].word);
    assert_eq!(view("5*3"), "5*3");
}

#[test]
fn an_emoji_inside_a_word_is_a_mask_but_not_beside_one() {
    assert_eq!(view("f🦆ck"), "f*ck");
    assert_eq!(view("SH💥T"), "sh*t");
    // At a word's edge an emoji is only punctuation.
    assert_eq!(view("team🎉 wins"), "team🎉 wins");
}

#[test]
fn spaced_letters_join() {
    assert_eq!(view("F U C K that"), "fuck that");
    assert_eq!(view("f.u.c.k"), "fuck");
    assert_eq!(view("s-h-i-t"), "shit");
    assert_eq!(view("f. u. c. k."), "fuck.");
    // Two single letters are not a spelled-out word.
    assert_eq!(view("a b"), "a b");
    assert_eq!(view("E. coli"), "e. coli");
    // A gap written differently from the run's first ends the word.
    assert_eq!(view("s.h.i.t. I left"), "shit. i left");
    assert_eq!(view("s h i t, a b"), "shit, a b");
}

#[test]
fn stretched_letters_squeeze_and_count() {
    let v = Normalized::new("fuuuuck");
    assert_eq!(v.as_str(), "fuck");
    let runs: Vec<u16> = v.chars().iter().map(|c| c.run).collect();
    assert_eq!(runs, [1, 4, 1, 1]);
    let v = Normalized::new("ass as");
    assert_eq!(v.as_str(), "as as");
    assert_eq!(v.chars()[1].run, 2);
    assert_eq!(v.chars()[4].run, 1);
}

#[test]
fn hashtags_split_camel_case_and_mark_ends() {
    assert_eq!(view("#DrunkDoctor"), "#drunk doctor");
    let v = Normalized::new("#drunkdoctor!");
    assert_eq!(v.as_str(), "#drunkdoctor!");
    let starts: Vec<bool> = v.chars().iter().map(|c| c.tag_start).collect();
    let ends: Vec<bool> = v.chars().iter().map(|c| c.tag_end).collect();
    assert!(starts[1] && starts.iter().filter(|&&b| b).count() == 1);
    assert!(ends[v.chars().len() - 2] && ends.iter().filter(|&&b| b).count() == 1);
    // With humps the words are split, so no end is marked.
    assert!(!Normalized::new("#DrunkDoctor").chars().iter().any(|c| c.tag_start || c.tag_end));
    // Not a hashtag: a number sign before digits.
    assert!(!Normalized::new("#1 fan").chars().iter().any(|c| c.tag_start));
}

#[test]
fn span_map_points_at_the_obfuscated_original() {
    assert_eq!(words("what the f*ck"), [pair("what", "what"), pair("the", "the"), pair("f*ck", "f*ck")]);
    assert_eq!(words("F U C K it"), [pair("fuck", "F U C K"), pair("it", "it")]);
    assert_eq!(words("Ｆｕｃｋ!"), [pair("fuck", "Ｆｕｃｋ")]);
    assert_eq!(words("sh\u{200B}iiit"), [pair("shit", "sh\u{200B}iiit")]);
    assert_eq!(words("a$$holes"), [pair("asholes", "a$$holes")]);
    assert_eq!(words("#DrunkDoctor"), [pair("drunk", "Drunk"), pair("doctor", "Doctor")]);
    assert_eq!(words("ﬀ"), [pair("f", "ﬀ")]);
    assert_eq!(Normalized::new("ﬀ").chars()[0].run, 2);
}

#[test]
fn original_span_of_any_view_range() {
    let text = "Ｆ.ｕ.ｃ.ｋ 🍺 x";
    let v = Normalized::new(text);
    let bounds: Vec<usize> = v.as_str().char_indices().map(|(b, _)| b).chain([v.as_str().len()]).collect();
    for &s in &bounds {
        for &e in &bounds {
            match v.original_span(s, e) {
                Some(span) => {
                    assert!(s < e && span.start < span.end && span.end <= text.len());
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
                None => assert!(s >= e),
            }
        }
    }
    assert_eq!(v.original_span(0, 4).map(|s| &text[s.start..s.end]), Some("Ｆ.ｕ.ｃ.ｋ"));
    assert_eq!(v.original_span(0, 100), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn obfuscated() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("f".to_string()),
                Just("*".to_string()),
                Just("$".to_string()),
                Just("1".to_string()),
                Just(" ".to_string()),
                Just(".".to_string()),
                Just("#".to_string()),
                Just("A".to_string()),
                Just("\u{200B}".to_string()),
                Just("\u{0301}".to_string()),
                Just("ﬀ".to_string()),
                Just("İ".to_string()),
                Just("🍺".to_string()),
                Just("Ｓ".to_string()),
                any::<char>().prop_map(|c| c.to_string()),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    fn check_map(text: &str) {
        let v = Normalized::new(text);
        let mut last_start = 0;
        for c in v.chars() {
            assert!(c.start <= c.end && c.end <= text.len());
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            assert!(c.start >= last_start, "view chars follow the original order");
            assert!(c.run >= 1);
            last_start = c.start;
        }
        let bounds: Vec<usize> = v.as_str().char_indices().map(|(b, _)| b).chain([v.as_str().len()]).collect();
        for (i, &s) in bounds.iter().enumerate() {
            for &e in bounds.iter().skip(i + 1).take(6) {
                if let Some(span) = v.original_span(s, e) {
                    assert!(span.start < span.end && span.end <= text.len());
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }
        // Off-boundary and out-of-range requests never panic.
        for s in 0..v.as_str().len() + 2 {
            let _ = v.original_span(s, s + 1);
            let _ = v.original_span(s, s + 3);
        }
    }

    proptest! {
        #[test]
        fn map_back_is_in_range_on_arbitrary_unicode(text in any::<String>()) {
            check_map(&text);
        }

        #[test]
        fn map_back_is_in_range_on_obfuscation_material(text in obfuscated()) {
            check_map(&text);
        }
    }
}

#[test]
fn combining_accents_stay_with_their_letter() {
    let text = "Rose\u{301} wine";
    assert_eq!(view(text), "rose wine");
    assert_eq!(words(text)[0], pair("rose", "Rose\u{301}"));
    assert_eq!(words("Ro\u{301}\u{308}se")[0], pair("rose", "Ro\u{301}\u{308}se"));
    // A stray accent with no letter before it is dropped and never panics.
    assert_eq!(view("\u{301}ab"), "ab");
}
