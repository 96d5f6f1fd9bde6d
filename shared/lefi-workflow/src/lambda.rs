//! What the Lambda shells in `functions/` share: the `Diagnostic` that carries a step's
//! stable error name to Step Functions (`errorType`, matched by `ErrorEquals`), and the
//! configuration they read once at start. The AWS SDK parts (its configuration, the keys
//! from Secrets Manager) are behind the `aws` feature: only audit and the gateway hold
//! the keys, so the other steps link no AWS SDK at all.

use std::time::Duration;

use lambda_runtime::Diagnostic;
use lefi_registry::{HttpRegistries, RegistryTrust};
#[cfg(feature = "aws")]
use lefi_store::Protector;

use crate::steps::StepError;

impl From<StepError> for Diagnostic {
    fn from(e: StepError) -> Self {
        Diagnostic {
            error_type: e.error_type().to_owned(),
            error_message: e.to_string(),
        }
    }
}

/// JSON logs for CloudWatch; level from `RUST_LOG` (default `info`). Steps log names,
/// outcomes and correlation ids — never a personnummer.
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_current_span(false)
        .without_time()
        .init();
}

/// The SDK configuration (region, credentials, `AWS_ENDPOINT_URL`), loaded once at start
/// and shared by every client of the function: each load reads the environment and the
/// profile files again, time a cold start does not have.
#[cfg(feature = "aws")]
pub async fn aws_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await
}

/// A configuration value that is missing or wrong.
#[derive(Debug, thiserror::Error)]
#[error("konfigurationen {name} saknas eller är fel: {why}")]
pub struct ConfigError {
    pub name: &'static str,
    pub why: String,
}

fn var(name: &'static str) -> Result<String, ConfigError> {
    std::env::var(name).map_err(|e| ConfigError {
        name,
        why: e.to_string(),
    })
}

/// Where [`registries_from_env`] reads the registries' CA certificates (PEM), when they
/// have a private CA: then only those are trusted for the registries.
pub const REGISTRY_CA_VAR: &str = "LEFI_REGISTRY_CA_PEM";

/// Each registry call's timeout unless `LEFI_REGISTRY_TIMEOUT_MS` says otherwise: the
/// innermost of the timeouts, below the step function's own (lefi-gateway's
/// `tests/timeouts.rs` checks the chain).
pub const DEFAULT_REGISTRY_TIMEOUT: Duration = Duration::from_millis(3_000);

/// The registries at `LEFI_REGISTRY_URL`, each call bounded by `LEFI_REGISTRY_TIMEOUT_MS`
/// (default [`DEFAULT_REGISTRY_TIMEOUT`], below the step function's own timeout so the
/// step can name the error). An `https://` URL is trusted by the CA certificates in `LEFI_REGISTRY_CA_PEM`
/// when it is set and not empty, by the system's roots otherwise.
pub fn registries_from_env() -> Result<HttpRegistries, ConfigError> {
    let url = var("LEFI_REGISTRY_URL")?;
    let timeout =
        match std::env::var("LEFI_REGISTRY_TIMEOUT_MS") {
            Ok(ms) => Duration::from_millis(ms.parse().map_err(|e: std::num::ParseIntError| {
                ConfigError {
                    name: "LEFI_REGISTRY_TIMEOUT_MS",
                    why: e.to_string(),
                }
            })?),
            Err(_) => DEFAULT_REGISTRY_TIMEOUT,
        };
    let trust = match std::env::var(REGISTRY_CA_VAR) {
        Ok(pem) if !pem.trim().is_empty() => {
            RegistryTrust::from_pem(&pem).map_err(|e| ConfigError {
                name: REGISTRY_CA_VAR,
                why: e.to_string(),
            })?
        }
        _ => RegistryTrust::System,
    };
    HttpRegistries::with_trust(&url, timeout, &trust).map_err(|e| ConfigError {
        name: "LEFI_REGISTRY_URL",
        why: e.to_string(),
    })
}

/// The personnummer keys. In AWS from the Secrets Manager secret that
/// `LEFI_PNR_KEYS_SECRET` names (see [`protector_from_secret`]), read once at start, so
/// the keys are in neither the function's configuration nor Terraform's variables; for
/// local runs from `LEFI_PNR_MAC_KEY` and `LEFI_PNR_SEAL_KEY` (64 hex digits each).
#[cfg(feature = "aws")]
pub async fn protector_from_env(config: &aws_config::SdkConfig) -> Result<Protector, ConfigError> {
    if let Ok(secret) = std::env::var(KEYS_SECRET) {
        return protector_from_secret(&aws_sdk_secretsmanager::Client::new(config), &secret).await;
    }
    Protector::from_hex(&var("LEFI_PNR_MAC_KEY")?, &var("LEFI_PNR_SEAL_KEY")?).map_err(|e| {
        ConfigError {
            name: "LEFI_PNR_MAC_KEY/LEFI_PNR_SEAL_KEY",
            why: e.to_string(),
        }
    })
}

#[cfg(feature = "aws")]
const KEYS_SECRET: &str = "LEFI_PNR_KEYS_SECRET";

/// The secret's current value: JSON `{"mac_key": "<64 hex>", "seal_key": "<64 hex>"}`.
/// Errors name what is wrong, never the value (serde's messages may quote it).
#[cfg(feature = "aws")]
pub async fn protector_from_secret(
    client: &aws_sdk_secretsmanager::Client,
    secret_id: &str,
) -> Result<Protector, ConfigError> {
    let fail = |why: String| ConfigError {
        name: KEYS_SECRET,
        why,
    };
    let value = client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|e| {
            fail(format!(
                "hemligheten kan inte läsas: {}",
                aws_sdk_secretsmanager::error::DisplayErrorContext(e)
            ))
        })?;
    let text = value
        .secret_string()
        .ok_or_else(|| fail("hemligheten har inget textvärde".into()))?;
    #[derive(serde::Deserialize)]
    struct Keys {
        mac_key: String,
        seal_key: String,
    }
    let keys: Keys = serde_json::from_str(text)
        .map_err(|_| fail("hemligheten ska vara JSON med mac_key och seal_key".into()))?;
    Protector::from_hex(&keys.mac_key, &keys.seal_key).map_err(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_registry::RegistryError;

    #[test]
    fn a_step_error_reaches_step_functions_under_its_stable_name() {
        let d: Diagnostic = StepError::Registry(RegistryError::Timeout).into();
        assert_eq!(d.error_type, "RegistryTimeout");
        let d: Diagnostic = StepError::Input("x".into()).into();
        assert_eq!(d.error_type, "StepInputInvalid");
    }
}
