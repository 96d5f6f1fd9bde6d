//! Swedish red days and eves (O2, O3).
//!
//! O2: the service is closed on the public holidays of lag (1989:253) om allmänna
//! helgdagar and on the three eves the law treats as holidays (midsommarafton,
//! julafton, nyårsafton). Ordinary Sundays are *not* red days here.
//! O3: a day that is not red but whose next day is, is an eve ([`DayKind::Eve`]).
//! Eves are derived from [`red_day`], never listed by hand.
//!
//! Easter uses the Gregorian computus. It is verified for 1583..=9999 (the years the
//! Gregorian rule was meant for, checked against an independent oracle in
//! `lefi-differential`); other years chrono can represent get the proleptic answer.

use chrono::{Datelike, NaiveDate, Weekday};

/// A red day (O2): a public holiday or one of the three eves treated as one.
///
/// The order of the variants is the order in the year; it also breaks ties when two
/// red days fall on the same date (see [`red_day`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Holiday {
    /// 1 January.
    Nyarsdagen,
    /// 6 January.
    TrettondedagJul,
    /// Good Friday, Easter − 2.
    Langfredagen,
    /// Easter Sunday.
    Paskdagen,
    /// Easter Monday, Easter + 1.
    AnnandagPask,
    /// 1 May.
    ForstaMaj,
    /// Ascension Day, Easter + 39.
    KristiHimmelsfardsdag,
    /// Whit Sunday, Easter + 49.
    Pingstdagen,
    /// 6 June.
    Nationaldagen,
    /// The Friday 19–25 June (an eve the law treats as a holiday).
    Midsommarafton,
    /// The Saturday 20–26 June.
    Midsommardagen,
    /// The Saturday 31 October–6 November.
    AllaHelgonsDag,
    /// 24 December (an eve the law treats as a holiday).
    Julafton,
    /// 25 December.
    Juldagen,
    /// 26 December.
    AnnandagJul,
    /// 31 December (an eve the law treats as a holiday).
    Nyarsafton,
}

impl Holiday {
    /// Every red day, in the order of the year.
    pub const ALL: [Holiday; 16] = [
        Holiday::Nyarsdagen,
        Holiday::TrettondedagJul,
        Holiday::Langfredagen,
        Holiday::Paskdagen,
        Holiday::AnnandagPask,
        Holiday::ForstaMaj,
        Holiday::KristiHimmelsfardsdag,
        Holiday::Pingstdagen,
        Holiday::Nationaldagen,
        Holiday::Midsommarafton,
        Holiday::Midsommardagen,
        Holiday::AllaHelgonsDag,
        Holiday::Julafton,
        Holiday::Juldagen,
        Holiday::AnnandagJul,
        Holiday::Nyarsafton,
    ];

    /// The Swedish name, capitalised for use as a label, e.g. "Midsommardagen".
    pub fn name_sv(&self) -> &'static str {
        match self {
            Holiday::Nyarsdagen => "Nyårsdagen",
            Holiday::TrettondedagJul => "Trettondedag jul",
            Holiday::Langfredagen => "Långfredagen",
            Holiday::Paskdagen => "Påskdagen",
            Holiday::AnnandagPask => "Annandag påsk",
            Holiday::ForstaMaj => "Första maj",
            Holiday::KristiHimmelsfardsdag => "Kristi himmelsfärdsdag",
            Holiday::Pingstdagen => "Pingstdagen",
            Holiday::Nationaldagen => "Sveriges nationaldag",
            Holiday::Midsommarafton => "Midsommarafton",
            Holiday::Midsommardagen => "Midsommardagen",
            Holiday::AllaHelgonsDag => "Alla helgons dag",
            Holiday::Julafton => "Julafton",
            Holiday::Juldagen => "Juldagen",
            Holiday::AnnandagJul => "Annandag jul",
            Holiday::Nyarsafton => "Nyårsafton",
        }
    }

    /// The Swedish name of the day before this one when that day is an eve (O3),
    /// e.g. "Skärtorsdagen" before långfredagen. Eves without an established name get
    /// a descriptive one, e.g. "Dagen före julafton" for 23 December.
    pub fn eve_name_sv(&self) -> &'static str {
        match self {
            Holiday::TrettondedagJul => "Trettondagsafton",
            Holiday::Langfredagen => "Skärtorsdagen",
            Holiday::Paskdagen => "Påskafton",
            Holiday::ForstaMaj => "Valborgsmässoafton",
            Holiday::Pingstdagen => "Pingstafton",
            Holiday::AllaHelgonsDag => "Allhelgonaafton",
            Holiday::KristiHimmelsfardsdag => "Dagen före Kristi himmelsfärdsdag",
            Holiday::Nationaldagen => "Dagen före nationaldagen",
            Holiday::Midsommarafton => "Dagen före midsommarafton",
            Holiday::Julafton => "Dagen före julafton",
            Holiday::Nyarsafton => "Dagen före nyårsafton",
            // The day before these is itself red, so it is never an eve.
            Holiday::Nyarsdagen => "Dagen före nyårsdagen",
            Holiday::AnnandagPask => "Dagen före annandag påsk",
            Holiday::Midsommardagen => "Dagen före midsommardagen",
            Holiday::Juldagen => "Dagen före juldagen",
            Holiday::AnnandagJul => "Dagen före annandag jul",
        }
    }
}

/// What kind of day a date is for the opening-hours rules (O1–O3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A red day (O2): closed all day.
    RedDay(Holiday),
    /// Not a red day, but the next day is (O3): shortened hours.
    Eve {
        /// The red day that follows.
        before: Holiday,
    },
    /// An ordinary Monday–Friday.
    Weekday,
    /// An ordinary Saturday.
    Saturday,
    /// An ordinary Sunday (not a red day in this service).
    Sunday,
}

impl DayKind {
    /// A Swedish label for display: the holiday or eve name, or the kind of day.
    pub fn name_sv(&self) -> &'static str {
        match self {
            DayKind::RedDay(h) => h.name_sv(),
            DayKind::Eve { before } => before.eve_name_sv(),
            DayKind::Weekday => "Vardag",
            DayKind::Saturday => "Lördag",
            DayKind::Sunday => "Söndag",
        }
    }
}

/// Easter Sunday of `year` (Gregorian computus, anonymous algorithm).
///
/// Verified for 1583..=9999; other years get the proleptic Gregorian answer.
///
/// # Panics
///
/// If `year` is outside the range `chrono::NaiveDate` can represent (about ±262 000).
/// Any year of an existing `NaiveDate` is fine.
pub fn easter_sunday(year: i32) -> NaiveDate {
    easter(year).expect("year outside chrono's NaiveDate range")
}

/// Floor division and modulo (`div_euclid`) keep the arithmetic valid for every year.
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    // n is in 107..=149, so month is 3 or 4 and day is 1..=31.
    let month = u32::try_from(n / 31).ok()?;
    let day = u32::try_from(n % 31 + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The first `weekday` on or after `year-month-day`.
fn first_on_or_after(year: i32, month: u32, day: u32, weekday: Weekday) -> Option<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(year, month, day)?;
    let ahead = (7 + weekday.num_days_from_monday() - start.weekday().num_days_from_monday()) % 7;
    start.checked_add_days(chrono::Days::new(u64::from(ahead)))
}

/// The date of `holiday` in `year`, if chrono can represent it.
fn date_of(holiday: Holiday, year: i32, easter: NaiveDate) -> Option<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let from_easter = |days: i64| easter.checked_add_signed(chrono::TimeDelta::days(days));
    match holiday {
        Holiday::Nyarsdagen => ymd(1, 1),
        Holiday::TrettondedagJul => ymd(1, 6),
        Holiday::Langfredagen => from_easter(-2),
        Holiday::Paskdagen => Some(easter),
        Holiday::AnnandagPask => from_easter(1),
        Holiday::ForstaMaj => ymd(5, 1),
        Holiday::KristiHimmelsfardsdag => from_easter(39),
        Holiday::Pingstdagen => from_easter(49),
        Holiday::Nationaldagen => ymd(6, 6),
        Holiday::Midsommarafton => first_on_or_after(year, 6, 19, Weekday::Fri),
        Holiday::Midsommardagen => first_on_or_after(year, 6, 20, Weekday::Sat),
        Holiday::AllaHelgonsDag => first_on_or_after(year, 10, 31, Weekday::Sat),
        Holiday::Julafton => ymd(12, 24),
        Holiday::Juldagen => ymd(12, 25),
        Holiday::AnnandagJul => ymd(12, 26),
        Holiday::Nyarsafton => ymd(12, 31),
    }
}

/// The red day (O2) on `date`, if any.
///
/// Two red days can share a date (första maj and Kristi himmelsfärdsdag in 2008,
/// pingstdagen and nationaldagen in 2049); then the earlier variant in [`Holiday`]'s
/// order is returned. [`holidays_on`] returns both.
pub fn red_day(date: NaiveDate) -> Option<Holiday> {
    // Hot path of every opening-hours query: no allocation.
    let easter = easter(date.year())?;
    Holiday::ALL
        .into_iter()
        .find(|&h| date_of(h, date.year(), easter) == Some(date))
}

/// Every red day on `date`, in [`Holiday`]'s order (usually zero or one).
pub fn holidays_on(date: NaiveDate) -> Vec<Holiday> {
    let Some(easter) = easter(date.year()) else {
        return Vec::new();
    };
    Holiday::ALL
        .into_iter()
        .filter(|&h| date_of(h, date.year(), easter) == Some(date))
        .collect()
}

/// All 16 red days of `year` in date order (ties in [`Holiday`]'s order). A date
/// appears twice when two red days coincide. Empty only for years chrono cannot
/// represent.
pub fn red_days(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let Some(easter) = easter(year) else {
        return Vec::new();
    };
    let mut days: Vec<_> = Holiday::ALL
        .into_iter()
        .filter_map(|h| date_of(h, year, easter).map(|d| (d, h)))
        .collect();
    days.sort();
    days
}

/// Classifies `date` for O1–O3: red day, eve (the next day is red), or an ordinary
/// weekday, Saturday or Sunday.
pub fn day_kind(date: NaiveDate) -> DayKind {
    if let Some(h) = red_day(date) {
        return DayKind::RedDay(h);
    }
    if let Some(before) = date.succ_opt().and_then(red_day) {
        return DayKind::Eve { before };
    }
    match date.weekday() {
        Weekday::Sat => DayKind::Saturday,
        Weekday::Sun => DayKind::Sunday,
        _ => DayKind::Weekday,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn o2_easter_sunday_known_dates_2024_to_2028() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2028), d(2028, 4, 16));
    }

    #[test]
    fn o2_easter_sunday_far_past_and_future_extremes() {
        // 22 March is the earliest possible Easter, 25 April the latest.
        assert_eq!(easter_sunday(1818), d(1818, 3, 22));
        assert_eq!(easter_sunday(2285), d(2285, 3, 22));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
        assert_eq!(easter_sunday(1943), d(1943, 4, 25));
        assert_eq!(easter_sunday(1583), d(1583, 4, 10));
        assert_eq!(easter_sunday(9999), d(9999, 3, 28));
    }

    #[test]
    fn o2_easter_sunday_does_not_panic_outside_the_verified_range() {
        for y in [-4000, -1, 0, 1, 1000, 1582, 10_000, 200_000] {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= d(y, 3, 22) && e <= d(y, 4, 25), "{y}: {e}");
        }
    }

    #[test]
    fn o2_midsommardagen_is_the_saturday_20_to_26_june() {
        for (y, day) in [(2024, 22), (2025, 21), (2026, 20), (2027, 26), (2028, 24)] {
            assert_eq!(red_day(d(y, 6, day)), Some(Holiday::Midsommardagen), "{y}");
            assert_eq!(
                red_day(d(y, 6, day - 1)),
                Some(Holiday::Midsommarafton),
                "{y}"
            );
        }
    }

    #[test]
    fn o2_alla_helgons_dag_is_the_saturday_31_october_to_6_november() {
        for date in [
            d(2024, 11, 2),
            d(2025, 11, 1),
            d(2026, 10, 31),
            d(2027, 11, 6),
            d(2028, 11, 4),
        ] {
            assert_eq!(red_day(date), Some(Holiday::AllaHelgonsDag), "{date}");
        }
    }

    #[test]
    fn o2_all_red_days_of_2026() {
        use Holiday::*;
        let expected = vec![
            (d(2026, 1, 1), Nyarsdagen),
            (d(2026, 1, 6), TrettondedagJul),
            (d(2026, 4, 3), Langfredagen),
            (d(2026, 4, 5), Paskdagen),
            (d(2026, 4, 6), AnnandagPask),
            (d(2026, 5, 1), ForstaMaj),
            (d(2026, 5, 14), KristiHimmelsfardsdag),
            (d(2026, 5, 24), Pingstdagen),
            (d(2026, 6, 6), Nationaldagen),
            (d(2026, 6, 19), Midsommarafton),
            (d(2026, 6, 20), Midsommardagen),
            (d(2026, 10, 31), AllaHelgonsDag),
            (d(2026, 12, 24), Julafton),
            (d(2026, 12, 25), Juldagen),
            (d(2026, 12, 26), AnnandagJul),
            (d(2026, 12, 31), Nyarsafton),
        ];
        assert_eq!(red_days(2026), expected);
        for (date, h) in expected {
            assert_eq!(red_day(date), Some(h));
            assert_eq!(day_kind(date), DayKind::RedDay(h));
        }
    }

    #[test]
    fn o2_ordinary_sundays_and_weekdays_are_not_red() {
        assert_eq!(red_day(d(2026, 3, 29)), None);
        assert_eq!(day_kind(d(2026, 3, 29)), DayKind::Sunday);
        assert_eq!(day_kind(d(2026, 3, 28)), DayKind::Saturday);
        assert_eq!(day_kind(d(2026, 3, 25)), DayKind::Weekday);
        // Holy Saturday is an eve, not a red day.
        assert_eq!(red_day(d(2026, 4, 4)), None);
    }

    #[test]
    fn o2_coinciding_red_days_are_both_listed() {
        // Easter 2008-03-23: Kristi himmelsfärd on 1 May.
        assert_eq!(
            holidays_on(d(2008, 5, 1)),
            vec![Holiday::ForstaMaj, Holiday::KristiHimmelsfardsdag]
        );
        assert_eq!(red_day(d(2008, 5, 1)), Some(Holiday::ForstaMaj));
        // Easter 2049-04-18: pingstdagen on 6 June.
        assert_eq!(
            holidays_on(d(2049, 6, 6)),
            vec![Holiday::Pingstdagen, Holiday::Nationaldagen]
        );
        assert_eq!(red_days(2008).len(), 16);
        assert_eq!(red_days(2049).len(), 16);
    }

    #[test]
    fn o3_eves_are_derived_from_the_red_days_with_swedish_names() {
        let eve = |date| match day_kind(date) {
            DayKind::Eve { before } => Some(before),
            _ => None,
        };
        assert_eq!(eve(d(2026, 1, 5)), Some(Holiday::TrettondedagJul));
        assert_eq!(eve(d(2026, 4, 2)), Some(Holiday::Langfredagen));
        assert_eq!(eve(d(2026, 4, 4)), Some(Holiday::Paskdagen));
        assert_eq!(eve(d(2026, 4, 30)), Some(Holiday::ForstaMaj));
        assert_eq!(eve(d(2026, 5, 13)), Some(Holiday::KristiHimmelsfardsdag));
        assert_eq!(eve(d(2026, 5, 23)), Some(Holiday::Pingstdagen));
        assert_eq!(eve(d(2026, 6, 5)), Some(Holiday::Nationaldagen));
        assert_eq!(eve(d(2026, 6, 18)), Some(Holiday::Midsommarafton));
        assert_eq!(eve(d(2026, 10, 30)), Some(Holiday::AllaHelgonsDag));
        assert_eq!(eve(d(2026, 12, 23)), Some(Holiday::Julafton));
        assert_eq!(eve(d(2026, 12, 30)), Some(Holiday::Nyarsafton));
        // A red day is never an eve, even before another red day.
        assert_eq!(eve(d(2026, 12, 24)), None);
        assert_eq!(eve(d(2026, 6, 19)), None);
        assert_eq!(eve(d(2026, 12, 29)), None);

        assert_eq!(day_kind(d(2026, 4, 2)).name_sv(), "Skärtorsdagen");
        assert_eq!(day_kind(d(2026, 4, 4)).name_sv(), "Påskafton");
        assert_eq!(day_kind(d(2026, 4, 30)).name_sv(), "Valborgsmässoafton");
        assert_eq!(day_kind(d(2026, 1, 5)).name_sv(), "Trettondagsafton");
        assert_eq!(day_kind(d(2026, 6, 20)).name_sv(), "Midsommardagen");
    }

    #[test]
    fn o3_30_april_is_no_eve_when_it_is_kristi_himmelsfardsdag() {
        // Easter 2285-03-22: Kristi himmelsfärd on 30 April.
        assert_eq!(
            day_kind(d(2285, 4, 30)),
            DayKind::RedDay(Holiday::KristiHimmelsfardsdag)
        );
    }

    proptest! {
        #[test]
        fn o2_red_days_are_sorted_16_and_red(year in 1583i32..=9999) {
            let days = red_days(year);
            prop_assert_eq!(days.len(), 16);
            prop_assert!(days.windows(2).all(|w| w[0] <= w[1]));
            for (date, h) in days {
                prop_assert_eq!(date.year(), year);
                prop_assert!(red_day(date).is_some());
                prop_assert!(holidays_on(date).contains(&h));
            }
        }

        #[test]
        fn o2_easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..=9999) {
            let e = easter_sunday(year);
            prop_assert_eq!(e.weekday(), Weekday::Sun);
            prop_assert!(e >= d(year, 3, 22) && e <= d(year, 4, 25));
        }

        #[test]
        fn o3_an_eve_is_never_red_and_is_followed_by_a_red_day(
            date in (1900i32..=2200, 1u32..=366).prop_filter_map("valid ordinal", |(y, o)| NaiveDate::from_yo_opt(y, o))
        ) {
            if let DayKind::Eve { before } = day_kind(date) {
                prop_assert!(red_day(date).is_none());
                prop_assert_eq!(date.succ_opt().and_then(red_day), Some(before));
            }
        }
    }
}
