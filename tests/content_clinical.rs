//! Clinical and everyday vocabulary must not be flagged as profanity, alcohol or sexual
//! content, however the normaliser folds it.

use postlint::Engine;
use postlint::pack::{builtin::builtin_packs, merge};

const CONTENT: [&str; 3] = ["profanity", "alcohol", "sexual"];

const CLEAN: &[&str] = &[
    // Words and names that contain a listed word.
    "Finished my geriatric assessment module",
    "Scunthorpe General is recruiting",
    "Cocktail party effect explains the pager",
    "Re-reading Dickens on the night bus",
    "Moving to Sussex for GP training",
    "Thank you to every therapist out there",
    "QI analysis: bundle compliance is up",
    "Class of 2028, you passed!",
    "Pass the hummus",
    "Hello world, new to MedTwitter",
    "Locum near Shitterton in Dorset",
    "Specimen sent from Penistone",
    "Drove through Intercourse, PA on the way to the conference",
    "Hancock Regional is hiring",
    "Cockcroft-Gault still matters for dosing",
    "Analgesic ladder lecture today",
    "Cumberland Infirmary is recruiting",
    "Essex, Sussex, Wessex, Middlesex",
    "Shellfish allergy is not contrast allergy",
    "HELLP syndrome teaching at noon",
    "Philip K. Dick novels on nights",
    "Magna cum laude, class of 2019",
    "Ugh, my pager died",
    // Atrial fibrillation.
    "Reminder that 'AF' on a consult note means atrial fibrillation",
    "New AF with RVR, started diltiazem",
    // Anatomy, sexual health.
    "Breast cancer screening saves lives",
    "Testicular self-exam once a month",
    "Penile block with lidocaine for circumcision",
    "Vaginal birth after cesarean is safe for many",
    "Rectal temps in infants under 3 months",
    "Anal fissure management: topical nifedipine",
    "Our sexual health clinic offers STI screening",
    "Erectile dysfunction as an early CVD marker",
    "Proud of our sexual assault nurse examiner team",
    "Sex differences in outcomes after MI",
    "Safer-sex counseling for older adults",
    "Emergency contraception is time-sensitive",
    "In rugby the hooker hooks the ball",
    // Substance-use medicine.
    "Alcohol use disorder is treatable",
    "Blood alcohol level drops 15-20 mg/dL per hour",
    "An ethanol level of 80 doesn't rule out co-ingestion",
    "Benzo dosing for alcohol withdrawal",
    "Naltrexone and acamprosate are underused",
    "Attended my first AA meeting as an observer",
    "Hyponatremia from beer potomania",
    "Ethanol lock therapy for CLABSI prevention",
    "Three years sober today",
    "Spirits are high on 7 West",
    "Cheers NHS",
    "A BAC of 0.08% is the legal limit; don't drive after drinking",
    // Everyday clinical words that look like drinks.
    "Get your flu shot today",
    "Booster shot clinic Saturday",
    "Five shots, one visit: flu, RSV, COVID, pneumococcal, shingles",
    "Shot blocker tips for kids' vaccines",
    "Tenecteplase is the new shot clock",
    "A cocktail of antibiotics is not a plan",
    "Hand sanitizer is not enough for C. diff",
    "Wine-coloured lesion on the cheek",
    "Port-wine stains and Sturge-Weber",
    "Champagne tap on my first LP",
    "Quinine in tonic water does not treat cramps",
    "One pint of donated blood helps 3 people",
    "Bar graphs hide your data",
    "Peach cobbler 🍑 from the night nurses",
    // Figurative drinks, drink words that name other things, isopropyl alcohol.
    "Night shift is a cocktail of caffeine, cortisol and bad decisions",
    "A cocktail of emotions after my first code",
    "He has a cocktail of comorbidities: CHF, CKD and COPD",
    "Shrimp cocktail at the grand rounds reception",
    "Discharge happy hour: six patients out before noon",
    "Happy hour in clinic, every patient showed up on time",
    "BP rose to 180 after the second dose",
    "Rose petals on the memorial table",
    "Two pints of red cells for the GI bleed",
    "A can of Red Bull for the drive home",
    "Bottle of wine-colored urine, send a UA",
    "Ginger ale and crackers for the nausea",
    "Wipe the hub with 70% IPA before access",
    "Invasive pulmonary aspergillosis (IPA) in a neutropenic host",
    "A stout man in his sixties with chest pain",
    "A stout defense of the new sepsis pathway",
    "Champagne problems: too many fellowship offers",
    // Hooking up equipment, sleeping with a device, positions for procedures, food emoji.
    "Hooking up the monitor leads for the new admission",
    "The nurse hooked up the IV and the pump",
    "Hooked up with a great research mentor",
    "Can someone hook up the new resident with a badge?",
    "Slept with my pager on my chest all night",
    "He sleeps with a CPAP and two pillows",
    "Sexual healing after assault: a trauma-informed therapy group",
    "Favourite position for an LP: lateral decubitus",
    "Room 69 is ready for the next admission",
    "Told you the potassium was hemolyzed 😏",
    "Someone brought homemade peach pie to the break room 🍑",
    "Farmers market haul for the unit 🍑🍑",
    "Most surgeons do it with a Doppler these days",
    "Kinky hair needs a different comb for lice checks",
    // Hyphenated words are not masked swear words.
    "Post-op day 2, well-appearing, A-fib rate controlled",
    "T-cells, B-cells and the X-ray is back",
    // Hashtags: only a listed word at the start of a camel-less tag counts, and ordinary
    // words that start with one are exceptions.
    "#cockpit #cockatoo",
    "#hancock #peacock #hitchcock",
    "#dickens #bleakhouse",
    "#hellofriend",
    "#assessment #analysis",
    "#BreastCancerAwareness #SexualHealth",
    "#Scunthorpe #Penistone #Shitterton",
    // Numbers and symbols that must not turn into letters.
    "Acetaminophen 15 mg/kg, 5 mg tabs, $40 copay",
    "Hello! Anyone at the 10am session?",
    "Email me at sam@example.org",
];

#[test]
fn clinical_and_everyday_vocabulary_stays_clean() {
    let engine = Engine::new(&merge(builtin_packs().unwrap()).unwrap()).unwrap();
    let mut failures = Vec::new();
    for post in CLEAN {
        let hits: Vec<String> = engine
            .check(post)
            .into_iter()
            .filter(|f| CONTENT.contains(&f.category.as_str()))
            .map(|f| format!("{} on {:?}", f.rule, f.matched))
            .collect();
        if !hits.is_empty() {
            failures.push(format!("{post:?}: {hits:?}"));
        }
    }
    assert!(failures.is_empty(), "flagged clean posts:\n{}", failures.join("\n"));
}
