//! The executor's behaviour, feature by feature, through the public API.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::TimeZone;
use serde_json::json;

use super::*;
use crate::ports::{FixedClock, InstantSleeper, TaskError};

/// Task handlers by the last segment of the resource ARN.
#[derive(Default)]
struct Fns {
    calls: Mutex<HashMap<String, u32>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Fns {
    fn bump(&self, key: String) -> u32 {
        let mut calls = self.calls.lock().unwrap();
        let n = calls.entry(key).or_insert(0);
        *n += 1;
        *n
    }
}

#[async_trait]
impl Resources for Fns {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        let name = resource.rsplit(':').next().unwrap_or(resource);
        match name {
            "echo" => Ok(input),
            "add" => match (input["a"].as_i64(), input["b"].as_i64()) {
                (Some(a), Some(b)) => Ok(json!(a + b)),
                _ => Err(TaskError::new("BadInput", "add needs numbers a and b")),
            },
            "fail-until-3" => {
                let n = self.bump(format!("until3:{input}"));
                if n < 3 {
                    Err(TaskError::new(
                        "RegistryTimeout",
                        format!("attempt {n} timed out"),
                    ))
                } else {
                    Ok(json!({"attempts": n, "input": input}))
                }
            }
            "fail-twice" => {
                let n = self.bump("twice".into());
                if n <= 2 {
                    Err(TaskError::new("Flaky", format!("call {n}")))
                } else {
                    Ok(input)
                }
            }
            "always-fail" => Err(TaskError::new(
                input["errorName"].as_str().unwrap_or("AlwaysFails"),
                "this function always fails",
            )),
            "nameless-fail" => Err(TaskError::new("", "no name")),
            // A result of `bytes` bytes of JSON: a string of bytes - 2 characters.
            "grow" => {
                let bytes = input["bytes"].as_u64().unwrap_or(2);
                Ok(json!("x".repeat(usize::try_from(bytes).unwrap() - 2)))
            }
            "sleep" => {
                let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                self.max_in_flight.fetch_max(now, Ordering::SeqCst);
                let ms = input["ms"].as_u64().unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(ms)).await;
                self.in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok(input)
            }
            _ => Err(TaskError::new("NoSuchFunction", resource)),
        }
    }
}

fn arn(name: &str) -> String {
    format!("arn:aws:lambda:eu-north-1:000000000000:function:{name}")
}

fn executor(def: Value) -> (Executor, Arc<Fns>) {
    let fns = Arc::new(Fns::default());
    let machine = StateMachine::from_value(&def).unwrap();
    let ex = Executor::new(machine, fns.clone())
        .with_sleeper(Arc::new(InstantSleeper))
        .with_clock(Arc::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 11, 26, 8, 30, 0).unwrap(),
        )))
        .with_execution_name("exec-1");
    (ex, fns)
}

async fn run(def: Value, input: Value) -> Execution {
    executor(def).0.run(input).await
}

fn output(e: &Execution) -> &Value {
    match &e.status {
        Status::Succeeded(v) => v,
        other => panic!("expected success, got {other:?}\n{:#?}", e.events),
    }
}

fn failure(e: &Execution) -> (&str, Option<&str>) {
    match &e.status {
        Status::Failed { error, cause } => (error, cause.as_deref()),
        other => panic!("expected failure, got {other:?}"),
    }
}

fn task(name: &str, extra: Value) -> Value {
    let mut t = json!({"Type": "Task", "Resource": arn(name)});
    t.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    t
}

fn one(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

fn retries(e: &Execution) -> Vec<(usize, u32, Duration)> {
    e.events
        .iter()
        .filter_map(|ev| match ev {
            Event::RetryScheduled {
                retrier,
                attempt,
                delay,
                ..
            } => Some((*retrier, *attempt, *delay)),
            _ => None,
        })
        .collect()
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

// ---- input and output processing ----

#[tokio::test]
async fn input_path_parameters_result_selector_result_path_output_path_apply_in_order() {
    let e = run(
        one(task(
            "echo",
            json!({
                "InputPath": "$.order",
                "Parameters": {"id.$": "$.id", "fixed": [1, {"k": "v"}], "lines.$": "$.lines"},
                "ResultSelector": {"first.$": "$.lines[0]", "id.$": "$.id"},
                "ResultPath": "$.order.result",
                "OutputPath": "$.order",
                "End": true
            }),
        )),
        json!({"order": {"id": 7, "lines": ["a", "b"]}, "other": true}),
    )
    .await;
    assert_eq!(
        output(&e),
        &json!({"id": 7, "lines": ["a", "b"], "result": {"first": "a", "id": 7}})
    );
}

#[tokio::test]
async fn result_path_null_keeps_the_input_and_a_path_merges_creating_objects() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": null, "Next": "B"},
        "B": {"Type": "Pass", "Result": "deep", "ResultPath": "$.a.b.c", "Next": "C"},
        "C": {"Type": "Pass", "Result": [1], "ResultPath": "$.keep", "End": true}
    }});
    let e = run(def, json!({"keep": "old", "a": {"z": 0}})).await;
    assert_eq!(
        output(&e),
        &json!({"keep": [1], "a": {"z": 0, "b": {"c": "deep"}}})
    );
}

#[tokio::test]
async fn result_path_dollar_replaces_and_null_input_output_paths_give_empty_objects() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"r": 1}, "ResultPath": "$", "Next": "B"},
        "B": {"Type": "Pass", "InputPath": null, "Next": "C"},
        "C": {"Type": "Pass", "Result": 5, "ResultPath": "$.five", "OutputPath": null, "End": true}
    }});
    let e = run(def, json!({"in": 1})).await;
    assert_eq!(output(&e), &json!({}));
    let e = run(
        one(json!({"Type": "Pass", "Result": false, "End": true})),
        json!({"in": 1}),
    )
    .await;
    assert_eq!(
        output(&e),
        &json!(false),
        "a falsy Result is still the result"
    );
}

#[tokio::test]
async fn result_path_into_a_non_object_is_a_catchable_result_path_match_failure() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": arn("echo"), "ResultPath": "$.x", "End": true,
              "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "H"}]},
        "H": {"Type": "Pass", "End": true}
    }});
    let e = run(def.clone(), json!("a string")).await;
    assert_eq!(output(&e)["Error"], json!("States.ResultPathMatchFailure"));
    let bare = one(task("echo", json!({"ResultPath": "$.x.y", "End": true})));
    let e = run(bare, json!({"x": 3})).await;
    assert_eq!(failure(&e).0, "States.ResultPathMatchFailure");
}

#[tokio::test]
async fn a_path_that_matches_nothing_is_states_runtime_and_cannot_be_caught() {
    for field in ["InputPath", "OutputPath"] {
        let def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": arn("echo"), field: "$.missing", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"]}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]},
            "H": {"Type": "Succeed"}
        }});
        let e = run(def, json!({"present": 1})).await;
        let (error, cause) = failure(&e);
        assert_eq!(error, "States.Runtime");
        assert!(cause.unwrap().contains(field), "{cause:?}");
        assert!(retries(&e).is_empty());
    }
    let e = run(
        one(json!({"Type": "Pass", "Parameters": {"v.$": "$.nope"}, "End": true})),
        json!({}),
    )
    .await;
    assert!(failure(&e).1.unwrap().contains("v.$"));
}

#[tokio::test]
async fn parameters_read_the_context_object() {
    let def = json!({"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Parameters": {
            "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
            "input.$": "$$.Execution.Input", "inputField.$": "$$.Execution.Input.a",
            "start.$": "$$.Execution.StartTime", "state.$": "$$.State.Name",
            "entered.$": "$$.State.EnteredTime", "retries.$": "$$.State.RetryCount",
            "machine.$": "$$.StateMachine.Id"
        }, "End": true}
    }});
    let e = run(def, json!({"a": [1]})).await;
    assert_eq!(
        output(&e),
        &json!({
            "id": "arn:aws:states:eu-north-1:000000000000:execution:lefi-local:exec-1",
            "name": "exec-1",
            "input": {"a": [1]},
            "inputField": [1],
            "start": "2026-11-26T08:30:00.000Z",
            "state": "First",
            "entered": "2026-11-26T08:30:00.000Z",
            "retries": 0,
            "machine": DEFAULT_STATE_MACHINE_ARN,
        })
    );
}

#[tokio::test]
async fn run_named_and_the_state_machine_arn_set_the_execution_ids() {
    let def = one(
        json!({"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "n.$": "$$.Execution.Name"}, "End": true}),
    );
    let (ex, _) = executor(def);
    let ex = ex.with_state_machine_arn("arn:aws:states:eu-north-1:1:stateMachine:lefi-query");
    let e = ex.run_named("q-42", json!({})).await;
    assert_eq!(
        output(&e),
        &json!({"id": "arn:aws:states:eu-north-1:1:execution:lefi-query:q-42", "n": "q-42"})
    );
}

#[tokio::test]
async fn intrinsic_functions_work_in_parameters_and_result_selector() {
    let def = one(task(
        "echo",
        json!({
            "Parameters": {"text.$": "States.Format('{} har {} förmåner', $.name, States.ArrayLength($.list))",
                           "json.$": "States.StringToJson($.raw)"},
            "ResultSelector": {"s.$": "States.JsonToString($.json)", "a.$": "States.Array($.text, 1)"},
            "End": true
        }),
    ));
    let e = run(
        def,
        json!({"name": "Anna", "list": [1, 2], "raw": "{\"k\":[true]}"}),
    )
    .await;
    assert_eq!(
        output(&e),
        &json!({"s": "{\"k\":[true]}", "a": ["Anna har 2 förmåner", 1]})
    );
}

#[tokio::test]
async fn an_intrinsic_failure_can_be_caught() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": arn("echo"), "Parameters": {"j.$": "States.StringToJson($.s)"}, "End": true,
              "Catch": [{"ErrorEquals": ["States.IntrinsicFailure"], "Next": "H"}]},
        "H": {"Type": "Pass", "End": true}
    }});
    let e = run(def, json!({"s": "not json"})).await;
    assert_eq!(output(&e)["Error"], json!("States.IntrinsicFailure"));
}

// ---- Choice, Wait, Succeed, Fail, Parallel ----

fn router() -> Value {
    json!({"StartAt": "Route", "States": {
        "Route": {"Type": "Choice", "InputPath": "$.q", "OutputPath": "$.v", "Choices": [
            {"Variable": "$.kind", "StringEquals": "person", "Next": "Person"},
            {"And": [{"Variable": "$.n", "IsPresent": true}, {"Variable": "$.n", "NumericGreaterThanEquals": 10}], "Next": "Big"},
            {"Not": {"Variable": "$.kind", "IsString": true}, "Next": "Odd"}
        ], "Default": "Other"},
        "Person": {"Type": "Pass", "Result": "person", "ResultPath": "$.route", "End": true},
        "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.route", "End": true},
        "Odd": {"Type": "Pass", "Result": "odd", "ResultPath": "$.route", "End": true},
        "Other": {"Type": "Pass", "Result": "other", "ResultPath": "$.route", "End": true}
    }})
}

#[tokio::test]
async fn choice_routes_on_the_first_matching_rule_then_default() {
    for (q, route) in [
        (json!({"kind": "person", "n": 50, "v": {}}), "person"),
        (json!({"kind": "x", "n": 50, "v": {}}), "big"),
        (json!({"kind": 3, "v": {}}), "odd"),
        (json!({"kind": "x", "n": 1, "v": {}}), "other"),
    ] {
        let e = run(router(), json!({"q": q})).await;
        assert_eq!(output(&e), &json!({"route": route}), "{q}");
    }
}

#[tokio::test]
async fn no_matching_choice_without_default_is_no_choice_matched() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "T"}]},
        "T": {"Type": "Succeed"}
    }});
    let e = run(def.clone(), json!({"a": false})).await;
    assert_eq!(failure(&e).0, "States.NoChoiceMatched");
    let e = run(def, json!({})).await;
    assert_eq!(failure(&e).0, "States.Runtime", "missing Variable");
}

#[tokio::test]
async fn wait_uses_the_sleeper_and_fail_reports_error_and_cause() {
    let def = json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 3, "Next": "W2"},
        "W2": {"Type": "Wait", "SecondsPath": "$.s", "Next": "F"},
        "F": {"Type": "Fail", "Error": "Lefi.Rejected", "Cause": "not allowed"}
    }});
    let e = run(def, json!({"s": 7})).await;
    assert_eq!(failure(&e), ("Lefi.Rejected", Some("not allowed")));
    let waits: Vec<_> = e
        .events
        .iter()
        .filter_map(|ev| match ev {
            Event::Waited { delay, .. } => Some(*delay),
            _ => None,
        })
        .collect();
    assert_eq!(waits, [secs(3.0), secs(7.0)]);
}

#[tokio::test]
async fn parallel_branches_get_the_same_input_and_results_keep_branch_order() {
    let def = one(
        json!({"Type": "Parallel", "End": true, "ResultSelector": {"both.$": "$"}, "Branches": [
            {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": arn("sleep"), "Parameters": {"ms": 30, "x.$": "$.x"}, "End": true}}},
            {"StartAt": "Fast", "States": {"Fast": {"Type": "Pass", "Parameters": {"y.$": "$.x"}, "End": true}}}
        ]}),
    );
    let e = run(def, json!({"x": 1})).await;
    assert_eq!(output(&e), &json!({"both": [{"ms": 30, "x": 1}, {"y": 1}]}));
}

// ---- Retry ----

#[tokio::test]
async fn a_lambda_error_name_is_matched_by_error_equals_and_retried_with_backoff() {
    let def = one(task(
        "fail-until-3",
        json!({"Retry": [{"ErrorEquals": ["RegistryTimeout"], "IntervalSeconds": 2, "BackoffRate": 3.0, "MaxAttempts": 2}], "End": true}),
    ));
    let e = run(def, json!({"id": 1})).await;
    assert_eq!(output(&e), &json!({"attempts": 3, "input": {"id": 1}}));
    assert_eq!(retries(&e), [(0, 1, secs(2.0)), (0, 2, secs(6.0))]);
}

#[tokio::test]
async fn retry_defaults_are_one_second_three_attempts_rate_two() {
    let def = one(task(
        "always-fail",
        json!({"Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}),
    ));
    let e = run(def, json!({})).await;
    assert_eq!(
        failure(&e),
        ("AlwaysFails", Some("this function always fails"))
    );
    assert_eq!(
        retries(&e),
        [(0, 1, secs(1.0)), (0, 2, secs(2.0)), (0, 3, secs(4.0))]
    );
    let scheduled = e
        .events
        .iter()
        .filter(|ev| matches!(ev, Event::TaskScheduled { .. }))
        .count();
    assert_eq!(scheduled, 4);
}

#[tokio::test]
async fn max_delay_seconds_caps_the_backoff_and_max_attempts_zero_never_retries() {
    let def = one(task(
        "always-fail",
        json!({"Retry": [
            {"ErrorEquals": ["Never"], "MaxAttempts": 0},
            {"ErrorEquals": ["AlwaysFails"], "IntervalSeconds": 2, "MaxAttempts": 4, "MaxDelaySeconds": 5}
        ], "End": true}),
    ));
    let e = run(def.clone(), json!({})).await;
    assert_eq!(
        retries(&e),
        [
            (1, 1, secs(2.0)),
            (1, 2, secs(4.0)),
            (1, 3, secs(5.0)),
            (1, 4, secs(5.0))
        ]
    );
    let e = run(def, json!({"errorName": "Never"})).await;
    assert_eq!(failure(&e).0, "Never");
    assert!(retries(&e).is_empty());
}

#[tokio::test]
async fn the_first_matching_retrier_decides_even_when_it_is_exhausted() {
    let def = one(task(
        "always-fail",
        json!({"Retry": [
            {"ErrorEquals": ["AlwaysFails"], "MaxAttempts": 1},
            {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}
        ], "End": true}),
    ));
    let e = run(def, json!({})).await;
    assert_eq!(retries(&e), [(0, 1, secs(1.0))]);
}

#[tokio::test]
async fn full_jitter_stays_within_the_delay_and_replays_with_the_same_seed() {
    let def = one(task(
        "always-fail",
        json!({"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 4, "MaxAttempts": 6, "MaxDelaySeconds": 20, "JitterStrategy": "FULL"}], "End": true}),
    ));
    let delays = |seed: u64| {
        let (ex, _) = executor(def.clone());
        let ex = ex.with_jitter_seed(seed);
        async move { retries(&ex.run(json!({})).await) }
    };
    let a = delays(7).await;
    assert_eq!(a.len(), 6);
    for (i, (_, _, d)) in a.iter().enumerate() {
        let cap = (4.0 * 2f64.powi(i32::try_from(i).unwrap())).min(20.0);
        assert!(*d <= secs(cap), "retry {i}: {d:?} > {cap}");
    }
    assert_eq!(a, delays(7).await, "same seed, same delays");
    assert_ne!(a, delays(8).await, "another seed, other delays");
    let distinct: std::collections::HashSet<_> = a.iter().map(|r| r.2).collect();
    assert!(distinct.len() > 1);
    // Concurrent executions (other names) under one seed do not retry in lockstep.
    let (ex, _) = executor(def.clone());
    let ex = ex.with_jitter_seed(7);
    let one = retries(&ex.run_named("fraga-1", json!({})).await);
    assert_ne!(one, retries(&ex.run_named("fraga-2", json!({})).await));
    assert_eq!(one, retries(&ex.run_named("fraga-1", json!({})).await));
}

#[tokio::test]
async fn retry_count_in_the_context_counts_the_retries_so_far() {
    let def = one(task(
        "fail-twice",
        json!({"Parameters": {"try.$": "$$.State.RetryCount"}, "Retry": [{"ErrorEquals": ["Flaky"]}], "End": true}),
    ));
    let e = run(def, json!({})).await;
    assert_eq!(output(&e), &json!({"try": 2}));
}

#[tokio::test]
async fn states_task_failed_matches_task_errors_but_not_timeouts() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": arn("sleep"), "TimeoutSeconds": 1, "End": true,
              "Retry": [{"ErrorEquals": ["States.TaskFailed"]}],
              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Failed"},
                        {"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "TimedOut"}]},
        "Failed": {"Type": "Succeed"},
        "TimedOut": {"Type": "Succeed"}
    }});
    let e = run(def.clone(), json!({"ms": 5000})).await;
    assert_eq!(output(&e)["error"]["Error"], json!("States.Timeout"));
    assert!(retries(&e).is_empty());
    assert!(e.events.contains(&Event::TaskTimedOut {
        state: "A".into(),
        resource: arn("sleep").into()
    }));
    let nameless = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": arn("nameless-fail"), "End": true,
              "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Failed"}]},
        "Failed": {"Type": "Pass", "End": true}
    }});
    let e = run(nameless, json!({})).await;
    assert_eq!(
        output(&e),
        &json!({"Error": "States.TaskFailed", "Cause": "no name"})
    );
}

#[tokio::test]
async fn the_execution_timeout_ends_the_run_timed_out() {
    let mut def = one(task("sleep", json!({"End": true})));
    def["TimeoutSeconds"] = json!(1);
    let e = run(def, json!({"ms": 5000})).await;
    assert_eq!(e.status, Status::TimedOut);
    assert_eq!(
        e.events.first(),
        Some(&Event::StateEntered { state: "S".into() })
    );
}

// ---- Catch ----

fn catcher_def() -> Value {
    json!({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": arn("always-fail"), "End": true,
                 "Retry": [{"ErrorEquals": ["RegistryTimeout"], "MaxAttempts": 2}],
                 "Catch": [
                    {"ErrorEquals": ["RegistryTimeout"], "ResultPath": "$.failure", "Next": "Timeout"},
                    {"ErrorEquals": ["NotFound", "Gone"], "ResultPath": null, "Next": "Missing"},
                    {"ErrorEquals": ["States.ALL"], "Next": "Anything"}
                 ]},
        "Timeout": {"Type": "Pass", "End": true},
        "Missing": {"Type": "Pass", "Result": "missing", "ResultPath": "$.route", "End": true},
        "Anything": {"Type": "Pass", "End": true}
    }})
}

#[tokio::test]
async fn catch_after_retries_are_exhausted_places_error_and_cause_by_result_path() {
    let e = run(catcher_def(), json!({"errorName": "RegistryTimeout"})).await;
    assert_eq!(
        output(&e),
        &json!({"errorName": "RegistryTimeout", "failure": {"Error": "RegistryTimeout", "Cause": "this function always fails"}})
    );
    assert_eq!(retries(&e).len(), 2);
    assert!(e.events.contains(&Event::Caught {
        state: "Call".into(),
        error: "RegistryTimeout".into(),
        catcher: 0,
        next: "Timeout".into()
    }));
}

#[tokio::test]
async fn catchers_match_by_name_in_order_and_states_all_catches_the_rest() {
    let e = run(catcher_def(), json!({"errorName": "Gone"})).await;
    assert_eq!(
        output(&e),
        &json!({"errorName": "Gone", "route": "missing"})
    );
    assert!(retries(&e).is_empty());
    let e = run(catcher_def(), json!({"errorName": "Other"})).await;
    assert_eq!(
        output(&e),
        &json!({"Error": "Other", "Cause": "this function always fails"})
    );
}

// ---- Map ----

#[tokio::test]
async fn map_results_keep_item_order_and_item_selector_sees_index_value_and_input() {
    let def = one(
        json!({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0, "End": true,
        "ItemSelector": {"i.$": "$$.Map.Item.Index", "ms.$": "$$.Map.Item.Value.ms", "tag.$": "$.tag"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": arn("sleep"), "End": true}}}}),
    );
    let items: Vec<Value> = [40, 5, 25, 0, 15]
        .iter()
        .map(|ms| json!({"ms": ms}))
        .collect();
    let e = run(def, json!({"items": items, "tag": "t"})).await;
    assert_eq!(
        output(&e),
        &json!([
            {"i": 0, "ms": 40, "tag": "t"}, {"i": 1, "ms": 5, "tag": "t"}, {"i": 2, "ms": 25, "tag": "t"},
            {"i": 3, "ms": 0, "tag": "t"}, {"i": 4, "ms": 15, "tag": "t"}
        ])
    );
    let started: Vec<usize> = e
        .events
        .iter()
        .filter_map(|ev| match ev {
            Event::MapIterationStarted { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(
        started,
        [0, 1, 2, 3, 4],
        "histories are grouped in item order"
    );
}

async fn peak_concurrency(max_concurrency: u64, items: usize) -> usize {
    let def = one(
        json!({"Type": "Map", "MaxConcurrency": max_concurrency, "End": true,
        "ItemProcessor": {"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": arn("sleep"), "End": true}}}}),
    );
    let (ex, fns) = executor(def);
    let e = ex.run(json!(vec![json!({"ms": 20}); items])).await;
    assert_eq!(output(&e).as_array().unwrap().len(), items);
    fns.max_in_flight.load(Ordering::SeqCst)
}

#[tokio::test]
async fn map_runs_at_most_max_concurrency_iterations_at_once() {
    assert_eq!(peak_concurrency(3, 10).await, 3);
    assert_eq!(peak_concurrency(1, 4).await, 1);
    assert_eq!(peak_concurrency(0, 10).await, 10, "0 means no limit");
}

#[tokio::test]
async fn a_failed_iteration_fails_the_map_with_its_error_unless_caught_inside() {
    let inner = |catch: bool| {
        let mut t = json!({"Type": "Task", "Resource": arn("always-fail"), "End": true});
        if catch {
            t["Catch"] =
                json!([{"ErrorEquals": ["Bad"], "ResultPath": "$.caught", "Next": "Handled"}]);
        }
        json!({"StartAt": "Pick", "States": {
            "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.errorName", "IsPresent": true, "Next": "Call"}], "Default": "Handled"},
            "Call": t,
            "Handled": {"Type": "Pass", "End": true}
        }})
    };
    let items = json!([{"v": 1}, {"errorName": "Bad"}, {"v": 3}]);
    let map = |catch: bool| {
        json!({"StartAt": "M", "States": {
            "M": {"Type": "Map", "ItemProcessor": inner(catch), "End": true,
                  "Catch": [{"ErrorEquals": ["Bad"], "ResultPath": "$.mapError", "Next": "After"}]},
            "After": {"Type": "Pass", "End": true}
        }})
    };
    let e = run(map(true), items.clone()).await;
    assert_eq!(
        output(&e),
        &json!([{"v": 1}, {"errorName": "Bad", "caught": {"Error": "Bad", "Cause": "this function always fails"}}, {"v": 3}])
    );
    let e = run(map(false), json!({"wrapped": false}).clone()).await;
    assert_eq!(failure(&e).0, "States.Runtime", "items must be an array");
    let mut uncaught = map(false);
    uncaught["States"]["M"]["ItemsPath"] = json!("$.items");
    let e = run(uncaught, json!({"items": items})).await;
    assert_eq!(
        output(&e)["mapError"],
        json!({"Error": "Bad", "Cause": "this function always fails"})
    );
    assert!(e.events.iter().any(
        |ev| matches!(ev, Event::MapIterationFailed { index: 1, error, .. } if error == "Bad")
    ));
}

#[tokio::test]
async fn nested_maps_with_retry_inside_produce_nested_results() {
    let def = one(json!({"Type": "Map", "ItemsPath": "$.groups", "End": true,
        "ItemSelector": {"g.$": "$$.Map.Item.Index", "xs.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Map", "ItemsPath": "$.xs", "MaxConcurrency": 2, "End": true,
                "ItemSelector": {"a.$": "$.g", "b.$": "$$.Map.Item.Value"},
                "ItemProcessor": {"StartAt": "Flaky", "States": {
                    "Flaky": {"Type": "Task", "Resource": arn("fail-until-3"), "Next": "Add",
                              "Retry": [{"ErrorEquals": ["RegistryTimeout"]}], "OutputPath": "$.input"},
                    "Add": {"Type": "Task", "Resource": arn("add"), "End": true}}}}}}}));
    let e = run(def, json!({"groups": [[1, 2], [3], []]})).await;
    assert_eq!(output(&e), &json!([[1, 2], [4], []]));
    assert_eq!(
        retries(&e).len(),
        6,
        "two retries for each of the three items"
    );
}

#[tokio::test]
async fn a_retried_map_reruns_all_iterations() {
    let def = one(json!({"Type": "Map", "End": true,
        "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 2}],
        "ItemProcessor": {"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": arn("fail-twice"), "End": true}}}}));
    let e = run(def, json!([1])).await;
    assert_eq!(output(&e), &json!([1]));
    assert_eq!(retries(&e).len(), 2);
}

// The payload quota (AWS: 256 KiB for a state's input and output and a task's result).

fn grow(bytes: usize, extra: Value) -> Value {
    let mut t = task("grow", extra);
    t["Parameters"] = json!({ "bytes": bytes });
    t
}

#[tokio::test]
async fn a_result_over_the_payload_quota_is_data_limit_exceeded_which_no_wildcard_catches() {
    let over = PAYLOAD_LIMIT_BYTES + 1;
    let caught_by_all = one(grow(
        over,
        json!({"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Never"}], "Next": "Never"}),
    ));
    let mut def = caught_by_all;
    def["States"]["Never"] = json!({"Type": "Succeed"});
    let e = run(def, json!({})).await;
    assert_eq!(failure(&e).0, "States.DataLimitExceeded");
    assert!(failure(&e).1.unwrap().contains("task's result"), "{e:?}");
    assert_eq!(e.peak_payload_bytes, over);

    // States.TaskFailed does not match it either; its own name does.
    let mut def = one(grow(
        over,
        json!({"Catch": [
            {"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"},
            {"ErrorEquals": ["States.DataLimitExceeded"], "ResultPath": "$.error", "Next": "Handled"}
        ], "Next": "Wrong"}),
    ));
    def["States"]["Wrong"] = json!({"Type": "Fail", "Error": "Wrong"});
    def["States"]["Handled"] = json!({"Type": "Succeed"});
    let e = run(def, json!({"kept": true})).await;
    assert_eq!(output(&e)["error"]["Error"], "States.DataLimitExceeded");
    assert_eq!(output(&e)["kept"], true);

    // Exactly at the quota is allowed.
    let e = run(
        one(grow(PAYLOAD_LIMIT_BYTES, json!({"End": true}))),
        json!({}),
    )
    .await;
    assert_eq!(
        output(&e).as_str().map(str::len),
        Some(PAYLOAD_LIMIT_BYTES - 2)
    );
    assert_eq!(e.peak_payload_bytes, PAYLOAD_LIMIT_BYTES);
}

#[tokio::test]
async fn a_state_output_over_the_quota_fails_the_state_and_its_catcher_gets_the_input_back() {
    // Each half fits; the state's output, input plus result, does not.
    let half = PAYLOAD_LIMIT_BYTES / 2 + 10;
    let mut def = one(grow(
        half,
        json!({
            "ResultPath": "$.b",
            "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "ResultPath": "$.error", "Next": "Handled"}],
            "Next": "Handled"
        }),
    ));
    def["States"]["Handled"] = json!({"Type": "Succeed"});
    let big = "y".repeat(half);
    let e = run(def, json!({ "a": big })).await;
    let out = output(&e);
    assert_eq!(out["error"]["Error"], "States.DataLimitExceeded");
    assert!(
        out["error"]["Cause"]
            .as_str()
            .unwrap()
            .contains("state's output"),
        "{out:?}"
    );
    assert_eq!(
        out["a"].as_str().map(str::len),
        Some(half),
        "the input came back"
    );
    assert!(
        out.get("b").is_none(),
        "the result that did not fit is gone"
    );
    assert!(e.peak_payload_bytes > PAYLOAD_LIMIT_BYTES);
}

#[tokio::test]
async fn without_a_payload_limit_nothing_is_measured_or_refused() {
    let (ex, _) = executor(one(grow(PAYLOAD_LIMIT_BYTES * 2, json!({"End": true}))));
    let e = ex.with_payload_limit(None).run(json!({})).await;
    assert!(matches!(e.status, Status::Succeeded(_)));
    assert_eq!(e.peak_payload_bytes, 0);
}

#[tokio::test]
async fn the_peak_payload_includes_map_iterations_and_results() {
    let def = json!({
        "StartAt": "M",
        "States": {"M": {
            "Type": "Map",
            "ItemsPath": "$.sizes",
            "ItemProcessor": {"StartAt": "G", "States": {"G": {
                "Type": "Task", "Resource": arn("grow"),
                "Parameters": {"bytes.$": "$"}, "End": true
            }}},
            "ResultPath": "$.grown",
            "End": true
        }}
    });
    let e = run(def, json!({"sizes": [1000, 3000]})).await;
    // The Map's result: two strings of 1000 and 3000 bytes, a comma and brackets.
    assert_eq!(e.peak_payload_bytes, json_size(output(&e)));
    assert!(e.peak_payload_bytes > 4000);
}
