//! What the gateway Lambda reads from its environment, once at init (issue 14, item 4):
//! exactly the variables of its `[package.metadata.lefi] env`, which Terraform sets.
//! [`GatewayConfig`] is how the edge behaves; this is where the deployed one comes from.

use lefi_domain::opening::{OpeningHours, parse_exceptions};
use std::time::Duration;

use lefi_workflow::lambda::{
    ConfigError, Env, KeysConfig, TABLE_PREFIX_VAR, millis, optional, required,
};
use lefi_workflow::sfn::SfnConfig;

use crate::GatewayConfig;

/// `LEFI_OPENING_EXCEPTIONS`: O4's exceptions from the SLA (maintenance, extra opening),
/// one per line; empty or unset: none.
pub const OPENING_EXCEPTIONS_VAR: &str = "LEFI_OPENING_EXCEPTIONS";

/// `LEFI_PUBLIC_URL`: the partners' base URL, `https://<domain>` (the WSDL's SSEK
/// endpoint address). The gateway's own: the portal shares [`Config`] but not this.
pub const PUBLIC_URL_VAR: &str = "LEFI_PUBLIC_URL";

/// `LEFI_SHS_QUEUE_URL`: the SQS queue asynchronous SHS messages' queries go on (the
/// SHS worker drains it); unset: the reception takes only synchronous messages.
pub const SHS_QUEUE_URL_VAR: &str = "LEFI_SHS_QUEUE_URL";

/// `LEFI_QUERY_BUDGET_MS`: each query's time budget for fetching the person and the
/// benefits (SPEC §3 step 5); unset: [`crate::DEFAULT_QUERY_BUDGET`].
pub const QUERY_BUDGET_VAR: &str = "LEFI_QUERY_BUDGET_MS";

/// The budgets the edge accepts. Above the top one the registry-calling Tasks'
/// `TimeoutSeconds` (10 s, the backstop) could end a step before its own budget check
/// does; `tests/timeouts.rs` checks the two against each other.
pub const QUERY_BUDGET_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_millis(500)..=Duration::from_millis(8_000);

/// The gateway's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub table_prefix: String,
    pub keys: KeysConfig,
    pub workflow: SfnConfig,
    pub opening: OpeningHours,
    pub query_budget: Duration,
}

impl Config {
    /// # Errors
    /// The first variable that is missing or malformed, by name.
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let exceptions = optional(env, OPENING_EXCEPTIONS_VAR).unwrap_or_default();
        Ok(Self {
            table_prefix: required(env, TABLE_PREFIX_VAR)?,
            keys: KeysConfig::from_env(env)?,
            workflow: SfnConfig::from_env(env)?,
            opening: OpeningHours::new(
                parse_exceptions(&exceptions)
                    .map_err(|e| ConfigError::malformed(OPENING_EXCEPTIONS_VAR, e))?,
            ),
            query_budget: query_budget(env)?,
        })
    }

    /// How the deployed edge behaves: opening hours enforced (O4), with the SLA's
    /// exceptions.
    pub fn gateway(&self) -> GatewayConfig {
        GatewayConfig {
            opening: self.opening.clone(),
            query_budget: self.query_budget,
            ..GatewayConfig::default()
        }
    }
}

fn query_budget(env: &dyn Env) -> Result<Duration, ConfigError> {
    let budget = millis(env, QUERY_BUDGET_VAR, crate::DEFAULT_QUERY_BUDGET)?;
    if QUERY_BUDGET_RANGE.contains(&budget) {
        Ok(budget)
    } else {
        Err(ConfigError::malformed(
            QUERY_BUDGET_VAR,
            "ska vara mellan 500 och 8000 millisekunder",
        ))
    }
}

/// The SHS work queue's URL (`LEFI_SHS_QUEUE_URL`), when the stack has the worker.
pub fn shs_queue_url(env: &dyn Env) -> Option<String> {
    optional(env, SHS_QUEUE_URL_VAR)
}

/// The partners' public base URL (`LEFI_PUBLIC_URL`), without a trailing `/`.
///
/// # Errors
/// Missing, or not `https://host[:port]` (no path, query or user part).
pub fn public_url(env: &dyn Env) -> Result<String, ConfigError> {
    let url = required(env, PUBLIC_URL_VAR)?;
    let url = url.trim_end_matches('/');
    let host = url.strip_prefix("https://").unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    if !host_ok {
        return Err(ConfigError::malformed(
            PUBLIC_URL_VAR,
            "ska vara https://värd[:port] utan sökväg",
        ));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_workflow::lambda::{Recorder, declared_env};

    /// Terraform gives the function exactly its `[package.metadata.lefi] env`
    /// (infra_check.py compares the deployed environment with it): the configuration
    /// reads exactly those variables, no more, no fewer.
    #[test]
    fn config_reads_exactly_the_variables_of_its_metadata_env_list() {
        let env = Recorder::with_samples();
        let config = Config::from_env(&env).unwrap();
        assert!(config.gateway().enforce_opening_hours);
        public_url(&env).unwrap();
        assert!(shs_queue_url(&env).is_some());
        assert_eq!(env.asked(), declared_env(env!("CARGO_PKG_NAME")));
    }

    #[test]
    fn the_public_url_is_https_and_a_host_only() {
        let url = |v: &str| public_url(&Recorder::from_pairs([(PUBLIC_URL_VAR, v)]));
        assert_eq!(
            url("https://lefi.api.example.se/").unwrap(),
            "https://lefi.api.example.se"
        );
        assert_eq!(
            url("https://localhost:8443").unwrap(),
            "https://localhost:8443"
        );
        for bad in [
            "http://lefi.example.se",
            "https://",
            "https://a.se/path",
            "https://x\"@evil",
        ] {
            assert_eq!(url(bad).unwrap_err().name, PUBLIC_URL_VAR, "{bad}");
        }
    }

    #[test]
    fn o4_malformed_opening_exceptions_stop_the_init_by_name() {
        let env = Recorder::from_pairs([
            (TABLE_PREFIX_VAR, "lefi"),
            (
                "LEFI_PNR_KEYS_SECRET",
                "arn:aws:secretsmanager:eu-north-1:1:secret:k",
            ),
            (
                "LEFI_STATE_MACHINE_ARN",
                "arn:aws:states:eu-north-1:1:stateMachine:q",
            ),
            (OPENING_EXCEPTIONS_VAR, "closure tomorrow"),
        ]);
        let err = Config::from_env(&env).unwrap_err();
        assert_eq!(err.name, OPENING_EXCEPTIONS_VAR);
    }
}
