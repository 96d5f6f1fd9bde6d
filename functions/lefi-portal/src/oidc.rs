//! The portal as an OpenID Connect relying party (P2, C2): authorization code flow with
//! PKCE (S256), state and nonce; the ID token's signature, issuer, audience, expiry and
//! nonce verified by the `openidconnect` crate. In AWS the provider is a Cognito user
//! pool that federates Sweden Connect's SAML e-legitimation; locally `lefi-idp-sim`.
//!
//! The provider's discovery document and keys are fetched on the first login (not at
//! init: a cold start does not wait for them) and kept.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use lefi_gateway::Clock;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest,
    HttpResponse, IdTokenFields, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, StandardErrorResponse, StandardTokenResponse, TokenResponse as _,
};
use serde::{Deserialize, Serialize};

/// The personal identity number, under the name OIDC Sweden's attribute specification
/// gives it (what `lefi-idp-sim` and Sweden Connect's OIDC providers send) or as
/// Cognito's custom attribute mapped from the SAML attribute (infra: `custom:personnummer`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SwedishClaims {
    #[serde(
        rename = "https://id.oidc.se/claim/personalIdentityNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    oidc_se: Option<String>,
    #[serde(
        rename = "custom:personnummer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    cognito: Option<String>,
}
impl AdditionalClaims for SwedishClaims {}

type Fields = IdTokenFields<
    SwedishClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type PortalClient = Client<
    SwedishClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a login did not complete. The texts are for logs and never hold a token, a code
/// or a personnummer.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("identitetsleverantören kan inte nås eller svarar fel: {0}")]
    Provider(String),
    #[error("inloggningen svarar inte mot den som påbörjades (state)")]
    StateMismatch,
    #[error("inloggningen påbörjades för länge sedan")]
    Stale,
    #[error("koden kunde inte lösas in: {0}")]
    Exchange(String),
    #[error("ID-token godtogs inte: {0}")]
    IdToken(String),
    #[error("ID-token saknar personnummer")]
    NoPersonnummer,
    #[error("inloggningen har för låg tillitsnivå: {0}")]
    AssuranceTooLow(String),
}

/// The levels of assurance (Sweden Connect's `acr` URIs) a login must have: tillitsnivå
/// 3 or 4, or the eIDAS levels substantial and high (a foreign eID). An ID token without
/// `acr` is accepted: Cognito does not pass the SAML assertion's `AuthnContextClassRef`,
/// and the federation's entity category in the service's registered metadata
/// (`loa3-pnr`) is then what keeps lower levels out (docs/infra.md).
pub const ACCEPTED_ASSURANCE: [&str; 6] = [
    "http://id.elegnamnden.se/loa/1.0/loa3",
    "http://id.elegnamnden.se/loa/1.0/loa4",
    "http://id.elegnamnden.se/loa/1.0/eidas-sub",
    "http://id.elegnamnden.se/loa/1.0/eidas-nf-sub",
    "http://id.elegnamnden.se/loa/1.0/eidas-high",
    "http://id.elegnamnden.se/loa/1.0/eidas-nf-high",
];

/// Whether a login's `acr` is good enough (see [`ACCEPTED_ASSURANCE`]).
pub fn assurance_is_enough(acr: Option<&str>) -> bool {
    acr.is_none_or(|acr| ACCEPTED_ASSURANCE.contains(&acr))
}

/// How long a started login may take to come back.
pub const LOGIN_TIMEOUT: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// What the portal keeps between sending the browser to the provider and its return:
/// sealed in a cookie (`crate::web::LOGIN_COOKIE`), never in the URL.
#[derive(Debug, Serialize, Deserialize)]
pub struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    started: DateTime<Utc>,
}

/// A person the provider vouched for. Its `Debug` hides the number.
pub struct Identity {
    /// As the provider sent it (12 digits); the caller parses it (V1).
    pub personnummer: String,
    pub name: String,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").finish_non_exhaustive()
    }
}

/// The relying party.
pub struct Oidc {
    issuer: String,
    client_id: String,
    client_secret: String,
    redirect: String,
    /// Cognito's `identity_provider`: straight to the federation's SAML IdP instead of
    /// Cognito's own page of providers.
    identity_provider: Option<String>,
    /// The provider's logout endpoint (Cognito's `/logout`, which its discovery document
    /// does not name), so that "Logga ut" also ends the login there.
    logout_endpoint: Option<String>,
    csp: String,
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
    provider: tokio::sync::OnceCell<PortalClient>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// `roots`: the authorities the provider's certificate may chain to (AWS's in AWS,
    /// the development CA locally); TLS is rustls on ring, redirects never followed.
    ///
    /// # Errors
    /// The TLS client cannot be built.
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        redirect: &str,
        roots: rustls::RootCertStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, LoginError> {
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| LoginError::Provider(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .map_err(|e| LoginError::Provider(e.to_string()))?;
        Ok(Self {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            redirect: redirect.to_owned(),
            identity_provider: None,
            logout_endpoint: None,
            csp: crate::web::csp(None),
            http,
            clock,
            provider: tokio::sync::OnceCell::new(),
        })
    }

    /// Asks the provider for this identity provider (`identity_provider` on the
    /// authorize URL; Cognito's name of the federated SAML IdP).
    #[must_use]
    pub fn with_identity_provider(mut self, name: Option<String>) -> Self {
        self.identity_provider = name;
        self
    }

    /// Ends the provider's login too at "Logga ut" (Cognito's `/logout`).
    #[must_use]
    pub fn with_logout_endpoint(mut self, url: Option<String>) -> Self {
        let origin = url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| u.origin().ascii_serialization());
        self.csp = crate::web::csp(origin.as_deref());
        self.logout_endpoint = url;
        self
    }

    /// Where to send the browser at "Logga ut" so that the provider's login ends too and
    /// the browser comes back to `back` (Cognito's `client_id` and `logout_uri`); `None`
    /// without a logout endpoint.
    pub fn logout_url(&self, back: &str) -> Option<String> {
        let endpoint = self.logout_endpoint.as_deref()?;
        let mut url = url::Url::parse(endpoint).ok()?;
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("logout_uri", back);
        Some(url.into())
    }

    /// The pages' Content-Security-Policy: forms may also lead to the logout endpoint.
    pub fn csp(&self) -> &str {
        &self.csp
    }

    async fn client(&self) -> Result<&PortalClient, LoginError> {
        self.provider
            .get_or_try_init(|| async {
                let issuer = IssuerUrl::new(self.issuer.clone())
                    .map_err(|e| LoginError::Provider(e.to_string()))?;
                let http = self.http_client();
                let metadata = CoreProviderMetadata::discover_async(issuer, &http)
                    .await
                    .map_err(|e| LoginError::Provider(error_chain(&e)))?;
                let redirect = RedirectUrl::new(self.redirect.clone())
                    .map_err(|e| LoginError::Provider(e.to_string()))?;
                Ok(Client::from_provider_metadata(
                    metadata,
                    ClientId::new(self.client_id.clone()),
                    Some(ClientSecret::new(self.client_secret.clone())),
                )
                .set_redirect_uri(redirect))
            })
            .await
    }

    /// The URL to send the browser to, and what to keep until it returns.
    pub async fn start(&self) -> Result<(String, Pending), LoginError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge);
        if let Some(name) = &self.identity_provider {
            request = request.add_extra_param("identity_provider", name.clone());
        }
        let (url, state, nonce) = request.url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            started: self.clock.now(),
        };
        Ok((url.to_string(), pending))
    }

    /// The browser came back with `code` and `state`: checks the state, redeems the code
    /// (with the PKCE verifier and the client secret), verifies the ID token.
    pub async fn finish(
        &self,
        pending: Pending,
        code: &str,
        state: &str,
    ) -> Result<Identity, LoginError> {
        if !constant_time_eq(state.as_bytes(), pending.state.as_bytes()) {
            return Err(LoginError::StateMismatch);
        }
        let now = self.clock.now();
        if now - pending.started > LOGIN_TIMEOUT {
            return Err(LoginError::Stale);
        }
        let client = self.client().await?;
        let http = self.http_client();
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| LoginError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&http)
            .await
            .map_err(|e| LoginError::Exchange(error_chain(&e)))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| LoginError::IdToken("svaret saknar ID-token".into()))?;
        let clock = self.clock.clone();
        let verifier = client.id_token_verifier().set_time_fn(move || clock.now());
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| LoginError::IdToken(e.to_string()))?;
        let acr = claims.auth_context_ref().map(|a| a.as_str());
        if !assurance_is_enough(acr) {
            return Err(LoginError::AssuranceTooLow(
                acr.unwrap_or_default().to_owned(),
            ));
        }
        let swedish = claims.additional_claims();
        let personnummer = swedish
            .oidc_se
            .clone()
            .or_else(|| swedish.cognito.clone())
            .ok_or(LoginError::NoPersonnummer)?;
        let localized = |c: Option<&openidconnect::LocalizedClaim<_>>| {
            c.and_then(|c| c.get(None))
                .map(|n: &openidconnect::EndUserName| n.to_string())
        };
        let given = claims
            .given_name()
            .and_then(|c| c.get(None))
            .map(|n| n.to_string());
        let family = claims
            .family_name()
            .and_then(|c| c.get(None))
            .map(|n| n.to_string());
        let name = localized(claims.name())
            .or_else(|| match (given, family) {
                (Some(g), Some(f)) => Some(format!("{g} {f}")),
                (g, f) => g.or(f),
            })
            .unwrap_or_default();
        Ok(Identity { personnummer, name })
    }

    fn http_client(
        &self,
    ) -> impl Fn(
        HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<HttpResponse, HttpError>> + Send>,
    > + use<> {
        let http = self.http.clone();
        move |request: HttpRequest| {
            let http = http.clone();
            Box::pin(async move {
                let (parts, body) = request.into_parts();
                let response = http
                    .request(parts.method, parts.uri.to_string())
                    .headers(parts.headers)
                    .body(body)
                    .send()
                    .await?;
                let mut builder =
                    openidconnect::http::Response::builder().status(response.status());
                for (name, value) in response.headers() {
                    builder = builder.header(name, value);
                }
                Ok(builder.body(response.bytes().await?.to_vec())?)
            })
        }
    }
}

/// The authorities of a PEM bundle, for [`Oidc::new`]: AWS's roots in AWS, the
/// development CA locally.
///
/// # Errors
/// A certificate of the bundle does not read.
pub fn roots(pem: &str) -> Result<rustls::RootCertStore, LoginError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let cert = cert.map_err(|e| LoginError::Provider(e.to_string()))?;
        roots
            .add(cert)
            .map_err(|e| LoginError::Provider(e.to_string()))?;
    }
    Ok(roots)
}

/// The HTTP client's errors, for the `openidconnect` crate.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error(transparent)]
    Reqwest(#[from] reqwest::Error),
    #[error(transparent)]
    Http(#[from] openidconnect::http::Error),
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Equal without telling by its timing where the first difference is.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p2_a_login_below_tillitsniva_3_is_refused_and_one_without_acr_is_left_to_the_federation() {
        assert!(assurance_is_enough(Some(
            "http://id.elegnamnden.se/loa/1.0/loa3"
        )));
        assert!(assurance_is_enough(Some(
            "http://id.elegnamnden.se/loa/1.0/eidas-high"
        )));
        for low in [
            "http://id.elegnamnden.se/loa/1.0/loa2",
            "http://id.swedenconnect.se/loa/1.0/uncertified-loa3",
            "http://id.elegnamnden.se/loa/1.0/eidas-low",
            "",
        ] {
            assert!(!assurance_is_enough(Some(low)), "{low}");
        }
        assert!(assurance_is_enough(None), "Cognito passes no acr");
    }
}
