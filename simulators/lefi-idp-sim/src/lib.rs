//! The portal's identity provider, simulated (SPEC P2, C2).
//!
//! In AWS the portal logs people in through a Cognito user pool that federates Sweden
//! Connect's SAML identity provider (BankID, Freja eID, SITHS) and speaks OpenID Connect
//! to the portal. Locally and in tests, [`IdpSim`] stands in for it: a small OpenID
//! Connect provider with
//!
//! - discovery (`/.well-known/openid-configuration`) and a JWKS
//!   (`/.well-known/jwks.json`) with one RSA key made at start;
//! - `/oauth2/authorize` (authorization code flow only; `state`, `nonce` and PKCE `S256`
//!   required) showing a Swedish page to pick a test identity, which posts to `/login`;
//! - `/oauth2/token` (`client_secret_basic` or `client_secret_post`; codes single-use,
//!   60 s, bound to client, redirect URI and PKCE verifier) answering an RS256 ID token
//!   with OIDC Sweden's claims (`https://id.oidc.se/claim/personalIdentityNumber`, …);
//! - `/logout`, the `end_session_endpoint` (RP-Initiated Logout; Cognito's `logout_uri`
//!   spelling too).
//!
//! The paths are Cognito's, under the issuer's path. There is no single sign-on
//! session: every authorization shows the page, as a federation to e-legitimation does.
//! Time comes from an injected [`Clock`]. Log lines name a person by `sub`, never by
//! personnummer.

mod identities;
mod keys;
mod pages;
mod routes;

use std::collections::HashSet;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tracing::{debug, warn};
use url::Url;

pub use identities::{LOA3, OrgAffiliation, TestIdentity, test_identities};
pub use routes::{
    CLAIM_ORG_AFFILIATION, CLAIM_ORG_NAME, CLAIM_ORG_NUMBER, CLAIM_PERSONAL_IDENTITY_NUMBER,
};

/// The federated identity provider's name, as Cognito knows it (`identity_provider` on
/// the authorize URL; the Terraform default of `identity_provider_name`). Any other name
/// is refused, as Cognito refuses a provider it does not have.
pub const FEDERATION: &str = "SwedenConnect";

/// The simulator's idea of "now"; tests pass their own.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock (through `SystemTime`: no chrono `clock` feature needed).
pub fn system_clock() -> Clock {
    Arc::new(|| DateTime::<Utc>::from(std::time::SystemTime::now()))
}

/// A registered relying party (in AWS: a Cognito app client).
#[derive(Clone)]
pub struct RegisteredClient {
    pub client_id: String,
    pub client_secret: String,
    /// The service's name, shown on the identity page ("Du loggar in i …").
    pub name: String,
    /// Where codes may be sent; a request's `redirect_uri` must be one of these exactly.
    pub redirect_uris: Vec<String>,
    /// Where `/logout` may send the browser back to.
    pub post_logout_redirect_uris: Vec<String>,
}

impl std::fmt::Debug for RegisteredClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("name", &self.name)
            .field("redirect_uris", &self.redirect_uris)
            .field("post_logout_redirect_uris", &self.post_logout_redirect_uris)
            .finish()
    }
}

/// How a simulator is set up.
#[derive(Clone)]
pub struct IdpConfig {
    /// The issuer (`iss`), e.g. `https://localhost:8444`; the endpoints live under its
    /// path. No trailing slash needed (one is dropped).
    pub issuer: String,
    pub clients: Vec<RegisteredClient>,
    pub identities: Vec<TestIdentity>,
    pub clock: Clock,
    /// How long an authorization code may be exchanged (60 s).
    pub code_lifetime: Duration,
    /// How long an ID token is valid (`exp - iat`; 60 min, Cognito's default).
    pub id_token_lifetime: Duration,
    /// How long the identity page may stay open before its choice is refused (10 min).
    pub login_lifetime: Duration,
}

impl std::fmt::Debug for IdpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdpConfig")
            .field("issuer", &self.issuer)
            .field("clients", &self.clients)
            .field("identities", &self.identities.len())
            .field("code_lifetime", &self.code_lifetime)
            .field("id_token_lifetime", &self.id_token_lifetime)
            .field("login_lifetime", &self.login_lifetime)
            .finish_non_exhaustive()
    }
}

impl IdpConfig {
    /// The default test identities, the system clock and the usual lifetimes.
    pub fn new(issuer: impl Into<String>, clients: Vec<RegisteredClient>) -> Self {
        Self {
            issuer: issuer.into(),
            clients,
            identities: test_identities(),
            clock: system_clock(),
            code_lifetime: Duration::from_secs(60),
            id_token_lifetime: Duration::from_secs(3600),
            login_lifetime: Duration::from_secs(600),
        }
    }
}

/// A configuration the simulator cannot run with.
#[derive(Debug, thiserror::Error)]
pub enum IdpError {
    #[error(
        "ogiltig issuer-URL: den måste vara en absolut http- eller https-URL utan query och fragment"
    )]
    Issuer,
    #[error("klienten {client_id}: ogiltig återadress (absolut URL utan fragment krävs): {uri}")]
    RedirectUri { client_id: String, uri: String },
    #[error("klient-id {0} är registrerat två gånger")]
    DuplicateClient(String),
    #[error("testpersonen med sub {0} finns två gånger")]
    DuplicateIdentity(String),
    #[error("signeringsnyckeln kunde inte skapas")]
    Key,
}

/// The running simulator's state; cheap to clone.
#[derive(Clone, Debug)]
pub struct IdpSim {
    inner: Arc<routes::Inner>,
}

impl IdpSim {
    /// Checks the configuration and makes the signing key (RSA 2048: a fraction of a
    /// second with the workspace's dev profile, which optimises the bignum crate).
    pub fn new(config: IdpConfig) -> Result<Self, IdpError> {
        let issuer = config.issuer.trim_end_matches('/').to_owned();
        let parsed = Url::parse(&issuer).map_err(|_| IdpError::Issuer)?;
        if !matches!(parsed.scheme(), "http" | "https")
            || parsed.query().is_some()
            || parsed.fragment().is_some()
            || parsed.cannot_be_a_base()
        {
            return Err(IdpError::Issuer);
        }
        let base_path = parsed.path().trim_end_matches('/').to_owned();
        let mut ids = HashSet::new();
        for client in &config.clients {
            if !ids.insert(client.client_id.as_str()) {
                return Err(IdpError::DuplicateClient(client.client_id.clone()));
            }
            for uri in client
                .redirect_uris
                .iter()
                .chain(&client.post_logout_redirect_uris)
            {
                if !Url::parse(uri).is_ok_and(|u| u.fragment().is_none() && !u.cannot_be_a_base()) {
                    return Err(IdpError::RedirectUri {
                        client_id: client.client_id.clone(),
                        uri: uri.clone(),
                    });
                }
            }
        }
        let mut subs = HashSet::new();
        for person in &config.identities {
            if !subs.insert(person.sub.as_str()) {
                return Err(IdpError::DuplicateIdentity(person.sub.clone()));
            }
        }
        let inner = routes::Inner {
            issuer,
            base_path,
            clients: config.clients,
            identities: config.identities,
            clock: config.clock,
            code_lifetime: to_delta(config.code_lifetime),
            id_token_lifetime: to_delta(config.id_token_lifetime),
            login_lifetime: to_delta(config.login_lifetime),
            key: keys::SigningKey::generate()?,
            rng: ring::rand::SystemRandom::new(),
            logins: Mutex::default(),
            codes: Mutex::default(),
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The issuer, as the ID tokens and the discovery document carry it.
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The key id (`kid`) of the signing key.
    pub fn key_id(&self) -> &str {
        self.inner.key.kid()
    }

    /// The identities on the page.
    pub fn identities(&self) -> &[TestIdentity] {
        &self.inner.identities
    }

    /// Every endpoint, under the issuer's path.
    pub fn router(&self) -> axum::Router {
        routes::router(self.inner.clone())
    }

    /// Serves plain HTTP on `listener` until `shutdown` completes (tests, or behind a
    /// TLS front of one's own).
    pub async fn serve_http(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Serves HTTPS on `listener` with `tls` (HTTP/1.1, and HTTP/2 when its ALPN offers
    /// `h2`) until `shutdown` completes; connections already open finish on their own.
    pub async fn serve_https(
        &self,
        listener: TcpListener,
        tls: Arc<rustls::ServerConfig>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> io::Result<()> {
        let acceptor = TlsAcceptor::from(tls);
        let router = self.router();
        tokio::pin!(shutdown);
        loop {
            let (tcp, peer) = tokio::select! {
                () = &mut shutdown => return Ok(()),
                accepted = listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little, go on.
                        warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let acceptor = acceptor.clone();
            let service = TowerToHyperService::new(router.clone());
            tokio::spawn(async move {
                let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                {
                    Ok(Ok(tls)) => tls,
                    Ok(Err(e)) => {
                        debug!(%peer, error = %e, "TLS handshake refused");
                        return;
                    }
                    Err(_) => {
                        debug!(%peer, "TLS handshake timed out");
                        return;
                    }
                };
                if let Err(e) = auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await
                {
                    debug!(%peer, error = %e, "connection ended with an error");
                }
            });
        }
    }
}

/// How long a client may take over the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

fn to_delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}
