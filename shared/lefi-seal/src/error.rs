//! Why sealing or verifying could not be carried out. A verification that finds
//! tampering is not an error: it is a [`crate::Report`] that is not ok.

use chrono::NaiveDate;
use lefi_store::StoreError;

/// Stable names, for logs, the scheduled function's error type and the alarms.
pub mod error_type {
    pub const ALREADY_SEALED: &str = "SEAL_ALREADY_SEALED";
    pub const NOT_SEALED: &str = "SEAL_NOT_SEALED";
    pub const DAY_NOT_OVER: &str = "SEAL_DAY_NOT_OVER";
    pub const AUDIT_UNAVAILABLE: &str = "SEAL_AUDIT_UNAVAILABLE";
    pub const SIGNER: &str = "SEAL_SIGNER_FAILED";
    pub const SEAL_STORE: &str = "SEAL_STORE_FAILED";
    pub const CORRUPT: &str = "SEAL_MANIFEST_CORRUPT";
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// A day is sealed once; its manifest is never replaced.
    #[error("dagen {0} är redan förseglad")]
    AlreadySealed(NaiveDate),
    #[error("dagen {0} är inte förseglad")]
    NotSealed(NaiveDate),
    /// A day is sealed only when it is over in Stockholm, or records could still come.
    #[error("dagen {0} är inte slut än och kan inte förseglas")]
    DayNotOver(NaiveDate),
    #[error("granskningsloggen kan inte läsas: {0}")]
    Audit(#[from] StoreError),
    #[error("signeringsnyckeln: {0}")]
    Signer(String),
    #[error("förseglingsarkivet: {0}")]
    SealStore(String),
    #[error("förseglingen kan inte läsas: {0}")]
    Corrupt(String),
}

impl SealError {
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::AlreadySealed(_) => error_type::ALREADY_SEALED,
            Self::NotSealed(_) => error_type::NOT_SEALED,
            Self::DayNotOver(_) => error_type::DAY_NOT_OVER,
            Self::Audit(_) => error_type::AUDIT_UNAVAILABLE,
            Self::Signer(_) => error_type::SIGNER,
            Self::SealStore(_) => error_type::SEAL_STORE,
            Self::Corrupt(_) => error_type::CORRUPT,
        }
    }
}
