//! Organisation numbers (P1, P2): how partners are identified.
//!
//! Accepted, after trimming surrounding whitespace: `NNNNNNNNNN`, `NNNNNN-NNNN`, and
//! `16NNNNNNNNNN` (the form in certificates' serialNumber; no separator there). The
//! last digit is the Luhn check digit of the nine before it, and the third digit is at
//! least 2, which marks a legal entity. Sole traders (enskild näringsidkare) use their
//! personnummer as organisation number; they are out of scope and rejected as
//! [`OrgnrError::NotLegalEntity`]. The canonical form is 10 digits without separator.
//!
//! Organisation numbers are public, so `Debug` and `Display` show them.

use crate::pnr::luhn_check_digit;

/// A valid Swedish organisation number of a legal entity, 10 digits.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Organisationsnummer {
    digits: String,
}

impl Organisationsnummer {
    /// Parses `NNNNNNNNNN`, `NNNNNN-NNNN` or `16NNNNNNNNNN`. A wrong shape is `Format`;
    /// a bad check digit is reported before a third digit below 2, as a typo makes the
    /// third digit meaningless.
    pub fn parse(input: &str) -> Result<Self, OrgnrError> {
        let s = input.trim();
        let ten = match s.len() {
            10 => s,
            11 if s.as_bytes()[6] == b'-' => {
                // Byte 6 is ASCII, so both halves lie on character boundaries.
                return Self::parse_ten(&format!("{}{}", &s[..6], &s[7..]));
            }
            12 if s.starts_with("16") => &s[2..],
            _ => return Err(OrgnrError::Format),
        };
        Self::parse_ten(ten)
    }

    fn parse_ten(s: &str) -> Result<Self, OrgnrError> {
        if s.len() != 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OrgnrError::Format);
        }
        let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        if luhn_check_digit(&d[..9]) != d[9] {
            return Err(OrgnrError::Checksum);
        }
        if d[2] < 2 {
            return Err(OrgnrError::NotLegalEntity);
        }
        Ok(Self {
            digits: s.to_owned(),
        })
    }

    /// The canonical 10 digits, without separator.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// `16` followed by the 10 digits, as in certificates' serialNumber.
    pub fn with_16_prefix(&self) -> String {
        format!("16{}", self.digits)
    }

    /// The first digit: the kind of organisation (2 public sector, 5 limited company, …).
    pub fn group(&self) -> u8 {
        self.digits.as_bytes()[0] - b'0'
    }
}

impl std::fmt::Display for Organisationsnummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.digits)
    }
}

impl std::str::FromStr for Organisationsnummer {
    type Err = OrgnrError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Organisationsnummer {
    type Error = OrgnrError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Organisationsnummer> for String {
    fn from(o: Organisationsnummer) -> Self {
        o.digits
    }
}

/// Why a string is not a valid organisation number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum OrgnrError {
    /// Not `NNNNNNNNNN`, `NNNNNN-NNNN` or `16NNNNNNNNNN`.
    #[error("organisationsnumret har fel format")]
    Format,
    /// The last digit is not the Luhn check digit of the nine before it.
    #[error("organisationsnumrets kontrollsiffra stämmer inte")]
    Checksum,
    /// Third digit below 2: a personnummer (a sole trader), not a legal entity.
    #[error("organisationsnumret tillhör inte en juridisk person")]
    NotLegalEntity,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(s: &str) -> Organisationsnummer {
        Organisationsnummer::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn orgnr_known_numbers_are_valid() {
        // Försäkringskassan, a limited company, a municipality pattern.
        for n in ["2021005521", "5562875392", "2120000142"] {
            assert_eq!(ok(n).as_str(), n);
            let d: Vec<u8> = n.bytes().map(|b| b - b'0').collect();
            assert_eq!(luhn_check_digit(&d[..9]), d[9]);
        }
        assert_eq!(ok("2021005521").group(), 2);
        assert_eq!(ok("5562875392").group(), 5);
    }

    #[test]
    fn orgnr_accepted_forms_share_one_canonical_form() {
        for input in [
            "5562875392",
            "556287-5392",
            "165562875392",
            "  556287-5392\n",
        ] {
            assert_eq!(ok(input).as_str(), "5562875392", "{input}");
        }
        let o = ok("202100-5521");
        assert_eq!(o.with_16_prefix(), "162021005521");
        assert_eq!(o.to_string(), "2021005521");
        assert_eq!(
            format!("{o:?}"),
            r#"Organisationsnummer { digits: "2021005521" }"#
        );
        assert_eq!("2021005521".parse::<Organisationsnummer>(), Ok(o));
    }

    #[test]
    fn orgnr_bad_shapes_are_format() {
        for bad in [
            "",
            "556287539",
            "55628753921",
            "556287+5392",
            "55628-75392",
            "5562875-392",
            "556287--5392",
            "556287539X",
            "556287 5392",
            "16556287-5392",
            "175562875392",
            "1655628753920",
            "SE5562875392",
            "556287\u{2013}5392",
            "１６５５６２８７５３９２",
        ] {
            assert_eq!(
                Organisationsnummer::parse(bad),
                Err(OrgnrError::Format),
                "{bad}"
            );
        }
    }

    #[test]
    fn orgnr_luhn_mismatch_is_checksum() {
        for bad in ["5562875393", "556287-5391", "165562875390", "2021005520"] {
            assert_eq!(
                Organisationsnummer::parse(bad),
                Err(OrgnrError::Checksum),
                "{bad}"
            );
        }
    }

    #[test]
    fn orgnr_personnummer_is_not_legal_entity() {
        // Valid personnummer (third digit = month's first digit, 0 or 1).
        for pnr in ["5001019420", "8112189876", "500101-9420"] {
            assert_eq!(
                Organisationsnummer::parse(pnr),
                Err(OrgnrError::NotLegalEntity),
                "{pnr}"
            );
        }
    }

    #[test]
    fn orgnr_serde_uses_canonical_string_and_validates() {
        let o: Organisationsnummer = serde_json::from_str(r#""556287-5392""#).expect("valid orgnr");
        assert_eq!(
            serde_json::to_string(&o).expect("serialise"),
            r#""5562875392""#
        );
        assert!(serde_json::from_str::<Organisationsnummer>(r#""5562875393""#).is_err());
    }

    fn valid_orgnr() -> impl Strategy<Value = String> {
        (proptest::collection::vec(0u8..10, 9), 2u8..10).prop_map(|(mut d, third)| {
            d[2] = third;
            let c = luhn_check_digit(&d);
            d.push(c);
            d.iter().map(|&x| char::from(b'0' + x)).collect()
        })
    }

    proptest! {
        #[test]
        fn orgnr_prop_valid_forms_round_trip(n in valid_orgnr()) {
            let o = Organisationsnummer::parse(&n).map_err(|e| TestCaseError::fail(format!("{n}: {e:?}")))?;
            prop_assert_eq!(o.as_str(), n.as_str());
            prop_assert_eq!(Organisationsnummer::parse(&o.with_16_prefix()), Ok(o.clone()));
            let dashed = format!("{}-{}", &n[..6], &n[6..]);
            prop_assert_eq!(Organisationsnummer::parse(&dashed), Ok(o));
        }

        #[test]
        fn orgnr_prop_single_digit_change_is_checksum(n in valid_orgnr(), pos in 0usize..10, delta in 1u8..=9) {
            let mut b = n.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(b).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(Organisationsnummer::parse(&changed), Err(OrgnrError::Checksum));
        }

        #[test]
        fn orgnr_prop_parse_never_panics(s in "\\PC*") {
            let _ = Organisationsnummer::parse(&s);
        }

        #[test]
        fn orgnr_prop_parse_never_panics_on_digit_heavy(s in "(16)?[0-9]{0,7}-?[0-9]{0,5}") {
            if let Ok(o) = Organisationsnummer::parse(&s) {
                prop_assert_eq!(o.as_str().len(), 10);
            }
        }
    }
}
