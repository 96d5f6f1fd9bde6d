//! Building blocks that every part of the answer shares: periods and their dates,
//! amounts, fractions, coded values, countries and addresses.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A month without a day, `YYYY-MM` on the wire: `LefiFranTill` allows it ("Datum kan
/// också sakna dagangivelse", e.g. `2022-09`), and some fields are patterned so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Manad {
    ar: i32,
    manad: u32,
}

impl Manad {
    /// A month of a four-digit year (the wire form has exactly four), or `None`.
    pub fn new(ar: i32, manad: u32) -> Option<Self> {
        ((0..=9999).contains(&ar) && (1..=12).contains(&manad)).then_some(Self { ar, manad })
    }

    /// The month `date` lies in.
    pub fn of(date: NaiveDate) -> Option<Self> {
        Self::new(date.year(), date.month())
    }

    pub fn ar(self) -> i32 {
        self.ar
    }

    /// 1–12.
    pub fn manad(self) -> u32 {
        self.manad
    }

    /// The month's first day.
    pub fn first_day(self) -> NaiveDate {
        // Valid by construction: a checked year and a month 1–12 always have a day 1.
        NaiveDate::from_ymd_opt(self.ar, self.manad, 1).unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for Manad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.ar, self.manad)
    }
}

/// A string that is not a v9 date of the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDate(String);

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a date of the form YYYY-MM-DD or YYYY-MM: {:?}",
            self.0
        )
    }
}

impl std::error::Error for InvalidDate {}

/// Digits of `s` at the given byte range, if all are ASCII digits.
fn digits(s: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = s.get(range)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

impl FromStr for Manad {
    type Err = InvalidDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = (s.len() == 7 && s.as_bytes()[4] == b'-')
            .then(|| Some((i32::try_from(digits(s, 0..4)?).ok()?, digits(s, 5..7)?)))
            .flatten();
        parsed
            .and_then(|(ar, manad)| Manad::new(ar, manad))
            .ok_or_else(|| InvalidDate(s.to_owned()))
    }
}

/// A date of a `LefiFranTill`: a day, or a month without a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Datum {
    /// `YYYY-MM-DD`.
    Dag(NaiveDate),
    /// `YYYY-MM`.
    Manad(Manad),
}

impl From<NaiveDate> for Datum {
    fn from(date: NaiveDate) -> Self {
        Self::Dag(date)
    }
}

impl From<Manad> for Datum {
    fn from(manad: Manad) -> Self {
        Self::Manad(manad)
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dag(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Self::Manad(manad) => manad.fmt(f),
        }
    }
}

impl FromStr for Datum {
    type Err = InvalidDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 7 {
            return s.parse().map(Self::Manad);
        }
        let b = s.as_bytes();
        let day = (s.len() == 10 && b[4] == b'-' && b[7] == b'-')
            .then(|| {
                let ar = i32::try_from(digits(s, 0..4)?).ok()?;
                NaiveDate::from_ymd_opt(ar, digits(s, 5..7)?, digits(s, 8..10)?)
            })
            .flatten();
        day.map(Self::Dag).ok_or_else(|| InvalidDate(s.to_owned()))
    }
}

/// Serde through the string form, for types with `Display` and `FromStr`.
macro_rules! serde_via_str {
    ($($t:ty),+) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )+};
}

serde_via_str!(Manad, Datum);

/// Period uttryckt som ett eller två datum.
///
/// v9: LefiFranTill
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FranTill {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fran: Option<Datum>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub till: Option<Datum>,
}

/// Ett belopp, beskrivet som en summa och en valuta.
///
/// v9: LefiBelopp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Belopp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summa: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valuta: Option<String>,
}

/// Uttrycker en omfattning som divisionen av en täljare och en nämnare.
///
/// v9: LefiOmfattning
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Omfattning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taljare: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namnare: Option<u32>,
}

/// En numerisk enumerator, vilken beskriver ett tillstånd ett ärende eller ett annat datum kan vara i.
///
/// v9: LefiSifferkod
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sifferkod {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
}

/// En bokstavsbaserad enumerator, vilken beskriver ett tillstånd ett ärende eller ett annat datum kan vara i.
///
/// v9: LefiBokstavskod
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bokstavskod {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
}

/// Land.
///
/// v9: LefiLand
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Land {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
}

/// En adress.
///
/// v9: LefiAdress
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Adress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roller: Option<Vec<Sifferkod>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utdelningadress: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postnummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub land: Option<Land>,
}
