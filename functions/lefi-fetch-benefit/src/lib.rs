//! FetchBenefit (SPEC §3 step 5): one benefit's registry — which one, the input says —
//! for every customer id of the person, merged. One function serves all 24 benefits.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_registry::Registries;
use lefi_workflow::model::{FetchItem, Fetched};
use lefi_workflow::steps;

pub async fn handle(
    registries: &dyn Registries,
    event: LambdaEvent<FetchItem>,
) -> Result<Fetched, Diagnostic> {
    Ok(steps::fetch_benefit(registries, &event.payload).await?)
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
        let item: FetchItem = serde_json::from_value(
            serde_json::json!({"benefit": "FK:SJP", "customerIds": ["F-SEED"]}),
        )
        .unwrap();
        let err = handle(&registries, LambdaEvent::new(item, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "RegistryUnavailable");
    }
}
