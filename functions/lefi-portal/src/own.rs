//! "Vem har hämtat uppgifter om mig?" (A5): a person logged in with e-legitimation sees
//! which organisations fetched data about them, when, through which channel, which
//! benefit groups and for what stated purpose — from the audit by their protected
//! reference (`AuditLog::by_subject`, the keyed hash; never the number). No organisation
//! is needed. Viewing is itself audited (`Outcome::OwnLookupsViewed`), before anything
//! is shown (fail closed).
//!
//! What counts as a lookup: a record whose subject is the person and that **disclosed**
//! data — `Answered`, and `Replayed` (a kept answer served again discloses again). Not
//! shown: refusals, invalid or not served queries, failures and `PersonNotFound` (no
//! data about the person left the service; they stay in the audit for the agency's
//! auditors, A3), and the person's own views of this page.
//!
//! Nothing about anyone else: only the person's own records (by their hash), and of
//! each only the organisation (its agreement's name), never the case worker or the
//! certificate that asked, and no other subject. Protected identity (S1): the page
//! shows no person data at all — no address, no personnummer, only the lookups'
//! metadata — so a person with protected identity sees the same page as anyone, and
//! nothing on it could reveal where they live.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use lefi_domain::catalogue::Benefit;
use lefi_domain::{Purpose, PurposeField};
use lefi_store::{AuditRecord, Outcome, PartnerId, Protector, Store, StoreResult};

use crate::views::format;

/// Whether a record is a lookup the person is shown: it disclosed data about them.
pub fn is_lookup(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Answered | Outcome::Replayed { .. })
}

/// The channel in words.
pub fn channel_sv(channel: &str) -> &'static str {
    match channel.split('/').next() {
        Some("portal") => "Webbtjänsten LEFI Online",
        _ => "Organisationens eget system",
    }
}

/// The benefit groups of what was delivered (`list/code`), in words: each group with the
/// benefits of it, and the person's own data (`FK:GEPI`) on its own line.
pub fn groups_sv(delivered: &[String]) -> Vec<String> {
    let mut person_data = false;
    let mut groups: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
    for item in delivered {
        let code = item.rsplit('/').next().unwrap_or(item);
        match Benefit::from_code(code) {
            Ok(b) => {
                groups
                    .entry(b.group().name_sv())
                    .or_default()
                    .insert(b.name_sv());
            }
            Err(_) if code == "FK:GEPI" => person_data = true,
            Err(_) => {}
        }
    }
    let mut out: Vec<String> = Vec::new();
    if person_data {
        out.push("Personuppgifter (till exempel namn och folkbokföring)".to_owned());
    }
    out.extend(groups.into_iter().map(|(group, benefits)| {
        format!(
            "{group}: {}",
            benefits.into_iter().collect::<Vec<_>>().join(", ")
        )
    }));
    out
}

/// One line of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub at: DateTime<Utc>,
    /// When, Stockholm time, in words: the day ("torsdag 26 november 2026") and the time
    /// ("10.00"), so the page can keep each on one line.
    pub day: String,
    pub time: String,
    /// The organisation: its agreement's name.
    pub organisation: String,
    pub channel: &'static str,
    pub groups: Vec<String>,
    /// The stated purpose, legal basis and case reference, as (label, text).
    pub purpose: Vec<(&'static str, String)>,
}

/// The lookups about the person with `hash`, newest first.
///
/// # Errors
/// The store could not be read.
pub async fn lookups(
    store: &dyn Store,
    protector: &Protector,
    hash: &str,
) -> StoreResult<Vec<Lookup>> {
    let records = store.by_subject(hash).await?;
    let mut names: BTreeMap<PartnerId, String> = BTreeMap::new();
    let mut out = Vec::new();
    for record in records.into_iter().rev().filter(|r| is_lookup(&r.outcome)) {
        let organisation = match &record.partner {
            Some(p) => match names.get(p) {
                Some(name) => name.clone(),
                None => {
                    let name = store
                        .agreement(p)
                        .await?
                        .map_or_else(|| "Okänd organisation".to_owned(), |a| a.name);
                    names.insert(p.clone(), name.clone());
                    name
                }
            },
            None => "Okänd organisation".to_owned(),
        };
        let when = format::date_time_in_words(record.at);
        let (day, time) = when.split_once(" kl. ").unwrap_or((&when, ""));
        out.push(Lookup {
            at: record.at,
            day: day.to_owned(),
            time: time.to_owned(),
            organisation,
            channel: channel_sv(&record.channel),
            groups: groups_sv(&record.delivered),
            purpose: purpose_sv(protector, &record),
        });
    }
    Ok(out)
}

/// The record's stated purpose, opened for the person it is about. A seal that does
/// not open (keys changed) shows as not readable rather than failing the page.
fn purpose_sv(protector: &Protector, record: &AuditRecord) -> Vec<(&'static str, String)> {
    let Some(sealed) = &record.purpose else {
        return Vec::new();
    };
    match protector.open_purpose(sealed, &record.id) {
        Ok(p) => labelled(&p),
        Err(_) => vec![("Syfte", "Kan inte visas".to_owned())],
    }
}

fn labelled(p: &Purpose) -> Vec<(&'static str, String)> {
    PurposeField::ALL
        .into_iter()
        .filter_map(|f| p.get(f).map(|text| (f.name_sv(), text.to_owned())))
        .collect()
}

/// The record of the view itself (P5, A5): the person as subject and user, no partner.
pub fn view_record(
    correlation_id: &str,
    at: DateTime<Utc>,
    person: &lefi_store::PersonRef,
) -> AuditRecord {
    AuditRecord {
        id: correlation_id.to_owned(),
        at,
        partner: None,
        caller: lefi_gateway::portal::CALLER.to_owned(),
        channel: "portal/web".to_owned(),
        subject: Some(person.clone()),
        asked: Vec::new(),
        delivered: Vec::new(),
        outcome: Outcome::OwnLookupsViewed,
        correlation_id: correlation_id.to_owned(),
        user: Some(person.clone()),
        purpose: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a5_only_disclosures_count_as_lookups() {
        assert!(is_lookup(&Outcome::Answered));
        assert!(is_lookup(&Outcome::Replayed { first: "x".into() }));
        for not in [
            Outcome::PersonNotFound,
            Outcome::Refused { reason: "r".into() },
            Outcome::Invalid { codes: vec![] },
            Outcome::NotServed { code: "c".into() },
            Outcome::Failed { error: "e".into() },
            Outcome::Listed,
            Outcome::SignedIn,
            Outcome::OwnLookupsViewed,
            Outcome::AuditPersonSearched,
        ] {
            assert!(!is_lookup(&not), "{not:?}");
        }
    }

    #[test]
    fn a5_channels_and_groups_are_in_words() {
        assert_eq!(channel_sv("portal/web"), "Webbtjänsten LEFI Online");
        assert_eq!(channel_sv("system/ssek"), "Organisationens eget system");
        let groups = groups_sv(&[
            "formansinformation/FK:SJP".into(),
            "utbetalningar/FK:SJP".into(),
            "ovrigInformation/FK:GEPI".into(),
            "ansprak/PM:AP".into(),
        ]);
        assert_eq!(groups.len(), 3, "{groups:?}");
        assert!(groups[0].starts_with("Personuppgifter"));
        assert!(
            groups.iter().any(|g| g.contains("Sjukpenning")),
            "{groups:?}"
        );
        assert!(
            groups.iter().any(|g| g.starts_with("Pensionsförmåner")),
            "{groups:?}"
        );
    }
}
