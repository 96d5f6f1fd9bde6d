//! Cost per operation of both adapters: the embedded store in memory, and DynamoDB at
//! `AWS_ENDPOINT_URL` (the moto server `scripts/bench-store` starts; skipped without an
//! endpoint). Figures go to BENCHMARKS.md.

#![allow(clippy::unwrap_used)] // Bench set-up: a panic is the failure report.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use lefi_domain::Personnummer;
use lefi_domain::agreement::TrafficLimits;
use lefi_store::*;

fn ops<S: Store + 'static>(
    c: &mut Criterion,
    name: &str,
    store: Arc<S>,
    rt: &tokio::runtime::Runtime,
) {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
    let pnr = Personnummer::parse(
        "195001019420",
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    )
    .unwrap();
    let subject = Protector::development().protect(&pnr);
    let next = Arc::new(AtomicU64::new(0));
    let limits = TrafficLimits {
        per_second: u32::MAX / 2,
        burst: 0,
        per_day: u32::MAX,
    };
    let mut g = c.benchmark_group(name);

    g.bench_function("audit append", |b| {
        b.to_async(rt).iter(|| {
            let (store, next, subject) = (store.clone(), next.clone(), subject.clone());
            async move {
                let id = format!("bench-{}", next.fetch_add(1, Ordering::Relaxed));
                let record = AuditRecord {
                    id: id.clone(),
                    at: now,
                    partner: Some(PartnerId("bench".into())),
                    caller: "bench".into(),
                    channel: "system/v9-json".into(),
                    subject: Some(subject),
                    asked: vec!["FK:SJP".into()],
                    delivered: vec!["FK:SJP".into()],
                    outcome: Outcome::Answered,
                    correlation_id: id,
                    user: None,
                    purpose: None,
                };
                store.append(&record).await.unwrap();
            }
        })
    });
    g.bench_function("usage count", |b| {
        b.to_async(rt).iter(|| {
            let store = store.clone();
            async move {
                store
                    .count(&PartnerId("bench".into()), "2026-11")
                    .await
                    .unwrap()
            }
        })
    });
    g.bench_function("idempotency begin (new key)", |b| {
        b.to_async(rt).iter(|| {
            let (store, next) = (store.clone(), next.clone());
            async move {
                let key = format!("k-{}", next.fetch_add(1, Ordering::Relaxed));
                store
                    .begin(&key, "fp", now, now + TimeDelta::minutes(5))
                    .await
                    .unwrap()
            }
        })
    });
    g.bench_function("rate-limit take", |b| {
        b.to_async(rt).iter(|| {
            let store = store.clone();
            async move {
                store
                    .take(&PartnerId("bench".into()), &limits, now)
                    .await
                    .unwrap()
            }
        })
    });
    g.finish();
}

fn adapters(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    ops(c, "embedded", Arc::new(EmbeddedStore::new()), &rt);
    if std::env::var_os("AWS_ENDPOINT_URL").is_some() {
        let prefix = format!("bench-{}", std::process::id());
        let store = rt.block_on(async {
            let aws = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .load()
                .await;
            let store = DynamoStore::from_conf(&aws, prefix);
            store.create_tables().await.unwrap();
            store
        });
        ops(c, "dynamodb", Arc::new(store), &rt);
    } else {
        eprintln!("dynamodb benchmarks skipped: AWS_ENDPOINT_URL is not set");
    }
}

criterion_group!(benches, adapters);
criterion_main!(benches);
