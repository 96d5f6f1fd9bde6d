//! SHS's asynchronous half (issue 18, SPEC C1): mass queries and the mailbox.
//!
//! - **Reception.** An asynchronous message is checked like a synchronous one, then each
//!   data part becomes one [`Work`] on the [`Queue`] — its query sealed — and the partner
//!   gets 202 with `X-shs-txid` at once. The message itself is audited
//!   (`Outcome::Received`); a repeated `tx.id` from the same caller is a duplicate
//!   (`X-shs-duplicatemsg`), never queued twice.
//! - **Processing** ([`process`]): each query runs through the same pipeline as if it
//!   had come alone — the certificate identifies the caller again (P2), its agreement
//!   (P1, P3), opening hours (O4), the document (V8), the traffic limits (C3: the
//!   worker *waits* for the partner's rate instead of answering `RATE_LIMITED`), the
//!   workflow with its own audit record and metering (P4, P5). Its query id is the
//!   message's `tx.id` and the part's number, so a redelivered work item replays the
//!   first answer instead of running again.
//! - **Delivery.** Each query's answer is one reply in the sender's mailbox (one reply
//!   per query, all with the request's `corr.id`): sealed at rest, its `tx.id` derived
//!   from the request's, so a redelivery never puts it there twice; gone when
//!   acknowledged or after the retention.
//! - **The mailbox** (the delivery service): [`mailbox`] lists, fetches and acknowledges,
//!   for the address's own organisation only.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use lefi_contract::shs::{self, Label, ListedMessage};
use lefi_contract::xml;
use lefi_store::{Caller, Delivery, MailboxItem, PartnerId};
use serde::{Deserialize, Serialize};

use crate::admission;
use crate::identity::ClientCertificate;
use crate::outcome::{Ending, Handled, MailboxEnding, Stop};
use crate::reply::{Problem, Rendered};
use crate::{Call, Gateway};

/// How SHS is run: the largest mass query, how long a reply is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShsConfig {
    /// Most queries in one asynchronous message (the SLA's size): data parts, or the
    /// `Fraga`s of a `Massfraga`.
    pub max_queries: usize,
    /// How long a reply waits in a mailbox unacknowledged.
    pub retention: TimeDelta,
}

impl Default for ShsConfig {
    fn default() -> Self {
        Self {
            max_queries: 10_000,
            retention: TimeDelta::days(7),
        }
    }
}

/// One query of an asynchronous message, waiting to be processed: what the worker
/// needs to run it as if it had come alone. The query is sealed; the rest names no one.
#[derive(Clone, Serialize, Deserialize)]
pub struct Work {
    /// The certificate the message came with: the caller is identified from it again.
    pub certificate_pem: String,
    pub source: Option<String>,
    /// The request's label, as written by [`shs::render_label`].
    pub label: String,
    /// The query's number in the message, from 1, and how many the message had.
    pub part: u32,
    pub parts: u32,
    /// The data part, sealed by the protector to the message and part ([`work_context`]).
    pub query: String,
}

impl std::fmt::Debug for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Work")
            .field("part", &self.part)
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

fn work_context(tx_id: &str, part: u32) -> Vec<u8> {
    format!("lefi-shs-work\n{tx_id}\n{part}").into_bytes()
}

fn mailbox_context(address: &str, tx_id: &str) -> Vec<u8> {
    format!("lefi-shs-mailbox\n{address}\n{tx_id}").into_bytes()
}

/// Why work could not be queued or processed.
#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("kön tar inte emot: {0}")]
    Queue(String),
    #[error("arbetet kan inte läsas: {0}")]
    Unreadable(String),
    #[error("svaret kunde inte läggas i brevlådan: {0}")]
    Delivery(String),
}

/// Where asynchronous work waits: SQS in AWS, a channel in the local service.
#[async_trait]
pub trait Queue: Send + Sync {
    async fn send(&self, work: Vec<Work>) -> Result<(), WorkError>;
}

/// The local service's queue: a channel drained by [`drain`] in the same process. Not
/// durable: work in it is lost with the process (in AWS, SQS keeps it).
#[derive(Debug, Clone)]
pub struct InProcessQueue {
    tx: tokio::sync::mpsc::UnboundedSender<Work>,
}

impl InProcessQueue {
    pub fn new() -> (Self, tokio::sync::mpsc::UnboundedReceiver<Work>) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        (Self { tx }, rx)
    }
}

#[async_trait]
impl Queue for InProcessQueue {
    async fn send(&self, work: Vec<Work>) -> Result<(), WorkError> {
        for w in work {
            self.tx
                .send(w)
                .map_err(|_| WorkError::Queue("arbetaren har stannat".into()))?;
        }
        Ok(())
    }
}

/// Processes the queue's work, at most `concurrency` queries at a time (the registries'
/// protection, as the worker function's reserved concurrency is in AWS), until the queue
/// closes. A query that fails is logged; its answer is still in the mailbox unless the
/// mailbox itself failed.
pub async fn drain(
    gw: Arc<Gateway>,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Work>,
    concurrency: usize,
) {
    let mut running = tokio::task::JoinSet::new();
    while let Some(work) = rx.recv().await {
        while running.len() >= concurrency.max(1) {
            running.join_next().await;
        }
        let gw = gw.clone();
        running.spawn(async move {
            if let Err(e) = process(&gw, work).await {
                tracing::error!(error = %e, "an SHS query could not be processed");
            }
        });
    }
    while running.join_next().await.is_some() {}
}

/// The queries of an asynchronous message, in order, each with its data part's index: a
/// part is one `Fraga`, or a `Massfraga` of many ([`xml::split_batch`]).
pub(crate) fn queries_of(message: &shs::ShsMessage) -> Vec<(usize, Vec<u8>)> {
    message
        .parts
        .iter()
        .enumerate()
        .flat_map(|(i, p)| match xml::split_batch(&p.body) {
            Some(items) => items.into_iter().map(|d| (i, d)).collect(),
            None => vec![(i, p.body.clone())],
        })
        .collect()
}

/// The work of an accepted message, one item per query, each sealed.
pub(crate) fn work_of(
    gw: &Gateway,
    call: &Call,
    pem: &str,
    message: &shs::ShsMessage,
    queries: Vec<(usize, Vec<u8>)>,
) -> Vec<Work> {
    let parts = u32::try_from(queries.len()).unwrap_or(u32::MAX);
    // The label describes every data part; each item carries it with its own part's
    // description only (a mass query's label is a megabyte: cloned once, not per query).
    let bare = Label {
        data: Vec::new(),
        ..message.label.clone()
    };
    queries
        .into_iter()
        .zip(1..)
        .map(|((index, document), part)| Work {
            certificate_pem: pem.to_owned(),
            source: call.source.clone(),
            label: shs::render_label(&Label {
                data: message.label.data.get(index).cloned().into_iter().collect(),
                ..bare.clone()
            }),
            part,
            parts,
            query: gw
                .protector
                .seal(&document, &work_context(&message.label.tx_id, part)),
        })
        .collect()
}

/// Runs one query of an asynchronous message, as if it had come alone, and puts its
/// answer in the sender's mailbox.
///
/// # Errors
/// Work that cannot be read (it was not written by this service's keys), or a mailbox
/// that cannot take the reply — then the work should be tried again (SQS redelivers).
pub async fn process(gw: &Gateway, work: Work) -> Result<(), WorkError> {
    let (message_tx_id, label) = part_label(&work)?;
    let query = gw
        .protector
        .open(&work.query, &work_context(&message_tx_id, work.part))
        .map_err(|e| WorkError::Unreadable(e.to_string()))?;
    let call = work_call(gw, &work);
    let caller = admission::identify(gw, &call).await;
    let handled = crate::pipeline::shs_part(gw, &call, &label, &query, caller).await;
    let rendered = crate::audit::finish(gw, &call, handled).await;
    deliver(gw, &call, &label, &rendered).await
}

/// The last delivery of a work item failed too (a poison item): its query is audited as
/// abandoned and its reply — a `Felsvar` naming the query's part — goes to the sender's
/// mailbox, unless a reply to that query is there already. The item itself still fails,
/// so the queue moves it to its dead-letter queue for the operator.
///
/// # Errors
/// A label without a sender (no mailbox to put the reply in), or a mailbox that cannot
/// take it.
pub async fn give_up(gw: &Gateway, work: &Work, attempts: u32) -> Result<(), WorkError> {
    let call = work_call(gw, work);
    let partner = admission::identify(gw, &call)
        .await
        .ok()
        .and_then(|c| admission::represent(&c, None).ok());
    let label = part_label(work).map(|(_, label)| label);
    let stop = Stop::WorkAbandoned {
        partner,
        part: work.part,
        parts: work.parts,
        attempts,
    };
    let protocol = crate::channels::Protocol::Shs(label.as_ref().ok().cloned().map(Box::new));
    let rendered = crate::audit::finish(gw, &call, Handled::stop(protocol, stop)).await;
    deliver(gw, &call, &label?, &rendered).await
}

/// The message's `tx.id`, and the query's own label: its query id and its reply's
/// `tx.id` are the message's and the query's number (a redelivery replays, and is not
/// delivered twice).
fn part_label(work: &Work) -> Result<(String, Label), WorkError> {
    let request = shs::parse_label(work.label.as_bytes())
        .map_err(|e| WorkError::Unreadable(e.to_string()))?;
    let label = Label {
        tx_id: format!("{}#{}", request.tx_id, work.part),
        ..request.clone()
    };
    Ok((request.tx_id, label))
}

/// A work item's request: the certificate it came with, patient for the partner's rate.
fn work_call(gw: &Gateway, work: &Work) -> Call {
    Call {
        correlation_id: uuid::Uuid::new_v4().to_string(),
        now: gw.clock.now(),
        started: std::time::Instant::now(),
        certificate: ClientCertificate::from_pem(&work.certificate_pem),
        source: work.source.clone(),
        patient: true,
    }
}

/// Puts a query's reply in the sender's mailbox, sealed, once: a reply with the same
/// `tx.id` already there (a redelivery's) is kept.
async fn deliver(
    gw: &Gateway,
    call: &Call,
    label: &Label,
    rendered: &Rendered,
) -> Result<(), WorkError> {
    let Some(address) = label.sender().and_then(shs::organisation_number) else {
        return Err(WorkError::Unreadable("avsändaren saknas".into()));
    };
    let tx_id = reply_tx_id(label);
    let now = gw.clock.now();
    let item = MailboxItem {
        address: address.clone(),
        tx_id: tx_id.clone(),
        corr_id: label.corr_id.clone(),
        content_id: label.content_id.clone(),
        product: label.product.clone(),
        arrived: now,
        expires: now + gw.config.shs.retention,
        size: u64::try_from(rendered.body.len()).unwrap_or(u64::MAX),
        record: call.correlation_id.clone(),
    };
    let sealed = gw
        .protector
        .seal(rendered.body.as_bytes(), &mailbox_context(&address, &tx_id));
    match gw.store.deliver(&Delivery { item, sealed }).await {
        Ok(true) => Ok(()),
        Ok(false) => {
            tracing::info!(correlation_id = %call.correlation_id, "the reply was delivered before; not twice");
            Ok(())
        }
        Err(e) => Err(WorkError::Delivery(e.to_string())),
    }
}

/// One work item as the queue delivered it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The queue's id for it (SQS's `messageId`): what a failure is reported by.
    pub id: String,
    pub body: String,
    /// How many times it has been delivered, this time included.
    pub receives: u32,
}

/// A batch of work from the queue (the SHS worker's event): each query in its own task,
/// at once — a panic fails its own item only. Returns the ids of the items that failed,
/// for the queue to deliver again. An item on its `max_receives`th delivery that fails
/// is given up ([`give_up`]) and still returned, so the queue's redrive policy (the same
/// count) moves it to the dead-letter queue.
pub async fn work_batch(gw: &Arc<Gateway>, items: Vec<Received>, max_receives: u32) -> Vec<String> {
    let mut running = tokio::task::JoinSet::new();
    let mut pending = std::collections::HashMap::new();
    let mut failed = Vec::new();
    for item in items {
        match serde_json::from_str::<Work>(&item.body) {
            Ok(work) => {
                let (gw, w) = (gw.clone(), work.clone());
                let task = running.spawn(async move { process(&gw, w).await });
                pending.insert(task.id(), (item, work));
            }
            // Not written by this service: nothing to audit or answer; the dead-letter
            // queue keeps it for the operator.
            Err(e) => {
                tracing::error!(message_id = %item.id, receives = item.receives, error = %e, "an SHS work item cannot be read");
                failed.push(item.id);
            }
        }
    }
    while let Some(done) = running.join_next_with_id().await {
        let (task, error) = match done {
            Ok((_, Ok(()))) => continue,
            Ok((task, Err(e))) => (task, e.to_string()),
            Err(e) => (e.id(), format!("arbetet avbröts: {e}")),
        };
        let Some((item, work)) = pending.remove(&task) else {
            continue;
        };
        tracing::error!(message_id = %item.id, receives = item.receives, error = %error, "an SHS query failed");
        if item.receives >= max_receives
            && let Err(e) = give_up(gw, &work, item.receives).await
        {
            tracing::error!(message_id = %item.id, error = %e, "an abandoned SHS query's reply could not be delivered");
        }
        failed.push(item.id);
    }
    failed
}

/// A reply's `tx.id`: derived from the request's sender, `tx.id` and `corr.id`, so the
/// same request (or part) always gets the same reply id — a UUID in form.
pub fn reply_tx_id(request: &Label) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(request.sender().unwrap_or_default())
        .chain_update([0])
        .chain_update(&request.tx_id)
        .chain_update([0])
        .chain_update(&request.corr_id)
        .finalize();
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// What the delivery service was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailboxRequest {
    /// `GET /shs/ds/{address}` with the usual filters.
    List { address: String, filters: Filters },
    /// `GET /shs/ds/{address}/{txId}`.
    Fetch { address: String, tx_id: String },
    /// `POST /shs/ds/{address}/{txId}?action=ack`.
    Acknowledge { address: String, tx_id: String },
}

/// The list's filters: `producttype`, `since`, `corrid`, `maxhits` (others are read and
/// ignored: every reply here is LEFI Online's, from Försäkringskassan).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub product: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub corr_id: Option<String>,
    pub max_hits: Option<usize>,
}

/// The longest list given at once.
pub const MAX_HITS: usize = 1_000;

impl Filters {
    /// From a query string; `Err` names the parameter that cannot be read.
    pub fn parse(query: Option<&str>) -> Result<Self, &'static str> {
        let mut f = Filters::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            match k.as_ref() {
                "producttype" => f.product = Some(v.into_owned()),
                "corrid" => f.corr_id = Some(v.into_owned()),
                "since" => {
                    f.since = Some(
                        DateTime::parse_from_rfc3339(&v)
                            .map_err(|_| "since")?
                            .with_timezone(&Utc),
                    );
                }
                "maxhits" => f.max_hits = Some(v.parse().map_err(|_| "maxhits")?),
                _ => {}
            }
        }
        Ok(f)
    }

    fn keeps(&self, item: &MailboxItem) -> bool {
        self.product.as_ref().is_none_or(|p| *p == item.product)
            && self.corr_id.as_ref().is_none_or(|c| *c == item.corr_id)
            && self.since.is_none_or(|s| item.arrived >= s)
    }
}

/// The delivery service (the mailbox): only an address of the caller's own — its
/// certificate's organisation, or a partner's it may act for (P2) — and every request
/// audited before anything leaves.
pub(crate) async fn mailbox(
    gw: &Gateway,
    call: &Call,
    request: MailboxRequest,
    caller: Result<Caller, Stop>,
) -> Handled {
    let protocol = crate::channels::Protocol::Shs(None);
    let caller = match caller {
        Ok(c) => c,
        Err(stop) => return Handled::stop(protocol, stop),
    };
    let address = match &request {
        MailboxRequest::List { address, .. }
        | MailboxRequest::Fetch { address, .. }
        | MailboxRequest::Acknowledge { address, .. } => address.clone(),
    };
    let Some((org, partner)) = own_address(gw, call, &caller, &address).await else {
        return Handled::stop(protocol, Stop::MailboxNotYours);
    };
    let now = call.now;
    let ending = match request {
        MailboxRequest::List { filters, .. } => match gw.store.waiting(&org, now).await {
            Ok(items) => {
                let hits = filters.max_hits.unwrap_or(MAX_HITS).min(MAX_HITS);
                let listed: Vec<ListedMessage> = items
                    .iter()
                    .filter(|i| filters.keeps(i))
                    .take(hits)
                    .map(listed)
                    .collect();
                MailboxEnding::Listed {
                    partner,
                    xml: shs::render_message_list(&listed),
                }
            }
            Err(e) => return unavailable(call, protocol, partner, &e),
        },
        MailboxRequest::Fetch { tx_id, .. } => match gw.store.fetch(&org, &tx_id, now).await {
            Ok(Some(delivery)) => {
                let opened = gw
                    .protector
                    .open(&delivery.sealed, &mailbox_context(&org, &tx_id))
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                match opened {
                    Some(message) => MailboxEnding::Fetched {
                        partner,
                        record: delivery.item.record.clone(),
                        item: Box::new(delivery.item),
                        message,
                    },
                    None => {
                        tracing::error!(correlation_id = %call.correlation_id, "a mailbox reply does not open under the current keys");
                        return Handled::stop(protocol, Stop::MailboxUnreadable { partner });
                    }
                }
            }
            Ok(None) => return Handled::stop(protocol, Stop::NoSuchMessage { partner }),
            Err(e) => return unavailable(call, protocol, partner, &e),
        },
        MailboxRequest::Acknowledge { tx_id, .. } => {
            match gw.store.acknowledge(&org, &tx_id).await {
                Ok(true) => MailboxEnding::Acknowledged { partner, tx_id },
                Ok(false) => return Handled::stop(protocol, Stop::NoSuchMessage { partner }),
                Err(e) => return unavailable(call, protocol, partner, &e),
            }
        }
    };
    Handled::new(protocol, Ending::Mailbox(ending))
}

fn unavailable(
    call: &Call,
    protocol: crate::channels::Protocol,
    partner: Option<PartnerId>,
    e: &lefi_store::StoreError,
) -> Handled {
    tracing::error!(correlation_id = %call.correlation_id, error = %e, "the mailbox is unavailable");
    Handled::stop(
        protocol,
        Stop::StoreUnavailable {
            partner,
            asked: None,
            port: crate::outcome::Port::Mailbox,
        },
    )
}

/// The address as an organisation number, if it is the caller's own ([`acts_as`]),
/// with the partner the audit files the request under, when one is known.
async fn own_address(
    gw: &Gateway,
    call: &Call,
    caller: &Caller,
    address: &str,
) -> Option<(String, Option<PartnerId>)> {
    let org = shs::organisation_number(address)?;
    let represents: Vec<PartnerId> = caller.represents.iter().cloned().collect();
    let partner = acts_as(gw, call, &represents, &org).await?;
    Some((
        org,
        partner.or_else(|| admission::represent(caller, None).ok()),
    ))
}

/// P2 for SHS: whether `org` is the caller's own — its certificate's organisation (then
/// `Some(None)`, with no store read), or the organisation of one of `partners`, which
/// the caller represents (a supplier for its municipality; then that partner).
pub(crate) async fn acts_as(
    gw: &Gateway,
    call: &Call,
    partners: &[PartnerId],
    org: &str,
) -> Option<Option<PartnerId>> {
    if call.organisation_number() == Some(org) {
        return Some(None);
    }
    for p in partners {
        if matches!(gw.store.agreement(p).await, Ok(Some(a)) if a.organisation.as_str() == org) {
            return Some(Some(p.clone()));
        }
    }
    None
}

/// The list's line for a reply: its label as the reply has it.
fn listed(item: &MailboxItem) -> ListedMessage {
    ListedMessage {
        label: Label {
            tx_id: item.tx_id.clone(),
            corr_id: item.corr_id.clone(),
            transfer_type: shs::TransferType::Asynch,
            sequence_type: shs::SequenceType::Reply,
            status: None,
            originator: None,
            from: Some(shs::address(crate::SERVICE_ID)),
            to: Some(shs::address(&item.address)),
            product: item.product.clone(),
            subject: None,
            datetime: item
                .arrived
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            content_id: item.content_id.clone(),
            data: Vec::new(),
        },
        timestamp: item
            .arrived
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        size: item.size,
    }
}

/// A mailbox answer: the list, a reply message, or an empty 200 for an acknowledgement.
pub(crate) fn rendered(ending: &MailboxEnding) -> Rendered {
    match ending {
        MailboxEnding::Listed { xml, .. } => {
            Rendered::new(200, "application/xml; charset=utf-8", xml.clone())
        }
        MailboxEnding::Fetched { item, message, .. } => {
            Rendered::new(200, shs::CONTENT_TYPE, message.clone())
                .with_header("x-shs-txid", &item.tx_id)
                .with_header("x-shs-corrid", &item.corr_id)
                .with_header(
                    "x-shs-arrivaldate",
                    &item
                        .arrived
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                )
        }
        MailboxEnding::Acknowledged { tx_id, .. } => {
            Rendered::new(200, "text/plain; charset=utf-8", String::new())
                .with_header("x-shs-txid", tx_id)
        }
    }
}

/// The reception's 202: the message's `tx.id`, and whether it was a duplicate.
pub(crate) fn accepted(tx_id: &str, duplicate: bool) -> Rendered {
    let mut r = Rendered::new(202, "text/plain; charset=utf-8", String::new())
        .with_header("x-shs-txid", tx_id);
    if duplicate {
        r = r.with_header("x-shs-duplicatemsg", "yes");
    }
    r
}

/// Problems of the mailbox that are not SHS's own refusals.
pub(crate) fn no_such_message() -> Problem {
    Problem::new(
        404,
        lefi_contract::codes::NOT_FOUND,
        "Meddelandet finns inte i brevlådan: det är kvitterat, har gått ut eller har aldrig funnits.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_shs_list_filters_are_read_from_the_query_string() {
        let f = Filters::parse(Some(
            "producttype=6f0e4c2a-9b1d-4e57-a3c8-1d2f5b7e9a40&since=2026-12-07T10%3A00%3A00Z&corrid=a+b&maxhits=5&status=test",
        ))
        .unwrap();
        assert_eq!(f.product.as_deref(), Some(shs::PRODUCT_ID));
        assert_eq!(f.corr_id.as_deref(), Some("a b"));
        assert_eq!(f.max_hits, Some(5));
        assert_eq!(f.since.unwrap().to_rfc3339(), "2026-12-07T10:00:00+00:00");
        assert_eq!(Filters::parse(Some("maxhits=alla")), Err("maxhits"));
        assert_eq!(Filters::parse(Some("since=igår")), Err("since"));
        assert_eq!(Filters::parse(None), Ok(Filters::default()));
    }

    #[test]
    fn c1_shs_a_reply_id_is_the_same_for_the_same_request_and_differs_per_part() {
        let label = shs::parse_label(
            format!(
                r#"<shs.label version="1.2" tx.id="t1" corr.id="c1" sequence-type="request"><originator value="urn:X-shs:2120000142"/><to>urn:X-shs:2021005521</to><product>{}</product><datetime>x</datetime><content content.id="k"/></shs.label>"#,
                shs::PRODUCT_ID
            )
            .as_bytes(),
        )
        .unwrap();
        let part = |n: u32| Label {
            tx_id: format!("t1#{n}"),
            ..label.clone()
        };
        assert_eq!(reply_tx_id(&part(1)), reply_tx_id(&part(1)));
        assert_ne!(reply_tx_id(&part(1)), reply_tx_id(&part(2)));
        assert!(uuid::Uuid::parse_str(&reply_tx_id(&label)).is_ok());
    }
}
