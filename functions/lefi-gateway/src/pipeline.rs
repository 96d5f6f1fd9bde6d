//! The pipeline of a partner endpoint (P1, P2, O4, C1, C3): the stages in order, each
//! ending the request with a [`Stop`] or passing it on. It returns a [`Handled`] and
//! never an answer: [`crate::audit::finish`] audits and renders every ending.
//!
//! A query: who is calling (certificate → caller) → for which partner (path, `AktorsId`,
//! or the caller's only partner) → its agreement → opening hours → the document → the
//! query id (a replay ends here) → the traffic limits → the workflow. SSEK reads its
//! envelope and checks `ReceiverId` and `SenderId` before that, as SSEK answers faults.

use lambda_http::Request;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Personnummer, RawQuery};
use lefi_store::{Caller, PartnerId, PersonRef, Take};
use lefi_workflow::QueryInput;

use crate::admission;
use crate::answering;
use crate::channels::{self, Incoming, Protocol, Unreadable};
use crate::idempotency::{self, Begun};
use crate::outcome::{Asked, Ending, Handled, Listed, Port, Replay, Stop};
use crate::routing::Endpoint;
use crate::{Call, Gateway, SERVICE_ID};
use lefi_contract::shs;

/// Serves one request to a partner endpoint, up to its ending. Every endpoint starts
/// with who is calling (P2); the stages after that decide in their own order.
pub(crate) async fn serve(
    gw: &Gateway,
    call: &Call,
    endpoint: Endpoint,
    request: &Request,
) -> Handled {
    let caller = admission::identify(gw, call).await;
    let by = caller.as_ref().ok().map(|c| c.id.clone());
    let handled = match endpoint {
        Endpoint::V9Query { aktor } => {
            let incoming = channels::read_v9_json(request);
            query(gw, call, Protocol::V9Json, Some(&aktor), incoming, caller).await
        }
        Endpoint::XmlQuery => {
            let incoming = channels::read_xml(request);
            query(gw, call, Protocol::Xml, None, incoming, caller).await
        }
        Endpoint::SsekQuery => ssek(gw, call, request, caller).await,
        Endpoint::ShsReception => shs(gw, call, request, caller).await,
        Endpoint::Available { aktor } => available(gw, call, &aktor, caller).await,
    };
    handled.by(by)
}

/// SSEK (C1): the envelope, then the receiver must be this service and the sender the
/// organisation of the client certificate; then the query like any other, its `TxId` as
/// the query id. The caller is known already only so that a fault's record can name the
/// partner when the certificate settles it; the order of answers is unchanged.
async fn ssek(
    gw: &Gateway,
    call: &Call,
    request: &Request,
    caller: Result<Caller, Stop>,
) -> Handled {
    let partner_of = |named: Option<&str>| {
        caller
            .as_ref()
            .ok()
            .and_then(|c| admission::represent(c, named).ok())
    };
    let (header, incoming) = match channels::read_ssek(request) {
        Ok(read) => read,
        Err(why) => {
            let partner = partner_of(None);
            return Handled::stop(Protocol::Ssek(None), Stop::Unreadable { partner, why });
        }
    };
    let partner = partner_of(incoming.aktors_id.as_deref());
    let protocol = Protocol::Ssek(Some(header.clone()));
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if digits(&header.receiver_id) != SERVICE_ID {
        return Handled::stop(protocol, Stop::ReceiverIdUnknown { partner });
    }
    let sender = call
        .certificate
        .as_ref()
        .ok()
        .and_then(|c| c.organisation_number.clone());
    if sender.is_none() || sender != Some(digits(&header.sender_id)) {
        return Handled::stop(protocol, Stop::SenderIdUnknown { partner });
    }
    query(gw, call, protocol, None, Ok(incoming), caller).await
}

/// SHS (C1): the message and its label, then what LEFI Online asks of it (its product, a
/// request, one data part); the receiver must be Försäkringskassan and the sender the
/// certificate's organisation or the organisation of the partner the query is for, whom
/// the caller may represent (P2); then the query like any other, its `tx.id` as the
/// query id.
async fn shs(
    gw: &Gateway,
    call: &Call,
    request: &Request,
    caller: Result<Caller, Stop>,
) -> Handled {
    let partner_of = |named: Option<&str>| {
        caller
            .as_ref()
            .ok()
            .and_then(|c| admission::represent(c, named).ok())
    };
    let message = match channels::read_shs(request) {
        Ok(m) => m,
        Err(why) => {
            let partner = partner_of(None);
            return Handled::stop(Protocol::Shs(None), Stop::Unreadable { partner, why });
        }
    };
    let label = &message.label;
    let protocol = Protocol::Shs(Some(Box::new(label.clone())));
    // SHS's own refusals are answered as SHS answers them, without a reply message.
    let refused = |why| {
        Handled::stop(
            Protocol::Shs(None),
            Stop::Unreadable {
                partner: partner_of(None),
                why,
            },
        )
    };
    if let Err(why) = channels::shs_request(&message) {
        return refused(why);
    }
    let receiver = label.to.as_deref().and_then(shs::organisation_number);
    if receiver.as_deref() != Some(SERVICE_ID) {
        return Handled::stop(
            Protocol::Shs(None),
            Stop::ReceiverIdUnknown {
                partner: partner_of(None),
            },
        );
    }
    let incoming = channels::read_shs_query(label, &message.parts[0]);
    let named = incoming.as_ref().ok().and_then(|i| i.aktors_id.clone());
    let partner = partner_of(named.as_deref());
    let sender = label.sender().and_then(shs::organisation_number);
    let certificate = call
        .certificate
        .as_ref()
        .ok()
        .and_then(|c| c.organisation_number.clone());
    let sender_ok = match (&sender, &partner) {
        (None, _) => false,
        (Some(s), _) if Some(s) == certificate.as_ref() => true,
        // A supplier's system sends in the name of the partner it acts for.
        (Some(s), Some(p)) => matches!(
            gw.store.agreement(p).await,
            Ok(Some(a)) if a.organisation.as_str() == s
        ),
        (Some(_), None) => false,
    };
    if !sender_ok {
        return Handled::stop(Protocol::Shs(None), Stop::SenderIdUnknown { partner });
    }
    query(gw, call, protocol, None, incoming, caller).await
}

/// A query, whichever way it came in.
async fn query(
    gw: &Gateway,
    call: &Call,
    protocol: Protocol,
    aktor: Option<&str>,
    incoming: Result<Incoming, Unreadable>,
    caller: Result<Caller, Stop>,
) -> Handled {
    let caller = match caller {
        Ok(c) => c,
        Err(stop) => return Handled::stop(protocol, stop),
    };
    let named = aktor
        .map(str::to_owned)
        .or_else(|| incoming.as_ref().ok().and_then(|i| i.aktors_id.clone()));
    let partner = match admission::represent(&caller, named.as_deref()) {
        Ok(p) => p,
        // A document that cannot be read names no partner: for a caller of several
        // partners what is wrong is the document (the caller is known; nothing leaks).
        Err(stop) => {
            let stop = match (incoming, named) {
                (Err(why), None) => Stop::Unreadable { partner: None, why },
                _ => stop,
            };
            return Handled::stop(protocol, stop);
        }
    };
    let agreement = match admission::agreement_of(gw, call, &partner).await {
        Ok(a) => a,
        Err(stop) => return Handled::stop(protocol, stop),
    };
    if let Err(stop) = admission::check_open(gw, call, &partner) {
        return Handled::stop(protocol, stop);
    }
    let incoming = match incoming {
        Ok(i) => i,
        Err(why) => {
            let partner = Some(partner);
            return Handled::stop(protocol, Stop::Unreadable { partner, why });
        }
    };
    // The service's own codes (`LEFI:UTB`) in the XML channels, never in v9 JSON (V7).
    let query = incoming
        .fraga
        .raw_query(!matches!(protocol, Protocol::V9Json));
    let asked = asked_of(gw, call, &query);

    // C3: a repeated query id from the same caller gets the first answer.
    let claim = match &incoming.query_id {
        None => None,
        Some(id) => {
            let begun =
                idempotency::begin(gw, call, &protocol, &caller, &partner, id, &incoming.fraga)
                    .await;
            match begun {
                Begun::Claimed(claim) => Some(claim),
                Begun::Done(kept) => {
                    let replay = Replay {
                        partner,
                        asked,
                        kept,
                    };
                    return Handled::new(protocol, Ending::Replayed(replay));
                }
                Begun::InProgress => {
                    return Handled::stop(protocol, Stop::QueryInProgress { partner, asked });
                }
                Begun::Reused => {
                    return Handled::stop(protocol, Stop::QueryIdReused { partner, asked });
                }
                Begun::KeptUnreadable => {
                    let stop = Stop::KeptAnswerUnreadable { partner, asked };
                    return Handled::stop(protocol, stop);
                }
                Begun::Unavailable => {
                    let stop = Stop::StoreUnavailable {
                        partner: Some(partner),
                        asked: Some(asked),
                        port: Port::Idempotency,
                    };
                    return Handled::stop(protocol, stop);
                }
            }
        }
    };
    let input = QueryInput {
        correlation_id: call.correlation_id.clone(),
        received_at: call.now,
        partner: partner.clone(),
        caller: caller.id.clone(),
        user: None,
        channel: protocol.channel().to_owned(),
        query,
        agreement,
        budget_ms: budget_ms(gw),
    };
    // Whatever the rest ends in, `finish` keeps the answer under the claim or frees it.
    limits_then_workflow(gw, call, protocol, input, asked)
        .await
        .holding(claim)
}

/// The configured budget in the workflow's unit (the configuration keeps it in range).
fn budget_ms(gw: &Gateway) -> u32 {
    u32::try_from(gw.config.query_budget.as_millis()).unwrap_or(u32::MAX)
}

/// What the audit keeps of a readable query (P5, A4): the subject protected, the codes
/// and the stated purpose bounded, the purpose sealed to this request's record.
fn asked_of(gw: &Gateway, call: &Call, query: &RawQuery) -> Asked {
    Asked {
        subject: Personnummer::parse(&query.personnummer, stockholm_date(call.now))
            .ok()
            .map(|p| Box::new(gw.protector.protect(&p))),
        codes: query.audit_codes(),
        purpose: gw
            .protector
            .seal_purpose(&query.purpose, &call.correlation_id),
    }
}

/// A portal query (C2): the session settled who asks and for whom; then the agreement,
/// opening hours, limits and the workflow as for any query. No query id: a person who
/// sends the form twice asks twice.
pub(crate) async fn portal_query(
    gw: &Gateway,
    call: &Call,
    partner: PartnerId,
    query: RawQuery,
    user: PersonRef,
) -> Handled {
    let protocol = Protocol::Portal;
    let agreement = match admission::agreement_of(gw, call, &partner).await {
        Ok(a) => a,
        Err(stop) => return Handled::stop(protocol, stop),
    };
    if let Err(stop) = admission::check_open(gw, call, &partner) {
        return Handled::stop(protocol, stop);
    }
    let asked = asked_of(gw, call, &query);
    let input = QueryInput {
        correlation_id: call.correlation_id.clone(),
        received_at: call.now,
        partner,
        caller: crate::portal::CALLER.to_owned(),
        user: Some(user),
        channel: protocol.channel().to_owned(),
        query,
        agreement,
        budget_ms: budget_ms(gw),
    };
    limits_then_workflow(gw, call, protocol, input, asked).await
}

/// A portal login (P2, C2): a person with an organisation to act for, whose agreement
/// includes the portal today.
pub(crate) async fn portal_sign_in(
    gw: &Gateway,
    call: &Call,
    partner: Option<PartnerId>,
) -> Handled {
    let protocol = Protocol::Portal;
    let signed_in = async {
        let partner = partner.ok_or(Stop::NoPortalUser)?;
        let agreement = admission::agreement_of(gw, call, &partner).await?;
        admission::valid_for_portal(call, &partner, &agreement)?;
        Ok::<_, Stop>(partner)
    };
    match signed_in.await {
        Ok(partner) => Handled::new(protocol, Ending::SignedIn { partner }),
        Err(stop) => Handled::stop(protocol, stop),
    }
}

/// After the query id: the partner's traffic limits (C3), then the workflow.
async fn limits_then_workflow(
    gw: &Gateway,
    call: &Call,
    protocol: Protocol,
    input: QueryInput,
    asked: Asked,
) -> Handled {
    let partner = input.partner.clone();
    match gw
        .store
        .take(&partner, &input.agreement.limits, call.now)
        .await
    {
        Ok(Take::Allowed) => {}
        Ok(Take::RateLimited { retry_at }) => {
            let stop = Stop::RateLimited {
                partner,
                asked,
                retry_at,
            };
            return Handled::stop(protocol, stop);
        }
        Ok(Take::DailyLimitReached { retry_at }) => {
            let stop = Stop::DailyLimitReached {
                partner,
                asked,
                retry_at,
            };
            return Handled::stop(protocol, stop);
        }
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "rate limits unavailable");
            let stop = Stop::StoreUnavailable {
                partner: Some(partner),
                asked: Some(asked),
                port: Port::RateLimits,
            };
            return Handled::stop(protocol, stop);
        }
    }
    match answering::run(gw, call, &protocol, &input).await {
        Ok(ran) => Handled::new(protocol, Ending::Ran(Box::new(ran))),
        Err(error) => Handled::stop(
            protocol,
            Stop::WorkflowFailed {
                partner,
                asked,
                error,
            },
        ),
    }
}

/// `GET …/tillgangligaInformationstyper`: what the caller may ask for, per v9 list.
async fn available(
    gw: &Gateway,
    call: &Call,
    aktor: &str,
    caller: Result<Caller, Stop>,
) -> Handled {
    let protocol = Protocol::V9Json;
    let listed = async {
        let caller = caller?;
        let partner = admission::represent(&caller, Some(aktor))?;
        let agreement = admission::agreement_of(gw, call, &partner).await?;
        admission::valid(call, &partner, &agreement)?;
        let types = answering::informationstyper(&agreement);
        Ok::<_, Stop>(Listed { partner, types })
    };
    match listed.await {
        Ok(listed) => Handled::new(protocol, Ending::Listed(listed)),
        Err(stop) => Handled::stop(protocol, stop),
    }
}
