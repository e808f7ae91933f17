//! Families of unprofessional content that must be found in posts written in many ways:
//! craft beer, accented wine names, a bottle or glass of a drink, happy hours with drinks,
//! hookups between colleagues, sleeping with a colleague, "... do it" jokes, song and
//! position innuendo, the smirk emoji, masked words; drinks by their time, serving or count,
//! drunk slang near a night out, thirst posts, sex idioms, double entendres and winks. Clean counterparts live in
//! `content_clinical.rs`.

use crate::common::engine;

/// (post, category that must be reported)
const FLAGGED: &[(&str, &str)] = &[
    // Craft beer.
    ("Survived my first week of nights, celebrating with a hazy IPA", "alcohol"),
    ("Post-call IPA on the porch, phone on DND", "alcohol"),
    ("Three IPAs in and feeling good", "alcohol"),
    ("Oatmeal stout season is here and so is flu season", "alcohol"),
    ("A cold stout and zero pages. Heaven.", "alcohol"),
    ("Pale ale on the patio with the PGY-3s", "alcohol"),
    ("#craftbeer #nurselife #postcall", "alcohol"),
    ("Nothing like a cold one after a 14 hour shift", "alcohol"),
    ("A Guinness after a long night on the wards", "alcohol"),
    // Wine written with its accent; a bottle or glass of a drink.
    ("Rosé season has begun 🌸 #residentlife", "alcohol"),
    ("Vin rosé in Provence, no pager for a week", "alcohol"),
    ("Finished boards, opened a bottle of rosé", "alcohol"),
    ("Bottle of bubbly for the new attendings!", "alcohol"),
    ("Half a bottle of Jameson after that code", "alcohol"),
    ("A glass of the house red and a nap", "alcohol"),
    ("Grabbed a pint of Guinness with the ED crew", "alcohol"),
    // Happy hour with drinks or a bar around it.
    ("Happy hour tonight at the rooftop bar, PGY-1s welcome", "alcohol"),
    ("Happy hour with the unit, margs are half off", "alcohol"),
    // Hookups and affairs between colleagues.
    ("Who is hooking up with the new anesthesia fellow?? The call room doesn't lie", "sexual"),
    ("Pretty sure half the residents are hooking up after the holiday party", "sexual"),
    ("Hooked up with a cute ER doc at the conference lol", "sexual"),
    ("Everyone's sleeping with the attending except me apparently", "sexual"),
    ("Rumor: the chief slept with an intern", "sexual"),
    // Inflected forms, jokes, songs, positions, emoji.
    ("My kinkiest dream involves a fully staffed unit", "sexual"),
    ("Radiologists do it in the dark", "sexual"),
    ("ER docs do it fast", "sexual"),
    ("Anesthesia does it while you sleep", "sexual"),
    ("Put on some Marvin Gaye... sexual healing on my day off", "sexual"),
    ("What's your favorite position? Mine's 69 😏", "sexual"),
    ("Favorite position: 69. Don't @ me", "sexual"),
    ("Finally got my own call room bed 😏", "sexual"),
    ("Total 🍑 in those new scrubs", "sexual"),
    // Drinks named by their time, their serving or their count; UK and US drinking words.
    ("Last set of nights done: prosecco o'clock", "alcohol"),
    ("Downing cold cider in the sun with the theatre team", "alcohol"),
    ("Five pints in at the mess party and feeling brave", "alcohol"),
    ("Wine kept flowing at the awards dinner, who drove me home", "alcohol"),
    ("Pre-drinks at the reg's flat before the summer ball", "alcohol"),
    ("Bladdered at the doctors' mess party, apologies to the night porter", "alcohol"),
    ("Bit worse for wear after the consultant's leaving drinks", "alcohol"),
    ("My BAC after the wedding would get me sectioned lol", "alcohol"),
    // Thirst posts, sex idioms, double entendres, winks.
    ("The hottest agency nurse just started on our floor", "sexual"),
    ("Smash or pass, anaesthetics edition, go", "sexual"),
    ("Balls deep in audit data this weekend", "sexual"),
    ("The new vascular fellow can intubate me whenever he wants", "sexual"),
    ("Matching costumes with the charge nurse for the mess party 😈", "sexual"),
    ("Only posting my spicy theatre pics on the private page", "sexual"),
    // Masked in several places.
    ("B*llsh*t rota again", "profanity"),
    ("Swap with me or kiss my @ss", "profanity"),
    ("Sh*tt*est night of my life", "profanity"),
];

#[test]
fn every_family_is_found() {
    let engine = engine();
    let mut misses = Vec::new();
    for (post, category) in FLAGGED {
        let findings = engine.check(post);
        if !findings.iter().any(|f| f.category == *category && f.severity >= postlint::Severity::Warning) {
            misses.push(format!(
                "{post:?}: no {category} finding in {:?}",
                findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
            ));
        }
    }
    assert!(misses.is_empty(), "missed:\n{}", misses.join("\n"));
}

#[test]
fn smirk_and_innuendo_are_warnings_at_most() {
    let engine = engine();
    for post in ["Favorite position? 69 😏", "The call room beds are sturdy 😏", "Radiologists do it in the dark"] {
        let findings: Vec<_> = engine.check(post).into_iter().filter(|f| f.category == "sexual").collect();
        assert!(!findings.is_empty(), "{post:?}");
        assert!(findings.iter().all(|f| f.severity == postlint::Severity::Warning), "{post:?}: {findings:#?}");
    }
}

#[test]
fn reported_spans_name_the_drink_or_the_act_not_the_words_around_it() {
    let engine = engine();
    let matched = |post: &str| -> Vec<String> { engine.check(post).into_iter().map(|f| f.matched).collect() };
    assert!(matched("Opened a bottle of rosé tonight").contains(&"bottle of rosé".to_string()));
    assert!(matched("Nothing beats a cold stout after nights").contains(&"cold stout".to_string()));
    assert!(matched("Rumor: the chief slept with an intern.").contains(&"slept with an intern".to_string()));
}
