//! Obfuscated profanity, alcohol and sexual words are found, and the finding points at the
//! user's original text (never the normalised form), on char boundaries.

use crate::common::engine;
use postlint::Finding;

fn in_category<'a>(findings: &'a [Finding], category: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.category == category).collect()
}

/// (post, category, the original text the finding must report)
const CASES: &[(&str, &str, &str)] = &[
    ("Who the f*ck scheduled this", "profanity", "f*ck"),
    ("F**K this pager", "profanity", "F**K"),
    ("fuuuuuck, overslept again", "profanity", "fuuuuuck"),
    ("F U C K the new EHR", "profanity", "F U C K"),
    ("f.u.c.k off, printer", "profanity", "f.u.c.k"),
    ("Ｆｕｃｋ night float", "profanity", "Ｆｕｃｋ"),
    ("fu\u{200B}ck this", "profanity", "fu\u{200B}ck"),
    ("fu\u{00AD}ck this", "profanity", "fu\u{00AD}ck"),
    ("this is bullsh!t", "profanity", "bullsh!t"),
    ("Sh1t, the lift is broken", "profanity", "Sh1t"),
    ("shiiiit, forgot my badge", "profanity", "shiiiit"),
    ("s-h-i-t happens", "profanity", "s-h-i-t"),
    ("ѕһit, the Pyxis is down", "profanity", "ѕһit"),
    ("Absolute a$$holes in admin", "profanity", "a$$holes"),
    ("cover your a$$ with documentation", "profanity", "a$$"),
    ("my attending is a d!ck", "profanity", "d!ck"),
    ("that b*tch of a pager went off again", "profanity", "b*tch"),
    ("Motherf*cker took my lunch", "profanity", "Motherf*cker"),
    ("so tired af", "profanity", "af"),
    ("#wtf is this rota", "profanity", "wtf"),
    ("damn, long code", "profanity", "damn"),
    ("D4MN that was close", "profanity", "D4MN"),
    ("So hungover on rounds", "alcohol", "hungover"),
    ("So hungoverrrr on rounds", "alcohol", "hungoverrrr"),
    ("#DrunkDoctor energy tonight", "alcohol", "Drunk"),
    ("#drunkdoctor energy tonight", "alcohol", "drunk"),
    ("#drunk", "alcohol", "drunk"),
    ("dr*nk again lol", "alcohol", "dr*nk"),
    ("Wine o’clock, finally off the unit", "alcohol", "Wine o’clock"),
    ("#winetime #nurselife", "alcohol", "winetime"),
    ("v0dka tonight", "alcohol", "v0dka"),
    ("Friday 🍻", "alcohol", "🍻"),
    ("TEQUILA SHOTS for match day", "alcohol", "TEQUILA SHOTS"),
    ("Too h0rny to study", "sexual", "h0rny"),
    ("watching p*rn on call", "sexual", "p*rn"),
    ("sent n.u.d.e.s lol", "sexual", "sent n.u.d.e.s"),
    ("my n.u.d.e.s leaked", "sexual", "n.u.d.e.s"),
    ("S E X Y scrubs saturday", "sexual", "S E X Y"),
    ("#nsfw call room stories", "sexual", "nsfw"),
    ("That's what she said 😂", "sexual", "That's what she said"),
    // Several masked runs in one word.
    ("B*llsh*t rota again", "profanity", "B*llsh*t"),
    ("this is f*ck*ng ridiculous", "profanity", "f*ck*ng"),
    ("M*th*rf*ck*r took my parking spot", "profanity", "M*th*rf*ck*r"),
    ("a$$h*les in admin", "profanity", "a$$h*les"),
    ("b*tch*s be paging", "profanity", "b*tch*s"),
    // Dashes and hashes standing for letters.
    ("Sh-t show of a night", "profanity", "Sh-t"),
    ("this f---ing pager", "profanity", "f---ing"),
    ("total bullsh--t", "profanity", "bullsh--t"),
    ("sh#t happens", "profanity", "sh#t"),
    // Accents: written precomposed, decomposed or in capitals, the span keeps the accent.
    ("Rosé on the balcony after nights", "alcohol", "Rosé"),
    ("ROSÉ SEASON", "alcohol", "ROSÉ"),
    ("Rose\u{301} on the balcony", "alcohol", "Rose\u{301}"),
    ("K1nk1est scrubs", "sexual", "K1nk1est"),
];

#[test]
fn obfuscated_words_are_found_with_original_spans() {
    let engine = engine();
    for (post, category, want) in CASES {
        let findings = engine.check(post);
        let hits = in_category(&findings, category);
        assert!(!hits.is_empty(), "{post:?}: expected a {category} finding, got {findings:#?}");
        for f in &hits {
            assert!(post.is_char_boundary(f.span.start) && post.is_char_boundary(f.span.end), "{post:?}: {f:?}");
            assert_eq!(&post[f.span.start..f.span.end], f.matched, "{post:?}: `match` is the original text");
        }
        assert!(
            hits.iter().any(|f| f.matched == *want),
            "{post:?}: expected a {category} finding on {want:?}, got {:?}",
            hits.iter().map(|f| &f.matched).collect::<Vec<_>>()
        );
    }
}

#[test]
fn severity_tiers() {
    let engine = engine();
    let worst = |post: &str, category: &str| {
        engine.check(post).into_iter().filter(|f| f.category == category).map(|f| f.severity).max()
    };
    use postlint::Severity::{Error, Warning};
    assert_eq!(worst("f*ck this", "profanity"), Some(Error));
    assert_eq!(worst("what a crap night", "profanity"), Some(Warning));
    assert_eq!(worst("WTF is this schedule", "profanity"), Some(Warning));
    assert_eq!(worst("Got blackout drunk last night", "alcohol"), Some(Error));
    assert_eq!(worst("Beer after call", "alcohol"), Some(Warning));
    assert_eq!(worst("Porn on the ward TV again", "sexual"), Some(Error));
    assert_eq!(worst("Sexy scrubs saturday", "sexual"), Some(Warning));
}

#[test]
fn one_finding_per_word_even_when_many_forms_match() {
    let engine = engine();
    let findings = engine.check("fuuuuck");
    assert_eq!(in_category(&findings, "profanity").len(), 1, "{findings:#?}");
}

mod properties {
    use crate::common::engine;
    use proptest::prelude::*;

    /// Obfuscation material mixed with arbitrary characters.
    fn posts() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("fuck".to_string()),
                Just("sh!t".to_string()),
                Just("f*ck".to_string()),
                Just("a$$".to_string()),
                Just(" ".to_string()),
                Just(".".to_string()),
                Just("#".to_string()),
                Just("\u{200B}".to_string()),
                Just("\u{0301}".to_string()),
                Just("Ｆ".to_string()),
                Just("🍺".to_string()),
                Just("b*llsh*t".to_string()),
                Just("sh-".to_string()),
                Just("-#".to_string()),
                Just("ros".to_string()),
                Just("é".to_string()),
                Just("😏".to_string()),
                Just("69".to_string()),
                Just("uuu".to_string()),
                any::<char>().prop_map(|c| c.to_string()),
            ],
            0..30,
        )
        .prop_map(|parts| parts.concat())
    }

    fn check_spans(post: &str) {
        for f in engine().check(post) {
            assert!(f.span.start < f.span.end && f.span.end <= post.len(), "{post:?}: {f:?}");
            assert!(post.is_char_boundary(f.span.start) && post.is_char_boundary(f.span.end), "{post:?}: {f:?}");
        }
    }

    proptest! {
        #[test]
        fn findings_on_arbitrary_text_have_valid_spans(post in any::<String>()) {
            check_spans(&post);
        }

        #[test]
        fn findings_on_obfuscated_text_have_valid_spans(post in posts()) {
            check_spans(&post);
        }
    }
}
