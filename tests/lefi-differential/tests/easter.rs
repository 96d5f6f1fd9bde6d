//! O2: our Easter computus against the `computus` crate, for every year it supports.

use chrono::{Datelike, NaiveDate, TimeDelta};
use lefi_domain::calendar::{Holiday, easter_sunday, holidays_on, red_day, red_days};

fn oracle(year: i32) -> NaiveDate {
    let e = computus::gregorian(year).expect("oracle supports 1583..=9999");
    NaiveDate::from_ymd_opt(e.year, e.month, e.day).expect("oracle returns a valid date")
}

#[test]
fn o2_easter_sunday_matches_computus_1583_to_4099() {
    for year in 1583..=4099 {
        assert_eq!(easter_sunday(year), oracle(year), "Easter {year}");
    }
}

#[test]
fn o2_easter_sunday_matches_computus_up_to_9999() {
    for year in 4100..=9999 {
        assert_eq!(easter_sunday(year), oracle(year), "Easter {year}");
    }
}

#[test]
fn o2_movable_red_days_are_at_their_offsets_from_the_oracles_easter() {
    for year in 1583..=4099 {
        let easter = oracle(year);
        let at = |days: i64| easter + TimeDelta::days(days);
        let days = red_days(year);
        let date_of = |h: Holiday| {
            days.iter()
                .find(|(_, x)| *x == h)
                .map(|(d, _)| *d)
                .expect("every red day once a year")
        };
        assert_eq!(date_of(Holiday::Langfredagen), at(-2), "{year}");
        assert_eq!(date_of(Holiday::Paskdagen), easter, "{year}");
        assert_eq!(date_of(Holiday::AnnandagPask), at(1), "{year}");
        assert_eq!(date_of(Holiday::KristiHimmelsfardsdag), at(39), "{year}");
        assert_eq!(date_of(Holiday::Pingstdagen), at(49), "{year}");
        assert_eq!(red_day(at(-2)), Some(Holiday::Langfredagen), "{year}");
        assert_eq!(red_day(easter), Some(Holiday::Paskdagen), "{year}");
        assert_eq!(red_day(at(1)), Some(Holiday::AnnandagPask), "{year}");
        // These two can share a date with första maj or nationaldagen.
        assert!(
            holidays_on(at(39)).contains(&Holiday::KristiHimmelsfardsdag),
            "{year}"
        );
        assert!(
            holidays_on(at(49)).contains(&Holiday::Pingstdagen),
            "{year}"
        );
        // Holy Saturday is never red.
        assert_eq!(red_day(at(-1)), None, "{year}");
        assert_eq!(at(39).weekday(), chrono::Weekday::Thu, "{year}");
    }
}
