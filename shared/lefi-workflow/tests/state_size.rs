//! Step Functions' payload quota (issue 13, item 11): a state over 256 KiB fails with
//! `States.DataLimitExceeded`. The workflow keeps its state small (the registries'
//! answers and the compiled answer take turns in `$.data`), and if data ever does not
//! fit, the query still reaches Audit (P5) as failed. The local executor measures every
//! payload as AWS would; BENCHMARKS.md records the peak for the largest histories.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

mod common;
use common::agreement;

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use lefi_domain::catalogue::V9List;
use lefi_domain::{Benefit, Personnummer, RawCode, RawQuery};
use lefi_registry::{HttpRegistries, Registries};
use lefi_registry_data::fixtures::FIXTURES;
use lefi_registry_data::{History, PersonAnswer, Registers, RegistersConfig};
use lefi_registry_sim::{FaultsFile, ServerHandle, SimConfig, spawn};
use lefi_sfn_local::{InstantSleeper, PAYLOAD_LIMIT_BYTES};
use lefi_store::{AuditLog, EmbeddedStore, Outcome, PartnerId, Protector, Usage};
use lefi_workflow::budget::Deadline;
use lefi_workflow::model::{Budget, FetchItem, FetchScope, State, Validation};
use lefi_workflow::{LocalWorkflow, QueryInput, QueryOutcome, steps};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The people of the default population (100 000, seed 2009, as of 2026-11-26) with the
/// most history, raw (the first three: old-age pensioners, 1.5–1.6 MB of JSON) and
/// windowed as real registries hold it (the last three: parents of several children,
/// about 0.5 MB), found by lefi-registry-data's `tests/largest_history.rs` (run by hand;
/// BENCHMARKS.md has the command and the figures).
const LARGEST: [&str; 6] = [
    "194305091482",
    "193307113948",
    "193503277265",
    "197409019887",
    "197006051044",
    "197205302867",
];

/// The most history among the fixtures and the first hundred people of the population: a
/// check that `LARGEST` still names large histories (the scan above finds the largest).
fn sample_largest() -> usize {
    let r = Registers::new(RegistersConfig {
        seed: RegistersConfig::DEFAULT_SEED,
        population: RegistersConfig::DEFAULT_POPULATION,
        as_of: as_of(),
    });
    let windowed = |number: &str| {
        let answer = r.lookup(&Personnummer::parse_canonical(number).unwrap());
        let PersonAnswer::Found { customer_ids, .. } = answer else {
            return 0;
        };
        customer_ids
            .iter()
            .flat_map(|id| Benefit::ALL.map(|b| r.fetch(b, id, History::Windowed).unwrap()))
            .map(|data| json_len(&data))
            .sum::<usize>()
    };
    let fixtures = FIXTURES.iter().map(|f| windowed(f.personnummer));
    let generated = (0..100)
        .filter_map(|i| r.population().nth(i))
        .map(|m| windowed(m.personnummer.expose()));
    let sample = fixtures.chain(generated).max().unwrap();
    let largest = windowed(LARGEST[3]);
    assert!(
        largest > sample,
        "LARGEST is stale: {} holds {largest} bytes, a sample person {sample}",
        LARGEST[3]
    );
    largest
}

/// Every code of every v9 list: all 24 benefits, their payments, övrig information.
fn everything(id: &str, number: &str) -> QueryInput {
    let mut query = RawQuery::of_benefits(number, "2024-11-27", "2026-11-26", &[]);
    query.asked = V9List::ALL
        .iter()
        .flat_map(|l| l.v9_codes().iter().map(move |c| RawCode::new(*l, *c)))
        .collect();
    query.own_codes = false;
    QueryInput {
        correlation_id: id.into(),
        received_at: Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
        partner: PartnerId("kommun-1".into()),
        caller: "cert-kommun-1".into(),
        user: None,
        channel: "system/v9-json".into(),
        query,
        agreement: agreement(&Benefit::ALL),
        budget_ms: 3_000,
    }
}

/// The default population's registries over HTTP, every one of them raw.
async fn raw_registries() -> (Arc<HttpRegistries>, ServerHandle) {
    let mut config = SimConfig::new(as_of());
    config.registers.population = RegistersConfig::DEFAULT_POPULATION;
    config.faults = FaultsFile::default().with_history(History::Raw);
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(5)).unwrap());
    (registries, sim)
}

#[tokio::test]
async fn p5_the_state_stays_under_half_the_payload_quota_for_the_largest_histories() {
    sample_largest();
    let (registries, _sim) = raw_registries().await;
    let store = Arc::new(EmbeddedStore::new());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development())
        .unwrap()
        .with_sleeper(Arc::new(InstantSleeper));
    let mut peaks = Vec::new();
    for (i, number) in LARGEST.iter().enumerate() {
        let (output, peak) = workflow
            .run_measured(&everything(&format!("q-largest-{i}"), number))
            .await;
        let output = output.unwrap();
        assert_eq!(output.outcome, QueryOutcome::Answered, "{number}");
        let answer = json_len(&output.answer);
        eprintln!(
            "{number}: answer {answer} bytes; the state's peak {peak} bytes ({:.1} % of the \
             {PAYLOAD_LIMIT_BYTES}-byte quota)",
            peak as f64 * 100.0 / PAYLOAD_LIMIT_BYTES as f64
        );
        assert!(
            peak > answer,
            "the state carried the answer ({peak} > {answer})"
        );
        peaks.push(peak);
    }
    let peak = peaks.into_iter().max().unwrap();
    assert!(
        peak < PAYLOAD_LIMIT_BYTES / 2,
        "the state's peak, {peak} bytes, is not under half the quota"
    );
}

fn json_len<T: serde::Serialize>(value: &T) -> usize {
    serde_json::to_vec(value).unwrap().len()
}

#[tokio::test]
async fn p5_data_too_large_for_the_state_is_audited_as_a_failed_query() {
    // The most data an answer shows: the windowed history's champion.
    let number = LARGEST[3];
    let (registries, _sim) = raw_registries().await;
    let input = everything("q-too-big", number);

    // A quota the state before the fan-out fits in, and each benefit's data, but not all
    // of them together: the Map state's output goes over it.
    let validation = steps::validate(&input);
    let Validation::Valid {
        birth_year,
        from,
        to,
        today,
        fetch,
        plan,
        ..
    } = validation.clone()
    else {
        panic!("the query is valid");
    };
    let person = registries
        .lookup_person(&Personnummer::parse_canonical(number).unwrap())
        .await
        .unwrap();
    let PersonAnswer::Found { customer_ids, .. } = &person else {
        panic!("{number} is found");
    };
    let scope = FetchScope {
        birth_year,
        from,
        to,
        today,
        plan,
    };
    let mut each = Vec::new();
    for benefit in fetch {
        let item = FetchItem {
            benefit,
            customer_ids: customer_ids.clone(),
            scope: Some(scope.clone()),
            budget: Budget {
                started_at: Utc::now(),
                ms: 30_000,
            },
        };
        let deadline = Deadline::of(&item.budget, Utc::now());
        let fetched = steps::fetch_benefit(registries.as_ref(), &item, &deadline)
            .await
            .unwrap();
        each.push(json_len(&fetched));
    }
    let before_map = json_len(&State {
        input: input.clone(),
        validation: Some(validation),
        person: Some(person.clone()),
        lookup_error: None,
        data: Default::default(),
        data_error: None,
    });
    let limit = before_map.max(*each.iter().max().unwrap()) + 1024;
    let all: usize = each.iter().sum();
    assert!(
        before_map + all > limit + 1024,
        "the data of {number} fits anyway ({before_map} + {all} ≤ {limit})"
    );

    let store = Arc::new(EmbeddedStore::new());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development())
        .unwrap()
        .with_sleeper(Arc::new(InstantSleeper))
        .with_payload_limit(Some(limit));
    let (output, peak) = workflow.run_measured(&input).await;
    // The execution succeeds: Audit ran and said the query failed; no data leaves.
    let output = output.unwrap();
    assert_eq!(output.outcome, QueryOutcome::Failed);
    assert!(output.answer.is_none());
    assert!(peak > limit, "the quota was met ({peak} > {limit})");
    let record = store.get("q-too-big").await.unwrap().unwrap();
    assert_eq!(
        record.outcome,
        Outcome::Failed {
            error: "States.DataLimitExceeded".into()
        }
    );
    assert!(record.delivered.is_empty());
    // Not metered: nothing was answered.
    let month = store.month_totals("2026-11").await.unwrap();
    assert!(
        !month.iter().any(|(p, n)| p.0 == "kommun-1" && *n > 0),
        "{month:?}"
    );
}
