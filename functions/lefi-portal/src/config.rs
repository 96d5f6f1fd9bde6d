//! What the portal Lambda reads from its environment, once at init: exactly the
//! variables of its `[package.metadata.lefi] env` — the edge's own (store, keys,
//! workflow, opening hours) and the login's.

use lefi_workflow::lambda::{ConfigError, Env, optional, required};

/// `LEFI_PORTAL_URL`: the portal's public base URL; the login returns to
/// `<url>/inloggning/klar`.
pub const PORTAL_URL_VAR: &str = "LEFI_PORTAL_URL";
/// `LEFI_OIDC_ISSUER`: the OpenID provider (the Cognito user pool that federates
/// e-legitimation).
pub const OIDC_ISSUER_VAR: &str = "LEFI_OIDC_ISSUER";
/// `LEFI_OIDC_CLIENT_ID`: the portal's client id at the provider.
pub const OIDC_CLIENT_ID_VAR: &str = "LEFI_OIDC_CLIENT_ID";
/// `LEFI_OIDC_CLIENT_SECRET`: the Secrets Manager secret (ARN or name) whose string is
/// the client secret; or, outside AWS, `text:<secret>`.
pub const OIDC_CLIENT_SECRET_VAR: &str = "LEFI_OIDC_CLIENT_SECRET";

/// `LEFI_OIDC_IDENTITY_PROVIDER` (optional): the provider's name of the e-legitimation
/// federation (Cognito's SAML identity provider), sent as `identity_provider` so that the
/// browser goes straight to it.
pub const OIDC_IDENTITY_PROVIDER_VAR: &str = "LEFI_OIDC_IDENTITY_PROVIDER";
/// `LEFI_OIDC_LOGOUT_URL` (optional): the provider's logout endpoint (Cognito's
/// `https://<login domain>/logout`); "Logga ut" ends the login there too.
pub const OIDC_LOGOUT_URL_VAR: &str = "LEFI_OIDC_LOGOUT_URL";

/// The portal's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The edge's part: store, keys, workflow, opening hours.
    pub edge: lefi_gateway::Config,
    pub portal_url: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretConfig,
    pub identity_provider: Option<String>,
    pub logout_url: Option<String>,
}

/// Where the client secret is.
#[derive(Clone)]
pub enum SecretConfig {
    /// A Secrets Manager secret, read once at init.
    Secret(String),
    /// The value itself (local runs, benchmarks).
    Text(String),
}

impl std::fmt::Debug for SecretConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Secret(id) => f.debug_tuple("Secret").field(id).finish(),
            Self::Text(_) => f.write_str("Text(..)"),
        }
    }
}

impl Config {
    /// # Errors
    /// The first variable that is missing or malformed, by name.
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let portal_url = required(env, PORTAL_URL_VAR)?
            .trim_end_matches('/')
            .to_owned();
        if !portal_url.starts_with("https://") {
            return Err(ConfigError::malformed(
                PORTAL_URL_VAR,
                "ska börja med https://",
            ));
        }
        let issuer = required(env, OIDC_ISSUER_VAR)?;
        if !issuer.starts_with("https://") {
            return Err(ConfigError::malformed(
                OIDC_ISSUER_VAR,
                "ska börja med https://",
            ));
        }
        let secret = required(env, OIDC_CLIENT_SECRET_VAR)?;
        let logout_url = optional(env, OIDC_LOGOUT_URL_VAR);
        if logout_url
            .as_ref()
            .is_some_and(|u| !u.starts_with("https://"))
        {
            return Err(ConfigError::malformed(
                OIDC_LOGOUT_URL_VAR,
                "ska börja med https://",
            ));
        }
        Ok(Self {
            edge: lefi_gateway::Config::from_env(env)?,
            portal_url,
            issuer,
            client_id: required(env, OIDC_CLIENT_ID_VAR)?,
            client_secret: match secret.strip_prefix("text:") {
                Some(text) => SecretConfig::Text(text.to_owned()),
                None => SecretConfig::Secret(secret),
            },
            identity_provider: optional(env, OIDC_IDENTITY_PROVIDER_VAR),
            logout_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_workflow::lambda::{Recorder, declared_env};

    #[test]
    fn config_reads_exactly_the_variables_of_its_metadata_env_list() {
        let env = Recorder::with_samples();
        let config = Config::from_env(&env).unwrap();
        assert!(matches!(config.client_secret, SecretConfig::Secret(_)));
        assert_eq!(env.asked(), declared_env(env!("CARGO_PKG_NAME")));
    }

    #[test]
    fn a_portal_url_without_https_stops_the_init_by_name_and_not_by_value() {
        let env = Recorder::from_pairs([(PORTAL_URL_VAR, "http://portal.example.se")]);
        let err = Config::from_env(&env).unwrap_err();
        assert_eq!(err.name, PORTAL_URL_VAR);
        assert!(!err.to_string().contains("portal.example.se"));
    }
}
