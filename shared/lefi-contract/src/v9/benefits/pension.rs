//! Allmän pension, efterlevandepension, bostadstillägg, levnadsintyg and tax data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiAllmanpensionArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllmanpensionArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<AllmanpensionBeslut>>,
}

/// v9: LefiAllmanpensionBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllmanpensionBeslut {
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

/// v9: LefiEfterlevandepensionArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EfterlevandepensionArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<EfterlevandepensionUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<EfterlevandepensionBeslut>>,
}

/// v9: LefiEfterlevandepensionUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EfterlevandepensionUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avliden: Option<Person>,
}

/// v9: LefiEfterlevandepensionBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EfterlevandepensionBeslut {
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
    pub omfattning: Option<Vec<Omfattning>>,
}

/// v9: LefiBostadstillaggArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadstillaggArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medsokande: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<BostadstillaggBeslut>>,
}

/// v9: LefiBostadstillaggBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadstillaggBeslut {
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
    pub underlag: Option<BostadstillaggUnderlag>,
}

/// v9: LefiBostadstillaggUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BostadstillaggUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsbruttokostnad: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bostadstillaggsnettokostnad: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forsorjningsstodsarsnettokostnad: Option<Belopp>,
}

/// v9: LefiLevnadsintygUppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LevnadsintygUppgift {
    /// Date and time, in a format v9 does not give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Sifferkod>,
}

/// v9: LefiSkatteuppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skatteuppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skatteredovisningsnummer: Option<String>,
}
