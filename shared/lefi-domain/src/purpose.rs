//! Purpose, legal basis and case reference (A4): three optional, additive fields a query
//! may carry, beyond the v9 contract (SSBTEK and X-Road carry the same). They are the
//! partner's words: bounded, from a plain set of characters, audited sealed, never
//! logged. An agreement may make any of them mandatory ([`crate::Agreement`]'s
//! `required_purpose`); a missing one is then a violation like any V-rule (V9).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::query::{Field, Violation, ViolationCode};

/// One of the three fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurposeField {
    /// Syfte: why the partner asks.
    Purpose,
    /// Rättslig grund: the law or decision that lets it ask.
    LegalBasis,
    /// Ärendereferens: the partner's own case number.
    CaseReference,
}

impl PurposeField {
    pub const ALL: [PurposeField; 3] = [Self::Purpose, Self::LegalBasis, Self::CaseReference];

    /// The longest text allowed, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            Self::Purpose | Self::LegalBasis => 200,
            Self::CaseReference => 64,
        }
    }

    /// The field's name in the v9 JSON request (our additive extension).
    pub fn v9_name(self) -> &'static str {
        match self {
            Self::Purpose => "syfte",
            Self::LegalBasis => "rattsligGrund",
            Self::CaseReference => "arendereferens",
        }
    }

    /// The field's name in the XML query (`Fraga`) and the SSEK body.
    pub fn xml_name(self) -> &'static str {
        match self {
            Self::Purpose => "Syfte",
            Self::LegalBasis => "RattsligGrund",
            Self::CaseReference => "Arendereferens",
        }
    }

    /// The field's label in Swedish.
    pub fn name_sv(self) -> &'static str {
        match self {
            Self::Purpose => "Syfte",
            Self::LegalBasis => "Rättslig grund",
            Self::CaseReference => "Ärendereferens",
        }
    }

    /// Whether a character may appear: letters and digits of any script (å, ä, ö, é …),
    /// the space, and the punctuation of ordinary Swedish prose and case numbers; for a
    /// case reference only what case numbers use. No control characters, no line breaks,
    /// no markup (`<`, `>`), so the text is safe in every channel and in a table.
    pub fn allows(self, c: char) -> bool {
        match self {
            Self::Purpose | Self::LegalBasis => {
                c.is_alphanumeric() || c == ' ' || ".,:;-–/()§&'\"+_#%?!".contains(c)
            }
            Self::CaseReference => c.is_alphanumeric() || c == ' ' || "-/.:_#".contains(c),
        }
    }
}

/// The three fields as sent. Absent, empty and blank are the same: not stated.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Purpose {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_reference: Option<String>,
}

impl std::fmt::Debug for Purpose {
    // The partner's words may name a person: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stated: Vec<_> = PurposeField::ALL
            .into_iter()
            .filter(|p| self.get(*p).is_some())
            .collect();
        f.debug_struct("Purpose").field("stated", &stated).finish()
    }
}

impl Purpose {
    pub fn new(
        purpose: Option<String>,
        legal_basis: Option<String>,
        case_reference: Option<String>,
    ) -> Self {
        Self {
            purpose,
            legal_basis,
            case_reference,
        }
    }

    /// A field's text, trimmed; `None` when absent or blank.
    pub fn get(&self, field: PurposeField) -> Option<&str> {
        let value = match field {
            PurposeField::Purpose => &self.purpose,
            PurposeField::LegalBasis => &self.legal_basis,
            PurposeField::CaseReference => &self.case_reference,
        };
        value.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// Nothing stated.
    pub fn is_empty(&self) -> bool {
        PurposeField::ALL.iter().all(|f| self.get(*f).is_none())
    }

    /// A4: every stated field within its length and characters, and every field the
    /// agreement requires stated. Every failure is reported (V9), in field order.
    pub fn check(&self, required: &BTreeSet<PurposeField>) -> Vec<Violation> {
        let mut violations = Vec::new();
        for field in PurposeField::ALL {
            let at = Field::Purpose(field);
            match self.get(field) {
                None if required.contains(&field) => {
                    violations.push(Violation::new(ViolationCode::PurposeRequired, at))
                }
                None => {}
                Some(text) => {
                    if text.chars().count() > field.max_chars() {
                        violations.push(Violation::new(ViolationCode::PurposeTooLong, at));
                    }
                    if !text.chars().all(|c| field.allows(c)) {
                        violations.push(Violation::new(ViolationCode::PurposeCharacters, at));
                    }
                }
            }
        }
        violations
    }

    /// The fields trimmed, blanks dropped: what a valid query carries on.
    pub fn cleaned(&self) -> Purpose {
        let get = |f| self.get(f).map(str::to_owned);
        Purpose::new(
            get(PurposeField::Purpose),
            get(PurposeField::LegalBasis),
            get(PurposeField::CaseReference),
        )
    }

    /// What the audit keeps of any query, valid or not (P5, A4): each field trimmed and
    /// cut to its bound, so a flood of long texts cannot grow the audit.
    pub fn bounded(&self) -> Purpose {
        let get = |f: PurposeField| {
            self.get(f)
                .map(|s| s.chars().take(f.max_chars()).collect::<String>())
        };
        Purpose::new(
            get(PurposeField::Purpose),
            get(PurposeField::LegalBasis),
            get(PurposeField::CaseReference),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ViolationCode as C;

    fn all_required() -> BTreeSet<PurposeField> {
        PurposeField::ALL.into()
    }

    fn found(p: &Purpose, required: &BTreeSet<PurposeField>) -> Vec<(ViolationCode, Field)> {
        p.check(required)
            .into_iter()
            .map(|v| (v.code, v.field))
            .collect()
    }

    #[test]
    fn a4_nothing_stated_is_valid_unless_the_agreement_requires_it() {
        assert!(found(&Purpose::default(), &BTreeSet::new()).is_empty());
        let blank = Purpose::new(Some("  ".into()), Some(String::new()), None);
        assert!(blank.is_empty());
        assert_eq!(
            found(&blank, &all_required()),
            [
                (C::PurposeRequired, Field::Purpose(PurposeField::Purpose)),
                (C::PurposeRequired, Field::Purpose(PurposeField::LegalBasis)),
                (
                    C::PurposeRequired,
                    Field::Purpose(PurposeField::CaseReference)
                ),
            ]
        );
    }

    #[test]
    fn a4_swedish_prose_and_case_numbers_are_accepted_and_trimmed() {
        let p = Purpose::new(
            Some(" Utredning av rätt till försörjningsstöd (ekonomiskt bistånd) ".into()),
            Some("4 kap. 1 § socialtjänstlagen (2001:453)".into()),
            Some("SOC 2026/1234-5".into()),
        );
        assert!(found(&p, &all_required()).is_empty());
        assert_eq!(
            p.cleaned().purpose.as_deref(),
            Some("Utredning av rätt till försörjningsstöd (ekonomiskt bistånd)")
        );
    }

    #[test]
    fn a4_every_field_too_long_or_with_a_forbidden_character_is_reported() {
        let p = Purpose::new(
            Some("x".repeat(201)),
            Some("rad ett\nrad två <b>".into()),
            Some(format!("{}§", "1".repeat(64))),
        );
        assert_eq!(
            found(&p, &BTreeSet::new()),
            [
                (C::PurposeTooLong, Field::Purpose(PurposeField::Purpose)),
                (
                    C::PurposeCharacters,
                    Field::Purpose(PurposeField::LegalBasis)
                ),
                (
                    C::PurposeTooLong,
                    Field::Purpose(PurposeField::CaseReference)
                ),
                (
                    C::PurposeCharacters,
                    Field::Purpose(PurposeField::CaseReference)
                ),
            ]
        );
        // Exactly at the bound is fine; counted in characters, not bytes.
        let at_bound = Purpose::new(Some("å".repeat(200)), None, Some("Ä".repeat(64)));
        assert!(found(&at_bound, &BTreeSet::new()).is_empty());
    }

    #[test]
    fn a4_the_audit_keeps_each_field_cut_to_its_bound() {
        let p = Purpose::new(Some("å".repeat(5000)), None, Some(" ref ".into()));
        let b = p.bounded();
        assert_eq!(b.purpose.as_deref().map(|s| s.chars().count()), Some(200));
        assert_eq!(b.case_reference.as_deref(), Some("ref"));
        assert_eq!(b.legal_basis, None);
    }

    #[test]
    fn a4_debug_never_shows_the_text() {
        let p = Purpose::new(Some("Hemlig Person 19500101".into()), None, None);
        let shown = format!("{p:?}");
        assert!(!shown.contains("Hemlig"), "{shown}");
        assert!(shown.contains("Purpose"), "{shown}");
    }
}
