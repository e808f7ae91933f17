//! Patient references: alone a warning; with quasi-identifiers an error that names them.

use crate::common::engine;
use postlint::Engine;
use postlint::finding::{Finding, Severity};

fn references(engine: &Engine, text: &str) -> Vec<Finding> {
    engine.check(text).into_iter().filter(|f| f.category == "patient_reference").collect()
}

#[test]
fn a_reference_alone_is_a_warning() {
    let e = engine();
    for text in [
        "My patient told me a great joke",
        "A pt of mine finally quit smoking",
        "The guy who keeps calling is back. Again.",
        "Woman I triaged had indigestion. It was a STEMI.",
        "This gentleman with aphasia taught me three card tricks",
    ] {
        // One problem: every finding on one stretch of text, each a warning (a story
        // combination may stand beside the phrase it shares that stretch with).
        let found = references(e, text);
        let spans: std::collections::BTreeSet<_> = found.iter().map(|f| (f.span.start, f.span.end)).collect();
        assert_eq!(spans.len(), 1, "{text:?}: {found:?}");
        assert!(found.iter().all(|f| f.severity == Severity::Warning), "{text:?}: {found:?}");
    }
}

#[test]
fn quasi_identifiers_make_it_an_error_that_lists_them() {
    let e = engine();
    let found = references(e, "The 34yo teacher I intubated in bed 4 this morning is awake");
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!((f.rule.as_str(), f.severity), ("patient_reference.identifiable", Severity::Error));
    for label in ["an age", "an occupation", "a room or bed number", "when it happened"] {
        assert!(f.message.contains(label), "message should name {label:?}: {}", f.message);
    }
}

#[test]
fn each_kind_of_quasi_identifier_escalates() {
    let e = engine();
    for (text, label) in [
        ("My patient, 67 y/o, went home walking", "an age"),
        ("My patient went home walking last night", "when it happened"),
        ("My patient on 5 North went home walking", "a place"),
        ("My patient from Zanesville went home walking", "a town"),
        ("My patient in room 12 went home walking", "a room or bed number"),
        ("My patient with progeria went home walking", "a rare condition or memorable event"),
        ("My patient, a retired pilot, went home walking", "an occupation"),
        ("My patient Dolores Haze went home walking", "a name"),
    ] {
        let found = references(e, text);
        assert!(
            found.iter().any(|f| f.severity == Severity::Error && f.message.contains(label)),
            "{text:?} should be an error naming {label:?}: {found:?}"
        );
    }
}

#[test]
fn a_town_is_phi_only_in_a_post_about_a_patient() {
    let e = engine();
    let city = |text: &str| e.check(text).into_iter().any(|f| f.rule.starts_with("phi.city"));
    assert!(city("Our pt from Zanesville drove six hours for a second opinion"));
    assert!(!city("Drove six hours from Zanesville for a second opinion on my own knee"));
    assert!(!city("Heading to Denver for the conference, who's around?"));
}

#[test]
fn a_patients_identifier_makes_the_post_a_reference() {
    let e = engine();
    for text in [
        "Board says Nguyen, Denise in 4",
        "new admit: PRISCILLA HAWTHORNE, hip fracture",
        "Born 11-4-1929 and still tells the best stories on the ward",
        "She's 97 and asked for a second pudding",
    ] {
        let found = references(e, text);
        assert!(!found.is_empty(), "{text:?} is about a specific patient");
    }
    for text in ["Chart #608112 has a duplicate med list", "Congrats to Ms. Jane Ellis on her retirement"] {
        let found = references(e, text);
        assert!(found.is_empty(), "{text:?}: {found:?}");
    }
}
