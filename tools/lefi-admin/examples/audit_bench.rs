//! BENCHMARKS.md: `audit search` by partner over a month and `audit person` at 1 M
//! records, through the tool's own functions, against the embedded store (in memory).
//! Prints wall time per phase and the process's peak RSS (VmHWM) after each.
//!
//! `cargo run --release -p lefi-admin --example audit_bench [RECORDS]`

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use lefi_admin::audit::GivenPnr;
use lefi_admin::{Command, Ctx, run};
use lefi_domain::{Personnummer, Purpose};
use lefi_store::{AuditLog, AuditRecord, EmbeddedStore, Outcome, PartnerId, Protector};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().unwrap());
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let p = Protector::development();
    // 10 000 people, 50 partners, 90 days; one record in three states a purpose.
    let people: Vec<_> = (0..10_000u64)
        .filter_map(|i| {
            let base = format!(
                "19{:02}{:02}{:02}{:03}",
                40 + i % 50,
                1 + i % 12,
                1 + i % 28,
                i % 997 + 1
            );
            (0..10).find_map(|c| Personnummer::parse(&format!("{base}{c}"), today).ok())
        })
        .map(|pnr| (p.protect(&pnr), pnr))
        .collect();
    let store = Arc::new(EmbeddedStore::new());
    let start = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
    let step = TimeDelta::milliseconds((90 * 86_400_000 / n as i64).max(1));
    let t = Instant::now();
    for i in 0..n {
        let id = format!("r-{i:08}");
        let (subject, _) = &people[(i * 7919 % people.len() as u64) as usize];
        let purpose = (i % 3 == 0)
            .then(|| {
                p.seal_purpose(
                    &Purpose::new(Some("Utredning".into()), None, Some(format!("K-{i}"))),
                    &id,
                )
            })
            .flatten();
        store
            .append(&AuditRecord {
                id: id.clone(),
                at: start + step * i as i32,
                partner: Some(PartnerId(format!("partner-{:02}", i % 50))),
                caller: "cert".into(),
                channel: "system/v9-json".into(),
                subject: Some(subject.clone()),
                asked: vec!["formansinformation/FK:SJP".into()],
                delivered: vec!["formansinformation/FK:SJP".into()],
                outcome: Outcome::Answered,
                correlation_id: id,
                user: None,
                purpose,
            })
            .await
            .unwrap();
    }
    println!(
        "load {n} records: {:.1} s, peak RSS {:.0} MiB",
        t.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
    let ctx = Ctx {
        store: store.clone(),
        protector: Some(p.clone()),
        operator: "bench".into(),
        now: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
        seal: None,
    };
    for json in [false, true] {
        let t = Instant::now();
        let out = run(
            Command::AuditSearch {
                partner: "partner-07".into(),
                from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
                outcome: None,
                json,
            },
            &ctx,
        )
        .await
        .unwrap();
        println!(
            "audit search --partner partner-07 (October{}): {} lines, {:.2} s, peak RSS {:.0} MiB",
            if json { ", --json" } else { "" },
            out.text.lines().count(),
            t.elapsed().as_secs_f64(),
            peak_rss_mib()
        );
    }
    let (_, pnr) = &people[42];
    let t = Instant::now();
    let out = run(
        Command::AuditPerson {
            personnummer: GivenPnr(pnr.expose().to_owned()),
            json: true,
        },
        &ctx,
    )
    .await
    .unwrap();
    println!(
        "audit person (--json): {} records, {:.2} s, peak RSS {:.0} MiB",
        out.text.lines().count(),
        t.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
}
