//! The query period (V2–V5) and the plain date ranges the history windows work on.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A closed range of dates `[from, to]`, both days included (v9 `LefiPeriod{from, tom}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    /// `None` when `from > to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(Self { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Whether `[start, end]` (end `None` = still open) shares a day with this range.
    pub fn overlaps(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }

    /// Days in the range, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// The longest period a query may cover (V5), counted in months so that leap years
/// need no special case. Agreements may grant longer ones for named benefits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeriodLimit {
    months: u32,
}

impl PeriodLimit {
    /// V5: two years.
    pub const STANDARD: PeriodLimit = PeriodLimit { months: 24 };

    pub fn months(months: u32) -> Self {
        Self { months }
    }

    pub fn in_months(self) -> u32 {
        self.months
    }

    /// Whether `[from, to]` keeps within the limit: `to` must be before `from` plus the
    /// limit. `from + 24 months` clamps to the month's end, so 2024-02-29 + 2 years is
    /// 2026-02-28 and the last allowed `to` is 2026-02-27.
    pub fn allows(self, from: NaiveDate, to: NaiveDate) -> bool {
        match from.checked_add_months(Months::new(self.months)) {
            Some(end) => to < end,
            None => false,
        }
    }
}

/// A period that passed V2–V5: real dates, `from <= tom`, neither after today, and no
/// longer than the limit in force. Once you hold one, it is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueryPeriod {
    range: DateRange,
}

/// A failed period rule. Several can hold at once; see [`crate::query`] for fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodError {
    /// V3.
    FromAfterTo,
    /// V4, with which end.
    FromInFuture,
    ToInFuture,
    /// V5.
    TooLong,
}

impl QueryPeriod {
    /// Checks V3–V5 on two real dates (V2 is a parsing matter: see [`parse_iso_date`]).
    /// Reports every failed rule.
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        limit: PeriodLimit,
    ) -> Result<Self, Vec<PeriodError>> {
        let mut errors = Vec::new();
        if from > today {
            errors.push(PeriodError::FromInFuture);
        }
        if to > today {
            errors.push(PeriodError::ToInFuture);
        }
        if from > to {
            errors.push(PeriodError::FromAfterTo);
        } else if !limit.allows(from, to) {
            errors.push(PeriodError::TooLong);
        }
        match DateRange::new(from, to) {
            Some(range) if errors.is_empty() => Ok(Self { range }),
            _ => Err(errors),
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.range.from
    }

    pub fn to(&self) -> NaiveDate {
        self.range.to
    }

    pub fn range(&self) -> DateRange {
        self.range
    }
}

/// V2: strictly `YYYY-MM-DD` and a real calendar date. Stricter than chrono's parser,
/// which accepts signs, short years and missing zero padding.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso_date(s).unwrap()
    }

    const TODAY: &str = "2026-11-26";

    fn period(from: &str, to: &str) -> Result<QueryPeriod, Vec<PeriodError>> {
        QueryPeriod::new(d(from), d(to), d(TODAY), PeriodLimit::STANDARD)
    }

    #[test]
    fn v2_only_strict_iso_real_dates_parse() {
        assert_eq!(
            parse_iso_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-32",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "20240101",
            "+2024-01-01",
            " 2024-01-01",
            "2024-01-01T00:00",
            "２０２４-01-01",
            "",
            "2024-01-0a",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn v3_from_after_to_is_rejected_and_equal_dates_are_one_day() {
        assert_eq!(
            period("2025-05-02", "2025-05-01"),
            Err(vec![PeriodError::FromAfterTo])
        );
        let one_day = period("2025-05-01", "2025-05-01").unwrap();
        assert_eq!(one_day.range().days(), 1);
    }

    #[test]
    fn v4_dates_after_today_are_rejected_each_with_its_end() {
        assert!(
            period("2026-11-26", "2026-11-26").is_ok(),
            "today itself is allowed"
        );
        assert_eq!(
            period("2026-01-01", "2026-11-27"),
            Err(vec![PeriodError::ToInFuture])
        );
        assert_eq!(
            period("2026-11-27", "2026-11-28"),
            Err(vec![PeriodError::FromInFuture, PeriodError::ToInFuture])
        );
    }

    #[test]
    fn v5_to_must_be_before_from_plus_two_years() {
        assert!(period("2024-01-01", "2025-12-31").is_ok());
        assert_eq!(
            period("2024-01-01", "2026-01-01"),
            Err(vec![PeriodError::TooLong])
        );
        // Leap day: + 24 months clamps to 2026-02-28.
        assert!(period("2024-02-29", "2026-02-27").is_ok());
        assert_eq!(
            period("2024-02-29", "2026-02-28"),
            Err(vec![PeriodError::TooLong])
        );
    }

    #[test]
    fn v5_every_failed_rule_is_reported_together() {
        assert_eq!(
            period("2026-12-01", "2026-11-01"),
            Err(vec![PeriodError::FromInFuture, PeriodError::FromAfterTo])
        );
        assert_eq!(
            QueryPeriod::new(
                d("2020-01-01"),
                d("2027-01-01"),
                d(TODAY),
                PeriodLimit::STANDARD
            ),
            Err(vec![PeriodError::ToInFuture, PeriodError::TooLong])
        );
    }

    #[test]
    fn v5_an_agreement_limit_allows_a_longer_period() {
        let five_years = PeriodLimit::months(60);
        assert!(five_years.allows(d("2020-01-01"), d("2024-12-31")));
        assert!(!five_years.allows(d("2020-01-01"), d("2025-01-01")));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..80_000).prop_map(|n| d("1900-01-01") + chrono::Days::new(n as u64))
    }

    proptest! {
        #[test]
        fn v5_an_accepted_period_never_spans_more_than_two_years(
            from in any_date(), len in 0i64..800,
        ) {
            let to = from + chrono::Days::new(len as u64);
            let today = d("2200-01-01");
            if let Ok(p) = QueryPeriod::new(from, to, today, PeriodLimit::STANDARD) {
                // Two years hold at most 731 days (one leap day).
                prop_assert!(p.range().days() <= 731);
                prop_assert!(p.from() <= p.to());
            }
        }

        #[test]
        fn v5_any_period_shorter_than_two_common_years_is_accepted(
            from in any_date(), len in 0i64..730,
        ) {
            let to = from + chrono::Days::new(len as u64);
            prop_assert!(PeriodLimit::STANDARD.allows(from, to));
        }

        #[test]
        fn v2_formatted_dates_parse_back(date in any_date()) {
            prop_assert_eq!(parse_iso_date(&date.format("%Y-%m-%d").to_string()), Some(date));
        }
    }
}
