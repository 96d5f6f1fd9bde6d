//! A2: the billing report over a month of generated traffic, against the embedded store
//! and DynamoDB (moto), with its totals recomputed here and its reconciliation with the
//! audit proven, then broken.
//!
//! The traffic is appended through the store's ports — an audit record per query and,
//! for each billable one, `Usage::count` for its Stockholm month — exactly what the
//! workflow's Audit step writes (lefi-workflow `steps.rs`). A month of thousands of
//! queries through the real edge and workflow would take minutes per adapter and add
//! nothing the report reads; the end-to-end test (`onboarding.rs`) runs `--check` over
//! queries that did go through the edge.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use lefi_admin::billing::{Format, ReportLine};
use lefi_admin::{Command, Ctx, run};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Benefit, Organisationsnummer};
use lefi_store::{AuditRecord, DynamoStore, EmbeddedStore, Outcome, PartnerId, Store};

const MONTH: &str = "2026-11";

/// (partner, kind, pricing) of the generated month.
fn partners() -> Vec<(&'static str, &'static str, PartnerKind, Pricing)> {
    let paid = |fee, per| Pricing::Paid {
        connection_fee_ore: fee,
        per_query_ore: per,
    };
    vec![
        (
            "forsakring-a",
            "5565971479",
            PartnerKind::Forsakringsbolag,
            paid(2_500_000, 1_200),
        ),
        (
            "forsakring-b",
            "5560360793",
            PartnerKind::Forsakringsbolag,
            paid(1_000_000, 950),
        ),
        ("csn", "2021003005", PartnerKind::Csn, paid(0, 701)),
        ("kommun-x", "2120000142", PartnerKind::Kommun, Pricing::Free),
    ]
}

fn agreement(id: &str, orgnr: &str, kind: PartnerKind, pricing: Pricing) -> Agreement {
    Agreement::new(
        id,
        Organisationsnummer::parse(orgnr).unwrap(),
        format!("Aktören {id}"),
        kind,
        [Benefit::Sjukpenning, Benefit::Barnbidrag, Benefit::Pension].into(),
        [Channel::System, Channel::Portal].into(),
        TrafficLimits {
            per_second: 10,
            burst: 10,
            per_day: 10_000,
        },
        pricing,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap()
}

/// A small deterministic generator: the same month on every run and adapter.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn month_of(at: DateTime<Utc>) -> String {
    let d = stockholm_date(at);
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Writes the month and returns the billable count per partner for MONTH, counted here.
async fn generate(store: &dyn Store) -> BTreeMap<String, u64> {
    for (id, orgnr, kind, pricing) in partners() {
        store
            .put_agreement(&agreement(id, orgnr, kind, pricing))
            .await
            .unwrap();
    }
    let mut rng = Lcg(16);
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let mut n = 0;
    // From the evening before the month (UTC) to the evening after: the edges are
    // Stockholm days of October and December.
    let start = Utc.with_ymd_and_hms(2026, 10, 31, 22, 0, 0).unwrap();
    for hour in 0..(30 * 24 + 4) {
        for (id, ..) in partners() {
            for _ in 0..rng.next(2) {
                n += 1;
                let at = start
                    + chrono::TimeDelta::hours(hour)
                    + chrono::TimeDelta::seconds(i64::try_from(rng.next(3600)).unwrap());
                let outcome = match rng.next(10) {
                    0..=5 => Outcome::Answered,
                    6 => Outcome::PersonNotFound,
                    7 => Outcome::Refused {
                        reason: "avtalet omfattar inte den här kanalen".into(),
                    },
                    8 => Outcome::Invalid {
                        codes: vec!["PNR_CHECKSUM".into()],
                    },
                    _ => Outcome::Replayed {
                        first: format!("q-{}", n - 1),
                    },
                };
                let channel = if rng.next(4) == 0 {
                    "portal/portal"
                } else {
                    "system/v9-json"
                };
                let delivered = if outcome == Outcome::Answered {
                    vec![
                        "ovrigInformation/FK:GEPI".to_owned(),
                        "formansinformation/FK:SJP".to_owned(),
                    ]
                } else {
                    Vec::new()
                };
                let record = AuditRecord {
                    id: format!("q-{n}"),
                    at,
                    partner: Some(PartnerId(id.into())),
                    caller: format!("cert-{id}"),
                    channel: channel.into(),
                    subject: None,
                    asked: vec!["formansinformation/FK:SJP".into()],
                    delivered,
                    outcome: outcome.clone(),
                    correlation_id: format!("q-{n}"),
                    user: None,
                    purpose: None,
                };
                store.append(&record).await.unwrap();
                if outcome.is_billable() {
                    let month = month_of(at);
                    store.count(&PartnerId(id.into()), &month).await.unwrap();
                    if month == MONTH {
                        *expected.entry(id.to_owned()).or_default() += 1;
                    }
                }
            }
        }
    }
    expected
}

fn ctx(store: Arc<dyn Store>) -> Ctx {
    Ctx {
        store,
        protector: None,
        operator: "test".into(),
        now: Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
        seal: None,
    }
}

async fn a2_the_report_reconciles_and_its_totals_are_exact(store: Arc<dyn Store>) {
    let expected = generate(store.as_ref()).await;
    let ctx = ctx(store.clone());
    let report = |format, check| Command::BillingReport {
        month: MONTH.into(),
        format,
        check,
    };
    let out = run(report(Format::Json, true), &ctx).await.unwrap();
    assert!(!out.failed, "{:?}", out.notes);
    assert!(
        out.notes.as_deref().unwrap().contains("stämmer"),
        "{:?}",
        out.notes
    );
    let lines: Vec<ReportLine> = serde_json::from_str(&out.text).unwrap();

    // The totals again, independently: u128 arithmetic on the prices set above.
    let paying: Vec<_> = partners()
        .into_iter()
        .filter_map(|(id, _, _, p)| match p {
            Pricing::Paid {
                connection_fee_ore,
                per_query_ore,
            } => Some((id, connection_fee_ore, per_query_ore)),
            Pricing::Free => None,
        })
        .collect();
    assert_eq!(
        lines.len(),
        paying.len(),
        "one line per paying partner, none for the free one"
    );
    for (id, fee, per) in paying {
        let line = lines.iter().find(|l| l.partner == id).unwrap();
        let queries = expected.get(id).copied().unwrap_or(0);
        assert!(queries > 100, "a month of traffic for {id}");
        let total = u128::from(fee) + u128::from(queries) * u128::from(per);
        assert_eq!(line.line.billable_queries, queries, "{id}");
        assert_eq!(u128::from(line.line.total_ore), total, "{id}");
        assert_eq!(line.line.connection_fee_ore, fee);
        assert_eq!(line.line.per_query_ore, per);
    }

    // CSV carries the same öre.
    let csv = run(report(Format::Csv, false), &ctx).await.unwrap().text;
    let a = lines.iter().find(|l| l.partner == "forsakring-a").unwrap();
    assert!(
        csv.lines().any(|l| l.starts_with("2026-11,forsakring-a,")
            && l.ends_with(&format!(",{}", a.line.total_ore))),
        "{csv}"
    );

    // The usage report counts what billing counts, by channel and group.
    let usage = run(
        Command::BillingUsage {
            month: MONTH.into(),
            partner: Some("forsakring-b".into()),
        },
        &ctx,
    )
    .await
    .unwrap()
    .text;
    let b = expected["forsakring-b"];
    assert!(
        usage.contains(&format!("forsakring-b: {b} besvarade frågor")),
        "{usage}"
    );
    assert!(
        usage.contains("system/v9-json") && usage.contains("Dagersättningsförmåner"),
        "{usage}"
    );
    assert!(
        usage.contains("INVALID_QUERY") && usage.contains("NOT_AUTHORIZED"),
        "{usage}"
    );

    // An answered record nobody counted, and a count with no record: both partners named,
    // the others not.
    let mut stray = store.get("q-1").await.unwrap().unwrap();
    stray.id = "q-stray".into();
    stray.partner = Some(PartnerId("forsakring-b".into()));
    stray.at = Utc.with_ymd_and_hms(2026, 11, 15, 12, 0, 0).unwrap();
    stray.outcome = Outcome::Answered;
    store.append(&stray).await.unwrap();
    store
        .count(&PartnerId("kommun-x".into()), MONTH)
        .await
        .unwrap();
    let out = run(report(Format::Table, true), &ctx).await.unwrap();
    assert!(out.failed);
    assert!(
        out.text.contains("MISSLYCKADES för 2 aktörer"),
        "{}",
        out.text
    );
    let failed: Vec<&str> = out
        .text
        .lines()
        .filter(|l| l.contains("granskningsloggen har"))
        .collect();
    assert_eq!(failed.len(), 2, "{}", out.text);
    assert!(failed.iter().any(|l| l.contains("forsakring-b")));
    assert!(failed.iter().any(|l| l.contains("kommun-x")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a2_billing_reconciles_on_the_embedded_store() {
    a2_the_report_reconciles_and_its_totals_are_exact(Arc::new(EmbeddedStore::new())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a2_billing_reconciles_on_dynamodb() {
    let Some(aws) = lefi_test_aws::aws("a2_billing_reconciles_on_dynamodb").await else {
        return;
    };
    let prefix = format!("billing-{}", std::process::id());
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&aws.config), prefix);
    store.create_tables().await.unwrap();
    a2_the_report_reconciles_and_its_totals_are_exact(Arc::new(store)).await;
}

#[tokio::test]
async fn a2_a_month_is_yyyy_mm() {
    let out = run(
        Command::BillingReport {
            month: "2026-13".into(),
            format: Format::Table,
            check: false,
        },
        &ctx(Arc::new(EmbeddedStore::new())),
    )
    .await;
    assert!(out.unwrap_err().to_string().contains("ÅÅÅÅ-MM"));
}
