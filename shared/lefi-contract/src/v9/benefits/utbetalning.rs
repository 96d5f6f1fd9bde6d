//! Payments, effected or preliminary.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};

/// A payment, effected or preliminary, with its rows.
///
/// v9: LefiUtbetalningUppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtbetalningUppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foretag: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formansfamilj: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skattebelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avdragsbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nettobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsdetalj: Option<Vec<UtbetalningDetalj>>,
}

/// v9: LefiUtbetalningDetalj
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtbetalningDetalj {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beloppstyp: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    /// Signed: v9 sets no bound, and a row may correct an earlier one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<i64>,
    /// Signed, as `dagar`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timmar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skattebelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avdragsbelopp: Option<Belopp>,
}
