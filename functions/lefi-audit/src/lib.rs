//! Audit (SPEC §3 step 7, P4, P5): the append-only audit record and the usage count.
//! If either cannot be written the step fails (`AuditFailed`) and no data leaves.

use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_store::{Protector, Store};
use lefi_workflow::lambda::{ConfigError, Env, KeysConfig, TABLE_PREFIX_VAR, required};
use serde_json::Value;

/// The function's configuration, read once at init: the store's tables and where the
/// personnummer keys are.
#[derive(Debug, Clone)]
pub struct Config {
    pub table_prefix: String,
    pub keys: KeysConfig,
}

impl Config {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self {
            table_prefix: required(env, TABLE_PREFIX_VAR)?,
            keys: KeysConfig::from_env(env)?,
        })
    }
}

/// The step on its JSON input, as `lefi_workflow::run` runs it locally too.
pub async fn handle<S: Store + ?Sized>(
    store: &S,
    protector: &Protector,
    event: LambdaEvent<Value>,
) -> Result<Value, Diagnostic> {
    Ok(lefi_workflow::run::audit(store, protector, event.payload).await?)
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
    use lefi_store::{AuditLog, EmbeddedStore};
    use lefi_workflow::model::{State, WorkflowOutput};

    fn event(state: &State) -> LambdaEvent<Value> {
        LambdaEvent::new(serde_json::to_value(state).unwrap(), Context::default())
    }

    #[tokio::test]
    async fn p5_an_invalid_query_is_audited_and_a_forged_id_fails_closed() {
        let mut input = lefi_workflow::model::example_input("x", &[]);
        input["validation"] = serde_json::json!({"verdict": "INVALID", "violations": [{"code": "PNR_FORMAT", "field": "personnummer"}]});
        let state: State = serde_json::from_value(input).unwrap();
        let store = EmbeddedStore::new();
        let protector = Protector::development();
        let out: WorkflowOutput =
            serde_json::from_value(handle(&store, &protector, event(&state)).await.unwrap())
                .unwrap();
        assert_eq!(out.violations.len(), 1);
        assert!(store.get("c-1").await.unwrap().is_some());
        // The same id with other content: the audit cannot be written, the step fails.
        let mut other = state;
        other.input.caller = "someone-else".into();
        let err = handle(&store, &protector, event(&other)).await.unwrap_err();
        assert_eq!(err.error_type, "AuditFailed");
    }
}
