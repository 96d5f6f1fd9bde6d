//! Personnummer and samordningsnummer (V1).
//!
//! Accepted shapes, after trimming surrounding whitespace (`N` = digit):
//!
//! | form               | example          | century                                   |
//! |--------------------|------------------|-------------------------------------------|
//! | `YYYYMMDDNNNC`     | `195001019420`   | as written                                |
//! | `YYYYMMDD-NNNC`    | `19500101-9420`  | as written                                |
//! | `YYYYMMDD+NNNC`    | `19500101+9420`  | as written (`+` is only a separator)      |
//! | `YYMMDDNNNC`       | `5001019420`     | latest with date ≤ today                  |
//! | `YYMMDD-NNNC`      | `500101-9420`    | latest with date ≤ today                  |
//! | `YYMMDD+NNNC`      | `500101+9420`    | latest year ≤ this year minus 100         |
//!
//! The `+` (SPEC V1, changed 2026-12-03): Skatteverket changes `-` to `+` from the
//! **year** in which the person turns 100, so a 10-digit `+` is resolved by year alone:
//! on 26 November 2026, `261215+NNNC` is 1926 (turns 100 this December), not 1826.
//! The `-` keeps "the date within the last 100 years": `261215-NNNC` is also 1926 (the
//! form the person had until this year), while `260301-NNNC` is 2026, since a `-`
//! never reaches back past 100 years. [`Personnummer::takes_plus`] is the same rule
//! seen from the other side.
//!
//! Policies (SPEC V1 leaves these open):
//! - The separator may only sit between date and birth number, and only once. A
//!   12-digit number may be written with `+` too (the personnummer libraries accept
//!   it, and SPEC V1 asks for it): the digits state the century, so there the `+` is
//!   only a separator and says nothing about age. Any other separator, inner
//!   whitespace or non-ASCII digit is [`PnrError::Format`].
//! - A wrong shape gives `Format` alone (nothing else can be judged). Otherwise every
//!   applicable error is reported, in the order `Format`, `Date`, `Checksum`; birth
//!   number `000` is `Format` but does not hide a `Date` or `Checksum` error.
//! - Samordningsnummer: day digits 61–91 are day 1–31 (checked against the month and
//!   year). Day digits `60` mean an unknown day and month `00` an unknown month, as the
//!   population register allows. With month `00` the day digits may be 60–91: the day
//!   (if known) is only checked to be 1–31, as there is no month to check it against.
//!   An ordinary number (day digits 01–31) must have a real month; day `00` is `Date`.
//! - An unknown day or month counts as the earliest possible date (1st of the month,
//!   1 January) both for "not after today" and for resolving a `-` number's century.
//! - A 10-digit number's century is resolved from the digits as written, before
//!   checking the date is real: `000229+NNNC` resolves to 1900 and is then rejected
//!   (1900 is no leap year) rather than wandering off to 1600.
//! - The Luhn check runs over `YYMMDDNNN` as written, so a samordningsnummer's check is
//!   over its day + 60.
//!
//! The number is sensitive personal data: `Debug` and `Display` never show it, there is
//! no `Serialize`, and [`Personnummer::expose`] is the only way to the digits.

use chrono::{Datelike, NaiveDate};

/// Why a string is not a valid personnummer (V1). Several may apply at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum PnrError {
    /// Not 10/12 digits with an allowed separator, or birth number 000.
    #[error("personnumret har fel format")]
    Format,
    /// The last digit is not the Luhn check digit of the nine before it.
    #[error("personnumrets kontrollsiffra stämmer inte")]
    Checksum,
    /// The date part is not a real date, or lies after today.
    #[error("personnumrets datum är inte ett giltigt datum")]
    Date,
}

/// Whether the number is a personnummer or a samordningsnummer (day + 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Personnummer,
    Samordningsnummer,
}

/// A valid personnummer or samordningsnummer, held in canonical 12-digit form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    digits: String,
    /// Birth date with an unknown day/month taken as the 1st / January. A function
    /// of `digits`, so the derived comparisons still order by `digits`.
    earliest: NaiveDate,
}

impl std::fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Personnummer(***)")
    }
}

/// Fully masked: not even the birth date, which together with sex narrows a person
/// down a lot.
impl std::fmt::Display for Personnummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("************")
    }
}

/// The input's digits once the shape is known to be right.
struct Shape {
    /// Century digits, for the 12-digit form.
    century: Option<u32>,
    /// `YYMMDDNNNC`.
    digits: [u8; 10],
    plus: bool,
}

fn shape(input: &str) -> Option<Shape> {
    let bytes = input.as_bytes();
    // Byte-wise is safe: bytes of multi-byte characters are never ASCII digits.
    let (century_len, separator_at) = match bytes.len() {
        10 => (0, None),
        11 => (0, Some(6)),
        12 => (2, None),
        13 => (2, Some(8)),
        _ => return None,
    };
    let mut plus = false;
    let mut all = [0u8; 12];
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if Some(i) == separator_at {
            match b {
                b'-' => {}
                b'+' => plus = true,
                _ => return None,
            }
        } else if b.is_ascii_digit() {
            all[n] = b - b'0';
            n += 1;
        } else {
            return None;
        }
    }
    let century = (century_len == 2).then(|| u32::from(all[0]) * 10 + u32::from(all[1]));
    let mut digits = [0u8; 10];
    digits.copy_from_slice(&all[century_len..century_len + 10]);
    Some(Shape {
        century,
        digits,
        // With the century written out, `+` is only a separator.
        plus: plus && century.is_none(),
    })
}

fn two(d: &[u8]) -> u32 {
    u32::from(d[0]) * 10 + u32::from(d[1])
}

/// The Luhn check digit of `digits` (values 0–9), doubling from the leftmost digit.
/// Public so that simulators can make valid numbers.
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    // `sum % 10` < 10, so the cast cannot truncate.
    ((10 - sum % 10) % 10) as u8
}

/// The latest year whose people turn 100 in `today`'s year or earlier: they are the
/// ones Skatteverket writes with `+`.
fn plus_year(today: NaiveDate) -> i32 {
    today.year() - 100
}

/// Month and day as written, with samordning's +60 removed; 0 = unknown.
#[derive(Clone, Copy)]
struct MonthDay {
    month: u32,
    day: u32,
    coordination: bool,
}

impl MonthDay {
    fn from_digits(mm: u32, dd: u32) -> Self {
        let coordination = dd >= 60;
        Self {
            month: mm,
            day: if coordination { dd - 60 } else { dd },
            coordination,
        }
    }

    /// Whether the digits can be a date in some year (year-specific checks come later).
    fn plausible(self) -> bool {
        let unknown_allowed = self.coordination;
        (1..=12).contains(&self.month) && (1..=31).contains(&self.day)
            || unknown_allowed && self.month <= 12 && self.day <= 31
    }

    /// The earliest date it can be in `year`, or `None` if it is not a real date.
    fn earliest_in(self, year: i32) -> Option<NaiveDate> {
        if !self.plausible() {
            return None;
        }
        NaiveDate::from_ymd_opt(year, self.month.max(1), self.day.max(1))
    }
}

impl Personnummer {
    /// Parses 10 or 12 digits (V1), resolving a 10-digit number's century against `today`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use lefi_domain::pnr::{PnrError, Personnummer};
    ///
    /// let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    /// let pnr = Personnummer::parse("500101-9420", today).unwrap();
    /// assert_eq!(pnr.expose(), "195001019420");
    /// assert_eq!(format!("{pnr} {pnr:?}"), "************ Personnummer(***)");
    /// assert_eq!(Personnummer::parse("500101-9421", today), Err(vec![PnrError::Checksum]));
    /// ```
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, Vec<PnrError>> {
        let Some(Shape {
            century,
            digits,
            plus,
        }) = shape(input.trim())
        else {
            return Err(vec![PnrError::Format]);
        };
        let yy = two(&digits[0..2]);
        let md = MonthDay::from_digits(two(&digits[2..4]), two(&digits[4..6]));

        let year = match century {
            Some(c) => (c * 100 + yy) as i32,
            // `+`: by year alone, since the `+` starts on 1 January of the year the
            // person turns 100, whatever their birthday.
            None if plus => {
                let cutoff = plus_year(today);
                cutoff - (cutoff - yy as i32).rem_euclid(100)
            }
            None => {
                let mut year = today.year() - (today.year() - yy as i32).rem_euclid(100);
                // Compare as written (not as a real date) so an impossible date still
                // gets a definite century and is reported as `Date`.
                let key = (year, md.month.max(1), md.day.max(1));
                if key > (today.year(), today.month(), today.day()) {
                    year -= 100;
                }
                year
            }
        };

        let mut errors = Vec::new();
        if digits[6..9] == [0, 0, 0] {
            errors.push(PnrError::Format);
        }
        let earliest = md
            .earliest_in(year)
            .filter(|d| *d <= today && (0..=9999).contains(&year));
        if earliest.is_none() {
            errors.push(PnrError::Date);
        }
        if luhn_check_digit(&digits[0..9]) != digits[9] {
            errors.push(PnrError::Checksum);
        }
        match earliest {
            Some(earliest) if errors.is_empty() => {
                let mut canonical = format!("{year:04}");
                canonical.extend(digits[2..].iter().map(|&d| char::from(b'0' + d)));
                Ok(Self {
                    digits: canonical,
                    earliest,
                })
            }
            _ => Err(errors),
        }
    }

    /// Reads a number this service already validated and wrote in canonical 12-digit
    /// form (workflow state, sealed audit data). Checks shape, date and Luhn, but not
    /// "not after today": that was judged when the number first arrived.
    pub fn parse_canonical(digits: &str) -> Result<Self, Vec<PnrError>> {
        if digits.len() != 12 {
            return Err(vec![PnrError::Format]);
        }
        let far_future = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
        Self::parse(digits, far_future)
    }

    /// The canonical 12 digits `YYYYMMDDNNNC`. The only way to see the number.
    pub fn expose(&self) -> &str {
        &self.digits
    }

    pub fn kind(&self) -> IdKind {
        if self.day_digits() >= 60 {
            IdKind::Samordningsnummer
        } else {
            IdKind::Personnummer
        }
    }

    pub fn birth_year(&self) -> i32 {
        self.earliest.year()
    }

    /// The birth date, or `None` for a samordningsnummer with an unknown day or month.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let md = MonthDay::from_digits(self.month_digits(), self.day_digits());
        if md.month == 0 || md.day == 0 {
            None
        } else {
            Some(self.earliest)
        }
    }

    /// Whether the 10-digit form is written with `+` on `today`: the person turns 100
    /// in `today`'s year or turned 100 before it (Skatteverket's rule, by year).
    pub fn takes_plus(&self, today: NaiveDate) -> bool {
        self.earliest.year() <= plus_year(today)
    }

    fn month_digits(&self) -> u32 {
        self.pair_at(4)
    }

    fn day_digits(&self) -> u32 {
        self.pair_at(6)
    }

    fn pair_at(&self, i: usize) -> u32 {
        let b = self.digits.as_bytes();
        u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_canonical_numbers_read_back_without_a_today_and_nothing_else_does() {
        assert_eq!(
            Personnummer::parse_canonical("195001019420").map(|p| p.expose().to_owned()),
            Ok("195001019420".to_owned())
        );
        assert_eq!(
            Personnummer::parse_canonical("5001019420"),
            Err(vec![PnrError::Format])
        );
        assert_eq!(
            Personnummer::parse_canonical("195001019421"),
            Err(vec![PnrError::Checksum])
        );
    }
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    /// The seed's "today".
    fn today() -> NaiveDate {
        date(2026, 11, 26)
    }

    /// Appends the Luhn digit to `YYMMDDNNN` (or `YYYYMMDDNNN`).
    fn with_luhn(prefix: &str) -> String {
        let d: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
        let c = luhn_check_digit(&d[d.len() - 9..]);
        format!("{prefix}{c}")
    }

    fn ok(input: &str, today: NaiveDate) -> Personnummer {
        Personnummer::parse(input, today).unwrap_or_else(|e| panic!("{input}: {e:?}"))
    }

    fn canonical(input: &str, today: NaiveDate) -> String {
        ok(input, today).expose().to_owned()
    }

    fn err(input: &str, today: NaiveDate) -> Vec<PnrError> {
        match Personnummer::parse(input, today) {
            Ok(_) => panic!("{input} parsed"),
            Err(e) => e,
        }
    }

    /// Inserts `sep` between date and birth number of a 10- or 12-digit string.
    fn sep(digits: &str, sep: char) -> String {
        let at = digits.len() - 4;
        format!("{}{sep}{}", &digits[..at], &digits[at..])
    }

    #[test]
    fn v1_luhn_matches_known_numbers() {
        // Published examples, checked independently of our Luhn code.
        for n in [
            "195001019420",
            "196408233234",
            "198112189876",
            "197010632391",
        ] {
            assert_eq!(with_luhn(&n[..11]), n);
        }
    }

    #[test]
    fn v1_seed_example_in_all_forms() {
        for input in [
            "195001019420",
            "19500101-9420",
            "5001019420",
            "500101-9420",
            " \t195001019420\n",
        ] {
            assert_eq!(canonical(input, today()), "195001019420", "{input}");
        }
        let p = ok("195001019420", today());
        assert_eq!(p.kind(), IdKind::Personnummer);
        assert_eq!(p.birth_year(), 1950);
        assert_eq!(p.birth_date(), Some(date(1950, 1, 1)));
        assert!(!p.takes_plus(today()));
    }

    #[test]
    fn v1_plus_means_hundred_or_older() {
        assert_eq!(canonical("500101+9420", today()), "185001019420");
        assert_eq!(canonical("811218+9876", today()), "188112189876");
        assert_eq!(canonical("811218-9876", today()), "198112189876");
    }

    #[test]
    fn v1_century_boundary_at_exactly_one_hundred() {
        let t = today();
        // Born exactly 100 years ago today: `-` means today's baby, `+` 1926.
        let exact = with_luhn("261126123");
        assert_eq!(canonical(&sep(&exact, '+'), t), format!("19{exact}"));
        assert_eq!(canonical(&sep(&exact, '-'), t), format!("20{exact}"));
        assert_eq!(canonical(&exact, t), format!("20{exact}"));
        assert!(ok(&format!("19{exact}"), t).takes_plus(t));
        // Born 100 years ago tomorrow: still 99, but turns 100 this year, so `+` is
        // already 1926 (by year) and `-` is too (the date within 100 years).
        let tomorrow = with_luhn("261127123");
        assert_eq!(canonical(&sep(&tomorrow, '-'), t), format!("19{tomorrow}"));
        assert_eq!(canonical(&tomorrow, t), format!("19{tomorrow}"));
        assert_eq!(canonical(&sep(&tomorrow, '+'), t), format!("19{tomorrow}"));
        assert!(ok(&format!("19{tomorrow}"), t).takes_plus(t));
        assert!(!ok(&format!("19{tomorrow}"), date(2025, 12, 31)).takes_plus(date(2025, 12, 31)));
        // Born 100 years ago yesterday: 100 since yesterday.
        let yesterday = with_luhn("261125123");
        assert_eq!(
            canonical(&sep(&yesterday, '+'), t),
            format!("19{yesterday}")
        );
        assert_eq!(
            canonical(&sep(&yesterday, '-'), t),
            format!("20{yesterday}")
        );
        assert!(ok(&format!("19{yesterday}"), t).takes_plus(t));
    }

    #[test]
    fn v1_plus_resolves_by_the_year_the_person_turns_100() {
        // Skatteverket writes `+` from the year a person turns 100, so on 26 November
        // someone born 15 December 1926 already has `+`: that is 1926, not 1826.
        let t = today();
        let later_this_year = with_luhn("261215123");
        assert_eq!(
            canonical(&sep(&later_this_year, '+'), t),
            format!("19{later_this_year}")
        );
        // Turns 100 on New Year's Eve: still this year.
        let new_years_eve = with_luhn("261231123");
        assert_eq!(
            canonical(&sep(&new_years_eve, '+'), t),
            format!("19{new_years_eve}")
        );
        // Turns 100 next year: `+` reaches back to the century before.
        let next_year = with_luhn("270101123");
        assert_eq!(
            canonical(&sep(&next_year, '+'), t),
            format!("18{next_year}")
        );
        // On 1 January the whole year's 100-year-olds move to `+` at once.
        let new_year = date(2027, 1, 1);
        assert_eq!(
            canonical(&sep(&next_year, '+'), new_year),
            format!("19{next_year}")
        );
        assert_eq!(
            canonical(&sep(&with_luhn("271231123"), '+'), new_year),
            format!("19{}", with_luhn("271231123"))
        );
    }

    #[test]
    fn v1_minus_for_someone_turning_100_later_this_year_is_still_them() {
        // The same person written with `-` (as before the year they turn 100): the date
        // within the last 100 years is still 1926, so both forms name the same person.
        let t = today();
        let later_this_year = with_luhn("261215123");
        assert_eq!(
            canonical(&sep(&later_this_year, '-'), t),
            format!("19{later_this_year}")
        );
        assert_eq!(
            canonical(&later_this_year, t),
            format!("19{later_this_year}")
        );
        // Already 100 this year, written with `-`: a `-` never reaches back past 100
        // years, so it is the baby born this year (whose date is not after today).
        let earlier_this_year = with_luhn("260301123");
        assert_eq!(
            canonical(&sep(&earlier_this_year, '-'), t),
            format!("20{earlier_this_year}")
        );
        assert_eq!(
            canonical(&sep(&earlier_this_year, '+'), t),
            format!("19{earlier_this_year}")
        );
    }

    #[test]
    fn v1_twelve_digit_with_plus_is_accepted_and_the_digits_give_the_century() {
        let t = today();
        assert_eq!(canonical("19500101+9420", t), "195001019420");
        assert_eq!(canonical("18811218+9876", t), "188112189876");
        // The `+` is only a separator here: it does not move the century.
        let young = with_luhn("20000101123");
        assert_eq!(canonical(&sep(&young, '+'), t), young);
        // The number's own rules still apply.
        assert_eq!(err("19500101+9421", t), [PnrError::Checksum]);
        assert_eq!(
            err(&sep(&with_luhn("20261127123"), '+'), t),
            [PnrError::Date]
        );
        for bad in ["19500101++9420", "1950010+19420", "+195001019420"] {
            assert_eq!(err(bad, t), [PnrError::Format], "{bad}");
        }
    }

    #[test]
    fn v1_born_today_is_valid_and_tomorrow_is_date() {
        let t = today();
        assert!(Personnummer::parse(&with_luhn("20261126123"), t).is_ok());
        assert_eq!(err(&with_luhn("20261127123"), t), [PnrError::Date]);
        assert_eq!(err(&with_luhn("21000101123"), t), [PnrError::Date]);
    }

    #[test]
    fn v1_feb_29_in_leap_and_non_leap_years() {
        let t = today();
        for leap in ["20000229123", "20240229123", "19040229123"] {
            assert!(Personnummer::parse(&with_luhn(leap), t).is_ok(), "{leap}");
        }
        for non_leap in ["19000229123", "20230229123", "21000229123"] {
            assert_eq!(err(&with_luhn(non_leap), t), [PnrError::Date], "{non_leap}");
        }
        // 10-digit: `-` resolves to 2000 (leap), `+` to 1900 (not).
        let short = with_luhn("000229123");
        assert_eq!(canonical(&sep(&short, '-'), t), format!("20{short}"));
        assert_eq!(err(&sep(&short, '+'), t), [PnrError::Date]);
    }

    #[test]
    fn v1_impossible_dates_are_date() {
        let t = today();
        for bad in [
            "19501301123", // month 13
            "19500132123", // day 32
            "19500431123", // 31 April
            "19500100123", // day 00
            "19500001123", // month 00 on an ordinary number
            "19500015123", // month 00 on an ordinary number
            "19500159123", // day 59: neither ordinary nor samordning
            "19500192123", // day 92 = 32 + 60
        ] {
            assert_eq!(err(&with_luhn(bad), t), [PnrError::Date], "{bad}");
            assert_eq!(err(&with_luhn(&bad[2..]), t), [PnrError::Date], "{bad}");
        }
    }

    #[test]
    fn v1_samordningsnummer_day_61_to_91() {
        let t = today();
        let p = ok("197010632391", t);
        assert_eq!(p.kind(), IdKind::Samordningsnummer);
        assert_eq!(p.birth_date(), Some(date(1970, 10, 3)));
        assert_eq!(canonical("701063-2391", t), "197010632391");
        assert_eq!(
            ok(&with_luhn("19800161123"), t).birth_date(),
            Some(date(1980, 1, 1))
        );
        assert_eq!(
            ok(&with_luhn("19800191123"), t).birth_date(),
            Some(date(1980, 1, 31))
        );
        assert_eq!(
            ok(&with_luhn("19800289123"), t).birth_date(),
            Some(date(1980, 2, 29))
        );
        assert_eq!(err(&with_luhn("19810289123"), t), [PnrError::Date]);
        assert_eq!(err(&with_luhn("19800491123"), t), [PnrError::Date]);
        assert_eq!(err(&with_luhn("19801361123"), t), [PnrError::Date]);
    }

    #[test]
    fn v1_samordningsnummer_day_60_is_unknown_day() {
        let t = today();
        let p = ok(&with_luhn("19800260123"), t);
        assert_eq!(p.kind(), IdKind::Samordningsnummer);
        assert_eq!(p.birth_date(), None);
        assert_eq!(p.birth_year(), 1980);
        // Earliest possible date (1 Nov) is not after today; 1 Dec is.
        assert!(Personnummer::parse(&with_luhn("20261160123"), t).is_ok());
        assert_eq!(err(&with_luhn("20261260123"), t), [PnrError::Date]);
        // ... and it resolves the century the same way.
        let nov = with_luhn("261160123");
        assert_eq!(canonical(&nov, t), format!("20{nov}"));
        let dec = with_luhn("261260123");
        assert_eq!(canonical(&dec, t), format!("19{dec}"));
    }

    #[test]
    fn v1_samordningsnummer_month_00_is_unknown_month() {
        let t = today();
        let unknown_both = ok(&with_luhn("19800060123"), t);
        assert_eq!(unknown_both.kind(), IdKind::Samordningsnummer);
        assert_eq!(unknown_both.birth_date(), None);
        // Known day, unknown month: only checked to be 1–31.
        let p = ok(&with_luhn("19800091123"), t);
        assert_eq!(p.birth_date(), None);
        assert_eq!(p.birth_year(), 1980);
        assert_eq!(err(&with_luhn("19800092123"), t), [PnrError::Date]);
        // Earliest possible date is 1 January.
        assert!(Personnummer::parse(&with_luhn("20260060123"), t).is_ok());
        assert_eq!(err(&with_luhn("20270060123"), t), [PnrError::Date]);
        let short = with_luhn("260060123");
        assert_eq!(canonical(&short, t), format!("20{short}"));
    }

    #[test]
    fn v1_birth_number_000_is_format() {
        let t = today();
        assert_eq!(err(&with_luhn("19500101000"), t), [PnrError::Format]);
        assert_eq!(err(&with_luhn("500101000"), t), [PnrError::Format]);
        // The shape is right, so other errors are still reported.
        assert_eq!(
            err("195013010001", t),
            [PnrError::Format, PnrError::Date, PnrError::Checksum]
        );
    }

    #[test]
    fn v1_luhn_mismatch_is_pnr_checksum() {
        let t = today();
        for bad in ["195001019421", "5001019429", "500101-9428", "500101+9427"] {
            assert_eq!(err(bad, t), [PnrError::Checksum], "{bad}");
        }
        // Samordningsnummer: Luhn over day + 60, not over the real day.
        let over_real_day = format!("19701063239{}", with_luhn("701003239").as_bytes()[9] - b'0');
        assert_eq!(err(&over_real_day, t), [PnrError::Checksum]);
    }

    #[test]
    fn v1_date_and_checksum_reported_together() {
        let t = today();
        let good = with_luhn("19501301123");
        let last = good.as_bytes()[11] - b'0';
        let bad = format!("{}{}", &good[..11], (last + 1) % 10);
        assert_eq!(err(&bad, t), [PnrError::Date, PnrError::Checksum]);
    }

    #[test]
    fn v1_letters_and_odd_characters_are_format() {
        let t = today();
        for bad in [
            "19500101942X",
            "195O01019420",
            "abcdefghij",
            "500101 9420",
            "500101/9420",
            "500101_9420",
            "500101\u{2013}9420",       // en dash
            "１９５００１０１９４２０", // full-width digits
            "+5001019420",
            "-5001019420",
        ] {
            assert_eq!(err(bad, t), [PnrError::Format], "{bad}");
        }
    }

    #[test]
    fn v1_wrong_lengths_are_format() {
        let t = today();
        for bad in [
            "",
            "   ",
            "500101942",
            "50010194200",
            "19500101942",
            "1950010194200",
            "5001019-420",
            "19500101-94200",
        ] {
            assert_eq!(err(bad, t), [PnrError::Format], "{bad}");
        }
    }

    #[test]
    fn v1_separators_in_wrong_places_are_format() {
        let t = today();
        for bad in [
            "5001-019420",
            "50010-19420",
            "5001019-420",
            "1950-01019420",
            "195001-019420",
            "1950010-19420",
            "500101--9420",
            "500101-+9420",
            "19500101--9420",
            "50-01-01-9420",
            "1950-01-01-9420",
            "500101-9420-",
        ] {
            assert_eq!(err(bad, t), [PnrError::Format], "{bad}");
        }
    }

    #[test]
    fn v1_debug_and_display_are_redacted() {
        let p = ok("195001019420", today());
        assert_eq!(format!("{p:?}"), "Personnummer(***)");
        assert_eq!(format!("{p:#?}"), "Personnummer(***)");
        assert_eq!(p.to_string(), "************");
        let wrapped = format!("{:?}", Some((p.clone(), "x")));
        assert!(
            !wrapped.contains("1950") && !wrapped.contains("9420"),
            "{wrapped}"
        );
    }

    #[test]
    fn v1_error_messages_are_swedish() {
        assert_eq!(PnrError::Format.to_string(), "personnumret har fel format");
        assert_eq!(
            PnrError::Checksum.to_string(),
            "personnumrets kontrollsiffra stämmer inte"
        );
    }

    /// A valid number's 12 digits and the `today` it is valid on.
    fn valid_number() -> impl Strategy<Value = (String, NaiveDate, Option<NaiveDate>)> {
        let first = date(1950, 1, 1);
        (0u64..(200 * 366), 0u64..(199 * 365), 0u8..5, 1u32..=999).prop_map(
            move |(today_offset, age_days, variant, birth_number)| {
                let today = first + chrono::Days::new(today_offset);
                let born = today - chrono::Days::new(age_days);
                // 0 ordinary, 1 samordning, 2 unknown day, 3 unknown month and day,
                // 4 unknown month with known day.
                let (mm, dd, known) = match variant {
                    0 => (born.month(), born.day(), Some(born)),
                    1 => (born.month(), born.day() + 60, Some(born)),
                    2 => (born.month(), 60, None),
                    3 => (0, 60, None),
                    _ => (0, born.day() + 60, None),
                };
                let prefix = format!("{:04}{mm:02}{dd:02}{birth_number:03}", born.year());
                (with_luhn(&prefix), today, known)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn v1_prop_valid_numbers_round_trip((long, today, known) in valid_number()) {
            let p = Personnummer::parse(&long, today).map_err(|e| TestCaseError::fail(format!("{long}: {e:?}")))?;
            prop_assert_eq!(p.expose(), long.as_str());
            prop_assert_eq!(p.birth_date(), known);
            let short = &long[2..];
            let marker = if p.takes_plus(today) { '+' } else { '-' };
            let mut forms = vec![sep(&long, '-'), sep(&long, '+'), sep(short, marker)];
            if marker == '-' {
                forms.push(short.to_owned());
            }
            for form in forms {
                prop_assert_eq!(Personnummer::parse(&form, today), Ok(p.clone()), "{}", form);
            }
        }

        #[test]
        fn v1_prop_single_digit_change_is_checksum(
            (long, today, _) in valid_number(),
            pos in 2usize..12,
            delta in 1u8..=9,
        ) {
            let mut bytes = long.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let result = Personnummer::parse(&changed, today);
            prop_assert!(matches!(&result, Err(e) if e.contains(&PnrError::Checksum)), "{}: {:?}", changed, result);
        }

        #[test]
        fn v1_prop_parse_never_panics(s in "\\PC*") {
            let _ = Personnummer::parse(&s, date(2026, 11, 26));
        }

        #[test]
        fn v1_prop_parse_never_panics_on_digit_heavy(s in "[0-9]{0,14}[-+ ]?[0-9]{0,6}", y in -300i32..10300) {
            let today = NaiveDate::from_ymd_opt(y, 6, 15).unwrap_or(NaiveDate::MAX);
            if let Ok(p) = Personnummer::parse(&s, today) {
                prop_assert_eq!(p.expose().len(), 12);
                prop_assert!(p.expose().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
