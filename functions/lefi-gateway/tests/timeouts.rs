//! The timeouts nest (issue 13, item 10), read from where each one is set: the registry
//! call and the gateway's wait in the code, the Tasks' and the execution's in the ASL
//! file, the Lambda and API Gateway ones in Terraform. Each layer must end before the one
//! around it, so that it — not the layer outside — names what happened; and the gateway
//! must give up on the workflow early enough to audit the query and free its query id
//! before Lambda stops it (P5, C3). Terraform checks its variables against each other at
//! plan time (modules/stack/outputs.tf); this test checks its defaults against the code.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::path::Path;
use std::time::Duration;

use lefi_gateway::config::QUERY_BUDGET_RANGE;
use lefi_gateway::{CLAIM_LEASE, DEFAULT_QUERY_BUDGET};
use lefi_workflow::lambda::DEFAULT_REGISTRY_TIMEOUT;
use lefi_workflow::local::DEFINITION;
use lefi_workflow::sfn::DEFAULT_TIMEOUT;
use serde_json::Value;

/// Time for the gateway, after it stops waiting, to write the audit record and free the
/// query id (two DynamoDB writes, with retries).
const GATEWAY_RESERVE: Duration = Duration::from_secs(2);
/// API Gateway's longest integration timeout for an HTTP API.
const HTTP_API_MAX: Duration = Duration::from_secs(30);

fn infra(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../infra")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `default` of `variable "<name>"` in a Terraform variables file (a number).
fn tf_default(file: &str, name: &str) -> f64 {
    let text = infra(file);
    let start = text
        .find(&format!("variable \"{name}\" {{"))
        .unwrap_or_else(|| panic!("{file} has no variable {name}"));
    let block = &text[start..];
    let block = &block[..block[1..]
        .find("\nvariable \"")
        .map_or(block.len(), |i| i + 1)];
    let line = block
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("default "))
        .unwrap_or_else(|| panic!("{name} in {file} has no default"));
    line.split('=').nth(1).unwrap().trim().parse().unwrap()
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn ms(m: f64) -> Duration {
    Duration::from_secs_f64(m / 1000.0)
}

/// Every Task state's `TimeoutSeconds`, Map iterations included.
fn task_timeouts(states: &Value) -> Vec<Duration> {
    states
        .as_object()
        .unwrap()
        .values()
        .flat_map(|s| {
            let mut found = Vec::new();
            if s["Type"] == "Task" {
                let t = s["TimeoutSeconds"].as_f64();
                found.push(secs(
                    t.unwrap_or_else(|| panic!("a Task without TimeoutSeconds: {s}")),
                ));
            }
            if let Some(inner) = s.get("ItemProcessor") {
                found.extend(task_timeouts(&inner["States"]));
            }
            found
        })
        .collect()
}

#[test]
fn p5_timeouts_nest_from_the_registry_call_out_to_api_gateway() {
    let asl: Value = serde_json::from_str(&DEFINITION.replace("${", "{")).unwrap();
    let tasks = task_timeouts(&asl["States"]);
    let workflow = secs(asl["TimeoutSeconds"].as_f64().unwrap());

    let stack = "modules/stack/variables.tf";
    let registry = ms(tf_default(stack, "registry_timeout_ms"));
    let budget = ms(tf_default(stack, "query_budget_ms"));
    let step = secs(tf_default(stack, "step_timeout_seconds"));
    let wait = ms(tf_default(stack, "workflow_wait_ms"));
    let gateway = secs(tf_default(stack, "gateway_timeout_seconds"));
    let integration = ms(tf_default(stack, "api_integration_timeout_ms"));

    // What Terraform deploys is what the code assumes when nothing is set.
    assert_eq!(registry, DEFAULT_REGISTRY_TIMEOUT, "registry_timeout_ms");
    assert_eq!(wait, DEFAULT_TIMEOUT, "workflow_wait_ms");
    assert_eq!(budget, DEFAULT_QUERY_BUDGET, "query_budget_ms");
    // … and Terraform passes them on.
    let main = infra("modules/stack/main.tf");
    for wiring in [
        "LEFI_REGISTRY_TIMEOUT_MS = tostring(var.registry_timeout_ms)",
        "LEFI_WORKFLOW_TIMEOUT_MS = tostring(var.workflow_wait_ms)",
        "LEFI_QUERY_BUDGET_MS = tostring(var.query_budget_ms)",
        "timeout              = var.step_timeout_seconds",
        "timeout = var.gateway_timeout_seconds",
        "integration_timeout_ms       = var.api_integration_timeout_ms",
    ] {
        let squeezed = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squeezed(&main).contains(&squeezed(wiring)),
            "modules/stack/main.tf does not set {wiring}"
        );
    }

    // The chain, innermost first.
    assert!(
        registry < step,
        "a registry call ({registry:?}) must end before its step function ({step:?})"
    );
    // SPEC §3 step 5: the steps' own budget check, not a Task's timeout, ends a slow
    // registry's benefit (INTERNT_FEL alone) — for every budget the edge accepts.
    assert!(QUERY_BUDGET_RANGE.contains(&budget));
    for task in &tasks {
        assert!(
            *QUERY_BUDGET_RANGE.end() < *task,
            "the largest query budget ({:?}) must end before every Task's timeout ({task:?})",
            QUERY_BUDGET_RANGE.end()
        );
        assert!(
            step < *task,
            "the step function ({step:?}) must end before its Task's timeout ({task:?})"
        );
        assert!(
            *task < workflow,
            "a Task ({task:?}) must end before the execution ({workflow:?})"
        );
    }
    assert!(
        workflow < wait,
        "the execution ({workflow:?}) must end, and say so, before the gateway stops waiting ({wait:?})"
    );
    assert!(
        wait + GATEWAY_RESERVE <= gateway,
        "after it stops waiting ({wait:?}) the gateway needs {GATEWAY_RESERVE:?} to audit and free the query id before Lambda stops it ({gateway:?})"
    );
    assert!(
        gateway < integration && integration <= HTTP_API_MAX,
        "the gateway ({gateway:?}) must answer before API Gateway gives up ({integration:?}, at most {HTTP_API_MAX:?})"
    );
}

/// A query id is held for [`CLAIM_LEASE`] while its query runs (issue 18): every function
/// that runs queries must be stopped by Lambda before it ends, so a claim still held
/// after it belongs to a function that died — and a redelivered SHS work item takes it
/// over instead of answering "in progress" or waiting out the whole window.
#[test]
fn c3_every_function_that_holds_a_query_id_ends_before_its_lease() {
    let lease = CLAIM_LEASE.to_std().unwrap();
    let vars = "modules/stack/variables.tf";
    for name in ["gateway_timeout_seconds", "shs_worker_timeout_seconds"] {
        let timeout = secs(tf_default(vars, name));
        assert!(
            timeout < lease,
            "{name} ({timeout:?}) must end before the claim lease ({lease:?})"
        );
    }
    // And Terraform refuses a worker timeout at or above it.
    assert!(
        infra(vars).contains(&format!(
            "var.shs_worker_timeout_seconds < {}",
            CLAIM_LEASE.num_seconds()
        )),
        "modules/stack/variables.tf bounds shs_worker_timeout_seconds by the claim lease"
    );
}
