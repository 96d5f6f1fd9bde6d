//! C3: a repeated query id (`Idempotency-Key`, XML `FrageId`, SSEK `TxId`) from the same
//! caller, channel and partner gets the first answer, fetched once; the same id for
//! another query is a conflict. The first final answer is kept as it was delivered,
//! sealed under the personnummer keys and bound to its key (P5, S2), with the
//! correlation id of the request that was answered, so a replay's audit record can
//! point at the first one.

use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_store::{Begin, Caller, IdempotencyState, PartnerId};
use serde::{Deserialize, Serialize};

use crate::channels::Protocol;
use crate::reply::Rendered;
use crate::{Call, Gateway};

/// A query id this request holds: it must be completed with the answer or freed, and
/// `audit::finish` does one or the other.
#[derive(Debug)]
#[must_use = "a claimed query id must reach audit::finish"]
pub struct Claim {
    key: String,
}

/// What is kept under a query id, sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// The answer, byte for byte.
    pub rendered: Rendered,
    /// The correlation id (and audit record id) of the request that was answered.
    pub first: String,
}

/// What the idempotency record said.
#[derive(Debug)]
pub enum Begun {
    /// This request is first: it runs the query.
    Claimed(Claim),
    /// An earlier request was answered: its answer, opened.
    Done(Kept),
    /// An earlier request with this id is still being answered.
    InProgress,
    /// The id was used for another query.
    Reused,
    /// The kept answer does not open (the keys changed within the window).
    KeptUnreadable,
    /// The idempotency store failed.
    Unavailable,
}

fn key(protocol: &Protocol, caller: &Caller, partner: &PartnerId, id: &str) -> String {
    format!("{}|{}|{}|{id}", protocol.channel(), caller.id, partner)
}

/// Claims `id` for this request, or finds who holds it.
pub(crate) async fn begin(
    gw: &Gateway,
    call: &Call,
    protocol: &Protocol,
    caller: &Caller,
    partner: &PartnerId,
    id: &str,
    fraga: &ExternFormansinformationFraga,
) -> Begun {
    let key = key(protocol, caller, partner, id);
    // Keyed: the query holds a personnummer, and the store must not (P5).
    let fingerprint = gw.protector.digest(
        "idempotency",
        &serde_json::to_vec(fraga).unwrap_or_default(),
    );
    let lease = call.now + gw.config.claim_lease;
    match gw.store.begin(&key, &fingerprint, call.now, lease).await {
        Ok(Begin::Started) => Begun::Claimed(Claim { key }),
        Ok(Begin::Existing(IdempotencyState::Done { answer })) => {
            match gw
                .protector
                .open(&answer, key.as_bytes())
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Kept>(&bytes).ok())
            {
                Some(kept) => Begun::Done(kept),
                None => {
                    tracing::error!(correlation_id = %call.correlation_id, "a kept answer could not be opened");
                    Begun::KeptUnreadable
                }
            }
        }
        Ok(Begin::Existing(IdempotencyState::InProgress)) => Begun::InProgress,
        Ok(Begin::Conflict) => Begun::Reused,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "idempotency store unavailable");
            Begun::Unavailable
        }
    }
}

/// Keeps `answer` under the claim, or frees the claim when there is nothing to keep (a
/// failure, a stop after the claim), so a retry may start afresh.
pub(crate) async fn settle(gw: &Gateway, call: &Call, claim: Claim, answer: Option<&Rendered>) {
    let settled = match answer {
        Some(rendered) => {
            let kept = Kept {
                rendered: rendered.clone(),
                first: call.correlation_id.clone(),
            };
            match serde_json::to_vec(&kept) {
                Ok(bytes) => gw
                    .store
                    .complete(
                        &claim.key,
                        &gw.protector.seal(&bytes, claim.key.as_bytes()),
                        gw.clock.now(),
                        call.now + gw.config.idempotency_window,
                    )
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        }
        None => gw
            .store
            .abandon(&claim.key)
            .await
            .map_err(|e| e.to_string()),
    };
    if let Err(e) = settled {
        tracing::warn!(correlation_id = %call.correlation_id, error = %e, "could not settle a query id");
    }
}
