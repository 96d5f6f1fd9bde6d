//! Differential test of the project's own definition (`infra/…/lefi-query.asl.json`):
//! the same queries run through [`LocalWorkflow`] (our executor, `lefi-sfn-local`) and
//! through the npm package aws-local-stepfunctions 3.0.0, an interpreter nobody here
//! wrote, with the same steps behind both. Node reaches the steps through a small HTTP
//! "task server" in this test that calls the very dispatch `LocalWorkflow` uses
//! ([`StepHandlers`]); step errors come back as `{errorType, errorMessage}` and are thrown
//! as Errors of that name, so Retry and Catch see the names Lambda would give them.
//!
//! Each executor gets a registry simulator and an embedded store of its own, set up
//! alike; the outputs (or error and cause), the calls each registry got (retries
//! included) and the audit records must agree. Retry waits are instant on both sides
//! (`InstantSleeper`; `retryIntervalOverrides` in the harness). No timings are compared.
//!
//! Uses `simulators/lefi-sfn-local/node` (its harness `run.mjs`, the Node 20 polyfill and
//! its node_modules): needs `node` and `npm ci --prefix simulators/lefi-sfn-local/node`,
//! which `scripts/test` runs.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

mod common;
use common::agreement;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use chrono::{NaiveDate, TimeZone, Utc};
use lefi_domain::{Benefit, RawQuery};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{Faults, RegistryId, ServerHandle, SimConfig, spawn};
use lefi_sfn_local::{InstantSleeper, Resources};
use lefi_store::{AuditLog, AuditRecord, EmbeddedStore, Outcome, PartnerId, Protector};
use lefi_workflow::budget;
use lefi_workflow::local::{StepHandlers, local_arn, render};
use lefi_workflow::{LocalWorkflow, QueryInput, RunError, Workflow};
use serde_json::{Value, json};

type Handlers = StepHandlers<EmbeddedStore>;

/// One query, and how the world is set up for it (the same for both executors).
struct Case {
    input: QueryInput,
    /// Registries that are down.
    outage: Vec<RegistryId>,
    /// Registries that hold every call far past the query's budget (SPEC §3 step 5).
    /// How often they are called depends on the clock, so their calls are not compared.
    hang: Vec<RegistryId>,
    /// Someone else's audit record under the query's id: Audit cannot append (P5).
    taken_audit_id: bool,
}

/// A registry simulator and a store, set up for `case`.
struct World {
    sim: ServerHandle,
    store: Arc<EmbeddedStore>,
    registries: Arc<HttpRegistries>,
    handlers: Arc<Handlers>,
}

async fn world(case: &Case) -> World {
    let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    config.registers.population = 1_000;
    let (addr, sim) = spawn(&config).await.unwrap();
    for id in &case.outage {
        sim.state().set_faults(
            *id,
            Faults {
                outage: true,
                ..Faults::default()
            },
        );
    }
    for id in &case.hang {
        sim.state().set_faults(
            *id,
            Faults {
                timeout_rate: 1.0,
                timeout_hold_ms: 20_000,
                ..Faults::default()
            },
        );
    }
    let store = Arc::new(EmbeddedStore::new());
    if case.taken_audit_id {
        store
            .append(&AuditRecord {
                id: case.input.correlation_id.clone(),
                at: case.input.received_at,
                partner: None,
                caller: "someone-else".into(),
                user: None,
                purpose: None,
                channel: "system/v9-json".into(),
                subject: None,
                asked: vec![],
                delivered: vec![],
                outcome: Outcome::PersonNotFound,
                correlation_id: case.input.correlation_id.clone(),
            })
            .await
            .unwrap();
    }
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(2)).unwrap());
    let handlers = Arc::new(StepHandlers::new(
        registries.clone(),
        store.clone(),
        Protector::development(),
    ));
    World {
        sim,
        store,
        registries,
        handlers,
    }
}

/// What the task server serves, and how often each resource was invoked.
#[derive(Clone)]
struct Served {
    handlers: Arc<Handlers>,
    invocations: Arc<Mutex<BTreeMap<String, u32>>>,
}

/// `POST /invoke/<URL-encoded Resource>`: the step, as `LocalWorkflow` resolves it.
async fn invoke(
    State(served): State<Served>,
    Path(resource): Path<String>,
    Json(input): Json<Value>,
) -> (StatusCode, Json<Value>) {
    *served
        .invocations
        .lock()
        .unwrap()
        .entry(resource.clone())
        .or_default() += 1;
    match served.handlers.invoke(&resource, input).await {
        Ok(output) => (StatusCode::OK, Json(output)),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"errorType": e.error, "errorMessage": e.cause})),
        ),
    }
}

/// Serves `served` on a random loopback port until the test ends.
async fn task_server(served: Served) -> String {
    let app = axum::Router::new()
        .route("/invoke/{resource}", post(invoke))
        .with_state(served);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn query(id: &str, pnr: &str, asked: &[&str], allowed: &[Benefit]) -> QueryInput {
    QueryInput {
        correlation_id: id.into(),
        received_at: Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
        partner: PartnerId("kommun-1".into()),
        caller: "cert-kommun-1".into(),
        user: None,
        channel: "system/v9-json".into(),
        query: RawQuery::of_benefits(pnr, "2009-09-01", "2010-12-31", asked),
        agreement: agreement(allowed),
        budget_ms: 3_000,
    }
}

fn case(input: QueryInput) -> Case {
    Case {
        input,
        outage: vec![],
        hang: vec![],
        taken_audit_id: false,
    }
}

/// The queries of tests/e2e.rs that take every path of the definition.
fn cases() -> Vec<(&'static str, Case)> {
    let all = Benefit::ALL.to_vec();
    let seed = "19500101-9420";
    vec![
        (
            "answered",
            case(query("q-seed", seed, &["FK:SJP", "FK:SGI", "PM:PBH"], &all)),
        ),
        (
            "obehorig, never fetched (P3)",
            case(query(
                "q-p3",
                seed,
                &["FK:SJP", "FK:ABB"],
                &[Benefit::Sjukpenning],
            )),
        ),
        (
            "a registry down: retried, then INTERNT_FEL (Catch)",
            Case {
                outage: vec![RegistryId::Benefit(Benefit::Sjukpenning)],
                ..case(query("q-fail", seed, &["FK:SJP", "FK:SGI"], &all))
            },
        ),
        (
            "a registry that hangs: cut at the budget, INTERNT_FEL alone, the rest delivered",
            Case {
                hang: vec![RegistryId::Benefit(Benefit::Sjukpenning)],
                ..case(query("q-hang", seed, &["FK:SJP", "FK:SGI"], &all))
            },
        ),
        (
            "the person register down: retried, then caught, failed and audited",
            Case {
                outage: vec![RegistryId::Person],
                ..case(query("q-person-down", seed, &["FK:SJP"], &all))
            },
        ),
        (
            "audit cannot be written: retried, then AuditFailed (P5)",
            Case {
                taken_audit_id: true,
                ..case(query("q-audit", seed, &["FK:SJP"], &all))
            },
        ),
        (
            "person not found",
            case(query("q-nf", "191212121212", &["FK:SJP"], &all)),
        ),
        (
            "invalid query",
            case(query(
                "q-bad",
                "19500101-942X",
                &["FK:SJP", "XX:NOPE"],
                &all,
            )),
        ),
    ]
}

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../simulators/lefi-sfn-local/node")
}

/// Runs every case on aws-local-stepfunctions, in one Node process.
fn run_node(runs: Vec<Value>) -> Vec<Value> {
    let dir = node_dir();
    assert!(
        dir.join("node_modules/aws-local-stepfunctions/package.json")
            .exists(),
        "the oracle is not installed: run `npm ci --prefix simulators/lefi-sfn-local/node` \
         (scripts/test does)"
    );
    let mut child = Command::new("node")
        .args(["--require", "./with-resolvers.cjs", "run.mjs"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `node` (Node 20 or later is needed): {e}"));
    let n = runs.len();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!({ "runs": runs }).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node run.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = parsed["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), n);
    results
}

/// `LocalWorkflow`'s result in the harness's shape.
fn shape(result: Result<lefi_workflow::WorkflowOutput, RunError>) -> Value {
    match result {
        Ok(output) => json!({"status": "SUCCEEDED", "output": output}),
        Err(RunError::Failed { error, cause }) => {
            json!({"status": "FAILED", "error": error, "cause": cause})
        }
        Err(RunError::TimedOut) => json!({"status": "TIMED_OUT"}),
        Err(other) => panic!("LocalWorkflow could not run: {other}"),
    }
}

/// What each registry was asked, retries included.
fn calls(sim: &ServerHandle) -> Vec<(&'static str, u64)> {
    RegistryId::all()
        .map(|id| (id.name(), sim.state().counters(id).calls))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The audit record, its sealed number aside (AES-GCM draws a fresh nonce each time).
async fn audited(store: &EmbeddedStore, id: &str) -> Value {
    let mut record = serde_json::to_value(store.get(id).await.unwrap()).unwrap();
    if let Some(subject) = record.get_mut("subject").and_then(Value::as_object_mut) {
        subject.remove("sealed");
    }
    record
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projects_definition_runs_alike_on_lefi_sfn_local_and_aws_local_stepfunctions() {
    let cases = cases();
    let definition: Value = serde_json::from_str(&render(local_arn)).unwrap();

    // aws-local-stepfunctions: one world and task server per case, one Node process.
    let mut theirs_worlds = Vec::new();
    let mut invocations = Vec::new();
    let mut runs = Vec::new();
    for (_, case) in &cases {
        let w = world(case).await;
        let served = Served {
            handlers: w.handlers.clone(),
            invocations: Arc::default(),
        };
        invocations.push(served.invocations.clone());
        let url = task_server(served).await;
        runs.push(json!({"definition": definition, "input": case.input, "taskServer": url}));
        theirs_worlds.push(w);
    }
    let node = tokio::task::spawn_blocking(move || run_node(runs));

    // lefi-sfn-local, meanwhile.
    let mut ours = Vec::new();
    for (_, case) in &cases {
        let w = world(case).await;
        let workflow = LocalWorkflow::new(
            w.registries.clone(),
            w.store.clone(),
            Protector::development(),
        )
        .unwrap()
        .with_sleeper(Arc::new(InstantSleeper));
        let result = shape(workflow.run(&case.input).await);
        ours.push((result, w));
    }
    let theirs = node.await.unwrap();

    let mut problems = Vec::new();
    for (((name, case), (our_result, our_world)), (their_result, their_world)) in cases
        .iter()
        .zip(&ours)
        .zip(theirs.iter().zip(&theirs_worlds))
    {
        if our_result != their_result {
            problems.push(format!(
                "{name}: results differ\n  lefi-sfn-local: {our_result}\n  aws-local-stepfunctions: {their_result}"
            ));
        }
        let (a, b) = (calls(&our_world.sim), calls(&their_world.sim));
        if a != b && case.hang.is_empty() {
            problems.push(format!(
                "{name}: registry calls differ\n  lefi-sfn-local: {a:?}\n  aws-local-stepfunctions: {b:?}"
            ));
        }
        let id = &case.input.correlation_id;
        let (a, b) = (
            audited(&our_world.store, id).await,
            audited(&their_world.store, id).await,
        );
        if a != b {
            problems.push(format!(
                "{name}: audit records differ\n  lefi-sfn-local: {a}\n  aws-local-stepfunctions: {b}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));

    // The paths really were taken (on both, as they agree).
    let status = |i: usize| ours[i].0["status"].as_str().unwrap().to_owned();
    assert_eq!(status(0), "SUCCEEDED");
    assert_eq!(ours[5].0["error"], "AuditFailed");
    let audits = invocations[5].lock().unwrap()[&local_arn("audit")];
    assert_eq!(
        audits, 3,
        "Retry on AuditFailed: three attempts on aws-local-stepfunctions"
    );
    // The step retries a registry that is down itself, within the budget (the ASL
    // retries only Lambda's own errors).
    let down = calls(&ours[2].1.sim);
    assert!(
        down.contains(&("FK:SJP", u64::from(budget::MAX_TRIES))),
        "the step's own retries: {down:?}"
    );
    let fail = &ours[2].0["output"]["answer"]["avvikelser"]["formansinformation"];
    assert!(fail.to_string().contains("INTERNT_FEL"), "{fail}");
    // SPEC §3 step 5, on both executors (they agree): the hanging registry's benefit
    // is INTERNT_FEL, the other one delivered.
    let hung = &ours[3].0["output"]["answer"];
    assert_eq!(
        hung["avvikelser"]["formansinformation"][0]["formansgrupp"]["kod"], "FK:SJP",
        "{hung}"
    );
    assert_eq!(
        hung["avvikelser"]["formansinformation"][0]["avvikelse"]["kod"], "INTERNT_FEL",
        "{hung}"
    );
    assert_eq!(
        hung["avvikelser"]["formansinformation"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{hung}"
    );
    assert!(calls(&ours[3].1.sim).contains(&("FK:SGI", 1)));
    // The person register down: a 503 for the edge, with the register's error (audited).
    assert_eq!(
        ours[4].0["output"]["outcome"], "UNAVAILABLE",
        "{}",
        ours[4].0
    );
    assert_eq!(ours[4].0["output"]["error"], "RegistryUnavailable");
    assert!(
        !calls(&ours[1].1.sim).iter().any(|(r, _)| *r == "FK:ABB"),
        "P3: never fetched"
    );
}
