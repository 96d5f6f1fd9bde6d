//! The fan-out's `MaxConcurrency` is configurable: the file says 24; `LocalWorkflow`
//! sets it by rewriting the definition, as Terraform does (`templatefile` → `jsondecode`
//! → `merge` → `jsonencode`). A behaviour check with generous bounds, not a benchmark:
//! every benefit registry answers after 100 ms, and a query for four benefits takes at
//! least 4 × 100 ms one at a time and less than 2 × 100 ms with 24 at once.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use lefi_domain::{Benefit, RawQuery};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{Faults, RegistryId, SimConfig, spawn};
use lefi_sfn_local::InstantSleeper;
use lefi_store::{EmbeddedStore, PartnerId, Protector};
use lefi_workflow::local::{DEFINITION, set_max_concurrency};
use lefi_workflow::{LocalWorkflow, QueryInput, QueryOutcome, Workflow};
use serde_json::Value;

const LATENCY: Duration = Duration::from_millis(100);
const ASKED: [&str; 4] = ["FK:SJP", "FK:SGI", "FK:ABB", "PM:PBH"];

fn query(id: &str) -> QueryInput {
    QueryInput {
        correlation_id: id.into(),
        received_at: Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
        partner: PartnerId("kommun-1".into()),
        caller: "cert-kommun-1".into(),
        user: None,
        channel: "system/v9-json".into(),
        query: RawQuery::of_benefits("195001019420", "2009-09-01", "2010-12-31", &ASKED),
        agreement: common::agreement(&Benefit::ALL),
        budget_ms: 3_000,
    }
}

/// How long one four-benefit query takes with `max_concurrency` (after a warm-up query,
/// so that connections are open).
async fn elapsed(max_concurrency: u32) -> Duration {
    let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    config.registers.population = 1_000;
    let (addr, sim) = spawn(&config).await.unwrap();
    for code in ASKED {
        sim.state().set_faults(
            RegistryId::Benefit(Benefit::from_code(code).unwrap()),
            Faults {
                latency_ms: LATENCY.as_millis() as u64,
                ..Faults::default()
            },
        );
    }
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(5)).unwrap());
    let workflow = LocalWorkflow::new(
        registries,
        Arc::new(EmbeddedStore::new()),
        Protector::development(),
    )
    .unwrap()
    .with_sleeper(Arc::new(InstantSleeper))
    .with_max_concurrency(max_concurrency)
    .unwrap();
    let warm = workflow.run(&query("q-warm")).await.unwrap();
    assert_eq!(warm.outcome, QueryOutcome::Answered);
    let start = Instant::now();
    let out = workflow.run(&query("q-timed")).await.unwrap();
    let took = start.elapsed();
    assert_eq!(out.outcome, QueryOutcome::Answered);
    assert!(
        !common::json(out.answer.unwrap())["avvikelser"]
            .to_string()
            .contains("INTERNT_FEL"),
        "every benefit delivered"
    );
    took
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_concurrency_1_fetches_one_benefit_at_a_time() {
    let took = elapsed(1).await;
    assert!(took >= 4 * LATENCY, "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_concurrency_24_fetches_them_at_once() {
    let took = elapsed(24).await;
    assert!(took < 2 * LATENCY, "{took:?}");
}

#[test]
fn the_file_says_24_and_only_the_map_changes() {
    let mut definition: Value = serde_json::from_str(DEFINITION).unwrap();
    assert_eq!(definition["States"]["FetchBenefits"]["MaxConcurrency"], 24);
    let before = definition.clone();
    set_max_concurrency(&mut definition, 3);
    assert_eq!(definition["States"]["FetchBenefits"]["MaxConcurrency"], 3);
    definition["States"]["FetchBenefits"]["MaxConcurrency"] = 24.into();
    assert_eq!(definition, before);
}
