//! The CLI's way to the local service (`cargo run`): `POST /operator` over HTTPS with the
//! development PKI's operator certificate. The service runs [`crate::run`] against its
//! own in-memory store and answers the [`crate::Output`] (or [`Refusal`]) as JSON.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::{Deserialize, Serialize};

use crate::{AdminError, Command, Output};

/// The path the local service serves operator commands on.
pub const PATH: &str = "/operator";

/// What the local service answers when a command could not be carried out (an
/// [`AdminError`], by its message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub fel: String,
}

/// A client of the local service's operator endpoint.
#[derive(Debug, Clone)]
pub struct Remote {
    http: reqwest::Client,
    url: String,
}

fn read(path: &Path) -> Result<Vec<u8>, AdminError> {
    std::fs::read(path).map_err(|e| AdminError::Invalid(format!("{}: {e}", path.display())))
}

impl Remote {
    /// `base` such as `https://localhost:8446`; the server must chain to `ca`; the client
    /// presents `cert` with `key`.
    pub fn new(base: &str, ca: &Path, cert: &Path, key: &Path) -> Result<Self, AdminError> {
        let bad = |what: &str| AdminError::Invalid(format!("{what} kan inte läsas"));
        let mut roots = rustls::RootCertStore::empty();
        for c in CertificateDer::pem_slice_iter(&read(ca)?) {
            roots
                .add(c.map_err(|_| bad("CA-certifikatet"))?)
                .map_err(|_| bad("CA-certifikatet"))?;
        }
        let chain = CertificateDer::pem_slice_iter(&read(cert)?)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| bad("operatörscertifikatet"))?;
        let key =
            PrivateKeyDer::from_pem_slice(&read(key)?).map_err(|_| bad("operatörsnyckeln"))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| AdminError::Invalid(e.to_string()))?
            .with_root_certificates(roots)
            .with_client_auth_cert(chain, key)
            .map_err(|_| bad("operatörscertifikatet med nyckeln"))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| AdminError::Invalid(format!("klienten kunde inte skapas: {e}")))?;
        Ok(Self {
            http,
            url: format!("{}{PATH}", base.trim_end_matches('/')),
        })
    }

    /// Sends one command and reads its output.
    pub async fn run(&self, command: &Command) -> Result<Output, AdminError> {
        let unreachable = |e: reqwest::Error| {
            AdminError::Invalid(format!(
                "den lokala tjänsten svarar inte på {} (körs `cargo run`?): {e}",
                self.url
            ))
        };
        let response = self
            .http
            .post(&self.url)
            .json(command)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|_| AdminError::Invalid("tjänstens svar kan inte läsas".into()));
        }
        match serde_json::from_slice::<Refusal>(&body) {
            Ok(r) => Err(AdminError::Invalid(r.fel)),
            Err(_) => Err(AdminError::Invalid(format!("tjänsten svarade {status}"))),
        }
    }
}
