//! The error body of every 4xx and 5xx answer.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The body of every 4xx and 5xx answer; never holds a personnummer or organisation
/// number.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_timestamp_is_rfc3339_with_its_offset() {
        let body =
            json!({"meddelande": "Felaktiga indata.", "timestamp": "2024-03-01T09:15:00+01:00"});
        let felsvar: Felsvar = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&felsvar).unwrap(), body);
        assert!(
            serde_json::from_value::<Felsvar>(json!({"timestamp": "2024-03-01 09:15"})).is_err()
        );
        assert_eq!(serde_json::to_value(Felsvar::default()).unwrap(), json!({}));
    }
}
