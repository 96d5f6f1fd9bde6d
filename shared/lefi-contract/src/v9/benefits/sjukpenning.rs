//! Sjukpenning and its kin: förebyggande sjukpenning, rehabiliteringsersättning,
//! sjukpenninggrundande inkomst (SGI), smittbärarersättning and dagpenning till
//! totalförsvarspliktig.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};

/// `ersattning` of `LefiSjukpenningBeslut`, `LefiForebyggandeSjukpenningBeslut` and
/// `LefiRehabersattningBeslut`. The schema types it as a string code
/// (`FOREBYGGANDE_SJUKPENNING`, `REHABPENNING`, …), but the contract's own 200 example
/// sends a `LefiSifferkod` (`{"id": 101, "beskrivning": "Sjukpenning"}`). Both are read;
/// write [`Ersattningstyp::Kod`], the form a client generated from the schema expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Ersattningstyp {
    /// The schema's form.
    Kod(String),
    /// The form of the contract's example.
    Sifferkod(Sifferkod),
}

/// v9: LefiSjukpenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukpenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<SjukpenningBeslut>>,
}

/// v9: LefiSjukpenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukpenningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karens: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutstyp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Ersattningstyp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsniva: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdagar: Option<Vec<SjukpenningDag>>,
}

/// v9: LefiSjukpenningDag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukpenningDag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karensavdragsbelopp: Option<Belopp>,
}

/// v9: LefiForebyggandeSjukpenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForebyggandeSjukpenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<ForebyggandeSjukpenningBeslut>>,
}

/// v9: LefiForebyggandeSjukpenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForebyggandeSjukpenningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karens: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutstyp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Ersattningstyp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsniva: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdagar: Option<Vec<ForebyggandeSjukpenningDag>>,
}

/// v9: LefiForebyggandeSjukpenningDag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForebyggandeSjukpenningDag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karensavdragsbelopp: Option<Belopp>,
}

/// v9: LefiRehabersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RehabersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<RehabersattningBeslut>>,
}

/// v9: LefiRehabersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RehabersattningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karens: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutstyp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Ersattningstyp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsniva: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdagar: Option<Vec<RehabersattningDag>>,
}

/// v9: LefiRehabersattningDag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RehabersattningDag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdatum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karensavdragsbelopp: Option<Belopp>,
}

/// v9: LefiSjukpenninggrundandeInkomstUppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SjukpenninggrundandeInkomstUppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faststalldes: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anstallning: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verksamhet: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timmar: Option<u32>,
}

/// v9: LefiSmittbararersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmittbararersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<SmittbararersattningBeslut>>,
}

/// v9: LefiSmittbararersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmittbararersattningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
}

/// v9: LefiTotalforsvarspliktspenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalforsvarspliktspenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<TotalforsvarspliktspenningBeslut>>,
}

/// v9: LefiTotalforsvarspliktspenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalforsvarspliktspenningBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fattades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forman: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
}
