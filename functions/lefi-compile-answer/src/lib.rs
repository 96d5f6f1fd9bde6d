//! Compile (SPEC §3 step 6): the v9 answer — history windows, S1, deviations
//! (`OBEHORIG`, `INTERNT_FEL`), per-source state and the additive fields.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_workflow::model::{Compiled, State};
use lefi_workflow::steps;

pub async fn handle(event: LambdaEvent<State>) -> Result<Compiled, Diagnostic> {
    Ok(steps::compile(&event.payload)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    #[tokio::test]
    async fn a_state_without_a_valid_query_is_a_step_input_error() {
        let state: State =
            serde_json::from_value(lefi_workflow::model::example_input("", &[])).unwrap();
        let err = handle(LambdaEvent::new(state, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "StepInputInvalid");
    }
}
