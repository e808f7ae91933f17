//! Every rule in `rules/` must flag its `flag` examples and pass its `pass` examples,
//! and have at least two of each.

use crate::common::engine;
use postlint::pack::builtin::builtin_packs;

#[test]
fn builtin_rule_examples_hold() {
    let failures = engine().test_examples();
    assert!(failures.is_empty(), "{} failing examples:\n{failures:#?}", failures.len());
}

#[test]
fn every_builtin_rule_has_two_examples_each_way() {
    for pack in builtin_packs().unwrap() {
        for rule in &pack.rules {
            assert!(
                rule.examples.flag.len() >= 2 && rule.examples.pass.len() >= 2,
                "{} needs at least two `flag` and two `pass` examples",
                rule.id
            );
        }
        for allow in &pack.allows {
            assert!(allow.examples_pass.len() >= 2, "{} needs at least two `pass` examples", allow.id);
        }
    }
}

/// The schema documentation's TOML snippets must be valid rule-pack TOML.
#[test]
fn rules_readme_snippets_parse() {
    let doc = std::fs::read_to_string("rules/README.md").unwrap();
    let blocks: Vec<&str> = doc.split("```toml").skip(1).filter_map(|b| b.split("```").next()).collect();
    assert!(blocks.len() >= 6, "expected the schema examples in rules/README.md");
    for block in blocks {
        let text = if block.contains("[pack]") {
            block.to_string()
        } else {
            format!("[pack]\nid = \"doc\"\ncategory = \"doc\"\n{block}")
        };
        if let Err(e) = postlint::pack::parse_pack("rules/README.md", &text) {
            panic!("snippet does not parse: {e}\n{block}");
        }
    }
}
