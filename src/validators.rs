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
}

impl Validator {
    /// True when `matched` passes this check.
    pub fn accepts(self, matched: &str) -> bool {
        let digits = digits_of(matched);
        match self {
            Validator::Luhn => digits.len() >= 2 && luhn(&digits),
            Validator::Npi => npi(&digits),
            Validator::Ssn => ssn(&digits),
        }
    }
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect()
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

#[cfg(test)]
mod tests {
    use super::Validator::*;

    #[test]
    fn table() {
        let cases = [
            (Luhn, "4111 1111 1111 1111", true),
            (Luhn, "4111 1111 1111 1112", false),
            (Luhn, "79927398713", true),
            (Npi, "1234567893", true),
            (Npi, "1234567890", false),
            (Ssn, "523-11-0987", true),
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
}
