//! The operator's tool (SPEC §10, A1–A3) as a library.
//!
//! Every command is a value ([`Command`]) that [`run`] carries out against a [`Ctx`]. The
//! CLI (`main.rs`) runs it in-process against DynamoDB in AWS, or sends it to the local
//! service, which runs it against its embedded store: `cargo run` keeps that store in
//! memory, so no other process can open it. A command therefore carries what it needs
//! (a file's contents, not its path) and its output is text the CLI prints.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use lefi_store::{Protector, Store, StoreError};
use serde::{Deserialize, Serialize};

pub mod audit;
pub mod certificates;

/// What a command runs against.
pub struct Ctx {
    pub store: Arc<dyn Store>,
    /// The personnummer keys (P5): only commands that take or show a number need them.
    pub protector: Option<Protector>,
    /// Who runs the command, named in the audit record of every change (A1): the IAM
    /// principal in AWS, the operator certificate locally.
    pub operator: String,
    pub now: DateTime<Utc>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("operator", &self.operator)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

/// One command of the tool, as the CLI parsed it and as the local service receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The keys a certificate maps by (P2). Needs no store.
    CertificateKeys { pem: String },
    /// A3: a partner's records of a period (Stockholm days, inclusive), of one outcome
    /// kind if given.
    AuditSearch {
        partner: String,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        outcome: Option<String>,
        json: bool,
    },
    /// A3: the record of one request.
    AuditGet { correlation_id: String, json: bool },
    /// A3: every record about a person; needs the keys, and is itself audited.
    AuditPerson {
        personnummer: audit::GivenPnr,
        json: bool,
    },
}

/// What a command printed, and whether it found what it exists to find (a failed
/// verification or reconciliation exits non-zero).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    pub text: String,
    pub failed: bool,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            failed: false,
        }
    }
}

/// Why a command could not be carried out. Messages are for the operator, in Swedish.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("lagringen: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
    #[error("kommandot behöver personnummernycklarna (P5), och de är inte givna")]
    NeedsKeys,
}

/// Carries out one command.
pub async fn run(command: Command, ctx: &Ctx) -> Result<Output, AdminError> {
    match command {
        Command::CertificateKeys { pem } => certificates::keys(&pem),
        Command::AuditSearch {
            partner,
            from,
            to,
            outcome,
            json,
        } => audit::search(ctx, &partner, from, to, outcome.as_deref(), json).await,
        Command::AuditGet {
            correlation_id,
            json,
        } => audit::by_id(ctx, &correlation_id, json).await,
        Command::AuditPerson { personnummer, json } => {
            audit::person(ctx, &personnummer, json).await
        }
    }
}
