//! Differential test: every definition under `tests/definitions/` runs with the same
//! inputs on this executor and on the npm package `aws-local-stepfunctions` 3.0.0 (Node,
//! `node/run.mjs`), with the same task handlers on both sides (`node/handlers.mjs` and
//! `Handlers` below), retry waits made instant on both. Final status and output — or
//! error and cause — must agree.
//!
//! Each `NAME.asl.json` has a `NAME.cases.json`: `[{"name", "input"}]`. A case where the
//! two disagree and this executor follows the spec carries `"divergence"` (why, and who
//! is right) and `"expect"` (this executor's result, written from the spec): the test
//! then checks that this executor gives `expect` and that the oracle still differs, so a
//! fixed oracle is noticed.
//!
//! Causes are compared only for errors not named `States.…`: those causes are the
//! handlers' and Fail states' own text, while each interpreter words its own errors.
//!
//! Needs `node` (20 or later) and `npm ci --prefix simulators/lefi-sfn-local/node`;
//! `scripts/test` runs that first.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use lefi_sfn_local::{
    DEFAULT_STATE_MACHINE_ARN, Executor, InstantSleeper, Resources, StateMachine, Status, TaskError,
};
use serde_json::{Value, json};

const EXECUTION_NAME: &str = "differential";

/// The task handlers, by the function name at the end of the resource ARN. Keep in step
/// with `node/handlers.mjs`.
#[derive(Default)]
struct Handlers {
    calls: Mutex<HashMap<String, u32>>,
}

#[async_trait]
impl Resources for Handlers {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        match resource.rsplit(':').next().unwrap_or_default() {
            "echo" => Ok(input),
            "add" => match (&input["a"], &input["b"]) {
                (Value::Number(a), Value::Number(b)) => Ok(match (a.as_i64(), b.as_i64()) {
                    (Some(a), Some(b)) => json!(a + b),
                    _ => json!(a.as_f64().unwrap() + b.as_f64().unwrap()),
                }),
                _ => Err(TaskError::new("BadInput", "add needs numbers a and b")),
            },
            "fail-until-3" => {
                // serde_json keeps object keys sorted: the canonical form handlers.mjs builds.
                let n = {
                    let mut calls = self.calls.lock().unwrap();
                    let n = calls.entry(input.to_string()).or_insert(0);
                    *n += 1;
                    *n
                };
                if n < 3 {
                    Err(TaskError::new(
                        "RegistryTimeout",
                        format!("attempt {n} timed out"),
                    ))
                } else {
                    Ok(json!({"attempts": n, "input": input}))
                }
            }
            "always-fail" => Err(TaskError::new(
                input["errorName"].as_str().unwrap_or("AlwaysFails"),
                "this function always fails",
            )),
            "sleep" => {
                let ms = input["ms"].as_u64().unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(ms)).await;
                Ok(json!({"slept": ms}))
            }
            other => panic!("no handler for {other}"),
        }
    }
}

struct Case {
    definition: String,
    name: String,
    input: Value,
    divergence: Option<String>,
    expect: Option<Value>,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_cases() -> (HashMap<String, Value>, Vec<Case>) {
    let dir = crate_dir().join("tests/definitions");
    let mut definitions = HashMap::new();
    let mut cases = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".asl.json"))
        .collect();
    files.sort();
    for file in files {
        let stem = file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".asl.json")
            .to_string();
        let definition: Value = read_json(&file);
        let case_file = dir.join(format!("{stem}.cases.json"));
        let listed: Vec<Value> = serde_json::from_value(read_json(&case_file)).unwrap();
        assert!(!listed.is_empty(), "{} has no cases", case_file.display());
        for c in listed {
            cases.push(Case {
                definition: stem.clone(),
                name: c["name"].as_str().unwrap().to_string(),
                input: c["input"].clone(),
                divergence: c.get("divergence").map(|d| d.as_str().unwrap().to_string()),
                expect: c.get("expect").cloned(),
            });
        }
        definitions.insert(stem, definition);
    }
    (definitions, cases)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Runs every case on aws-local-stepfunctions, in one Node process.
fn run_oracle(definitions: &HashMap<String, Value>, cases: &[(String, Value)]) -> Vec<Value> {
    let node_dir = crate_dir().join("node");
    assert!(
        node_dir
            .join("node_modules/aws-local-stepfunctions/package.json")
            .exists(),
        "the differential test's oracle is not installed: run \
         `npm ci --prefix simulators/lefi-sfn-local/node` (scripts/test does)"
    );
    let execution_id = format!(
        "{}:{EXECUTION_NAME}",
        DEFAULT_STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")
    );
    let context = json!({
        "Execution": {"Id": execution_id, "Name": EXECUTION_NAME},
        "StateMachine": {"Id": DEFAULT_STATE_MACHINE_ARN}
    });
    let runs: Vec<Value> = cases
        .iter()
        .map(|(definition, input)| {
            json!({"definition": definitions[definition], "input": input, "context": context})
        })
        .collect();
    let mut child = Command::new("node")
        .args(["--require", "./with-resolvers.cjs", "run.mjs"])
        .current_dir(&node_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `node` (Node 20 or later is needed): {e}"));
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
    assert_eq!(results.len(), cases.len());
    results
}

/// Runs one case on this executor, in the oracle's result shape.
async fn run_local(definition: &Value, input: Value) -> Value {
    let machine = StateMachine::from_value(definition).unwrap();
    let executor = Executor::new(machine, Arc::new(Handlers::default()))
        .with_sleeper(Arc::new(InstantSleeper))
        .with_execution_name(EXECUTION_NAME);
    match executor.run(input).await.status {
        Status::Succeeded(output) => json!({"status": "SUCCEEDED", "output": output}),
        Status::Failed { error, cause } => {
            json!({"status": "FAILED", "error": error, "cause": cause})
        }
        Status::TimedOut => json!({"status": "TIMED_OUT"}),
    }
}

/// What must agree: numbers by value, and the cause only of errors not named `States.…`.
fn comparable(result: &Value) -> Value {
    fn numbers(v: &Value) -> Value {
        match v {
            Value::Number(n) => json!(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.iter().map(numbers).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers(v))).collect())
            }
            other => other.clone(),
        }
    }
    let mut r = numbers(result);
    if r["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("States."))
    {
        r.as_object_mut().unwrap().remove("cause");
    }
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_definition_runs_alike_on_this_executor_and_aws_local_stepfunctions() {
    let (definitions, cases) = load_cases();
    // Node runs its side while this executor runs ours.
    let oracle = {
        let definitions = definitions.clone();
        let runs: Vec<(String, Value)> = cases
            .iter()
            .map(|c| (c.definition.clone(), c.input.clone()))
            .collect();
        tokio::task::spawn_blocking(move || run_oracle(&definitions, &runs))
    };
    let mut local = Vec::with_capacity(cases.len());
    for case in &cases {
        local.push(run_local(&definitions[&case.definition], case.input.clone()).await);
    }
    let oracle = oracle.await.unwrap();

    let mut problems = Vec::new();
    let mut agreed = 0;
    let mut diverged = 0;
    for ((case, ours), theirs) in cases.iter().zip(&local).zip(&oracle) {
        let label = format!("{} / {}", case.definition, case.name);
        if theirs["status"] == "ORACLE_ERROR" {
            problems.push(format!(
                "{label}: the oracle could not run it: {}",
                theirs["message"]
            ));
            continue;
        }
        let same = comparable(ours) == comparable(theirs);
        match (&case.divergence, &case.expect) {
            (None, _) if same => agreed += 1,
            (None, _) => problems.push(format!(
                "{label}: results differ\n  this executor: {ours}\n  aws-local-stepfunctions: {theirs}"
            )),
            (Some(why), Some(expect)) => {
                if comparable(ours) != comparable(expect) {
                    problems.push(format!(
                        "{label}: this executor gives {ours}, the spec says {expect} ({why})"
                    ));
                } else if same {
                    problems.push(format!(
                        "{label}: listed as a divergence but both now give {ours}: drop `divergence`"
                    ));
                } else {
                    diverged += 1;
                }
            }
            (Some(_), None) => problems.push(format!("{label}: a divergence needs `expect`")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
    assert!(agreed >= 30, "only {agreed} agreeing cases ran");
    assert!(diverged >= 1);
}

#[test]
fn every_test_definition_loads() {
    let (definitions, _) = load_cases();
    assert!(definitions.len() >= 10);
    for (name, def) in definitions {
        if let Err(e) = StateMachine::from_value(&def) {
            panic!("{name}: {e}");
        }
    }
}
