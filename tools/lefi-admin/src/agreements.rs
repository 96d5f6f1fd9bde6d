//! `agreements plan|apply|list|show|expire` (A1, P1, P2, P5): a partner file shown as a
//! diff against the configuration of record, applied only with the digest of the plan
//! the operator confirmed, and every change audited (`Outcome::Configured`).
//!
//! The configuration of record is the last applied file as the store keeps it
//! (`Directory::partner_config`): the agreement, the certificate mappings and the portal
//! users as `PersonRef`s (no number in clear). A partner seeded before the tool existed
//! has only its agreement; its mappings then count as new.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use lefi_domain::agreement::{Agreement, Channel, Pricing};
use lefi_domain::tz::stockholm_date;
use lefi_store::{
    AuditRecord, Caller, CertificateKey, Outcome, PartnerId, PersonRef, PortalUser, Protector,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::partner_file::{self, CertMapping};
use crate::{AdminError, Ctx, Output};

/// The channel every operator record names (A1).
pub const CHANNEL: &str = "operator/lefi-admin";

/// What the store keeps of an applied file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub agreement: Agreement,
    pub certificates: Vec<RecordMapping>,
    pub portal_users: Vec<PersonRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMapping {
    pub key: CertificateKey,
    pub caller: String,
    pub caller_name: String,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String, String),
    Changed(String, String, String),
    Removed(String, String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Added(k, v) => write!(f, "+ {k}: {v}"),
            Self::Changed(k, a, b) => write!(f, "~ {k}: {a} → {b}"),
            Self::Removed(k, v) => write!(f, "- {k}: {v}"),
        }
    }
}

/// The plan: what applying the file would change, and the digest the apply must carry.
struct Plan {
    partner: PartnerId,
    next: Record,
    previous: Option<Record>,
    changes: Vec<Change>,
    digest: String,
}

fn protector(ctx: &Ctx) -> Result<&Protector, AdminError> {
    ctx.protector.as_ref().ok_or(AdminError::NeedsKeys)
}

/// `19500101-****`: enough for an operator to recognise, not the number (P5).
fn masked(protector: Option<&Protector>, person: &PersonRef) -> String {
    match protector.and_then(|p| p.reveal(person).ok()) {
        Some(pnr) => format!("{}-****", &pnr.expose()[..8]),
        None => format!("#{}", &person.hash[..12.min(person.hash.len())]),
    }
}

fn fields(a: &Agreement) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_owned(), v);
    };
    put("organisation", a.organisation.to_string());
    put("name", a.name.clone());
    put("kind", format!("{:?}", a.kind).to_lowercase());
    put(
        "benefits",
        a.benefits
            .iter()
            .map(|b| b.code())
            .collect::<Vec<_>>()
            .join(", "),
    );
    put(
        "channels",
        a.channels
            .iter()
            .map(|c| match c {
                Channel::System => "system",
                Channel::Portal => "portal",
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    put("limits.per_second", a.limits.per_second.to_string());
    put("limits.burst", a.limits.burst.to_string());
    put("limits.per_day", a.limits.per_day.to_string());
    match a.pricing {
        Pricing::Free => put("pricing.kind", "free".into()),
        Pricing::Paid {
            connection_fee_ore,
            per_query_ore,
        } => {
            put("pricing.kind", "paid".into());
            put("pricing.connection_fee_ore", connection_fee_ore.to_string());
            put("pricing.per_query_ore", per_query_ore.to_string());
        }
    }
    put("valid_from", a.valid_from.to_string());
    if let Some(until) = a.valid_until {
        put("valid_until", until.to_string());
    }
    for (b, limit) in &a.period_exceptions {
        put(
            &format!("period_exceptions.{}", b.code()),
            limit.in_months().to_string(),
        );
    }
    f
}

fn key_text(key: &CertificateKey) -> String {
    match key {
        CertificateKey::SerialNumber {
            issuer,
            serial_number,
        } => format!("serial_number {serial_number:?} (utfärdare {issuer:?})"),
        CertificateKey::OrganizationIdentifier { issuer, identifier } => {
            format!("organization_identifier {identifier:?} (utfärdare {issuer:?})")
        }
        CertificateKey::Fingerprint { sha256 } => format!("fingerprint {sha256}"),
    }
}

fn diff(previous: Option<&Record>, next: &Record, protector: Option<&Protector>) -> Vec<Change> {
    let mut changes = Vec::new();
    let before = previous.map(|r| fields(&r.agreement)).unwrap_or_default();
    let after = fields(&next.agreement);
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for k in keys {
        match (before.get(k), after.get(k)) {
            (None, Some(v)) => changes.push(Change::Added(k.clone(), v.clone())),
            (Some(v), None) => changes.push(Change::Removed(k.clone(), v.clone())),
            (Some(a), Some(b)) if a != b => {
                changes.push(Change::Changed(k.clone(), a.clone(), b.clone()))
            }
            _ => {}
        }
    }
    let mappings = |r: Option<&Record>| -> BTreeMap<String, (String, String)> {
        r.map(|r| r.certificates.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|m| (key_text(&m.key), (m.caller.clone(), m.caller_name.clone())))
            .collect()
    };
    let (before, after) = (mappings(previous), mappings(Some(next)));
    let caller = |(id, name): &(String, String)| format!("anroparen {id} ({name})");
    for k in before.keys().chain(after.keys()).collect::<BTreeSet<_>>() {
        let field = format!("certificates[{k}]");
        match (before.get(k), after.get(k)) {
            (None, Some(v)) => changes.push(Change::Added(field, caller(v))),
            (Some(v), None) => changes.push(Change::Removed(field, caller(v))),
            (Some(a), Some(b)) if a != b => {
                changes.push(Change::Changed(field, caller(a), caller(b)))
            }
            _ => {}
        }
    }
    let users = |r: Option<&Record>| -> BTreeMap<String, PersonRef> {
        r.map(|r| r.portal_users.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|u| (u.hash.clone(), u.clone()))
            .collect()
    };
    let (before, after) = (users(previous), users(Some(next)));
    for (hash, person) in &after {
        if !before.contains_key(hash) {
            changes.push(Change::Added(
                "portal_users".into(),
                masked(protector, person),
            ));
        }
    }
    for (hash, person) in &before {
        if !after.contains_key(hash) {
            changes.push(Change::Removed(
                "portal_users".into(),
                masked(protector, person),
            ));
        }
    }
    changes
}

async fn record_of(ctx: &Ctx, partner: &PartnerId) -> Result<Option<Record>, AdminError> {
    if let Some(text) = ctx.store.partner_config(partner).await? {
        let record: Record = serde_json::from_str(&text).map_err(|e| {
            AdminError::Invalid(format!("den lagrade konfigurationen kan inte läsas: {e}"))
        })?;
        return Ok(Some(record));
    }
    // Seeded before the tool: the agreement alone is of record.
    Ok(ctx.store.agreement(partner).await?.map(|agreement| Record {
        agreement,
        certificates: Vec::new(),
        portal_users: Vec::new(),
    }))
}

/// Everything the plan was judged on, so an apply can tell that nothing moved since.
async fn digest(
    ctx: &Ctx,
    file: &str,
    previous: Option<&Record>,
    next: &Record,
) -> Result<String, AdminError> {
    let mut h = Sha256::new();
    h.update(file.as_bytes());
    h.update(serde_json::to_vec(&previous).unwrap_or_default());
    let mut keys: BTreeSet<&CertificateKey> = next.certificates.iter().map(|m| &m.key).collect();
    if let Some(p) = previous {
        keys.extend(p.certificates.iter().map(|m| &m.key));
    }
    for key in keys {
        let caller = ctx.store.caller_by_certificate(key).await?;
        h.update(serde_json::to_vec(&(key, caller)).unwrap_or_default());
    }
    let mut hashes: BTreeSet<&str> = next.portal_users.iter().map(|u| u.hash.as_str()).collect();
    if let Some(p) = previous {
        hashes.extend(p.portal_users.iter().map(|u| u.hash.as_str()));
    }
    for hash in hashes {
        let user = ctx.store.portal_user(hash).await?;
        h.update(serde_json::to_vec(&(hash, user)).unwrap_or_default());
    }
    Ok(hex::encode(h.finalize()))
}

async fn plan(file: &str, ctx: &Ctx) -> Result<Result<Plan, Output>, AdminError> {
    let today = stockholm_date(ctx.now);
    let parsed = match partner_file::parse(file, today) {
        Ok(p) => p,
        Err(errors) => {
            let mut text = format!(
                "Partnerfilen har {} fel och tillämpas inte:\n",
                errors.len()
            );
            for e in &errors {
                text.push_str(&format!("  {e}\n"));
            }
            return Ok(Err(Output::failed(text)));
        }
    };
    let partner = PartnerId(parsed.agreement.id.clone());
    let previous = record_of(ctx, &partner).await?;
    let needs_keys = !parsed.portal_users.is_empty()
        || previous
            .as_ref()
            .is_some_and(|p| !p.portal_users.is_empty());
    let protector = if needs_keys {
        Some(protector(ctx)?)
    } else {
        ctx.protector.as_ref()
    };
    // Keep a person's stored reference when they stay: the sealed number is fresh at
    // every sealing, and an unchanged file must be an unchanged record.
    let kept: BTreeMap<&str, &PersonRef> = previous
        .iter()
        .flat_map(|p| p.portal_users.iter())
        .map(|u| (u.hash.as_str(), u))
        .collect();
    let portal_users = parsed
        .portal_users
        .iter()
        .map(|pnr| {
            let p = protector.expect("keys checked above");
            let hash = p.hash(pnr);
            kept.get(hash.as_str())
                .map_or_else(|| p.protect(pnr), |r| (*r).clone())
        })
        .collect();
    let next = Record {
        agreement: parsed.agreement,
        certificates: parsed
            .certificates
            .into_iter()
            .map(
                |CertMapping {
                     key,
                     caller,
                     caller_name,
                 }| RecordMapping {
                    key,
                    caller,
                    caller_name,
                },
            )
            .collect(),
        portal_users,
    };
    // A key already mapped to another caller is not this file's to take.
    let mut taken = Vec::new();
    for m in &next.certificates {
        if let Some(c) = ctx.store.caller_by_certificate(&m.key).await?
            && c.id != m.caller
        {
            taken.push(format!(
                "  CERT_TAKEN  {}  nyckeln hör redan till anroparen {}\n",
                key_text(&m.key),
                c.id
            ));
        }
    }
    if !taken.is_empty() {
        return Ok(Err(Output::failed(format!(
            "Partnerfilen tillämpas inte:\n{}",
            taken.concat()
        ))));
    }
    let changes = diff(previous.as_ref(), &next, protector);
    let digest = digest(ctx, file, previous.as_ref(), &next).await?;
    Ok(Ok(Plan {
        partner,
        next,
        previous,
        changes,
        digest,
    }))
}

fn describe(plan: &Plan) -> String {
    if plan.changes.is_empty() {
        return format!("Inga ändringar för {}.\n", plan.partner);
    }
    let mut text = format!(
        "{} för {} ({} ändringar):\n",
        if plan.previous.is_some() {
            "Ändringar"
        } else {
            "Ny aktör"
        },
        plan.partner,
        plan.changes.len()
    );
    for c in &plan.changes {
        text.push_str(&format!("  {c}\n"));
    }
    text
}

/// `agreements plan FILE`: the diff and the digest an apply must carry.
pub async fn plan_command(file: &str, ctx: &Ctx) -> Result<Output, AdminError> {
    Ok(match plan(file, ctx).await? {
        Err(refused) => refused,
        Ok(plan) => {
            let mut out = Output::ok(describe(&plan));
            if !plan.changes.is_empty() {
                out.digest = Some(plan.digest);
            }
            out
        }
    })
}

/// `agreements apply FILE` with the digest of the plan the operator confirmed.
pub async fn apply(file: &str, confirmed: &str, ctx: &Ctx) -> Result<Output, AdminError> {
    let plan = match plan(file, ctx).await? {
        Err(refused) => return Ok(refused),
        Ok(plan) => plan,
    };
    if plan.changes.is_empty() {
        return Ok(Output::ok(describe(&plan)));
    }
    if plan.digest != confirmed {
        return Ok(Output::failed(
            "Konfigurationen har ändrats sedan planen visades (eller filen är en annan): \
             ingenting tillämpades. Visa planen igen.\n",
        ));
    }
    // The record first: a change that cannot be audited does not happen (P5).
    audit(ctx, &plan.partner, &plan.changes).await?;
    let partner = &plan.partner;
    ctx.store.put_agreement(&plan.next.agreement).await?;
    let next_keys: BTreeSet<&CertificateKey> =
        plan.next.certificates.iter().map(|m| &m.key).collect();
    for m in &plan.next.certificates {
        let mut represents = match ctx.store.caller_by_certificate(&m.key).await? {
            Some(c) => c.represents,
            None => BTreeSet::new(),
        };
        represents.insert(partner.clone());
        let caller = Caller {
            id: m.caller.clone(),
            name: m.caller_name.clone(),
            represents,
        };
        ctx.store.put_caller(&m.key, &caller).await?;
    }
    for m in plan.previous.iter().flat_map(|p| p.certificates.iter()) {
        if next_keys.contains(&m.key) {
            continue;
        }
        if let Some(mut c) = ctx.store.caller_by_certificate(&m.key).await? {
            c.represents.remove(partner);
            if c.represents.is_empty() {
                ctx.store.delete_caller(&m.key).await?;
            } else {
                ctx.store.put_caller(&m.key, &c).await?;
            }
        }
    }
    let next_users: BTreeSet<&str> = plan
        .next
        .portal_users
        .iter()
        .map(|u| u.hash.as_str())
        .collect();
    for u in &plan.next.portal_users {
        let mut partners = match ctx.store.portal_user(&u.hash).await? {
            Some(p) => p.partners,
            None => BTreeSet::new(),
        };
        partners.insert(partner.clone());
        ctx.store
            .put_portal_user(&u.hash, &PortalUser { partners })
            .await?;
    }
    for u in plan.previous.iter().flat_map(|p| p.portal_users.iter()) {
        if next_users.contains(u.hash.as_str()) {
            continue;
        }
        if let Some(mut p) = ctx.store.portal_user(&u.hash).await? {
            p.partners.remove(partner);
            if p.partners.is_empty() {
                ctx.store.delete_portal_user(&u.hash).await?;
            } else {
                ctx.store.put_portal_user(&u.hash, &p).await?;
            }
        }
    }
    put_record(ctx, &plan.next).await?;
    // The diff was shown with the plan; the apply says that it happened.
    Ok(Output::ok(format!(
        "Tillämpat för {}: {} ändringar, av {}.\n",
        plan.partner,
        plan.changes.len(),
        ctx.operator
    )))
}

async fn put_record(ctx: &Ctx, record: &Record) -> Result<(), AdminError> {
    let text = serde_json::to_string(record)
        .map_err(|e| AdminError::Invalid(format!("konfigurationen kan inte skrivas: {e}")))?;
    ctx.store
        .put_partner_config(&PartnerId(record.agreement.id.clone()), &text)
        .await?;
    Ok(())
}

async fn audit(ctx: &Ctx, partner: &PartnerId, changes: &[Change]) -> Result<(), AdminError> {
    let id = format!("admin-{}", uuid::Uuid::new_v4());
    let record = AuditRecord {
        id: id.clone(),
        at: ctx.now,
        partner: Some(partner.clone()),
        caller: ctx.operator.clone(),
        channel: CHANNEL.into(),
        subject: None,
        asked: Vec::new(),
        delivered: Vec::new(),
        outcome: Outcome::Configured {
            change: changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        },
        correlation_id: id,
        user: None,
        purpose: None,
    };
    ctx.store.append(&record).await?;
    Ok(())
}

/// `agreements list`.
pub async fn list(ctx: &Ctx) -> Result<Output, AdminError> {
    let today = stockholm_date(ctx.now);
    let mut text = format!(
        "{:<22} {:<28} {:<18} {:<10} {:<24} {}\n",
        "aktör", "namn", "typ", "giltigt", "period", "förmåner"
    );
    for a in ctx.store.agreements().await? {
        let state = match a
            .check(today, Channel::System)
            .or_else(|_| a.check(today, Channel::Portal))
        {
            Ok(()) => "ja",
            Err(lefi_domain::agreement::Refusal::NotYetValid) => "ej ännu",
            Err(lefi_domain::agreement::Refusal::Expired) => "upphört",
            Err(lefi_domain::agreement::Refusal::ChannelNotAllowed) => "ingen kanal",
        };
        let until = a
            .valid_until
            .map_or_else(|| "tills vidare".to_owned(), |d| d.to_string());
        text.push_str(&format!(
            "{:<22} {:<28} {:<18} {:<10} {:<24} {}\n",
            a.id,
            a.name,
            a.kind.name_sv(),
            state,
            format!("{} – {until}", a.valid_from),
            a.benefits.len()
        ));
    }
    Ok(Output::ok(text))
}

/// `agreements show ID`: the configuration of record, portal users masked.
pub async fn show(partner: &str, ctx: &Ctx) -> Result<Output, AdminError> {
    let partner = PartnerId(partner.to_owned());
    let Some(record) = record_of(ctx, &partner).await? else {
        return Ok(Output::failed(format!(
            "Aktören {partner} har inget avtal.\n"
        )));
    };
    let mut text = format!("partner: {partner}\n");
    for (k, v) in fields(&record.agreement) {
        text.push_str(&format!("{k}: {v}\n"));
    }
    for m in &record.certificates {
        text.push_str(&format!(
            "certificates: {} → anroparen {} ({})\n",
            key_text(&m.key),
            m.caller,
            m.caller_name
        ));
    }
    for u in &record.portal_users {
        text.push_str(&format!(
            "portal_users: {}\n",
            masked(ctx.protector.as_ref(), u)
        ));
    }
    Ok(Output::ok(text))
}

/// `agreements expire ID [--from DATE]`: the agreement ends the day before `from`
/// (default today), so from that day the partner is refused (P1, 403).
pub async fn expire(
    partner: &str,
    from: Option<NaiveDate>,
    ctx: &Ctx,
) -> Result<Output, AdminError> {
    let partner = PartnerId(partner.to_owned());
    let Some(mut record) = record_of(ctx, &partner).await? else {
        return Ok(Output::failed(format!(
            "Aktören {partner} har inget avtal.\n"
        )));
    };
    let from = from.unwrap_or_else(|| stockholm_date(ctx.now));
    let Some(last) = from.checked_sub_days(Days::new(1)) else {
        return Err(AdminError::Invalid("datumet går inte att använda".into()));
    };
    if last < record.agreement.valid_from {
        return Ok(Output::failed(format!(
            "Avtalet börjar gälla {}: det kan inte upphöra före det (ändra valid_from i partnerfilen i stället).\n",
            record.agreement.valid_from
        )));
    }
    if record.agreement.valid_until.is_some_and(|u| u <= last) {
        return Ok(Output::ok(format!(
            "Avtalet för {partner} upphör redan {}.\n",
            record
                .agreement
                .valid_until
                .map(|d| d.to_string())
                .unwrap_or_default()
        )));
    }
    let before = record.agreement.valid_until;
    record.agreement.valid_until = Some(last);
    let change = Change::Changed(
        "valid_until".into(),
        before.map_or_else(|| "tills vidare".to_owned(), |d| d.to_string()),
        last.to_string(),
    );
    audit(ctx, &partner, std::slice::from_ref(&change)).await?;
    ctx.store.put_agreement(&record.agreement).await?;
    if ctx.store.partner_config(&partner).await?.is_some() {
        put_record(ctx, &record).await?;
    }
    Ok(Output::ok(format!(
        "Avtalet för {partner} gäller inte från {from}:\n  {change}\nTillämpat av {}.\n",
        ctx.operator
    )))
}
