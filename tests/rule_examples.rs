//! Every rule in `rules/` must flag its `flag` examples and pass its `pass` examples,
//! and have at least two of each.

use postlint::Engine;
use postlint::pack::{builtin::builtin_packs, merge};

#[test]
fn builtin_rule_examples_hold() {
    let engine = Engine::new(&merge(builtin_packs().expect("built-in packs load")).unwrap()).unwrap();
    let failures = engine.test_examples();
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
