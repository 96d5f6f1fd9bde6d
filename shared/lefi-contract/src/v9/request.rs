//! The query (`LefiExternFormansinformationFraga`).
//!
//! Read tolerantly, so that the service can report every broken rule per field (V9)
//! instead of rejecting the document: codes stay strings, so an unknown one is answered
//! `UNKNOWN_BENEFIT` (V7); the period's dates stay strings, so a bad one is a
//! `DATE_FORMAT` (V2); a missing `personnummer` or `period` reads as empty strings, which
//! V1 and V2 reject.

use serde::{Deserialize, Serialize};

/// Beskriver vilken information som önskas om vilken försäkringstagare.
///
/// v9: LefiExternFormansinformationFraga
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternFormansinformationFraga {
    #[serde(default)]
    pub personnummer: String,
    #[serde(default)]
    pub period: Period,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansinformation: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansprak: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preliminara_utbetalningar: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningar: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovrig_information: Option<Vec<String>>,
}

/// Identifierar en serie intilliggande datum.
///
/// v9: LefiPeriod
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub tom: String,
}
