//! The contents of the simulated registers (issue 3): who exists, what the person
//! register says about them, and their benefits in the shapes of the v9 contract.
//!
//! Pure and deterministic: the same seed and `as_of` date always give the same data,
//! and nothing is stored per person, so a population of ten million costs no memory.
//! The HTTP server with fault knobs lives in `lefi-registry-sim`.

pub mod benefits;
pub mod fixtures;
pub mod person;
pub mod population;
pub mod registers;

pub use benefits::History;
pub use registers::{PersonAnswer, Registers, RegistersConfig};
