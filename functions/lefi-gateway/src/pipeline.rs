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
use lefi_store::{Begin, Caller, PartnerId, PersonRef, Take};
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
        Endpoint::ShsMailbox(asked) => crate::shs::mailbox(gw, call, asked, caller).await,
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
    let partner_of = |named| represented(&caller, named);
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
    let sender = call.organisation_number();
    if sender.is_none() || sender != Some(digits(&header.sender_id).as_str()) {
        return Handled::stop(protocol, Stop::SenderIdUnknown { partner });
    }
    query(gw, call, protocol, None, Ok(incoming), caller).await
}

/// SHS (C1): the message and its label, then what LEFI Online asks of it (its product, a
/// request, the number of data parts); the receiver must be Försäkringskassan and the
/// sender the certificate's organisation or the organisation of a partner the caller may
/// represent (P2). A synchronous message's one query then goes on like any other, its
/// `tx.id` as the query id; an asynchronous message's queries are queued ([`accept`]).
async fn shs(
    gw: &Gateway,
    call: &Call,
    request: &Request,
    caller: Result<Caller, Stop>,
) -> Handled {
    let partner_of = |named| represented(&caller, named);
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
    let message = match channels::read_shs(request) {
        Ok(m) => m,
        Err(why) => return refused(why),
    };
    if let Err(why) = channels::shs_request(&message) {
        return refused(why);
    }
    let label = &message.label;
    let receiver = label.to.as_deref().and_then(shs::organisation_number);
    if receiver.as_deref() != Some(SERVICE_ID) {
        let partner = partner_of(None);
        return Handled::stop(Protocol::Shs(None), Stop::ReceiverIdUnknown { partner });
    }
    if label.transfer_type == shs::TransferType::Asynch {
        return accept(gw, call, &message, caller).await;
    }
    shs_part(gw, call, label, &message.parts[0].body, caller).await
}

/// One query of an SHS message — the synchronous one, or one part of an asynchronous
/// message that its worker runs ([`crate::shs::process`]) — from its document to its
/// ending, after the message's own checks: the sender (P2), then the query like any
/// other, the label's `tx.id` its query id.
pub(crate) async fn shs_part(
    gw: &Gateway,
    call: &Call,
    label: &shs::Label,
    document: &[u8],
    caller: Result<Caller, Stop>,
) -> Handled {
    let by = caller.as_ref().ok().map(|c| c.id.clone());
    let protocol = Protocol::Shs(Some(Box::new(label.clone())));
    let incoming = channels::read_shs_query(label, document);
    let named = incoming.as_ref().ok().and_then(|i| i.aktors_id.clone());
    let partner = represented(&caller, named.as_deref());
    if !sender_may_send(gw, call, label, partner.as_slice()).await {
        return Handled::stop(Protocol::Shs(None), Stop::SenderIdUnknown { partner }).by(by);
    }
    query(gw, call, protocol, None, incoming, caller)
        .await
        .by(by)
}

/// P2 for SHS: the label's sender is the certificate's organisation, or the organisation
/// of one of `partners` (a supplier's system sends in the name of the partner it acts
/// for, which the caller must represent).
async fn sender_may_send(
    gw: &Gateway,
    call: &Call,
    label: &shs::Label,
    partners: &[PartnerId],
) -> bool {
    match label.sender().and_then(shs::organisation_number) {
        Some(sender) => crate::shs::acts_as(gw, call, partners, &sender)
            .await
            .is_some(),
        None => false,
    }
}

/// An asynchronous SHS message (issue 18): its sender checked against every partner the
/// caller represents, its `tx.id` claimed for the caller (a repeat is a duplicate, never
/// queued twice), and each data part queued as one query; answered 202 at once.
async fn accept(
    gw: &Gateway,
    call: &Call,
    message: &shs::ShsMessage,
    caller: Result<Caller, Stop>,
) -> Handled {
    let protocol = Protocol::Shs(None);
    let caller = match caller {
        Ok(c) => c,
        Err(stop) => return Handled::stop(protocol, stop),
    };
    let label = &message.label;
    let represents: Vec<PartnerId> = caller.represents.iter().cloned().collect();
    if !sender_may_send(gw, call, label, &represents).await {
        return Handled::stop(protocol, Stop::SenderIdUnknown { partner: None });
    }
    let partner = admission::represent(&caller, None).ok();
    let queries = crate::shs::queries_of(message);
    let most = gw.config.shs.max_queries;
    if queries.is_empty() || queries.len() > most {
        let why = Unreadable::Shs(shs::ShsError::new(
            shs::ErrorCode::IllegalMessageStructure,
            format!(
                "En massfråga har 1 till {most} frågor enligt SLA (Fraga i var sin datadel, eller i en Massfraga); den här har {}.",
                queries.len()
            ),
        ));
        return Handled::stop(protocol, Stop::Unreadable { partner, why });
    }
    let (Some(queue), Ok(pem)) = (
        &gw.shs_queue,
        &call.certificate.as_ref().map(|c| c.pem.clone()),
    ) else {
        let why = Unreadable::Shs(shs::ShsError::new(
            shs::ErrorCode::MissingDeliveryExecution,
            "Asynkrona SHS-meddelanden tas inte emot här.",
        ));
        return Handled::stop(protocol, Stop::Unreadable { partner, why });
    };
    // The tx.id is the caller's for as long as a reply may wait.
    let key = format!("shs-in\n{}\n{}", caller.id, label.tx_id);
    let fingerprint = gw
        .protector
        .digest("shs-in", &shs::render_message(label, &message.parts));
    let begun = gw
        .store
        .begin(
            &key,
            &fingerprint,
            call.now,
            call.now + gw.config.claim_lease,
        )
        .await;
    let accepted = |queries, duplicate| {
        Handled::new(
            Protocol::Shs(None),
            Ending::Accepted(crate::outcome::Accepted {
                partner: partner.clone(),
                tx_id: label.tx_id.clone(),
                queries,
                duplicate,
            }),
        )
    };
    match begun {
        Ok(Begin::Started) => {}
        Ok(Begin::Existing(_)) => return accepted(0, true),
        Ok(Begin::Conflict) => {
            let why = Unreadable::Shs(shs::ShsError::new(
                shs::ErrorCode::IllegalMessageStructure,
                "tx.id har redan använts för ett annat meddelande. Använd ett nytt tx.id.",
            ));
            return Handled::stop(protocol, Stop::Unreadable { partner, why });
        }
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "idempotency unavailable");
            let stop = Stop::StoreUnavailable {
                partner,
                asked: None,
                port: Port::Idempotency,
            };
            return Handled::stop(protocol, stop);
        }
    }
    let work = crate::shs::work_of(gw, call, pem, message, queries);
    let queries = u64::try_from(work.len()).unwrap_or(u64::MAX);
    if let Err(e) = queue.send(work).await {
        tracing::error!(correlation_id = %call.correlation_id, error = %e, "SHS work could not be queued");
        let _ = gw.store.abandon(&key).await;
        let why = Unreadable::Shs(shs::ShsError::new(
            shs::ErrorCode::MissingDeliveryExecution,
            "Meddelandet kunde inte tas emot just nu. Försök igen senare.",
        ));
        return Handled::stop(protocol, Stop::Unreadable { partner, why });
    }
    let kept_until = call.now + gw.config.shs.retention;
    if let Err(e) = gw
        .store
        .complete(&key, "accepted", gw.clock.now(), kept_until)
        .await
    {
        // The work is queued: a repeat within the window is refused as in progress
        // rather than queued again.
        tracing::warn!(correlation_id = %call.correlation_id, error = %e, "the SHS claim could not be completed");
    }
    accepted(queries, false)
}

/// The partner a known caller may act for, named or (with `None`) its only one.
fn represented(caller: &Result<Caller, Stop>, named: Option<&str>) -> Option<PartnerId> {
    caller
        .as_ref()
        .ok()
        .and_then(|c| admission::represent(c, named).ok())
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
    let mut now = call.now;
    let taken = loop {
        match gw.store.take(&partner, &input.agreement.limits, now).await {
            // A mass query's worker waits for the partner's rate (C3), a while at a time.
            Ok(Take::RateLimited { retry_at }) if call.patient => {
                let wait = (retry_at - now).to_std().unwrap_or_default();
                tokio::time::sleep(wait.min(std::time::Duration::from_secs(5))).await;
                now = gw.clock.now().max(now);
            }
            taken => break taken,
        }
    };
    match taken {
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
