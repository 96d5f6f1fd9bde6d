//! One way to run a step (issue 14): each step on its JSON input, exactly as Step
//! Functions hands it over. Every Lambda shell in `functions/` and the local runner
//! (`local::StepHandlers::dispatch`) call these, so a step reads its input, names its
//! errors, writes its output and logs the same way in AWS and locally.
//!
//! Logs (issue 14, item 5): each step runs in a `step` span carrying the step's name and
//! the query's correlation id (every step's input carries `correlationId`: the ASL passes
//! it to LookupPerson and to each Map iteration) and, for FetchBenefit, the benefit code;
//! a registry or store failure is one WARN line inside that span. Never a personnummer:
//! only names, codes and the errors' fixed texts are logged.

use chrono::{DateTime, Utc};
use lefi_metrics::{Event, Metric, Metrics};
use lefi_registry::Registries;
use lefi_store::{Protector, Store};
use serde_json::Value;
use tracing::Instrument;

use crate::budget::Deadline;
use crate::model::{FetchItem, PersonnummerInput, QueryInput};
use crate::steps::{self, StepError};

/// The span a step runs in: its name, the query's correlation id and (FetchBenefit) the
/// benefit code, read from the raw input so that even an input that does not read is
/// logged under its query. A correlation id is the edge's request id, never personal data.
fn step_span(step: &'static str, input: &Value) -> tracing::Span {
    let text = |key: &str| {
        input
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    // Only a catalogue code is logged as the benefit: the field comes from our own ASL,
    // but a log line must not carry whatever a malformed input put there.
    let benefit = input
        .get("benefit")
        .and_then(|b| serde_json::from_value::<lefi_domain::Benefit>(b.clone()).ok())
        .map(|b| b.code())
        .unwrap_or_default();
    tracing::info_span!("step", step, correlation_id = %text("correlationId"), benefit)
}

/// Logs how a step ended, once: a registry or store failure at WARN (the ASL retries or
/// catches it; the benefit code and correlation id are the span's), an unreadable input
/// at ERROR, success at INFO.
fn log_end(result: &Result<Value, StepError>) {
    match result {
        Ok(_) => tracing::info!("step done"),
        Err(e @ StepError::Registry(_)) => {
            tracing::warn!(error = e.error_type(), message = %e, "registry failed")
        }
        Err(e @ StepError::Audit(_)) => {
            tracing::warn!(error = e.error_type(), message = %e, "store failed")
        }
        Err(e @ StepError::Budget) => {
            tracing::warn!(error = e.error_type(), message = %e, "budget exhausted")
        }
        // A bug between the ASL and the code, never the caller's doing.
        Err(e) => tracing::error!(error = e.error_type(), message = %e, "step input unreadable"),
    }
}

/// Runs one step on its JSON input — the one way every Lambda shell and the local runner
/// run a step, so a step behaves the same in both: input that does not read as the
/// step's type is `StepInputInvalid` (the ASL's Retry/Catch match on the name), the
/// step's own errors keep their names, and the output is the step's JSON.
async fn run_json<I, O, F, Fut>(
    step: &'static str,
    input: Value,
    run: F,
) -> Result<Value, StepError>
where
    I: serde::de::DeserializeOwned,
    O: serde::Serialize,
    F: FnOnce(I) -> Fut,
    Fut: std::future::Future<Output = Result<O, StepError>>,
{
    let span = step_span(step, &input);
    async move {
        let result = parse_run_write(input, run).await;
        log_end(&result);
        result
    }
    .instrument(span)
    .await
}

async fn parse_run_write<I, O, F, Fut>(input: Value, run: F) -> Result<Value, StepError>
where
    I: serde::de::DeserializeOwned,
    O: serde::Serialize,
    F: FnOnce(I) -> Fut,
    Fut: std::future::Future<Output = Result<O, StepError>>,
{
    // serde's message may quote the input (a personnummer): only where it broke.
    let unreadable = |e: serde_json::Error| {
        StepError::Input(format!(
            "{:?} på rad {}, kolumn {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    };
    let input: I = serde_json::from_value(input).map_err(unreadable)?;
    let output = run(input).await?;
    serde_json::to_value(output).map_err(unreadable)
}

/// The clock the registry-calling steps read their budget against (the workflow's core
/// does without chrono's `clock`).
fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

/// Validate.
pub async fn validate(input: Value) -> Result<Value, StepError> {
    run_json("validate", input, |i: QueryInput| async move {
        Ok(steps::validate(&i))
    })
    .await
}

/// LookupPerson.
pub async fn lookup_person(
    registries: &dyn Registries,
    metrics: &dyn Metrics,
    input: Value,
) -> Result<Value, StepError> {
    run_json("lookup_person", input, |i: PersonnummerInput| async move {
        let deadline = Deadline::of(&i.budget, now());
        let result = steps::lookup_person(registries, &i.personnummer, &deadline).await;
        metrics.record(&registry_call("person", &result));
        result
    })
    .await
}

/// FetchBenefit (one Map iteration).
pub async fn fetch_benefit(
    registries: &dyn Registries,
    metrics: &dyn Metrics,
    input: Value,
) -> Result<Value, StepError> {
    run_json("fetch_benefit", input, |item: FetchItem| async move {
        let deadline = Deadline::of(&item.budget, now());
        let result = steps::fetch_benefit(registries, &item, &deadline).await;
        metrics.record(&registry_call(item.benefit.code(), &result));
        result
    })
    .await
}

/// One registry call's metrics (issue 17, item 7), under the registry's name (`person`
/// or a benefit code): a call, and whether it failed after its tries — a failure, and
/// also `BudgetExhausted` when the budget ran out on it.
fn registry_call<T>(registry: &'static str, result: &Result<T, StepError>) -> Event {
    let (failed, budget) = match result {
        Ok(_) => (false, false),
        Err(StepError::Budget) => (true, true),
        Err(_) => (true, false),
    };
    Event::new()
        .dimension(lefi_metrics::REGISTRY, registry)
        .count(Metric::RegistryCalls, true)
        .count(Metric::RegistryFailures, failed)
        .count(Metric::BudgetExhausted, budget)
}

/// Compile.
pub async fn compile(input: Value) -> Result<Value, StepError> {
    run_json("compile_answer", input, |state| async move {
        steps::compile(&state)
    })
    .await
}

/// Audit.
pub async fn audit<S: Store + ?Sized>(
    store: &S,
    protector: &Protector,
    input: Value,
) -> Result<Value, StepError> {
    run_json("audit", input, |state| async move {
        steps::audit(store, protector, &state).await
    })
    .await
}

/// The metrics' catalogue as Terraform's alarms and dashboard and `infra_check.py` read
/// it (`infra/metrics.json`): the namespace, each metric's unit and dimension sets, and
/// every value the `Registry` dimension can take — the person register and each benefit's.
pub fn metrics_catalogue() -> Value {
    use lefi_metrics::Metric;
    let metrics: serde_json::Map<String, Value> = Metric::ALL
        .iter()
        .map(|m| {
            let spec = serde_json::json!({"unit": m.unit(), "dimensionSets": m.dimension_sets()});
            (m.name().to_owned(), spec)
        })
        .collect();
    let registries: Vec<&str> = std::iter::once("person")
        .chain(lefi_domain::Benefit::ALL.iter().map(|b| b.code()))
        .collect();
    serde_json::json!({
        "namespace": lefi_metrics::NAMESPACE,
        "metrics": metrics,
        "registries": registries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Terraform alarms on these names and dimensions: an alarm on a metric or a
    /// dimension set the code does not write would never fire, and AWS accepts it. So the
    /// file Terraform reads is the code's catalogue (`LEFI_BLESS=1` rewrites it).
    #[test]
    fn item7_infra_metrics_json_is_the_codes_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../infra/metrics.json");
        let want = serde_json::to_string_pretty(&metrics_catalogue()).unwrap() + "\n";
        if std::env::var_os("LEFI_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "infra/metrics.json is not the code's catalogue; run LEFI_BLESS=1 cargo test -p lefi-workflow item7"
        );
    }

    /// The log lines written while `f` runs, as JSON (Lambda's `AWS_LAMBDA_LOG_FORMAT=JSON`).
    async fn logged<F: std::future::Future<Output = ()>>(f: F) -> Vec<Value> {
        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish();
        // A current-thread test runtime: the guard covers every await of `f`.
        let _guard = tracing::subscriber::set_default(subscriber);
        f.await;
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn p5_a_failed_registry_is_one_warn_line_with_benefit_and_correlation_id_and_no_number() {
        let registries = lefi_registry::HttpRegistries::new(
            "http://127.0.0.1:9",
            std::time::Duration::from_millis(200),
        )
        .unwrap();
        let lines = logged(async {
            let budget = serde_json::json!({"startedAt": now(), "ms": 3000});
            let item = serde_json::json!({"benefit": "FK:SJP", "correlationId": "q-42",
                "customerIds": ["F-1"], "budget": budget});
            let err = fetch_benefit(&registries, &lefi_metrics::Discard, item)
                .await
                .unwrap_err();
            assert_eq!(err.error_type(), "RegistryUnavailable");
            let input = serde_json::json!({"personnummer": "195001019420", "correlationId": "q-42",
                "budget": budget});
            lookup_person(&registries, &lefi_metrics::Discard, input)
                .await
                .unwrap_err();
        })
        .await;
        let warns: Vec<&Value> = lines.iter().filter(|l| l["level"] == "WARN").collect();
        assert_eq!(warns.len(), 2, "{lines:#?}");
        assert_eq!(warns[0]["span"]["step"], "fetch_benefit");
        assert_eq!(warns[0]["span"]["benefit"], "FK:SJP");
        assert_eq!(warns[0]["span"]["correlation_id"], "q-42");
        assert_eq!(warns[0]["fields"]["error"], "RegistryUnavailable");
        assert_eq!(warns[1]["span"]["step"], "lookup_person");
        assert_eq!(warns[1]["span"]["correlation_id"], "q-42");
        let text = serde_json::to_string(&lines).unwrap();
        assert!(
            !text.contains("195001019420") && !text.contains("F-1"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn p5_a_step_that_succeeds_logs_under_its_query_at_info() {
        let lines = logged(async {
            let input = crate::model::example_input("195001019420", &["FK:SJP"]);
            validate(input).await.unwrap();
        })
        .await;
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert_eq!(lines[0]["level"], "INFO");
        assert_eq!(lines[0]["span"]["step"], "validate");
        assert_eq!(lines[0]["span"]["correlation_id"], "c-1");
        assert!(
            !serde_json::to_string(&lines)
                .unwrap()
                .contains("195001019420")
        );
    }

    #[tokio::test]
    async fn a_step_input_that_does_not_read_is_step_input_invalid_without_its_values() {
        let err = validate(serde_json::json!({"personnummer": "195001019420"}))
            .await
            .unwrap_err();
        assert_eq!(err.error_type(), "StepInputInvalid");
        assert!(!err.to_string().contains("195001019420"), "{err}");
        let err = compile(serde_json::json!("195001019420"))
            .await
            .unwrap_err();
        assert_eq!(err.error_type(), "StepInputInvalid");
        assert!(!err.to_string().contains("195001019420"), "{err}");
    }
}
