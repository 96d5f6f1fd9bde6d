//! How the service speaks to the registries (SPEC §3 steps 2–5): the registry API's
//! wire types ([`api`]), a port the functions depend on ([`Registries`]), and the HTTP
//! client that implements it against the simulators or real registries ([`client`]).
//!
//! Every failure has a stable name ([`RegistryError::error_type`]); the workflow's ASL
//! retries and catches by exactly these names.

pub mod api;
pub mod client;

use async_trait::async_trait;
use lefi_contract::v9::Uppgifter;
use lefi_domain::{Benefit, Personnummer};

pub use api::PersonAnswer;
pub use client::{HttpRegistries, RegistryTrust, TrustError, install_ring_provider};

/// Stable error names, shared by the code and the workflow definition's `ErrorEquals`.
pub mod error_names {
    /// The registry did not answer in time: worth a retry.
    pub const TIMEOUT: &str = "RegistryTimeout";
    /// The registry asked us to slow down: worth a retry, later.
    pub const THROTTLED: &str = "RegistryThrottled";
    /// The registry is down or failed: worth a retry, then `INTERNT_FEL`.
    pub const UNAVAILABLE: &str = "RegistryUnavailable";
    /// The registry answered something we do not understand: no retry.
    pub const PROTOCOL: &str = "RegistryProtocol";
    /// The registry does not know the customer id the person register gave.
    pub const UNKNOWN_CUSTOMER: &str = "RegistryUnknownCustomer";

    pub const ALL: [&str; 5] = [TIMEOUT, THROTTLED, UNAVAILABLE, PROTOCOL, UNKNOWN_CUSTOMER];
}

/// Why a registry call failed. The messages never hold a personnummer or customer id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("registret svarade inte i tid")]
    Timeout,
    #[error("registret begränsar trafiken")]
    Throttled,
    #[error("registret är inte tillgängligt: {0}")]
    Unavailable(String),
    #[error("registret svarade på ett oväntat sätt: {0}")]
    Protocol(String),
    #[error("registret känner inte kund-id:t")]
    UnknownCustomer,
}

impl RegistryError {
    /// The stable name (`errorType` of a Lambda error, `ErrorEquals` in the ASL).
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::Timeout => error_names::TIMEOUT,
            Self::Throttled => error_names::THROTTLED,
            Self::Unavailable(_) => error_names::UNAVAILABLE,
            Self::Protocol(_) => error_names::PROTOCOL,
            Self::UnknownCustomer => error_names::UNKNOWN_CUSTOMER,
        }
    }
}

/// The registries as the functions see them.
#[async_trait]
pub trait Registries: Send + Sync {
    /// The person register (§3 steps 2–4).
    async fn lookup_person(&self, number: &Personnummer) -> Result<PersonAnswer, RegistryError>;
    /// One benefit's registry, for one customer id (§3 step 5): Försäkringskassan's
    /// benefits in `formansinformation`, Pensionsmyndigheten's in PM's model (`ansprak`,
    /// `beslut`, `utbetalningar`, `ovrigInformation`).
    async fn fetch(&self, benefit: Benefit, customer_id: &str) -> Result<Uppgifter, RegistryError>;
}
