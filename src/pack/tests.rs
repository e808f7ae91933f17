use super::*;

const GOOD: &str = r#"
[pack]
id = "demo"
category = "demo"

[[rule]]
id = "demo.word"
severity = "warning"
message = "m"
help = "h"
terms = ["badword"]
examples.flag = ["a badword", "BADWORD!"]
examples.pass = ["fine", "badwords"]
"#;

fn err(text: &str) -> crate::Error {
    parse_pack("demo.toml", text).expect_err("pack should be rejected")
}

#[test]
fn good_pack_loads_with_defaults() {
    let pack = parse_pack("demo.toml", GOOD).unwrap();
    assert_eq!(pack.id, "demo");
    let rule = &pack.rules[0];
    assert_eq!((rule.id.as_str(), rule.category.as_str(), rule.severity), ("demo.word", "demo", Severity::Warning));
    assert_eq!(rule.label, "demo.word");
    assert!(!rule.normalize && !rule.signal);
}

#[test]
fn a_list_entry_must_be_one_word() {
    let e = err(&format!("{GOOD}\n[lists]\nnames = [\"maria\", \"mary ann\"]\n"));
    assert_eq!((e.line(), e.column()), (Some(16), Some(9)), "{e}");
    assert!(e.message().contains("\"mary ann\" is not a single word"), "{e}");
}

/// Each kind of bad pack is rejected with the file, the line and column of the problem.
#[test]
fn bad_packs_name_file_line_and_column() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("syntax error", "[pack\nid = 1", 1, "expected `]`"),
        ("unknown field", &GOOD.replace("help = \"h\"", "help = \"h\"\nhelpp = 1"), 11, "unknown field `helpp`"),
        ("missing field", &GOOD.replace("message = \"m\"\n", ""), 6, "missing field `message`"),
        ("unknown severity", &GOOD.replace("\"warning\"", "\"fatal\""), 8, "unknown variant `fatal`"),
        (
            "unknown validator",
            &GOOD.replace("terms = [\"badword\"]", "pattern = 'x'\nvalidate = \"crc\""),
            12,
            "unknown variant `crc`",
        ),
        ("invalid regex", &GOOD.replace("terms = [\"badword\"]", "pattern = '(unclosed'"), 11, "invalid regex"),
        (
            "duplicate id",
            &format!(
                "{GOOD}\n[[rule]]\nid = \"demo.word\"\nseverity = \"info\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"x\"]\n"
            ),
            16,
            "duplicate rule id",
        ),
        ("no matcher", &GOOD.replace("terms = [\"badword\"]\n", ""), 6, "needs `terms`, `pattern` or `when`"),
        (
            "terms beside when",
            &GOOD.replace("terms = [\"badword\"]", "terms = [\"badword\"]\nwhen = { all = [\"x\"] }"),
            12,
            "cannot also have `terms`",
        ),
        (
            "context beside when",
            &GOOD.replace(
                "terms = [\"badword\"]",
                "when = { all = [\"x\"] }\ncontext = { window = 3, require = [\"pt\"] }",
            ),
            11,
            "cannot also have `context`",
        ),
    ];
    for (what, text, line, needle) in cases {
        let e = err(text);
        assert_eq!(e.file(), Some("demo.toml"), "{what}");
        assert_eq!(e.line(), Some(*line), "{what}: {e}");
        assert!(e.column().is_some_and(|c| c >= 1), "{what}: {e}");
        assert!(e.to_string().contains(needle), "{what}: {e}");
    }
}

#[test]
fn oversized_regex_is_rejected_with_its_limit() {
    let huge = GOOD.replace("terms = [\"badword\"]", "pattern = '\\w{1000}\\w{1000}\\w{1000}'");
    let e = err(&huge);
    assert!(e.to_string().contains("too large"), "{e}");
    assert_eq!(e.rule(), Some("demo.word"));
}

#[test]
fn report_group_and_lists_must_name_real_groups() {
    let e = err(&GOOD.replace("terms = [\"badword\"]", "pattern = 'Mr (?P<name>\\w+)'\nreport_group = \"nam\""));
    assert!(e.to_string().contains("does not capture"), "{e}");
    let e = err(&GOOD.replace("terms = [\"badword\"]", "pattern = 'Mr (?P<name>\\w+)'\nlists = { first = \"names\" }"));
    assert!(e.to_string().contains("group `first`"), "{e}");
}

#[test]
fn selectors_match_ids_prefixes_and_categories() {
    assert!(selects("phi", "phi.ssn", "phi"));
    assert!(selects("profanity.mild", "profanity.mild", "profanity"));
    assert!(selects("profanity", "profanity.mild.x", "profanity"));
    assert!(!selects("phi.ss", "phi.ssn", "phi"));
    assert!(selects("sexual", "x.y", "sexual"));
}

#[test]
fn user_pack_replaces_builtin_pack_with_same_id_but_rule_ids_stay_unique() {
    let a = parse_builtin_pack("builtin:rules/a.toml", GOOD).unwrap();
    let b = parse_pack("b.toml", GOOD).unwrap();
    let merged = merge(vec![a.clone(), b.clone()]).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].source, "b.toml");
    // Two user packs with one id: one would silently disappear.
    let c = parse_pack("c.toml", GOOD).unwrap();
    let e = merge(vec![a.clone(), b, c]).unwrap_err();
    assert_eq!(e.to_string(), "c.toml: pack id `demo` is also the id of b.toml; rename one", "no 0:0 position");
    let other = parse_pack("c.toml", &GOOD.replace("id = \"demo\"", "id = \"other\"")).unwrap();
    let e = merge(vec![a, other]).unwrap_err();
    assert!(e.to_string().contains("more than one pack"), "{e}");
}

#[test]
fn builtin_packs_load_strictly() {
    let packs = builtin::builtin_packs().unwrap();
    assert!(packs.len() >= 5);
    merge(packs).unwrap();
}

#[test]
fn context_phrases_and_phrase_lists_are_checked_where_written() {
    let with_context = |list: &str| {
        GOOD.replace("terms = [\"badword\"]", &format!("terms = [\"badword\"]\ncontext = {{ require = [{list}] }}"))
    };
    let ok = parse_pack("demo.toml", &with_context("\"his\", \"@cues\", \"walk-in\"")).unwrap();
    let ctx = ok.rules[0].context.as_ref().unwrap();
    assert_eq!(ctx.require.phrases, ["his", "walk-in"]);
    assert_eq!(
        ctx.require.lists.iter().map(|l| (l.value.as_str(), l.line, l.column)).collect::<Vec<_>>(),
        [("cues", 12, 31)]
    );
    let cases: &[(&str, String, usize, usize, &str)] = &[
        ("no letters", with_context("\"his\", \"--\""), 12, 31, "has no letters or digits"),
        ("bare @", with_context("\"@\""), 12, 24, "not a phrase list name"),
        ("@ with a space", with_context("\"@a b\""), 12, 24, "not a phrase list name"),
        (
            "list refers to a list",
            format!("{GOOD}\n[phrases]\ncues = [\"his\", \"@more\"]\n"),
            16,
            16,
            "lists cannot refer to lists",
        ),
        ("list entry without words", format!("{GOOD}\n[phrases]\ncues = [\"...\"]\n"), 16, 9, "not a phrase"),
        ("list name with a space", format!("{GOOD}\n[phrases]\n\"a b\" = [\"x\"]\n"), 16, 10, "must be one word"),
        (
            "unknown none field",
            GOOD.replace("terms = [\"badword\"]", "when = { any = [\"x\"], nonee = [\"y\"] }"),
            11,
            23,
            "unknown field `nonee`",
        ),
    ];
    for (what, text, line, column, needle) in cases {
        let e = err(text);
        assert!(e.to_string().contains(needle), "{what}: {e}");
        assert_eq!((e.line(), e.column()), (Some(*line), Some(*column)), "{what}: {e}");
    }
}

#[test]
fn fix_is_declared_per_rule_or_per_pack() {
    let with = |header: &str, rule: &str| {
        let text = GOOD.replace("category = \"demo\"\n", &format!("category = \"demo\"\n{header}"));
        text.replace("terms = [\"badword\"]\n", &format!("terms = [\"badword\"]\nlabel = \"a bed number\"\n{rule}"))
    };
    let fix_of = |text: &str| parse_pack("demo.toml", text).unwrap().rules[0].fix.clone();
    assert_eq!(fix_of(GOOD), Fix::Review, "nothing declared: a person decides");
    assert_eq!(fix_of(&with("", "fix = { placeholder = \"[BED]\" }\n")), Fix::Placeholder("[BED]".into()));
    assert_eq!(fix_of(&with("fix = { action = \"redact\" }\n", "")), Fix::Placeholder("[BED NUMBER]".into()));
    assert_eq!(fix_of(&with("fix = { action = \"redact\" }\n", "fix = { action = \"review\" }\n")), Fix::Review);
    assert_eq!(fix_of(&with("fix = { action = \"mask\" }\n", "")), Fix::Mask);
    for bad in ["fix = {}\n", "fix = { action = \"mask\", placeholder = \"[X]\" }\n", "fix = { placeholder = \" \" }\n"]
    {
        let e = err(&with("", bad));
        assert!(e.message().contains("fix"), "{e}");
        assert_eq!(e.rule(), Some("demo.word"));
    }
    assert!(err(&with("", "fix = { action = \"erase\" }\n")).message().contains("unknown variant"));
}

#[test]
fn placeholders_derive_from_labels() {
    assert_eq!(placeholder_for(Some("a date"), "x.y"), "[DATE]");
    assert_eq!(placeholder_for(Some("an age over 89"), "x.y"), "[AGE OVER 89]");
    assert_eq!(placeholder_for(Some("the patient's town"), "x.y"), "[TOWN]");
    assert_eq!(placeholder_for(None, "hospital.bed_number"), "[BED NUMBER]");
}

/// A rule finds text or combines findings, never both: its type says which.
#[test]
fn a_rule_is_either_a_text_match_or_a_co_occurrence() {
    let pack = parse_pack("demo.toml", GOOD).unwrap();
    assert!(matches!(&pack.rules[0].matcher, Matcher::Text { terms, pattern: None } if terms == &["badword"]));
    let combo = GOOD.replace("terms = [\"badword\"]", "when = { all = [\"demo.x\"] }");
    let pack = parse_pack("demo.toml", &combo).unwrap();
    assert!(pack.rules[0].when().is_some() && pack.rules[0].terms().is_empty());
}

/// Replacing any built-in pack by id with a copy of itself (`--rules copy.toml`) loads, as a
/// user pack, and gives the engine the same packs once linked: the same rules, patterns (with
/// fragments pasted in), lists and allow lists, in the same order. Only the source differs.
/// (The engine is compiled from these alone, so it finds the same; `scripts/compare_outputs.sh`
/// shows it on the corpora.)
#[test]
fn every_builtin_pack_can_be_replaced_by_a_copy_of_itself() {
    let comparable = |packs: Vec<Pack>| -> Vec<String> {
        packs
            .into_iter()
            .map(|mut p| {
                p.source.clear();
                p.rules.iter_mut().for_each(|r| r.source.clear());
                p.allows.iter_mut().for_each(|a| a.source.clear());
                format!("{:?} {:?} {:?} {:?} {:?}", p.id, p.rules, p.allows, p.lists, p.phrases)
            })
            .collect()
    };
    let expected = comparable(merge(builtin::builtin_packs().unwrap()).unwrap());
    for (name, text) in builtin::BUILTIN_PACKS {
        let copy = parse_pack("copy.toml", text).unwrap_or_else(|e| panic!("{name} as a user pack: {e}"));
        let mut packs = builtin::builtin_packs().unwrap();
        packs.push(copy);
        let merged = merge(packs).unwrap_or_else(|e| panic!("{name} replaced by a copy: {e}"));
        assert_eq!(merged.iter().filter(|p| p.source == "copy.toml").count(), 1, "{name}");
        assert!(comparable(merged) == expected, "{name} replaced by a copy links to different packs");
    }
}
