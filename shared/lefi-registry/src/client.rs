//! The registries over HTTP (the simulators' API, `docs/simulators.md`). Each call has
//! its own timeout; every failure becomes a [`RegistryError`] with a stable name, and
//! nothing of the request (number, customer id) appears in an error or a log line.

use std::time::Duration;

use async_trait::async_trait;
use lefi_contract::v9::Uppgifter;
use lefi_domain::{Benefit, Personnummer};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::api::{ErrorBody, FetchRequest, PersonAnswer, PersonRequest};
use crate::{Registries, RegistryError};

/// The registries at one base URL, e.g. `http://127.0.0.1:7400`.
#[derive(Debug, Clone)]
pub struct HttpRegistries {
    http: reqwest::Client,
    base: String,
}

impl HttpRegistries {
    /// `timeout` bounds each call, connection included.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, RegistryError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| RegistryError::Unavailable(format!("klienten kunde inte skapas: {e}")))?;
        Ok(Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
        })
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
            StatusCode::OK => serde_json::from_slice(&bytes)
                .map_err(|e| RegistryError::Protocol(format!("svaret kunde inte läsas: {e}"))),
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

/// A transport failure, reduced to its kind: reqwest's own message names the URL only.
fn transport(e: reqwest::Error) -> RegistryError {
    if e.is_timeout() {
        RegistryError::Timeout
    } else if e.is_connect() {
        RegistryError::Unavailable("ingen anslutning".into())
    } else {
        RegistryError::Unavailable(format!("överföringen misslyckades: {}", e.without_url()))
    }
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
