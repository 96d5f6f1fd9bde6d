//! The embedded adapter: the whole store in one process's memory, for `cargo run` with
//! no setup and for fast tests. Same semantics as DynamoDB (the contract suite proves
//! it): conditional writes become checks under one lock, expiry is judged against the
//! `now` each call brings. Nothing survives a restart — by design for local runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use lefi_domain::Agreement;
use lefi_domain::agreement::TrafficLimits;
use lefi_domain::tz::stockholm_date;

use crate::bucket::{self, Bucket};
use crate::ports::*;

#[derive(Debug, Default)]
struct State {
    callers: HashMap<String, Caller>,
    portal_users: HashMap<String, PortalUser>,
    agreements: HashMap<PartnerId, Agreement>,
    configs: HashMap<PartnerId, String>,
    audit: BTreeMap<String, AuditRecord>,
    usage: BTreeMap<(String, PartnerId), u64>,
    claims: HashMap<String, Claim>,
    buckets: HashMap<PartnerId, Bucket>,
    sessions: HashMap<String, Session>,
    /// By address, then `tx.id`.
    mailboxes: HashMap<String, BTreeMap<String, Delivery>>,
}

#[derive(Debug, Clone)]
struct Claim {
    fingerprint: String,
    state: IdempotencyState,
    expires_at: DateTime<Utc>,
}

/// The in-memory store. Share it behind an `Arc`.
#[derive(Debug, Default)]
pub struct EmbeddedStore {
    state: Mutex<State>,
    /// Test only: audit appends fail, as a store that is down (the soak's fail-closed run).
    #[cfg(feature = "test-hooks")]
    failing_appends: std::sync::atomic::AtomicBool,
}

impl EmbeddedStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every audit record, by id: for tests that must see records without a partner
    /// (a refusal before anyone was identified) and count them all.
    pub fn audit_records(&self) -> StoreResult<Vec<AuditRecord>> {
        Ok(self.lock()?.audit.values().cloned().collect())
    }

    /// Test only (A3): replaces a stored audit record in place, as someone with write
    /// access to the table could; the append-only port never allows it.
    #[cfg(feature = "test-hooks")]
    pub fn tamper_replace_audit(&self, record: AuditRecord) -> StoreResult<()> {
        self.lock()?.audit.insert(record.id.clone(), record);
        Ok(())
    }

    /// Test only: from now on every audit append fails (`StoreError::Unavailable`) until
    /// switched back, as a store that is down.
    #[cfg(feature = "test-hooks")]
    pub fn fail_appends(&self, failing: bool) {
        self.failing_appends
            .store(failing, std::sync::atomic::Ordering::SeqCst);
    }

    /// Test only (A3): deletes a stored audit record; `true` if there was one.
    #[cfg(feature = "test-hooks")]
    pub fn tamper_remove_audit(&self, id: &str) -> StoreResult<bool> {
        Ok(self.lock()?.audit.remove(id).is_some())
    }

    /// The records that match, in [`audit_order`].
    fn audit_where(&self, keep: impl Fn(&AuditRecord) -> bool) -> StoreResult<Vec<AuditRecord>> {
        let mut records: Vec<AuditRecord> = self
            .lock()?
            .audit
            .values()
            .filter(|r| keep(r))
            .cloned()
            .collect();
        records.sort_by(audit_order);
        Ok(records)
    }

    fn lock(&self) -> StoreResult<MutexGuard<'_, State>> {
        // A panic while holding the lock leaves state we cannot trust.
        self.state
            .lock()
            .map_err(|_| StoreError::Unavailable("the embedded store was poisoned".into()))
    }
}

#[async_trait]
impl Directory for EmbeddedStore {
    async fn caller_by_certificate(&self, key: &CertificateKey) -> StoreResult<Option<Caller>> {
        Ok(self.lock()?.callers.get(&key.storage_key()).cloned())
    }

    async fn agreement(&self, partner: &PartnerId) -> StoreResult<Option<Agreement>> {
        Ok(self.lock()?.agreements.get(partner).cloned())
    }

    async fn put_agreement(&self, agreement: &Agreement) -> StoreResult<()> {
        let partner = PartnerId(agreement.id.clone());
        self.lock()?.agreements.insert(partner, agreement.clone());
        Ok(())
    }

    async fn put_caller(&self, key: &CertificateKey, caller: &Caller) -> StoreResult<()> {
        self.lock()?
            .callers
            .insert(key.storage_key(), caller.clone());
        Ok(())
    }

    async fn portal_user(&self, user_hash: &str) -> StoreResult<Option<PortalUser>> {
        Ok(self.lock()?.portal_users.get(user_hash).cloned())
    }

    async fn put_portal_user(&self, user_hash: &str, user: &PortalUser) -> StoreResult<()> {
        self.lock()?
            .portal_users
            .insert(user_hash.to_owned(), user.clone());
        Ok(())
    }

    async fn agreements(&self) -> StoreResult<Vec<Agreement>> {
        let mut all: Vec<Agreement> = self.lock()?.agreements.values().cloned().collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(all)
    }

    async fn delete_caller(&self, key: &CertificateKey) -> StoreResult<()> {
        self.lock()?.callers.remove(&key.storage_key());
        Ok(())
    }

    async fn delete_portal_user(&self, user_hash: &str) -> StoreResult<()> {
        self.lock()?.portal_users.remove(user_hash);
        Ok(())
    }

    async fn partner_config(&self, partner: &PartnerId) -> StoreResult<Option<String>> {
        Ok(self.lock()?.configs.get(partner).cloned())
    }

    async fn put_partner_config(&self, partner: &PartnerId, config: &str) -> StoreResult<()> {
        self.lock()?
            .configs
            .insert(partner.clone(), config.to_owned());
        Ok(())
    }
}

#[async_trait]
impl AuditLog for EmbeddedStore {
    async fn append(&self, record: &AuditRecord) -> StoreResult<()> {
        #[cfg(feature = "test-hooks")]
        if self
            .failing_appends
            .load(std::sync::atomic::Ordering::SeqCst)
        {
            return Err(StoreError::Unavailable(
                "audit appends fail (test hook)".into(),
            ));
        }
        let mut state = self.lock()?;
        if state.audit.contains_key(&record.id) {
            return Err(StoreError::AlreadyExists);
        }
        state.audit.insert(record.id.clone(), record.clone());
        Ok(())
    }

    async fn get(&self, id: &str) -> StoreResult<Option<AuditRecord>> {
        Ok(self.lock()?.audit.get(id).cloned())
    }

    async fn by_partner_and_day(
        &self,
        partner: &PartnerId,
        day: NaiveDate,
    ) -> StoreResult<Vec<AuditRecord>> {
        self.audit_where(|r| r.partner.as_ref() == Some(partner) && stockholm_date(r.at) == day)
    }

    async fn by_day(&self, day: NaiveDate) -> StoreResult<Vec<AuditRecord>> {
        self.audit_where(|r| stockholm_date(r.at) == day)
    }

    async fn by_subject(&self, subject_hash: &str) -> StoreResult<Vec<AuditRecord>> {
        self.audit_where(|r| r.subject.as_ref().is_some_and(|s| s.hash == subject_hash))
    }
}

#[async_trait]
impl Usage for EmbeddedStore {
    async fn count(&self, partner: &PartnerId, month: &str) -> StoreResult<u64> {
        let mut state = self.lock()?;
        let n = state
            .usage
            .entry((month.to_owned(), partner.clone()))
            .or_insert(0);
        *n += 1;
        Ok(*n)
    }

    async fn month_totals(&self, month: &str) -> StoreResult<Vec<(PartnerId, u64)>> {
        Ok(self
            .lock()?
            .usage
            .iter()
            .filter(|((m, _), _)| m == month)
            .map(|((_, p), n)| (p.clone(), *n))
            .collect())
    }
}

#[async_trait]
impl Idempotency for EmbeddedStore {
    async fn begin(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Begin> {
        let mut state = self.lock()?;
        if let Some(claim) = state.claims.get(key).filter(|c| c.expires_at > now) {
            return Ok(if claim.fingerprint == fingerprint {
                Begin::Existing(claim.state.clone())
            } else {
                Begin::Conflict
            });
        }
        state.claims.insert(
            key.to_owned(),
            Claim {
                fingerprint: fingerprint.to_owned(),
                state: IdempotencyState::InProgress,
                expires_at,
            },
        );
        Ok(Begin::Started)
    }

    async fn complete(
        &self,
        key: &str,
        answer: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut state = self.lock()?;
        match state.claims.get_mut(key) {
            Some(claim)
                if claim.state == IdempotencyState::InProgress && claim.expires_at > now =>
            {
                claim.state = IdempotencyState::Done {
                    answer: answer.to_owned(),
                };
                claim.expires_at = expires_at;
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn abandon(&self, key: &str) -> StoreResult<()> {
        let mut state = self.lock()?;
        if state
            .claims
            .get(key)
            .is_some_and(|c| c.state == IdempotencyState::InProgress)
        {
            state.claims.remove(key);
        }
        Ok(())
    }
}

#[async_trait]
impl RateLimits for EmbeddedStore {
    async fn take(
        &self,
        partner: &PartnerId,
        limits: &TrafficLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Take> {
        let mut state = self.lock()?;
        let b = bucket::refill(state.buckets.get(partner).copied(), limits, now);
        let take = bucket::decide(&b, limits, now);
        if take == Take::Allowed {
            state.buckets.insert(partner.clone(), bucket::taken(b));
        }
        Ok(take)
    }
}

#[async_trait]
impl Sessions for EmbeddedStore {
    async fn create(&self, session: &Session) -> StoreResult<()> {
        let mut state = self.lock()?;
        if state.sessions.contains_key(&session.id) {
            return Err(StoreError::AlreadyExists);
        }
        state.sessions.insert(session.id.clone(), session.clone());
        Ok(())
    }

    async fn touch(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        let mut state = self.lock()?;
        match state.sessions.get_mut(id) {
            Some(s) if s.expires_at() > now => {
                s.last_seen = now.max(s.last_seen);
                Ok(Some(s.clone()))
            }
            Some(_) => {
                state.sessions.remove(id);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    async fn end(&self, id: &str) -> StoreResult<()> {
        self.lock()?.sessions.remove(id);
        Ok(())
    }
}

#[async_trait]
impl Mailbox for EmbeddedStore {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<bool> {
        let mut state = self.lock()?;
        let mailbox = state
            .mailboxes
            .entry(delivery.item.address.clone())
            .or_default();
        if mailbox.contains_key(&delivery.item.tx_id) {
            return Ok(false);
        }
        mailbox.insert(delivery.item.tx_id.clone(), delivery.clone());
        Ok(true)
    }

    async fn waiting(&self, address: &str, now: DateTime<Utc>) -> StoreResult<Vec<MailboxItem>> {
        let mut state = self.lock()?;
        let Some(mailbox) = state.mailboxes.get_mut(address) else {
            return Ok(Vec::new());
        };
        mailbox.retain(|_, d| d.item.expires > now);
        let mut items: Vec<MailboxItem> = mailbox.values().map(|d| d.item.clone()).collect();
        items.sort_by(|a, b| (a.arrived, &a.tx_id).cmp(&(b.arrived, &b.tx_id)));
        Ok(items)
    }

    async fn fetch(
        &self,
        address: &str,
        tx_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Delivery>> {
        Ok(self
            .lock()?
            .mailboxes
            .get(address)
            .and_then(|m| m.get(tx_id))
            .filter(|d| d.item.expires > now)
            .cloned())
    }

    async fn acknowledge(&self, address: &str, tx_id: &str) -> StoreResult<bool> {
        Ok(self
            .lock()?
            .mailboxes
            .get_mut(address)
            .and_then(|m| m.remove(tx_id))
            .is_some())
    }
}
