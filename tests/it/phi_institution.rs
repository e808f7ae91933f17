//! The institution pack documented in rules/README.md works as documented: its wards become
//! quasi-identifiers, its staff and public lines are never reported as a patient's.

use postlint::Engine;
use postlint::finding::Severity;
use postlint::pack::{builtin::builtin_packs, merge, parse_pack};

fn readme_institution_pack() -> String {
    let doc = std::fs::read_to_string("rules/README.md").expect("rules/README.md exists");
    let at = doc.find("id = \"our_hospital\"").expect("README documents an institution pack");
    let start = doc[..at].rfind("```toml").expect("inside a toml block") + "```toml".len();
    let end = at + doc[at..].find("```").expect("block closes");
    doc[start..end].to_string()
}

#[test]
fn documented_institution_pack_behaves_as_documented() {
    let mut packs = builtin_packs().expect("built-in packs load");
    packs.push(parse_pack("README institution pack", &readme_institution_pack()).expect("pack parses"));
    let engine = Engine::new(&merge(packs).expect("packs merge")).expect("engine builds");
    let failures = engine.test_examples();
    assert!(failures.is_empty(), "{failures:#?}");

    let ward = engine.check("My patient on Larkin Ward went home");
    assert!(
        ward.iter().any(|f| f.rule == "patient_reference.identifiable" && f.severity == Severity::Error),
        "{ward:?}"
    );
    assert!(engine.check("Appointments via the main line, (555) 010-3400").is_empty());
}
