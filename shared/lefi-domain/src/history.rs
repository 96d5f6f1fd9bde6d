//! History windows (H1–H11): how far back each benefit's data reaches, and which of a
//! registry's cases and payments an answer may show.
//!
//! The registries hold data shaped by each benefit's v9 schema; this module sees them
//! only through small traits ([`Case`], [`Dated`], [`EarningsRecord`], [`Mailing`]) so
//! the same rules serve every benefit. Windows cut silently, as the real service does;
//! each selection says from which date data is available when that matters (SPEC §6).
//!
//! Policy where the SPEC leaves room (documented in `docs/rules.md`, "History windows"):
//! - H1: a case is "ongoing during the period" when its lifetime shares a day with the
//!   period; such a case is shown from its start date (never before the benefit's
//!   window) up to the period's end. Cases that ended before the period or began after
//!   it are not shown. A case's start is the first day it covers (a decision may cover
//!   days before the case was registered): the types implementing [`Case`] say so.
//! - H2/H7: payments are shown inside the period, and never before the first day of
//!   their window, which the caller gives: [`payments_from`] for a benefit whose payments
//!   were asked for, a later day for the seed's "Utbetalning"; never before 2008-07-01.
//! - H11: a graviditetspenning period is named by the day it starts.

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate};

use crate::catalogue::Benefit;
use crate::period::{DateRange, QueryPeriod};

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid constant date"),
    }
}

/// H2: the current payment system started on 2008-07-01; no payment before it is shown.
pub const PAYMENTS_FROM: NaiveDate = date(2008, 7, 1);
/// H2: the seed's "Utbetalning" reaches at most 18 months back from today.
pub const UTBETALNING_MONTHS_BACK: u32 = 18;
/// H7: payment details of the old environment's daily benefits, two years back.
pub const DAILY_PAYMENTS_MONTHS_BACK: u32 = 24;
/// H3: born 1937 or earlier ("ÅP37").
pub const AP37_LAST_BIRTH_YEAR: i32 = 1937;
/// H4: earnings records from earning year 2003.
pub const EARNINGS_FROM_YEAR: i32 = 2003;
/// H9: how many mailing years of pension forecasts are kept.
pub const FORECAST_MAILING_YEARS: usize = 2;
/// H11: graviditetspenning was called havandeskapspenning up to this day.
pub const HAVANDESKAPSPENNING_UNTIL: NaiveDate = date(2010, 12, 31);

/// How far back a benefit's case data reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    /// Data from this date on (H3, H5, H6, H7).
    From(NaiveDate),
    /// Only what is current today (H8, H10).
    CurrentOnly,
    /// Only the latest mailing years (H9).
    LatestMailingYears(usize),
    /// No window beyond the period (H1) and, for payments, H2.
    Unbounded,
}

/// The window of a benefit's case data for a person born in `birth_year` (H3–H9).
pub fn window(benefit: Benefit, birth_year: i32) -> Window {
    use Benefit as B;
    match benefit {
        // H3: ÅP37 from 2003, ÅP38 from 2001.
        B::Pension if birth_year <= AP37_LAST_BIRTH_YEAR => Window::From(date(2003, 1, 1)),
        B::Pension => Window::From(date(2001, 1, 1)),
        // H5.
        B::Arbetsskadelivranta => Window::From(date(2005, 1, 1)),
        // H6.
        B::SjukersattningAktivitetsersattning => Window::From(date(2003, 1, 1)),
        // H7: daily benefits of the old environment.
        B::Sjukpenning
        | B::Foraldrapenning
        | B::Narstaendepenning
        | B::Graviditetspenning
        | B::Smittbararersattning
        | B::Aktivitetsstod
        | B::DagpenningTotalforsvarspliktig => Window::From(date(2002, 1, 1)),
        // H8.
        B::Levnadsintyg => Window::CurrentOnly,
        // H9.
        B::Pensionsprognos => Window::LatestMailingYears(FORECAST_MAILING_YEARS),
        // H2 is a payment window; its cases are the payments themselves.
        B::Utbetalning => Window::Unbounded,
        B::Efterlevandepension
        | B::Yrkesskadelivranta
        | B::BostadstillaggPensionarer
        | B::Rehabiliteringsersattning
        | B::SjukpenninggrundandeInkomst
        | B::TillfalligForaldrapenning
        | B::Barnbidrag
        | B::Handikappersattning
        | B::Underhallsstod
        | B::Vardbidrag
        | B::Bostadsbidrag => Window::Unbounded,
    }
}

/// The first day from which a benefit's payments may be shown (H2, H7).
pub fn payments_from(benefit: Benefit, today: NaiveDate) -> NaiveDate {
    let months_back = match benefit {
        Benefit::Utbetalning => Some(UTBETALNING_MONTHS_BACK),
        b if is_old_daily_benefit(b) => Some(DAILY_PAYMENTS_MONTHS_BACK),
        _ => None,
    };
    months_back
        .and_then(|m| today.checked_sub_months(Months::new(m)))
        .map_or(PAYMENTS_FROM, |d| d.max(PAYMENTS_FROM))
}

/// H7's list: the daily benefits of the old environment.
fn is_old_daily_benefit(benefit: Benefit) -> bool {
    matches!(window(benefit, 0), Window::From(d) if d == date(2002, 1, 1))
}

/// What an answer may show of a list, and the additive "data from" date (SPEC §6):
/// set when the query reached back before the data window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<T> {
    pub items: Vec<T>,
    pub available_from: Option<NaiveDate>,
}

/// A case (ärende) as the history rules see it.
pub trait Case {
    /// The first day the case covers: the day it started, or an earlier day one of its
    /// decisions covers (granted retroactively), whichever is earlier (H1).
    fn start(&self) -> NaiveDate;
    /// The day it ended; `None` while it is ongoing.
    fn end(&self) -> Option<NaiveDate>;
    /// Drops the parts of the case (decisions, periods, payments) that lie wholly outside
    /// `range`. Called only on cases that are shown.
    fn retain_within(&mut self, range: DateRange);
}

/// Something with one date: a payment's date, a decision's date.
pub trait Dated {
    fn date(&self) -> NaiveDate;
}

/// An earnings record (intjänandeuppgift, H4).
pub trait EarningsRecord {
    fn earning_year(&self) -> i32;
}

/// A pension forecast (H9).
pub trait Mailing {
    fn mailing_year(&self) -> i32;
}

/// H1 with the benefit's window: the dates of a case that may be shown, or `None` when
/// the case is not shown at all.
pub fn case_range(
    benefit: Benefit,
    birth_year: i32,
    period: &QueryPeriod,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> Option<DateRange> {
    let requested = period.range();
    if !requested.overlaps(start, end) {
        return None;
    }
    // H1: an ongoing case is shown from its start, even before `from`.
    let from = start.min(requested.from());
    let from = match window(benefit, birth_year) {
        Window::From(w) => from.max(w),
        _ => from,
    };
    DateRange::new(from, requested.to())
}

/// H1 + H3–H7: the cases an answer may show, each trimmed to what may be shown.
/// Not for [`Window::CurrentOnly`] or [`Window::LatestMailingYears`] benefits: see
/// [`select_current`] and [`select_latest_forecasts`].
pub fn select_cases<C: Case>(
    benefit: Benefit,
    birth_year: i32,
    period: &QueryPeriod,
    cases: impl IntoIterator<Item = C>,
) -> Selection<C> {
    let window_start = match window(benefit, birth_year) {
        Window::From(w) => Some(w),
        _ => None,
    };
    let mut reached_before_window = window_start.is_some_and(|w| period.from() < w);
    let items = cases
        .into_iter()
        .filter_map(|mut case| {
            let range = case_range(benefit, birth_year, period, case.start(), case.end())?;
            reached_before_window |= window_start.is_some_and(|w| case.start() < w);
            case.retain_within(range);
            Some(case)
        })
        .collect();
    Selection {
        items,
        available_from: window_start.filter(|_| reached_before_window),
    }
}

/// H2: payments inside the period, not before `first_day` and never before
/// [`PAYMENTS_FROM`]. The caller chooses the window's first day: [`payments_from`] for
/// a benefit whose payments were asked for (H2, H7), a later day for the seed's
/// "Utbetalning" (18 months back), which the query's authorization decides.
pub fn select_payments<P: Dated>(
    first_day: NaiveDate,
    period: &QueryPeriod,
    payments: impl IntoIterator<Item = P>,
) -> Selection<P> {
    let window_start = first_day.max(PAYMENTS_FROM);
    let shown = DateRange::new(period.from().max(window_start), period.to());
    Selection {
        items: payments
            .into_iter()
            .filter(|p| shown.is_some_and(|r| r.contains(p.date())))
            .collect(),
        available_from: (period.from() < window_start).then_some(window_start),
    }
}

/// H4: earnings records of the earning years the period touches, from 2003.
pub fn select_earnings<E: EarningsRecord>(
    period: &QueryPeriod,
    records: impl IntoIterator<Item = E>,
) -> Selection<E> {
    let first = period.from().year().max(EARNINGS_FROM_YEAR);
    let last = period.to().year();
    Selection {
        items: records
            .into_iter()
            .filter(|r| (first..=last).contains(&r.earning_year()))
            .collect(),
        available_from: (period.from().year() < EARNINGS_FROM_YEAR).then_some(date(
            EARNINGS_FROM_YEAR,
            1,
            1,
        )),
    }
}

/// H8 and H10: of records valid over `[start, end]`, the one in force today (the latest
/// started, if several are). History is never shown.
pub fn select_current<T>(
    today: NaiveDate,
    records: impl IntoIterator<Item = T>,
    validity: impl Fn(&T) -> (NaiveDate, Option<NaiveDate>),
) -> Option<T> {
    records
        .into_iter()
        .filter(|r| {
            let (start, end) = validity(r);
            start <= today && end.is_none_or(|e| e >= today)
        })
        .max_by_key(|r| validity(r).0)
}

/// H9: the forecasts of the person's two latest mailing years, none from after today.
pub fn select_latest_forecasts<M: Mailing>(
    today: NaiveDate,
    forecasts: impl IntoIterator<Item = M>,
) -> Vec<M> {
    let forecasts: Vec<M> = forecasts
        .into_iter()
        .filter(|f| f.mailing_year() <= today.year())
        .collect();
    let years: BTreeSet<i32> = forecasts.iter().map(Mailing::mailing_year).collect();
    let kept: BTreeSet<i32> = years
        .into_iter()
        .rev()
        .take(FORECAST_MAILING_YEARS)
        .collect();
    forecasts
        .into_iter()
        .filter(|f| kept.contains(&f.mailing_year()))
        .collect()
}

/// H11: the name of a graviditetspenning period, by the day it starts.
pub fn graviditetspenning_name(period_start: NaiveDate) -> &'static str {
    if period_start <= HAVANDESKAPSPENNING_UNTIL {
        "Havandeskapspenning"
    } else {
        "Graviditetspenning"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::PeriodLimit;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        crate::period::parse_iso_date(s).unwrap()
    }

    const TODAY: &str = "2026-11-26";

    fn period(from: &str, to: &str) -> QueryPeriod {
        QueryPeriod::new(d(from), d(to), d(TODAY), PeriodLimit::STANDARD).unwrap()
    }

    /// A case with dated parts, as a registry would hold it.
    #[derive(Debug, Clone, PartialEq)]
    struct TestCase {
        start: NaiveDate,
        end: Option<NaiveDate>,
        parts: Vec<(NaiveDate, NaiveDate)>,
    }

    impl Case for TestCase {
        fn start(&self) -> NaiveDate {
            self.start
        }
        fn end(&self) -> Option<NaiveDate> {
            self.end
        }
        fn retain_within(&mut self, range: DateRange) {
            self.parts.retain(|(f, t)| range.overlaps(*f, Some(*t)));
        }
    }

    fn case(start: &str, end: Option<&str>, parts: &[(&str, &str)]) -> TestCase {
        TestCase {
            start: d(start),
            end: end.map(d),
            parts: parts.iter().map(|(f, t)| (d(f), d(t))).collect(),
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Payment(NaiveDate);
    impl Dated for Payment {
        fn date(&self) -> NaiveDate {
            self.0
        }
    }

    #[test]
    fn h1_a_case_ongoing_during_the_period_is_shown_from_its_start() {
        // Sick since 2015, still ongoing: a 2024–2025 query shows everything since 2015.
        let ongoing = case(
            "2015-03-01",
            None,
            &[
                ("2015-03-01", "2018-12-31"),
                ("2019-01-01", "2024-06-30"),
                ("2024-07-01", "2025-12-31"),
            ],
        );
        let s = select_cases(
            Benefit::Barnbidrag,
            1980,
            &period("2024-01-01", "2025-06-30"),
            [ongoing],
        );
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].parts.len(),
            3,
            "whole history, from the case's start"
        );
        assert_eq!(s.available_from, None);
    }

    #[test]
    fn h1_a_case_closed_before_the_period_or_started_after_it_is_not_shown() {
        let closed_before = case(
            "2010-01-01",
            Some("2023-12-31"),
            &[("2010-01-01", "2023-12-31")],
        );
        let started_after = case("2025-07-01", None, &[("2025-07-01", "2025-08-01")]);
        let touching = case(
            "2010-01-01",
            Some("2024-01-01"),
            &[("2010-01-01", "2024-01-01")],
        );
        let s = select_cases(
            Benefit::Vardbidrag,
            1980,
            &period("2024-01-01", "2025-06-30"),
            [closed_before, started_after, touching.clone()],
        );
        assert_eq!(
            s.items,
            [touching],
            "a case ending on the first day was ongoing then"
        );
    }

    #[test]
    fn h1_parts_after_the_period_are_left_out() {
        let c = case(
            "2024-01-01",
            None,
            &[("2024-01-01", "2024-03-31"), ("2025-01-01", "2025-03-31")],
        );
        let s = select_cases(
            Benefit::Barnbidrag,
            1980,
            &period("2024-01-01", "2024-06-30"),
            [c],
        );
        assert_eq!(s.items[0].parts, [(d("2024-01-01"), d("2024-03-31"))]);
    }

    #[test]
    fn h1_the_seed_example_sjukpenning_case_is_shown_whole() {
        // Seed §5.2: case reported 2009-09-28, full rate 2009-10-12–2010-01-10, half rate
        // 2010-01-11–2010-01-31. A query for January 2010 shows both periods.
        let c = case(
            "2009-09-28",
            Some("2010-01-31"),
            &[("2009-10-12", "2010-01-10"), ("2010-01-11", "2010-01-31")],
        );
        let s = select_cases(
            Benefit::Sjukpenning,
            1950,
            &period("2010-01-15", "2010-12-31"),
            [c],
        );
        assert_eq!(s.items[0].parts.len(), 2);
    }

    #[test]
    fn h2_no_payment_before_2008_07_01_and_only_inside_the_period() {
        let payments =
            ["2008-06-25", "2008-07-01", "2009-05-25", "2010-01-25"].map(|s| Payment(d(s)));
        let s = select_payments(
            payments_from(Benefit::Barnbidrag, d(TODAY)),
            &period("2008-01-01", "2009-12-31"),
            payments,
        );
        assert_eq!(
            s.items,
            [Payment(d("2008-07-01")), Payment(d("2009-05-25"))]
        );
        assert_eq!(s.available_from, Some(PAYMENTS_FROM));
    }

    #[test]
    fn h2_utbetalning_reaches_at_most_18_months_back() {
        let today = d(TODAY);
        assert_eq!(payments_from(Benefit::Utbetalning, today), d("2025-05-26"));
        let payments = ["2025-05-25", "2025-05-26", "2026-11-25"].map(|s| Payment(d(s)));
        let s = select_payments(
            payments_from(Benefit::Utbetalning, today),
            &period("2025-01-01", "2026-11-26"),
            payments,
        );
        assert_eq!(
            s.items,
            [Payment(d("2025-05-26")), Payment(d("2026-11-25"))]
        );
        assert_eq!(s.available_from, Some(d("2025-05-26")));
        // Early in the payment system's life, 2008-07-01 is the stricter bound.
        assert_eq!(
            payments_from(Benefit::Utbetalning, d("2009-06-30")),
            PAYMENTS_FROM
        );
    }

    #[test]
    fn h2_the_payment_window_starts_on_the_callers_day_never_before_2008_07_01() {
        let payments =
            ["2008-06-30", "2008-07-01", "2024-03-09", "2024-03-10"].map(|s| Payment(d(s)));
        let p = period("2008-01-01", "2009-12-31");
        let early = select_payments(d("1990-01-01"), &p, payments);
        assert_eq!(early.items, [Payment(d("2008-07-01"))]);
        assert_eq!(early.available_from, Some(PAYMENTS_FROM));
        let p = period("2024-01-01", "2025-06-30");
        let late = select_payments(d("2024-03-10"), &p, payments);
        assert_eq!(late.items, [Payment(d("2024-03-10"))]);
        assert_eq!(late.available_from, Some(d("2024-03-10")));
    }

    #[test]
    fn h3_old_age_pension_from_2003_for_ap37_and_2001_for_ap38() {
        assert_eq!(
            window(Benefit::Pension, 1937),
            Window::From(d("2003-01-01"))
        );
        assert_eq!(
            window(Benefit::Pension, 1938),
            Window::From(d("2001-01-01"))
        );
        let c = || {
            case(
                "1999-01-01",
                None,
                &[
                    ("1999-01-01", "2000-12-31"),
                    ("2001-01-01", "2002-12-31"),
                    ("2003-01-01", "2025-12-31"),
                ],
            )
        };
        let p = period("2024-01-01", "2025-12-31");
        let ap37 = select_cases(Benefit::Pension, 1937, &p, [c()]);
        assert_eq!(ap37.items[0].parts.len(), 1);
        assert_eq!(ap37.available_from, Some(d("2003-01-01")));
        let ap38 = select_cases(Benefit::Pension, 1938, &p, [c()]);
        assert_eq!(ap38.items[0].parts.len(), 2);
        assert_eq!(ap38.available_from, Some(d("2001-01-01")));
    }

    #[test]
    fn h4_earnings_records_from_earning_year_2003() {
        struct Year(i32);
        impl EarningsRecord for Year {
            fn earning_year(&self) -> i32 {
                self.0
            }
        }
        let s = select_earnings(
            &period("2002-01-01", "2003-12-31"),
            [2001, 2002, 2003, 2004].map(Year),
        );
        assert_eq!(s.items.iter().map(|y| y.0).collect::<Vec<_>>(), [2003]);
        assert_eq!(s.available_from, Some(d("2003-01-01")));
        let s = select_earnings(
            &period("2020-06-01", "2021-05-31"),
            [2019, 2020, 2021, 2022].map(Year),
        );
        assert_eq!(
            s.items.iter().map(|y| y.0).collect::<Vec<_>>(),
            [2020, 2021]
        );
        assert_eq!(s.available_from, None);
    }

    #[test]
    fn h5_work_injury_annuity_from_2005() {
        let c = case(
            "2003-05-01",
            None,
            &[("2003-05-01", "2004-12-31"), ("2005-01-01", "2030-01-01")],
        );
        let s = select_cases(
            Benefit::Arbetsskadelivranta,
            1960,
            &period("2004-01-01", "2005-12-31"),
            [c],
        );
        assert_eq!(s.items[0].parts, [(d("2005-01-01"), d("2030-01-01"))]);
        assert_eq!(s.available_from, Some(d("2005-01-01")));
    }

    #[test]
    fn h6_sickness_and_activity_compensation_from_2003() {
        assert_eq!(
            window(Benefit::SjukersattningAktivitetsersattning, 1960),
            Window::From(d("2003-01-01"))
        );
        // A period wholly before the window shows nothing, but says from when data exists.
        let c = case(
            "2001-01-01",
            Some("2002-06-30"),
            &[("2001-01-01", "2002-06-30")],
        );
        let s = select_cases(
            Benefit::SjukersattningAktivitetsersattning,
            1960,
            &period("2001-01-01", "2002-12-31"),
            [c],
        );
        assert!(s.items.is_empty());
        assert_eq!(s.available_from, Some(d("2003-01-01")));
    }

    #[test]
    fn h7_old_daily_benefits_from_2002_payments_two_years_back() {
        for b in [
            Benefit::Sjukpenning,
            Benefit::Foraldrapenning,
            Benefit::Narstaendepenning,
            Benefit::Graviditetspenning,
            Benefit::Smittbararersattning,
            Benefit::Aktivitetsstod,
            Benefit::DagpenningTotalforsvarspliktig,
        ] {
            assert_eq!(window(b, 1970), Window::From(d("2002-01-01")), "{b:?}");
            assert_eq!(payments_from(b, d(TODAY)), d("2024-11-26"), "{b:?}");
        }
        // Not in H7's list: no window, payments from 2008-07-01.
        assert_eq!(
            window(Benefit::TillfalligForaldrapenning, 1970),
            Window::Unbounded
        );
        assert_eq!(
            payments_from(Benefit::TillfalligForaldrapenning, d(TODAY)),
            PAYMENTS_FROM
        );
        // An ongoing case from 2000 is shown from 2002 only, and says so.
        let c = case(
            "2000-01-01",
            None,
            &[("2000-01-01", "2001-12-31"), ("2002-01-01", "2025-01-01")],
        );
        let s = select_cases(
            Benefit::Sjukpenning,
            1970,
            &period("2024-01-01", "2025-06-30"),
            [c],
        );
        assert_eq!(s.items[0].parts.len(), 1);
        assert_eq!(s.available_from, Some(d("2002-01-01")));
    }

    #[test]
    fn h8_only_the_life_certificate_in_force_today_is_shown() {
        assert_eq!(window(Benefit::Levnadsintyg, 1940), Window::CurrentOnly);
        let certificates = [("2019-01-01", Some("2022-12-31")), ("2023-01-01", None)];
        let current = select_current(d(TODAY), certificates, |(s, e)| (d(s), e.map(d)));
        assert_eq!(current, Some(("2023-01-01", None)));
        let lapsed = [("2019-01-01", Some("2020-01-01"))];
        assert_eq!(
            select_current(d(TODAY), lapsed, |(s, e)| (d(s), e.map(d))),
            None
        );
    }

    #[test]
    fn h10_person_data_is_current_only_never_history_or_future() {
        // Addresses: moved in 2023; a registered future move is not shown yet.
        let addresses = [
            ("Testgatan 11", "2001-05-01", Some("2022-12-31")),
            ("Storgatan 2", "2023-01-01", Some("2026-12-31")),
            ("Nygatan 5", "2027-01-01", None),
        ];
        let current = select_current(d(TODAY), addresses, |(_, s, e)| (d(s), e.map(d)));
        assert_eq!(current.map(|a| a.0), Some("Storgatan 2"));
        let after_move = select_current(d("2027-01-01"), addresses, |(_, s, e)| (d(s), e.map(d)));
        assert_eq!(after_move.map(|a| a.0), Some("Nygatan 5"));
    }

    #[test]
    fn h9_only_the_two_latest_mailing_years_of_forecasts() {
        struct Forecast(i32, u32);
        impl Mailing for Forecast {
            fn mailing_year(&self) -> i32 {
                self.0
            }
        }
        let kept = select_latest_forecasts(
            d(TODAY),
            [
                Forecast(2022, 1),
                Forecast(2024, 2),
                Forecast(2025, 3),
                Forecast(2025, 4),
                Forecast(2027, 5),
            ],
        );
        assert_eq!(kept.iter().map(|f| f.1).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(
            window(Benefit::Pensionsprognos, 1960),
            Window::LatestMailingYears(2)
        );
    }

    #[test]
    fn h11_graviditetspenning_was_havandeskapspenning_up_to_2010() {
        assert_eq!(
            graviditetspenning_name(d("2010-12-31")),
            "Havandeskapspenning"
        );
        assert_eq!(
            graviditetspenning_name(d("2011-01-01")),
            "Graviditetspenning"
        );
        assert_eq!(
            graviditetspenning_name(d("2003-04-01")),
            "Havandeskapspenning"
        );
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..12_000).prop_map(|n| d("1995-01-01") + chrono::Days::new(n))
    }

    fn arb_benefit() -> impl Strategy<Value = Benefit> {
        (0usize..24).prop_map(|i| Benefit::ALL[i])
    }

    proptest! {
        /// H1/H3–H7: whatever is shown lies inside the window and never after the period.
        #[test]
        fn h1_shown_range_respects_window_and_period_end(
            benefit in arb_benefit(), birth in 1900i32..2020,
            from in arb_date(), len in 0u64..700, start in arb_date(), dur in proptest::option::of(0u64..8000),
        ) {
            let to = from + chrono::Days::new(len);
            let Ok(p) = QueryPeriod::new(from, to, d("2030-01-01"), PeriodLimit::STANDARD) else { return Ok(()) };
            let end = dur.map(|n| start + chrono::Days::new(n));
            if let Some(r) = case_range(benefit, birth, &p, start, end) {
                prop_assert!(r.to() == p.to());
                // Reaches back to the case's start (H1), but never before the window.
                prop_assert!(r.from() >= start.min(p.from()));
                match window(benefit, birth) {
                    Window::From(w) => {
                        prop_assert!(r.from() >= w);
                        prop_assert!(r.from() <= p.from().max(w));
                    }
                    _ => prop_assert!(r.from() <= p.from()),
                }
                prop_assert!(p.range().overlaps(start, end));
            } else if p.range().overlaps(start, end) {
                // Hidden although ongoing only when the window starts after the period.
                prop_assert!(matches!(window(benefit, birth), Window::From(w) if w > p.to()));
            }
        }

        /// H2: no shown payment is ever before 2008-07-01, outside the period, or before
        /// the benefit's payment window.
        #[test]
        fn h2_shown_payments_are_inside_every_bound(
            benefit in arb_benefit(), from in arb_date(), len in 0u64..700,
            dates in proptest::collection::vec(arb_date(), 0..20),
        ) {
            let today = d("2028-06-30");
            let to = from + chrono::Days::new(len);
            let Ok(p) = QueryPeriod::new(from, to, today, PeriodLimit::STANDARD) else { return Ok(()) };
            let s = select_payments(payments_from(benefit, today), &p, dates.into_iter().map(Payment));
            for pay in s.items {
                prop_assert!(pay.0 >= PAYMENTS_FROM);
                prop_assert!(pay.0 >= payments_from(benefit, today));
                prop_assert!(p.range().contains(pay.0));
            }
        }
    }
}
