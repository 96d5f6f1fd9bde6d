//! What a request to a partner endpoint came to (P5, C1): the one value the pipeline
//! returns and [`crate::audit::finish`] turns into an audit record and an answer.
//!
//! A request ends in exactly one [`Ending`]: a [`Stop`] of one stage (with what that
//! stage knew: the partner once admission named one, what was asked once the document
//! was read), an answer the workflow ran and audited itself ([`Ran`]), a kept answer
//! served again ([`Replay`]), or the partner's list of what it may ask for ([`Listed`]).
//! Nothing here renders or audits: the mapping to records and bytes lives only in
//! `audit`, so a stage can end a request only by returning one of these to it.

use chrono::{DateTime, Utc};
use lefi_store::{PartnerId, PersonRef};

use crate::answering::AuditedByWorkflow;
use crate::channels::{Protocol, Unreadable};
use crate::idempotency::{Claim, Kept};
use crate::identity::CertificateError;
use crate::reply::Reply;

/// What a readable query asks, as far as the audit needs it: about whom and for what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The person, protected; `None` when the number was invalid (V1). Boxed, so that
    /// every `Stop` carrying an `Asked` stays small.
    pub subject: Option<Box<PersonRef>>,
    /// The codes as sent, bounded.
    pub codes: Vec<String>,
    /// A4: purpose, legal basis and case reference as sent, bounded and sealed to the
    /// request's record (`Protector::seal_purpose`); `None` when none was stated.
    pub purpose: Option<String>,
}

/// Which store port failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    Directory,
    Idempotency,
    RateLimits,
    Mailbox,
}

/// Why the edge stopped a request, stage by stage, with what each stage knew.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// P2: no client certificate, or one that cannot be read.
    NoCertificate(CertificateError),
    /// P2: a certificate the directory maps to no caller.
    UnknownCertificate,
    /// P2: the caller may not act for the partner the request names. The partner is the
    /// one named (the caller is known; the claim is what the partner's audit should see).
    NotRepresented { named: PartnerId },
    /// P2: no partner named, and the caller acts for several (or none).
    PartnerNotNamed,
    /// P2, C2: the person logged in to the portal may act for no organisation.
    NoPortalUser,
    /// P1: the partner has no agreement.
    NoAgreement { partner: PartnerId },
    /// P1: the agreement does not cover this now (expired, channel); `reason` is the
    /// domain's Swedish text.
    AgreementNotValid { partner: PartnerId, reason: String },
    /// O4: outside opening hours.
    Closed {
        partner: PartnerId,
        reason: String,
        next_opening: Option<DateTime<Utc>>,
    },
    /// The document cannot be read (size, media type, syntax, V8, SSEK envelope). The
    /// partner is known unless the document was to name it.
    Unreadable {
        partner: Option<PartnerId>,
        why: Unreadable,
    },
    /// SSEK: `ReceiverId` is not this service.
    ReceiverIdUnknown { partner: Option<PartnerId> },
    /// SSEK: `SenderId` is not the certificate's organisation.
    SenderIdUnknown { partner: Option<PartnerId> },
    /// C3: the query id was used for another query.
    QueryIdReused { partner: PartnerId, asked: Asked },
    /// C3: the first query with this id is still being answered.
    QueryInProgress { partner: PartnerId, asked: Asked },
    /// C3: over the agreement's rate.
    RateLimited {
        partner: PartnerId,
        asked: Asked,
        retry_at: DateTime<Utc>,
    },
    /// C3: the day's budget is spent.
    DailyLimitReached {
        partner: PartnerId,
        asked: Asked,
        retry_at: DateTime<Utc>,
    },
    /// A store port failed; nothing was fetched.
    StoreUnavailable {
        partner: Option<PartnerId>,
        asked: Option<Asked>,
        port: Port,
    },
    /// The kept answer of a query id cannot be opened (the keys changed within the
    /// window): the query is not run twice.
    KeptAnswerUnreadable { partner: PartnerId, asked: Asked },
    /// SHS: a mailbox address that is not the caller's own (P2).
    MailboxNotYours,
    /// SHS: no such reply in the caller's mailbox (acknowledged, expired or never there).
    NoSuchMessage { partner: Option<PartnerId> },
    /// SHS: a reply in the mailbox does not open under the current keys.
    MailboxUnreadable { partner: Option<PartnerId> },
    /// SHS: a query of an asynchronous message that failed on every delivery of its
    /// work item (a poison item); its reply says which query it was, and the item goes to
    /// the dead-letter queue.
    WorkAbandoned {
        partner: Option<PartnerId>,
        part: u32,
        parts: u32,
        attempts: u32,
    },
    /// The workflow did not produce an output (timed out, failed, unreachable); it may
    /// or may not have audited the query, so the edge writes the record under the same
    /// id, and an existing one counts as written.
    WorkflowFailed {
        partner: PartnerId,
        asked: Asked,
        error: String,
    },
}

/// The workflow ran the query; its Audit step wrote the record before the output
/// existed (fail closed), so the edge writes none.
#[derive(Debug)]
pub struct Ran {
    pub reply: Reply,
    pub audited: AuditedByWorkflow,
}

/// A kept answer, served again for a repeated query id (C3). It discloses again, so the
/// edge audits it, and serves it only if that record is written.
#[derive(Debug)]
pub struct Replay {
    pub partner: PartnerId,
    pub asked: Asked,
    pub kept: Kept,
}

/// `tillgangligaInformationstyper`: the partner's own agreement, no person data.
#[derive(Debug)]
pub struct Listed {
    pub partner: PartnerId,
    pub types: lefi_contract::v9::ExternTillgangligaInformationstyper,
}

/// How a request ended.
#[derive(Debug)]
pub enum Ending {
    Stopped(Stop),
    // Boxed: the answer is large beside the other endings.
    Ran(Box<Ran>),
    Replayed(Replay),
    Listed(Listed),
    /// A person logged in to the portal for this partner (C2).
    SignedIn {
        partner: PartnerId,
    },
    /// SHS: an asynchronous message accepted for processing (or a duplicate of one).
    Accepted(Accepted),
    /// SHS: the delivery service answered from the mailbox.
    Mailbox(MailboxEnding),
}

/// An asynchronous SHS message, its queries queued (issue 18).
#[derive(Debug)]
pub struct Accepted {
    /// The sender's partner, when the caller's certificate settles it.
    pub partner: Option<PartnerId>,
    pub tx_id: String,
    /// How many queries were queued; 0 for a duplicate.
    pub queries: u64,
    pub duplicate: bool,
}

/// What the delivery service found, before it is audited and leaves.
#[derive(Debug)]
pub enum MailboxEnding {
    Listed {
        partner: Option<PartnerId>,
        xml: String,
    },
    Fetched {
        partner: Option<PartnerId>,
        /// The audit record of the query whose answer this is.
        record: String,
        item: Box<lefi_store::MailboxItem>,
        message: String,
    },
    Acknowledged {
        partner: Option<PartnerId>,
        tx_id: String,
    },
}

impl MailboxEnding {
    pub fn partner(&self) -> Option<&PartnerId> {
        match self {
            Self::Listed { partner, .. }
            | Self::Fetched { partner, .. }
            | Self::Acknowledged { partner, .. } => partner.as_ref(),
        }
    }
}

/// A request's ending, the channel it came in by, and the query id it holds (if it
/// claimed one), for [`crate::audit::finish`]: the only way from here to an answer.
#[derive(Debug)]
#[must_use = "a request ends in audit::finish, which audits it and renders the answer"]
pub struct Handled {
    pub(crate) protocol: Protocol,
    /// The caller's id once its certificate was mapped to one (the id the workflow
    /// audits too); until then the record names the certificate.
    pub(crate) caller: Option<String>,
    /// The portal user who asked, protected (P5 "which user").
    pub(crate) user: Option<PersonRef>,
    pub(crate) ending: Ending,
    pub(crate) claim: Option<Claim>,
}

impl Handled {
    pub(crate) fn new(protocol: Protocol, ending: Ending) -> Self {
        Self {
            protocol,
            caller: None,
            user: None,
            ending,
            claim: None,
        }
    }

    pub(crate) fn by(mut self, caller: Option<String>) -> Self {
        self.caller = caller;
        self
    }

    /// A portal user's request: the record names the person, protected.
    pub(crate) fn by_user(mut self, user: PersonRef) -> Self {
        self.caller = Some(crate::portal::CALLER.into());
        self.user = Some(user);
        self
    }

    pub(crate) fn stop(protocol: Protocol, stop: Stop) -> Self {
        Self::new(protocol, Ending::Stopped(stop))
    }

    /// Gives the request's claimed query id to `finish`, which keeps the answer under it
    /// or frees it, whatever the ending.
    pub(crate) fn holding(mut self, claim: Option<Claim>) -> Self {
        self.claim = claim;
        self
    }
}
