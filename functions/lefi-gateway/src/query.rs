//! The v9 query's lists of codes, as one list of benefits for V1–V9 (SPEC §5).
//!
//! v9 spreads codes over several lists (`formansinformation`, `ansprak`, `beslut`,
//! `utbetalningar`, `ovrigInformation`, …); the domain validates one list. This module
//! flattens them and remembers where each code came from, so that a violation names the
//! field the partner sent (`ansprak[1]`, not an index into our flattened list).

use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_domain::RawQuery;
use lefi_domain::catalogue::{PERSON_DATA_CODE, UTBETALNING_CODE};

/// A v9 query as the domain reads it, and the v9 field of each benefit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flattened {
    pub query: RawQuery,
    /// `fields[i]` is where `query.benefits[i]` was sent.
    pub fields: Vec<String>,
}

impl Flattened {
    /// What the audit records as asked for (P5): the codes as the domain reads them.
    pub fn asked_codes(&self) -> Vec<String> {
        self.query.benefits.clone()
    }

    /// The v9 field a violation's field name refers to. The domain names benefit
    /// entries `formansinformation[i]` by their index in the flattened list.
    pub fn field_name(&self, domain_field: &str) -> String {
        domain_field
            .strip_prefix("formansinformation[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| self.fields.get(i).cloned())
            .unwrap_or_else(|| domain_field.to_owned())
    }
}

/// Flattens the v9 lists:
/// - `formansinformation`, `ansprak`, `beslut`, `ovrigInformation`: each code as sent;
/// - `FK:GEPI` (person data) is dropped: it is part of every answer (H10) and never
///   counts towards V6;
/// - `utbetalningar`: payments are the seed's "Utbetalning" (`LEFI:UTB`); each code
///   must still be one of the catalogue (V7), and the list asks for payments once;
/// - `preliminaraUtbetalningar`: not delivered by this service, so each code is kept
///   as sent prefixed with `preliminar:` and fails V7 (`UNKNOWN_BENEFIT`) on its field.
pub fn flatten(fraga: &ExternFormansinformationFraga) -> Flattened {
    let mut benefits = Vec::new();
    let mut fields = Vec::new();
    let mut push = |code: String, field: String| {
        benefits.push(code);
        fields.push(field);
    };
    let lists = [
        ("formansinformation", &fraga.formansinformation),
        ("ansprak", &fraga.ansprak),
        ("beslut", &fraga.beslut),
        ("ovrigInformation", &fraga.ovrig_information),
    ];
    for (name, list) in lists {
        for (i, code) in list.iter().flatten().enumerate() {
            if code != PERSON_DATA_CODE {
                push(code.clone(), format!("{name}[{i}]"));
            }
        }
    }
    let mut asked_payments = false;
    for (i, code) in fraga.utbetalningar.iter().flatten().enumerate() {
        let field = format!("utbetalningar[{i}]");
        if code == UTBETALNING_CODE || lefi_domain::Benefit::from_code(code).is_ok() {
            if !asked_payments {
                push(UTBETALNING_CODE.to_owned(), field);
                asked_payments = true;
            }
        } else {
            push(code.clone(), field);
        }
    }
    for (i, code) in fraga.preliminara_utbetalningar.iter().flatten().enumerate() {
        push(
            format!("preliminar:{code}"),
            format!("preliminaraUtbetalningar[{i}]"),
        );
    }
    Flattened {
        query: RawQuery {
            personnummer: fraga.personnummer.clone(),
            from: fraga.period.from.clone(),
            to: fraga.period.tom.clone(),
            benefits,
        },
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fraga(value: serde_json::Value) -> ExternFormansinformationFraga {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn v6_person_data_alone_asks_for_no_benefit() {
        let f = flatten(&fraga(json!({
            "personnummer": "197407029284", "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "ovrigInformation": ["FK:GEPI"]})));
        assert!(f.query.benefits.is_empty());
    }

    #[test]
    fn v7_a_violation_names_the_list_and_position_it_was_sent_in() {
        let f = flatten(&fraga(json!({
            "personnummer": "197407029284", "period": {"from": "2023-01-01", "tom": "2024-01-01"},
            "formansinformation": ["FK:SJP"], "ansprak": ["PM:AP", "PM:XX"],
            "ovrigInformation": ["FK:GEPI", "FK:SGI"], "utbetalningar": ["FK:SJP", "FK:FP"],
            "preliminaraUtbetalningar": ["FK:SJP"]})));
        assert_eq!(
            f.query.benefits,
            [
                "FK:SJP",
                "PM:AP",
                "PM:XX",
                "FK:SGI",
                "LEFI:UTB",
                "preliminar:FK:SJP"
            ]
        );
        assert_eq!(f.field_name("formansinformation[2]"), "ansprak[1]");
        assert_eq!(f.field_name("formansinformation[3]"), "ovrigInformation[1]");
        assert_eq!(f.field_name("formansinformation[4]"), "utbetalningar[0]");
        assert_eq!(
            f.field_name("formansinformation[5]"),
            "preliminaraUtbetalningar[0]"
        );
        assert_eq!(f.field_name("period.from"), "period.from");
        assert_eq!(f.query.from, "2023-01-01");
        assert_eq!(f.query.to, "2024-01-01");
    }

    #[test]
    fn v7_an_unknown_payment_code_stays_to_be_refused() {
        let f = flatten(&fraga(json!({"utbetalningar": ["FK:NOPE"]})));
        assert_eq!(f.query.benefits, ["FK:NOPE"]);
    }
}
