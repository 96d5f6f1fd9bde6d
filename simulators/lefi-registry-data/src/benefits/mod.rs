//! The benefit registries' contents. STUB: being written on branch `benefits`.

use chrono::NaiveDate;
use lefi_contract::v9::Formansinformation;
use lefi_domain::Benefit;

use crate::person::PersonFacts;

/// What the registry of `benefit` holds about a generated person, as of `as_of`.
pub fn generate(_benefit: Benefit, _facts: &PersonFacts, _as_of: NaiveDate) -> Formansinformation {
    Formansinformation::default()
}

/// What the registry of `benefit` holds under a fixture's customer id.
pub fn fixture_benefits(
    _customer_id: &str,
    _benefit: Benefit,
    _as_of: NaiveDate,
) -> Formansinformation {
    Formansinformation::default()
}
