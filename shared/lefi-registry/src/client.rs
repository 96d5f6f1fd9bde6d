//! The registries over HTTP (the simulators' API, `docs/simulators.md`). Each call has
//! its own timeout; every failure becomes a [`RegistryError`] with a stable name, and
//! nothing of the request (number, customer id) appears in an error or a log line.
//!
//! HTTPS is rustls with the ring provider, in a configuration built here (no process-wide
//! default provider is installed or needed). Which certificate authorities a registry's
//! server certificate may chain to is [`RegistryTrust`]: the system's roots, or only the
//! CAs the deployment names (`LEFI_REGISTRY_CA_PEM`), as registries on an internal
//! network often have a private CA.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lefi_contract::v9::Uppgifter;
use lefi_domain::{Benefit, Personnummer};
use reqwest::StatusCode;
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use serde::de::DeserializeOwned;

use crate::api::{ErrorBody, FetchRequest, PersonAnswer, PersonRequest};
use crate::{Registries, RegistryError};

/// Which certificate authorities the registries' server certificates may chain to.
#[derive(Clone, PartialEq, Eq)]
pub enum RegistryTrust {
    /// The system's root certificates (Amazon Linux's bundle in Lambda): registries with
    /// a certificate from a public CA, such as the simulator's function URL.
    System,
    /// Only these CAs, no public one: a registry on an internal network with a private
    /// CA, which no public CA can then impersonate.
    Only(Vec<CertificateDer<'static>>),
}

impl std::fmt::Debug for RegistryTrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::System => f.write_str("System"),
            Self::Only(cas) => write!(f, "Only({} CA certificates)", cas.len()),
        }
    }
}

/// Why a trust configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("PEM-texten med registrens CA-certifikat kan inte läsas: {0}")]
    Pem(String),
    #[error("PEM-texten innehåller inget CA-certifikat")]
    Empty,
    #[error("CA-certifikatet kan inte användas: {0}")]
    Certificate(String),
    #[error("systemet har inga rotcertifikat att lita på")]
    NoSystemRoots,
}

impl RegistryTrust {
    /// Only the CA certificates in `pem` (one or more `CERTIFICATE` blocks).
    ///
    /// # Errors
    /// The text is not PEM, or holds no certificate.
    pub fn from_pem(pem: &str) -> Result<Self, TrustError> {
        let cas = CertificateDer::pem_slice_iter(pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| TrustError::Pem(e.to_string()))?;
        if cas.is_empty() {
            return Err(TrustError::Empty);
        }
        Ok(Self::Only(cas))
    }

    fn roots(&self) -> Result<RootCertStore, TrustError> {
        let mut roots = RootCertStore::empty();
        match self {
            Self::Only(cas) => {
                for ca in cas {
                    roots
                        .add(ca.clone())
                        .map_err(|e| TrustError::Certificate(e.to_string()))?;
                }
            }
            Self::System => {
                // Unreadable entries are skipped; what matters is that some roots remain.
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err(TrustError::NoSystemRoots);
                }
            }
        }
        Ok(roots)
    }
}

/// The client configuration: TLS 1.2 and 1.3 with ring, the given roots, no client
/// certificate.
fn tls_config(trust: &RegistryTrust, https: bool) -> Result<rustls::ClientConfig, TrustError> {
    // A plain-HTTP base never handshakes; it needs no roots (and may lack system ones).
    let roots = if https || matches!(trust, RegistryTrust::Only(_)) {
        trust.roots()?
    } else {
        RootCertStore::empty()
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TrustError::Certificate(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The registries at one base URL, e.g. `http://127.0.0.1:7400` or
/// `https://registries.internal.example.se`.
#[derive(Debug, Clone)]
pub struct HttpRegistries {
    http: reqwest::Client,
    base: String,
}

impl HttpRegistries {
    /// `timeout` bounds each call, connection included; an `https://` base is trusted by
    /// the system's roots.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, RegistryError> {
        Self::with_trust(base_url, timeout, &RegistryTrust::System)
    }

    /// As [`HttpRegistries::new`], with the registries' certificates trusted as `trust`
    /// says.
    pub fn with_trust(
        base_url: &str,
        timeout: Duration,
        trust: &RegistryTrust,
    ) -> Result<Self, RegistryError> {
        let base = base_url.trim_end_matches('/').to_owned();
        let https = base.to_ascii_lowercase().starts_with("https://");
        let tls = tls_config(trust, https)
            .map_err(|e| RegistryError::Unavailable(format!("klienten kunde inte skapas: {e}")))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            // An https registry must not be left for plain HTTP, nor for anywhere else.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| RegistryError::Unavailable(format!("klienten kunde inte skapas: {e}")))?;
        Ok(Self { http, base })
    }

    async fn post<B: serde::Serialize + Sync, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, RegistryError> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport)?;
        match status {
            StatusCode::OK => serde_json::from_slice(&bytes).map_err(unreadable),
            StatusCode::TOO_MANY_REQUESTS => Err(RegistryError::Throttled),
            StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => {
                Err(RegistryError::Timeout)
            }
            StatusCode::NOT_FOUND => {
                let code = serde_json::from_slice::<ErrorBody>(&bytes)
                    .map(|b| b.kod)
                    .unwrap_or_default();
                if code == "UNKNOWN_CUSTOMER" {
                    Err(RegistryError::UnknownCustomer)
                } else {
                    Err(RegistryError::Protocol(format!("okänd adress ({code})")))
                }
            }
            s if s.is_server_error() => {
                Err(RegistryError::Unavailable(format!("HTTP {}", s.as_u16())))
            }
            s => Err(RegistryError::Protocol(format!("HTTP {}", s.as_u16()))),
        }
    }
}

/// An answer that does not read, reduced to where: serde_json's message may quote the
/// value it choked on, and a registry's answer holds personnummer (this error is logged
/// and becomes the step's error message).
fn unreadable(e: serde_json::Error) -> RegistryError {
    RegistryError::Protocol(format!(
        "svaret kunde inte läsas (rad {}, kolumn {})",
        e.line(),
        e.column()
    ))
}

/// A transport failure, reduced to its kind: reqwest's own message names the URL only.
fn transport(e: reqwest::Error) -> RegistryError {
    if e.is_timeout() {
        RegistryError::Timeout
    } else if let Some(tls) = tls_error(&e) {
        // Not "no connection": the operator must see that the certificate was refused.
        RegistryError::Unavailable(format!("registrets certifikat godtogs inte (TLS: {tls})"))
    } else if e.is_connect() {
        RegistryError::Unavailable("ingen anslutning".into())
    } else {
        RegistryError::Unavailable(format!("överföringen misslyckades: {}", e.without_url()))
    }
}

/// The rustls error somewhere in the chain, if the handshake is what failed.
fn tls_error(e: &reqwest::Error) -> Option<String> {
    std::error::Error::source(e).and_then(find_tls)
}

fn find_tls(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(tls) = err.downcast_ref::<rustls::Error>() {
        return Some(tls.to_string());
    }
    // An io::Error's `source` skips the error it wraps (tokio-rustls wraps rustls's in
    // one, hyper in another): look inside.
    if let Some(inner) = err
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref)
        .and_then(|inner| find_tls(inner))
    {
        return Some(inner);
    }
    err.source().and_then(find_tls)
}

#[async_trait]
impl Registries for HttpRegistries {
    async fn lookup_person(&self, number: &Personnummer) -> Result<PersonAnswer, RegistryError> {
        let body = PersonRequest {
            personnummer: number.expose().to_owned(),
        };
        self.post("/v1/person", &body).await
    }

    async fn fetch(&self, benefit: Benefit, customer_id: &str) -> Result<Uppgifter, RegistryError> {
        let body = FetchRequest {
            customer_id: customer_id.to_owned(),
        };
        self.post(&format!("/v1/registries/{}", benefit.code()), &body)
            .await
    }
}

/// Makes ring the process's rustls provider, if none is yet. reqwest is built without
/// a provider of its own (`rustls-no-provider`: its default would link aws-lc beside
/// ring), so a client without a TLS configuration of its own — plain HTTP to a simulator
/// or a local Lambda endpoint — needs this before `build()`.
pub fn install_ring_provider() {
    // An error only says a provider is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p5_an_unreadable_answer_is_named_without_the_personnummer_it_holds() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Answer {
            aktuellt: u32,
        }
        let e = serde_json::from_str::<Answer>(r#"{"aktuellt": "195001019420"}"#).unwrap_err();
        assert!(
            e.to_string().contains("195001019420"),
            "serde quotes it: {e}"
        );
        let message = unreadable(e).to_string();
        assert!(!message.contains("195001019420"), "{message}");
        assert!(message.contains("rad 1"), "{message}");
    }
}
