//! The service's one time zone (V4, O1–O4): Europe/Stockholm, daylight saving included.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Sweden's civil time. Opening hours and "today" are always judged in it.
pub const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;

/// The calendar date in Stockholm at `instant` — "today" for V1 and V4.
pub fn stockholm_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&STOCKHOLM).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn v4_today_is_the_stockholm_date_not_the_utc_date() {
        // 23:30 UTC on 31 Dec is already New Year's Day in Stockholm (UTC+1).
        let instant = Utc.with_ymd_and_hms(2025, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(
            stockholm_date(instant),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
        // 21:59 UTC in summer is 23:59 the same day (UTC+2).
        let instant = Utc.with_ymd_and_hms(2026, 6, 30, 21, 59, 0).unwrap();
        assert_eq!(
            stockholm_date(instant),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
    }
}
