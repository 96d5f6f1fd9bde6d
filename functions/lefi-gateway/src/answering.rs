//! Answering (§3, P3, P5): the workflow runs the query — validation, lookups, windows,
//! agreement filtering, its own audit — and its output becomes the reply; and the v9
//! summary of what an agreement lets a partner ask for.

use lefi_contract::v9::ExternTillgangligaInformationstyper;
use lefi_domain::Agreement;
use lefi_workflow::model::QueryOutcome;
use lefi_workflow::{QueryInput, RunError};

use crate::channels::Protocol;
use crate::outcome::Ran;
use crate::reply::{Fel, Problem};
use crate::{Call, Gateway};

/// Proof that the workflow's Audit step wrote a query's record: it exists only for a
/// run that returned an output, which the workflow produces after the record is written
/// (its Audit step fails the execution otherwise). Only [`run`] makes one.
#[derive(Debug)]
pub struct AuditedByWorkflow {
    record: String,
}

impl AuditedByWorkflow {
    /// The id of the record the workflow wrote (the query's correlation id).
    pub fn record(&self) -> &str {
        &self.record
    }
}

/// Runs the workflow and turns its output into a reply. `Err` is the name of what failed
/// when there is no output (never its input).
pub(crate) async fn run(
    gw: &Gateway,
    call: &Call,
    protocol: &Protocol,
    input: &QueryInput,
) -> Result<Ran, String> {
    let out = match gw.workflow.run(input).await {
        Ok(out) => out,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "workflow failed; no data returned");
            return Err(match e {
                RunError::Failed { error, .. } => error,
                RunError::TimedOut => "WorkflowTimedOut".into(),
                // The gateway stopped waiting; `audit::finish` writes the record and frees
                // the query id before Lambda's own timeout could stop it (issue 13).
                RunError::Abandoned => "WorkflowAbandoned".into(),
                RunError::Output(_) => "WorkflowOutput".into(),
                RunError::Unavailable(_) => "WorkflowUnavailable".into(),
            });
        }
    };
    let reply = match out.outcome {
        QueryOutcome::Answered | QueryOutcome::PersonNotFound => {
            out.answer.ok_or_else(Problem::internal)
        }
        QueryOutcome::Invalid => Err(Problem::invalid(
            out.violations
                .iter()
                .map(|v| Fel {
                    kod: v.code.clone(),
                    falt: protocol.field(&v.field),
                })
                .collect(),
        )),
        QueryOutcome::NotAuthorized => {
            Err(Problem::not_authorized(out.reason.unwrap_or_else(|| {
                "Aktörens avtal medger inte frågan.".into()
            })))
        }
        QueryOutcome::Unavailable => {
            // Audited by the workflow as failed, with the register's error name.
            tracing::warn!(
                correlation_id = %call.correlation_id,
                error = out.error.as_deref().unwrap_or_default(),
                "the person register could not answer; 503 with Retry-After"
            );
            Err(Problem::unavailable())
        }
        QueryOutcome::Failed => Err(Problem::internal()),
    };
    Ok(Ran {
        reply,
        audited: AuditedByWorkflow {
            record: out.correlation_id,
        },
    })
}

/// The v9 summary of what an agreement lets the partner ask for, from the same tables
/// as the one authorization of a query (`Agreement::askable`).
pub fn informationstyper(agreement: &Agreement) -> ExternTillgangligaInformationstyper {
    ExternTillgangligaInformationstyper::of(&agreement.askable())
}
