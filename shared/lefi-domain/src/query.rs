//! The query and its validation (V1–V7, V9): every failed rule is reported, each with
//! its stable code and the field it concerns. V8 (XML schema) is the XML channel's; its
//! code lives here so that every channel reports from one list.
//!
//! A query asks in the lists of the v9 contract ([`V9List`]); the XML query mirrors them
//! and the portal fills them from its checkboxes. Validation checks each code against
//! its own list's enum (V7) and says what it asks for ([`Named`]); what the partner may
//! then see is the one authorization's ([`crate::authorize`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Benefit, Named, V9List, resolve};
use crate::period::{PeriodError, PeriodLimit, QueryPeriod, parse_iso_date};
use crate::pnr::{Personnummer, PnrError};
use crate::purpose::{Purpose, PurposeField};

/// One code as sent, in the list it was sent in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawCode {
    pub list: V9List,
    pub code: String,
}

impl RawCode {
    pub fn new(list: V9List, code: impl Into<String>) -> Self {
        Self {
            list,
            code: code.into(),
        }
    }
}

/// A query as it arrives, before any rule is checked. Channels fill it from their own
/// wire format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawQuery {
    pub personnummer: String,
    pub from: String,
    pub to: String,
    /// Every code of every list, in the order sent (list by list).
    pub asked: Vec<RawCode>,
    /// Whether the service's own codes (`LEFI:UTB`) are accepted: the XML channel, SSEK
    /// and the portal publish them; v9 JSON does not (V7).
    #[serde(default)]
    pub own_codes: bool,
    /// A4: purpose, legal basis and case reference, when the channel carried them.
    #[serde(default, skip_serializing_if = "Purpose::is_empty")]
    pub purpose: Purpose,
}

impl RawQuery {
    /// What the audit records as asked (P5): `list/code` for each code as sent, at most
    /// 64 codes of 32 characters — the partner's words, bounded, never personal data.
    pub fn audit_codes(&self) -> Vec<String> {
        self.asked
            .iter()
            .take(64)
            .map(|c| {
                let code: String = c.code.chars().take(32).collect();
                format!("{}/{code}", c.list.name())
            })
            .collect()
    }

    /// A query in the seed's terms (the portal's checkboxes, SPEC C2): each catalogue
    /// code asks for every part of its benefit, in the lists v9 keeps them in; the
    /// seed's "Utbetalning" is `LEFI:UTB`. A code outside the catalogue is kept, in
    /// `formansinformation`, for V7 to report.
    pub fn of_benefits(personnummer: &str, from: &str, to: &str, codes: &[&str]) -> RawQuery {
        let asked = codes
            .iter()
            .flat_map(|code| match Benefit::from_code(code) {
                Ok(Benefit::Utbetalning) => {
                    vec![RawCode::new(
                        V9List::Utbetalningar,
                        crate::catalogue::UTBETALNING_CODE,
                    )]
                }
                Ok(b) => b
                    .asks()
                    .iter()
                    .map(|(l, c, _)| RawCode::new(*l, *c))
                    .collect(),
                Err(_) => vec![RawCode::new(V9List::Formansinformation, *code)],
            })
            .collect();
        RawQuery {
            personnummer: personnummer.into(),
            from: from.into(),
            to: to.into(),
            asked,
            own_codes: true,
            purpose: Purpose::default(),
        }
    }
}

/// One valid asked-for code: where it was sent and what it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ask {
    pub list: V9List,
    /// The code, as the contract (or the service, for `LEFI:UTB`) spells it.
    pub code: &'static str,
    pub named: Named,
}

/// A query that passed V1–V7. Each list holds each code once, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidQuery {
    pub personnummer: Personnummer,
    pub period: QueryPeriod,
    pub asked: Vec<Ask>,
    /// A4: what was stated, trimmed (empty when nothing was).
    pub purpose: Purpose,
}

impl ValidQuery {
    /// The benefits the query names (V5's exceptions are per benefit): `LEFI:UTB` names
    /// the seed's "Utbetalning".
    pub fn benefits(&self) -> BTreeSet<Benefit> {
        benefits_named(self.asked.iter().map(|a| a.named))
    }
}

fn benefits_named(named: impl Iterator<Item = Named>) -> BTreeSet<Benefit> {
    named
        .filter_map(|n| match n {
            Named::Part(b, _) | Named::Payments(b) => Some(b),
            Named::AllPayments => Some(Benefit::Utbetalning),
            Named::PersonData | Named::NotDelivered => None,
        })
        .collect()
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
    DuplicateCode,
    XmlSchema,
    PurposeRequired,
    PurposeTooLong,
    PurposeCharacters,
}

impl ViolationCode {
    pub const ALL: [ViolationCode; 14] = [
        Self::PnrFormat,
        Self::PnrChecksum,
        Self::PnrDate,
        Self::DateFormat,
        Self::FromAfterTo,
        Self::DateInFuture,
        Self::PeriodTooLong,
        Self::NoBenefit,
        Self::UnknownBenefit,
        Self::DuplicateCode,
        Self::XmlSchema,
        Self::PurposeRequired,
        Self::PurposeTooLong,
        Self::PurposeCharacters,
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
            Self::DuplicateCode => "DUPLICATE_CODE",
            Self::XmlSchema => "XML_SCHEMA",
            Self::PurposeRequired => "PURPOSE_REQUIRED",
            Self::PurposeTooLong => "PURPOSE_TOO_LONG",
            Self::PurposeCharacters => "PURPOSE_CHARACTERS",
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
            Self::UnknownBenefit | Self::DuplicateCode => "V7",
            Self::XmlSchema => "V8",
            Self::PurposeRequired | Self::PurposeTooLong | Self::PurposeCharacters => "A4",
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
            Self::NoBenefit => "Välj minst en förmån eller typ av övrig information.",
            Self::UnknownBenefit => "Koden finns inte bland kontraktets koder för den här listan.",
            Self::DuplicateCode => "Samma kod får bara förekomma en gång i varje lista.",
            Self::XmlSchema => "Frågan följer inte XML-schemat.",
            Self::PurposeRequired => {
                "Avtalet kräver att frågan anger det här fältet (syfte, rättslig grund eller ärendereferens)."
            }
            Self::PurposeTooLong => {
                "Texten är för lång: syfte och rättslig grund får vara högst 200 tecken, ärendereferens högst 64."
            }
            Self::PurposeCharacters => {
                "Texten får bara innehålla bokstäver, siffror, mellanslag och vanliga skiljetecken, utan radbrytningar."
            }
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
    /// The lists of codes as a whole (V6).
    Benefits,
    /// One code of one list, by its position in that list as sent (V7).
    Code(V9List, usize),
    /// The document as a whole (V8).
    Document,
    /// One of the additive fields of A4.
    Purpose(PurposeField),
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
            Self::Code(list, i) => format!("{}[{i}]", list.name()),
            Self::Document => "$".into(),
            Self::Purpose(p) => p.v9_name().into(),
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

    /// A4: the additive fields the agreement makes mandatory; none by default.
    fn required_purpose(&self) -> BTreeSet<PurposeField> {
        BTreeSet::new()
    }
}

impl PeriodPolicy for PeriodLimit {
    fn limit_for(&self, _: &BTreeSet<Benefit>) -> PeriodLimit {
        *self
    }
}

impl RawQuery {
    /// Checks V1–V7 and reports every failed rule (V9), in field order.
    ///
    /// V6: at least one code in some list; person data (`FK:GEPI`) alone is a valid query.
    /// V7: each code must be in its list's v9 enum (or, where `own_codes`, the service's
    /// `LEFI:UTB` in `utbetalningar`), and only once per list. A v9 code the service does
    /// not deliver is valid here: the authorization answers it with a deviation.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use lefi_domain::{Field, PeriodLimit, RawQuery, ViolationCode};
    ///
    /// let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// use lefi_domain::catalogue::V9List;
    /// use lefi_domain::query::RawCode;
    /// let query = RawQuery {
    ///     personnummer: "195001019420".into(),
    ///     from: "2024-01-01".into(),
    ///     to: "2026-06-30".into(),
    ///     asked: vec![
    ///         RawCode::new(V9List::Formansinformation, "FK:SJP"),
    ///         RawCode::new(V9List::Formansinformation, "FK:XYZ"),
    ///     ],
    ///     own_codes: false,
    ///     purpose: Default::default(),
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

        let mut asked = Vec::new();
        let mut code_violations = Vec::new();
        let mut position = std::collections::BTreeMap::<V9List, usize>::new();
        let mut seen = BTreeSet::new();
        for raw in &self.asked {
            let index = position.entry(raw.list).or_default();
            let field = Field::Code(raw.list, *index);
            *index += 1;
            match resolve(raw.list, raw.code.trim(), self.own_codes) {
                None => code_violations.push(Violation::new(ViolationCode::UnknownBenefit, field)),
                // v9 declares every list `uniqueItems`.
                Some((code, _)) if !seen.insert((raw.list, code)) => {
                    code_violations.push(Violation::new(ViolationCode::DuplicateCode, field))
                }
                Some((code, named)) => asked.push(Ask {
                    list: raw.list,
                    code,
                    named,
                }),
            }
        }
        // V6: v9 refuses a query that names no group and no övrig type at all.
        if self.asked.is_empty() {
            code_violations.push(Violation::new(ViolationCode::NoBenefit, Field::Benefits));
        }
        let benefits = benefits_named(asked.iter().map(|a| a.named));

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
        violations.extend(code_violations);
        violations.extend(self.purpose.check(&policy.required_purpose()));

        match (personnummer, period) {
            (Some(personnummer), Some(period)) if violations.is_empty() => Ok(ValidQuery {
                personnummer,
                period,
                asked,
                purpose: self.purpose.cleaned(),
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

    /// A query with codes given as `list:code`-less catalogue codes, each in its
    /// benefit's main list (`FK:SGI` in övrig information, `PM:AP` in ansprak, …);
    /// anything else in `formansinformation`.
    fn raw(pnr: &str, from: &str, to: &str, codes: &[&str]) -> RawQuery {
        let list = |code: &str| {
            Benefit::from_code(code)
                .map(Benefit::v9_list)
                .unwrap_or(V9List::Formansinformation)
        };
        RawQuery {
            personnummer: pnr.into(),
            from: from.into(),
            to: to.into(),
            asked: codes.iter().map(|c| RawCode::new(list(c), *c)).collect(),
            own_codes: false,
            purpose: Purpose::default(),
        }
    }

    fn with(list: V9List, codes: &[&str]) -> RawQuery {
        RawQuery {
            asked: codes.iter().map(|c| RawCode::new(list, *c)).collect(),
            ..raw(SEED_PNR, "2024-01-01", "2024-12-31", &[])
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
    fn v9_a_valid_query_passes_and_says_what_each_code_asks_for() {
        let mut q = raw(SEED_PNR, "2009-09-01", "2010-12-31", &["FK:SJP", "FK:SGI"]);
        q.asked.push(RawCode::new(V9List::Utbetalningar, "FK:SJP"));
        let valid = q.validate(today(), &PeriodLimit::STANDARD).unwrap();
        assert_eq!(valid.personnummer.expose(), SEED_PNR);
        let named: Vec<_> = valid
            .asked
            .iter()
            .map(|a| (a.list, a.code, a.named))
            .collect();
        assert_eq!(
            named,
            [
                (
                    V9List::Formansinformation,
                    "FK:SJP",
                    Named::Part(Benefit::Sjukpenning, crate::catalogue::Part::Cases)
                ),
                (
                    V9List::OvrigInformation,
                    "FK:SGI",
                    Named::Part(
                        Benefit::SjukpenninggrundandeInkomst,
                        crate::catalogue::Part::Info
                    )
                ),
                (
                    V9List::Utbetalningar,
                    "FK:SJP",
                    Named::Payments(Benefit::Sjukpenning)
                ),
            ]
        );
        assert_eq!(
            valid.benefits().into_iter().collect::<Vec<_>>(),
            [Benefit::Sjukpenning, Benefit::SjukpenninggrundandeInkomst]
        );
    }

    #[test]
    fn v6_person_data_alone_is_a_valid_query() {
        let q = with(V9List::OvrigInformation, &["FK:GEPI"]);
        let valid = q.validate(today(), &PeriodLimit::STANDARD).unwrap();
        assert_eq!(valid.asked.len(), 1);
        assert_eq!(valid.asked[0].named, Named::PersonData);
        assert!(valid.benefits().is_empty());
    }

    #[test]
    fn v7_a_v9_code_that_is_not_delivered_is_valid_and_named_so() {
        for (list, code) in [
            (V9List::Formansinformation, "FK:MEK"),
            (V9List::OvrigInformation, "FK:SKUP"),
            (V9List::PreliminaraUtbetalningar, "PM:AP"),
            (V9List::Utbetalningar, "FK:OMV"),
        ] {
            let valid = with(list, &[code])
                .validate(today(), &PeriodLimit::STANDARD)
                .unwrap();
            assert_eq!(valid.asked[0].named, Named::NotDelivered, "{code}");
        }
    }

    #[test]
    fn v7_a_code_twice_in_one_list_is_duplicate_code_on_the_second() {
        let mut q = with(V9List::Formansinformation, &["FK:SJP", "FK:ABB", "FK:SJP"]);
        // The same code in another list is another question (its payments).
        q.asked.push(RawCode::new(V9List::Utbetalningar, "FK:SJP"));
        assert_eq!(
            codes(&q),
            [(C::DuplicateCode, Field::Code(V9List::Formansinformation, 2))]
        );
        assert_eq!(
            Field::Code(V9List::Formansinformation, 2).v9_name(),
            "formansinformation[2]"
        );
    }

    #[test]
    fn v7_lefi_utb_is_the_services_own_code_not_a_v9_one() {
        let mut q = with(V9List::Utbetalningar, &["LEFI:UTB"]);
        assert_eq!(
            codes(&q),
            [(C::UnknownBenefit, Field::Code(V9List::Utbetalningar, 0))]
        );
        q.own_codes = true;
        let valid = q.validate(today(), &PeriodLimit::STANDARD).unwrap();
        assert_eq!(valid.asked[0].named, Named::AllPayments);
        assert_eq!(valid.benefits(), [Benefit::Utbetalning].into());
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
            [(
                C::UnknownBenefit,
                Field::Code(V9List::Formansinformation, 2)
            )]
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
                (
                    C::UnknownBenefit,
                    Field::Code(V9List::Formansinformation, 0)
                ),
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
    fn a4_a_required_field_missing_is_reported_with_every_other_violation() {
        struct Requires;
        impl PeriodPolicy for Requires {
            fn limit_for(&self, _: &BTreeSet<Benefit>) -> PeriodLimit {
                PeriodLimit::STANDARD
            }
            fn required_purpose(&self) -> BTreeSet<PurposeField> {
                [PurposeField::Purpose, PurposeField::CaseReference].into()
            }
        }
        let mut q = raw(SEED_PNR, "2024-01-01", "2024-12-31", &["FK:SJP"]);
        q.from = "2024-13-01".into();
        q.purpose.legal_basis = Some("x".repeat(201));
        let err = q.validate(today(), &Requires).unwrap_err();
        let found: Vec<_> = err.iter().map(|v| (v.code, v.field.v9_name())).collect();
        assert_eq!(
            found,
            [
                (C::DateFormat, "period.from".to_string()),
                (C::PurposeRequired, "syfte".to_string()),
                (C::PurposeTooLong, "rattsligGrund".to_string()),
                (C::PurposeRequired, "arendereferens".to_string()),
            ]
        );
        // Stated, the same query is valid and carries the fields trimmed.
        q.from = "2024-01-01".into();
        q.purpose = Purpose::new(Some(" Utredning ".into()), None, Some("KS-1".into()));
        let valid = q.validate(today(), &Requires).unwrap();
        assert_eq!(valid.purpose.purpose.as_deref(), Some("Utredning"));
        // Without the agreement's requirement nothing is missing.
        q.purpose = Purpose::default();
        assert!(q.validate(today(), &PeriodLimit::STANDARD).is_ok());
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
                "DUPLICATE_CODE",
                "XML_SCHEMA",
                "PURPOSE_REQUIRED",
                "PURPOSE_TOO_LONG",
                "PURPOSE_CHARACTERS",
            ]
        );
        for c in ViolationCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert!(c.rule().starts_with('V') || c.rule() == "A4");
            assert!(c.message_sv().ends_with('.'));
        }
    }
}
