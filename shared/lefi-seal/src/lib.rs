//! The audit seal (SPEC A3): each Stockholm day's audit records as an RFC 6962 Merkle
//! tree whose root is signed (ECDSA P-256: a KMS key in AWS, a key file locally) and kept
//! write-once (S3 with Object Lock in AWS, a directory locally); verifying a day names
//! every record changed, added or removed since.
//!
//! [`manifest`] is the format and the verification, pure (no I/O, no clock, no AWS
//! types); [`ports`] and the adapters ([`local`], and [`aws`] behind the `aws` feature)
//! do the I/O; [`day`] joins them over lefi-store's `AuditLog`. One crate rather than a
//! module of lefi-domain: the seal is about stored records (lefi-store's `AuditRecord`),
//! which the domain does not know.

#[cfg(feature = "aws")]
pub mod aws;
pub mod day;
pub mod error;
pub mod local;
pub mod manifest;
pub mod ports;
pub mod sample;

pub use day::{Seal, seal_day, verify_day};
pub use error::SealError;
pub use manifest::{Chain, Manifest, Report};
pub use ports::{SealStore, Signer};
