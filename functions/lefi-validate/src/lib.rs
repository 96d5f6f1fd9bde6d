//! Validate (SPEC §3 step 1): V1–V9 with the agreement's exceptions, then P1 and P3.
//! Invalid and unauthorised queries are verdicts, so they too reach Audit (P5).

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_workflow::lambda::{ConfigError, Env};
use serde_json::Value;

/// The function's configuration, read once at init: none (the agreement comes with the
/// query).
#[derive(Debug, Clone, Copy, Default)]
pub struct Config;

impl Config {
    pub fn from_env(_env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self)
    }
}

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle(event: LambdaEvent<Value>) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::validate(event.payload).await?)
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
    use lefi_workflow::model::Validation;

    #[tokio::test]
    async fn v9_an_invalid_query_is_a_verdict_not_an_error() {
        // The workflow's own example input (the shape Step Functions delivers).
        let input = lefi_workflow::model::example_input("19500101942X", &["FK:SJP"]);
        let verdict: Validation = serde_json::from_value(
            handle(LambdaEvent::new(input, Context::default()))
                .await
                .unwrap(),
        )
        .unwrap();
        assert!(
            matches!(verdict, Validation::Invalid { ref violations } if violations[0].code == "PNR_FORMAT")
        );
    }

    /// Issue 14: the same bad input gives the same error name through the Lambda shell
    /// and through the local runner's dispatch (the ASL's Retry/Catch match on it).
    #[tokio::test]
    async fn a_bad_input_has_the_same_name_in_the_lambda_shell_and_the_local_runner() {
        use std::sync::Arc;
        let bad = serde_json::json!({"correlationId": 7, "query": "195001019420"});
        let shell = handle(LambdaEvent::new(bad.clone(), Context::default()))
            .await
            .unwrap_err();
        let registries = Arc::new(
            lefi_registry::HttpRegistries::new(
                "http://127.0.0.1:9",
                std::time::Duration::from_millis(100),
            )
            .unwrap(),
        );
        let steps = lefi_workflow::local::StepHandlers::new(
            registries,
            Arc::new(lefi_store::EmbeddedStore::new()),
            lefi_store::Protector::development(),
        );
        let local = steps.dispatch("validate", bad).await.unwrap_err();
        assert_eq!(shell.error_type, "StepInputInvalid");
        assert_eq!(local.error, shell.error_type);
        assert_eq!(local.cause, shell.error_message);
        assert!(!shell.error_message.contains("195001019420"));
    }
}
