//! Validate (SPEC §3 step 1): V1–V9 with the agreement's exceptions, then P1 and P3.
//! Invalid and unauthorised queries are verdicts, so they too reach Audit (P5).

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_workflow::model::{QueryInput, Validation};
use lefi_workflow::steps;

pub async fn handle(event: LambdaEvent<QueryInput>) -> Result<Validation, Diagnostic> {
    Ok(steps::validate(&event.payload))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    #[tokio::test]
    async fn v9_an_invalid_query_is_a_verdict_not_an_error() {
        // The workflow's own example input (the shape Step Functions delivers).
        let input: QueryInput = serde_json::from_value(lefi_workflow::model::example_input(
            "19500101942X",
            &["FK:SJP"],
        ))
        .unwrap();
        let verdict = handle(LambdaEvent::new(input, Context::default()))
            .await
            .unwrap();
        assert!(
            matches!(verdict, Validation::Invalid { ref violations } if violations[0].code == "PNR_FORMAT")
        );
    }
}
