//! FetchBenefit (SPEC §3 step 5): one benefit's registry — which one, the input says —
//! for every customer id of the person, merged. One function serves all 24 benefits.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_registry::Registries;
use serde_json::Value;

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle(
    registries: &dyn Registries,
    event: LambdaEvent<Value>,
) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::fetch_benefit(registries, event.payload).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;
    use lefi_registry::HttpRegistries;

    #[tokio::test]
    async fn an_unreachable_registry_fails_under_its_stable_name() {
        let registries =
            HttpRegistries::new("http://127.0.0.1:9", std::time::Duration::from_millis(200))
                .unwrap();
        let item = serde_json::json!({"benefit": "FK:SJP", "customerIds": ["F-SEED"]});
        let err = handle(&registries, LambdaEvent::new(item, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "RegistryUnavailable");
    }
}
