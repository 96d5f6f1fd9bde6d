//! Bostadsbidrag.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiBostadsbidragArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadsbidragArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medsokande: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<BostadsbidragBeslut>>,
}

/// v9: LefiBostadsbidragBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadsbidragBeslut {
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
    pub underlag: Option<BostadsbidragUnderlag>,
}

/// v9: LefiBostadsbidragUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadsbidragUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reducerad_bostadskostnad: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_bostadskostnad: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inkomster: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hemmavarande_barn: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tidvisboende_barn: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vaxelvisboende_barn: Option<Vec<Person>>,
}
