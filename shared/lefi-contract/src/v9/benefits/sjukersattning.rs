//! Sjuk- och aktivitetsersättning.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};

/// v9: LefiSjukOchAktivitetsersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukOchAktivitetsersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<SjukOchAktivitetsersattningUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<SjukOchAktivitetsersattningBeslut>>,
}

/// v9: LefiSjukOchAktivitetsersattningUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukOchAktivitetsersattningUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forsakringstid: Option<Vec<Omfattning>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forsakringstid_gsa_ar: Option<Vec<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forsakringstid_gsa_manad: Option<Vec<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forsakringstid_gsa_dag: Option<Vec<u32>>,
}

/// v9: LefiSjukOchAktivitetsersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukOchAktivitetsersattningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delforman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periodicitet: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutat_bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordnat_bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
}

/// v9: LefiSjukOchAktivitetsersattningSteglosAvrakning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukOchAktivitetsersattningSteglosAvrakning {
    /// A year, written as a four-digit string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_i_sverige: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_i_annat_land: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fribelopp: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mellanskillnad: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tillagg: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avgift: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalning: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aterkrav: Option<Vec<Belopp>>,
}
