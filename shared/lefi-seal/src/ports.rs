//! The seal's ports: who signs, and where manifests are kept write-once.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::error::SealError;
use crate::manifest::Manifest;

/// Signs a manifest's statement with an ECDSA P-256 key ([`crate::manifest::ALGORITHM`]).
#[async_trait]
pub trait Signer: Send + Sync {
    /// Names the key in the manifest: a KMS key ARN, or `local:` and a fingerprint.
    fn key_id(&self) -> &str;
    /// The DER signature over SHA-256 of `statement`.
    async fn sign(&self, statement: &[u8]) -> Result<Vec<u8>, SealError>;
    /// The public key as an uncompressed SEC1 point (65 bytes), to verify with.
    async fn public_key(&self) -> Result<Vec<u8>, SealError>;
}

/// Where a day's manifest is kept. Write-once: a second `put` for a day fails with
/// [`SealError::AlreadySealed`] and leaves the first.
#[async_trait]
pub trait SealStore: Send + Sync {
    async fn put(&self, manifest: &Manifest) -> Result<(), SealError>;
    async fn get(&self, day: NaiveDate) -> Result<Option<Manifest>, SealError>;
}

/// The object name of a day's manifest, in a directory or a bucket.
pub fn object_name(day: NaiveDate) -> String {
    format!("audit-seal-{day}.json")
}

pub(crate) fn parse(bytes: &[u8]) -> Result<Manifest, SealError> {
    serde_json::from_slice(bytes).map_err(|e| SealError::Corrupt(e.to_string()))
}

pub(crate) fn render(manifest: &Manifest) -> Result<Vec<u8>, SealError> {
    serde_json::to_vec(manifest).map_err(|e| SealError::Corrupt(e.to_string()))
}
