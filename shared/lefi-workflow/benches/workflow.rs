//! A query for all 24 benefits through the local executor running the real ASL file,
//! against the registry simulator over loopback HTTP and the embedded store:
//! - with every benefit registry at 100 ms latency (the person register at 0 ms), the
//!   Map's fan-out shows: the query should take ≈ 100 ms, not 24 × 100 ms (P1 of the
//!   issue: ≤ 1.2 × 100 ms);
//! - with the person register at 100 ms too: two hops in sequence, ≈ 200 ms;
//! - with zero latency: the service's own cost per query, HTTP included.

#![allow(clippy::unwrap_used)] // Bench set-up: a panic is the failure report.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::{Benefit, Organisationsnummer, RawQuery};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{Faults, RegistryId, SimConfig, spawn};
use lefi_store::{EmbeddedStore, PartnerId, Protector};
use lefi_workflow::{LocalWorkflow, QueryInput, QueryOutcome, Workflow};

fn input(n: u64) -> QueryInput {
    QueryInput {
        correlation_id: format!("bench-{n}"),
        received_at: Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
        partner: PartnerId("kommun-1".into()),
        caller: "bench".into(),
        user: None,
        channel: "system/v9-json".into(),
        query: RawQuery::of_benefits(
            "195001019420",
            "2025-01-01",
            "2026-06-30",
            &Benefit::ALL.map(Benefit::code),
        ),
        agreement: Agreement::new(
            "kommun-1",
            Organisationsnummer::parse("2120000142").unwrap(),
            "Exempelkommunen",
            PartnerKind::Kommun,
            Benefit::ALL.into_iter().collect(),
            [Channel::System].into(),
            TrafficLimits {
                per_second: 1000,
                burst: 1000,
                per_day: 1_000_000,
            },
            Pricing::Free,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            None,
            Default::default(),
        )
        .unwrap(),
        budget_ms: 3_000,
    }
}

fn queries(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (workflow, sim) = rt.block_on(async {
        let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        config.registers.population = 1_000;
        let (addr, sim) = spawn(&config).await.unwrap();
        let registries = Arc::new(
            HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(5)).unwrap(),
        );
        let workflow = LocalWorkflow::new(
            registries,
            Arc::new(EmbeddedStore::new()),
            Protector::development(),
        )
        .unwrap();
        (workflow, sim)
    });
    let next = AtomicU64::new(0);
    let run = |c: &mut Criterion, name: &str, benefit_ms: u64, person_ms: u64| {
        for b in Benefit::ALL {
            sim.state().set_faults(
                RegistryId::Benefit(b),
                Faults {
                    latency_ms: benefit_ms,
                    ..Faults::default()
                },
            );
        }
        sim.state().set_faults(
            RegistryId::Person,
            Faults {
                latency_ms: person_ms,
                ..Faults::default()
            },
        );
        let mut g = c.benchmark_group("query, all 24 benefits");
        if benefit_ms > 0 {
            g.sample_size(10);
        }
        g.bench_function(name, |b| {
            b.to_async(&rt).iter(|| {
                let q = input(next.fetch_add(1, Ordering::Relaxed));
                let workflow = &workflow;
                async move {
                    let out = workflow.run(&q).await.unwrap();
                    assert_eq!(out.outcome, QueryOutcome::Answered);
                }
            })
        });
        g.finish();
    };
    run(c, "registries at 0 ms", 0, 0);
    run(
        c,
        "benefit registries at 100 ms, person register at 0 ms",
        100,
        0,
    );
    run(c, "every registry at 100 ms", 100, 100);
}

criterion_group!(benches, queries);
criterion_main!(benches);
