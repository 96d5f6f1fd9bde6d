//! The portal's way through the edge (C2): a logged-in person acting for one partner
//! takes the same stages as a partner's query — agreement (P1), opening hours (O4),
//! traffic limits (C3), the workflow (V1–V9, P3–P5) — and ends at the same one audit
//! point, [`crate::audit`]. Only the pages differ: `lefi-portal` renders them from the
//! typed results here. The person is in every record, protected (P5 "which user").

use lefi_domain::RawQuery;
use lefi_store::{PartnerId, PersonRef};

use crate::audit::{self, Settled};
use crate::pipeline;
use crate::reply::{Problem, Reply};
use crate::{Call, Gateway};

/// The audit record's `caller` for a portal user; the person is its `user`.
pub const CALLER: &str = "portal";

/// A query from the portal's form.
pub struct PortalQuery {
    /// The request's correlation id (API Gateway's request id).
    pub correlation_id: String,
    /// Who asks, protected.
    pub user: PersonRef,
    /// For whom: the partner the session acts for.
    pub partner: PartnerId,
    /// The form, in the seed's terms (`RawQuery::of_benefits`).
    pub query: RawQuery,
}

impl std::fmt::Debug for PortalQuery {
    // The query holds a personnummer: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalQuery")
            .field("correlation_id", &self.correlation_id)
            .field("partner", &self.partner)
            .finish_non_exhaustive()
    }
}

/// Runs the query; its record is written (by the workflow, or here for a query stopped
/// before it) before the reply exists.
pub async fn query(gw: &Gateway, q: PortalQuery) -> Reply {
    let call = Call::portal(q.correlation_id, gw.clock.now());
    let handled = pipeline::portal_query(gw, &call, q.partner, q.query, q.user.clone())
        .await
        .by_user(q.user);
    match audit::finish_typed(gw, &call, handled).await {
        Settled::Reply(reply) => *reply,
        Settled::Bytes(_) | Settled::SignedIn => Err(Problem::internal()),
    }
}

/// A login (P2, C2) for `partner` — or, with `None`, by a person who may act for no
/// organisation: refused. Either way one record. `Ok` only when the partner's agreement
/// includes the portal today and the record is written.
pub async fn sign_in(
    gw: &Gateway,
    correlation_id: String,
    user: PersonRef,
    partner: Option<PartnerId>,
) -> Result<(), Problem> {
    let call = Call::portal(correlation_id, gw.clock.now());
    let handled = pipeline::portal_sign_in(gw, &call, partner)
        .await
        .by_user(user);
    match audit::finish_typed(gw, &call, handled).await {
        Settled::SignedIn => Ok(()),
        Settled::Reply(reply) => match *reply {
            Err(problem) => Err(problem),
            Ok(_) => Err(Problem::internal()),
        },
        Settled::Bytes(_) => Err(Problem::internal()),
    }
}

/// The service is closed (O4): why, in Swedish, and when it opens next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub reason: String,
    pub next_opening: Option<chrono::DateTime<chrono::Utc>>,
}

/// O4 for a page that shows no data (the form), so a person is told before filling it
/// in. Nothing is audited: nothing was asked. A query is still judged by the pipeline.
pub fn opening(gw: &Gateway) -> Result<(), Closed> {
    let now = gw.clock.now();
    match crate::admission::closed(gw, now) {
        None => Ok(()),
        Some((reason, next_opening)) => Err(Closed {
            reason,
            next_opening,
        }),
    }
}

impl Call {
    fn portal(correlation_id: String, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            correlation_id,
            now,
            started: std::time::Instant::now(),
            certificate: Err(crate::identity::CertificateError::Missing),
            // The portal's refusals are its users', behind a login; none is limited here.
            source: None,
            patient: false,
        }
    }
}
