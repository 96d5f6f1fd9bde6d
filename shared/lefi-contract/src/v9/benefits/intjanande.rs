//! Pension earnings (intjänande) and the pension forecast (intjänandebehållning).

use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiIntjanandeBehallning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeBehallning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub premiepension_belopp: Option<Belopp>,
}

/// v9: LefiIntjanandeUppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeUppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ar: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag: Option<IntjanandeUnderlag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsbehallningar: Option<Vec<IntjanandeGrund>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsratter: Option<Vec<IntjanandeGrund>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faktiska_pensionsratter: Option<Vec<IntjanandeGrund>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poang: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barnbeslut: Option<Vec<IntjanandeBarnBeslut>>,
}

/// v9: LefiIntjanandeUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behallningsunderlag: Option<Vec<IntjanandeBehallningUnderlag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsunderlag: Option<Vec<IntjanandePensionUnderlag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poangunderlag: Option<Vec<IntjanandePoangUnderlag>>,
}

/// v9: LefiIntjanandeBehallningUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeBehallningUnderlag {
    /// Not a date: v9 says it may be blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andringsanledning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsbehallningsforandringar: Option<Vec<IntjanandeForandring>>,
}

/// v9: LefiIntjanandeForandring
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeForandring {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arvsvinst: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexforanding: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrationskostnad: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uttaget: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aterlagt: Option<Belopp>,
}

/// v9: LefiIntjanandePensionUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePensionUnderlag {
    /// Not a date: v9 says it may be blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andringsanledning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intjanandetak: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forvarvsvillkorsar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Vec<IntjanandeGrund>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag_pgb_for_plikt: Option<Vec<IntjanandePgbForPlikt>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag_pgb_for_studier: Option<Vec<IntjanandePgbForStudier>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag_pgb_for_barn: Option<Vec<IntjanandePgbForBarn>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag_pgb_for_sa: Option<Vec<IntjanandePgbForSa>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag_pgb_for_antagandepoang: Option<Vec<IntjanandePgbForAntagandepoang>>,
}

/// v9: LefiIntjanandeGrund
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeGrund {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
}

/// v9: LefiIntjanandePgbForPlikt
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForPlikt {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dagar: Option<u32>,
    #[serde(rename = "halvaMedelPGI", skip_serializing_if = "Option::is_none")]
    pub halva_medel_pgi: Option<Belopp>,
}

/// v9: LefiIntjanandePgbForStudier
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForStudier {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub studiebidrag: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_fore_avrundning_takbegransning: Option<Belopp>,
}

/// v9: LefiIntjanandePgbForBarn
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForBarn {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jamfarelseinkomst: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utfyllnadsinkomst: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_alternativ1: Option<Belopp>,
    #[serde(
        rename = "trefjardedelsMedelPGI",
        skip_serializing_if = "Option::is_none"
    )]
    pub trefjardedels_medel_pgi: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_alternativ2: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basta_alternativ: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_fore_avrundning_takbegransning: Option<Belopp>,
}

/// v9: LefiIntjanandePgbForSa
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForSa {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manadsunderlag: Option<Vec<IntjanandePgbForSaManadsunderlag>>,
}

/// v9: LefiIntjanandePgbForSaManadsunderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForSaManadsunderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manad: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antagandeinkomst: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduceringsbelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pisa: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pisa_anhorig: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsskadelivranta: Option<Vec<Belopp>>,
    #[serde(
        rename = "samordningsprocentAL",
        skip_serializing_if = "Option::is_none"
    )]
    pub samordningsprocent_al: Option<Vec<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp_fore_avrundning_takbegransning: Option<Belopp>,
}

/// v9: LefiIntjanandePgbForAntagandepoang
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePgbForAntagandepoang {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antagandepoang: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jamforelsepoang: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basta_poang_plus_ett: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svenska_nordiska_forsakringsmanader: Option<String>,
}

/// v9: LefiIntjanandePoangUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePoangUnderlag {
    /// Not a date: v9 says it may be blank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andringsanledning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vardar: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pgi_bedomd: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poang: Option<Vec<IntjanandePoang>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basbelopp: Option<Vec<Belopp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inkomster: Option<Vec<IntjanandeGrund>>,
}

/// v9: LefiIntjanandePoang
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandePoang {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summa: Option<f64>,
}

/// v9: LefiIntjanandeBarnBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntjanandeBarnBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foralder: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foraldertyp: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berattigad: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upplysning: Option<String>,
}
