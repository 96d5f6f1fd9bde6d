//! The rate-limit arithmetic both adapters share (C3), so they cannot disagree: a token
//! bucket in thousandths of a token (exact integers, no floating point) and a daily
//! budget counted per Stockholm calendar day, kept together in one record per partner
//! so that one conditional write takes from both atomically.

use chrono::{DateTime, Days, NaiveDate, Utc};
use lefi_domain::agreement::TrafficLimits;
use lefi_domain::tz::{STOCKHOLM, stockholm_date};

use crate::ports::Take;

const MILLI: u64 = 1000;

/// A partner's limits as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// Thousandths of a token.
    pub milli_tokens: u64,
    /// When `milli_tokens` was last computed.
    pub at: DateTime<Utc>,
    /// The Stockholm day `used` counts, and how many queries it has taken.
    pub day: NaiveDate,
    pub used: u64,
}

/// The bucket holds at most a second's rate plus the burst.
pub fn capacity_milli(limits: &TrafficLimits) -> u64 {
    (u64::from(limits.per_second) + u64::from(limits.burst)) * MILLI
}

/// The bucket refilled up to `now` (a missing bucket starts full), its day's count reset
/// when a new Stockholm day has begun.
pub fn refill(bucket: Option<Bucket>, limits: &TrafficLimits, now: DateTime<Utc>) -> Bucket {
    let cap = capacity_milli(limits);
    let today = day_of(now);
    match bucket {
        None => Bucket {
            milli_tokens: cap,
            at: now,
            day: today,
            used: 0,
        },
        Some(b) => {
            let elapsed_ms = u64::try_from((now - b.at).num_milliseconds()).unwrap_or(0);
            // per_second tokens per 1000 ms = per_second milli-tokens per ms.
            let added = elapsed_ms.saturating_mul(u64::from(limits.per_second));
            Bucket {
                milli_tokens: b.milli_tokens.saturating_add(added).min(cap),
                at: now.max(b.at),
                day: today,
                used: if b.day == today { b.used } else { 0 },
            }
        }
    }
}

/// Decides a take on a refilled bucket. `Allowed` means: store [`taken`] of it.
pub fn decide(bucket: &Bucket, limits: &TrafficLimits, now: DateTime<Utc>) -> Take {
    if bucket.used >= u64::from(limits.per_day) {
        return Take::DailyLimitReached {
            retry_at: next_stockholm_midnight(now),
        };
    }
    if bucket.milli_tokens < MILLI {
        if limits.per_second == 0 {
            return Take::DailyLimitReached {
                retry_at: next_stockholm_midnight(now),
            };
        }
        let missing = MILLI - bucket.milli_tokens;
        let wait_ms = missing.div_ceil(u64::from(limits.per_second));
        return Take::RateLimited {
            retry_at: now
                + chrono::TimeDelta::milliseconds(i64::try_from(wait_ms).unwrap_or(i64::MAX)),
        };
    }
    Take::Allowed
}

/// The bucket after an allowed take: one token and one of the day's budget less.
pub fn taken(bucket: Bucket) -> Bucket {
    Bucket {
        milli_tokens: bucket.milli_tokens - MILLI,
        used: bucket.used + 1,
        ..bucket
    }
}

/// The Stockholm day a take counts against.
pub fn day_of(now: DateTime<Utc>) -> NaiveDate {
    stockholm_date(now)
}

/// Midnight starting the next Stockholm day, as an instant.
pub fn next_stockholm_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = day_of(now) + Days::new(1);
    let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight
        .and_local_timezone(STOCKHOLM)
        .earliest()
        .map_or(now, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn limits(per_second: u32, burst: u32, per_day: u32) -> TrafficLimits {
        TrafficLimits {
            per_second,
            burst,
            per_day,
        }
    }

    fn bucket(milli_tokens: u64, at: DateTime<Utc>) -> Bucket {
        Bucket {
            milli_tokens,
            at,
            day: day_of(at),
            used: 0,
        }
    }

    #[test]
    fn c3_a_new_bucket_is_full_and_refills_at_the_rate() {
        let l = limits(2, 3, 100);
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        assert_eq!(refill(None, &l, t0).milli_tokens, 5_000);
        let empty = bucket(0, t0);
        let later = refill(Some(empty), &l, t0 + chrono::TimeDelta::milliseconds(750));
        assert_eq!(later.milli_tokens, 1_500);
        let much_later = refill(Some(empty), &l, t0 + chrono::TimeDelta::hours(1));
        assert_eq!(much_later.milli_tokens, 5_000, "never above capacity");
    }

    #[test]
    fn c3_an_empty_bucket_says_when_a_token_is_back() {
        let l = limits(4, 0, 100);
        let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        assert_eq!(
            decide(&bucket(500, t0), &l, t0),
            Take::RateLimited {
                retry_at: t0 + chrono::TimeDelta::milliseconds(125)
            }
        );
    }

    #[test]
    fn c3_the_daily_budget_resets_at_stockholm_midnight() {
        let l = limits(10, 10, 3);
        // 23:30 UTC on 26 Nov is 00:30 on 27 Nov in Stockholm: the next reset is 28 Nov.
        let t = Utc.with_ymd_and_hms(2026, 11, 26, 23, 30, 0).unwrap();
        let b = refill(None, &l, t);
        let spent = Bucket { used: 3, ..b };
        assert_eq!(
            decide(&spent, &l, t),
            Take::DailyLimitReached {
                retry_at: Utc.with_ymd_and_hms(2026, 11, 27, 23, 0, 0).unwrap()
            }
        );
        assert_eq!(decide(&Bucket { used: 2, ..b }, &l, t), Take::Allowed);
        let next_day = refill(
            Some(spent),
            &l,
            Utc.with_ymd_and_hms(2026, 11, 27, 23, 0, 0).unwrap(),
        );
        assert_eq!(next_day.used, 0, "a new Stockholm day starts from zero");
        assert_eq!(taken(next_day).used, 1);
    }
}
