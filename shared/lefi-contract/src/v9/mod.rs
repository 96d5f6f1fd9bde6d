//! Version 9 of "LEFI extern: Förmånsinformation".
//!
//! Each type is named after its schema without the `Lefi` prefix, and its doc says
//! `v9: Lefi…`, so `grep "v9: LefiSjukpenningArende"` finds it. Every type is also
//! re-exported here.
//!
//! How the contract's types map to Rust:
//!
//! - A property the schema does not require is an `Option` that is left out when `None`;
//!   so is a list (`Option<Vec<_>>`), because an absent list and an empty one are
//!   different answers (the contract's own example sends `preliminaraUtbetalningar: []`).
//!   Types whose properties are all optional implement `Default`, which serializes as `{}`.
//! - Unknown properties are ignored on reading, as a tolerant reader should.
//! - Dates: `format: date` and the strings whose description makes them calendar days
//!   (`startades`, `fattades`, `foddes`, `dag`, …) are [`chrono::NaiveDate`]. The dates of
//!   a period ([`FranTill`]) are [`Datum`], since v9 allows a month without a day there;
//!   fields patterned `YYYY-MM` are [`Manad`]. Strings stay strings where the contract
//!   says they may be blank (`uppdaterades` of the earnings data), gives no format
//!   (`LevnadsintygUppgift::uppdaterades`, "date and time"), or is the query (see
//!   [`request`]). The error body's `timestamp` (`format: date-time`) is a
//!   `DateTime<FixedOffset>`, i.e. RFC 3339.
//! - Numbers: amounts ([`Belopp::summa`]) are [`Summa`], exact öre behind v9's JSON
//!   number of kronor, because the project never keeps money in floating point. The
//!   other `number`s (factors, pension points) are `f64`, as the contract types them
//!   (`format: double`). `integer` is `u32` for counts and fractions that cannot be
//!   negative (days, hours, `taljare`/`namnare`), `i32` for years and `i64` elsewhere
//!   (codes, payment rows).
//! - A list that v9 bounds to `maxItems: 1` is its way of saying "if any"; it stays a
//!   `Vec`, as on the wire.
//! - The contract's string enums are Rust enums with `code()`/`from_code()`, except in
//!   the query, where codes stay strings.

#[macro_use]
mod macros;

pub mod answer;
pub mod benefits;
pub mod codes;
pub mod common;
pub mod error;
pub mod informationstyper;
pub mod person;
pub mod plan;
pub mod pm;
pub mod request;

pub use answer::*;
pub use benefits::*;
pub use codes::*;
pub use common::*;
pub use error::*;
pub use informationstyper::*;
pub use person::*;
pub use pm::*;
pub use request::*;
