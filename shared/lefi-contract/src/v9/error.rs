//! The error body of every 4xx and 5xx answer.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Beskriver ett fel som förhindrade utförandet av ett anrop.
///
/// v9: LefiFelsvar
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Felsvar {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meddelande: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<DateTime<FixedOffset>>,
}
