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

    /// The month's last day.
    pub fn last_day(self) -> NaiveDate {
        // Years up to 9999 are far inside chrono's range, so the next month always exists.
        self.first_day()
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
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
            "not a date of the form YYYY-MM-DD, YYYY-MM or YYYY: {:?}",
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

impl Datum {
    /// The first day the date covers: the day itself, or a month's first day.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Self::Dag(date) => date,
            Self::Manad(manad) => manad.first_day(),
        }
    }

    /// The last day the date covers: the day itself, or a month's last day.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Self::Dag(date) => date,
            Self::Manad(manad) => manad.last_day(),
        }
    }
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

/// A year written as four digits, `YYYY` on the wire (v9's `pattern: ^[0-9]{4}$`: an
/// earning year `artal`, a year of establishment `faststallelsear`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Artal(i32);

impl Artal {
    /// A year 0–9999 (the wire form has exactly four digits), or `None`.
    pub fn new(ar: i32) -> Option<Self> {
        (0..=9999).contains(&ar).then_some(Self(ar))
    }

    pub fn ar(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Artal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl FromStr for Artal {
    type Err = InvalidDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        (s.len() == 4)
            .then(|| digits(s, 0..4))
            .flatten()
            .and_then(|ar| Artal::new(i32::try_from(ar).ok()?))
            .ok_or_else(|| InvalidDate(s.to_owned()))
    }
}

serde_via_str!(Manad, Datum, Artal);

/// An amount of money, exact to the öre (a hundredth of the currency unit; the service
/// pays in SEK). v9 writes it as a JSON number of kronor (`number`, `format: double`,
/// "kan innehålla decimaler"); the project never keeps money in floating point, so a
/// value finer than an öre is rejected rather than rounded. Whole kronor are written as
/// integers (`1500`), others with their decimals (`1234.5`, `0.07`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Summa {
    ore: i64,
}

/// The largest amount, about 11 × 10¹² kronor. Below it, `kronor * 100.0` errs by less
/// than half an öre (two roundings of at most 2⁻⁵³ each), so reading rounds back to the
/// öre that was written; above ~2⁵¹ it no longer does (found by the property test).
const MAX_ORE: i64 = 1 << 50;

impl Summa {
    /// `None` beyond ±2⁵⁰ öre, where kronor as a double would no longer be exact.
    pub fn from_ore(ore: i64) -> Option<Self> {
        (-MAX_ORE..=MAX_ORE).contains(&ore).then_some(Self { ore })
    }

    pub fn ore(self) -> i64 {
        self.ore
    }

    /// The amount a JSON number of kronor stands for, if it is exact to the öre.
    fn from_kronor(kronor: f64) -> Option<Self> {
        let ore = (kronor * 100.0).round();
        // A number with at most two decimals parses to the double nearest to it, and so
        // does the quotient below: they are equal exactly when no finer digit was sent.
        // The range check comes first, so the cast below is exact.
        let in_range = ore.abs() <= MAX_ORE as f64;
        (in_range && ore / 100.0 == kronor)
            .then_some(ore as i64)
            .and_then(Self::from_ore)
    }
}

impl Serialize for Summa {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.ore % 100 == 0 {
            serializer.serialize_i64(self.ore / 100)
        } else {
            // |ore| ≤ 2⁵⁰: the quotient is the double nearest to the amount, and prints so.
            serializer.serialize_f64(self.ore as f64 / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Summa {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kronor;

        impl serde::de::Visitor<'_> for Kronor {
            type Value = Summa;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount of kronor, exact to the öre")
            }

            fn visit_i64<E: serde::de::Error>(self, kronor: i64) -> Result<Summa, E> {
                kronor
                    .checked_mul(100)
                    .and_then(Summa::from_ore)
                    .ok_or_else(|| E::custom(format!("amount out of range: {kronor}")))
            }

            fn visit_u64<E: serde::de::Error>(self, kronor: u64) -> Result<Summa, E> {
                let kronor = i64::try_from(kronor)
                    .map_err(|_| E::custom(format!("amount out of range: {kronor}")))?;
                self.visit_i64(kronor)
            }

            fn visit_f64<E: serde::de::Error>(self, kronor: f64) -> Result<Summa, E> {
                Summa::from_kronor(kronor).ok_or_else(|| {
                    E::custom(format!(
                        "amount not exact to the öre, or out of range: {kronor}"
                    ))
                })
            }
        }

        deserializer.deserialize_any(Kronor)
    }
}

/// A period; with one end only, it is open at the other.
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

/// An amount in a currency (ISO 4217, e.g. `SEK`).
///
/// v9: LefiBelopp
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Belopp {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summa: Option<Summa>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valuta: Option<String>,
}

/// An extent as a fraction `taljare / namnare` (e.g. 1/4, 3/4, 1/1).
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

/// A numeric code with a Swedish description; its meaning depends on the field.
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

/// A letter code with a Swedish description; its meaning depends on the field.
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

/// v9: LefiLand
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Land {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_period_date_is_a_day_or_a_month() {
        let period: FranTill =
            serde_json::from_value(json!({"fran": "2023-12-14", "till": "2022-09"})).unwrap();
        assert_eq!(period.fran, Some(Datum::Dag(date(2023, 12, 14))));
        let month = Manad::new(2022, 9).unwrap();
        assert_eq!(period.till, Some(Datum::Manad(month)));
        assert_eq!(month.first_day(), date(2022, 9, 1));
        assert_eq!(month.last_day(), date(2022, 9, 30));
        let leap = Datum::Manad(Manad::new(2024, 2).unwrap());
        assert_eq!(
            (leap.first_day(), leap.last_day()),
            (date(2024, 2, 1), date(2024, 2, 29))
        );
        let december = Manad::new(9999, 12).unwrap();
        assert_eq!(december.last_day(), date(9999, 12, 31));
        let day = Datum::Dag(date(2023, 12, 14));
        assert_eq!(
            (day.first_day(), day.last_day()),
            (date(2023, 12, 14), date(2023, 12, 14))
        );
        assert_eq!(
            serde_json::to_value(&period).unwrap(),
            json!({"fran": "2023-12-14", "till": "2022-09"})
        );
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "2023-00",
            "2023-1-05",
            "23-01-05",
            "2023/01/05",
            "+2023-01",
            "2023",
            "",
        ] {
            assert!(bad.parse::<Datum>().is_err(), "{bad:?} was accepted");
        }
        assert!(Manad::new(2023, 0).is_none());
        assert!(Manad::new(10_000, 1).is_none());
    }

    #[test]
    fn artal_is_four_digits() {
        let year: Artal = serde_json::from_value(json!("2024")).unwrap();
        assert_eq!(year.ar(), 2024);
        assert_eq!(serde_json::to_value(year).unwrap(), json!("2024"));
        assert_eq!(Artal::new(987).unwrap().to_string(), "0987");
        for bad in ["24", "20245", "2O24", "+202", "", "-001"] {
            assert!(bad.parse::<Artal>().is_err(), "{bad:?} was accepted");
        }
        assert!(serde_json::from_value::<Artal>(json!(2024)).is_err());
    }

    #[test]
    fn manad_writes_four_and_two_digits() {
        let early = Manad::new(987, 3).unwrap();
        assert_eq!(early.to_string(), "0987-03");
        assert_eq!("0987-03".parse::<Manad>(), Ok(early));
        assert_eq!(Manad::of(date(2024, 2, 29)), Manad::new(2024, 2));
    }

    #[test]
    fn amounts_are_exact_to_the_ore() {
        let read = |v: serde_json::Value| serde_json::from_value::<Summa>(v);
        for (wire, ore) in [
            (json!(1500), 150_000),
            (json!(1234.56), 123_456),
            (json!(0.07), 7),
            (json!(-12.5), -1_250),
            (json!(0.1), 10),
            (json!(12_345_678_901.23), 1_234_567_890_123),
        ] {
            let summa = read(wire.clone()).unwrap();
            assert_eq!(summa.ore(), ore, "{wire}");
            assert_eq!(serde_json::to_value(summa).unwrap(), wire);
        }
        assert_eq!(read(json!(1500.0)).unwrap().ore(), 150_000);
        assert_eq!(
            serde_json::to_string(&Summa::from_ore(150_000)).unwrap(),
            "1500"
        );
        for bad in [
            json!(1.555),
            json!(0.001),
            json!(1e300),
            json!("12"),
            json!(u64::MAX),
        ] {
            assert!(read(bad.clone()).is_err(), "{bad} was accepted");
        }
        assert_eq!(Summa::from_ore(i64::MAX), None);
    }

    proptest::proptest! {
        /// Every öre amount the wire can hold survives kronor as a JSON double, both
        /// through `serde_json::Value` and through JSON text.
        #[test]
        fn every_exact_amount_survives_the_wire(ore in -MAX_ORE..=MAX_ORE) {
            let summa = Summa::from_ore(ore).unwrap();
            let value = serde_json::to_value(summa).unwrap();
            proptest::prop_assert_eq!(serde_json::from_value::<Summa>(value).unwrap(), summa);
            let text = serde_json::to_string(&summa).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<Summa>(&text).unwrap(), summa);
        }

        #[test]
        fn small_amounts_print_as_kronor_and_ore(ore in -10_000_000_i64..10_000_000) {
            let text = serde_json::to_string(&Summa::from_ore(ore).unwrap()).unwrap();
            let (sign, abs) = if ore < 0 { ("-", -ore) } else { ("", ore) };
            let want = match abs % 100 {
                0 => format!("{sign}{}", abs / 100),
                c if c % 10 == 0 => format!("{sign}{}.{}", abs / 100, c / 10),
                c => format!("{sign}{}.{c:02}", abs / 100),
            };
            proptest::prop_assert_eq!(text, want);
        }
    }

    #[test]
    fn default_values_write_as_empty_objects() {
        assert_eq!(
            serde_json::to_value(FranTill::default()).unwrap(),
            json!({})
        );
        assert_eq!(serde_json::to_value(Belopp::default()).unwrap(), json!({}));
        assert_eq!(serde_json::to_value(Adress::default()).unwrap(), json!({}));
    }
}
