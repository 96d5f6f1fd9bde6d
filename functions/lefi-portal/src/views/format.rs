//! Swedish formatting of values for people: amounts ("1 234,50 kr"), numbers with a
//! decimal comma, dates and times in Stockholm ("2026-12-07 kl. 10.15"), personnummer
//! with the usual hyphen. Pure: the instant to format is always a parameter.

use chrono::{DateTime, Datelike, Utc, Weekday};
use lefi_domain::tz::STOCKHOLM;

/// A non-breaking space: an amount or a number never wraps inside itself.
const NBSP: char = '\u{a0}';

/// Groups the digits of `n` in threes with non-breaking spaces, as Swedish writes
/// numbers: 1234567 → "1 234 567".
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// The minus sign of typography (U+2212), which screen readers read as "minus".
fn sign(negative: bool) -> &'static str {
    if negative { "\u{2212}" } else { "" }
}

/// An amount in öre as kronor with two decimals: 123450 → "1 234,50 kr". A currency
/// other than SEK is named by its code after the number.
pub fn ore(ore: i64, currency: Option<&str>) -> String {
    let abs = ore.unsigned_abs();
    format!(
        "{}{},{:02}{NBSP}{}",
        sign(ore < 0),
        group_digits(abs / 100),
        abs % 100,
        currency_suffix(currency)
    )
}

/// Whole kronor (Pensionsmyndigheten's amounts are integers): 12000 → "12 000 kr".
pub fn kronor(kronor: i64) -> String {
    format!(
        "{}{}{NBSP}kr",
        sign(kronor < 0),
        group_digits(kronor.unsigned_abs())
    )
}

fn currency_suffix(currency: Option<&str>) -> &str {
    match currency {
        None | Some("SEK") | Some("") => "kr",
        Some(other) => other,
    }
}

/// A number that is not money, with a decimal comma and at most three decimals, no
/// grouping (years, points and codes read wrongly with spaces): 0.75 → "0,75".
pub fn decimal(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.3}", value.abs());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!(
        "{}{}",
        sign(value < 0.0 && text != "0"),
        text.replace('.', ",")
    )
}

/// An integer that is not money: as it is, with the typographic minus.
pub fn integer(value: i64) -> String {
    format!("{}{}", sign(value < 0), value.unsigned_abs())
}

/// "Ja" or "Nej".
pub fn yes_no(value: bool) -> &'static str {
    if value { "Ja" } else { "Nej" }
}

/// An instant as Stockholm's date and time, "2026-12-07 kl. 10.15" (the Swedish
/// agencies' way: a full stop between hours and minutes).
pub fn date_time(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&STOCKHOLM)
        .format("%Y-%m-%d kl. %H.%M")
        .to_string()
}

/// An instant in words, for a person planning their day: "måndag 8 december 2026 kl.
/// 07.00".
pub fn date_time_in_words(instant: DateTime<Utc>) -> String {
    let local = instant.with_timezone(&STOCKHOLM);
    format!(
        "{} {} {} {} kl. {}",
        weekday(local.weekday()),
        local.day(),
        month(local.month()),
        local.year(),
        local.format("%H.%M")
    )
}

fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "måndag",
        Weekday::Tue => "tisdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lördag",
        Weekday::Sun => "söndag",
    }
}

fn month(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// A personnummer as people write it: the 12 digits with a hyphen before the last four
/// ("19500101-9420"). Anything else is shown as it came.
pub fn personnummer(digits: &str) -> String {
    if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", &digits[..8], &digits[8..])
    } else {
        digits.to_owned()
    }
}

/// A period, "2025-01-01 – 2026-11-30"; with one end only, "från och med …" or "till
/// och med …".
pub fn period(from: Option<&str>, to: Option<&str>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("{f} – {t}"),
        (Some(f), None) => format!("från och med {f}"),
        (None, Some(t)) => format!("till och med {t}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn c2_amounts_are_written_the_swedish_way() {
        assert_eq!(ore(123_450, Some("SEK")), "1\u{a0}234,50\u{a0}kr");
        assert_eq!(ore(5, None), "0,05\u{a0}kr");
        assert_eq!(
            ore(-100_000_000, None),
            "\u{2212}1\u{a0}000\u{a0}000,00\u{a0}kr"
        );
        assert_eq!(ore(1_999, Some("EUR")), "19,99\u{a0}EUR");
        assert_eq!(kronor(12_000), "12\u{a0}000\u{a0}kr");
        assert_eq!(kronor(-300), "\u{2212}300\u{a0}kr");
        assert_eq!(kronor(0), "0\u{a0}kr");
    }

    #[test]
    fn c2_numbers_that_are_not_money_have_a_decimal_comma_and_no_grouping() {
        assert_eq!(decimal(0.75), "0,75");
        assert_eq!(decimal(3.0), "3");
        assert_eq!(decimal(1234.5), "1234,5");
        assert_eq!(decimal(-0.125), "\u{2212}0,125");
        assert_eq!(decimal(-0.0001), "0");
        assert_eq!(integer(2024), "2024");
    }

    #[test]
    fn c2_times_are_stockholm_time_with_a_full_stop() {
        // 09:15 UTC in December is 10.15 in Stockholm.
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 15, 0).unwrap();
        assert_eq!(date_time(at), "2026-12-07 kl. 10.15");
        assert_eq!(date_time_in_words(at), "måndag 7 december 2026 kl. 10.15");
    }

    #[test]
    fn c2_a_personnummer_gets_its_hyphen() {
        assert_eq!(personnummer("195001019420"), "19500101-9420");
        assert_eq!(personnummer("5001019420"), "5001019420");
    }
}
