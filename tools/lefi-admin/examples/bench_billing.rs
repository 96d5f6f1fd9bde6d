//! BENCHMARKS.md "Billing (`lefi-admin`)": `billing report` over a month of N usage rows
//! in the embedded store, with and without `--check`.
//!
//! A usage row is one metered query: an answered (billable) query's audit record, and
//! its increment of the partner's monthly count in the usage table — what the report
//! bills and `--check` reconciles. The usage table itself holds one item per partner and
//! month; the audit holds the rows.
//!
//! `cargo run --release -p lefi-admin --example bench_billing -- [ROWS] [PARTNERS]`
//! (defaults 10 000 000 and 100; every fourth partner is free). Peak RSS: run it under
//! `/usr/bin/time -v`.

#![allow(clippy::print_stdout, clippy::unwrap_used)] // A benchmark prints its figures.

use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use lefi_admin::billing::Format;
use lefi_admin::{Command, Ctx, run};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::{Benefit, Organisationsnummer};
use lefi_store::{
    AuditLog as _, AuditRecord, Directory as _, EmbeddedStore, Outcome, PartnerId, Store,
    Usage as _,
};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args.next().map_or(10_000_000, |a| a.parse().unwrap());
    let partners: u64 = args.next().map_or(100, |a| a.parse().unwrap());
    let store = Arc::new(EmbeddedStore::new());
    for p in 0..partners {
        let (kind, pricing) = if p % 4 == 3 {
            (PartnerKind::Kommun, Pricing::Free)
        } else {
            (
                PartnerKind::Forsakringsbolag,
                Pricing::Paid {
                    connection_fee_ore: 2_500_000,
                    per_query_ore: 1_200 + p,
                },
            )
        };
        let a = Agreement::new(
            format!("partner-{p:05}"),
            Organisationsnummer::parse("5565971479").unwrap(),
            format!("Aktör {p}"),
            kind,
            [Benefit::Sjukpenning].into(),
            [Channel::System].into(),
            TrafficLimits {
                per_second: 10,
                burst: 10,
                per_day: 100_000,
            },
            pricing,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            None,
            Default::default(),
        )
        .unwrap();
        store.put_agreement(&a).await.unwrap();
    }
    let started = Instant::now();
    // November 2026 in Stockholm: 30 days, spread evenly.
    let first = Utc.with_ymd_and_hms(2026, 10, 31, 23, 0, 0).unwrap();
    let step = TimeDelta::milliseconds(30 * 24 * 3600 * 1000 / i64::try_from(rows.max(1)).unwrap())
        .max(TimeDelta::milliseconds(1));
    for n in 0..rows {
        let partner = PartnerId(format!("partner-{:05}", n % partners));
        let record = AuditRecord {
            id: format!("{n:x}"),
            at: first + step * i32::try_from(n).unwrap_or(i32::MAX),
            partner: Some(partner.clone()),
            caller: "c".into(),
            channel: "system/v9-json".into(),
            subject: None,
            asked: vec!["formansinformation/FK:SJP".into()],
            delivered: vec!["formansinformation/FK:SJP".into()],
            outcome: Outcome::Answered,
            correlation_id: String::new(),
            user: None,
            purpose: None,
        };
        store.append(&record).await.unwrap();
        store.count(&partner, "2026-11").await.unwrap();
    }
    println!(
        "generated {rows} usage rows for {partners} partners in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let ctx = Ctx {
        store: store.clone() as Arc<dyn Store>,
        protector: None,
        operator: "bench".into(),
        now: Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
        seal: None,
    };
    for check in [false, true] {
        let t = Instant::now();
        let out = run(
            Command::BillingReport {
                month: "2026-11".into(),
                format: Format::Csv,
                check,
            },
            &ctx,
        )
        .await
        .unwrap();
        assert!(!out.failed, "{:?}", out.notes);
        println!(
            "billing report{}: {:.3} s, {} lines",
            if check { " --check" } else { "" },
            t.elapsed().as_secs_f64(),
            out.text.lines().count() - 1
        );
    }
}
