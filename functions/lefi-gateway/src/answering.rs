//! Answering (§3, P3, P5): the workflow runs the query — validation, lookups, windows,
//! agreement filtering, its own audit — and its output becomes the reply; and the v9
//! summary of what an agreement lets a partner ask for.

use lefi_domain::{Agreement, Benefit};
use lefi_workflow::model::QueryOutcome;
use lefi_workflow::{QueryInput, RunError};
use serde_json::{Value, json};

use crate::channels::Protocol;
use crate::outcome::Ran;
use crate::query::Flattened;
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
    flat: &Flattened,
) -> Result<Ran, String> {
    let out = match gw.workflow.run(input).await {
        Ok(out) => out,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "workflow failed; no data returned");
            return Err(match e {
                RunError::Failed { error, .. } => error,
                RunError::TimedOut => "WorkflowTimedOut".into(),
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
                    falt: protocol.field(&flat.field_name(&v.field)),
                })
                .collect(),
        )),
        QueryOutcome::NotAuthorized => {
            Err(Problem::not_authorized(out.reason.unwrap_or_else(|| {
                "Aktörens avtal medger inte frågan.".into()
            })))
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

/// The v9 summary of an agreement's benefits. Person data (`FK:GEPI`) is always there;
/// payments are listed per benefit group, as v9 asks for them.
pub fn informationstyper(agreement: &Agreement) -> Value {
    use lefi_domain::catalogue::{PERSON_DATA_CODE, V9List};
    let entry = |b: &Benefit| json!({"kod": b.code(), "beskrivning": b.name_sv()});
    let of = |list: V9List| -> Vec<Value> {
        agreement
            .benefits
            .iter()
            .filter(|b| b.v9_list() == list)
            .map(entry)
            .collect()
    };
    let pm = of(V9List::AnsprakOchBeslut);
    let mut ovrig =
        vec![json!({"kod": PERSON_DATA_CODE, "beskrivning": "Generell personinformation"})];
    ovrig.extend(of(V9List::OvrigInformation));
    let payments: Vec<Value> = if agreement.benefits.contains(&Benefit::Utbetalning) {
        agreement
            .benefits
            .iter()
            .filter(|b| {
                matches!(
                    b.v9_list(),
                    V9List::Formansinformation | V9List::AnsprakOchBeslut
                )
            })
            .map(entry)
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "formansinformation": of(V9List::Formansinformation),
        "ansprak": pm,
        "beslut": pm,
        "preliminaraUtbetalningar": [],
        "utbetalningar": payments,
        "ovrigInformation": ovrig,
    })
}
