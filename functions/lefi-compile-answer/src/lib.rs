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
        let state: State = serde_json::from_value(serde_json::json!({
            "correlationId": "c-1", "receivedAt": "2026-11-26T10:00:00Z", "partner": "kommun-1",
            "caller": "cert", "channel": "system/v9-json",
            "query": {"personnummer": "", "from": "", "to": "", "benefits": []},
            "agreement": {"id": "kommun-1", "organisation": "2120000142", "name": "K", "kind": "kommun",
                "benefits": ["FK:SJP"], "channels": ["system"],
                "limits": {"per_second": 1, "burst": 1, "per_day": 10}, "pricing": {"kind": "free"},
                "valid_from": "2024-01-01"}
        }))
        .unwrap();
        let err = handle(LambdaEvent::new(state, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "StepInputInvalid");
    }
}
