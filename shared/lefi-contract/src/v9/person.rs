//! Person data (`generellPersoninformation`, `FK:GEPI`) and the persons that benefit
//! data refers to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::v9::common::{Adress, Land, Omfattning, Sifferkod};

/// Person data of the person asked about (`FK:GEPI`).
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

/// Basic data of a person that benefit data refers to (a child, a co-applicant, …).
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

/// v9: LefiFolkbokforingsuppgift
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Folkbokforingsuppgift {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kommun: Option<String>,
}

/// v9: LefiMedborgarskap
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Medborgarskap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub land: Option<Land>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn person_data_of_the_contracts_example_reads_with_typed_dates() {
        let example = json!({
            "personnummer": "197407029284",
            "foddes": "1960-11-23",
            "skyddad": false,
            "medborgarskap": [{"datum": "1993-03-26", "land": {"kod": "SE", "namn": "SVERIGE"}},
                              {"land": {"kod": "NO", "namn": "NORGE"}}],
        });
        let person: Personinformation = serde_json::from_value(example.clone()).unwrap();
        assert_eq!(person.foddes, NaiveDate::from_ymd_opt(1960, 11, 23));
        assert_eq!(serde_json::to_value(&person).unwrap(), example);
        assert_eq!(
            serde_json::to_value(Personinformation::default()).unwrap(),
            json!({})
        );
    }
}
