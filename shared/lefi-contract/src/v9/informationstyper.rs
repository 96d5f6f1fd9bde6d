//! The summary of what a caller may ask for (`GET …/tillgangligaInformationstyper`).

use serde::{Deserialize, Serialize};

use crate::v9::codes::{
    ExternFormanGrupp, ExternOvrigInformationTyp, FkFormanGrupp, PmFormanGrupp,
};

/// What the caller may ask for, per list of the query.
///
/// v9: LefiExternTillgangligaInformationstyper
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternTillgangligaInformationstyper {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansinformation: Option<Vec<FkFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansprak: Option<Vec<PmFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<PmFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preliminara_utbetalningar: Option<Vec<ExternFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningar: Option<Vec<ExternFormanGrupp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ovrig_information: Option<Vec<ExternOvrigInformationTyp>>,
}
