//! What the Lambda shells in `functions/` share: the `Diagnostic` that carries a step's
//! stable error name to Step Functions (`errorType`, matched by `ErrorEquals`), the
//! logging set-up, and the pieces of configuration they read once at init (issue 14,
//! item 4): each function has one typed `Config` built from these through an [`Env`],
//! whose error names the missing or malformed variable, and whose variables are exactly
//! its `[package.metadata.lefi] env` list (each function's test, with [`Recorder`] and
//! [`declared_env`], which reads it from `infra/functions.json`).
//!
//! The AWS SDK parts (the SDK configuration from Lambda's own variables, the keys from
//! Secrets Manager) are behind the `aws` feature: only audit and the gateway hold the
//! keys, so the other steps link no AWS SDK at all.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::Duration;

use lambda_runtime::Diagnostic;
use lefi_registry::{HttpRegistries, RegistryTrust};
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

/// Logs as `lambda_runtime` sets them up: the format from `AWS_LAMBDA_LOG_FORMAT` (JSON
/// for CloudWatch's structured logs, text otherwise) and the level from
/// `AWS_LAMBDA_LOG_LEVEL`, else `RUST_LOG`, else INFO — Lambda's advanced logging
/// controls. Steps log names, outcomes and correlation ids (see [`crate::run`]) — never a
/// personnummer.
pub fn init_tracing() {
    lambda_runtime::tracing::init_default_subscriber();
}

/// Where a function's configuration is read: the process environment in Lambda
/// ([`ProcessEnv`]), a map in tests ([`Recorder`]).
pub trait Env {
    fn var(&self, name: &'static str) -> Option<String>;
}

/// The process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &'static str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A configuration value that is missing or wrong. The message names the variable,
/// never its value (a key or a certificate may be in it).
#[derive(Debug, thiserror::Error)]
#[error("konfigurationen {name} saknas eller är fel: {why}")]
pub struct ConfigError {
    pub name: &'static str,
    pub why: String,
}

impl ConfigError {
    pub fn missing(name: &'static str) -> Self {
        Self {
            name,
            why: "variabeln saknas eller är tom".into(),
        }
    }

    pub fn malformed(name: &'static str, why: impl std::fmt::Display) -> Self {
        Self {
            name,
            why: why.to_string(),
        }
    }
}

/// A variable that may be unset. Empty counts as unset: Terraform sets every variable of
/// a function's list, an unused one to "".
pub fn optional(env: &dyn Env, name: &'static str) -> Option<String> {
    env.var(name).filter(|v| !v.trim().is_empty())
}

/// A variable that must be set, and not empty.
pub fn required(env: &dyn Env, name: &'static str) -> Result<String, ConfigError> {
    optional(env, name).ok_or_else(|| ConfigError::missing(name))
}

/// A duration in whole milliseconds, `default` when unset.
pub fn millis(
    env: &dyn Env,
    name: &'static str,
    default: Duration,
) -> Result<Duration, ConfigError> {
    match optional(env, name) {
        None => Ok(default),
        Some(ms) => ms
            .trim()
            .parse()
            .map(Duration::from_millis)
            .map_err(|_| ConfigError::malformed(name, "ska vara ett heltal millisekunder")),
    }
}

/// An [`Env`] for tests: answers from a map and records every name asked for, so a test
/// can compare what a `Config` reads with what Terraform sets (the function's
/// `[package.metadata.lefi] env`).
#[derive(Debug, Default)]
pub struct Recorder {
    values: BTreeMap<String, String>,
    asked: Mutex<BTreeSet<String>>,
}

impl Recorder {
    /// A well-formed value for every variable a function of this repository may read.
    pub fn with_samples() -> Self {
        let samples = [
            (REGISTRY_URL_VAR, "https://registry.example.se"),
            (REGISTRY_TIMEOUT_VAR, "3000"),
            (REGISTRY_CA_VAR, ""),
            (TABLE_PREFIX_VAR, "lefi"),
            (
                KEYS_SECRET_VAR,
                "arn:aws:secretsmanager:eu-north-1:123456789012:secret:lefi-pnr-keys",
            ),
            (
                "LEFI_STATE_MACHINE_ARN",
                "arn:aws:states:eu-north-1:123456789012:stateMachine:lefi-query",
            ),
            ("LEFI_WORKFLOW_TIMEOUT_MS", "24000"),
            ("LEFI_QUERY_BUDGET_MS", "3000"),
            ("LEFI_OPENING_EXCEPTIONS", ""),
            ("LEFI_PUBLIC_URL", "https://lefi.api.example.se"),
            (
                "LEFI_SHS_QUEUE_URL",
                "https://sqs.eu-north-1.amazonaws.com/123456789012/lefi-shs-work",
            ),
            ("LEFI_SHS_MAX_RECEIVES", "5"),
            ("LEFI_PORTAL_URL", "https://portal.lefi.example.se"),
            (
                "LEFI_OIDC_ISSUER",
                "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_Example",
            ),
            ("LEFI_OIDC_CLIENT_ID", "lefi-portal"),
            (
                "LEFI_OIDC_CLIENT_SECRET",
                "arn:aws:secretsmanager:eu-north-1:123456789012:secret:lefi-portal-client",
            ),
        ];
        Self::from_pairs(samples)
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            asked: Mutex::default(),
        }
    }

    /// Every name asked for so far.
    pub fn asked(&self) -> BTreeSet<String> {
        self.asked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl Env for Recorder {
    fn var(&self, name: &'static str) -> Option<String> {
        self.asked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name.to_owned());
        self.values.get(name).cloned()
    }
}

/// The environment Terraform gives the function of this crate: its `env` in
/// `infra/functions.json` (which `scripts/functions` writes from the crate's
/// `[package.metadata.lefi]`, and the test command keeps current). Empty for a crate the
/// list does not have.
pub fn declared_env(crate_name: &str) -> BTreeSet<String> {
    let list: serde_json::Value =
        serde_json::from_str(include_str!("../../../infra/functions.json")).unwrap_or_default();
    list["functions"]
        .as_object()
        .into_iter()
        .flat_map(|functions| functions.values())
        .filter(|f| f["crate"] == crate_name)
        .flat_map(|f| f["env"].as_array().cloned().unwrap_or_default())
        .filter_map(|name| name.as_str().map(str::to_owned))
        .collect()
}

/// `LEFI_REGISTRY_URL`: the registries' base URL.
pub const REGISTRY_URL_VAR: &str = "LEFI_REGISTRY_URL";
/// `LEFI_REGISTRY_TIMEOUT_MS`: each registry call's timeout.
pub const REGISTRY_TIMEOUT_VAR: &str = "LEFI_REGISTRY_TIMEOUT_MS";
/// The registries' CA certificates (PEM), when they have a private CA: then only those
/// are trusted for the registries.
pub const REGISTRY_CA_VAR: &str = "LEFI_REGISTRY_CA_PEM";

/// Each registry call's timeout unless `LEFI_REGISTRY_TIMEOUT_MS` says otherwise: the
/// innermost of the timeouts, below the step function's own (lefi-gateway's
/// `tests/timeouts.rs` checks the chain).
pub const DEFAULT_REGISTRY_TIMEOUT: Duration = Duration::from_millis(3_000);

/// How the registry-calling steps reach the registries: `LEFI_REGISTRY_URL`, each call
/// bounded by `LEFI_REGISTRY_TIMEOUT_MS` (default [`DEFAULT_REGISTRY_TIMEOUT`], below the
/// step function's own timeout so the step can name the error). An `https://` URL is
/// trusted by the CA certificates in `LEFI_REGISTRY_CA_PEM` when it is set and not
/// empty, by the system's roots otherwise.
#[derive(Debug, Clone)]
pub struct RegistryConfig {
    pub url: String,
    pub timeout: Duration,
    pub trust: RegistryTrust,
}

impl RegistryConfig {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let url = required(env, REGISTRY_URL_VAR)?;
        let timeout = millis(env, REGISTRY_TIMEOUT_VAR, DEFAULT_REGISTRY_TIMEOUT)?;
        let trust = match optional(env, REGISTRY_CA_VAR) {
            Some(pem) => RegistryTrust::from_pem(&pem)
                .map_err(|e| ConfigError::malformed(REGISTRY_CA_VAR, e))?,
            None => RegistryTrust::System,
        };
        Ok(Self {
            url,
            timeout,
            trust,
        })
    }

    /// The registries' HTTP(S) client.
    pub fn connect(&self) -> Result<HttpRegistries, ConfigError> {
        HttpRegistries::with_trust(&self.url, self.timeout, &self.trust)
            .map_err(|e| ConfigError::malformed(REGISTRY_URL_VAR, e))
    }
}

/// `LEFI_TABLE_PREFIX`: the store's tables are `<prefix>-<name>`.
pub const TABLE_PREFIX_VAR: &str = "LEFI_TABLE_PREFIX";

/// `LEFI_PNR_KEYS_SECRET`: where the personnummer keys are (see [`KeysConfig`]).
pub const KEYS_SECRET_VAR: &str = "LEFI_PNR_KEYS_SECRET";

/// Where the personnummer keys come from: `LEFI_PNR_KEYS_SECRET`, the Secrets Manager
/// secret's ARN or name (what Terraform sets), read once at init, so the keys are in
/// neither the function's configuration nor Terraform's variables. For running a Lambda
/// binary outside AWS (the cold-start benchmark) the value may instead be
/// `hex:<mac key>:<seal key>` (64 hex digits each): no Secrets Manager call.
#[derive(Clone)]
pub enum KeysConfig {
    Secret(String),
    Hex { mac: String, seal: String },
}

impl std::fmt::Debug for KeysConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Secret(id) => f.debug_tuple("Secret").field(id).finish(),
            Self::Hex { .. } => f.write_str("Hex(..)"),
        }
    }
}

impl KeysConfig {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let value = required(env, KEYS_SECRET_VAR)?;
        match value.strip_prefix("hex:") {
            None => Ok(Self::Secret(value)),
            Some(keys) => {
                let (mac, seal) = keys.split_once(':').ok_or_else(|| {
                    ConfigError::malformed(KEYS_SECRET_VAR, "hex: ska följas av två nycklar")
                })?;
                let (mac, seal) = (mac.to_owned(), seal.to_owned());
                // Checked now, so a wrong key stops the init, not the first query.
                Protector::from_hex(&mac, &seal)
                    .map_err(|e| ConfigError::malformed(KEYS_SECRET_VAR, e))?;
                Ok(Self::Hex { mac, seal })
            }
        }
    }

    /// The keys: from the secret (one Secrets Manager call) or from the value itself.
    #[cfg(feature = "aws")]
    pub async fn protector(&self, aws: &aws_types::SdkConfig) -> Result<Protector, ConfigError> {
        match self {
            Self::Secret(id) => {
                protector_from_secret(&aws_sdk_secretsmanager::Client::new(aws), id).await
            }
            Self::Hex { mac, seal } => Protector::from_hex(mac, seal)
                .map_err(|e| ConfigError::malformed(KEYS_SECRET_VAR, e)),
        }
    }
}

/// The variables Lambda itself sets that [`LambdaAws`] reads (not the function's own
/// configuration: Terraform cannot set them, AWS does).
#[cfg(feature = "aws")]
pub const LAMBDA_AWS_VARS: [&str; 5] = [
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
];

/// The SDK's configuration straight from the variables Lambda sets — region and the
/// execution role's credentials — without the default provider chain: no profile files,
/// no IMDS or container endpoint probing, nothing a cold start waits for (issue 14).
/// `AWS_ENDPOINT_URL` is still honoured, for moto and LocalStack.
#[cfg(feature = "aws")]
#[derive(Clone)]
pub struct LambdaAws {
    region: String,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    endpoint_url: Option<String>,
}

#[cfg(feature = "aws")]
impl std::fmt::Debug for LambdaAws {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LambdaAws")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "aws")]
impl LambdaAws {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let [region, key, secret, token, endpoint] = LAMBDA_AWS_VARS;
        Ok(Self {
            region: required(env, region)?,
            access_key_id: required(env, key)?,
            secret_access_key: required(env, secret)?,
            session_token: optional(env, token),
            endpoint_url: optional(env, endpoint),
        })
    }

    /// One configuration, and one HTTPS client, for every client of the function; the
    /// clients add their own defaults (retries, timeouts, sleep) from the behaviour version.
    pub fn sdk_config(&self) -> aws_types::SdkConfig {
        use aws_sdk_secretsmanager::config::{Credentials, SharedCredentialsProvider};
        let credentials = Credentials::new(
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            None,
            "lambda-environment",
        );
        let mut builder = aws_types::SdkConfig::builder()
            .behavior_version(aws_sdk_secretsmanager::config::BehaviorVersion::latest())
            .region(aws_types::region::Region::new(self.region.clone()))
            .credentials_provider(SharedCredentialsProvider::new(credentials))
            .http_client(https_client(self.endpoint_url.is_some()));
        if let Some(url) = &self.endpoint_url {
            builder = builder.endpoint_url(url);
        }
        builder.build()
    }
}

/// The roots AWS's endpoints chain to, compiled in (see the file's head).
#[cfg(feature = "aws")]
pub const AWS_ROOTS_PEM: &str = include_str!("aws-roots.pem");

/// The SDK's HTTPS client: rustls on ring (the crypto every function already links),
/// trusting [`AWS_ROOTS_PEM`]. The SDK's default reads the system's certificate files at
/// start — ~8 ms of a cold start (issue 14) — to reach endpoints that all chain to these
/// five. An endpoint override (LocalStack, a VPC endpoint with its own CA) may not, so
/// there the system's roots are trusted too.
#[cfg(feature = "aws")]
pub fn https_client(
    endpoint_override: bool,
) -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
    let trust = TrustStore::empty()
        .with_native_roots(endpoint_override)
        .with_pem_certificate(AWS_ROOTS_PEM.as_bytes());
    let context = TlsContext::builder()
        .with_trust_store(trust)
        .build()
        .expect("a trust store without names always builds");
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .tls_context(context)
        .build_https()
}

/// The secret's current value: JSON `{"mac_key": "<64 hex>", "seal_key": "<64 hex>"}`.
/// Errors name what is wrong, never the value (serde's messages may quote it).
#[cfg(feature = "aws")]
pub async fn protector_from_secret(
    client: &aws_sdk_secretsmanager::Client,
    secret_id: &str,
) -> Result<Protector, ConfigError> {
    let fail = |why: String| ConfigError::malformed(KEYS_SECRET_VAR, why);
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

    #[test]
    fn a_missing_or_malformed_variable_is_named_and_its_value_is_not() {
        let err = RegistryConfig::from_env(&Recorder::default()).unwrap_err();
        assert_eq!(err.name, REGISTRY_URL_VAR);
        assert!(err.to_string().contains(REGISTRY_URL_VAR), "{err}");

        let env = Recorder::from_pairs([
            (REGISTRY_URL_VAR, "https://r.example"),
            (REGISTRY_TIMEOUT_VAR, "3 s"),
        ]);
        let err = RegistryConfig::from_env(&env).unwrap_err();
        assert_eq!(err.name, REGISTRY_TIMEOUT_VAR);

        let secret = "hex:00:11";
        let err =
            KeysConfig::from_env(&Recorder::from_pairs([(KEYS_SECRET_VAR, secret)])).unwrap_err();
        assert_eq!(err.name, KEYS_SECRET_VAR);
        assert!(!format!("{err} {err:?}").contains("00:11"), "{err}");
    }

    #[test]
    fn empty_is_unset_and_defaults_apply() {
        let env = Recorder::from_pairs([
            (REGISTRY_URL_VAR, "http://127.0.0.1:9"),
            (REGISTRY_TIMEOUT_VAR, ""),
            (REGISTRY_CA_VAR, " "),
        ]);
        let config = RegistryConfig::from_env(&env).unwrap();
        assert_eq!(config.timeout, DEFAULT_REGISTRY_TIMEOUT);
        assert!(matches!(config.trust, RegistryTrust::System));
        assert!(required(&env, REGISTRY_TIMEOUT_VAR).is_err());
    }

    #[test]
    fn hex_keys_are_read_without_secrets_manager_and_never_printed() {
        let (mac, seal) = ("11".repeat(32), "22".repeat(32));
        let value = format!("hex:{mac}:{seal}");
        let keys =
            KeysConfig::from_env(&Recorder::from_pairs([(KEYS_SECRET_VAR, &*value)])).unwrap();
        assert!(matches!(keys, KeysConfig::Hex { .. }));
        assert!(!format!("{keys:?}").contains(&mac));
        let arn = "arn:aws:secretsmanager:eu-north-1:1:secret:k";
        let keys = KeysConfig::from_env(&Recorder::from_pairs([(KEYS_SECRET_VAR, arn)])).unwrap();
        assert!(matches!(keys, KeysConfig::Secret(ref id) if id == arn));
    }

    #[test]
    fn declared_env_is_the_crates_env_in_the_list_of_functions() {
        assert_eq!(
            declared_env("lefi-audit"),
            BTreeSet::from([
                "LEFI_PNR_KEYS_SECRET".to_owned(),
                "LEFI_TABLE_PREFIX".to_owned()
            ])
        );
        assert!(declared_env("lefi-compile-answer").is_empty());
        assert!(declared_env("lefi-no-such-function").is_empty());
    }
}
