use super::*;
use crate::pack::parse_pack;

fn engine(toml: &str) -> Engine {
    Engine::new(&[parse_pack("test.toml", toml).unwrap()]).unwrap()
}

fn found(e: &Engine, text: &str) -> Vec<(String, String)> {
    e.check(text).into_iter().map(|f| (f.rule, f.matched)).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

const HEADER: &str = "[pack]\nid = \"t\"\ncategory = \"t\"\n";
/// The same, for a pack in the phi category (whose found text is compared in lower case).
const PHI_HEADER: &str = "[pack]\nid = \"t\"\ncategory = \"phi\"\n";

fn rule(id: &str, body: &str) -> String {
    format!("[[rule]]\nid = \"{id}\"\nseverity = \"error\"\nmessage = \"m {id}\"\nhelp = \"h\"\n{body}\n")
}

#[test]
fn spans_lines_and_columns_after_emoji_and_accents() {
    let e = engine(&format!("{HEADER}{}", rule("t.word", "terms = [\"wasted\"]")));
    let text = "🎉 café night\nwe got 🍺 WASTED!";
    let f = &e.check(text)[0];
    assert_eq!(&text[f.span.start..f.span.end], "WASTED");
    assert_eq!(f.matched, "WASTED");
    assert_eq!((f.line, f.column), (2, 10));
}

#[test]
fn patterns_validators_and_report_groups() {
    let toml = format!(
        "{HEADER}{}{}",
        rule("t.ssn", "pattern = '\\d{3}-\\d{2}-\\d{4}'\nvalidate = \"ssn\""),
        rule(
            "t.title",
            "pattern = '(?-i:Mr\\.?) (?P<name>[A-Z][a-z]+)'\ncase_sensitive = true\nreport_group = \"name\""
        )
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "ssn 523-11-0987 and 666-11-0987"), pairs(&[("t.ssn", "523-11-0987")]));
    assert_eq!(found(&e, "saw Mr. Okafor today"), pairs(&[("t.title", "Okafor")]));
    assert_eq!(found(&e, "saw mr. okafor today"), vec![]);
}

#[test]
fn word_lists_gate_a_capture_group() {
    let toml = format!(
        "{HEADER}[lists]\nfirst = [\"Maria\", \"John\"]\n{}",
        rule("t.name", "pattern = 'pt (?P<first>\\w+)'\nlists = { first = \"first\" }\nreport_group = \"first\"")
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "my pt maria is better"), pairs(&[("t.name", "maria")]));
    assert_eq!(found(&e, "my pt improved"), vec![]);
}

#[test]
fn a_negated_word_list_keeps_what_it_does_not_hold() {
    let toml = format!(
        "{HEADER}[lists]\nwords = [\"safety\", \"education\"]\n{}",
        rule("t.name", "pattern = 'pt (?P<first>\\w+)'\nlists = { first = \"!words\" }\nreport_group = \"first\"")
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "pt Mthunzi is back"), pairs(&[("t.name", "Mthunzi")]));
    assert_eq!(found(&e, "pt Safety week"), vec![], "a listed word is no name");
    // A negated reference still names a list that must exist.
    let bad = toml.replace("!words", "!nowords");
    assert!(Engine::new(&[parse_pack("test.toml", &bad).unwrap()]).is_err());
}

#[test]
fn word_lists_may_be_one_string_of_words() {
    let toml = format!(
        "{HEADER}[lists]\nfirst = '''\nMaria  john\n\tAnna\n'''\n{}",
        rule("t.name", "pattern = 'pt (?P<first>\\w+)'\nlists = { first = \"first\" }\nreport_group = \"first\"")
    );
    let e = engine(&toml);
    for name in ["maria", "JOHN", "anna"] {
        assert_eq!(found(&e, &format!("my pt {name} went home")), pairs(&[("t.name", name)]), "{name}");
    }
    assert_eq!(found(&e, "my pt mariajohn went home"), vec![]);
}

#[test]
fn context_requires_and_forbids_nearby_words() {
    let toml = format!(
        "{HEADER}{}",
        rule(
            "t.zip",
            "pattern = '\\b\\d{5}\\b'\ncontext = { window = 3, require = [\"zip\", \"lives in\"], forbid = [\"cpt\"] }"
        )
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "zip 02139 please"), pairs(&[("t.zip", "02139")]));
    assert_eq!(found(&e, "she lives in 02139"), pairs(&[("t.zip", "02139")]));
    assert_eq!(found(&e, "billed 99214 today"), vec![]);
    assert_eq!(found(&e, "zip cpt 99214"), vec![]);
}

#[test]
fn allow_lists_cancel_only_what_they_cover_and_apply_to() {
    let toml = format!(
        "{HEADER}{}{}[[allow]]\nid = \"t.clinical\"\napplies_to = [\"t.breast\"]\nterms = [\"breast cancer\"]\nexamples.pass = [\"breast cancer\", \"Breast Cancer month\"]\n",
        rule("t.breast", "terms = [\"breast\"]\nallow = { patterns = ['breast\\s+milk'] }"),
        rule("t.cancer", "terms = [\"cancer\"]"),
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "breast cancer screening"), pairs(&[("t.cancer", "cancer")]));
    assert_eq!(found(&e, "breast milk bank"), vec![]);
    assert_eq!(found(&e, "nice breast"), pairs(&[("t.breast", "breast")]));
}

#[test]
fn allow_selectors_with_a_bang_leave_those_rules_out() {
    let toml = format!(
        "{HEADER}{}{}[[allow]]\nid = \"t.place\"\napplies_to = [\"t\", \"!t.keep\"]\nterms = [\"beer devon\"]\n",
        rule("t.beer", "terms = [\"beer\"]"),
        rule("t.keep.anchor", "terms = [\"devon\"]"),
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "a week in beer devon"), pairs(&[("t.keep.anchor", "devon")]));
    assert_eq!(found(&e, "a cold beer"), pairs(&[("t.beer", "beer")]));
}

#[test]
fn co_occurrence_escalates_and_lists_what_identifies() {
    let toml = format!(
        "{HEADER}{}{}{}{}",
        rule("t.ref", "terms = [\"my patient\"]\nseverity = \"warning\"").replace("severity = \"error\"\n", ""),
        rule("t.age", "pattern = '\\b\\d{2}yo\\b'\nsignal = true\nlabel = \"an age\""),
        rule("t.room", "pattern = '\\broom \\d+'\nsignal = true\nlabel = \"a room number\""),
        rule("t.identifiable", "when = { all = [\"t.ref\"], any = [\"t.age\", \"t.room\"], min_any = 1 }")
            .replace("message = \"m t.identifiable\"", "message = \"Recognisable: {found}.\""),
    );
    let e = engine(&toml);
    let alone = e.check("my patient is lovely");
    assert_eq!(alone.len(), 1);
    assert_eq!((alone[0].rule.as_str(), alone[0].severity), ("t.ref", Severity::Warning));
    let both = e.check("my patient, a 34yo in room 12");
    assert_eq!(both.len(), 1, "{both:?}");
    assert_eq!(both[0].rule, "t.identifiable");
    assert_eq!(both[0].severity, Severity::Error);
    assert_eq!(both[0].message, "Recognisable: t.ref, an age, a room number.");
    assert_eq!(both[0].matched, "my patient");
    // Signals alone are never reported.
    assert!(e.check("a 34yo in room 12").is_empty());
    assert_eq!(e.check_with_signals("a 34yo in room 12").len(), 2);
}

#[test]
fn when_selector_that_matches_nothing_is_an_error() {
    let toml = format!("{HEADER}{}", rule("t.x", "when = { all = [\"nope\"] }"));
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("matches no rule"), "{e}");
}

#[test]
fn overlapping_matches_of_one_rule_are_reported_once() {
    let e = engine(&format!("{HEADER}{}", rule("t.shots", "terms = [\"shots\", \"shots shots\"]")));
    assert_eq!(found(&e, "shots shots"), pairs(&[("t.shots", "shots shots")]));
}

#[test]
fn findings_come_in_text_order_and_are_deterministic() {
    let e = engine(&format!("{HEADER}{}{}", rule("t.b", "terms = [\"beta\"]"), rule("t.a", "terms = [\"alpha\"]")));
    let text = "beta alpha beta";
    let first = e.check(text);
    assert_eq!(first.iter().map(|f| f.span.start).collect::<Vec<_>>(), vec![0, 5, 11]);
    assert_eq!(first, e.check(text));
}

#[test]
fn a_rejected_match_does_not_hide_a_later_one() {
    // "serial number" matches first but fails the validator; the real serial follows it.
    let toml = format!(
        "{HEADER}{}",
        rule(
            "t.serial",
            "pattern = '(?:implant|serial)[ a-z]*?(?P<id>[A-Z0-9-]{4,})'\nvalidate = \"identifier\"\nreport_group = \"id\"\ncase_sensitive = true"
        )
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "implant serial number AB12-3456"), pairs(&[("t.serial", "AB12-3456")]));
    assert_eq!(found(&e, "implant serial NUMBER"), vec![]);
}

#[test]
fn combinations_do_not_depend_on_rule_order_and_sit_on_their_subject() {
    // `t.place` needs the reference that `t.identifiable` replaces; both must still fire, and
    // each finding sits on what its `all` selector found.
    let toml = format!(
        "{HEADER}{}{}{}{}",
        rule("t.ref", "terms = [\"my patient\"]").replace("severity = \"error\"", "severity = \"warning\""),
        rule(
            "t.town",
            "pattern = 'from (?P<t>[A-Z][a-z]+)'\ncase_sensitive = true\nreport_group = \"t\"\nsignal = true\nlabel = \"a town\""
        ),
        rule(
            "t.identifiable",
            "when = { all = [\"t.ref\"], any = [\"t.town\"] }\nmessage = \"Recognisable: {found}.\""
        )
        .replace("message = \"m t.identifiable\"\n", ""),
        rule("t.city", "when = { all = [\"t.town\"], any = [\"t.ref\"] }"),
    );
    let e = engine(&toml);
    let got = e.check("a pt from Dayton, my patient, went home");
    let rules: Vec<(&str, &str)> = got.iter().map(|f| (f.rule.as_str(), f.matched.as_str())).collect();
    assert_eq!(rules, vec![("t.city", "Dayton"), ("t.identifiable", "my patient")]);
    assert_eq!(got[1].message, "Recognisable: t.ref, a town.");
    // Example tests still see the findings a combination replaced.
    assert!(e.check_with_signals("a pt from Dayton, my patient").iter().any(|f| f.rule == "t.ref"));
}

/// A pack of a patient reference, a phone number, and two combinations over them: `t.named`
/// (any phone) must stay quiet when `t.identifiable` (reference + phone) fires.
fn none_pack(named_first: bool) -> String {
    let named = rule("t.named", "when = { any = [\"t.phone\"], none = [\"t.identifiable\"] }\nseverity = \"warning\"")
        .replace("severity = \"error\"\n", "");
    let identifiable = rule("t.identifiable", "when = { all = [\"t.ref\"], any = [\"t.phone\", \"t.age\"] }");
    let (first, second) = if named_first { (&named, &identifiable) } else { (&identifiable, &named) };
    format!(
        "{HEADER}{}{}{}{first}{second}",
        rule("t.ref", "terms = [\"my patient\"]"),
        rule("t.phone", "pattern = '\\b555-\\d{4}\\b'\nlabel = \"a phone number\""),
        rule("t.age", "pattern = '\\b\\d{2}yo\\b'\nsignal = true"),
    )
}

#[test]
fn when_none_keeps_the_stronger_finding_whatever_the_rule_order() {
    for named_first in [true, false] {
        let e = engine(&none_pack(named_first));
        let rules = |text: &str| e.check(text).into_iter().map(|f| f.rule).collect::<Vec<_>>();
        assert_eq!(rules("my patient called from 555-0134"), ["t.identifiable", "t.phone"], "{named_first}");
        assert_eq!(rules("call 555-0134"), ["t.named", "t.phone"], "{named_first}");
        // A combination `none` blocks still counts when it fires on something else.
        assert_eq!(rules("my patient, 34yo, called 555-0134"), ["t.identifiable", "t.phone"], "{named_first}");
        // Example tests see what fired, so a blocked rule is absent there too.
        assert!(!e.check_with_signals("my patient called from 555-0134").iter().any(|f| f.rule == "t.named"));
    }
}

#[test]
fn when_none_sees_findings_before_replacement() {
    let toml = format!(
        "{HEADER}{}{}{}{}",
        rule("t.ref", "terms = [\"my patient\"]"),
        rule("t.age", "pattern = '\\b\\d{2}yo\\b'"),
        rule("t.identifiable", "when = { all = [\"t.ref\"], any = [\"t.age\"] }"),
        // `t.ref` is replaced by `t.identifiable`; `none` still sees it.
        rule("t.story", "terms = [\"ward\"]")
            + &rule("t.lonely_ward", "when = { any = [\"t.story\"], none = [\"t.ref\", \"t.age\"] }"),
    );
    let e = engine(&toml);
    let rules = |text: &str| e.check(text).into_iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules("on the ward"), ["t.lonely_ward", "t.story"]);
    assert_eq!(rules("my patient, 34yo, on the ward"), ["t.identifiable", "t.age", "t.story"]);
    assert_eq!(rules("a 34yo on the ward"), ["t.age", "t.story"]);
}

#[test]
fn when_none_that_is_blocked_replaces_nothing() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.ref", "terms = [\"my patient\"]"),
        rule("t.calm", "terms = [\"calm\"]"),
        rule("t.upgrade", "when = { all = [\"t.ref\"], none = [\"t.calm\"] }"),
    );
    let e = engine(&toml);
    let rules = |text: &str| e.check(text).into_iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules("my patient"), ["t.upgrade"]);
    assert_eq!(rules("my patient is calm"), ["t.ref", "t.calm"]);
}

/// Only what the user will see blocks: a signal explains nothing, and a rule switched off
/// (which runs as a signal) must not silence the weaker finding too.
#[test]
fn when_none_is_blocked_by_declared_signals_but_not_by_switched_off_rules() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.ref", "terms = [\"my patient\"]"),
        rule("t.calm", "terms = [\"calm\"]\nsignal = true"),
        rule("t.upgrade", "when = { all = [\"t.ref\"], none = [\"t.calm\"] }"),
    );
    let e = engine(&toml);
    let rules = |text: &str| e.check(text).into_iter().map(|f| f.rule).collect::<Vec<_>>();
    // A signal the pack declares is a frame of the post: it keeps the upgrade quiet.
    assert_eq!(rules("my patient is calm"), ["t.ref"]);
    assert_eq!(rules("my patient is here"), ["t.upgrade"]);

    // A rule the run switches off runs as a signal but blocks nothing.
    for named_first in [true, false] {
        let pack = parse_pack("test.toml", &none_pack(named_first)).unwrap();
        let selection = Selection { ignore: vec!["t.identifiable".into()], ..Selection::default() };
        let e = Engine::with_selection(&[pack], &selection).unwrap();
        let rules = e.check("my patient called from 555-0134").into_iter().map(|f| f.rule).collect::<Vec<_>>();
        assert_eq!(rules, ["t.named", "t.phone"], "{named_first}");
    }
}

/// `unless` is a text rule's `when.none`: a frame anywhere in the post drops its findings, and
/// a rule the run switches off frames nothing.
#[test]
fn unless_drops_a_text_rule_where_a_frame_speaks() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.date", "pattern = '[0-9]+/[0-9]+'\nunless = [\"t.frame\"]"),
        rule("t.frame", "terms = [\"my dad\"]\nsignal = true"),
        rule("t.other", "terms = [\"knee\"]"),
    );
    let e = engine(&toml);
    let rules = |text: &str| e.check(text).into_iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules("knee replaced 3/2"), ["t.other", "t.date"]);
    assert_eq!(rules("my dad had his knee replaced 3/2"), ["t.other"]);

    // A reported rule blocks too, but not once the run switches it off.
    let toml = toml.replace("signal = true", "");
    let e = engine(&toml);
    assert_eq!(e.check("my dad 3/2").into_iter().map(|f| f.rule).collect::<Vec<_>>(), ["t.frame"]);
    let pack = parse_pack("test.toml", &toml).unwrap();
    let selection = Selection { ignore: vec!["t.frame".into()], ..Selection::default() };
    let e = Engine::with_selection(&[pack], &selection).unwrap();
    let rules = e.check("my dad had his knee replaced 3/2").into_iter().map(|f| f.rule).collect::<Vec<_>>();
    assert_eq!(rules, ["t.other", "t.date"]);
}

/// A phi finding cleared by its context once clears the same text found again by the same
/// rule in the post; other text is left alone.
#[test]
fn an_identifier_cleared_once_is_cleared_wherever_it_recurs() {
    let toml = PHI_HEADER.to_string()
        + &rule("t.name", "pattern = 'Ms\\. [A-Z][a-z]+'\ncontext = { window = 3, forbid = [\"secretary\"] }");
    let e = engine(&toml);
    assert!(found(&e, "Our secretary, Ms. Hale, retires. Ms. Hale, you are this unit").is_empty());
    assert_eq!(
        found(&e, "Our secretary, Ms. Hale, retires. Ms. Oduya in bed 4 says thanks"),
        pairs(&[("t.name", "Ms. Oduya")])
    );
    assert_eq!(
        found(&e, "Ms. Hale in bed 4, and Ms. Hale again"),
        pairs(&[("t.name", "Ms. Hale"), ("t.name", "Ms. Hale")])
    );
}

/// A full name cleared once (Mr Kwame Asante, our consultant) clears the same person's surname
/// or first name found alone later by the same rule; a one-word name clears nothing more.
#[test]
fn a_cleared_full_name_clears_its_parts_later_in_the_post() {
    let toml = PHI_HEADER.to_string()
        + &rule(
            "t.name",
            "pattern = '(?-i:Mr (?P<n>[A-Z][a-z]+(?: [A-Z][a-z]+)?))'\nreport_group = \"n\"\ncontext = { window = 3, forbid = [\"consultant\"] }",
        );
    let e = engine(&toml);
    assert!(found(&e, "Welcome Mr Kwame Asante, consultant surgeon. Mr Asante starts Monday").is_empty());
    assert_eq!(
        found(&e, "Welcome Mr Kwame Asante, consultant surgeon, on Monday. Then Mr Boateng in bed 4 went home"),
        pairs(&[("t.name", "Boateng")])
    );
    assert_eq!(
        found(&e, "Welcome Mr Asante, consultant surgeon, on Monday. Then Mr Asante Boateng in bed 4 went home"),
        pairs(&[("t.name", "Asante Boateng")])
    );
}

/// Outside phi the recurring text must be written the same way: a name or a place shown once
/// (a nickname in quotes) clears the same capitalised word, not the word in lower case.
#[test]
fn a_content_word_cleared_once_is_cleared_where_it_recurs_written_the_same() {
    let toml = "[pack]\nid = \"t\"\ncategory = \"profanity\"\n".to_string()
        + &rule("t.word", "terms = [\"dick\"]\nallow.patterns = ['''(?-i:Richard ['\"]Dick['\"])''']");
    let e = engine(&toml);
    assert!(found(&e, "Dr Richard 'Dick' Hollis retires. They don't make them like Dick anymore").is_empty());
    assert_eq!(found(&e, "Dr Richard 'Dick' Hollis retires. The new boss is a dick"), pairs(&[("t.word", "dick")]));
}

#[test]
fn unless_names_text_rules_only_and_is_no_when_setting() {
    let toml = format!(
        "{HEADER}{}{}",
        rule("t.date", "terms = [\"x\"]\nunless = [\"t.nope\"]"),
        rule("t.other", "terms = [\"y\"]")
    );
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("`unless` selector `t.nope` matches no rule"), "{e}");

    let toml = format!(
        "{HEADER}{}{}",
        rule("t.date", "terms = [\"x\"]\nunless = [\"t.combo\"]"),
        rule("t.combo", "when = { any = [\"t.date\"] }")
    );
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("selects `t.combo`, a `when` rule"), "{e}");

    let toml = format!("{HEADER}{}", rule("t.combo", "when = { any = [\"t\"] }\nunless = [\"t\"]"));
    let e = parse_pack("test.toml", &toml).unwrap_err();
    assert!(e.to_string().contains("cannot have `unless`"), "{e}");
}

#[test]
fn when_none_cycles_and_unknown_selectors_are_errors_with_positions() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.ref", "terms = [\"x\"]"),
        rule("t.a", "when = { any = [\"t.ref\"], none = [\"t.b\"] }"),
        rule("t.b", "when = { any = [\"t.ref\"], none = [\"t.a\"] }"),
    );
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("form a cycle") && e.to_string().contains("t.a, t.b"), "{e}");
    assert_eq!((e.line(), e.column()), (Some(15), Some(35)), "{e}");

    let toml = format!(
        "{HEADER}{}{}",
        rule("t.ref", "terms = [\"x\"]"),
        rule("t.a", "when = { any = [\"t.ref\"], none = [\"t.nope\"] }")
    );
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("`t.nope` matches no rule"), "{e}");
    assert_eq!(e.location(), Some(&crate::Location::at("test.toml", 15, 35)), "{e}");
}

#[test]
fn context_phrases_with_hyphens_match_hyphenated_and_spaced_text() {
    let toml = format!(
        "{HEADER}{}",
        rule("t.phone", "pattern = '\\b555-\\d{4}\\b'\ncontext = { window = 4, forbid = [\"on-call\", \"walk in\"] }")
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "his cell 555-0134"), pairs(&[("t.phone", "555-0134")]));
    for text in ["the on-call phone 555-0134", "the on call phone 555-0134", "walk-in line 555-0134"] {
        assert_eq!(found(&e, text), vec![], "{text}");
    }
}

#[test]
fn named_phrase_lists_are_shared_merged_and_checked() {
    let cues = "[phrases]\nperson = [\"his\", \"her son\"]\n";
    let toml = format!(
        "{HEADER}{cues}{}",
        rule("t.phone", "pattern = '\\b555-\\d{4}\\b'\ncontext = { window = 4, require = [\"@person\", \"pt\"] }")
    );
    let more = "[pack]\nid = \"u\"\ncategory = \"u\"\n[phrases]\nperson = [\"wife's\"]\n";
    let e = Engine::new(&[parse_pack("test.toml", &toml).unwrap(), parse_pack("u.toml", more).unwrap()]).unwrap();
    for text in ["his cell 555-0134", "her son: 555-0134", "pt 555-0134", "wife's cell 555-0134"] {
        assert_eq!(found(&e, text), pairs(&[("t.phone", "555-0134")]), "{text}");
    }
    assert_eq!(found(&e, "the son 555-0134"), vec![]);

    let unknown = toml.replace("@person", "@persons");
    let e = Engine::new(&[parse_pack("test.toml", &unknown).unwrap()]).unwrap_err();
    assert!(e.to_string().contains("unknown phrase list `@persons`"), "{e}");
    assert_eq!(e.location(), Some(&crate::Location::at("test.toml", 12, 36)), "{e}");
}

#[test]
fn when_near_reports_only_tokens_with_a_cue_close_by() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.noun", "terms = [\"barcode\"]\nsignal = true"),
        rule("t.code", "pattern = '[0-9]{6,}'\nsignal = true"),
        rule("t.named", "when = { all = [\"t.code\"], any = [\"t.noun\"], each = true, near = 2 }"),
    );
    let e = engine(&toml);
    // The code right after its noun (one word between) is reported, the far one is not.
    assert_eq!(found(&e, "barcode is 1234567 and later, much further on, 7654321"), pairs(&[("t.named", "1234567")]));
    assert_eq!(found(&e, "1234567 and no noun anywhere"), vec![]);
    // Before the code counts too.
    assert_eq!(found(&e, "7654321 barcode"), pairs(&[("t.named", "7654321")]));
}

#[test]
fn when_near_without_each_is_a_load_error() {
    let toml = format!(
        "{HEADER}{}{}{}",
        rule("t.noun", "terms = [\"barcode\"]\nsignal = true"),
        rule("t.code", "pattern = '[0-9]{6,}'\nsignal = true"),
        rule("t.named", "when = { all = [\"t.code\"], any = [\"t.noun\"], near = 2 }"),
    );
    let err = parse_pack("test.toml", &toml).unwrap_err().to_string();
    assert!(err.contains("`when.near` needs `each = true`"), "{err}");
}

#[test]
fn one_problem_is_one_finding() {
    // Two matching rules of one category on the same text: the more specific id stands alone.
    let toml = format!(
        "{HEADER}{}{}",
        rule("t.ssn", "pattern = '[0-9]{3}-[0-9]{2}-[0-9]{4}'"),
        rule("t.ssn.labelled", "pattern = '(?:SSN )(?P<n>[0-9]{3}-[0-9]{2}-[0-9]{4})'\nreport_group = \"n\""),
    );
    let e = engine(&toml);
    assert_eq!(found(&e, "SSN 123-45-6789"), pairs(&[("t.ssn.labelled", "123-45-6789")]));
    assert_eq!(found(&e, "ref 123-45-6789"), pairs(&[("t.ssn", "123-45-6789")]));
    // A more severe finding wins over a more specific one.
    let toml = format!(
        "{HEADER}{}{}",
        rule("t.word", "terms = [\"zap\"]"),
        rule("t.word.soft", "terms = [\"zap\"]").replace("severity = \"error\"", "severity = \"warning\""),
    );
    assert_eq!(found(&engine(&toml), "zap"), pairs(&[("t.word", "zap")]));
    // Overlapping text is one problem too: the finding that covers most stands (a labelled
    // number over the bare number inside it; an address over the ZIP at its end), and a
    // separate stretch keeps its own.
    let toml = format!(
        "{HEADER}{}{}",
        rule("t.nhs.labelled", "pattern = 'NHS number [0-9]{3} [0-9]{3} [0-9]{4}'"),
        rule("t.nhs", "pattern = '[0-9]{3} [0-9]{3} [0-9]{4}'"),
    );
    assert_eq!(
        found(&engine(&toml), "NHS number 943 476 5919, then 943 476 5920"),
        pairs(&[("t.nhs.labelled", "NHS number 943 476 5919"), ("t.nhs", "943 476 5920")])
    );
}

proptest::proptest! {
    /// `near_bounds` only narrows where to look: every span within `n` words of another (as
    /// `words_between` counts) lies inside the bounds.
    #[test]
    fn near_bounds_keep_every_span_within_n_words(
        text in "[a-z0-9 ,'é🙏-]{0,40}",
        cuts in proptest::collection::vec(0usize..45, 4),
        n in 0usize..4,
    ) {
        let at = |i: usize| text.floor_char_boundary(i);
        let (a, b, c, d) = (at(cuts[0]), at(cuts[1]), at(cuts[2]), at(cuts[3]));
        let span = Span::new(a.min(b), a.max(b));
        let other = Span::new(c.min(d), c.max(d));
        let (lo, hi) = near_bounds(&text, &span, n);
        if words_between(&text, &span, &other) <= n {
            proptest::prop_assert!(other.start <= hi && other.end >= lo, "{span:?} {other:?} ({lo}, {hi})");
        }
    }
}

#[test]
fn a_combination_names_what_earlier_combinations_found_and_skips_empty_labels() {
    // The town is reported by a combination of its own (t.city); the reference has no label.
    let toml = format!(
        "{HEADER}{}{}{}{}",
        rule("t.ref", "terms = [\"the guy\"]\nsignal = true\nlabel = \"\""),
        rule("t.town", "pattern = 'in (?P<t>[A-Z][a-z]+)'\ncase_sensitive = true\nreport_group = \"t\"\nsignal = true"),
        rule("t.city", "when = { all = [\"t.town\"], any = [\"t.ref\"] }\nlabel = \"a town\""),
        rule(
            "t.identifiable",
            "when = { all = [\"t.ref\"], any = [\"t.city\"] }\nmessage = \"Recognisable: {found}.\""
        )
        .replace("message = \"m t.identifiable\"\n", ""),
    );
    let e = engine(&toml);
    let got = e.check("the guy we collected in Tembisa kicked me");
    let identifiable = got.iter().find(|f| f.rule == "t.identifiable").expect("fires");
    assert_eq!(identifiable.message, "Recognisable: a town.");
}

/// Two rules reporting group `n`: a colleague signal (`t.colleague`) that clears what it matched
/// for a name rule (`t.name`); `extra` goes into both (a category, say).
fn colleague_clears_name(extra: &str, colleague: &str, name: &str) -> Engine {
    let body = |pattern: &str| format!("{extra}pattern = '{pattern}'\ncase_sensitive = true\nreport_group = \"n\"");
    let colleague = format!("{}\nsignal = true\nclears = [\"t.name\"]", body(colleague));
    engine(&format!("{HEADER}{}{}", rule("t.colleague", &colleague), rule("t.name", &body(name))))
}

#[test]
fn clears_hands_a_matched_text_to_other_rules_anywhere_in_the_post() {
    let e = colleague_clears_name("", "my preceptor (?P<n>[A-Z][a-z]+)", "(?i:thank you|rip) (?P<n>[A-Z][a-z]+)");
    assert_eq!(found(&e, "my preceptor Malia taught me well. Thank you Malia"), vec![]);
    // Only the same name is cleared.
    assert_eq!(found(&e, "my preceptor Malia taught me well. RIP Gerald"), pairs(&[("t.name", "Gerald")]));
    assert_eq!(found(&e, "Thank you Malia"), pairs(&[("t.name", "Malia")]));
}

/// A full name a `clears` rule shows to be a colleague's (our matron Ada Bello) clears a name
/// shape's later finding of one of its words as written (Bello), not the word in lower case.
#[test]
fn clears_hands_the_words_of_a_full_name_to_name_shapes() {
    let e = colleague_clears_name(
        "category = \"shape\"\n",
        "our matron (?P<n>[A-Z][a-z]+ [A-Z][a-z]+)",
        "(?i:thanks) (?P<n>[A-Za-z]+)",
    );
    assert_eq!(found(&e, "our matron Ada Bello turns 90. Thanks Bello"), vec![]);
    assert_eq!(found(&e, "our matron Ada Bello turns 90. Thanks bello"), pairs(&[("t.name", "bello")]));
    assert_eq!(found(&e, "our matron Ada Bello turns 90. Thanks Gerald"), pairs(&[("t.name", "Gerald")]));
}
