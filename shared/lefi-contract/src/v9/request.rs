//! The query (`LefiExternFormansinformationFraga`).
//!
//! Read tolerantly, so that the service can report every broken rule per field (V9)
//! instead of rejecting the document: codes stay strings, so an unknown one is answered
//! `UNKNOWN_BENEFIT` (V7); the period's dates stay strings, so a bad one is a
//! `DATE_FORMAT` (V2); a missing `personnummer` or `period` reads as empty strings, which
//! V1 and V2 reject.

use lefi_domain::catalogue::V9List;
use lefi_domain::{Purpose, RawCode, RawQuery};
use serde::{Deserialize, Serialize};

/// The query: whose data, for which period, and which lists of codes.
///
/// v9: LefiExternFormansinformationFraga
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternFormansinformationFraga {
    #[serde(default)]
    pub personnummer: String,
    #[serde(default)]
    pub period: Period,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub formansinformation: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub ansprak: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub beslut: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub preliminara_utbetalningar: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub utbetalningar: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Option::is_none"
    )]
    pub ovrig_information: Option<Vec<String>>,
    /// A4, beyond v9 (additive): why the partner asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syfte: Option<String>,
    /// A4, beyond v9 (additive): the law or decision the partner asks under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rattslig_grund: Option<String>,
    /// A4, beyond v9 (additive): the partner's own case reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arendereferens: Option<String>,
}

/// A list of codes when present: v9 types each list as an array, never `null`, so a
/// `null` is not read as "absent" (the JSON channel answers it `JSON_FORMAT`).
fn list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Vec::<String>::deserialize(d).map(Some)
}

impl ExternFormansinformationFraga {
    /// The query as the domain validates it: every code of every list, in the order
    /// sent, with the list it came in. `own_codes` admits the service's own `LEFI:UTB`
    /// (the XML channel and SSEK publish it; v9 JSON does not).
    pub fn raw_query(&self, own_codes: bool) -> RawQuery {
        let lists = [
            (V9List::Formansinformation, &self.formansinformation),
            (V9List::Ansprak, &self.ansprak),
            (V9List::Beslut, &self.beslut),
            (
                V9List::PreliminaraUtbetalningar,
                &self.preliminara_utbetalningar,
            ),
            (V9List::Utbetalningar, &self.utbetalningar),
            (V9List::OvrigInformation, &self.ovrig_information),
        ];
        RawQuery {
            personnummer: self.personnummer.clone(),
            from: self.period.from.clone(),
            to: self.period.tom.clone(),
            asked: lists
                .into_iter()
                .flat_map(|(list, codes)| {
                    codes.iter().flatten().map(move |c| RawCode::new(list, c))
                })
                .collect(),
            own_codes,
            purpose: Purpose::new(
                self.syfte.clone(),
                self.rattslig_grund.clone(),
                self.arendereferens.clone(),
            ),
        }
    }
}

/// The query's period, both ends inclusive.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> ExternFormansinformationFraga {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a4_purpose_legal_basis_and_case_reference_are_read_into_the_query() {
        let query = read(json!({
            "personnummer": "197407029284",
            "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "formansinformation": ["FK:SJP"],
            "syfte": "Utredning", "rattsligGrund": "4 kap. 1 § SoL", "arendereferens": "SOC-1"}));
        let p = query.raw_query(false).purpose;
        assert_eq!(
            (
                p.purpose.as_deref(),
                p.legal_basis.as_deref(),
                p.case_reference.as_deref()
            ),
            (Some("Utredning"), Some("4 kap. 1 § SoL"), Some("SOC-1"))
        );
        // Absent: nothing stated, and written back without the fields (v9 unchanged).
        let plain = read(json!({"personnummer": "197407029284",
            "period": {"from": "2023-01-01", "tom": "2024-01-01"}, "formansinformation": ["FK:SJP"]}));
        assert!(plain.raw_query(false).purpose.is_empty());
        let back = serde_json::to_value(&plain).unwrap();
        assert!(back.get("syfte").is_none() && back.get("arendereferens").is_none());
    }

    #[test]
    fn v7_every_list_becomes_the_domains_codes_in_the_order_sent() {
        let query = read(json!({
            "personnummer": "197407029284",
            "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "ovrigInformation": ["FK:GEPI", "FK:SGI"],
            "formansinformation": ["FK:SJP"], "ansprak": ["PM:AP", "PM:XX"],
            "utbetalningar": ["FK:SJP", "LEFI:UTB"], "preliminaraUtbetalningar": ["FK:SJP"]}));
        let raw = query.raw_query(false);
        let asked: Vec<_> = raw
            .asked
            .iter()
            .map(|c| (c.list.name(), c.code.as_str()))
            .collect();
        assert_eq!(
            asked,
            [
                ("formansinformation", "FK:SJP"),
                ("ansprak", "PM:AP"),
                ("ansprak", "PM:XX"),
                ("preliminaraUtbetalningar", "FK:SJP"),
                ("utbetalningar", "FK:SJP"),
                ("utbetalningar", "LEFI:UTB"),
                ("ovrigInformation", "FK:GEPI"),
                ("ovrigInformation", "FK:SGI"),
            ]
        );
        assert_eq!(
            (raw.from.as_str(), raw.to.as_str()),
            ("2023-01-01", "2024-01-01")
        );
        assert!(!raw.own_codes);
        assert!(query.raw_query(true).own_codes);
    }

    #[test]
    fn a_null_list_is_not_an_absent_one() {
        let null = serde_json::from_value::<ExternFormansinformationFraga>(json!({
            "personnummer": "197407029284", "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "ovrigInformation": null}));
        assert!(null.is_err(), "v9 types the list as an array");
        let absent = read(json!({
            "personnummer": "197407029284", "period": {"from": "2023-01-01", "tom": "2024-01-01"}}));
        assert_eq!(absent.ovrig_information, None);
    }

    #[test]
    fn v7_unknown_and_miscased_codes_are_read_not_rejected() {
        let query = read(json!({
            "personnummer": "197407029284",
            "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "formansinformation": ["FK:SJP", "FK:NOPE", "fk:sjp"],
            "ansprak": ["PM:XX"],
            "utbetalningar": ["LEFI:UTB"],
            "ovrigInformation": ["FK:GEPI", "PM:???"],
        }));
        assert_eq!(
            query.formansinformation.unwrap(),
            ["FK:SJP", "FK:NOPE", "fk:sjp"]
        );
        assert_eq!(query.ansprak.unwrap(), ["PM:XX"]);
        assert_eq!(query.utbetalningar.unwrap(), ["LEFI:UTB"]);
        assert_eq!(query.ovrig_information.unwrap(), ["FK:GEPI", "PM:???"]);
    }

    #[test]
    fn v2_bad_dates_are_read_as_written() {
        let query = read(json!({
            "personnummer": "x",
            "period": {"from": "2023-02-30", "tom": "i morgon"},
        }));
        assert_eq!(query.period.from, "2023-02-30");
        assert_eq!(query.period.tom, "i morgon");
    }

    #[test]
    fn v9_missing_required_fields_read_as_empty_strings() {
        let query = read(json!({"period": {"from": "2023-01-01"}}));
        assert_eq!(query.personnummer, "");
        assert_eq!(query.period.tom, "");
        assert_eq!(read(json!({})).period, Period::default());
    }

    #[test]
    fn absent_lists_stay_absent_and_required_fields_are_always_written() {
        let written = serde_json::to_value(ExternFormansinformationFraga::default()).unwrap();
        assert_eq!(
            written,
            json!({"personnummer": "", "period": {"from": "", "tom": ""}})
        );
    }
}
