//! Look-alikes: ordinary clinical and social-media text that resembles an identifier or a
//! patient story must stay clean (no phi or patient_reference warning or error).

use crate::common::engine;
use postlint::finding::Severity;

fn assert_clean(family: &str, texts: &[&str]) {
    let engine = engine();
    for text in texts {
        let bad: Vec<(String, String)> = engine
            .check(text)
            .into_iter()
            .filter(|f| (f.category == "phi" || f.category == "patient_reference") && f.severity >= Severity::Warning)
            .map(|f| (f.rule, f.matched))
            .collect();
        assert!(bad.is_empty(), "{family}: {text:?} was flagged: {bad:?}");
    }
}

#[test]
fn doses_vitals_scores_and_lab_values() {
    assert_clean(
        "clinical numbers",
        &[
            "Amoxicillin 90 mg/kg/day divided BID, max 4 g/day.",
            "BP 142/91 on recheck, HR 88, SpO2 97% on room air.",
            "Apgars 7/9 and a lusty cry.",
            "Pain 8/10 despite oxycodone 5 mg.",
            "Grade 2/6 holosystolic murmur at the apex; 4/5 strength on the left.",
            "HbA1c 7.2%, LDL 68 mg/dL, K 3.1, Mg 1.7-2.2 normal range.",
            "Tidal volume 6 mL/kg, PEEP 8, FiO2 40%, GCS E3V4M5.",
            "We staff the ED 24/7 and the clinic weekdays 8-5.",
        ],
    );
}

#[test]
fn codes_and_literature_identifiers() {
    assert_clean(
        "codes",
        &[
            "ICD-10 I50.22 and CPT 93306 for the echo, billed under 99214.",
            "NDC 0409-4888-10 is the vial we stock.",
            "PMID 31234567 has the trial; DOI 10.1056/NEJMoa1911303.",
            "NCT03036124 finished enrollment; ISBN 978-1-4511-9360-4 is the new edition.",
            "Version 2.4.1.3 of the EHR broke the MAR again.",
            "Dr. Lee's NPI 1234567893 is on the letterhead.",
        ],
    );
}

#[test]
fn eponyms_place_diseases_hashtags_and_mentions() {
    assert_clean(
        "names that are not patients",
        &[
            "Parkinson's, Addison's and Graves' all show up on boards.",
            "Lyme disease and West Nile cases are up this summer.",
            "#MedTwitter #NurseTwitter thanks @AMA_President for the thread.",
        ],
    );
}

#[test]
fn conference_dates_cities_years_and_times() {
    assert_clean(
        "events and the author's own schedule",
        &[
            "Join us at #ACEP25 in Salt Lake City, Oct 6-9!",
            "Registration closes on March 15, 2025 for the spring symposium.",
            "Class of 2027 white coat ceremony Friday at 3pm.",
            "In 2019 the guideline changed; in 2023 it changed again.",
            "I'm off 6/10 through 6/14 for vacation.",
            "Shift starts at 06:45 sharp, 7a-7p Mon/Wed/Fri.",
            "Moving to Portland next month for fellowship!",
            "Our team from Boston presented 3 posters at the meeting.",
            "Room 101 for the M&M conference at noon.",
        ],
    );
}

#[test]
fn public_phone_lines() {
    assert_clean(
        "hotlines",
        &[
            "988 takes calls and texts in a crisis; 911 for emergencies.",
            "Poison Control: (800) 222-1222, or 1-800-222-1222 from any phone.",
            "SAMHSA's national line, 1-800-662-4357, runs 24/7.",
            "Our clinic's main line is 617-555-2000 for scheduling.",
        ],
    );
}

#[test]
fn colleagues_relatives_and_hypotheticals() {
    assert_clean(
        "not a patient",
        &[
            "Congrats to Dr. Maria Lopez on her promotion to professor!",
            "Welcome Mrs. Janet Hughes, our new nurse manager!",
            "Great keynote by Dr. Samuel Ortiz at #SHM2025.",
            "Happy birthday to my grandpa, 96 today!",
            "My mom turned 92 and still drives.",
            "People aged 90 and older are the fastest-growing group.",
            "Board review question: 92 yo woman presents with fatigue. Next step?",
            "Patients over 90 need careful deprescribing.",
        ],
    );
}

#[test]
fn generic_patients_are_not_a_patient_reference() {
    assert_clean(
        "population, compounds, adjectives",
        &[
            "Patient safety starts with speaking up.",
            "When a patient refuses a blood draw, document and escalate.",
            "Ask the patient about alcohol use at every visit.",
            "Be patient with new grads, we were all there once.",
            "Tell your patients to bring all their pill bottles.",
            "Our patient satisfaction scores went up 10%.",
            "Standardized patient exam went great!",
            "Pelvic floor PT referrals doubled this year.",
            "Intubated my first mannequin in sim lab.",
            "Don't be that guy who microwaves fish in the break room.",
            "A guy walks into a bar and orders a beer.",
            "A kid in my neighborhood sold me lemonade today.",
            "Met a teacher at the conference who uses sim for CPR.",
            "Saw a man walking a goat on my commute.",
            "Shout-out to the RT who ran last night's code.",
        ],
    );
}

#[test]
fn generic_statements_about_the_patient() {
    assert_clean(
        "generic patient",
        &[
            "The patient is the most important member of the team.",
            "The patient always comes first, no matter how tired you are.",
            "Remember: the patient knows their body better than any scan.",
            "Sometimes the patient just needs someone to sit with them.",
            "How do you explain to a patient that antibiotics won't help a cold?",
            "Pt denies, pt endorses, pt states: the holy trinity of charting.",
            "my pt list is 22 long today, pray for me",
        ],
    );
}

#[test]
fn tributes_colleagues_and_famous_names() {
    assert_clean(
        "not patients",
        &[
            "This man is my hero. 30 years as a paramedic.",
            "This guy! Our new attending brought donuts for nights.",
            "The woman who discovered insulin's structure won a Nobel Prize.",
            "Woman in medicine, mother of two, runner, tired.",
            "Mr. Rogers said to look for the helpers. So many tonight.",
            "Meet Mr. Bones, the skeleton in our anatomy lab.",
            "Mr. Thompson, our unit secretary, retires Friday after 40 years.",
            "Ms. Johnson from 3rd grade, if you're reading this, I became a doctor!",
            "Attending: SMITH, JOHN. Resident: LEE, ANNA. Great month.",
            "#PrayForNurses and #MrRogers quotes are getting me through",
            "Seeing Sarah again at the reunion was the best part of the year.",
            "Admitted to medical school! Class of 2029 here I come.",
        ],
    );
}

#[test]
fn numbers_that_are_not_a_patients() {
    assert_clean(
        "own and public numbers",
        &[
            "Call me at 617-555-0100 if you want to swap Saturday.",
            "Email me at jane.doe@hospital.org for the schedule.",
            "The practice line is 01632 960000 for appointments.",
            "Samaritans are on 116 123, any time, day or night.",
            "The router at 192.168.1.1 keeps dropping the EHR connection.",
            "Our hospital turns 100 this year!",
            "Sats were 92 on room air, so we started 2L.",
            "At 95 mph the crash was unsurvivable.",
            "My grandmother is 94 and still beats me at Scrabble.",
            "Heart rate 96, temp 98.6F, RR 18.",
            "Bed 12's call light has been broken for a week.",
            "Leeds Teaching Hospitals is hiring, LS9 7TF for the interview.",
        ],
    );
}

#[test]
fn the_author_as_patient_research_subjects_and_history() {
    assert_clean(
        "not a patient encounter",
        &[
            "When I was a patient in 2019, a nurse held my hand.",
            "Patient zero of the outbreak was never identified.",
            "Patient 7 in the trial dataset was excluded for a protocol violation.",
            "Case 3 in the series was a 91-year-old, published in the journal.",
            "The ACA was signed on 3/23/2010 and changed everything.",
            "Austin, Dallas, Houston: every Texas ED is boarding.",
            "The woman who founded our hospice turned 90 this spring, says the newsletter.",
        ],
    );
}

/// No phi warning or error (a patient_reference finding is allowed: these posts may be about a
/// patient, but nothing in them is an identifier).
fn assert_no_phi(family: &str, texts: &[&str]) {
    let engine = engine();
    for text in texts {
        let bad: Vec<(String, String)> = engine
            .check(text)
            .into_iter()
            .filter(|f| f.category == "phi" && f.severity >= Severity::Warning)
            .map(|f| (f.rule, f.matched))
            .collect();
        assert!(bad.is_empty(), "{family}: {text:?} was flagged: {bad:?}");
    }
}

#[test]
fn identifier_cues_inside_other_words_handles_links_and_hashtags() {
    assert_no_phi(
        "a cue word inside a longer word, a handle, a link or a hashtag",
        &[
            "My pt's pressure hit a plateau 30 minutes after the fluids went in",
            "Lactate reached a plateau at 4.1 and stayed there",
            "Pinning ceremony pics are up under #sn2024, so proud of this cohort",
            "Follow @sn1987 for the best night-shift study memes",
            "Slides from the workshop: example.org/sn2024/day1",
        ],
    );
}

#[test]
fn capitals_that_are_clinical_abbreviations_not_titles() {
    assert_clean(
        "MR (mitral regurgitation) and MS (mental status, mitral stenosis, multiple sclerosis, Microsoft)",
        &[
            "MS Teams is down again, use the phone tree",
            "Teaching pearl: MR Severe on the echo report usually means a surgical referral",
            "MS Society walk this Saturday, our unit has a team",
        ],
    );
}

#[test]
fn sums_of_money_and_temperatures_are_not_ages() {
    assert_no_phi(
        "numbers over 89 that are money or a temperature",
        &[
            "The new tower is a hundred million dollars over budget",
            "Our pt was at 102.2 after the second dose, cooling blanket on",
            "Kiddo in bed 3 was 101.4 this morning and playing anyway",
            "My pt, she's 98.6 now and asking for toast",
        ],
    );
}

#[test]
fn ipv6_look_alikes() {
    assert_no_phi(
        "hex groups that are not a patient's IPv6 address",
        &[
            "Ticket closed: the core router at 2001:db8::1 is back",
            "Pt's pump paired fine, key id ab:cd:ef:12:34:56:78:9a:bc on the screen",
            "My pt's infusion timer showed 10:20::30 after the reset",
        ],
    );
}

#[test]
fn words_after_place_cues_that_are_not_a_patients_town() {
    assert_no_phi(
        "states, countries, ordinary capitalised words and the author's travel",
        &[
            "My pt from Texas says the heat here is nothing",
            "Pt flew in from Ireland for the transplant workup",
            "My pt is Reading in bed again, a whole novel a day",
            "Pt transferred to Hospice this morning, peaceful",
            "Canadian CT Head Rule: my pt had none of the risk factors",
            "Burns unit update: my pt has 2nd and 3rd degree burns on both hands",
            "My pt swears by Johnson & Johnson baby shampoo",
        ],
    );
    assert_clean(
        "a town with no patient in the post",
        &["Heading to Kottayam for the conference next week", "Road closed at the corner of 5th and Elm all weekend"],
    );
}
