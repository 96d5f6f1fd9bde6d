//! Floods of refused and malformed requests (issue 17, item 5). Every request that ends
//! in a stop of the caller's own doing — no or unknown certificate, no agreement, a
//! document that does not read, over the agreement's limits, outside opening hours —
//! takes a token from a bucket of its own certificate (or, without one, its source
//! address). While tokens last such a request is audited as always, one record each. When
//! they are gone it is answered 429 `RATE_LIMITED` with `Retry-After`, and audited in a
//! bounded way: the first limited request writes one record, `Outcome::Limited`, and then
//! at most one more per [`RefusalLimits::summary_every`], each counting the limited
//! requests since the record before it. So one certificate's flood costs the audit table
//! at most `burst + per_second × t + t / summary_every` writes in `t` seconds, and nothing
//! of any other partner's: their queries take their own tokens (C3) and their own
//! workflow runs.
//!
//! The buckets live in the function's memory, not in the store: a flood must not cost a
//! store write per request either. Each Lambda instance keeps its own, so the bound is
//! per instance (the function's concurrency bounds their number); a count not yet written
//! when an instance ends is lost with it, and is in the log (one WARN per limited
//! request would be a flood of its own: one per summary).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// How many refused or malformed requests one certificate (or address) may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusalLimits {
    /// Sustained, per second.
    pub per_second: u32,
    /// At once.
    pub burst: u32,
    /// At most one `Outcome::Limited` record per key this often.
    pub summary_every: Duration,
}

impl Default for RefusalLimits {
    fn default() -> Self {
        Self {
            per_second: 5,
            burst: 20,
            summary_every: Duration::from_secs(60),
        }
    }
}

/// Buckets beyond this many are forgotten, full ones first: an attacker with many
/// addresses cannot grow the function's memory without bound.
const MAX_KEYS: usize = 10_000;

/// What a refused request may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Within the limit: audited and answered as always.
    Admitted,
    /// Over the limit: answered 429 until `retry_at`; `record` is `Some(n)` when this
    /// request writes the `Outcome::Limited` record for itself and the `n − 1` limited
    /// before it.
    Limited {
        retry_at: DateTime<Utc>,
        record: Option<u64>,
    },
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
    /// Limited requests not yet in a record.
    unrecorded: u64,
    recorded_at: Option<DateTime<Utc>>,
}

/// The buckets of one function instance.
#[derive(Debug)]
pub(crate) struct Refusals {
    limits: RefusalLimits,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Refusals {
    pub(crate) fn new(limits: RefusalLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for one refused request of `key` at `now`.
    pub(crate) fn take(&self, key: &str, now: DateTime<Utc>) -> Verdict {
        let RefusalLimits {
            per_second,
            burst,
            summary_every,
        } = self.limits;
        let (rate, burst) = (f64::from(per_second.max(1)), f64::from(burst.max(1)));
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            forget(&mut buckets, now, rate, burst);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
            unrecorded: 0,
            recorded_at: None,
        });
        bucket.tokens = refilled(bucket, now, rate, burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Verdict::Admitted;
        }
        bucket.unrecorded += 1;
        let due = bucket.recorded_at.is_none_or(|at| {
            now - at >= TimeDelta::from_std(summary_every).unwrap_or(TimeDelta::MAX)
        });
        let record = due.then(|| {
            bucket.recorded_at = Some(now);
            std::mem::take(&mut bucket.unrecorded)
        });
        let wait_ms = ((1.0 - bucket.tokens) / rate * 1000.0).ceil() as i64;
        Verdict::Limited {
            retry_at: now + TimeDelta::milliseconds(wait_ms.max(1)),
            record,
        }
    }
}

fn refilled(bucket: &Bucket, now: DateTime<Utc>, rate: f64, burst: f64) -> f64 {
    let elapsed = (now - bucket.at).num_milliseconds().max(0) as f64 / 1000.0;
    (bucket.tokens + elapsed * rate).min(burst)
}

/// Drops the buckets that are full again and owe no record; if that is not enough, all.
fn forget(buckets: &mut HashMap<String, Bucket>, now: DateTime<Utc>, rate: f64, burst: f64) {
    buckets.retain(|_, b| b.unrecorded > 0 || refilled(b, now, rate, burst) < burst);
    if buckets.len() >= MAX_KEYS {
        tracing::warn!(
            keys = buckets.len(),
            "refusal buckets forgotten: too many callers at once"
        );
        buckets.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use chrono::TimeZone;

    fn at(ms: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap() + TimeDelta::milliseconds(ms)
    }

    fn limits() -> RefusalLimits {
        RefusalLimits {
            per_second: 5,
            burst: 20,
            summary_every: Duration::from_secs(60),
        }
    }

    #[test]
    fn c3_refusals_beyond_the_burst_are_limited_and_recorded_once_a_minute() {
        let r = Refusals::new(limits());
        // 1,000 in 0.4 s: the burst and two more tokens of refill are admitted.
        let verdicts: Vec<Verdict> = (0..1000).map(|i| r.take("cert-a", at(i * 2 / 5))).collect();
        let admitted = verdicts.iter().filter(|v| **v == Verdict::Admitted).count();
        assert!((20..=22).contains(&admitted), "{admitted}");
        let records: Vec<u64> = verdicts
            .iter()
            .filter_map(|v| match v {
                Verdict::Limited { record, .. } => *record,
                Verdict::Admitted => None,
            })
            .collect();
        assert_eq!(records, [1], "one record for the first limited request");
        // A minute later the next limited request records all those in between.
        let later = (0..40)
            .map(|i| r.take("cert-a", at(60_400 + i)))
            .find_map(|v| match v {
                Verdict::Limited { record, .. } => record,
                Verdict::Admitted => None,
            });
        assert_eq!(later, Some(1000 - admitted as u64));
    }

    #[test]
    fn c3_one_callers_flood_leaves_another_callers_tokens_alone() {
        let r = Refusals::new(limits());
        for i in 0..500 {
            r.take("cert-a", at(i));
        }
        assert_eq!(r.take("cert-b", at(500)), Verdict::Admitted);
        assert!(matches!(r.take("cert-a", at(500)), Verdict::Limited { .. }));
    }

    #[test]
    fn c3_the_bucket_refills_at_its_rate_and_says_when() {
        let r = Refusals::new(RefusalLimits {
            per_second: 2,
            burst: 1,
            ..limits()
        });
        assert_eq!(r.take("k", at(0)), Verdict::Admitted);
        let Verdict::Limited { retry_at, .. } = r.take("k", at(100)) else {
            panic!("limited");
        };
        assert_eq!(retry_at, at(500));
        assert_eq!(r.take("k", at(500)), Verdict::Admitted);
    }

    #[test]
    fn c3_many_callers_cannot_grow_the_buckets_without_bound() {
        let r = Refusals::new(limits());
        for i in 0..(MAX_KEYS as i64 + 500) {
            r.take(&format!("10.0.{}.{}", i / 256, i % 256), at(i * 1000));
        }
        assert!(r.buckets.lock().unwrap().len() <= MAX_KEYS);
    }
}
