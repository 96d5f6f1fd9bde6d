//! The service's answer (SPEC §6): v9's `LefiExternFormansinformationSvar` with LEFI
//! Online's additive fields beside it, so a strict v9 client reads it unchanged. The
//! Compile step builds it, the workflow carries it, every channel renders it: typed from
//! end to end.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::ExternFormansinformationSvar;

/// The answer to a query: v9's, plus our additive fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    #[serde(flatten)]
    pub v9: ExternFormansinformationSvar,
    /// `PERSON_NOT_FOUND` when the person register does not know the number (§3 step 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personstatus: Option<Personstatus>,
    /// Asked by an old number: answered for the current one, and both are named (§3
    /// step 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personnummerbyte: Option<Personnummerbyte>,
    /// From which date data is available, when the period reached back before a window
    /// (§4, §6), per list.
    #[serde(skip_serializing_if = "UppgifterFranOchMed::is_empty", default)]
    pub uppgifter_fran_och_med: UppgifterFranOchMed,
}

/// The additive `personstatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Personstatus {
    PersonNotFound,
}

/// The additive `personnummerbyte`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Personnummerbyte {
    pub fragat_personnummer: String,
    pub aktuellt_personnummer: String,
}

/// The additive `uppgifterFranOchMed`: per benefit code, the first day of data, kept
/// apart for a benefit's own records and for its payments, whose windows differ (H2,
/// H7).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UppgifterFranOchMed {
    /// Cases, claims, decisions and övrig information.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub uppgifter: BTreeMap<String, NaiveDate>,
    /// Payments.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub utbetalningar: BTreeMap<String, NaiveDate>,
}

impl UppgifterFranOchMed {
    pub fn is_empty(&self) -> bool {
        self.uppgifter.is_empty() && self.utbetalningar.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_additive_fields_sit_beside_v9s_and_a_v9_client_reads_past_them() {
        let mut answer = Answer {
            personstatus: Some(Personstatus::PersonNotFound),
            ..Answer::default()
        };
        answer.uppgifter_fran_och_med.utbetalningar.insert(
            "FK:SJP".into(),
            NaiveDate::from_ymd_opt(2024, 12, 6).unwrap(),
        );
        let value = serde_json::to_value(&answer).unwrap();
        assert_eq!(
            value,
            json!({"personstatus": "PERSON_NOT_FOUND",
                   "uppgifterFranOchMed": {"utbetalningar": {"FK:SJP": "2024-12-06"}}})
        );
        let v9: ExternFormansinformationSvar = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(v9, ExternFormansinformationSvar::default());
        assert_eq!(serde_json::from_value::<Answer>(value).unwrap(), answer);
    }
}
