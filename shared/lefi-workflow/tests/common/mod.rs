//! Shared by the workflow's integration tests.

#![allow(clippy::unwrap_used, dead_code)] // Test helpers: a panic is the failure report.

use chrono::NaiveDate;
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::{Benefit, Organisationsnummer};

/// Exempelkommunen's agreement (free, system channel) for `benefits`.
pub fn agreement(benefits: &[Benefit]) -> Agreement {
    Agreement::new(
        "kommun-1",
        Organisationsnummer::parse("2120000142").unwrap(),
        "Exempelkommunen",
        PartnerKind::Kommun,
        benefits.iter().copied().collect(),
        [Channel::System].into(),
        TrafficLimits {
            per_second: 10,
            burst: 10,
            per_day: 1000,
        },
        Pricing::Free,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap()
}

/// An answer as its JSON, for reading like a partner does.
pub fn json(answer: lefi_contract::answer::Answer) -> serde_json::Value {
    serde_json::to_value(answer).unwrap()
}
