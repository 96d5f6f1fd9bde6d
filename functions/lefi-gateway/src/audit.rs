//! The edge's one audit point (P5): [`finish`] takes how a request to a partner endpoint
//! ended ([`Handled`]), writes its audit record, and only then renders the answer. It is
//! the only way from an [`Ending`] to bytes — the mapping of a [`Stop`] to its answer and
//! its record is private to this module — so a stage that ends a request early cannot
//! skip the audit: it can only return its ending here.
//!
//! - A [`Stop`] gets one record; if it cannot be written the answer is a 500 (nothing
//!   leaves unaudited, even a refusal).
//! - A [`Ran`] query was audited by the workflow's Audit step (the type carries the
//!   proof): no second record.
//! - A [`Replay`] discloses again: its record is `Outcome::Replayed { first }`, with
//!   what the first answer delivered (read from the first record); if it cannot be
//!   written, the kept answer is not served.
//! - [`Listed`] gets `Outcome::Listed`.
//!
//! Every record is bounded in size (codes and asked lists are capped, texts are fixed),
//! and a stop of the caller's own doing first takes a token of its certificate's (or
//! address's) refusal bucket: over the limit it is answered 429 and recorded in a bounded
//! way, `Outcome::Limited` ([`crate::refusals`], issue 17 item 5).

use chrono::TimeDelta;
use lefi_contract::ssek::{self, FaultCode};
use lefi_metrics::{self as metrics, Event, Metric};
use lefi_store::{AuditRecord, Outcome, PartnerId, PersonRef, StoreError};

use crate::channels::Protocol;
use crate::idempotency::{self, Claim};
use crate::outcome::{
    Accepted, Asked, Ending, Handled, Listed, MailboxEnding, Port, Ran, Replay, Stop,
};
use crate::refusals::Verdict;
use crate::reply::{self, Problem, Rendered, Reply, codes};
use crate::{Call, Gateway};

/// `Outcome::NotServed` code of a query id whose first query is still being answered.
pub const IN_PROGRESS: &str = "IN_PROGRESS";

const NOT_REPRESENTED: &str =
    "Anroparen är inte behörig att ställa frågor för den angivna aktören.";

/// Audits how the request ended, then renders it; settles the query id it claimed.
pub(crate) async fn finish(gw: &Gateway, call: &Call, handled: Handled) -> Rendered {
    let protocol = handled.protocol.clone();
    let (claim, (settled, ran)) = settle(gw, call, handled).await;
    let rendered = match settled {
        Settled::Reply(reply) => protocol.render(&reply, call.now, &call.correlation_id),
        Settled::Bytes(rendered) => rendered,
        // Only the portal signs in; its page is the portal's to render.
        Settled::SignedIn => {
            protocol.render(&Err(Problem::internal()), call.now, &call.correlation_id)
        }
    };
    if let Some(claim) = claim {
        // Only final answers are kept; after a failure the id is free for a retry.
        let keep = ran && matches!(rendered.status, 200 | 400 | 403);
        idempotency::settle(gw, call, claim, keep.then_some(&rendered)).await;
    }
    rendered
}

/// [`finish`] for the portal, whose pages `lefi-portal` renders from the typed result.
pub(crate) async fn finish_typed(gw: &Gateway, call: &Call, handled: Handled) -> Settled {
    let (claim, (settled, _)) = settle(gw, call, handled).await;
    if let Some(claim) = claim {
        // The portal claims no query ids; were one claimed, it is freed, not kept.
        idempotency::settle(gw, call, claim, None).await;
    }
    settled
}

/// An ending, audited: what the request is answered with.
#[derive(Debug)]
pub(crate) enum Settled {
    /// A reply for the channel to render (boxed: an answer is large beside the rest).
    Reply(Box<Reply>),
    /// An answer already in bytes: a kept answer served again, the list of types,
    /// SSEK's fault for an envelope it could not read.
    Bytes(Rendered),
    /// A portal login, recorded.
    SignedIn,
}

/// What a request's metrics say about how it ended (issue 17, item 7). Every value is a
/// literal: the outcome class, the stop's kind.
struct Measured {
    /// `Outcome`: the audit outcome's kind (`ANSWERED`, `REFUSED`, …), `UNAVAILABLE` for
    /// the person register down, `FAILED` for anything that broke inside the service.
    outcome: &'static str,
    /// `Reason`: the stop's kind, for a request that ended for its caller's doing.
    reason: Option<&'static str>,
    limited: bool,
    /// Its record could not be written: answered 500, nothing left (P5).
    fail_closed: bool,
}

impl Measured {
    fn as_(outcome: &'static str) -> Self {
        Self {
            outcome,
            reason: None,
            limited: false,
            fail_closed: false,
        }
    }

    fn fail_closed() -> Self {
        Self {
            fail_closed: true,
            ..Self::as_(FAILED)
        }
    }
}

const FAILED: &str = "FAILED";

/// Writes the ending's record (unless the workflow did), says what may leave (`true` for
/// a query the workflow ran), and emits the request's metrics — here, beside the audit
/// point, so that no request goes unmeasured either. Hands back the claimed query id.
async fn settle(gw: &Gateway, call: &Call, handled: Handled) -> (Option<Claim>, (Settled, bool)) {
    let Handled {
        protocol,
        caller,
        user,
        ending,
        claim,
    } = handled;
    let who = Who {
        call,
        protocol: &protocol,
        caller: caller.unwrap_or_else(|| call.caller_id()),
        user,
    };
    let (settled, ran, measured) = match ending {
        // The workflow wrote this query's record before it produced an output.
        Ending::Ran(ran) => {
            let Ran { reply, audited } = *ran;
            tracing::debug!(correlation_id = %call.correlation_id, record = %audited.record(), "audited by the workflow");
            let measured = Measured::as_(ran_class(&reply));
            (Settled::Reply(Box::new(reply)), true, measured)
        }
        Ending::Stopped(stop) => {
            let (settled, measured) = stopped(gw, &who, stop).await;
            (settled, false, measured)
        }
        Ending::Replayed(replay) => {
            let (settled, measured) = replayed(gw, &who, replay).await;
            (settled, false, measured)
        }
        Ending::Listed(listed) => {
            let (settled, measured) = self::listed(gw, &who, listed).await;
            (settled, false, measured)
        }
        Ending::SignedIn { partner } => {
            let (settled, measured) = signed_in(gw, &who, partner).await;
            (settled, false, measured)
        }
        Ending::Accepted(accepted) => {
            let (settled, measured) = self::accepted(gw, &who, accepted).await;
            (settled, false, measured)
        }
        Ending::Mailbox(ending) => {
            let (settled, measured) = mailbox(gw, &who, ending).await;
            (settled, false, measured)
        }
    };
    gw.metrics
        .record(&event(protocol.channel(), call, &measured));
    (claim, (settled, ran))
}

fn event(channel: &'static str, call: &Call, m: &Measured) -> Event {
    let mut event = Event::new()
        .dimension(metrics::CHANNEL, channel)
        .dimension(metrics::OUTCOME, m.outcome)
        .count(Metric::Queries, true)
        .value(
            Metric::Latency,
            call.started.elapsed().as_secs_f64() * 1000.0,
        )
        .count(Metric::AuditFailClosed, m.fail_closed);
    if let Some(reason) = m.reason {
        event = event
            .dimension(metrics::REASON, reason)
            .count(Metric::Refusals, true)
            .count(Metric::Limited, m.limited);
    }
    event
}

/// A query the workflow ran, by its reply: the outcome its Audit step recorded.
fn ran_class(reply: &Reply) -> &'static str {
    match reply {
        Ok(answer) if answer.personstatus.is_some() => "PERSON_NOT_FOUND",
        Ok(_) => "ANSWERED",
        Err(p) => match p.status {
            400 => "INVALID",
            403 => "REFUSED",
            503 => "UNAVAILABLE",
            _ => FAILED,
        },
    }
}

/// The metrics' name of an audit outcome: its kind, as the record stores it.
fn outcome_class(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Answered => "ANSWERED",
        Outcome::PersonNotFound => "PERSON_NOT_FOUND",
        Outcome::Refused { .. } => "REFUSED",
        Outcome::Invalid { .. } => "INVALID",
        Outcome::NotServed { .. } => "NOT_SERVED",
        Outcome::Limited { .. } => "LIMITED",
        Outcome::Failed { .. } => FAILED,
        Outcome::Replayed { .. } => "REPLAYED",
        Outcome::Listed => "LISTED",
        Outcome::SignedIn => "SIGNED_IN",
        Outcome::Configured { .. } => "CONFIGURED",
        Outcome::OwnLookupsViewed => "OWN_LOOKUPS_VIEWED",
        Outcome::AuditPersonSearched => "AUDIT_PERSON_SEARCHED",
        Outcome::Received { .. } => "RECEIVED",
        Outcome::MailboxListed => "MAILBOX_LISTED",
        Outcome::MailboxFetched { .. } => "MAILBOX_FETCHED",
        Outcome::MailboxAcknowledged { .. } => "MAILBOX_ACKNOWLEDGED",
    }
}

/// Who asked, how: what every record of this request shares.
struct Who<'a> {
    call: &'a Call,
    protocol: &'a Protocol,
    caller: String,
    user: Option<PersonRef>,
}

impl Who<'_> {
    fn record(
        &self,
        partner: Option<&PartnerId>,
        asked: Option<&Asked>,
        delivered: Vec<String>,
        outcome: Outcome,
    ) -> AuditRecord {
        AuditRecord {
            id: self.call.correlation_id.clone(),
            at: self.call.now,
            partner: partner.cloned(),
            caller: self.caller.clone(),
            channel: self.protocol.channel().to_owned(),
            subject: asked.and_then(|a| a.subject.as_deref().cloned()),
            asked: asked.map(|a| a.codes.clone()).unwrap_or_default(),
            delivered,
            outcome,
            correlation_id: self.call.correlation_id.clone(),
            user: self.user.clone(),
            purpose: asked.and_then(|a| a.purpose.clone()),
        }
    }

    /// Its record could not be written: a 500 with nothing in it (fail closed).
    fn internal(&self) -> (Settled, Measured) {
        (
            Settled::Reply(Box::new(Err(Problem::internal()))),
            Measured::fail_closed(),
        )
    }
}

async fn stopped(gw: &Gateway, who: &Who<'_>, stop: Stop) -> (Settled, Measured) {
    let call = who.call;
    if let Some(key) = call.refusal_key().filter(|_| stop.is_callers_doing())
        && let Verdict::Limited { retry_at, record } = gw.refusals.take(&key, call.now)
    {
        return limited(gw, who, &stop, retry_at, record).await;
    }
    let problem = stop.problem(call);
    let outcome = stop.outcome(&problem);
    let record = who.record(stop.partner(), stop.asked(), Vec::new(), outcome);
    // The workflow may have written its own record under this id before it failed (a
    // metering failure after the append, a timeout after the Audit step): one is enough.
    let existing_counts = matches!(stop, Stop::WorkflowFailed { .. });
    if !append(gw, call, &record, existing_counts).await {
        return who.internal();
    }
    let measured = Measured {
        reason: stop.is_callers_doing().then(|| stop.kind()),
        ..Measured::as_(outcome_class(&record.outcome))
    };
    let settled = match (&stop, who.protocol) {
        // SSEK without a header: the envelope's own fault, headerless, as before.
        (Stop::Unreadable { why, .. }, Protocol::Ssek(None)) => {
            let fault = why.soap_fault();
            Settled::Bytes(Rendered::new(
                fault.http_status(),
                ssek::CONTENT_TYPE,
                ssek::render_fault(&fault, None),
            ))
        }
        _ => Settled::Reply(Box::new(Err(problem))),
    };
    (settled, measured)
}

/// A refused request over its certificate's (or address's) limit: 429 (or its own 503 or
/// 429), and a record only when one is due ([`crate::refusals`]), filed under the partner
/// it named if admission got that far.
async fn limited(
    gw: &Gateway,
    who: &Who<'_>,
    stop: &Stop,
    retry_at: chrono::DateTime<chrono::Utc>,
    record: Option<u64>,
) -> (Settled, Measured) {
    let call = who.call;
    if let Some(requests) = record {
        tracing::warn!(correlation_id = %call.correlation_id, caller = %who.caller, requests, "refused requests over the caller's limit; answered 429, one record for them");
        let record = who.record(
            stop.partner(),
            None,
            Vec::new(),
            Outcome::Limited { requests },
        );
        if !append(gw, call, &record, false).await {
            return who.internal();
        }
    }
    // A stop that already says "later" (closed: the next opening; over the agreement's
    // limits) keeps its own answer; only its record is bounded.
    let own = stop.problem(call);
    let problem = if matches!(own.status, 429 | 503) {
        own
    } else {
        Problem::new(
            429,
            codes::RATE_LIMITED,
            "För många avvisade eller felaktiga anrop. Rätta anropen och försök igen senare.",
        )
        .with_retry_after(retry_at, call.now)
    };
    let measured = Measured {
        reason: Some(stop.kind()),
        limited: true,
        ..Measured::as_("LIMITED")
    };
    (Settled::Reply(Box::new(Err(problem))), measured)
}

async fn replayed(gw: &Gateway, who: &Who<'_>, replay: Replay) -> (Settled, Measured) {
    let call = who.call;
    let Replay {
        partner,
        asked,
        kept,
    } = replay;
    // What the first answer delivered is in its record; without it this disclosure
    // cannot be accounted for, so it does not happen.
    let first = match gw.store.get(&kept.first).await {
        Ok(Some(first)) => Some(first),
        Ok(None) => {
            tracing::error!(correlation_id = %call.correlation_id, first = %kept.first, "a kept answer has no audit record");
            None
        }
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "the first answer's audit record cannot be read");
            None
        }
    };
    let Some(first) = first else {
        let failed = Outcome::Failed {
            error: "first-record-unreadable".into(),
        };
        append(
            gw,
            call,
            &who.record(Some(&partner), Some(&asked), Vec::new(), failed),
            false,
        )
        .await;
        return (
            Settled::Reply(Box::new(Err(Problem::internal()))),
            Measured::as_(FAILED),
        );
    };
    let replayed = Outcome::Replayed {
        first: kept.first.clone(),
    };
    let record = who.record(Some(&partner), Some(&asked), first.delivered, replayed);
    if !append(gw, call, &record, false).await {
        return who.internal();
    }
    let mut rendered = kept.rendered;
    rendered
        .headers
        .push(("x-lefi-replay".into(), "true".into()));
    // SHS names a repeated `tx.id` itself.
    if matches!(who.protocol, Protocol::Shs(_)) {
        rendered
            .headers
            .push(("x-shs-duplicatemsg".into(), "yes".into()));
    }
    (Settled::Bytes(rendered), Measured::as_("REPLAYED"))
}

async fn listed(gw: &Gateway, who: &Who<'_>, listed: Listed) -> (Settled, Measured) {
    let call = who.call;
    let record = who.record(Some(&listed.partner), None, Vec::new(), Outcome::Listed);
    if !append(gw, call, &record, false).await {
        return who.internal();
    }
    (
        Settled::Bytes(reply::json_body(&listed.types)),
        Measured::as_("LISTED"),
    )
}

async fn signed_in(gw: &Gateway, who: &Who<'_>, partner: PartnerId) -> (Settled, Measured) {
    let record = who.record(Some(&partner), None, Vec::new(), Outcome::SignedIn);
    if !append(gw, who.call, &record, false).await {
        return who.internal();
    }
    (Settled::SignedIn, Measured::as_("SIGNED_IN"))
}

/// An asynchronous SHS message: its record says how many queries it brought (each will
/// have its own), and only then is it acknowledged with 202.
async fn accepted(gw: &Gateway, who: &Who<'_>, accepted: Accepted) -> (Settled, Measured) {
    let outcome = Outcome::Received {
        queries: accepted.queries,
    };
    let record = who.record(accepted.partner.as_ref(), None, Vec::new(), outcome);
    if !append(gw, who.call, &record, false).await {
        return who.internal();
    }
    (
        Settled::Bytes(crate::shs::accepted(&accepted.tx_id, accepted.duplicate)),
        Measured::as_("RECEIVED"),
    )
}

/// The delivery service: listed, fetched (the record names the query whose answer it
/// is) or acknowledged — recorded before anything leaves.
async fn mailbox(gw: &Gateway, who: &Who<'_>, ending: MailboxEnding) -> (Settled, Measured) {
    let outcome = match &ending {
        MailboxEnding::Listed { .. } => Outcome::MailboxListed,
        MailboxEnding::Fetched { record, .. } => Outcome::MailboxFetched {
            record: record.clone(),
        },
        MailboxEnding::Acknowledged { tx_id, .. } => Outcome::MailboxAcknowledged {
            tx_id: tx_id.clone(),
        },
    };
    let class = outcome_class(&outcome);
    let record = who.record(ending.partner(), None, Vec::new(), outcome);
    if !append(gw, who.call, &record, false).await {
        return who.internal();
    }
    (
        Settled::Bytes(crate::shs::rendered(&ending)),
        Measured::as_(class),
    )
}

/// Appends the record; `false` if it is not in the log (then nothing may leave).
async fn append(gw: &Gateway, call: &Call, record: &AuditRecord, existing_counts: bool) -> bool {
    match gw.store.append(record).await {
        Ok(()) => true,
        Err(StoreError::AlreadyExists) if existing_counts => true,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "audit write failed; nothing leaves");
            false
        }
    }
}

fn ssek_fault(code: FaultCode, meddelande: &str) -> Problem {
    Problem {
        ssek_fault: Some(code),
        ..Problem::not_authorized(meddelande)
    }
}

// What each stop means for the partner and for the audit. Exhaustive matches, no
// catch-all: a new stop does not compile until both are decided.
impl Stop {
    fn problem(&self, call: &Call) -> Problem {
        let now = call.now;
        match self {
            Self::NoCertificate(_) | Self::UnknownCertificate | Self::NotRepresented { .. } => {
                Problem::not_authorized(NOT_REPRESENTED)
            }
            Self::PartnerNotNamed => {
                Problem::not_authorized("Ange AktorsId: anroparen företräder flera aktörer.")
            }
            Self::NoPortalUser => Problem::not_authorized(
                "Du har ingen behörighet att använda LEFI Online för någon organisation.",
            ),
            Self::NoAgreement { .. } => {
                Problem::not_authorized("Aktören har inget avtal om LEFI Online.")
            }
            Self::AgreementNotValid { reason, .. } => Problem::not_authorized(reason.clone()),
            Self::Closed {
                reason,
                next_opening,
                ..
            } => {
                let mut p = Problem::new(503, codes::SERVICE_CLOSED, reason.clone());
                p.next_opening = *next_opening;
                match next_opening {
                    Some(at) => p.with_retry_after(*at, now),
                    None => p,
                }
            }
            Self::Unreadable { why, .. } => why.problem(),
            Self::ReceiverIdUnknown { .. } => ssek_fault(
                FaultCode::ReceiverIdUnknown,
                "Mottagaren (ReceiverId) är inte LEFI Online.",
            ),
            Self::SenderIdUnknown { .. } => ssek_fault(
                FaultCode::SenderIdUnknown,
                "Avsändaren (SenderId) stämmer inte med klientcertifikatet.",
            ),
            Self::QueryIdReused { .. } => Problem::new(
                409,
                codes::CONFLICT,
                "Fråge-id:t har redan använts för en annan fråga. Använd ett nytt id.",
            ),
            Self::QueryInProgress { .. } => Problem::new(
                409,
                codes::CONFLICT,
                "En fråga med samma fråge-id besvaras redan. Vänta på svaret.",
            )
            .with_retry_after(now + TimeDelta::seconds(1), now),
            Self::RateLimited { retry_at, .. } => Problem::new(
                429,
                codes::RATE_LIMITED,
                "För många frågor i sekunden enligt avtalet. Vänta och försök igen.",
            )
            .with_retry_after(*retry_at, now),
            Self::DailyLimitReached { retry_at, .. } => Problem::new(
                429,
                codes::RATE_LIMITED,
                "Dagens antal frågor enligt avtalet är förbrukat. Försök igen i morgon.",
            )
            .with_retry_after(*retry_at, now),
            Self::MailboxNotYours => Problem::not_authorized(
                "Brevlådan tillhör inte anroparens organisation eller någon aktör den företräder.",
            ),
            Self::NoSuchMessage { .. } => crate::shs::no_such_message(),
            Self::WorkAbandoned {
                part,
                parts,
                attempts,
                ..
            } => Problem::new(
                500,
                codes::INTERNT_FEL,
                format!(
                    "Fråga {part} av {parts} i meddelandet kunde inte behandlas efter {attempts} försök. Inga uppgifter lämnades ut. Skicka frågan igen i ett nytt meddelande."
                ),
            ),
            Self::StoreUnavailable { .. }
            | Self::KeptAnswerUnreadable { .. }
            | Self::MailboxUnreadable { .. }
            | Self::WorkflowFailed { .. } => Problem::internal(),
        }
    }

    /// The stop's name in metrics (`Reason`): a literal per variant.
    fn kind(&self) -> &'static str {
        match self {
            Self::NoCertificate(_) => "NoCertificate",
            Self::UnknownCertificate => "UnknownCertificate",
            Self::NotRepresented { .. } => "NotRepresented",
            Self::PartnerNotNamed => "PartnerNotNamed",
            Self::NoPortalUser => "NoPortalUser",
            Self::NoAgreement { .. } => "NoAgreement",
            Self::AgreementNotValid { .. } => "AgreementNotValid",
            Self::Closed { .. } => "Closed",
            Self::Unreadable { .. } => "Unreadable",
            Self::ReceiverIdUnknown { .. } => "ReceiverIdUnknown",
            Self::SenderIdUnknown { .. } => "SenderIdUnknown",
            Self::QueryIdReused { .. } => "QueryIdReused",
            Self::QueryInProgress { .. } => "QueryInProgress",
            Self::RateLimited { .. } => "RateLimited",
            Self::DailyLimitReached { .. } => "DailyLimitReached",
            Self::MailboxNotYours => "MailboxNotYours",
            Self::NoSuchMessage { .. } => "NoSuchMessage",
            Self::MailboxUnreadable { .. } => "MailboxUnreadable",
            Self::WorkAbandoned { .. } => "WorkAbandoned",
            Self::StoreUnavailable { .. } => "StoreUnavailable",
            Self::KeptAnswerUnreadable { .. } => "KeptAnswerUnreadable",
            Self::WorkflowFailed { .. } => "WorkflowFailed",
        }
    }

    /// Whether the request ended for something its caller did (or sent, or when), which
    /// its certificate's refusal bucket pays for; not when the service failed.
    fn is_callers_doing(&self) -> bool {
        match self {
            Self::NoCertificate(_)
            | Self::UnknownCertificate
            | Self::NotRepresented { .. }
            | Self::PartnerNotNamed
            | Self::NoPortalUser
            | Self::NoAgreement { .. }
            | Self::AgreementNotValid { .. }
            | Self::Closed { .. }
            | Self::Unreadable { .. }
            | Self::ReceiverIdUnknown { .. }
            | Self::SenderIdUnknown { .. }
            | Self::QueryIdReused { .. }
            | Self::QueryInProgress { .. }
            | Self::RateLimited { .. }
            | Self::DailyLimitReached { .. }
            | Self::MailboxNotYours
            | Self::NoSuchMessage { .. } => true,
            Self::StoreUnavailable { .. }
            | Self::KeptAnswerUnreadable { .. }
            | Self::MailboxUnreadable { .. }
            | Self::WorkAbandoned { .. }
            | Self::WorkflowFailed { .. } => false,
        }
    }

    fn outcome(&self, problem: &Problem) -> Outcome {
        let refused = || Outcome::Refused {
            reason: problem.meddelande.clone(),
        };
        let not_served = |code: &str| Outcome::NotServed {
            code: code.to_owned(),
        };
        match self {
            Self::NoCertificate(_)
            | Self::UnknownCertificate
            | Self::NotRepresented { .. }
            | Self::PartnerNotNamed
            | Self::NoPortalUser
            | Self::NoAgreement { .. }
            | Self::AgreementNotValid { .. }
            | Self::ReceiverIdUnknown { .. }
            | Self::SenderIdUnknown { .. }
            | Self::MailboxNotYours => refused(),
            Self::NoSuchMessage { .. } => not_served(codes::NOT_FOUND),
            Self::MailboxUnreadable { .. } => Outcome::Failed {
                error: "mailbox-reply-unreadable".into(),
            },
            Self::WorkAbandoned { .. } => Outcome::Failed {
                error: "shs-work-abandoned".into(),
            },
            Self::Closed { .. } => not_served(codes::SERVICE_CLOSED),
            Self::Unreadable { why, .. } => Outcome::Invalid { codes: why.codes() },
            Self::QueryIdReused { .. } => not_served(codes::CONFLICT),
            Self::QueryInProgress { .. } => not_served(IN_PROGRESS),
            Self::RateLimited { .. } | Self::DailyLimitReached { .. } => {
                not_served(codes::RATE_LIMITED)
            }
            Self::StoreUnavailable { port, .. } => Outcome::Failed {
                error: match port {
                    Port::Directory => "store:directory",
                    Port::Idempotency => "store:idempotency",
                    Port::RateLimits => "store:rate-limits",
                    Port::Mailbox => "store:mailbox",
                }
                .into(),
            },
            Self::KeptAnswerUnreadable { .. } => Outcome::Failed {
                error: "kept-answer-unreadable".into(),
            },
            Self::WorkflowFailed { error, .. } => Outcome::Failed {
                error: error.clone(),
            },
        }
    }

    /// The partner the record is filed under: one admission verified, or the one a known
    /// caller named; never one an unidentified caller wrote into a path.
    fn partner(&self) -> Option<&PartnerId> {
        match self {
            Self::NoCertificate(_)
            | Self::UnknownCertificate
            | Self::PartnerNotNamed
            | Self::NoPortalUser
            | Self::MailboxNotYours => None,
            Self::NotRepresented { named } => Some(named),
            Self::NoAgreement { partner }
            | Self::AgreementNotValid { partner, .. }
            | Self::Closed { partner, .. }
            | Self::QueryIdReused { partner, .. }
            | Self::QueryInProgress { partner, .. }
            | Self::RateLimited { partner, .. }
            | Self::DailyLimitReached { partner, .. }
            | Self::KeptAnswerUnreadable { partner, .. }
            | Self::WorkflowFailed { partner, .. } => Some(partner),
            Self::Unreadable { partner, .. }
            | Self::ReceiverIdUnknown { partner }
            | Self::SenderIdUnknown { partner }
            | Self::NoSuchMessage { partner }
            | Self::MailboxUnreadable { partner }
            | Self::WorkAbandoned { partner, .. }
            | Self::StoreUnavailable { partner, .. } => partner.as_ref(),
        }
    }

    fn asked(&self) -> Option<&Asked> {
        match self {
            Self::NoCertificate(_)
            | Self::UnknownCertificate
            | Self::NotRepresented { .. }
            | Self::PartnerNotNamed
            | Self::NoPortalUser
            | Self::NoAgreement { .. }
            | Self::AgreementNotValid { .. }
            | Self::Closed { .. }
            | Self::Unreadable { .. }
            | Self::ReceiverIdUnknown { .. }
            | Self::SenderIdUnknown { .. }
            | Self::MailboxNotYours
            | Self::NoSuchMessage { .. }
            | Self::MailboxUnreadable { .. }
            | Self::WorkAbandoned { .. } => None,
            Self::QueryIdReused { asked, .. }
            | Self::QueryInProgress { asked, .. }
            | Self::RateLimited { asked, .. }
            | Self::DailyLimitReached { asked, .. }
            | Self::KeptAnswerUnreadable { asked, .. }
            | Self::WorkflowFailed { asked, .. } => Some(asked),
            Self::StoreUnavailable { asked, .. } => asked.as_ref(),
        }
    }
}
