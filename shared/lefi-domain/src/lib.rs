//! LEFI Online's rules as pure code (SPEC §§1–7, 9).
//!
//! Nothing here does I/O, reads a clock, or knows about AWS, Lambda or HTTP: today's
//! date and the current instant are parameters, so every rule can be tested on any
//! date. Once you hold one of this crate's validated types (a [`Personnummer`], a
//! [`QueryPeriod`], a [`ValidQuery`]), it is valid.

pub mod agreement;
pub mod authorize;
pub mod billing;
pub mod calendar;
pub mod catalogue;
pub mod history;
pub mod opening;
pub mod orgnr;
pub mod period;
pub mod pnr;
pub mod purpose;
pub mod query;
pub mod tz;

pub use agreement::{Agreement, AgreementError, Channel, PartnerKind, Pricing};
pub use authorize::{Deviation, DeviationReason, Plan, Show};
pub use catalogue::{Benefit, BenefitGroup, Source};
pub use orgnr::Organisationsnummer;
pub use period::{DateRange, PeriodLimit, QueryPeriod};
pub use pnr::Personnummer;
pub use purpose::{Purpose, PurposeField};
pub use query::{Ask, Field, RawCode, RawQuery, ValidQuery, Violation, ViolationCode};
