//! Generated audit records for the seal's tests and benchmark: realistic shapes, no
//! real person (the subject is a made-up keyed hash, never a number).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use lefi_domain::tz::STOCKHOLM;
use lefi_store::{AuditRecord, Outcome, PartnerId, PersonRef};
use sha2::{Digest, Sha256};

/// Midnight starting `day` in Stockholm, in UTC.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match STOCKHOLM.from_local_datetime(&midnight).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&midnight),
    }
}

/// The `i`th record of a generated `day`: spread over the day, partner, outcome and
/// subject varying with `i`.
pub fn record(day: NaiveDate, i: u64) -> AuditRecord {
    // 86 399 s in a day fit every i below; records beyond share the last seconds but
    // never their ids.
    let at = day_start(day) + chrono::Duration::milliseconds(((i * 7919) % 86_399_000) as i64);
    let digest = Sha256::digest(format!("{day}/{i}").as_bytes());
    let outcome = match i % 10 {
        0 => Outcome::Refused {
            reason: "NO_AGREEMENT".into(),
        },
        1 => Outcome::PersonNotFound,
        _ => Outcome::Answered,
    };
    AuditRecord {
        id: format!("{day}-{i:08}"),
        at,
        partner: Some(PartnerId(format!("21200000{:02}", i % 7))),
        caller: format!("cert-{}", i % 7),
        channel: "system/v9-json".into(),
        subject: Some(PersonRef {
            hash: hex::encode(digest),
            sealed: hex::encode(&digest[..16]),
        }),
        asked: vec!["FK:SJP".into(), "FK:ABB".into()],
        delivered: vec!["FK:SJP".into()],
        outcome,
        correlation_id: format!("corr-{day}-{i}"),
        user: None,
        purpose: None,
    }
}

/// `n` records of `day`.
pub fn day(day: NaiveDate, n: u64) -> Vec<AuditRecord> {
    (0..n).map(|i| record(day, i)).collect()
}
