//! Aktivitetsstöd and the labour-market programmes, and studiemedel notices.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};

/// v9: LefiAktivitetsstodArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AktivitetsstodArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<AktivitetsstodUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<AktivitetsstodBeslut>>,
}

/// v9: LefiAktivitetsstodUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AktivitetsstodUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub atgardstyp: Option<Sifferkod>,
}

/// v9: LefiAktivitetsstodBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AktivitetsstodBeslut {
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
    pub dagar: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub karens: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Sifferkod>,
}

/// v9: LefiProgramanvisning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Programanvisning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<Sifferkod>,
}

/// v9: LefiProgramersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<ProgramersattningBeslut>>,
}

/// v9: LefiProgramersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramersattningBeslut {
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
    pub ersattningsdagar: Option<Vec<ProgramersattningDag>>,
    /// v9 does not say what these strings hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Bokstavskod>,
}

/// v9: LefiProgramersattningDag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramersattningDag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
}

/// v9: LefiProgramjobdagar
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Programjobdagar {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antal_forbrukade: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub har_forbrukat_max_antal: Option<bool>,
}

/// v9: LefiStudiemedelAvisering
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiemedelAvisering {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
}
