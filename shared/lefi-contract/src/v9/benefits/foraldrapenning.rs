//! Föräldrapenning, tillfällig föräldrapenning, graviditetspenning and
//! närståendepenning.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiForaldrapenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForaldrapenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<ForaldrapenningUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<ForaldrapenningBeslut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anspraksdagar: Option<Vec<ForaldrapenningAnspraksdag>>,
}

/// v9: LefiForaldrapenningUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForaldrapenningUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Person>,
}

/// v9: LefiForaldrapenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForaldrapenningBeslut {
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
    pub ersattning: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattningsdagar: Option<Vec<ForaldrapenningErsattningsdag>>,
}

/// v9: LefiForaldrapenningErsattningsdag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForaldrapenningErsattningsdag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub niva: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bruttobelopp: Option<Belopp>,
}

/// v9: LefiForaldrapenningAnspraksdag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForaldrapenningAnspraksdag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub niva: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
}

/// v9: LefiTillfalligForaldrapenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TillfalligForaldrapenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<TillfalligForaldrapenningUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<TillfalligForaldrapenningBeslut>>,
}

/// v9: LefiTillfalligForaldrapenningUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TillfalligForaldrapenningUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Person>,
}

/// v9: LefiTillfalligForaldrapenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TillfalligForaldrapenningBeslut {
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
    pub bedomdadagar: Option<Vec<TillfalligForaldrapenningDag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Sifferkod>,
}

/// v9: LefiTillfalligForaldrapenningDag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TillfalligForaldrapenningDag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bedomt_belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inkomsttyp: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berakningssatt: Option<Sifferkod>,
}

/// v9: LefiGraviditetspenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraviditetspenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<GraviditetspenningBeslut>>,
}

/// v9: LefiGraviditetspenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraviditetspenningBeslut {
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
    pub ersattning: Option<Sifferkod>,
}

/// v9: LefiNarstaendepenningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NarstaendepenningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<NarstaendepenningBeslut>>,
}

/// v9: LefiNarstaendepenningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NarstaendepenningBeslut {
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
    pub ersattning: Option<Sifferkod>,
}
