//! Compile (SPEC §3 step 6): the v9 answer — history windows, S1, deviations
//! (`OBEHORIG`, `INTERNT_FEL`), per-source state and the additive fields.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_workflow::lambda::{ConfigError, Env};
use serde_json::Value;

/// The function's configuration, read once at init: none (everything is in the
/// workflow's state).
#[derive(Debug, Clone, Copy, Default)]
pub struct Config;

impl Config {
    pub fn from_env(_env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self)
    }
}

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle(event: LambdaEvent<Value>) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::compile(event.payload).await?)
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

    #[tokio::test]
    async fn a_state_without_a_valid_query_is_a_step_input_error() {
        let state = lefi_workflow::model::example_input("", &[]);
        let err = handle(LambdaEvent::new(state, Context::default()))
            .await
            .unwrap_err();
        assert_eq!(err.error_type, "StepInputInvalid");
    }
}
