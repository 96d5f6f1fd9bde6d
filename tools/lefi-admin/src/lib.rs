//! The operator's tool (SPEC §10, A1–A3) as a library.
//!
//! Every command is a value ([`Command`]) that [`run`] carries out against a [`Ctx`]. The
//! CLI (`main.rs`) runs it in-process against DynamoDB in AWS, or sends it to the local
//! service, which runs it against its embedded store: `cargo run` keeps that store in
//! memory, so no other process can open it. A command therefore carries what it needs
//! (a file's contents, not its path) and its output is text the CLI prints.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use lefi_store::{Protector, Store, StoreError};
use serde::{Deserialize, Serialize};

pub mod agreements;
pub mod audit;
pub mod billing;
pub mod certificates;
pub mod partner_file;
pub mod remote;
pub mod seal;

/// What a command runs against.
pub struct Ctx {
    pub store: Arc<dyn Store>,
    /// The personnummer keys (P5): only commands that take or show a number need them.
    pub protector: Option<Protector>,
    /// Who runs the command, named in the audit record of every change (A1): the IAM
    /// principal in AWS, the operator certificate locally.
    pub operator: String,
    pub now: DateTime<Utc>,
    /// The audit seal's signer and archive (A3): only `audit seal` and `audit verify`.
    pub seal: Option<lefi_seal::Seal>,
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
    CertificateKeys {
        pem: String,
    },
    /// A1: the diff a partner file would make, and the digest an apply must carry.
    AgreementsPlan {
        file: String,
    },
    /// A1: applies a partner file, if the store is still as the confirmed plan saw it.
    AgreementsApply {
        file: String,
        digest: String,
    },
    AgreementsList,
    AgreementsShow {
        partner: String,
    },
    /// A1, P1: the agreement ends the day before `from` (default: today).
    AgreementsExpire {
        partner: String,
        from: Option<chrono::NaiveDate>,
    },
    /// A2: the invoice basis of a month, optionally reconciled with the audit.
    BillingReport {
        month: String,
        format: billing::Format,
        check: bool,
    },
    /// A2: the monthly usage report per partner.
    BillingUsage {
        month: String,
        partner: Option<String>,
    },
    /// Seals a Stockholm day of the audit (A3).
    AuditSeal {
        day: NaiveDate,
    },
    /// Verifies a sealed day against the store (A3).
    AuditVerify {
        day: NaiveDate,
    },
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
    AuditGet {
        correlation_id: String,
        json: bool,
    },
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
    /// A plan's digest (A1): the apply that follows carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// For the operator beside a machine-readable `text` (the CLI prints it on stderr).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn failed(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            failed: true,
            ..Self::default()
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
    #[error(
        "kommandot behöver förseglingsnyckeln och förseglingsarkivet (A3), och de är inte givna"
    )]
    NeedsSeal,
    #[error("förseglingen: {0}")]
    Seal(#[from] lefi_seal::SealError),
}

/// Carries out one command.
pub async fn run(command: Command, ctx: &Ctx) -> Result<Output, AdminError> {
    match command {
        Command::CertificateKeys { pem } => certificates::keys(&pem),
        Command::AuditSeal { day } => seal::seal(day, ctx).await,
        Command::AuditVerify { day } => seal::verify(day, ctx).await,
        Command::AgreementsPlan { file } => agreements::plan_command(&file, ctx).await,
        Command::AgreementsApply { file, digest } => agreements::apply(&file, &digest, ctx).await,
        Command::AgreementsList => agreements::list(ctx).await,
        Command::AgreementsShow { partner } => agreements::show(&partner, ctx).await,
        Command::AgreementsExpire { partner, from } => {
            agreements::expire(&partner, from, ctx).await
        }
        Command::BillingReport {
            month,
            format,
            check,
        } => billing::report(&month, format, check, ctx).await,
        Command::BillingUsage { month, partner } => {
            billing::usage(&month, partner.as_deref(), ctx).await
        }
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

impl Command {
    /// Whether the command reads or writes personnummer (A1 portal users): only then does
    /// the CLI fetch the keys from Secrets Manager in AWS.
    pub fn needs_keys(&self) -> bool {
        matches!(
            self,
            Self::AgreementsPlan { .. }
                | Self::AgreementsApply { .. }
                | Self::AgreementsShow { .. }
                | Self::AuditSearch { .. }
                | Self::AuditGet { .. }
                | Self::AuditPerson { .. }
        )
    }
}
