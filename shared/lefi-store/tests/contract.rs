//! One contract suite, run against both adapters: the embedded store and DynamoDB (moto
//! server, LocalStack or AWS, wherever `AWS_ENDPOINT_URL` points). Each DynamoDB test
//! gets tables of its own, so tests run in parallel without seeing each other.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::{Benefit, Organisationsnummer, Personnummer};
use lefi_store::*;

fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, h, m, s).unwrap()
}

fn partner(s: &str) -> PartnerId {
    PartnerId(s.to_owned())
}

fn agreement(id: &str) -> Agreement {
    Agreement::new(
        id,
        Organisationsnummer::parse("2120000142").unwrap(),
        "Exempelkommunen",
        PartnerKind::Kommun,
        [Benefit::Sjukpenning, Benefit::Barnbidrag].into(),
        [Channel::System, Channel::Portal].into(),
        TrafficLimits {
            per_second: 5,
            burst: 5,
            per_day: 1000,
        },
        Pricing::Free,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap()
}

fn subject() -> PersonRef {
    let pnr = Personnummer::parse(
        "195001019420",
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    )
    .unwrap();
    Protector::development().protect(&pnr)
}

fn record(id: &str, partner_id: &str, at: DateTime<Utc>) -> AuditRecord {
    AuditRecord {
        id: id.to_owned(),
        at,
        partner: Some(partner(partner_id)),
        caller: "cert-kommun".into(),
        channel: "system/v9-json".into(),
        subject: Some(subject()),
        asked: vec!["FK:SJP".into(), "FK:ABB".into()],
        delivered: vec!["FK:SJP".into()],
        outcome: Outcome::Answered,
        correlation_id: format!("corr-{id}"),
        user: None,
        purpose: None,
    }
}

mod cases {
    use super::*;

    pub async fn p1_agreements_and_callers_round_trip<S: Store>(s: Arc<S>) {
        let a = agreement("kommun-1");
        assert_eq!(s.agreement(&partner("kommun-1")).await.unwrap(), None);
        s.put_agreement(&a).await.unwrap();
        assert_eq!(s.agreement(&partner("kommun-1")).await.unwrap(), Some(a));

        let caller = Caller {
            id: "supplier-1".into(),
            name: "Systemleverantören AB".into(),
            represents: [partner("kommun-1"), partner("kommun-2")].into(),
        };
        let keys = [
            CertificateKey::SerialNumber {
                issuer: "CN=Test CA".into(),
                serial_number: "162120000142".into(),
            },
            CertificateKey::OrganizationIdentifier {
                issuer: "CN=Test CA".into(),
                identifier: "NTRSE-2120000142".into(),
            },
            CertificateKey::Fingerprint {
                sha256: "AB".repeat(32),
            },
        ];
        for key in &keys {
            s.put_caller(key, &caller).await.unwrap();
        }
        for key in &keys {
            assert_eq!(
                s.caller_by_certificate(key).await.unwrap().as_ref(),
                Some(&caller)
            );
        }
        // Fingerprints are compared case-insensitively; issuers are not interchangeable.
        let lower = CertificateKey::Fingerprint {
            sha256: "ab".repeat(32),
        };
        assert_eq!(s.caller_by_certificate(&lower).await.unwrap(), Some(caller));
        let other_issuer = CertificateKey::SerialNumber {
            issuer: "CN=Other".into(),
            serial_number: "162120000142".into(),
        };
        assert_eq!(s.caller_by_certificate(&other_issuer).await.unwrap(), None);
    }

    pub async fn p5_audit_is_append_only<S: Store>(s: Arc<S>) {
        let first = record("q-1", "kommun-1", t(10, 0, 0));
        s.append(&first).await.unwrap();
        let mut forged = first.clone();
        forged.outcome = Outcome::Failed {
            error: "rewritten".into(),
        };
        assert_eq!(s.append(&forged).await, Err(StoreError::AlreadyExists));
        assert_eq!(s.get("q-1").await.unwrap(), Some(first));
        assert_eq!(s.get("q-2").await.unwrap(), None);
    }

    pub async fn p5_audit_by_partner_and_stockholm_day<S: Store>(s: Arc<S>) {
        // 23:30 UTC on 25 Nov is already 26 Nov in Stockholm.
        let late = Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap();
        for (id, p, at) in [
            ("a", "kommun-1", t(12, 0, 0)),
            ("b", "kommun-1", late),
            ("c", "kommun-2", t(9, 0, 0)),
            (
                "d",
                "kommun-1",
                Utc.with_ymd_and_hms(2026, 11, 26, 23, 30, 0).unwrap(),
            ),
        ] {
            s.append(&record(id, p, at)).await.unwrap();
        }
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let ids: Vec<String> = s
            .by_partner_and_day(&partner("kommun-1"), day)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["b", "a"], "oldest first, Stockholm day, one partner");
    }

    pub async fn a3_audit_by_stockholm_day_covers_every_partner_and_none<S: Store>(s: Arc<S>) {
        let late = Utc.with_ymd_and_hms(2026, 11, 25, 23, 30, 0).unwrap();
        // Enough records that every shard of the by-day index holds some.
        for i in 0..40 {
            s.append(&record(&format!("r{i:02}"), "kommun-1", t(9, 0, i)))
                .await
                .unwrap();
        }
        let mut anonymous = record("z-anon", "kommun-1", late);
        anonymous.partner = None;
        s.append(&anonymous).await.unwrap();
        s.append(&record("other", "kommun-2", t(9, 0, 5)))
            .await
            .unwrap();
        s.append(&record("next-day", "kommun-1", t(23, 30, 0)))
            .await
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let ids: Vec<String> = s
            .by_day(day)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut want = vec!["z-anon".to_owned()];
        for i in 0..40 {
            // "other" has r05's instant and sorts before it by id.
            if i == 5 {
                want.push("other".into());
            }
            want.push(format!("r{i:02}"));
        }
        assert_eq!(
            ids, want,
            "oldest first, ties by id; no partner included; Stockholm day"
        );
    }

    pub async fn a4_a_sealed_purpose_comes_back_and_opens<S: Store>(s: Arc<S>) {
        let p = Protector::development();
        let stated = lefi_domain::Purpose::new(Some("Utredning".into()), None, Some("K-1".into()));
        let mut r = record("a4", "kommun-1", t(10, 0, 0));
        r.purpose = p.seal_purpose(&stated, "a4");
        s.append(&r).await.unwrap();
        let back = s.get("a4").await.unwrap().unwrap();
        assert_eq!(back, r);
        assert_eq!(
            p.open_purpose(back.purpose.as_deref().unwrap(), "a4")
                .unwrap(),
            stated
        );
        // A record without one (every record before A4) reads back without one.
        s.append(&record("plain", "kommun-1", t(10, 1, 0)))
            .await
            .unwrap();
        assert_eq!(s.get("plain").await.unwrap().unwrap().purpose, None);
    }

    pub async fn a5_audit_by_subject_finds_exactly_that_persons_records<S: Store>(s: Arc<S>) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let other =
            Protector::development().protect(&Personnummer::parse("197001011233", today).unwrap());
        assert_ne!(other.hash, subject().hash);
        s.append(&record("b", "kommun-2", t(11, 0, 0)))
            .await
            .unwrap();
        s.append(&record("a", "kommun-1", t(10, 0, 0)))
            .await
            .unwrap();
        let mut about_other = record("c", "kommun-1", t(10, 30, 0));
        about_other.subject = Some(other.clone());
        s.append(&about_other).await.unwrap();
        // A portal user who asked about someone else is not that query's subject.
        let mut asked_by = record("d", "kommun-1", t(12, 0, 0));
        asked_by.subject = Some(other.clone());
        asked_by.user = Some(subject());
        s.append(&asked_by).await.unwrap();
        let mut no_subject = record("e", "kommun-1", t(12, 30, 0));
        no_subject.subject = None;
        s.append(&no_subject).await.unwrap();
        let ids = |rs: Vec<AuditRecord>| rs.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(s.by_subject(&subject().hash).await.unwrap()),
            ["a", "b"]
        );
        assert_eq!(ids(s.by_subject(&other.hash).await.unwrap()), ["c", "d"]);
        assert!(s.by_subject("0000").await.unwrap().is_empty());
    }

    pub async fn p5_every_outcome_round_trips<S: Store>(s: Arc<S>) {
        // Each kind of record the edge and the workflow write, replays and records
        // without partner or subject included, reads back exactly as written.
        let outcomes = [
            Outcome::Answered,
            Outcome::PersonNotFound,
            Outcome::Refused {
                reason: "Aktören har inget avtal om LEFI Online.".into(),
            },
            Outcome::Invalid {
                codes: vec!["PNR_CHECKSUM".into(), "XML_SCHEMA".into()],
            },
            Outcome::NotServed {
                code: "SERVICE_CLOSED".into(),
            },
            Outcome::Failed {
                error: "store".into(),
            },
            Outcome::Replayed {
                first: "corr-first".into(),
            },
            Outcome::Listed,
            Outcome::SignedIn,
            Outcome::Configured {
                change: "ändrat pricing.per_query_ore: 1200 → 1300".into(),
            },
            Outcome::OwnLookupsViewed,
            Outcome::AuditPersonSearched,
            Outcome::Received { queries: 10_000 },
            Outcome::MailboxListed,
            Outcome::MailboxFetched {
                record: "corr-query".into(),
            },
            Outcome::MailboxAcknowledged {
                tx_id: "3b1f0a2e-0000-4000-8000-000000000001".into(),
            },
        ];
        let mut written = Vec::new();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let mut r = record(&format!("o-{i}"), "kommun-1", t(10, 0, i as u32));
            // A portal user's record names the person protected, as the subject.
            if outcome == Outcome::SignedIn {
                r.user = Some(subject());
                r.subject = None;
            }
            // A person's own view (A5): the person is both, and no partner is.
            if matches!(
                outcome,
                Outcome::OwnLookupsViewed | Outcome::AuditPersonSearched
            ) {
                r.user = Some(subject());
                r.partner = None;
            }
            r.outcome = outcome;
            s.append(&r).await.unwrap();
            assert_eq!(s.get(&r.id).await.unwrap().as_ref(), Some(&r));
            if r.partner.is_some() {
                written.push(r);
            }
        }
        let mut anonymous = record("o-none", "kommun-1", t(11, 0, 0));
        anonymous.partner = None;
        anonymous.subject = None;
        anonymous.outcome = Outcome::Refused {
            reason: "Anroparen är inte behörig.".into(),
        };
        s.append(&anonymous).await.unwrap();
        assert_eq!(s.get("o-none").await.unwrap(), Some(anonymous));
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            s.by_partner_and_day(&partner("kommun-1"), day)
                .await
                .unwrap(),
            written,
            "a record without partner is in no partner's day"
        );
    }

    pub async fn p5_racing_appends_of_one_id_have_one_winner<S: Store + 'static>(s: Arc<S>) {
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    let mut r = record("race", "kommun-1", t(10, 0, 0));
                    r.caller = format!("writer-{i}");
                    (s.append(&r).await, r)
                })
            })
            .collect();
        let mut winners = Vec::new();
        for task in tasks {
            let (result, r) = task.await.unwrap();
            match result {
                Ok(()) => winners.push(r),
                Err(e) => assert_eq!(e, StoreError::AlreadyExists),
            }
        }
        assert_eq!(winners.len(), 1);
        assert_eq!(s.get("race").await.unwrap(), winners.pop());
    }

    pub async fn p4_usage_counts_per_partner_and_month<S: Store>(s: Arc<S>) {
        assert_eq!(s.count(&partner("b"), "2026-11").await.unwrap(), 1);
        assert_eq!(s.count(&partner("a"), "2026-11").await.unwrap(), 1);
        assert_eq!(s.count(&partner("a"), "2026-11").await.unwrap(), 2);
        assert_eq!(s.count(&partner("a"), "2026-12").await.unwrap(), 1);
        assert_eq!(
            s.month_totals("2026-11").await.unwrap(),
            [(partner("a"), 2), (partner("b"), 1)]
        );
        assert_eq!(s.month_totals("2027-01").await.unwrap(), []);
    }

    pub async fn p4_concurrent_counts_are_never_lost<S: Store + 'static>(s: Arc<S>) {
        let tasks: Vec<_> = (0..60)
            .map(|_| {
                let s = s.clone();
                tokio::spawn(async move { s.count(&partner("busy"), "2026-11").await.unwrap() })
            })
            .collect();
        let mut seen = BTreeSet::new();
        for task in tasks {
            seen.insert(task.await.unwrap());
        }
        assert_eq!(
            seen,
            (1..=60).collect(),
            "every increment returned a distinct count"
        );
        assert_eq!(
            s.month_totals("2026-11").await.unwrap(),
            [(partner("busy"), 60)]
        );
    }

    pub async fn c3_idempotency_first_writer_wins_until_expiry<S: Store>(s: Arc<S>) {
        let expires = t(10, 5, 0);
        assert_eq!(
            s.begin("k", "fp", t(10, 0, 0), expires).await.unwrap(),
            Begin::Started
        );
        assert_eq!(
            s.begin("k", "fp", t(10, 0, 1), expires).await.unwrap(),
            Begin::Existing(IdempotencyState::InProgress)
        );
        assert_eq!(
            s.begin("k", "other", t(10, 0, 1), expires).await.unwrap(),
            Begin::Conflict
        );
        s.complete("k", "{\"svar\":1}", t(10, 0, 2), expires)
            .await
            .unwrap();
        assert_eq!(
            s.begin("k", "fp", t(10, 1, 0), expires).await.unwrap(),
            Begin::Existing(IdempotencyState::Done {
                answer: "{\"svar\":1}".into()
            })
        );
        assert_eq!(
            s.complete("k", "again", t(10, 1, 0), expires).await,
            Err(StoreError::Conflict)
        );
        // After expiry the key is free again, and the old claim cannot complete.
        assert_eq!(
            s.begin("k", "fp2", t(10, 5, 0), t(10, 10, 0))
                .await
                .unwrap(),
            Begin::Started
        );
        assert_eq!(
            s.begin("k", "fp2", t(10, 6, 0), t(10, 10, 0))
                .await
                .unwrap(),
            Begin::Existing(IdempotencyState::InProgress)
        );
    }

    /// A claim is a lease: a holder that died (a worker killed mid-query) holds the key
    /// only until its lease ends, then a redelivery takes it over; a completed answer is
    /// kept for the window it was completed with, not the lease.
    pub async fn c3_a_dead_holders_claim_is_taken_over_after_its_lease_and_an_answer_outlives_it<
        S: Store,
    >(
        s: Arc<S>,
    ) {
        let lease = |at| at + chrono::TimeDelta::minutes(3);
        assert_eq!(
            s.begin("q#1", "fp", t(10, 0, 0), lease(t(10, 0, 0)))
                .await
                .unwrap(),
            Begin::Started
        );
        assert_eq!(
            s.begin("q#1", "fp", t(10, 2, 59), lease(t(10, 2, 59)))
                .await
                .unwrap(),
            Begin::Existing(IdempotencyState::InProgress)
        );
        assert_eq!(
            s.begin("q#1", "fp", t(10, 3, 0), lease(t(10, 3, 0)))
                .await
                .unwrap(),
            Begin::Started,
            "the dead holder's lease is over"
        );
        s.complete("q#1", "svar", t(10, 3, 1), t(10, 18, 1))
            .await
            .unwrap();
        assert_eq!(
            s.begin("q#1", "fp", t(10, 10, 0), lease(t(10, 10, 0)))
                .await
                .unwrap(),
            Begin::Existing(IdempotencyState::Done {
                answer: "svar".into()
            }),
            "the answer is kept past the lease, for its window"
        );
        assert_eq!(
            s.begin("q#1", "fp", t(10, 18, 1), lease(t(10, 18, 1)))
                .await
                .unwrap(),
            Begin::Started
        );
    }

    pub async fn c3_an_expired_claim_cannot_complete_and_abandon_frees_a_key<S: Store>(s: Arc<S>) {
        assert_eq!(
            s.begin("slow", "fp", t(10, 0, 0), t(10, 1, 0))
                .await
                .unwrap(),
            Begin::Started
        );
        assert_eq!(
            s.complete("slow", "late", t(10, 2, 0), t(10, 9, 0)).await,
            Err(StoreError::Conflict)
        );
        assert_eq!(
            s.complete("never-begun", "x", t(10, 0, 0), t(10, 9, 0))
                .await,
            Err(StoreError::Conflict)
        );
        assert_eq!(
            s.begin("gone", "fp", t(10, 0, 0), t(10, 5, 0))
                .await
                .unwrap(),
            Begin::Started
        );
        s.abandon("gone").await.unwrap();
        assert_eq!(
            s.begin("gone", "fp", t(10, 0, 1), t(10, 5, 0))
                .await
                .unwrap(),
            Begin::Started
        );
        // Abandon never drops a finished answer.
        s.complete("gone", "answer", t(10, 0, 2), t(10, 5, 0))
            .await
            .unwrap();
        s.abandon("gone").await.unwrap();
        assert_eq!(
            s.begin("gone", "fp", t(10, 0, 3), t(10, 5, 0))
                .await
                .unwrap(),
            Begin::Existing(IdempotencyState::Done {
                answer: "answer".into()
            })
        );
    }

    pub async fn c3_racing_idempotency_writers_have_one_winner<S: Store + 'static>(s: Arc<S>) {
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.begin(
                        "same-query",
                        &format!("fp-{}", i % 2),
                        t(10, 0, 0),
                        t(10, 5, 0),
                    )
                    .await
                    .unwrap()
                })
            })
            .collect();
        let mut started = 0;
        for task in tasks {
            if task.await.unwrap() == Begin::Started {
                started += 1;
            }
        }
        assert_eq!(started, 1);
    }

    pub async fn c3_rate_and_daily_limits<S: Store>(s: Arc<S>) {
        let limits = TrafficLimits {
            per_second: 2,
            burst: 1,
            per_day: 5,
        };
        let p = partner("insurer");
        let now = t(10, 0, 0);
        for _ in 0..3 {
            assert_eq!(s.take(&p, &limits, now).await.unwrap(), Take::Allowed);
        }
        assert_eq!(
            s.take(&p, &limits, now).await.unwrap(),
            Take::RateLimited {
                retry_at: now + TimeDelta::milliseconds(500)
            }
        );
        let later = now + TimeDelta::seconds(1);
        assert_eq!(s.take(&p, &limits, later).await.unwrap(), Take::Allowed);
        assert_eq!(s.take(&p, &limits, later).await.unwrap(), Take::Allowed);
        // Five taken today: the budget is spent until Stockholm midnight (23:00 UTC).
        assert_eq!(
            s.take(&p, &limits, later + TimeDelta::seconds(10))
                .await
                .unwrap(),
            Take::DailyLimitReached {
                retry_at: t(23, 0, 0)
            }
        );
        let tomorrow = Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap();
        assert_eq!(s.take(&p, &limits, tomorrow).await.unwrap(), Take::Allowed);
        // Another partner has its own limits.
        assert_eq!(
            s.take(&partner("other"), &limits, now).await.unwrap(),
            Take::Allowed
        );
    }

    pub async fn c3_racing_takes_never_exceed_the_bucket<S: Store + 'static>(s: Arc<S>) {
        let limits = TrafficLimits {
            per_second: 5,
            burst: 3,
            per_day: 1000,
        };
        let tasks: Vec<_> = (0..30)
            .map(|_| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.take(&partner("race"), &limits, t(10, 0, 0))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut allowed = 0;
        for task in tasks {
            if task.await.unwrap() == Take::Allowed {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 8, "a full bucket holds per_second + burst tokens");
    }

    pub async fn p2_portal_users_round_trip_by_their_keyed_hash<S: Store>(s: Arc<S>) {
        let hash = subject().hash;
        assert_eq!(s.portal_user(&hash).await.unwrap(), None);
        let user = PortalUser {
            partners: [partner("kommun-1"), partner("forsakring-1")].into(),
        };
        s.put_portal_user(&hash, &user).await.unwrap();
        assert_eq!(s.portal_user(&hash).await.unwrap(), Some(user));
        let fewer = PortalUser {
            partners: [partner("kommun-1")].into(),
        };
        s.put_portal_user(&hash, &fewer).await.unwrap();
        assert_eq!(s.portal_user(&hash).await.unwrap(), Some(fewer));
        assert_eq!(s.portal_user(&"0".repeat(64)).await.unwrap(), None);
        // A1: a person removed from every partner's file no longer maps at all.
        s.delete_portal_user(&hash).await.unwrap();
        assert_eq!(s.portal_user(&hash).await.unwrap(), None);
        s.delete_portal_user(&hash).await.unwrap();
    }

    pub async fn a1_agreements_are_listed_and_mappings_removed<S: Store>(s: Arc<S>) {
        assert_eq!(s.agreements().await.unwrap(), Vec::new());
        let (b, a) = (agreement("kommun-b"), agreement("kommun-a"));
        s.put_agreement(&b).await.unwrap();
        s.put_agreement(&a).await.unwrap();
        // Other kinds of directory items are not agreements.
        let key = CertificateKey::Fingerprint {
            sha256: "cd".repeat(32),
        };
        let caller = Caller {
            id: "kommun-a".into(),
            name: "Kommun A".into(),
            represents: [partner("kommun-a")].into(),
        };
        s.put_caller(&key, &caller).await.unwrap();
        s.put_portal_user(
            &subject().hash,
            &PortalUser {
                partners: [partner("kommun-a")].into(),
            },
        )
        .await
        .unwrap();
        s.put_partner_config(&partner("kommun-a"), "{}")
            .await
            .unwrap();
        assert_eq!(
            s.agreements().await.unwrap(),
            vec![a, b],
            "sorted by partner"
        );

        s.delete_caller(&key).await.unwrap();
        assert_eq!(s.caller_by_certificate(&key).await.unwrap(), None);
        s.delete_caller(&key).await.unwrap();
    }

    pub async fn a1_the_partner_configuration_of_record_round_trips<S: Store>(s: Arc<S>) {
        assert_eq!(s.partner_config(&partner("kommun-1")).await.unwrap(), None);
        let text = r#"{"partner":"kommun-1","benefits":["FK:SJP"],"name":"Åre kommun"}"#;
        s.put_partner_config(&partner("kommun-1"), text)
            .await
            .unwrap();
        assert_eq!(
            s.partner_config(&partner("kommun-1"))
                .await
                .unwrap()
                .as_deref(),
            Some(text)
        );
        s.put_partner_config(&partner("kommun-1"), "{}")
            .await
            .unwrap();
        assert_eq!(
            s.partner_config(&partner("kommun-1"))
                .await
                .unwrap()
                .as_deref(),
            Some("{}")
        );
        assert_eq!(s.partner_config(&partner("kommun-2")).await.unwrap(), None);
        assert_eq!(s.agreement(&partner("kommun-1")).await.unwrap(), None);
    }

    pub async fn c2_sessions_expire_after_120_idle_minutes<S: Store>(s: Arc<S>) {
        let session = Session {
            id: "sess-1".into(),
            user: subject(),
            user_name: "Tyra Testsson".into(),
            partner: Some(partner("kommun-1")),
            csrf: "c".repeat(43),
            created: t(8, 0, 0),
            last_seen: t(8, 0, 0),
        };
        s.create(&session).await.unwrap();
        assert_eq!(s.create(&session).await, Err(StoreError::AlreadyExists));
        let touched = s.touch("sess-1", t(9, 59, 59)).await.unwrap().unwrap();
        assert_eq!(touched.last_seen, t(9, 59, 59));
        // Active at 9:59:59, so alive until 11:59:59.
        assert!(s.touch("sess-1", t(11, 59, 58)).await.unwrap().is_some());
        assert_eq!(
            s.touch("sess-1", t(13, 59, 58)).await.unwrap(),
            None,
            "120 minutes idle"
        );
        assert_eq!(
            s.touch("sess-1", t(13, 0, 0)).await.unwrap(),
            None,
            "an expired session stays gone"
        );
        let mut second = session.clone();
        second.id = "sess-2".into();
        s.create(&second).await.unwrap();
        s.end("sess-2").await.unwrap();
        assert_eq!(s.touch("sess-2", t(8, 0, 1)).await.unwrap(), None);
        assert_eq!(s.touch("nobody", t(8, 0, 1)).await.unwrap(), None);
    }

    pub async fn c1_shs_mailbox_keeps_each_reply_once_until_acknowledged_or_expired<S: Store>(
        s: Arc<S>,
    ) {
        let item = |tx: &str, arrived: DateTime<Utc>| MailboxItem {
            address: "2120000142".into(),
            tx_id: tx.into(),
            corr_id: "corr-1".into(),
            content_id: "innehall-1".into(),
            product: "6f0e4c2a-9b1d-4e57-a3c8-1d2f5b7e9a40".into(),
            arrived,
            expires: arrived + TimeDelta::days(7),
            size: 1234,
            record: format!("query-{tx}"),
        };
        let delivery = |tx: &str, arrived| Delivery {
            item: item(tx, arrived),
            sealed: format!("sealed-{tx}"),
        };
        assert!(s.deliver(&delivery("tx-2", t(9, 0, 1))).await.unwrap());
        assert!(s.deliver(&delivery("tx-1", t(9, 0, 0))).await.unwrap());
        // A redelivered reply (the same tx.id) is not put twice.
        let mut again = delivery("tx-1", t(9, 5, 0));
        again.sealed = "another".into();
        assert!(!s.deliver(&again).await.unwrap());
        let mut elsewhere = delivery("tx-9", t(9, 0, 0));
        elsewhere.item.address = "2120000159".into();
        assert!(s.deliver(&elsewhere).await.unwrap());

        let waiting = s.waiting("2120000142", t(10, 0, 0)).await.unwrap();
        let ids: Vec<&str> = waiting.iter().map(|i| i.tx_id.as_str()).collect();
        assert_eq!(ids, ["tx-1", "tx-2"], "oldest first, only this address's");
        assert_eq!(waiting[0], item("tx-1", t(9, 0, 0)));
        let fetched = s
            .fetch("2120000142", "tx-1", t(10, 0, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(fetched.sealed, "sealed-tx-1", "the first delivery stays");
        assert_eq!(
            s.fetch("2120000159", "tx-1", t(10, 0, 0)).await.unwrap(),
            None
        );

        assert!(s.acknowledge("2120000142", "tx-1").await.unwrap());
        assert!(!s.acknowledge("2120000142", "tx-1").await.unwrap());
        assert_eq!(
            s.fetch("2120000142", "tx-1", t(10, 0, 0)).await.unwrap(),
            None
        );
        // Expired: gone from the list and from fetching, before the store deletes it.
        let week_later = t(9, 0, 1) + TimeDelta::days(7);
        assert!(
            s.waiting("2120000142", week_later)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.fetch("2120000142", "tx-2", week_later).await.unwrap(),
            None
        );
    }
}

macro_rules! contract_suite {
    ($adapter:ident, $make:path) => {
        mod $adapter {
            use super::*;
            contract_suite!(@case $make, p1_agreements_and_callers_round_trip, p5_audit_is_append_only,
                p5_audit_by_partner_and_stockholm_day, p5_every_outcome_round_trips,
                a3_audit_by_stockholm_day_covers_every_partner_and_none,
                a5_audit_by_subject_finds_exactly_that_persons_records,
                a4_a_sealed_purpose_comes_back_and_opens,
                p5_racing_appends_of_one_id_have_one_winner,
                p4_usage_counts_per_partner_and_month, p4_concurrent_counts_are_never_lost,
                c3_idempotency_first_writer_wins_until_expiry,
                c3_a_dead_holders_claim_is_taken_over_after_its_lease_and_an_answer_outlives_it,
                c3_an_expired_claim_cannot_complete_and_abandon_frees_a_key,
                c3_racing_idempotency_writers_have_one_winner, c3_rate_and_daily_limits,
                c3_racing_takes_never_exceed_the_bucket, c2_sessions_expire_after_120_idle_minutes,
                p2_portal_users_round_trip_by_their_keyed_hash,
                a1_agreements_are_listed_and_mappings_removed,
                a1_the_partner_configuration_of_record_round_trips,
                c1_shs_mailbox_keeps_each_reply_once_until_acknowledged_or_expired);
        }
    };
    (@case $make:path, $($case:ident),+ $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $case() {
            if let Some(store) = $make(stringify!($case)).await {
                cases::$case(store).await;
            }
        }
    )+};
}

async fn embedded(_: &str) -> Option<Arc<EmbeddedStore>> {
    Some(Arc::new(EmbeddedStore::new()))
}

contract_suite!(embedded_store, embedded);

/// A DynamoDB store with fresh tables of its own, on the AWS-compatible server
/// `lefi_test_aws` finds (moto from `scripts/test`, or LocalStack). Without one the suite
/// is skipped locally, loudly, and fails in CI, where it must run.
async fn dynamodb(case: &str) -> Option<Arc<DynamoStore>> {
    let aws = lefi_test_aws::aws(&format!("dynamodb::{case}")).await?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let prefix = format!("t{}-{nanos}-{}", std::process::id(), case.replace('_', "-"));
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&aws.config), prefix);
    store
        .create_tables()
        .await
        .expect("tables could not be created");
    Some(Arc::new(store))
}

contract_suite!(dynamodb_store, dynamodb);

#[test]
fn the_table_definitions_name_every_table_the_adapter_uses() {
    let names: Vec<String> = lefi_store::dynamo::tables()
        .tables
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        names,
        [
            "directory",
            "audit",
            "usage",
            "idempotency",
            "ratelimits",
            "sessions",
            "mailbox",
        ]
    );
    assert_eq!(lefi_store::dynamo::tables().ttl_attribute, "ttl");
}
