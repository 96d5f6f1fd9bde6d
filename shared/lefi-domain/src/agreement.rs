//! Agreements and partner kinds (P1, P4; C2's default ticks; V5's exceptions). What an
//! agreement lets a query see (P3) is [`crate::authorize`].
//!
//! An agreement (avtal) is what gives an organisation the right to ask. It names the
//! benefits it may see (P3), the channels it may use, its traffic limits (C3), its
//! pricing (P4), how long it is valid (P1) and any longer query periods it has been
//! granted for named benefits.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Benefit, BenefitGroup};
use crate::orgnr::Organisationsnummer;
use crate::period::PeriodLimit;
use crate::purpose::PurposeField;
use crate::query::PeriodPolicy;

/// Who the partner is. The kind decides pricing (P4) and the portal's default ticks (C2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Kommun,
    Kronofogden,
    Forsakringsbolag,
    Arbetsformedlingen,
    Csn,
    Arbetsloshetskassa,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 6] = [
        Self::Kommun,
        Self::Kronofogden,
        Self::Forsakringsbolag,
        Self::Arbetsformedlingen,
        Self::Csn,
        Self::Arbetsloshetskassa,
    ];

    pub fn name_sv(self) -> &'static str {
        match self {
            Self::Kommun => "Kommun",
            Self::Kronofogden => "Kronofogdemyndigheten",
            Self::Forsakringsbolag => "Försäkringsbolag",
            Self::Arbetsformedlingen => "Arbetsförmedlingen",
            Self::Csn => "CSN",
            Self::Arbetsloshetskassa => "Arbetslöshetskassa",
        }
    }

    /// P4: the service is free for municipalities and the Enforcement Authority,
    /// insurance companies pay. Kinds the seed does not price may be either.
    pub fn required_pricing(self) -> Option<PricingKind> {
        match self {
            Self::Kommun | Self::Kronofogden => Some(PricingKind::Free),
            Self::Forsakringsbolag => Some(PricingKind::Paid),
            _ => None,
        }
    }

    /// C2: for municipalities every box starts ticked, for everyone else none.
    pub fn portal_ticks_all(self) -> bool {
        self == Self::Kommun
    }
}

/// The ways into the service (C1, C2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// System to system: v9 JSON, the XML web service, SSEK.
    System,
    /// The web portal.
    Portal,
}

/// What a partner pays (P4). Amounts in öre, so no rounding ever happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pricing {
    Free,
    Paid {
        connection_fee_ore: u64,
        per_query_ore: u64,
    },
}

/// Pricing without its amounts, for rules about who must pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PricingKind {
    Free,
    Paid,
}

impl Pricing {
    pub fn kind(self) -> PricingKind {
        match self {
            Self::Free => PricingKind::Free,
            Self::Paid { .. } => PricingKind::Paid,
        }
    }

    /// P4: whether answered queries are billed (they are metered either way).
    pub fn is_billable(self) -> bool {
        self.kind() == PricingKind::Paid
    }

    /// The month's charge for `answered` queries, in öre; the connection fee is billed
    /// once, on its own line. Saturates rather than wraps on absurd counts.
    pub fn monthly_charge_ore(self, answered: u64) -> u64 {
        match self {
            Self::Free => 0,
            Self::Paid { per_query_ore, .. } => per_query_ore.saturating_mul(answered),
        }
    }
}

/// Traffic limits of the partner's SLA (C3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrafficLimits {
    /// Sustained queries per second.
    pub per_second: u32,
    /// Queries allowed in a burst above the sustained rate.
    pub burst: u32,
    /// Queries per Stockholm calendar day.
    pub per_day: u32,
}

/// An agreement between Försäkringskassan and a partner. Construct with
/// [`Agreement::new`] or deserialize (configuration, the store); both refuse
/// inconsistent ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AgreementFields")]
pub struct Agreement {
    pub id: String,
    pub organisation: Organisationsnummer,
    pub name: String,
    pub kind: PartnerKind,
    pub benefits: BTreeSet<Benefit>,
    pub channels: BTreeSet<Channel>,
    pub limits: TrafficLimits,
    pub pricing: Pricing,
    pub valid_from: NaiveDate,
    /// Last day of validity; `None` = until further notice.
    pub valid_until: Option<NaiveDate>,
    /// V5 exceptions: longer periods granted for named benefits.
    pub period_exceptions: BTreeMap<Benefit, PeriodLimit>,
    /// A4: the additive fields every query must state (purpose, legal basis, case
    /// reference); none unless the agreement says so.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub required_purpose: BTreeSet<PurposeField>,
}

/// An agreement as written in configuration, before its consistency is checked.
#[derive(Deserialize)]
struct AgreementFields {
    id: String,
    organisation: Organisationsnummer,
    name: String,
    kind: PartnerKind,
    benefits: BTreeSet<Benefit>,
    channels: BTreeSet<Channel>,
    limits: TrafficLimits,
    pricing: Pricing,
    valid_from: NaiveDate,
    #[serde(default)]
    valid_until: Option<NaiveDate>,
    #[serde(default)]
    period_exceptions: BTreeMap<Benefit, PeriodLimit>,
    #[serde(default)]
    required_purpose: BTreeSet<PurposeField>,
}

impl TryFrom<AgreementFields> for Agreement {
    type Error = AgreementError;
    fn try_from(f: AgreementFields) -> Result<Self, Self::Error> {
        Agreement::new(
            f.id,
            f.organisation,
            f.name,
            f.kind,
            f.benefits,
            f.channels,
            f.limits,
            f.pricing,
            f.valid_from,
            f.valid_until,
            f.period_exceptions,
        )
        .map(|a| a.requiring(f.required_purpose))
    }
}

/// Why an agreement cannot be created as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("avtalet saknar id")]
    MissingId,
    #[error("avtalet omfattar ingen förmån")]
    NoBenefits,
    #[error("avtalet omfattar ingen kanal")]
    NoChannels,
    #[error("avtalet upphör innan det börjar gälla")]
    EndsBeforeStart,
    #[error("{kind} ska ha {required:?} prissättning (P4)")]
    WrongPricing {
        kind: &'static str,
        required: PricingKind,
    },
    #[error("undantag för sökperiod måste vara längre än två år och gälla en förmån i avtalet")]
    BadPeriodException,
}

impl AgreementError {
    /// The stable name of the problem (A1: a partner file's errors are listed by it).
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingId => "MISSING_ID",
            Self::NoBenefits => "NO_BENEFIT",
            Self::NoChannels => "NO_CHANNEL",
            Self::EndsBeforeStart => "ENDS_BEFORE_START",
            Self::WrongPricing { .. } => "WRONG_PRICING",
            Self::BadPeriodException => "BAD_PERIOD_EXCEPTION",
        }
    }

    /// The field of the agreement the problem concerns.
    pub fn field(&self) -> &'static str {
        match self {
            Self::MissingId => "partner",
            Self::NoBenefits => "benefits",
            Self::NoChannels => "channels",
            Self::EndsBeforeStart => "valid_until",
            Self::WrongPricing { .. } => "pricing",
            Self::BadPeriodException => "period_exceptions",
        }
    }
}

/// Why a partner may not ask right now (P1). All answer `NOT_AUTHORIZED`, and are audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum Refusal {
    #[error("avtalet har inte börjat gälla")]
    NotYetValid,
    #[error("avtalet har upphört")]
    Expired,
    #[error("avtalet omfattar inte den här kanalen")]
    ChannelNotAllowed,
}

/// One checkbox of the portal's "Hämta förmånsinformation" (C2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalChoice {
    pub benefit: Benefit,
    pub ticked: bool,
}

impl Agreement {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: impl Into<String>,
        organisation: Organisationsnummer,
        name: impl Into<String>,
        kind: PartnerKind,
        benefits: BTreeSet<Benefit>,
        channels: BTreeSet<Channel>,
        limits: TrafficLimits,
        pricing: Pricing,
        valid_from: NaiveDate,
        valid_until: Option<NaiveDate>,
        period_exceptions: BTreeMap<Benefit, PeriodLimit>,
    ) -> Result<Self, AgreementError> {
        let agreement = Self {
            id: id.into(),
            organisation,
            name: name.into(),
            kind,
            benefits,
            channels,
            limits,
            pricing,
            valid_from,
            valid_until,
            period_exceptions,
            required_purpose: BTreeSet::new(),
        };
        agreement.check_consistency()?;
        Ok(agreement)
    }

    /// A4: the agreement with these additive fields made mandatory.
    pub fn requiring(mut self, fields: impl IntoIterator<Item = PurposeField>) -> Self {
        self.required_purpose = fields.into_iter().collect();
        self
    }

    fn check_consistency(&self) -> Result<(), AgreementError> {
        match self.problems().into_iter().next() {
            Some(first) => Err(first),
            None => Ok(()),
        }
    }

    /// Every way the agreement is inconsistent, not just the first (A1, V9 style): what
    /// the operator tool reports for a partner file. Empty for a consistent agreement.
    pub fn problems(&self) -> Vec<AgreementError> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(AgreementError::MissingId);
        }
        if self.benefits.is_empty() {
            problems.push(AgreementError::NoBenefits);
        }
        if self.channels.is_empty() {
            problems.push(AgreementError::NoChannels);
        }
        if self.valid_until.is_some_and(|end| end < self.valid_from) {
            problems.push(AgreementError::EndsBeforeStart);
        }
        if let Some(required) = self.kind.required_pricing()
            && self.pricing.kind() != required
        {
            problems.push(AgreementError::WrongPricing {
                kind: self.kind.name_sv(),
                required,
            });
        }
        let bad_exception = self
            .period_exceptions
            .iter()
            .any(|(b, limit)| !self.benefits.contains(b) || *limit <= PeriodLimit::STANDARD);
        if bad_exception {
            problems.push(AgreementError::BadPeriodException);
        }
        problems
    }

    /// P1: whether the agreement lets the partner ask today through `channel`.
    pub fn check(&self, today: NaiveDate, channel: Channel) -> Result<(), Refusal> {
        if today < self.valid_from {
            return Err(Refusal::NotYetValid);
        }
        if self.valid_until.is_some_and(|end| today > end) {
            return Err(Refusal::Expired);
        }
        if !self.channels.contains(&channel) {
            return Err(Refusal::ChannelNotAllowed);
        }
        Ok(())
    }

    /// C2: the portal's checkboxes per group, only benefits in the agreement (P3), ticked
    /// from the start for municipalities. Groups with no benefit are left out.
    pub fn portal_choices(&self) -> Vec<(BenefitGroup, Vec<PortalChoice>)> {
        let ticked = self.kind.portal_ticks_all();
        BenefitGroup::ALL
            .into_iter()
            .map(|group| {
                let choices = Benefit::in_group(group)
                    .filter(|b| self.benefits.contains(b))
                    .map(|benefit| PortalChoice { benefit, ticked })
                    .collect::<Vec<_>>();
                (group, choices)
            })
            .filter(|(_, choices)| !choices.is_empty())
            .collect()
    }
}

/// V5 with the agreement's exceptions: a longer period is allowed only when every
/// benefit asked for has an exception, and then the shortest of them applies (the v9
/// contract: "avtalsmässiga undantag för samtliga nämnda … förmånsgrupper").
impl PeriodPolicy for Agreement {
    fn limit_for(&self, benefits: &BTreeSet<Benefit>) -> PeriodLimit {
        benefits
            .iter()
            .map(|b| self.period_exceptions.get(b).copied())
            .collect::<Option<Vec<_>>>()
            .and_then(|limits| limits.into_iter().min())
            .unwrap_or(PeriodLimit::STANDARD)
    }

    fn required_purpose(&self) -> BTreeSet<PurposeField> {
        self.required_purpose.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn limits() -> TrafficLimits {
        TrafficLimits {
            per_second: 10,
            burst: 20,
            per_day: 10_000,
        }
    }

    fn agreement(kind: PartnerKind, pricing: Pricing, benefits: &[Benefit]) -> Agreement {
        Agreement::new(
            "avtal-1",
            Organisationsnummer::parse("2120000142").unwrap(),
            "Exempel",
            kind,
            benefits.iter().copied().collect(),
            [Channel::System].into(),
            limits(),
            pricing,
            d(2024, 1, 1),
            Some(d(2026, 12, 31)),
            BTreeMap::new(),
        )
        .unwrap()
    }

    fn paid() -> Pricing {
        Pricing::Paid {
            connection_fee_ore: 500_000,
            per_query_ore: 1_250,
        }
    }

    #[test]
    fn a4_an_agreement_requires_no_purpose_unless_it_says_so() {
        let json = serde_json::json!({"id": "k", "organisation": "2120000142", "name": "K",
            "kind": "kommun", "benefits": ["FK:SJP"], "channels": ["system"],
            "limits": {"per_second": 1, "burst": 1, "per_day": 10}, "pricing": {"kind": "free"},
            "valid_from": "2024-01-01"});
        let plain: Agreement = serde_json::from_value(json.clone()).unwrap();
        assert!(plain.required_purpose().is_empty());
        // Serialized without the field, so older readers see the same document.
        assert!(
            serde_json::to_value(&plain)
                .unwrap()
                .get("required_purpose")
                .is_none()
        );
        let mut strict = json;
        strict["required_purpose"] = serde_json::json!(["purpose", "case_reference"]);
        let strict: Agreement = serde_json::from_value(strict).unwrap();
        assert_eq!(
            strict.required_purpose(),
            [PurposeField::Purpose, PurposeField::CaseReference].into()
        );
        let back: Agreement =
            serde_json::from_value(serde_json::to_value(&strict).unwrap()).unwrap();
        assert_eq!(back, strict);
    }

    #[test]
    fn p1_agreement_is_valid_only_between_its_dates_and_for_its_channels() {
        let a = agreement(PartnerKind::Kommun, Pricing::Free, &[Benefit::Sjukpenning]);
        assert_eq!(
            a.check(d(2023, 12, 31), Channel::System),
            Err(Refusal::NotYetValid)
        );
        assert_eq!(a.check(d(2024, 1, 1), Channel::System), Ok(()));
        assert_eq!(a.check(d(2026, 12, 31), Channel::System), Ok(()));
        assert_eq!(
            a.check(d(2027, 1, 1), Channel::System),
            Err(Refusal::Expired)
        );
        assert_eq!(
            a.check(d(2025, 1, 1), Channel::Portal),
            Err(Refusal::ChannelNotAllowed)
        );
    }

    #[test]
    fn p4_municipalities_and_kronofogden_are_free_insurers_pay() {
        let make = |kind, pricing| {
            Agreement::new(
                "a",
                Organisationsnummer::parse("2120000142").unwrap(),
                "x",
                kind,
                [Benefit::Sjukpenning].into(),
                [Channel::System].into(),
                limits(),
                pricing,
                d(2024, 1, 1),
                None,
                BTreeMap::new(),
            )
        };
        assert!(make(PartnerKind::Kommun, Pricing::Free).is_ok());
        assert!(make(PartnerKind::Kronofogden, paid()).is_err());
        assert!(make(PartnerKind::Kommun, paid()).is_err());
        assert!(make(PartnerKind::Forsakringsbolag, Pricing::Free).is_err());
        assert!(make(PartnerKind::Forsakringsbolag, paid()).is_ok());
        // Kinds the seed does not price may be either.
        assert!(make(PartnerKind::Csn, Pricing::Free).is_ok());
        assert!(make(PartnerKind::Csn, paid()).is_ok());
    }

    #[test]
    fn p4_insurers_are_charged_per_answered_query_in_ore() {
        assert_eq!(paid().monthly_charge_ore(3), 3_750);
        assert!(paid().is_billable());
        assert_eq!(Pricing::Free.monthly_charge_ore(1_000), 0);
        assert!(!Pricing::Free.is_billable());
        assert_eq!(paid().monthly_charge_ore(u64::MAX), u64::MAX);
    }

    #[test]
    fn c2_municipalities_start_with_every_box_ticked_others_with_none() {
        let benefits = [
            Benefit::Sjukpenning,
            Benefit::Barnbidrag,
            Benefit::Foraldrapenning,
        ];
        let kommun = agreement(PartnerKind::Kommun, Pricing::Free, &benefits);
        let insurer = agreement(PartnerKind::Forsakringsbolag, paid(), &benefits);
        let flat = |a: &Agreement| -> Vec<(Benefit, bool)> {
            a.portal_choices()
                .into_iter()
                .flat_map(|(_, c)| c)
                .map(|c| (c.benefit, c.ticked))
                .collect()
        };
        // Portal order: the daily group (FP before SJP), then the other group.
        assert_eq!(
            flat(&kommun),
            [
                (Benefit::Foraldrapenning, true),
                (Benefit::Sjukpenning, true),
                (Benefit::Barnbidrag, true)
            ]
        );
        assert!(flat(&insurer).iter().all(|(_, ticked)| !ticked));
        // P3 in the portal: no pension group at all, since none is in the agreement.
        let groups: Vec<_> = kommun
            .portal_choices()
            .into_iter()
            .map(|(g, _)| g)
            .collect();
        assert_eq!(groups, [BenefitGroup::Daily, BenefitGroup::Other]);
    }

    #[test]
    fn v5_exception_applies_only_when_every_asked_benefit_has_one() {
        let mut a = agreement(
            PartnerKind::Forsakringsbolag,
            paid(),
            &[
                Benefit::Sjukpenning,
                Benefit::SjukpenninggrundandeInkomst,
                Benefit::Barnbidrag,
            ],
        );
        a.period_exceptions
            .insert(Benefit::Sjukpenning, PeriodLimit::months(60));
        a.period_exceptions.insert(
            Benefit::SjukpenninggrundandeInkomst,
            PeriodLimit::months(36),
        );
        let limit = |b: &[Benefit]| a.limit_for(&b.iter().copied().collect());
        assert_eq!(limit(&[Benefit::Sjukpenning]), PeriodLimit::months(60));
        assert_eq!(
            limit(&[Benefit::Sjukpenning, Benefit::SjukpenninggrundandeInkomst]),
            PeriodLimit::months(36)
        );
        assert_eq!(
            limit(&[Benefit::Sjukpenning, Benefit::Barnbidrag]),
            PeriodLimit::STANDARD
        );
        assert_eq!(limit(&[]), PeriodLimit::STANDARD);
    }

    #[test]
    fn p1_agreements_round_trip_through_configuration_and_bad_ones_are_refused() {
        let json = r#"{
            "id": "avtal-trygg-2025", "organisation": "556287-5392", "name": "Trygg Försäkring",
            "kind": "forsakringsbolag", "benefits": ["FK:SJP", "FK:SGI"], "channels": ["system"],
            "limits": {"per_second": 5, "burst": 10, "per_day": 5000},
            "pricing": {"kind": "paid", "connection_fee_ore": 2500000, "per_query_ore": 1200},
            "valid_from": "2025-01-01", "period_exceptions": {"FK:SGI": 60}
        }"#;
        let a: Agreement = serde_json::from_str(json).unwrap();
        assert_eq!(a.organisation.as_str(), "5562875392");
        assert_eq!(a.valid_until, None);
        assert_eq!(
            a.period_exceptions[&Benefit::SjukpenninggrundandeInkomst],
            PeriodLimit::months(60)
        );
        let back: Agreement = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
        assert_eq!(back, a);
        // An insurer must pay (P4): configuration cannot say otherwise.
        let free = json.replace(
            r#"{"kind": "paid", "connection_fee_ore": 2500000, "per_query_ore": 1200}"#,
            r#"{"kind": "free"}"#,
        );
        let err = serde_json::from_str::<Agreement>(&free)
            .unwrap_err()
            .to_string();
        assert!(err.contains("prissättning"), "{err}");
        let unknown = json.replace("FK:SGI\"]", "FK:XYZ\"]");
        assert!(serde_json::from_str::<Agreement>(&unknown).is_err());
    }

    #[test]
    fn p1_inconsistent_agreements_are_refused() {
        let base = agreement(PartnerKind::Kommun, Pricing::Free, &[Benefit::Sjukpenning]);
        let mut no_benefits = base.clone();
        no_benefits.benefits.clear();
        assert_eq!(
            no_benefits.check_consistency(),
            Err(AgreementError::NoBenefits)
        );
        let mut backwards = base.clone();
        backwards.valid_until = Some(d(2023, 1, 1));
        assert_eq!(
            backwards.check_consistency(),
            Err(AgreementError::EndsBeforeStart)
        );
        let mut stray = base.clone();
        stray
            .period_exceptions
            .insert(Benefit::Barnbidrag, PeriodLimit::months(48));
        assert_eq!(
            stray.check_consistency(),
            Err(AgreementError::BadPeriodException)
        );
        let mut everything = stray.clone();
        everything.benefits.clear();
        everything.channels.clear();
        everything.valid_until = Some(d(2023, 1, 1));
        everything.pricing = Pricing::Paid {
            connection_fee_ore: 1,
            per_query_ore: 1,
        };
        let codes: Vec<_> = everything.problems().iter().map(|p| p.code()).collect();
        assert_eq!(
            codes,
            [
                "NO_BENEFIT",
                "NO_CHANNEL",
                "ENDS_BEFORE_START",
                "WRONG_PRICING",
                "BAD_PERIOD_EXCEPTION"
            ],
            "A1: every problem, not the first"
        );
        let mut short = base;
        short
            .period_exceptions
            .insert(Benefit::Sjukpenning, PeriodLimit::months(12));
        assert_eq!(
            short.check_consistency(),
            Err(AgreementError::BadPeriodException)
        );
    }
}
