//! FetchBenefit (SPEC §3 step 5): one benefit's registry — which one, the input says —
//! for every customer id of the person, merged. One function serves all 24 benefits.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_metrics::Metrics;
use lefi_registry::Registries;
use lefi_workflow::lambda::{ConfigError, Env, RegistryConfig};
use serde_json::Value;

/// The function's configuration, read once at init: the registries.
#[derive(Debug, Clone)]
pub struct Config {
    pub registries: RegistryConfig,
}

impl Config {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self {
            registries: RegistryConfig::from_env(env)?,
        })
    }
}

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle(
    registries: &dyn Registries,
    metrics: &dyn Metrics,
    event: LambdaEvent<Value>,
) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::fetch_benefit(registries, metrics, event.payload).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    /// Terraform gives the function exactly its `[package.metadata.lefi] env`
    /// (infra_check.py compares the deployed environment with it): the configuration
    /// reads exactly those variables, no more, no fewer.
    #[test]
    fn config_reads_exactly_the_variables_of_its_metadata_env_list() {
        let env = lefi_workflow::lambda::Recorder::with_samples();
        Config::from_env(&env).unwrap();
        assert_eq!(
            env.asked(),
            lefi_workflow::lambda::declared_env(env!("CARGO_PKG_NAME"))
        );
    }
    use lefi_registry::HttpRegistries;

    #[tokio::test]
    async fn an_unreachable_registry_fails_under_its_stable_name_and_is_counted() {
        let registries =
            HttpRegistries::new("http://127.0.0.1:9", std::time::Duration::from_millis(200))
                .unwrap();
        let item = serde_json::json!({"benefit": "FK:SJP", "customerIds": ["F-SEED"],
            "budget": {"startedAt": chrono::Utc::now(), "ms": 3000}});
        let metrics = lefi_metrics::Tally::new();
        let err = handle(
            &registries,
            &metrics,
            LambdaEvent::new(item, Context::default()),
        )
        .await
        .unwrap_err();
        assert_eq!(err.error_type, "RegistryUnavailable");
        // Issue 17 item 7: the failure rate's numerator and denominator, by registry.
        let sjp = [(lefi_metrics::REGISTRY, "FK:SJP")];
        assert_eq!(metrics.sum(lefi_metrics::Metric::RegistryCalls, &sjp), 1.0);
        assert_eq!(
            metrics.sum(lefi_metrics::Metric::RegistryFailures, &sjp),
            1.0
        );
        assert_eq!(
            metrics.sum(lefi_metrics::Metric::BudgetExhausted, &sjp),
            0.0
        );
    }
}
