//! Person data (`generellPersoninformation`, `FK:GEPI`) and the persons that benefit
//! data refers to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Adress, Land, Omfattning, Sifferkod};

/// Uppgifter om en registrerad förmånstagare.
///
/// v9: LefiPersoninformation
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Personinformation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personnummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foddes: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skyddad: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avled: Option<Vec<NaiveDate>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adress: Option<Vec<Adress>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsstallen: Option<Vec<Arbetsstalle>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub civilstand: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folkbokford: Option<Vec<Folkbokforingsuppgift>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medborgarskap: Option<Vec<Medborgarskap>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samhorig: Option<Vec<Person>>,
}

/// Grunduppgifter om en person.
///
/// v9: LefiPerson
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personnummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foddes: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skyddad: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avled: Option<Vec<NaiveDate>>,
}

/// Beskriver en förmånstagares arbetsställe.
///
/// v9: LefiArbetsstalle
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arbetsstalle {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivare: Option<Arbetsgivare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sysselsattning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetstid: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adress: Option<Adress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telefon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontakt: Option<Kontaktuppgifter>,
}

/// En organisation som är arbetsgivare till en förmånstagare.
///
/// v9: LefiArbetsgivare
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arbetsgivare {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisationsnummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adress: Option<Adress>,
}

/// Uppgifter om hur en kontaktperson kan kontaktas.
///
/// v9: LefiKontaktuppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kontaktuppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telefon: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epost: Option<Vec<String>>,
}

/// Läns- och kommunkod, vilka tillsammans identifierar en av Sveriges kommuner.
///
/// v9: LefiFolkbokforingsuppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Folkbokforingsuppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kommun: Option<String>,
}

/// När och vart en person erhöll medborgarskap.
///
/// v9: LefiMedborgarskap
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Medborgarskap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub land: Option<Land>,
}
