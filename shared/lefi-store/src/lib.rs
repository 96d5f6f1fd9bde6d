//! What outlives a request (issue 4; SPEC P1, P2, P4, P5, C2, C3): ports shaped by the
//! service, a DynamoDB adapter for the cloud and an embedded adapter for local runs.
//! `tests/contract.rs` runs one suite against both, so the embedded one cannot drift.

pub mod bucket;
#[cfg(feature = "dynamodb")]
pub mod dynamo;
pub mod embedded;
pub mod ports;
pub mod protect;

#[cfg(feature = "dynamodb")]
pub use dynamo::DynamoStore;
pub use embedded::EmbeddedStore;
pub use ports::*;
pub use protect::{PersonRef, Protector};
