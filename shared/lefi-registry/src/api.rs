//! The registry API's wire types: what the person register and the benefit registries
//! take and give (JSON over HTTP; see `docs/simulators.md`). A personnummer only ever
//! travels in a request body, never in a URL.

use lefi_contract::v9::Personinformation;
use serde::{Deserialize, Serialize};

/// The person register's answer (SPEC §3 steps 2–4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonAnswer {
    #[serde(rename_all = "camelCase")]
    Found {
        /// The person's current number; differs from the one asked for when the
        /// person has changed number (`number_changed`).
        current_number: String,
        number_changed: bool,
        /// The registers' internal ids; more than one when the person has duplicate
        /// customer ids, whose data must be merged.
        customer_ids: Vec<String>,
        /// Current data only (H10); no address for a protected identity (S1).
        person: Box<Personinformation>,
        /// Covered by Swedish social insurance ("Försäkrad").
        insured: bool,
    },
    NotFound,
}

/// `POST /v1/person`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRequest {
    pub personnummer: String,
}

/// `POST /v1/registries/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchRequest {
    #[serde(rename = "kundId")]
    pub customer_id: String,
}

/// Every error answer: a Swedish message and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub fel: String,
    pub kod: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub koder: Vec<String>,
}
