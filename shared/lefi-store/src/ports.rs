//! The ports: what the service needs to keep beyond one request, shaped by the service
//! rather than by DynamoDB (P1, P2, P4, P5, C2, C3). Both adapters implement all of them;
//! `tests/contract.rs` holds them to the same behaviour.
//!
//! Time is always a parameter (`now`), so expiry is testable and both adapters agree on
//! it without reading a clock.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lefi_domain::Agreement;
use lefi_domain::agreement::TrafficLimits;
use serde::{Deserialize, Serialize};

use crate::protect::PersonRef;

/// Errors every port can give. Adapter details stay inside the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// An append-only record with this id exists already (P5).
    #[error("posten finns redan och får inte skrivas över")]
    AlreadyExists,
    /// A conditional change lost: the record is not in the state the change needs
    /// (an idempotency claim already completed or taken over).
    #[error("posten har ändrats av någon annan")]
    Conflict,
    /// The store could not be reached or refused the request after retries.
    #[error("lagringen svarar inte: {0}")]
    Unavailable(String),
    /// A stored item could not be read back (corrupt or from an incompatible version).
    #[error("lagrad post kan inte läsas: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The v9 path's `aktorsId`: who a query is made for. One agreement per partner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartnerId(pub String);

impl std::fmt::Display for PartnerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a client certificate is recognised (P2). The gateway derives every key a
/// certificate has and looks each up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum CertificateKey {
    /// Issuer plus the subject's `serialNumber` (often `16` + organisation number).
    SerialNumber {
        issuer: String,
        serial_number: String,
    },
    /// Issuer plus the subject's `organizationIdentifier` (`NTRSE-` + organisation number).
    OrganizationIdentifier { issuer: String, identifier: String },
    /// The certificate's SHA-256 fingerprint, lower-case hex.
    Fingerprint { sha256: String },
}

impl CertificateKey {
    /// One string per key, used as the stored key.
    pub fn storage_key(&self) -> String {
        match self {
            Self::SerialNumber {
                issuer,
                serial_number,
            } => format!("serial|{issuer}|{serial_number}"),
            Self::OrganizationIdentifier { issuer, identifier } => {
                format!("orgid|{issuer}|{identifier}")
            }
            Self::Fingerprint { sha256 } => format!("sha256|{}", sha256.to_ascii_lowercase()),
        }
    }
}

/// A system-to-system caller: the partner itself, or a third-party supplier acting for
/// several partners (P2, seed §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub id: String,
    pub name: String,
    /// The partners this caller may ask for (the v9 path's `aktorsId` must be one).
    pub represents: BTreeSet<PartnerId>,
}

/// Agreements and who may act for whom (P1, P2).
#[async_trait]
pub trait Directory: Send + Sync {
    async fn caller_by_certificate(&self, key: &CertificateKey) -> StoreResult<Option<Caller>>;
    async fn agreement(&self, partner: &PartnerId) -> StoreResult<Option<Agreement>>;
    /// Administration and seeding: replaces the partner's agreement (keyed by its id).
    async fn put_agreement(&self, agreement: &Agreement) -> StoreResult<()>;
    /// Administration and seeding: maps a certificate key to a caller.
    async fn put_caller(&self, key: &CertificateKey, caller: &Caller) -> StoreResult<()>;
    /// P2, C2: the partners a person logged in to the portal may act for, by the
    /// person's keyed hash ([`PersonRef::hash`]): the directory holds no number in clear.
    async fn portal_user(&self, user_hash: &str) -> StoreResult<Option<PortalUser>>;
    /// Administration and seeding: replaces what the person may act for.
    async fn put_portal_user(&self, user_hash: &str, user: &PortalUser) -> StoreResult<()>;
    /// Administration (A1): every agreement, sorted by partner.
    async fn agreements(&self) -> StoreResult<Vec<Agreement>>;
    /// Administration (A1): the key maps to no caller any more. Absent is fine.
    async fn delete_caller(&self, key: &CertificateKey) -> StoreResult<()>;
    /// Administration (A1): the person may act for no partner any more. Absent is fine.
    async fn delete_portal_user(&self, user_hash: &str) -> StoreResult<()>;
    /// A1: the partner's configuration of record, as the operator tool last applied it
    /// (opaque here: the tool defines it; it holds persons only as [`PersonRef`]s), so
    /// the next file is compared with exactly what was applied.
    async fn partner_config(&self, partner: &PartnerId) -> StoreResult<Option<String>>;
    async fn put_partner_config(&self, partner: &PartnerId, config: &str) -> StoreResult<()>;
}

/// A person who may use the portal, and for whom (P2, C2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalUser {
    pub partners: BTreeSet<PartnerId>,
}

/// How a query ended, for the audit log (P5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    /// Answered with data (some benefits may have deviations).
    Answered,
    /// Answered: the person register does not know the number.
    PersonNotFound,
    /// Refused before any data was fetched: no or expired agreement, wrong channel,
    /// caller may not represent the partner (403).
    Refused { reason: String },
    /// The query broke V-rules (400).
    Invalid { codes: Vec<String> },
    /// Outside opening hours (503) or over the traffic limits (429).
    NotServed { code: String },
    /// One certificate (or address) made more refused or malformed requests than it may
    /// (issue 17, item 5): this request and the `requests − 1` before it since the last
    /// such record were answered 429 without a record each. Bounded: at most one such
    /// record a minute per certificate and function instance.
    Limited { requests: u64 },
    /// Failed inside the service; no person data left it.
    Failed { error: String },
    /// A repeated query id (C3) served the kept answer of an earlier request again: it
    /// discloses again, so it has its own record. `first` is the correlation id (and
    /// record id) of the request that was answered; `asked` and `delivered` are the
    /// first answer's. A variant rather than a flag beside the first outcome, so that
    /// nothing counting `Answered` (billing, A2) counts a replay: replays are not metered.
    Replayed { first: String },
    /// Answered `tillgangligaInformationstyper`: what the agreement lets the partner ask
    /// for. No person data; not billable.
    Listed,
    /// A person logged in to the portal for the record's partner (C2). Not billable.
    SignedIn,
    /// SHS (issue 18): an asynchronous message was received with this many queries, each
    /// to be processed, audited and metered on its own (its own record). Not billable.
    Received { queries: u64 },
    /// SHS: the partner listed its mailbox. No person data; not billable.
    MailboxListed,
    /// SHS: the partner fetched a reply from its mailbox; `record` is the audit record
    /// (and correlation id) of the query that made it, which says what was delivered.
    /// Not billable: that query was.
    MailboxFetched { record: String },
    /// SHS: the partner acknowledged a reply, which is then gone. Not billable.
    MailboxAcknowledged { tx_id: String },
    /// An operator changed the partner's configuration (A1): `change` says what, with
    /// portal users masked. `caller` names the operator. Not a query, never billable.
    Configured { change: String },
    /// A5: a person saw "Vem har hämtat uppgifter om mig?", the lookups about them. The
    /// record's subject and user are that person, with no partner. Not billable, and not
    /// itself a lookup (the page does not list it).
    OwnLookupsViewed,
    /// A3: an operator searched the audit by this person (`lefi-admin audit person`),
    /// which needs the sealing key. The record's subject is the person, its caller the
    /// operator. Not billable, and no lookup (the person's own view does not list it).
    AuditPersonSearched,
}

impl Outcome {
    /// P4, A2: what is metered and billed — an answered query, whether or not the person
    /// was found (the workflow's Audit step counts exactly these). Replays, listings,
    /// logins and configuration changes are not.
    pub fn is_billable(&self) -> bool {
        matches!(self, Self::Answered | Self::PersonNotFound)
    }
}

/// One append-only audit record: every query, answered, refused or failed (P5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Unique; a second append with the same id fails.
    pub id: String,
    pub at: DateTime<Utc>,
    /// On whose behalf (the agreement's partner), when known.
    pub partner: Option<PartnerId>,
    /// Who asked: a certificate caller id, or `portal` for a portal user (see `user`).
    pub caller: String,
    /// `system` or `portal`, and the protocol (`v9-json`, `xml`, `ssek`, `portal`).
    pub channel: String,
    /// About whom: never the number in clear (see [`PersonRef`]). `None` when the query
    /// carried no valid number.
    pub subject: Option<PersonRef>,
    /// Benefit codes asked for and delivered.
    pub asked: Vec<String>,
    pub delivered: Vec<String>,
    pub outcome: Outcome,
    pub correlation_id: String,
    /// Which person asked, for a portal user: protected like the subject (P5 "which
    /// user"). `None` for a system caller, whom `caller` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<PersonRef>,
    /// A4: the purpose, legal basis and case reference the query stated, sealed and
    /// bound to this record's id ([`crate::Protector::seal_purpose`]): the partner's words
    /// may name a person. `None` when the query stated none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

/// The append-only audit log (P5). Nothing is ever updated or deleted.
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Fails with [`StoreError::AlreadyExists`] if the id was used before.
    async fn append(&self, record: &AuditRecord) -> StoreResult<()>;
    async fn get(&self, id: &str) -> StoreResult<Option<AuditRecord>>;
    /// A partner's records of one Stockholm day, oldest first (for audits and tests).
    async fn by_partner_and_day(
        &self,
        partner: &PartnerId,
        day: NaiveDate,
    ) -> StoreResult<Vec<AuditRecord>>;
    /// Every record of one Stockholm day, with or without partner, oldest first (ties by
    /// id): what the day's seal covers (A3).
    async fn by_day(&self, day: NaiveDate) -> StoreResult<Vec<AuditRecord>>;
    /// Every record about one person, by [`PersonRef::hash`], oldest first: the agency's
    /// search by person and the person's own view (A3, A5). Only the subject counts, not
    /// a portal user who asked.
    async fn by_subject(&self, subject_hash: &str) -> StoreResult<Vec<AuditRecord>>;
}

/// The order every audit listing has: time, then id.
pub fn audit_order(a: &AuditRecord, b: &AuditRecord) -> std::cmp::Ordering {
    (a.at, &a.id).cmp(&(b.at, &b.id))
}

/// Billable queries per partner and month (P4). Months are `YYYY-MM` (Stockholm).
#[async_trait]
pub trait Usage: Send + Sync {
    /// Counts one answered query; returns the partner's count for the month after it.
    async fn count(&self, partner: &PartnerId, month: &str) -> StoreResult<u64>;
    /// Every partner's count for the month, sorted by partner.
    async fn month_totals(&self, month: &str) -> StoreResult<Vec<(PartnerId, u64)>>;
}

/// What an idempotency key holds (C3: a repeated query id is answered from the first
/// answer, fetched once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdempotencyState {
    /// The first query with this key is being answered.
    InProgress,
    /// The first answer, as delivered (already rendered, opaque to the store).
    Done { answer: String },
}

/// What [`Idempotency::begin`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// This caller is first: answer the query, then [`Idempotency::complete`].
    Started,
    /// Someone else holds the key with the same request.
    Existing(IdempotencyState),
    /// The key is held by a different request (same query id, other content).
    Conflict,
}

/// Idempotency records: first writer wins, until they expire.
#[async_trait]
pub trait Idempotency: Send + Sync {
    /// Claims `key` for a request with `fingerprint` until `expires_at` (a lease: a
    /// claim whose holder died is taken over when it expires), unless an unexpired claim
    /// exists.
    async fn begin(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Begin>;
    /// Stores the answer of a started claim, kept until `expires_at`. Fails if the claim
    /// is not in progress (completed already, or expired and taken over).
    async fn complete(
        &self,
        key: &str,
        answer: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Drops a claim whose query failed, so a retry may start afresh.
    async fn abandon(&self, key: &str) -> StoreResult<()>;
}

/// The answer of a rate-limit take (C3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    Allowed,
    /// Over the per-second rate; try again after this instant.
    RateLimited {
        retry_at: DateTime<Utc>,
    },
    /// The day's budget is spent; try again after this instant (next Stockholm midnight).
    DailyLimitReached {
        retry_at: DateTime<Utc>,
    },
}

/// Per-partner traffic limits: a token bucket (rate + burst) and a daily budget, taken
/// together atomically.
#[async_trait]
pub trait RateLimits: Send + Sync {
    async fn take(
        &self,
        partner: &PartnerId,
        limits: &TrafficLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Take>;
}

/// A portal session (C2): who is logged in, for which organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    /// The person logged in, protected like any personnummer.
    pub user: PersonRef,
    pub user_name: String,
    /// The partner the person acts for; `None` until a person of several has chosen.
    pub partner: Option<PartnerId>,
    /// The session's token against cross-site request forgery, in every form it posts.
    pub csrf: String,
    pub created: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

impl Session {
    /// C2: a session times out after 120 minutes without activity.
    pub const IDLE_TIMEOUT: chrono::TimeDelta = chrono::TimeDelta::minutes(120);
    /// However active, a session ends this long after login: a working day.
    pub const MAX_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::hours(10);

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.last_seen + Self::IDLE_TIMEOUT
    }

    /// Past [`Self::MAX_LIFETIME`] at `now` (idle expiry is the store's).
    pub fn outlived(&self, now: DateTime<Utc>) -> bool {
        now >= self.created + Self::MAX_LIFETIME
    }
}

/// Portal sessions, expiring 120 minutes after the last activity (C2).
#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create(&self, session: &Session) -> StoreResult<()>;
    /// The live session, with `last_seen` moved to `now`; `None` if unknown or expired.
    async fn touch(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    async fn end(&self, id: &str) -> StoreResult<()>;
}

/// A reply waiting in a partner's SHS mailbox (issue 18): what the delivery service
/// lists. The reply itself is kept sealed beside it ([`Delivery`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxItem {
    /// The recipient: an organisation number, ten digits.
    pub address: String,
    /// The reply's `tx.id`: unique in the address's mailbox.
    pub tx_id: String,
    pub corr_id: String,
    pub content_id: String,
    pub product: String,
    pub arrived: DateTime<Utc>,
    /// Gone after this (retention); reads ignore it before the store deletes it.
    pub expires: DateTime<Utc>,
    /// The reply message's size in bytes.
    pub size: u64,
    /// The audit record (and correlation id) of the query whose answer it is.
    pub record: String,
}

/// A reply and its message, sealed by the [`crate::Protector`] to its address and
/// `tx.id`, as kept answers are.
#[derive(Clone, PartialEq, Eq)]
pub struct Delivery {
    pub item: MailboxItem,
    pub sealed: String,
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("item", &self.item)
            .finish_non_exhaustive()
    }
}

/// The SHS delivery service's mailboxes (issue 18): each partner's replies until they
/// are acknowledged or expire.
#[async_trait]
pub trait Mailbox: Send + Sync {
    /// Puts a reply in its address's mailbox; `false` if one with its `tx.id` is there
    /// already (a redelivered query: never twice).
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<bool>;
    /// The address's replies not expired at `now`, oldest first, without their messages.
    async fn waiting(&self, address: &str, now: DateTime<Utc>) -> StoreResult<Vec<MailboxItem>>;
    /// One reply, unless it is gone or expired.
    async fn fetch(
        &self,
        address: &str,
        tx_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Delivery>>;
    /// Removes a reply; `false` if it was not there.
    async fn acknowledge(&self, address: &str, tx_id: &str) -> StoreResult<bool>;
}

/// Everything the service keeps, in one handle.
pub trait Store:
    Directory + AuditLog + Usage + Idempotency + RateLimits + Sessions + Mailbox
{
}

impl<T: Directory + AuditLog + Usage + Idempotency + RateLimits + Sessions + Mailbox> Store for T {}
