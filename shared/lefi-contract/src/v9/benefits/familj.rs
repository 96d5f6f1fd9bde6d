//! Benefits for families and disability: barnbidrag, underhållsstöd, vårdbidrag,
//! omvårdnadsbidrag, merkostnadsersättning and handikappersättning.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Adress, Belopp, Bokstavskod, FranTill, Manad, Omfattning, Sifferkod};
use crate::v9::person::Person;

/// v9: LefiBarnbidragArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarnbidragArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<BarnbidragUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<BarnbidragBeslut>>,
}

/// v9: LefiBarnbidragUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarnbidragUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Person>,
}

/// v9: LefiBarnbidragBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarnbidragBeslut {
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
    pub underlag: Option<BarnbidragUnderlag>,
}

/// v9: LefiBarnbidragUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarnbidragUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skolgang: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub myndighetsplacering: Option<bool>,
}

/// v9: LefiMottagareAvBarnbidragArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MottagareAvBarnbidragArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<MottagareAvBarnbidragUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<MottagareAvBarnbidragBeslut>>,
}

/// v9: LefiMottagareAvBarnbidragUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MottagareAvBarnbidragUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personuppgift: Option<Person>,
}

/// v9: LefiMottagareAvBarnbidragBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MottagareAvBarnbidragBeslut {
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
    pub underlag: Option<MottagareAvBarnbidragUnderlag>,
}

/// v9: LefiMottagareAvBarnbidragUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MottagareAvBarnbidragUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skolgang: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institutionsplacering: Option<Vec<MottagareAvBarnbidragInstitution>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tva_bidragsmottagare: Option<bool>,
    /// A month: v9 patterns it `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsdatum: Option<Manad>,
    /// One or two 12-digit personnummer joined by `/`, or `MYNDIGHETSUTBETALNING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningsmottagare: Option<String>,
}

/// v9: LefiMottagareAvBarnbidragInstitution
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MottagareAvBarnbidragInstitution {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adress: Option<Adress>,
}

/// v9: LefiUnderhallsstodArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnderhallsstodArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grunduppgifter: Option<UnderhallsstodUppgifter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<UnderhallsstodBeslut>>,
}

/// v9: LefiUnderhallsstodUppgifter
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnderhallsstodUppgifter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Person>,
}

/// v9: LefiUnderhallsstodBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnderhallsstodBeslut {
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
    pub ersattning: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samordnat_bruttobelopp: Option<Belopp>,
}

/// v9: LefiUnderhallsskuld
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Underhallsskuld {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub belopp: Option<Belopp>,
}

/// v9: LefiVardbidragArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VardbidragArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<VardbidragBeslut>>,
}

/// v9: LefiVardbidragBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VardbidragBeslut {
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
    pub ersattning: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag: Option<VardbidragUnderlag>,
}

/// v9: LefiVardbidragUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VardbidragUnderlag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barn: Option<Vec<Person>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delat: Option<bool>,
}

/// v9: LefiOmvardnadsbidragArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmvardnadsbidragArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<OmvardnadsbidragBeslut>,
}

/// v9: LefiOmvardnadsbidragBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmvardnadsbidragBeslut {
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
    pub beslutstatus: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upphorande_manad_from: Option<Vec<Manad>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periodbeslut: Option<Vec<OmvardnadsbidragPeriodBeslut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag: Option<OmvardnadsbidragUnderlag>,
}

/// v9: LefiOmvardnadsbidragPeriodBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmvardnadsbidragPeriodBeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andel: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningstyp: Option<Bokstavskod>,
}

/// v9: LefiOmvardnadsbidragUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OmvardnadsbidragUnderlag {
    #[serde(rename = "Barn", skip_serializing_if = "Option::is_none")]
    pub barn: Option<Vec<Person>>,
}

/// v9: LefiMerkostnadsersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerkostnadsersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<MerkostnadsersattningBeslut>,
}

/// v9: LefiMerkostnadsersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerkostnadsersattningBeslut {
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
    pub beslutstatus: Option<Bokstavskod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslutsutfall: Option<Sifferkod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upphorande_manad_from: Option<Vec<Manad>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub periodbeslut: Option<Vec<MerkostnadsersattningPeriodbeslut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underlag: Option<MerkostnadsersattningUnderlag>,
}

/// v9: LefiMerkostnadsersattningPeriodbeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerkostnadsersattningPeriodbeslut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<FranTill>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omfattning: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub andel: Option<Omfattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utbetalningstyp: Option<Bokstavskod>,
}

/// v9: LefiMerkostnadsersattningUnderlag
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerkostnadsersattningUnderlag {
    #[serde(rename = "Barn", skip_serializing_if = "Option::is_none")]
    pub barn: Option<Vec<Person>>,
}

/// v9: LefiHandikappersattningArende
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandikappersattningArende {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startades: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avslaget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Vec<HandikappersattningBeslut>>,
}

/// v9: LefiHandikappersattningBeslut
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandikappersattningBeslut {
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
    pub omfattning: Option<Omfattning>,
}
