//! "Vem har hämtat uppgifter om mig?" (A5) over generated traffic: many people, many
//! partners, every outcome; each person sees exactly their own disclosures, newest
//! first, with the organisation's name and the purpose opened — and nothing of anyone
//! else. Against the embedded store (the index `by-subject` is the contract suite's,
//! run against both adapters).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::{Benefit, Organisationsnummer, Personnummer, Purpose};
use lefi_portal::own;
use lefi_store::{AuditLog, AuditRecord, Directory, EmbeddedStore, Outcome, PartnerId, Protector};

/// A small deterministic generator (no dependency): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Valid personnummer: born 1950–1989, birth numbers with a Luhn digit.
fn people(n: usize) -> Vec<Personnummer> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut out = Vec::new();
    let mut serial = 100;
    while out.len() < n {
        serial += 1;
        let base = format!(
            "{:02}{:02}{:02}{:03}",
            50 + (serial % 40),
            1 + serial % 12,
            1 + serial % 28,
            serial % 1000
        );
        for check in 0..10 {
            if let Ok(p) = Personnummer::parse(&format!("{base}{check}"), today) {
                out.push(p);
                break;
            }
        }
    }
    out
}

fn agreement(id: &str, name: &str) -> Agreement {
    Agreement::new(
        id,
        Organisationsnummer::parse("2120000142").unwrap(),
        name,
        PartnerKind::Kommun,
        [Benefit::Sjukpenning].into(),
        [Channel::System, Channel::Portal].into(),
        TrafficLimits {
            per_second: 1,
            burst: 1,
            per_day: 1,
        },
        Pricing::Free,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap()
}

#[tokio::test]
async fn a5_each_person_sees_exactly_their_own_lookups_over_generated_traffic() {
    let store = EmbeddedStore::new();
    let p = Protector::development();
    let partners = [
        ("kommun-a", "Kommun A"),
        ("kommun-b", "Kommun B"),
        ("forsakring-c", "Försäkring C"),
    ];
    for (id, name) in partners {
        store.put_agreement(&agreement(id, name)).await.unwrap();
    }
    let people = people(60);
    let refs: Vec<_> = people.iter().map(|n| p.protect(n)).collect();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let start: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
    // What each person must see: (record id, organisation name, purpose's case reference).
    let mut expected: BTreeMap<String, Vec<(String, String, Option<String>)>> = BTreeMap::new();
    for i in 0..3_000u64 {
        let who = rng.below(people.len() as u64) as usize;
        let (partner, name) = partners[rng.below(3) as usize];
        let outcome = match rng.below(8) {
            0..=3 => Outcome::Answered,
            4 => Outcome::Replayed { first: "x".into() },
            5 => Outcome::PersonNotFound,
            6 => Outcome::Refused { reason: "r".into() },
            _ => Outcome::NotServed {
                code: "RATE_LIMITED".into(),
            },
        };
        let id = format!("r-{i:05}");
        let reference = (rng.below(2) == 0).then(|| format!("ÄR-{i}"));
        let stated = Purpose::new(Some("Utredning".into()), None, reference.clone());
        // A portal user who asks is someone else, never the subject's own entry.
        let asker = &refs[(who + 1) % refs.len()];
        let record = AuditRecord {
            id: id.clone(),
            at: start + TimeDelta::minutes(i as i64),
            partner: Some(PartnerId(partner.into())),
            caller: "portal".into(),
            channel: if i % 2 == 0 {
                "portal/web".into()
            } else {
                "system/v9-json".into()
            },
            subject: Some(refs[who].clone()),
            asked: vec!["formansinformation/FK:SJP".into()],
            delivered: vec!["formansinformation/FK:SJP".into()],
            outcome: outcome.clone(),
            correlation_id: id.clone(),
            user: Some(asker.clone()),
            purpose: p.seal_purpose(&stated, &id),
        };
        store.append(&record).await.unwrap();
        if own::is_lookup(&outcome) {
            expected.entry(refs[who].hash.clone()).or_default().push((
                id,
                name.to_owned(),
                reference,
            ));
        }
    }
    // Records without a subject, and a person's own view, are nobody's lookups.
    let viewed = own::view_record("v-1", start, &refs[0]);
    store.append(&viewed).await.unwrap();

    let mut seen_total = 0;
    for r in &refs {
        let got = own::lookups(&store, &p, &r.hash).await.unwrap();
        let mut want = expected.remove(&r.hash).unwrap_or_default();
        want.reverse(); // newest first
        assert_eq!(got.len(), want.len(), "exactly this person's lookups");
        for (g, (_, name, reference)) in got.iter().zip(&want) {
            assert_eq!(&g.organisation, name);
            let shown_reference = g
                .purpose
                .iter()
                .find(|(label, _)| *label == "Ärendereferens")
                .map(|(_, t)| t.clone());
            assert_eq!(
                &shown_reference, reference,
                "the purpose of that very record"
            );
            assert_eq!(g.groups, ["Dagersättningsförmåner: Sjukpenning"]);
        }
        assert!(got.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
        seen_total += got.len();
    }
    assert!(seen_total > 1_000, "the traffic had lookups: {seen_total}");
    assert!(expected.is_empty(), "no lookup is lost");
}
