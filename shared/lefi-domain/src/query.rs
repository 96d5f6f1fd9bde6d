//! The query and its validation (V1–V7, V9): every failed rule is reported, each with
//! its stable code and the field it concerns. V8 (XML schema) is the XML channel's; its
//! code lives here so that every channel reports from one list.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::Benefit;
use crate::period::{PeriodError, PeriodLimit, QueryPeriod, parse_iso_date};
use crate::pnr::{Personnummer, PnrError};

/// A query as it arrives, before any rule is checked. Channels fill it from their own
/// wire format; benefit codes are catalogue codes ([`Benefit::code`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawQuery {
    pub personnummer: String,
    pub from: String,
    pub to: String,
    pub benefits: Vec<String>,
}

/// A query that passed V1–V7. Benefits are deduplicated and in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuery {
    pub personnummer: Personnummer,
    pub period: QueryPeriod,
    pub benefits: BTreeSet<Benefit>,
}

/// The stable error codes of `INVALID_QUERY` (SPEC §6). The strings never change: the
/// channels, the portal and partners' systems match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViolationCode {
    PnrFormat,
    PnrChecksum,
    PnrDate,
    DateFormat,
    FromAfterTo,
    DateInFuture,
    PeriodTooLong,
    NoBenefit,
    UnknownBenefit,
    XmlSchema,
}

impl ViolationCode {
    pub const ALL: [ViolationCode; 10] = [
        Self::PnrFormat,
        Self::PnrChecksum,
        Self::PnrDate,
        Self::DateFormat,
        Self::FromAfterTo,
        Self::DateInFuture,
        Self::PeriodTooLong,
        Self::NoBenefit,
        Self::UnknownBenefit,
        Self::XmlSchema,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PnrFormat => "PNR_FORMAT",
            Self::PnrChecksum => "PNR_CHECKSUM",
            Self::PnrDate => "PNR_DATE",
            Self::DateFormat => "DATE_FORMAT",
            Self::FromAfterTo => "FROM_AFTER_TO",
            Self::DateInFuture => "DATE_IN_FUTURE",
            Self::PeriodTooLong => "PERIOD_TOO_LONG",
            Self::NoBenefit => "NO_BENEFIT",
            Self::UnknownBenefit => "UNKNOWN_BENEFIT",
            Self::XmlSchema => "XML_SCHEMA",
        }
    }

    /// The rule the code reports.
    pub fn rule(self) -> &'static str {
        match self {
            Self::PnrFormat | Self::PnrChecksum | Self::PnrDate => "V1",
            Self::DateFormat => "V2",
            Self::FromAfterTo => "V3",
            Self::DateInFuture => "V4",
            Self::PeriodTooLong => "V5",
            Self::NoBenefit => "V6",
            Self::UnknownBenefit => "V7",
            Self::XmlSchema => "V8",
        }
    }

    /// A message for the person who made the mistake, in plain Swedish. It never
    /// repeats the value that was sent (it may be a personnummer).
    pub fn message_sv(self) -> &'static str {
        match self {
            Self::PnrFormat => {
                "Personnumret ska ha 10 eller 12 siffror, till exempel 19750412-2345."
            }
            Self::PnrChecksum => "Personnumret är inte giltigt: kontrollsiffran stämmer inte.",
            Self::PnrDate => {
                "Personnumret är inte giltigt: födelsedatumet finns inte eller ligger i framtiden."
            }
            Self::DateFormat => "Datumet ska skrivas ÅÅÅÅ-MM-DD och vara ett riktigt datum.",
            Self::FromAfterTo => "Fr.o.m.-datumet får inte vara senare än t.o.m.-datumet.",
            Self::DateInFuture => "Datumet får inte vara senare än dagens datum.",
            Self::PeriodTooLong => "Sökperioden får vara högst två år.",
            Self::NoBenefit => "Välj minst en förmån.",
            Self::UnknownBenefit => "Förmånen finns inte i LEFI Online.",
            Self::XmlSchema => "Frågan följer inte XML-schemat.",
        }
    }
}

impl std::fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of the query a violation concerns. Channels map it to their own field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Personnummer,
    From,
    To,
    /// Both dates together (V3, V5).
    Period,
    /// The benefit list as a whole (V6).
    Benefits,
    /// One entry of the benefit list, by its position as sent (V7).
    Benefit(usize),
    /// The document as a whole (V8).
    Document,
}

impl Field {
    /// The field's name in the v9 JSON request (`personnummer`, `period.from`, …).
    pub fn v9_name(self) -> String {
        match self {
            Self::Personnummer => "personnummer".into(),
            Self::From => "period.from".into(),
            Self::To => "period.tom".into(),
            Self::Period => "period".into(),
            Self::Benefits => "formansinformation".into(),
            Self::Benefit(i) => format!("formansinformation[{i}]"),
            Self::Document => "$".into(),
        }
    }
}

/// One failed rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Violation {
    pub code: ViolationCode,
    pub field: Field,
}

impl Violation {
    pub fn new(code: ViolationCode, field: Field) -> Self {
        Self { code, field }
    }

    /// V8: the XML channel's verdict that a document does not follow the schema. The
    /// document is not read further, so this is the only violation reported for it.
    pub fn xml_schema() -> Self {
        Self::new(ViolationCode::XmlSchema, Field::Document)
    }
}

/// Decides the longest period allowed for a set of benefits (V5 and the agreements'
/// exceptions). [`PeriodLimit`] itself is the policy without exceptions.
pub trait PeriodPolicy {
    fn limit_for(&self, benefits: &BTreeSet<Benefit>) -> PeriodLimit;
}

impl PeriodPolicy for PeriodLimit {
    fn limit_for(&self, _: &BTreeSet<Benefit>) -> PeriodLimit {
        *self
    }
}

impl RawQuery {
    /// Checks V1–V7 and reports every failed rule (V9), in field order.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use lefi_domain::{Field, PeriodLimit, RawQuery, ViolationCode};
    ///
    /// let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// let query = RawQuery {
    ///     personnummer: "195001019420".into(),
    ///     from: "2024-01-01".into(),
    ///     to: "2026-06-30".into(),
    ///     benefits: vec!["FK:SJP".into(), "FK:XYZ".into()],
    /// };
    /// let violations = query.validate(today, &PeriodLimit::STANDARD).unwrap_err();
    /// let found: Vec<_> = violations.iter().map(|v| (v.code.as_str(), v.field.v9_name())).collect();
    /// assert_eq!(
    ///     found,
    ///     [("PERIOD_TOO_LONG", "period".to_string()), ("UNKNOWN_BENEFIT", "formansinformation[1]".to_string())]
    /// );
    /// ```
    pub fn validate(
        &self,
        today: NaiveDate,
        policy: &impl PeriodPolicy,
    ) -> Result<ValidQuery, Vec<Violation>> {
        let mut violations = Vec::new();

        let personnummer = Personnummer::parse(&self.personnummer, today)
            .map_err(|errors| {
                violations.extend(errors.into_iter().map(|e| {
                    let code = match e {
                        PnrError::Format => ViolationCode::PnrFormat,
                        PnrError::Checksum => ViolationCode::PnrChecksum,
                        PnrError::Date => ViolationCode::PnrDate,
                    };
                    Violation::new(code, Field::Personnummer)
                }))
            })
            .ok();

        let mut benefits = BTreeSet::new();
        let mut benefit_violations = Vec::new();
        for (i, code) in self.benefits.iter().enumerate() {
            match Benefit::from_code(code.trim()) {
                Ok(b) => {
                    benefits.insert(b);
                }
                Err(_) => benefit_violations.push(Violation::new(
                    ViolationCode::UnknownBenefit,
                    Field::Benefit(i),
                )),
            }
        }
        if self.benefits.is_empty() {
            benefit_violations.push(Violation::new(ViolationCode::NoBenefit, Field::Benefits));
        }

        let date = |s: &str, field| {
            parse_iso_date(s.trim()).ok_or_else(|| Violation::new(ViolationCode::DateFormat, field))
        };
        let period = match (date(&self.from, Field::From), date(&self.to, Field::To)) {
            (Ok(from), Ok(to)) => QueryPeriod::new(from, to, today, policy.limit_for(&benefits))
                .map_err(|errors| {
                    violations.extend(errors.into_iter().map(|e| match e {
                        PeriodError::FromInFuture => {
                            Violation::new(ViolationCode::DateInFuture, Field::From)
                        }
                        PeriodError::ToInFuture => {
                            Violation::new(ViolationCode::DateInFuture, Field::To)
                        }
                        PeriodError::FromAfterTo => {
                            Violation::new(ViolationCode::FromAfterTo, Field::Period)
                        }
                        PeriodError::TooLong => {
                            Violation::new(ViolationCode::PeriodTooLong, Field::Period)
                        }
                    }))
                })
                .ok(),
            // A date that parses is still checked against today on its own (V4).
            (from, to) => {
                for (result, field) in [(from, Field::From), (to, Field::To)] {
                    match result {
                        Err(v) => violations.push(v),
                        Ok(d) if d > today => {
                            violations.push(Violation::new(ViolationCode::DateInFuture, field))
                        }
                        Ok(_) => {}
                    }
                }
                None
            }
        };
        violations.extend(benefit_violations);

        match (personnummer, period) {
            (Some(personnummer), Some(period)) if violations.is_empty() => Ok(ValidQuery {
                personnummer,
                period,
                benefits,
            }),
            _ => {
                violations.sort_by_key(|v| (v.field, v.code));
                Err(violations)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ViolationCode as C;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn raw(pnr: &str, from: &str, to: &str, benefits: &[&str]) -> RawQuery {
        RawQuery {
            personnummer: pnr.into(),
            from: from.into(),
            to: to.into(),
            benefits: benefits.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn codes(q: &RawQuery) -> Vec<(ViolationCode, Field)> {
        match q.validate(today(), &PeriodLimit::STANDARD) {
            Ok(_) => vec![],
            Err(v) => v.into_iter().map(|v| (v.code, v.field)).collect(),
        }
    }

    const SEED_PNR: &str = "195001019420";

    #[test]
    fn v9_a_valid_query_passes_with_deduplicated_benefits() {
        let q = raw(
            SEED_PNR,
            "2009-09-01",
            "2010-12-31",
            &["FK:SJP", "FK:SGI", "FK:SJP"],
        );
        let valid = q.validate(today(), &PeriodLimit::STANDARD).unwrap();
        assert_eq!(valid.personnummer.expose(), SEED_PNR);
        assert_eq!(
            valid.benefits.into_iter().collect::<Vec<_>>(),
            [Benefit::Sjukpenning, Benefit::SjukpenninggrundandeInkomst]
        );
    }

    #[test]
    fn v1_bad_personnummer_is_reported_on_its_field() {
        assert_eq!(
            codes(&raw("19500101942", "2024-01-01", "2024-12-31", &["FK:SJP"])),
            [(C::PnrFormat, Field::Personnummer)]
        );
        assert_eq!(
            codes(&raw(
                "195001019421",
                "2024-01-01",
                "2024-12-31",
                &["FK:SJP"]
            )),
            [(C::PnrChecksum, Field::Personnummer)]
        );
    }

    #[test]
    fn v2_v3_v4_v5_period_rules_are_reported_on_their_fields() {
        let b = &["FK:SJP"];
        assert_eq!(
            codes(&raw(SEED_PNR, "2024-02-30", "2024-12-31", b)),
            [(C::DateFormat, Field::From)]
        );
        assert_eq!(
            codes(&raw(SEED_PNR, "2024-12-31", "2024-01-01", b)),
            [(C::FromAfterTo, Field::Period)]
        );
        assert_eq!(
            codes(&raw(SEED_PNR, "2026-01-01", "2026-12-01", b)),
            [(C::DateInFuture, Field::To)]
        );
        assert_eq!(
            codes(&raw(SEED_PNR, "2020-01-01", "2022-01-01", b)),
            [(C::PeriodTooLong, Field::Period)]
        );
        // V4 is still checked on a date whose partner is malformed.
        assert_eq!(
            codes(&raw(SEED_PNR, "2027-01-01", "idag", b)),
            [(C::DateInFuture, Field::From), (C::DateFormat, Field::To)]
        );
    }

    #[test]
    fn v6_v7_benefit_rules_name_the_offending_entry() {
        assert_eq!(
            codes(&raw(SEED_PNR, "2024-01-01", "2024-12-31", &[])),
            [(C::NoBenefit, Field::Benefits)]
        );
        assert_eq!(
            codes(&raw(
                SEED_PNR,
                "2024-01-01",
                "2024-12-31",
                &["FK:SJP", "FK:MEK", "x"]
            )),
            [
                (C::UnknownBenefit, Field::Benefit(1)),
                (C::UnknownBenefit, Field::Benefit(2))
            ]
        );
    }

    #[test]
    fn v9_every_failed_rule_is_reported_not_just_the_first() {
        let all_wrong = raw("19500101-942X", "2024-13-01", "2030-01-01", &["FK:NOPE"]);
        assert_eq!(
            codes(&all_wrong),
            [
                (C::PnrFormat, Field::Personnummer),
                (C::DateFormat, Field::From),
                (C::DateInFuture, Field::To),
                (C::UnknownBenefit, Field::Benefit(0)),
            ]
        );
    }

    #[test]
    fn v5_the_policy_decides_the_limit_from_the_benefits_asked() {
        struct LongForSgi;
        impl PeriodPolicy for LongForSgi {
            fn limit_for(&self, b: &BTreeSet<Benefit>) -> PeriodLimit {
                let only_sgi = b.iter().all(|b| *b == Benefit::SjukpenninggrundandeInkomst);
                if only_sgi {
                    PeriodLimit::months(120)
                } else {
                    PeriodLimit::STANDARD
                }
            }
        }
        let q = |b: &[&str]| raw(SEED_PNR, "2016-01-01", "2024-12-31", b);
        assert!(q(&["FK:SGI"]).validate(today(), &LongForSgi).is_ok());
        let err = q(&["FK:SGI", "FK:SJP"])
            .validate(today(), &LongForSgi)
            .unwrap_err();
        assert_eq!(err, [Violation::new(C::PeriodTooLong, Field::Period)]);
    }

    #[test]
    fn v8_a_schema_failure_is_reported_on_the_whole_document() {
        let v = Violation::xml_schema();
        assert_eq!((v.code.as_str(), v.code.rule()), ("XML_SCHEMA", "V8"));
        assert_eq!(v.field, Field::Document);
        assert_eq!(v.field.v9_name(), "$");
    }

    #[test]
    fn v9_codes_are_stable_strings_with_a_rule_and_a_message() {
        let names: Vec<_> = ViolationCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "PNR_FORMAT",
                "PNR_CHECKSUM",
                "PNR_DATE",
                "DATE_FORMAT",
                "FROM_AFTER_TO",
                "DATE_IN_FUTURE",
                "PERIOD_TOO_LONG",
                "NO_BENEFIT",
                "UNKNOWN_BENEFIT",
                "XML_SCHEMA",
            ]
        );
        for c in ViolationCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert!(c.rule().starts_with('V'));
            assert!(c.message_sv().ends_with('.'));
        }
    }
}
