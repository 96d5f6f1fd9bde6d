//! V1 against the `personnummer` crate (3.1.1), on the inputs where our policies agree.
//!
//! Compared domain, and why it is restricted:
//! - 12-digit ordinary numbers only, with no separator, `-` or `+` (both read the `+` of
//!   a 12-digit number as a mere separator). The oracle puts every 10-digit number in
//!   the 1900s (ignoring `-`/`+` and today), and checks a samordningsnummer's Luhn over
//!   the real day instead of the day + 60 as written, so it rejects real
//!   samordningsnummer.
//! - Dates not after a fixed today: the oracle has no "not after today" rule.
//! - 10-digit numbers with no separator or `-` only for 1927–1999, where our century
//!   resolution (against 2026-11-26) also lands in the 1900s; 10-digit numbers with `+`
//!   only for 1900–1926, where ours (by the year the person turns 100, SPEC V1) does
//!   too — the whole of 1926 included, also those whose 100th birthday is still to
//!   come this year.
//!
//! Inside that domain both must agree on valid/invalid and on the long form.

use chrono::NaiveDate;
use lefi_domain::pnr::Personnummer;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

fn luhn(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// 12 digits `YYYYMMDDNNNC`: month 1–12, day 1–31 (so some impossible dates), birth
/// number 000–999, check digit correct or random.
fn candidate(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = String> {
    (
        years,
        1u32..=12,
        1u32..=31,
        0u32..=999,
        any::<bool>(),
        0u32..=9,
    )
        .prop_map(|(y, m, d, n, correct, random)| {
            let body = format!("{:02}{m:02}{d:02}{n:03}", y % 100);
            let check = if correct { luhn(&body) } else { random };
            format!("{y:04}{m:02}{d:02}{n:03}{check}")
        })
}

/// Whether the (possibly impossible) date in `long` lies after today; excluded.
fn after_today(long: &str) -> bool {
    let num = |r: std::ops::Range<usize>| long[r].parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8)).is_some_and(|d| d > today())
}

/// The oracle's verdict: `Some(long form)` when valid.
fn oracle(input: &str) -> Option<String> {
    personnummer::Personnummer::parse(input)
        .ok()
        .filter(|p| p.valid())
        .map(|p| p.format().long())
}

/// Ours, in the oracle's long form `YYYYMMDD-NNNC`.
fn ours(input: &str) -> Option<String> {
    Personnummer::parse(input, today()).ok().map(|p| {
        let d = p.expose();
        format!("{}-{}", &d[..8], &d[8..])
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn v1_differential_twelve_digit(long in candidate(1850..=2026), separator in prop::sample::select(vec!["", "-", "+"])) {
        prop_assume!(!after_today(&long));
        let input = format!("{}{separator}{}", &long[..8], &long[8..]);
        prop_assert_eq!(ours(&input), oracle(&input), "{}", input);
    }

    #[test]
    fn v1_differential_ten_digit_1900s(long in candidate(1927..=1999), dash in any::<bool>()) {
        let short = &long[2..];
        let input = if dash { format!("{}-{}", &short[..6], &short[6..]) } else { short.to_owned() };
        prop_assert_eq!(ours(&input), oracle(&input), "{}", input);
    }

    #[test]
    fn v1_differential_ten_digit_plus_1900s(long in candidate(1900..=1926)) {
        let short = &long[2..];
        let input = format!("{}+{}", &short[..6], &short[6..]);
        prop_assert_eq!(ours(&input), oracle(&input), "{}", input);
    }
}

#[test]
fn v1_differential_oracle_examples() {
    // The oracle's own valid examples that fall inside the compared domain.
    for n in ["19900101-0017", "196408233234", "510818-9167"] {
        assert!(oracle(n).is_some(), "{n}");
        assert_eq!(ours(n), oracle(n), "{n}");
    }
}

#[test]
fn v1_differential_known_disagreements() {
    // Outside the compared domain, on purpose: samordningsnummer Luhn (the oracle
    // checks it over the real day) ...
    assert!(ours("197010632391").is_some());
    assert!(oracle("197010632391").is_none());
    // ... a 10-digit number from this century (the oracle assumes 1900s) ...
    assert_eq!(ours("000101-0107").as_deref(), Some("20000101-0107"));
    assert_eq!(oracle("000101-0107").as_deref(), Some("19000101-0107"));
    // ... and a 10-digit `+` number more than 100 years from the 1900s (the oracle
    // ignores the `+`).
    assert_eq!(ours("811218+9876").as_deref(), Some("18811218-9876"));
    assert_eq!(oracle("811218+9876").as_deref(), Some("19811218-9876"));
}
