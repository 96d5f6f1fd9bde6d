//! One way to run a step (issue 14): each step on its JSON input, exactly as Step
//! Functions hands it over. Every Lambda shell in `functions/` and the local runner
//! (`local::StepHandlers::dispatch`) call these, so a step reads its input, names its
//! errors and writes its output the same way in AWS and locally.

use lefi_registry::Registries;
use lefi_store::{Protector, Store};
use serde_json::Value;

use crate::model::{PersonnummerInput, QueryInput};
use crate::steps::{self, StepError};

/// Runs one step on its JSON input — the one way every Lambda shell and the local runner
/// run a step, so a step behaves the same in both: input that does not read as the
/// step's type is `StepInputInvalid` (the ASL's Retry/Catch match on the name), the
/// step's own errors keep their names, and the output is the step's JSON.
async fn run_json<I, O, F, Fut>(input: Value, step: F) -> Result<Value, StepError>
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
    let output = step(input).await?;
    serde_json::to_value(output).map_err(unreadable)
}

/// Validate.
pub async fn validate(input: Value) -> Result<Value, StepError> {
    run_json(
        input,
        |i: QueryInput| async move { Ok(steps::validate(&i)) },
    )
    .await
}

/// LookupPerson.
pub async fn lookup_person(registries: &dyn Registries, input: Value) -> Result<Value, StepError> {
    run_json(input, |i: PersonnummerInput| async move {
        steps::lookup_person(registries, &i.personnummer).await
    })
    .await
}

/// FetchBenefit (one Map iteration).
pub async fn fetch_benefit(registries: &dyn Registries, input: Value) -> Result<Value, StepError> {
    run_json(input, |item| async move {
        steps::fetch_benefit(registries, &item).await
    })
    .await
}

/// Compile.
pub async fn compile(input: Value) -> Result<Value, StepError> {
    run_json(input, |state| async move { steps::compile(&state) }).await
}

/// Audit.
pub async fn audit<S: Store + ?Sized>(
    store: &S,
    protector: &Protector,
    input: Value,
) -> Result<Value, StepError> {
    run_json(input, |state| async move {
        steps::audit(store, protector, &state).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

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
