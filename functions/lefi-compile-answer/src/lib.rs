//! Compile (SPEC §3 step 6): the v9 answer — history windows, S1, deviations
//! (`OBEHORIG`, `INTERNT_FEL`), per-source state and the additive fields.

use lambda_runtime::{Diagnostic, LambdaEvent};
use serde_json::Value;

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle(event: LambdaEvent<Value>) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::compile(event.payload).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    #[tokio::test]
    async fn a_state_without_a_valid_query_is_a_step_input_error() {
        let state = lefi_workflow::model::example_input("", &[]);
        let err = handle(LambdaEvent::new(state, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "StepInputInvalid");
    }
}
