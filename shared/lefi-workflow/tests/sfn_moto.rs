//! `SfnWorkflow` against a Step Functions API: the moto server `scripts/test` starts
//! (wrapped by `scripts/lib/moto_serial.py`, which runs StartSyncExecution as
//! StartExecution + polling), or LocalStack, wherever `lefi_test_aws` finds one. moto
//! interprets definitions but cannot run our Lambdas, so the state machines here are
//! Pass and Fail states that give what the real one gives: a `WorkflowOutput`, or
//! `AuditFailed`. Without an endpoint these tests are skipped locally, loudly, and fail
//! in CI, where they must run.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use aws_sdk_sfn::types::StateMachineType;
use lefi_workflow::model::example_input;
use lefi_workflow::sfn::client;
use lefi_workflow::{QueryInput, QueryOutcome, RunError, SfnWorkflow, Workflow};
use serde_json::json;

const PNR: &str = "195001019420";

async fn sfn(case: &str) -> Option<aws_sdk_sfn::Client> {
    let aws = lefi_test_aws::aws(&format!("sfn_moto::{case}")).await?;
    aws.execute_state_machines().await;
    Some(client(&aws.config))
}

/// A state machine of its own for each test, named after the test and this process.
async fn machine(
    client: &aws_sdk_sfn::Client,
    case: &str,
    definition: serde_json::Value,
) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    client
        .create_state_machine()
        .name(format!("t{}-{nanos}-{case}", std::process::id()))
        .r#type(StateMachineType::Express)
        .role_arn("arn:aws:iam::123456789012:role/lefi-workflow-test")
        .definition(definition.to_string())
        .send()
        .await
        .unwrap()
        .state_machine_arn
}

fn query(correlation_id: &str) -> QueryInput {
    let mut input: QueryInput = serde_json::from_value(example_input(PNR, &["FK:SJP"])).unwrap();
    input.correlation_id = correlation_id.into();
    input
}

/// Like the real workflow's last state: the output is built from the input.
fn answering() -> serde_json::Value {
    json!({
        "StartAt": "Answer",
        "States": {
            "Answer": {
                "Type": "Pass",
                "Parameters": {
                    "correlationId.$": "$.correlationId",
                    "outcome": "ANSWERED",
                    "answer": {"formansinformation": {}, "utlamnare": [{"tillstand": {"kod": "OK"}}]}
                },
                "End": true
            }
        }
    })
}

#[tokio::test]
async fn a_succeeded_execution_is_the_workflow_output() {
    let Some(client) = sfn("succeeded").await else {
        return;
    };
    let arn = machine(&client, "succeeded", answering()).await;
    let workflow = SfnWorkflow::new(client.clone(), &arn);
    let out = workflow.run(&query("q-sfn-ok")).await.unwrap();
    assert_eq!(out.correlation_id, "q-sfn-ok");
    assert_eq!(out.outcome, QueryOutcome::Answered);
    assert_eq!(
        serde_json::to_value(out.answer.unwrap()).unwrap()["utlamnare"][0]["tillstand"]["kod"],
        "OK"
    );
    // The correlation id named the execution.
    let executions = client
        .list_executions()
        .state_machine_arn(&arn)
        .send()
        .await
        .unwrap();
    assert!(
        executions
            .executions()
            .iter()
            .any(|e| e.name() == "q-sfn-ok"),
        "{executions:?}"
    );
}

#[tokio::test]
async fn a_correlation_id_that_is_no_execution_name_still_runs() {
    let Some(client) = sfn("unnamed").await else {
        return;
    };
    let arn = machine(&client, "unnamed", answering()).await;
    let id = "partner id: with spaces/and slashes";
    let out = SfnWorkflow::new(client, arn).run(&query(id)).await.unwrap();
    assert_eq!(out.correlation_id, id);
}

#[tokio::test]
async fn p5_audit_failed_keeps_its_name_and_no_output() {
    let Some(client) = sfn("auditfailed").await else {
        return;
    };
    let arn = machine(
        &client,
        "auditfailed",
        json!({
            "StartAt": "AuditFailed",
            "States": {
                "AuditFailed": {
                    "Type": "Fail",
                    "Error": "AuditFailed",
                    "Cause": "Granskningsloggen kunde inte skrivas; inga personuppgifter lämnas ut (P5)."
                }
            }
        }),
    )
    .await;
    let err = SfnWorkflow::new(client, arn)
        .run(&query("q-sfn-audit"))
        .await
        .unwrap_err();
    match err {
        RunError::Failed { error, cause } => {
            assert_eq!(error, "AuditFailed");
            assert!(cause.unwrap().contains("P5"));
        }
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn a_timed_out_execution_is_timed_out() {
    let Some(client) = sfn("timedout").await else {
        return;
    };
    let arn = machine(
        &client,
        "timedout",
        json!({"StartAt": "Wait", "TimeoutSeconds": 1, "States": {"Wait": {"Type": "Wait", "Seconds": 3, "End": true}}}),
    )
    .await;
    let err = SfnWorkflow::new(client, arn)
        .run(&query("q-sfn-slow"))
        .await
        .unwrap_err();
    assert_eq!(err, RunError::TimedOut);
}

#[tokio::test]
async fn output_that_is_no_workflow_output_is_an_output_error_without_person_data() {
    let Some(client) = sfn("badoutput").await else {
        return;
    };
    // Echoes the input (which holds the personnummer) instead of answering.
    let arn = machine(
        &client,
        "badoutput",
        json!({"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"outcome.$": "$.query.personnummer"}, "End": true}}}),
    )
    .await;
    let err = SfnWorkflow::new(client, arn)
        .run(&query("q-sfn-bad"))
        .await
        .unwrap_err();
    assert!(matches!(err, RunError::Output(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(PNR), "{err:?}");
}

#[tokio::test]
async fn an_unknown_state_machine_is_unavailable_in_swedish() {
    let Some(client) = sfn("unknown").await else {
        return;
    };
    let arn = "arn:aws:states:eu-north-1:123456789012:stateMachine:lefi-does-not-exist";
    let err = SfnWorkflow::new(client, arn)
        .run(&query("q-sfn-none"))
        .await
        .unwrap_err();
    assert!(matches!(err, RunError::Unavailable(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(text.contains("arbetsflödet kunde inte startas"), "{text}");
    assert!(!text.contains(PNR), "{text}");
}

#[test]
fn the_config_names_a_missing_state_machine_arn() {
    let err = lefi_workflow::sfn::SfnConfig::from_env(&lefi_workflow::lambda::Recorder::default())
        .unwrap_err();
    assert_eq!(err.name, "LEFI_STATE_MACHINE_ARN");
}
