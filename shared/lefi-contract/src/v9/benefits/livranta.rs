//! Livränta after a work injury (arbetsskada) or an older occupational injury
//! (yrkesskada), to the injured or to survivors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Belopp, Bokstavskod, FranTill, Omfattning, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiArbetsskadelivrantaEgenArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaEgenArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<ArbetsskadelivrantaEgenUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<ArbetsskadelivrantaBeslut>>,
}

/// v9: LefiArbetsskadelivrantaEgenUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaEgenUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivare: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skadetillfalle: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orsak: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_innan_skada: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_efter_skada: Option<Belopp>,
}

/// v9: LefiArbetsskadelivrantaEfterlevandeArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaEfterlevandeArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<ArbetsskadelivrantaEfterlevandeUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<ArbetsskadelivrantaBeslut>>,
}

/// v9: LefiArbetsskadelivrantaEfterlevandeUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaEfterlevandeUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uppdaterades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivare: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skadetillfalle: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orsak: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avliden: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arsinkomst_innan_skada: Option<Belopp>,
}

/// v9: LefiArbetsskadelivrantaBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaBeslut {
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
    pub underlag: Option<ArbetsskadelivrantaUnderlag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordnat_bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Sifferkod>,
}

/// v9: LefiArbetsskadelivrantaUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArbetsskadelivrantaUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faktor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordningsandel: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bruttoforhojning: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pensionsgrundande_inkomst: Option<Belopp>,
}

/// v9: LefiYrkesskadelivrantaEgenArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaEgenArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<YrkesskadelivrantaEgenUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<YrkesskadelivrantaBeslut>>,
}

/// v9: LefiYrkesskadelivrantaEgenUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaEgenUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivare: Option<Vec<Sifferkod>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skadetillfalle: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orsak: Option<Vec<Sifferkod>>,
}

/// v9: LefiYrkesskadelivrantaEfterlevandeArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaEfterlevandeArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<YrkesskadelivrantaEfterlevandeUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<YrkesskadelivrantaBeslut>>,
}

/// v9: LefiYrkesskadelivrantaEfterlevandeUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaEfterlevandeUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arbetsgivare: Option<Vec<Sifferkod>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skadetillfalle: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orsak: Option<Vec<Sifferkod>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avliden: Option<Person>,
}

/// v9: LefiYrkesskadelivrantaBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaBeslut {
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
    pub underlag: Option<YrkesskadelivrantaUnderlag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ersattning: Option<Sifferkod>,
}

/// v9: LefiYrkesskadelivrantaUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YrkesskadelivrantaUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faktor: Option<Omfattning>,
}
