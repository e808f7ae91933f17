//! One check per HIPAA Safe Harbor identifier type that text can carry: the built-in packs
//! must report a `phi` error whose span covers the identifier.

use crate::common::engine;
use postlint::Engine;
use postlint::finding::{Finding, Severity};

/// The phi errors found in `text`.
fn phi(engine: &Engine, text: &str) -> Vec<Finding> {
    engine.check(text).into_iter().filter(|f| f.category == "phi" && f.severity == Severity::Error).collect()
}

/// Every `(text, identifier)` must produce a phi error overlapping `identifier`, from a rule
/// whose id starts with `rule_prefix`.
fn assert_found(rule_prefix: &str, cases: &[(&str, &str)]) {
    let engine = engine();
    for (text, identifier) in cases {
        let start = text.find(identifier).unwrap_or_else(|| panic!("{identifier:?} not in {text:?}"));
        let end = start + identifier.len();
        let found = phi(engine, text);
        assert!(
            found.iter().any(|f| f.rule.starts_with(rule_prefix) && f.span.start < end && start < f.span.end),
            "{rule_prefix}: {identifier:?} not reported in {text:?}; found {:?}",
            found.iter().map(|f| (&f.rule, &f.matched)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn names_after_titles_cues_beds_and_on_boards() {
    assert_found(
        "phi.name",
        &[
            ("Discharged Mrs. Whitfield to rehab after three weeks", "Whitfield"),
            ("mr johnson keeps asking for more jello", "johnson"),
            ("MRS. PATEL IN ROOM 4 PRESSED THE CALL LIGHT AGAIN", "PATEL"),
            ("Pt Linda Jackson asked for her glasses", "Linda Jackson"),
            ("our patient linda jackson is cooking again", "linda jackson"),
            ("MY PT ROBERT MILLER WENT HOME", "ROBERT MILLER"),
            ("Her daughter Karen wants a call back", "Karen"),
            ("the pt named Oscar Delgado asked for a priest", "Oscar Delgado"),
            ("Checked on Tommy in 9: fever broke", "Tommy"),
            ("The OR board said 'Nguyen, Thomas - appy' in plain sight", "Nguyen, Thomas"),
        ],
    );
}

#[test]
fn street_addresses_zips_and_towns_tied_to_a_patient() {
    assert_found("phi.address", &[("Pt lives at 455 Oak Hill Dr, Apt 12 and has no ride", "455 Oak Hill Dr")]);
    assert_found("phi.address", &[("Home visit at 12 N Water St this afternoon", "12 N Water St")]);
    assert_found("phi.zip", &[("my pt's zip is 97214 and no pharmacy delivers", "97214")]);
    assert_found("phi.zip", &[("she gave her address as Salem, OR 97301 at triage", "97301")]);
    assert_found("phi.city", &[("Our pt from Chillicothe drove in alone at 2am", "Chillicothe")]);
}

#[test]
fn dates_in_every_common_format() {
    assert_found(
        "phi.date",
        &[
            ("DOB 7/22/1944, admitted for CHF", "7/22/1944"),
            ("Surgery for the baby is set for 2025-09-03", "2025-09-03"),
            ("Pt born 4-Jul-1950 asked for fireworks", "4-Jul-1950"),
            ("my patient, born August 3rd 1931, still gardens", "August 3rd 1931"),
            ("Admitted 10/3, discharged 10/9, readmitted today", "10/3"),
            ("Passed peacefully on Dec 2nd with her sons there", "Dec 2nd"),
            ("Pt's follow-up appointment is the 5th of May", "the 5th of May"),
        ],
    );
}

#[test]
fn ages_over_89() {
    assert_found(
        "phi.age_over_89",
        &[
            ("a 99-year-old in bed 2 taught me cribbage", "99-year-old"),
            ("our 93 yo pt wants to go dancing", "93 yo"),
            ("Mrs. K turned 104 on the unit today", "turned 104"),
            ("Celebrating a 95th birthday with my patient", "95th birthday"),
        ],
    );
}

#[test]
fn phone_and_fax_numbers() {
    assert_found(
        "phi.phone",
        &[
            ("Pt's husband can be reached at 773-555-0198", "773-555-0198"),
            ("his daughter's cell is (206) 555-0119", "(206) 555-0119"),
            ("fax her records to her son at 503.555.0177 today", "503.555.0177"),
            ("call her son at +1 415 555 0122 please", "+1 415 555 0122"),
            ("the pt's number on the whiteboard: 3125550144", "3125550144"),
        ],
    );
}

/// Contact details, addresses and dates with no person other than the author nearby are a
/// clinic's, a hospital's or an event's: they must not be reported as a patient's.
#[test]
fn public_numbers_addresses_and_dates_are_not_a_patients() {
    let engine = engine();
    for text in [
        "Travel clinic bookings fill up fast, ring 919-555-0107 six weeks before you fly",
        "New fax for cardiology referrals: (312) 555-0186",
        "We've moved! The sleep lab is now at 2200 Harbor View Blvd, Suite 300",
        "Nurse interviews every Thursday at 1500 Lakeshore Dr, Chicago IL 60611",
        "The new visitor policy takes effect 11/01/2025",
        "The med room badge reader dropped off the network at 10.20.4.15 again",
        "Questions about the residency? Write to gme.office@northside.example.org",
    ] {
        let found = phi(engine, text);
        assert!(
            found.is_empty(),
            "{text:?} reported {:?}",
            found.iter().map(|f| (&f.rule, &f.matched)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn emails_urls_and_ip_addresses() {
    assert_found("phi.email", &[("reach her daughter at d.morgan77@hotmail.com", "d.morgan77@hotmail.com")]);
    assert_found("phi.url", &[("his caringbridge.org/visit/tommysjourney page is public", "caringbridge.org")]);
    assert_found("phi.url.record", &[("chart link https://ehr.example.org/patient/99812/notes", "ehr.example.org")]);
    assert_found("phi.ip", &[("the portal login came from 98.34.120.7 at 3am", "98.34.120.7")]);
    assert_found("phi.ip.v6", &[("login from 2001:db8::ff00:42:8329 flagged by IT", "2001:db8::ff00:42:8329")]);
}

#[test]
fn ssn_with_structure_check_and_with_a_label() {
    assert_found("phi.ssn", &[("SSN 078-05-1120 on the intake form", "078-05-1120")]);
    // Invalid structure (area 900+), but labelled: still reported.
    assert_found("phi.ssn.labelled", &[("his SSN is 912-34-5678 apparently", "912-34-5678")]);
    let e = engine();
    assert!(phi(e, "Form shows 912-34-5678 in the box").is_empty(), "unlabelled invalid SSN stays clean");
}

#[test]
fn record_plan_account_licence_vehicle_device_and_other_numbers() {
    assert_found("phi.mrn", &[("Med rec # 4412-009 was merged with another chart", "4412-009")]);
    assert_found("phi.mrn", &[("MRN: 00881234 needs a repeat draw", "00881234")]);
    assert_found("phi.health_plan", &[("Insurance member id: WXY123456789 denied", "WXY123456789")]);
    assert_found("phi.health_plan.mbi", &[("her card says 1EG4-TE5-MK73 but Epic disagrees", "1EG4-TE5-MK73")]);
    assert_found("phi.account", &[("Acct # 55102234 went to collections", "55102234")]);
    assert_found("phi.account.card", &[("Card 5555 5555 5555 4444 left at the bedside", "5555 5555 5555 4444")]);
    assert_found("phi.license", &[("DL number S123-4567-8901 in the belongings bag", "S123-4567-8901")]);
    assert_found("phi.license.dea", &[("script had DEA AB1234563 written on it", "AB1234563")]);
    assert_found("phi.vehicle.vin", &[("VIN 1M8GDM9AXKP042788 on the tow report", "1M8GDM9AXKP042788")]);
    assert_found("phi.vehicle.plate", &[("his truck, plate 4TRX209, is in the bay", "4TRX209")]);
    assert_found("phi.device", &[("Implant serial number AB12-3456-C registered", "AB12-3456-C")]);
    assert_found("phi.other_id", &[("Claim # 99-882311 denied again", "99-882311")]);
    assert_found("phi.other_id.username", &[("her portal username is mrivera88, not mrivera", "mrivera88")]);
}

#[test]
fn labelled_numbers_are_reported_even_when_their_check_fails() {
    assert_found("phi.vehicle.vin_labelled", &[("VIN 1HGCM82643A004352 per the tow report", "1HGCM82643A004352")]);
    assert_found("phi.license.dea_labelled", &[("DEA AB1234567 on the stolen pad", "AB1234567")]);
    assert_found("phi.account", &[("credit card 4111 1111 1111 1112 left at the desk", "4111 1111 1111 1112")]);
    let e = engine();
    for unlabelled in ["code 1HGCM82643A004352 typo", "form AB1234567 here", "ref 4111 1111 1111 1112"] {
        assert!(phi(e, unlabelled).is_empty(), "{unlabelled:?} fails its check and has no label");
    }
    // Next to a vehicle word, a VIN-shaped code is a VIN without the check digit only North
    // American VINs carry (a European one has none).
    assert_found("phi.vehicle.vin_context", &[("tow yard has his car, WVWZZZ1KZ8W123456", "WVWZZZ1KZ8W123456")]);
}

#[test]
fn names_with_weaker_cues() {
    assert_found(
        "phi.name",
        &[
            ("my pt brenda (16) asked about the pill", "brenda"),
            ("our patient marcus keeps hiding the remote", "marcus"),
            ("Discharged Yolanda today after 40 days with us", "Yolanda"),
            ("Extubated Reginald at 6am, first words: coffee", "Reginald"),
            ("Rounding on Agnieszka this morning, she sang to me", "Agnieszka"),
            ("Seeing Dorothy again in clinic, her sugars are better", "Dorothy"),
            ("Frequent flyer Raymond is back with chest pain", "Raymond"),
            ("ID card says Samuel Okonkwo, no emergency contact", "Samuel Okonkwo"),
            ("armband said WHITFIELD, GEORGE R but he goes by Geoff", "WHITFIELD, GEORGE"),
            ("census: HOLLOWAY, DENISE bay 2 - awaiting CT", "HOLLOWAY, DENISE"),
            ("new admit: PRISCILLA HAWTHORNE, rm 9, fall at home", "PRISCILLA HAWTHORNE"),
            ("#PrayForMrsHenderson she coded twice tonight", "Henderson"),
            ("#PrayForBabyElijah, heart surgery tomorrow", "Elijah"),
            ("mr petrakis in bed 6 asked for his rosary", "petrakis"),
            ("MR DUBROVSKY IN BED 2 WANTS HIS DENTURES", "DUBROVSKY"),
            ("mrs kowalczyk on our unit is singing again", "kowalczyk"),
        ],
    );
}

#[test]
fn ages_over_89_in_words_and_statements() {
    assert_found(
        "phi.age_over_89",
        &[
            ("Met a ninety-four year old former midwife on the ward", "ninety-four year old"),
            ("My patient turned ninety-eight today and we sang", "ninety-eight"),
            ("She's 99 and corrected my spelling of her town", "99"),
            ("My patient was 98 and still did her crossword", "98"),
            ("Still drives herself to dialysis. At 93!", "93"),
            ("Lovely old gent on the ward, 104, told me about the war", "104"),
            ("admitted: 95F, rm 9, fall at home", "95F"),
        ],
    );
}

#[test]
fn uk_irish_and_australian_formats() {
    assert_found("phi.phone", &[("Pt's son left his number 07123 456789 for updates", "07123 456789")]);
    assert_found("phi.phone", &[("Called my patient's daughter on +61 423 555 123", "+61 423 555 123")]);
    assert_found("phi.phone", &[("Her husband's number is (02) 9876 5432", "(02) 9876 5432")]);
    assert_found("phi.phone", &[("texted her husband on 555 0172 about the results", "555 0172")]);
    assert_found("phi.health_plan", &[("His NHS number 943 476 5919 was on the whiteboard", "943 476 5919")]);
    assert_found("phi.health_plan", &[("Medicare card 2123 45670 1 was left at reception", "2123 45670 1")]);
    assert_found("phi.zip", &[("Pt lives at 22 Acacia Avenue, Leicester LE2 3JF", "LE2 3JF")]);
    assert_found("phi.zip", &[("Our pt lives off Mill Road in 01843 and bikes in", "01843")]);
    assert_found("phi.date", &[("DOB 23.08.1936 on the wristband of my patient", "23.08.1936")]);
}

#[test]
fn towns_handles_subjects_and_licences() {
    assert_found("phi.city", &[("video call with a patient in Kalgoorlie, the wifi died", "Kalgoorlie")]);
    assert_found("phi.city", &[("Home visit to an old farmer out in Dungarvan today", "Dungarvan")]);
    assert_found("phi.other_id", &[("Study participant 0023-KT missed her visit", "0023-KT")]);
    assert_found("phi.other_id", &[("My pt's handle is @sunny.side.up77, no I won't follow", "@sunny.side.up77")]);
    assert_found("phi.license", &[("the mom is an LPN, LPN 4471902, and asked great questions", "4471902")]);
}

#[test]
fn short_dotted_dates_and_relatives_in_lower_case() {
    assert_found("phi.date", &[("DOB 02.11.38 on the band of my patient", "02.11.38")]);
    assert_found("phi.name", &[("my pt's son desmond rang three times", "desmond")]);
    assert_found("phi.name", &[("MRS. O'HALLORAN IN 6 WANTS HER TEA", "O'HALLORAN")]);
    assert_found("phi.city", &[("Our pt lives just outside Mullingar and drives in weekly", "Mullingar")]);
}

#[test]
fn dates_after_birth_labels_written_with_dots_or_abbreviated() {
    assert_found("phi.date", &[("D.O.B. 03/14/1931 scrawled on the sticky note at the desk", "03/14/1931")]);
    assert_found("phi.date", &[("Old ID card in lost property, b. 7/22/1929", "7/22/1929")]);
    assert_found("phi.date", &[("Label on the bag says D.O.B. 11/2, nothing else", "11/2")]);
}

#[test]
fn contact_numbers_after_their_label_in_a_post_about_a_patient() {
    assert_found(
        "phi.phone",
        &[
            ("The pt's son runs a print shop, ext 4 for him or fax 614-555-0135 for the forms", "614-555-0135"),
            (
                "Long night with my pt and the family; ext 22 rang nonstop. Call 614-555-0178 for the son, he says",
                "614-555-0178",
            ),
        ],
    );
    assert_found(
        "phi.email",
        &[(
            "Discharge packet for my pt went out today after a long week of forms and calls, to Gloria Ruiz (gruiz.home@gmail.com)",
            "gruiz.home@gmail.com",
        )],
    );
}

#[test]
fn ssn_with_dots_and_medicare_numbers_in_lower_case() {
    assert_found("phi.ssn", &[("Found 509.22.8817 written on a sticky note in the med room", "509.22.8817")]);
    assert_found("phi.health_plan.mbi", &[("card on the floor by the lifts reads 1eg4-te5-mk73", "1eg4-te5-mk73")]);
}

#[test]
fn ip_email_and_mac_addresses_in_a_post_about_a_patient() {
    assert_found(
        "phi.ip",
        &[("Telehealth kept dropping: IT traced the pt's connection to 73.41.218.9 via a hotel VPN", "73.41.218.9")],
    );
    assert_found(
        "phi.ip",
        &[("my pt logged into the portal from 2001:db8:85a3::8a2e:370:7334 twice", "2001:db8:85a3::8a2e:370:7334")],
    );
    assert_found(
        "phi.device",
        &[("Pt's home monitor keeps dropping off, MAC 00:1A:2B:3C:4D:5E per the vendor", "00:1A:2B:3C:4D:5E")],
    );
}

#[test]
fn gazetteer_towns_and_counties_in_a_post_about_a_patient() {
    assert_found(
        "phi.city",
        &[
            ("Home visit to my patient near Kottayam, she made tea first", "Kottayam"),
            ("Got a call from my pt's daughter in Pune at 4am", "Pune"),
            ("Our pt drove in from Broken Hill for the scan", "Broken Hill"),
            ("Farmer out in Pickaway County fell off his tractor, my pt now", "Pickaway County"),
            ("My pt keeps asking to go home to Trois-Rivières", "Trois-Rivières"),
            ("Address on the pt's form: Millersport, OH", "Millersport"),
        ],
    );
}

#[test]
fn rural_routes_intersections_and_postcodes_of_a_patient() {
    assert_found(
        "phi.address.rural",
        &[("Directions for tomorrow's home visit: RR 3 Box 72, past the grain elevator", "RR 3 Box 72")],
    );
    assert_found(
        "phi.address.intersection",
        &[("Found my pt down at the corner of 5th and Elm, no coat", "corner of 5th and Elm")],
    );
    assert_found(
        "phi.address.intersection",
        &[("A 61yo collapsed at Hwy 30 & County Rd K, CPR by a trucker", "Hwy 30 & County Rd K")],
    );
    assert_found(
        "phi.zip",
        &[
            ("Flew my pt from Broken Hill 2880 to the city tonight", "2880"),
            ("My patient's PIN 600004 was on the referral", "600004"),
            ("The pt's Eircode is V94 T2X3 and the ambulance still got lost", "V94 T2X3"),
            ("Our pt's mail goes to Kottayam 686001, her son says", "686001"),
        ],
    );
}
