//! `audit search` and `audit person` (A3) against the embedded store: over generated
//! traffic, each search returns exactly what an independent filter of every record
//! says; `audit person` needs the keys, shows the number and the opened purpose, and
//! leaves its own record naming the operator and the person protected.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use lefi_admin::audit::{GivenPnr, Row, kind_of};
use lefi_admin::{AdminError, Command, Ctx, run};
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Personnummer, Purpose};
use lefi_store::{AuditLog, AuditRecord, EmbeddedStore, Outcome, PartnerId, Protector};

const PEOPLE: [&str; 3] = ["195001019420", "197407029284", "198003149872"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// 2 000 records over two months: three partners, three people, every kind of outcome,
/// some without partner, a third with a stated purpose.
async fn traffic(store: &EmbeddedStore, p: &Protector) -> Vec<AuditRecord> {
    let start: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 9, 30, 21, 30, 0).unwrap();
    let mut all = Vec::new();
    for i in 0..2_000u32 {
        let id = format!("r-{i:04}");
        let pnr = Personnummer::parse(PEOPLE[i as usize % 3], today()).unwrap();
        let outcome = match i % 5 {
            0 | 1 => Outcome::Answered,
            2 => Outcome::Refused {
                reason: "Avtalet har upphört.".into(),
            },
            3 => Outcome::Invalid {
                codes: vec!["PNR_CHECKSUM".into()],
            },
            _ => Outcome::Replayed {
                first: "r-0000".into(),
            },
        };
        let record = AuditRecord {
            id: id.clone(),
            // Every 43 minutes: crosses Stockholm midnights, both sides of the month.
            at: start + TimeDelta::minutes(43 * i64::from(i)),
            partner: (i % 11 != 0).then(|| {
                PartnerId(["kommun-a", "kommun-b", "forsakring"][i as usize % 7 % 3].into())
            }),
            caller: "cert".into(),
            channel: "system/v9-json".into(),
            subject: Some(p.protect(&pnr)),
            asked: vec!["formansinformation/FK:SJP".into()],
            delivered: vec![],
            outcome,
            correlation_id: id.clone(),
            user: None,
            purpose: (i % 3 == 0)
                .then(|| {
                    p.seal_purpose(
                        &Purpose::new(Some(format!("Utredning {i}")), None, Some(format!("K-{i}"))),
                        &id,
                    )
                })
                .flatten(),
        };
        store.append(&record).await.unwrap();
        all.push(record);
    }
    all
}

fn ctx(store: Arc<EmbeddedStore>, protector: Option<Protector>) -> Ctx {
    Ctx {
        store,
        protector,
        operator: "arn:aws:iam::123456789012:user/revisor".into(),
        now: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
        seal: None,
    }
}

fn rows(text: &str) -> Vec<Row> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn a3_search_by_partner_period_and_outcome_finds_exactly_those_records() {
    let store = Arc::new(EmbeddedStore::new());
    let p = Protector::development();
    let all = traffic(&store, &p).await;
    let c = ctx(store.clone(), Some(p.clone()));
    let from = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    for outcome in [None, Some("answered"), Some("REFUSED"), Some("replayed")] {
        let out = run(
            Command::AuditSearch {
                partner: "kommun-a".into(),
                from,
                to,
                outcome: outcome.map(str::to_owned),
                json: true,
            },
            &c,
        )
        .await
        .unwrap();
        let got: Vec<String> = rows(&out.text).into_iter().map(|r| r.id).collect();
        // Independently: Stockholm day within the month, this partner, this kind.
        let want: Vec<String> = all
            .iter()
            .filter(|r| r.partner == Some(PartnerId("kommun-a".into())))
            .filter(|r| (from..=to).contains(&stockholm_date(r.at)))
            .filter(|r| outcome.is_none_or(|k| kind_of(&r.outcome) == k.to_ascii_uppercase()))
            .map(|r| r.id.clone())
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got, want, "{outcome:?}");
    }
    // The purpose is opened for the agency's auditors, in the table and the JSON.
    let out = run(
        Command::AuditSearch {
            partner: "kommun-a".into(),
            from,
            to,
            outcome: None,
            json: false,
        },
        &c,
    )
    .await
    .unwrap();
    assert!(out.text.starts_with("tid"), "{}", out.text);
    assert!(out.text.contains("Utredning ") && out.text.contains("K-"));
    assert!(
        !out.text.contains("195001019420"),
        "a partner search names no one"
    );
    // Without the keys it says the purpose is sealed.
    let sealed = run(
        Command::AuditSearch {
            partner: "kommun-a".into(),
            from,
            to,
            outcome: None,
            json: false,
        },
        &ctx(store.clone(), None),
    )
    .await
    .unwrap();
    assert!(sealed.text.contains("(förseglat)"));
    // Wrong input: Swedish, never a panic.
    for (f, t, o) in [(to, from, None), (from, to, Some("SOMETHING"))] {
        let e = run(
            Command::AuditSearch {
                partner: "kommun-a".into(),
                from: f,
                to: t,
                outcome: o.map(str::to_owned),
                json: false,
            },
            &c,
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AdminError::Invalid(_)), "{e}");
    }
}

#[tokio::test]
async fn a3_search_by_correlation_id_finds_the_one_record() {
    let store = Arc::new(EmbeddedStore::new());
    let p = Protector::development();
    traffic(&store, &p).await;
    let c = ctx(store, Some(p));
    let out = run(
        Command::AuditGet {
            correlation_id: "r-0003".into(),
            json: true,
        },
        &c,
    )
    .await
    .unwrap();
    let found = rows(&out.text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "r-0003");
    assert_eq!(found[0].syfte.as_deref(), Some("Utredning 3"));
    assert_eq!(found[0].arendereferens.as_deref(), Some("K-3"));
    let missing = run(
        Command::AuditGet {
            correlation_id: "nope".into(),
            json: false,
        },
        &c,
    )
    .await
    .unwrap();
    assert!(missing.failed);
}

#[tokio::test]
async fn a3_search_by_person_needs_the_keys_and_is_itself_audited() {
    let store = Arc::new(EmbeddedStore::new());
    let p = Protector::development();
    let all = traffic(&store, &p).await;
    let person = || Command::AuditPerson {
        personnummer: GivenPnr("19740702-9284".into()),
        json: true,
    };
    // Without the keys: refused, and nothing is written.
    let before = store.audit_records().unwrap().len();
    let e = run(person(), &ctx(store.clone(), None)).await.unwrap_err();
    assert!(matches!(e, AdminError::NeedsKeys));
    assert_eq!(store.audit_records().unwrap().len(), before);
    // With them: exactly that person's records, with the number.
    let out = run(person(), &ctx(store.clone(), Some(p.clone())))
        .await
        .unwrap();
    let found = rows(&out.text);
    let hash = p
        .protect(&Personnummer::parse("197407029284", today()).unwrap())
        .hash;
    let want: Vec<_> = all
        .iter()
        .filter(|r| r.subject.as_ref().is_some_and(|s| s.hash == hash))
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(found.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), want);
    assert!(
        found
            .iter()
            .all(|r| r.person.as_deref() == Some("197407029284"))
    );
    // The search's own record: the operator, the person protected, no number in clear.
    let records = store.audit_records().unwrap();
    let own: Vec<_> = records
        .iter()
        .filter(|r| r.outcome == Outcome::AuditPersonSearched)
        .collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].caller, "arn:aws:iam::123456789012:user/revisor");
    assert_eq!(own[0].subject.as_ref().unwrap().hash, hash);
    assert!(
        !serde_json::to_string(own[0])
            .unwrap()
            .contains("197407029284")
    );
    // The command's Debug (logs, the local transport) never shows the number.
    assert!(!format!("{:?}", person()).contains("9284"));
}
