//! The v9 query as the domain reads it (SPEC §5): every list's codes, with the list each
//! came in, so that a violation names the field the partner sent (`ansprak[1]`).

use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_domain::RawQuery;

/// A query as the domain reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flattened {
    pub query: RawQuery,
}

impl Flattened {
    /// The v9 field a violation's field name refers to: the domain names fields the v9
    /// way already.
    pub fn field_name(&self, domain_field: &str) -> String {
        domain_field.to_owned()
    }

    /// What the audit records as asked: `list/code`, bounded — the partner's words,
    /// never personal data.
    pub fn asked_codes(&self) -> Vec<String> {
        self.query
            .asked
            .iter()
            .take(64)
            .map(|c| {
                format!(
                    "{}/{}",
                    c.list.name(),
                    c.code.chars().take(32).collect::<String>()
                )
            })
            .collect()
    }
}

/// The v9 lists as the domain's query; `own_codes` admits `LEFI:UTB` (XML, SSEK).
pub fn flatten(fraga: &ExternFormansinformationFraga, own_codes: bool) -> Flattened {
    Flattened {
        query: fraga.raw_query(own_codes),
    }
}
