//! Checksums and structure checks that accept or reject a pattern match (`validate = "..."`).
//!
//! Each validator gets the matched text (separators included) and decides whether it is
//! plausibly the identifier it claims to be. Adding one = one enum variant plus its tests.

use serde::Deserialize;

/// A named check a rule can ask for with `validate = "name"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    /// Luhn mod-10 checksum (credit cards, many account numbers).
    Luhn,
    /// US National Provider Identifier: Luhn over "80840" + the 10 digits.
    Npi,
    /// US Social Security Number structure: area not 000/666/9xx, group not 00, serial not 0000.
    Ssn,
    /// DEA registration number: two letters, seven digits, weighted check digit.
    Dea,
    /// Vehicle identification number (17 characters, ISO 3779 check digit in position 9).
    Vin,
    /// Shaped like a VIN without its check digit, which European and many other VINs lack:
    /// 17 characters of the VIN alphabet (no I, O, Q) with at least two letters and two digits.
    VinShape,
    /// Medicare Beneficiary Identifier: 11 characters with CMS's per-position rules.
    Mbi,
    /// A calendar date that exists (numeric m/d[/y], d/m/y, y-m-d, or with a month name).
    Date,
    /// ABA bank routing number: nine digits, 3-7-1 weighted checksum.
    Aba,
    /// Dotted IPv4 address with every octet at most 255.
    Ipv4,
    /// IPv6 address in any standard textual form, with at least one group that has a hex letter
    /// or three or more digits (`10:20::30` and `1:2:3:4:5:6:7:8` are times and ratios).
    Ipv6,
    /// North American phone number: area code and exchange start with 2-9, area not N11.
    Nanp,
    /// An opaque identifier: at least four letters or digits, one of them a digit.
    Identifier,
    /// A username or handle: at least four letters or digits, and a digit or an inner `_` or `.`
    /// joining two parts (`jdoe_1961`, `gymgirl_thembi`, `nana.bakes`), which everyday words lack.
    Handle,
    /// UK, Irish, Australian or New Zealand phone number: a trunk `0` and 10-11 digits, or
    /// `+44`/`+353`/`+61`/`+64` and the national number without its `0`.
    PhoneIntl,
    /// NHS number (England, Wales, Isle of Man): ten digits with the modulus-11 check digit.
    Nhs,
    /// Shaped like an opaque identifier rather than a quantity: five or more digits, or four
    /// with a letter; not a date, a year or a range of years, a version or a decimal number.
    IdentifierShape,
    /// A national identity number recognised by its own structure: South African ID (13 digits,
    /// a birth date, citizenship 0-2), Malaysian MyKad (12 digits, a birth date and a
    /// place-of-birth code), Singapore NRIC/FIN (S, T, F or G, seven digits, a letter), Irish
    /// PPSN (seven digits and a modulus-23 check letter, optionally a second letter).
    NationalId,
    /// Australian Medicare card number: ten digits (an eleventh, the card position, may follow)
    /// starting 2-6, with the 1-3-7-9 weighted check digit in the ninth place.
    AuMedicare,
}

impl Validator {
    /// True when `matched` passes this check.
    pub fn accepts(self, matched: &str) -> bool {
        let digits = digits_of(matched);
        match self {
            Validator::Luhn => digits.len() >= 2 && luhn(&digits),
            Validator::Npi => npi(&digits),
            Validator::Ssn => ssn(&digits),
            Validator::Dea => dea(matched),
            Validator::Vin => vin(matched),
            Validator::VinShape => vin_shape(matched),
            Validator::Mbi => mbi(matched),
            Validator::Date => date(matched),
            Validator::Aba => aba(&digits),
            Validator::Ipv4 => ipv4(matched),
            Validator::Ipv6 => ipv6(matched),
            Validator::Nanp => nanp(&digits),
            Validator::Identifier => {
                let alnum = matched.chars().filter(char::is_ascii_alphanumeric).count();
                alnum >= 4 && !digits.is_empty()
            }
            Validator::Handle => handle(matched, &digits),
            Validator::PhoneIntl => phone_intl(matched.trim_start().starts_with('+'), &digits),
            Validator::Nhs => nhs(&digits),
            Validator::IdentifierShape => identifier_shape(matched, &digits),
            Validator::NationalId => national_id(&compact(matched)),
            Validator::AuMedicare => au_medicare(&digits),
        }
    }
}

fn handle(s: &str, digits: &[u8]) -> bool {
    let s = s.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let alnum = s.chars().filter(char::is_ascii_alphanumeric).count();
    alnum >= 4 && (!digits.is_empty() || s.contains(['_', '.']))
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect()
}

/// Letters and digits only, upper-cased: identifiers are written with free separators.
fn compact(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_uppercase()).collect()
}

/// Luhn mod-10 over digits, the last one being the check digit.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn npi(digits: &[u8]) -> bool {
    if digits.len() != 10 || !matches!(digits[0], 1 | 2) {
        return false;
    }
    let mut prefixed = vec![8, 0, 8, 4, 0];
    prefixed.extend_from_slice(digits);
    luhn(&prefixed)
}

fn ssn(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..].iter().fold(0u32, |n, &x| n * 10 + u32::from(x));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// DEA: registrant-type letter, a letter (or 9), then six digits and a check digit equal to
/// the last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6).
fn dea(s: &str) -> bool {
    let c = compact(s);
    if c.len() != 9 || !b"ABCDEFGHJKLMPRSTUX".contains(&c[0]) || !(c[1].is_ascii_alphabetic() || c[1] == b'9') {
        return false;
    }
    if !c[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = c[2..].iter().map(|b| u32::from(b - b'0')).collect();
    let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
    sum % 10 == d[6]
}

/// VIN check digit (North American ISO 3779 scheme): transliterate, weight, mod 11.
fn vin(s: &str) -> bool {
    let c = compact(s);
    if c.len() != 17 || c.iter().any(|b| matches!(b, b'I' | b'O' | b'Q')) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let value = |b: u8| -> u32 {
        match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'H' => u32::from(b - b'A') + 1,
            b'J'..=b'R' => u32::from(b - b'J') + 1,
            _ => u32::from(b - b'S') + 2,
        }
    };
    let sum: u32 = c.iter().zip(WEIGHTS).map(|(&b, w)| value(b) * w).sum();
    let check = match sum % 11 {
        10 => b'X',
        n => b'0' + n as u8,
    };
    c[8] == check
}

fn vin_shape(s: &str) -> bool {
    let c = compact(s);
    let letters = c.iter().filter(|b| b.is_ascii_uppercase()).count();
    let digits = c.iter().filter(|b| b.is_ascii_digit()).count();
    c.len() == 17
        && letters + digits == 17
        && letters >= 2
        && digits >= 2
        && !c.iter().any(|b| matches!(b, b'I' | b'O' | b'Q'))
}

/// MBI positions: 1 digit 1-9; 2,5,8,9 letter; 3,6 letter or digit; 4,7,10,11 digit.
/// Letters exclude S, L, O, I, B, Z.
fn mbi(s: &str) -> bool {
    let c = compact(s);
    if c.len() != 11 {
        return false;
    }
    let letter = |b: u8| b.is_ascii_uppercase() && !b"SLOIBZ".contains(&b);
    let digit = |b: u8| b.is_ascii_digit();
    (b'1'..=b'9').contains(&c[0])
        && [1, 4, 7, 8].iter().all(|&i| letter(c[i]))
        && [2, 5].iter().all(|&i| letter(c[i]) || digit(c[i]))
        && [3, 6, 9, 10].iter().all(|&i| digit(c[i]))
}

/// ABA routing number: 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) is a multiple of 10.
fn aba(d: &[u8]) -> bool {
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let w = |i: usize| u32::from(d[i]);
    (3 * (w(0) + w(3) + w(6)) + 7 * (w(1) + w(4) + w(7)) + w(2) + w(5) + w(8)).is_multiple_of(10)
}

fn ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().all(|p| p.parse::<u16>().is_ok_and(|n| n <= 255))
}

/// Parses as an IPv6 address, and looks like one: a group with a letter a-f or 3-4 digits.
fn ipv6(s: &str) -> bool {
    let s = s.trim_matches(|c| c == '[' || c == ']');
    s.parse::<std::net::Ipv6Addr>().is_ok()
        && s.split(':').any(|g| g.len() >= 3 || g.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// NANP: optional country code 1, then NXX-NXX-XXXX with N in 2-9 and an area code that is
/// not a service code (211, 311, ... 911).
fn nanp(d: &[u8]) -> bool {
    let d = match d.len() {
        11 if d[0] == 1 => &d[1..],
        10 => d,
        _ => return false,
    };
    d[0] >= 2 && d[3] >= 2 && !(d[1] == 1 && d[2] == 1)
}

/// Digit counts per numbering plan; a national number never starts with another 0.
fn phone_intl(international: bool, d: &[u8]) -> bool {
    if !international {
        // A trunk 0, or an Indian mobile (ten digits from 6 to 9) written without one.
        return ((d.len() == 10 || d.len() == 11) && d[0] == 0 && d[1] != 0) || (d.len() == 10 && d[0] >= 6);
    }
    // UK, Australia, New Zealand, Ireland; India, Pakistan, Nigeria, Kenya, the Philippines, South Africa.
    let plans: [(&[u8], std::ops::RangeInclusive<usize>); 10] = [
        (&[4, 4], 10..=10),
        (&[6, 1], 9..=9),
        (&[6, 4], 8..=10),
        (&[3, 5, 3], 7..=9),
        (&[9, 1], 10..=10),
        (&[9, 2], 10..=10),
        (&[2, 3, 4], 10..=10),
        (&[2, 5, 4], 9..=9),
        (&[6, 3], 10..=10),
        (&[2, 7], 9..=9),
    ];
    plans.iter().any(|(code, lengths)| {
        d.strip_prefix(*code).is_some_and(|rest| {
            // "+44 (0)7700 ..." keeps the trunk 0 in writing; it is not part of the number.
            let rest = rest.strip_prefix(&[0]).unwrap_or(rest);
            lengths.contains(&rest.len()) && rest.first() != Some(&0)
        })
    })
}

/// NHS number: weights 10..2 over the first nine digits; 11 - (sum mod 11) is the check
/// digit, 11 counts as 0 and 10 means the number cannot exist.
fn nhs(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(&x, w)| u32::from(x) * w).sum();
    match 11 - sum % 11 {
        11 => d[9] == 0,
        10 => false,
        check => u32::from(d[9]) == check,
    }
}

/// South African, Malaysian, Singaporean or Irish national ID, told apart by length and letters
/// (`compact` upper-cases and drops separators).
fn national_id(s: &[u8]) -> bool {
    let digit = |b: &u8| b.is_ascii_digit();
    let num = |d: &[u8]| d.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    let born = |d: &[u8]| valid_ymd(None, num(&d[2..4]), num(&d[4..6]));
    match s {
        // South Africa: YYMMDD SSSS C A Z, citizenship C 0, 1 or 2. Its Luhn digit is not asked
        // for: a number copied with one digit wrong still points at its owner.
        d if d.len() == 13 && d.iter().all(digit) => born(d) && d[10] <= b'2',
        // Malaysia: YYMMDD PB ###G, PB a state or a country-of-birth code.
        d if d.len() == 12 && d.iter().all(digit) => {
            let pb = num(&d[6..8]);
            born(d) && matches!(pb, 1..=16 | 21..=59 | 60..=68 | 71 | 72 | 74..=79 | 82..=93 | 98 | 99)
        }
        // Singapore: S/T (citizens, born before/after 2000) or F/G (foreigners), seven digits and
        // a letter; for S and T the first two digits are the birth year or the year of
        // registration, so that shape alone is specific. The check letter is not asked for, for
        // the same reason as the South African Luhn digit.
        [b'S' | b'T' | b'F' | b'G', d @ .., check] => d.len() == 7 && d.iter().all(digit) && check.is_ascii_uppercase(),
        // Ireland: seven digits, weights 8..2, a second letter (A, B, H, W...) counts 9 times its
        // place in the alphabet (W as 0); the remainder mod 23 picks the check letter (0 is W).
        d if (d.len() == 8 || d.len() == 9)
            && d[..7].iter().all(digit)
            && d[7..].iter().all(u8::is_ascii_uppercase) =>
        {
            let mut sum: u32 = d[..7].iter().zip((2..=8).rev()).map(|(&b, w)| u32::from(b - b'0') * w).sum();
            if let Some(&second) = d.get(8) {
                sum += 9 * if second == b'W' { 0 } else { u32::from(second - b'A') + 1 };
            }
            b"WABCDEFGHIJKLMNOPQRSTUV"[(sum % 23) as usize] == d[7]
        }
        _ => false,
    }
}

/// Australian Medicare: weights 1, 3, 7, 9, 1, 3, 7, 9 over the first eight digits, the sum
/// mod 10 is the ninth; then the issue number (and optionally the card position).
fn au_medicare(d: &[u8]) -> bool {
    if !(d.len() == 10 || d.len() == 11) || !(2..=6).contains(&d[0]) {
        return false;
    }
    let sum: u32 = d[..8].iter().zip([1, 3, 7, 9, 1, 3, 7, 9]).map(|(&x, w)| u32::from(x) * w).sum();
    u32::from(d[8]) == sum % 10
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/// Spanish and Tagalog month names whose first three letters differ from the English ones
/// (enero, abril, agosto, setiembre, diciembre; Pebrero, Hunyo, Hulyo, Oktubre, Nobyembre,
/// Disyembre); marzo/Marso, mayo, junio, julio, septiembre, octubre and noviembre start like theirs.
const MONTHS_OTHER: [(&str, u32); 11] = [
    ("ene", 1),
    ("abr", 4),
    ("ago", 8),
    ("set", 9),
    ("dic", 12),
    ("peb", 2),
    ("hun", 6),
    ("hul", 7),
    ("okt", 10),
    ("nob", 11),
    ("dis", 12),
];

fn days_in_month(month: u32, year: Option<u32>) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

fn valid_ymd(year: Option<u32>, month: u32, day: u32) -> bool {
    let year_ok = year.is_none_or(|y| y < 100 || (1850..=2150).contains(&y));
    year_ok && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(month, year)
}

/// A date that exists. Numbers are read US-style (m/d/y) first, then d/m/y; a leading
/// four-digit number is a year (y-m-d); a month name fixes the month.
fn identifier_shape(s: &str, digits: &[u8]) -> bool {
    let s = s.trim_start_matches('#').trim();
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    if digits.len() < if letters > 0 { 4 } else { 5 } {
        return false;
    }
    let groups: Vec<&str> = s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|g| !g.is_empty()).collect();
    let is_year = |g: &&str| {
        g.len() == 4 && (g.starts_with("19") || g.starts_with("20")) && g.bytes().all(|b| b.is_ascii_digit())
    };
    // 1958-2019, 2019.2023, and the academic year 2025-26: years, not a number.
    if groups.len() == 2 && (groups.iter().all(is_year) || is_year(&groups[0]) && groups[1].len() == 2) {
        return false;
    }
    // 4.12.0.7 (a version), 1234.56 (a quantity): dotted groups with short parts.
    if s.contains('.')
        && !s.contains('-')
        && (groups.first().is_some_and(|g| g.len() <= 2) || groups.last().is_some_and(|g| g.len() <= 2))
    {
        return false;
    }
    !date(s)
}

fn date(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    let mut month_name: Option<u32> = None;
    for token in lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()) {
        let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let suffix = &token[digits.len()..];
            if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 4 {
                return false;
            }
            let Ok(n) = digits.parse::<u32>() else { return false };
            numbers.push((n, digits.len()));
        } else if let Some(m) = MONTHS.iter().position(|m| token.starts_with(m)) {
            // "mar", "march", "sept": a month word must start with the month's abbreviation.
            month_name = Some(m as u32 + 1);
        } else if let Some(&(_, m)) = MONTHS_OTHER.iter().find(|(other, _)| token.starts_with(other)) {
            month_name = Some(m);
        }
    }
    match (month_name, numbers.as_slice()) {
        (Some(m), [(d, dl)]) if *dl <= 2 => valid_ymd(None, m, *d),
        (Some(m), [(d, dl), (y, yl)]) | (Some(m), [(y, yl), (d, dl)]) if *dl <= 2 && (*yl == 4 || *yl == 2) => {
            valid_ymd(Some(*y), m, *d)
        }
        (None, [(y, 4), (m, _), (d, _)]) => valid_ymd(Some(*y), *m, *d),
        (None, [(a, al), (b, bl)]) if *al <= 2 && *bl <= 2 => valid_ymd(None, *a, *b) || valid_ymd(None, *b, *a),
        (None, [(a, al), (b, bl), (y, yl)]) if *al <= 2 && *bl <= 2 && (*yl == 2 || *yl == 4) => {
            valid_ymd(Some(*y), *a, *b) || valid_ymd(Some(*y), *b, *a)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Validator::*;

    #[test]
    fn table() {
        let cases = [
            (Luhn, "4111 1111 1111 1111", true),
            (Handle, "gymgirl_thembi", true),
            (Handle, "nana.bakes", true),
            (Handle, "jdoe1961", true),
            (Handle, "literally", false),
            (Handle, "a_b", false),
            (Handle, "page.", false),
            (Luhn, "4111 1111 1111 1112", false),
            (Luhn, "79927398713", true),
            (Npi, "1234567893", true),
            (Npi, "1234567890", false),
            (Ssn, "523-11-0987", true),
            (NationalId, "7503155009083", true),
            (NationalId, "7503155009084", true),
            (NationalId, "7503155009583", false),
            (NationalId, "7513155009083", false),
            (NationalId, "900101-14-5678", true),
            (NationalId, "900101-17-5678", false),
            (NationalId, "901301-14-5678", false),
            (NationalId, "S1234567D", true),
            (NationalId, "S1234567E", true),
            (NationalId, "X1234567D", false),
            (NationalId, "1234567T", true),
            (NationalId, "1234567TW", true),
            (NationalId, "1234567FA", true),
            (NationalId, "1234567A", false),
            (AuMedicare, "3456 78917 1", true),
            (AuMedicare, "3456 78918 1", false),
            (AuMedicare, "7456 78917 1", false),
            (Ssn, "000-12-3456", false),
            (Ssn, "666-12-3456", false),
            (Ssn, "912-12-3456", false),
            (Ssn, "123-00-4567", false),
            (Ssn, "123-45-0000", false),
        ];
        for (v, text, want) in cases {
            assert_eq!(v.accepts(text), want, "{v:?} {text}");
        }
    }

    #[test]
    fn dea_check_digit() {
        // The textbook example: 1+3+5 + 2*(2+4+6) = 33, check digit 3.
        assert!(Dea.accepts("AB1234563"));
        assert!(Dea.accepts("BJ6125341"));
        assert!(Dea.accepts("M91234563"), "mid-level practitioners have 9 as second character");
        assert!(!Dea.accepts("AB1234567"), "wrong check digit");
        assert!(!Dea.accepts("IB1234563"), "I is not a registrant type");
        assert!(!Dea.accepts("AB123456"), "too short");
    }

    #[test]
    fn vin_check_digit() {
        for good in ["1HGCM82633A004352", "1M8GDM9AXKP042788", "11111111111111111"] {
            assert!(Vin.accepts(good), "{good}");
        }
        for bad in ["1HGCM82643A004352", "1M8GDM9A1KP042788", "1HGCM82633A00435", "1HGCM8263IA004352"] {
            assert!(!Vin.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn vin_shape_needs_letters_and_digits() {
        for good in ["WVWZZZ1KZ8W123456", "1HGCM82643A004352", "SALLAAA146A123456"] {
            assert!(VinShape.accepts(good), "{good}");
        }
        for bad in ["ABCDEFGHJKLMNPRST", "11111111111111112", "WVWZZZ1KZ8W12345", "WVWZZZ1KZ8W1234I6"] {
            assert!(!VinShape.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn mbi_positions() {
        // CMS's published example MBI.
        assert!(Mbi.accepts("1EG4-TE5-MK73"));
        assert!(Mbi.accepts("1EG4TE5MK73"));
        assert!(Mbi.accepts("9AA0A00AA00"));
        assert!(!Mbi.accepts("0EG4-TE5-MK73"), "first character is 1-9");
        assert!(!Mbi.accepts("1SG4-TE5-MK73"), "S is never used");
        assert!(!Mbi.accepts("1EG4-TE5-MK7B"), "position 11 is numeric");
        assert!(!Mbi.accepts("1EG4-TE5-MK7"), "too short");
    }

    #[test]
    fn identifier_shapes() {
        for good in [
            "0042881937",
            "X44901287",
            "EL-0047731",
            "E-55821",
            "#E-55821",
            "555.208.4410",
            "02114-2696",
            "2024-031178",
            "BX-3307-14",
            "99887766C",
        ] {
            assert!(IdentifierShape.accepts(good), "{good}");
        }
        for bad in [
            "2019",
            "X500",
            "1958-2019",
            "2025-26",
            "4.12.0.7",
            "1234.56",
            "03-14-2025",
            "2025-06-18",
            "14.03.2025",
            "12.5",
        ] {
            assert!(!IdentifierShape.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn dates_must_exist() {
        for good in [
            "03/14/1951",
            "3/14",
            "6/2",
            "11/23/24",
            "02-11-2025",
            "14/03/2024",
            "2024-03-14",
            "14-Mar-2024",
            "March 14th",
            "March 14th 1933",
            "Jan 5 1939",
            "Jan. 5, 1939",
            "the 14th of March",
            "Sept 12",
            "2/29/2024",
            "2 de mayo de 1935",
            "12 de octubre",
            "1 de enero",
            "ika-5 ng Hunyo",
            "31 de diciembre de 2024",
        ] {
            assert!(Date.accepts(good), "{good}");
        }
        for bad in [
            "2/30",
            "02/29/2023",
            "13/13/2020",
            "130/80",
            "4/31",
            "March 32nd",
            "30 de febrero",
            "ika-31 ng Hunyo",
            "2024-13-01",
            "0/5",
            "5 mg",
            "3/14/1700",
        ] {
            assert!(!Date.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn aba_routing_numbers() {
        assert!(Aba.accepts("011000015"));
        assert!(Aba.accepts("021000021"));
        assert!(Aba.accepts("122105155"));
        assert!(!Aba.accepts("021000022"));
        assert!(!Aba.accepts("000000000"));
        assert!(!Aba.accepts("12345678"));
    }

    #[test]
    fn ip_addresses() {
        assert!(Ipv4.accepts("192.168.14.27"));
        assert!(Ipv4.accepts("8.8.8.8"));
        assert!(!Ipv4.accepts("300.1.1.1"));
        assert!(!Ipv4.accepts("1.2.3"));
        assert!(Ipv6.accepts("2001:db8::8a2e:370:7334"));
        assert!(Ipv6.accepts("fe80::1"));
        assert!(!Ipv6.accepts("10:30:45"));
        assert!(!Ipv6.accepts("2001:db8:::1"));
        assert!(Ipv6.accepts("[::ffff:c000:280]"));
        // Valid addresses by the grammar, but times and ratios by their look.
        assert!(!Ipv6.accepts("10:20::30"));
        assert!(!Ipv6.accepts("1:2:3:4:5:6:7:8"));
    }

    #[test]
    fn nanp_phone_numbers() {
        assert!(Nanp.accepts("(617) 555-0143"));
        assert!(Nanp.accepts("+1 312 555 0177"));
        assert!(Nanp.accepts("6175550123"));
        assert!(!Nanp.accepts("(555) 010-2000"), "exchange cannot start with 0");
        assert!(!Nanp.accepts("123-456-7890"), "area code cannot start with 1");
        assert!(!Nanp.accepts("911-555-1234"), "N11 is a service code");
        assert!(!Nanp.accepts("555-0143"), "seven digits is not a full number");
    }

    #[test]
    fn identifiers_need_a_digit() {
        assert!(Identifier.accepts("PJN612345S"));
        assert!(Identifier.accepts("RZQ-448102"));
        assert!(!Identifier.accepts("numbers"));
        assert!(!Identifier.accepts("A1"));
    }

    #[test]
    fn uk_irish_australian_phone_numbers() {
        assert!(PhoneIntl.accepts("07700 900123"), "UK mobile (Ofcom drama range)");
        assert!(PhoneIntl.accepts("+44 7700 900123"));
        assert!(PhoneIntl.accepts("+44 (0)7700 900123"));
        assert!(PhoneIntl.accepts("020 7946 0018"), "London");
        assert!(PhoneIntl.accepts("0412 345 678"), "Australian mobile");
        assert!(PhoneIntl.accepts("(02) 9876 5432"), "Sydney");
        assert!(PhoneIntl.accepts("+61 412 345 678"));
        assert!(PhoneIntl.accepts("+353 87 123 4567"), "Irish mobile");
        assert!(!PhoneIntl.accepts("0412 345"), "too short");
        assert!(!PhoneIntl.accepts("00 44 12"), "international prefix, not a number");
        assert!(!PhoneIntl.accepts("+44 7700 9001"), "too short after +44");
        assert!(!PhoneIntl.accepts("2024 1234 5678"), "no trunk 0");
    }

    #[test]
    fn indian_african_and_filipino_mobile_numbers() {
        assert!(PhoneIntl.accepts("98451 22037"), "Indian mobile, no trunk 0");
        assert!(PhoneIntl.accepts("+91 98451 22037"));
        assert!(PhoneIntl.accepts("0300-1234567"), "Pakistani mobile");
        assert!(PhoneIntl.accepts("+234 803 555 2187"), "Nigerian mobile");
        assert!(PhoneIntl.accepts("+254 722 418 903"), "Kenyan mobile");
        assert!(PhoneIntl.accepts("+63 917 123 4567"), "Filipino mobile");
        assert!(PhoneIntl.accepts("+27 82 123 4567"), "South African mobile");
        assert!(!PhoneIntl.accepts("54321 12345"), "ten digits from 5 without a trunk 0");
        assert!(!PhoneIntl.accepts("+254 722 418"), "too short after +254");
    }

    #[test]
    fn nhs_numbers() {
        // 943 476 5919 is the NHS's own published example of a valid number.
        assert!(Nhs.accepts("943 476 5919"));
        assert!(Nhs.accepts("9434765919"));
        assert!(!Nhs.accepts("943 476 5918"), "wrong check digit");
        assert!(!Nhs.accepts("943 476 591"), "nine digits");
        // Weighted sum 2 for 000000001 + check: 11 - 2 = 9; a remainder giving 10 is never valid.
        assert!(Nhs.accepts("0000000019"));
        assert!(!Nhs.accepts("0000000060"), "remainder 1 gives 10, which no number can carry");
    }
}
