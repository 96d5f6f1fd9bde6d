//! Försäkringskassan's model of benefit data: the types behind the keys of
//! [`Formansinformation`](super::Formansinformation), one file per family of benefits.

pub mod arbetsmarknad;
pub mod bostadsbidrag;
pub mod familj;
pub mod foraldrapenning;
pub mod intjanande;
pub mod livranta;
pub mod pension;
pub mod sjukersattning;
pub mod sjukpenning;
pub mod utbetalning;

pub use arbetsmarknad::*;
pub use bostadsbidrag::*;
pub use familj::*;
pub use foraldrapenning::*;
pub use intjanande::*;
pub use livranta::*;
pub use pension::*;
pub use sjukersattning::*;
pub use sjukpenning::*;
pub use utbetalning::*;
