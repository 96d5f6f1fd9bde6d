//! LookupPerson (SPEC §3 steps 2–4): the person register, by the number Validate
//! accepted. Registry failures keep their stable names for the ASL's Retry.

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
    Ok(lefi_workflow::run::lookup_person(registries, metrics, event.payload).await?)
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
    async fn an_unreachable_register_fails_under_its_stable_name() {
        let registries =
            HttpRegistries::new("http://127.0.0.1:9", std::time::Duration::from_millis(200))
                .unwrap();
        let event = LambdaEvent::new(
            serde_json::json!({"personnummer": "195001019420",
                "budget": {"startedAt": chrono::Utc::now(), "ms": 3000}}),
            Context::default(),
        );
        let err = handle(&registries, &lefi_metrics::Discard, event)
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "RegistryUnavailable");
        assert!(
            !err.error_message.contains("195001019420"),
            "P5: no number in the error"
        );
    }
}
