//! The portal (SPEC C2). Being built (issue 15).

pub mod views;
