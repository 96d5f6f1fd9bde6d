//! Real queries through the local executor running `infra/…/lefi-query.asl.json`,
//! against the registry simulator on a random loopback port and the embedded store.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

mod common;
use common::agreement;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use lefi_domain::catalogue::V9List;
use lefi_domain::{Benefit, RawCode, RawQuery};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{Faults, FaultsFile, History, RegistryId, ServerHandle, SimConfig, spawn};
use lefi_sfn_local::InstantSleeper;
use lefi_store::{AuditLog, EmbeddedStore, Outcome, PartnerId, Protector, Usage};
use lefi_workflow::local::{DEFINITION, render};
use lefi_workflow::{LocalWorkflow, QueryInput, QueryOutcome, RunError, Workflow};
use serde_json::Value;

struct World {
    workflow: LocalWorkflow,
    store: Arc<EmbeddedStore>,
    sim: ServerHandle,
}

async fn world() -> World {
    world_with(History::Windowed).await
}

/// The registries in the given history mode (the simulator's `history` knob, for every
/// registry, set at start).
async fn world_with(history: History) -> World {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut config = SimConfig::new(as_of);
    config.registers.population = 1_000;
    config.faults = FaultsFile::default().with_history(history);
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        // Generous: the tests share two cores with every other test binary; no test here
        // depends on the timeout itself.
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(10)).unwrap());
    let store = Arc::new(EmbeddedStore::new());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development())
        .unwrap()
        .with_sleeper(Arc::new(InstantSleeper));
    World {
        workflow,
        store,
        sim,
    }
}

fn input(
    id: &str,
    pnr: &str,
    from: &str,
    to: &str,
    asked: &[&str],
    allowed: &[Benefit],
) -> QueryInput {
    QueryInput {
        correlation_id: id.into(),
        received_at: Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
        partner: PartnerId("kommun-1".into()),
        caller: "cert-kommun-1".into(),
        user: None,
        channel: "system/v9-json".into(),
        query: RawQuery::of_benefits(pnr, from, to, asked),
        agreement: agreement(allowed),
        budget_ms: 3_000,
    }
}

/// A query as a v9 client sends it: each code in the list named.
fn v9_input(
    id: &str,
    pnr: &str,
    (from, to): (&str, &str),
    asked: &[(V9List, &str)],
    allowed: &[Benefit],
) -> QueryInput {
    let mut q = input(id, pnr, from, to, &[], allowed);
    q.query.asked = asked.iter().map(|(l, c)| RawCode::new(*l, *c)).collect();
    q.query.own_codes = false;
    q
}

fn calls(w: &World, b: Benefit) -> u64 {
    w.sim.state().counters(RegistryId::Benefit(b)).calls
}

/// Every payment in an answer (Försäkringskassan's model): (day, benefit code, gross).
fn payments(answer: &Value) -> Vec<(String, String, String)> {
    answer["formansinformation"]["utbetalningsuppgift"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    (
                        p["datum"].as_str().unwrap_or_default().to_owned(),
                        p["formansfamilj"]["id"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        p["bruttobelopp"].to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn all() -> Vec<Benefit> {
    Benefit::ALL.to_vec()
}

fn codes(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    let group = i
                        .get("formansgrupp")
                        .or_else(|| i.get("ovrigInformationstyp"))
                        .unwrap();
                    (
                        group["kod"].as_str().unwrap().to_owned(),
                        i["avvikelse"]["kod"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_seed_example_is_answered_audited_and_metered() {
    let w = world().await;
    let q = input(
        "q-seed",
        "19500101-9420",
        "2009-09-01",
        "2010-12-31",
        &["FK:SJP", "FK:SGI", "PM:PBH"],
        &all(),
    );
    let out = w.workflow.run(&q).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::Answered);
    let answer = out.answer.map(common::json).unwrap();
    let fi = &answer["formansinformation"];
    let person = &fi["generellPersoninformation"][0];
    assert_eq!(person["personnummer"], "195001019420");
    assert_eq!(person["adress"][0]["utdelningadress"][0], "Testgatan 11");
    let sjp = &fi["sjukpenningarende"][0];
    assert_eq!(sjp["startades"], "2009-09-28");
    assert_eq!(
        sjp["beslut"].as_array().unwrap().len(),
        2,
        "both periods of the seed's case"
    );
    assert!(fi["sjukpenninggrundandeInkomstuppgift"].is_array());
    // The forecast is Pensionsmyndigheten's: in PM's model, not in `formansinformation`.
    assert!(fi["intjanandebehallning"].is_null());
    assert_eq!(
        answer["ovrigInformation"][0]["informationstyp"]["kod"],
        "PM:PBH"
    );
    assert_eq!(
        answer["ovrigInformation"][0]["pensionsbehallning"]["pensionskonton"][0]["kontovarden"][0]
            ["varde"],
        11_700
    );
    assert_eq!(answer["utlamnare"][0]["tillstand"]["kod"], "OK");
    // P5: audited, the number protected; P4: metered.
    let record = w.store.get("q-seed").await.unwrap().unwrap();
    assert_eq!(record.outcome, Outcome::Answered);
    assert!(
        !serde_json::to_string(&record)
            .unwrap()
            .contains("195001019420")
    );
    assert_eq!(
        record.delivered,
        [
            "ovrigInformation/PM:PBH",
            "formansinformation/FK:SJP",
            "ovrigInformation/FK:SGI"
        ],
        "catalogue order, each with the list that asked"
    );
    assert_eq!(
        w.store.month_totals("2026-11").await.unwrap(),
        [(PartnerId("kommun-1".into()), 1)]
    );
}

#[tokio::test]
async fn an_unknown_person_gets_no_data_and_says_so() {
    let w = world().await;
    let out = w
        .workflow
        .run(&input(
            "q-nf",
            "191212121212",
            "2025-01-01",
            "2025-12-31",
            &["FK:SJP"],
            &all(),
        ))
        .await
        .unwrap();
    assert_eq!(out.outcome, QueryOutcome::PersonNotFound);
    let answer = out.answer.map(common::json).unwrap();
    assert_eq!(answer["personstatus"], "PERSON_NOT_FOUND");
    assert_eq!(answer["formansinformation"], serde_json::json!({}));
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Sjukpenning))
            .calls,
        0
    );
}

#[tokio::test]
async fn p3_a_benefit_outside_the_agreement_is_obehorig_and_never_fetched() {
    let w = world().await;
    let q = input(
        "q-p3",
        "195001019420",
        "2009-09-01",
        "2010-12-31",
        &["FK:SJP", "FK:ABB"],
        &[Benefit::Sjukpenning],
    );
    let answer = w
        .workflow
        .run(&q)
        .await
        .unwrap()
        .answer
        .map(common::json)
        .unwrap();
    assert_eq!(
        codes(&answer["avvikelser"]["formansinformation"]),
        [("FK:ABB".into(), "OBEHORIG".into())]
    );
    assert!(
        answer["formansinformation"]
            .get("barnbidragsarende")
            .is_none()
    );
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Barnbidrag))
            .calls,
        0
    );
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Sjukpenning))
            .calls,
        1
    );
}

#[tokio::test]
async fn one_failing_registry_is_internt_fel_and_the_rest_is_delivered() {
    let w = world().await;
    w.sim.state().set_faults(
        RegistryId::Benefit(Benefit::Sjukpenning),
        Faults {
            outage: true,
            ..Faults::default()
        },
    );
    let q = input(
        "q-fail",
        "195001019420",
        "2009-09-01",
        "2010-12-31",
        &["FK:SJP", "FK:SGI"],
        &all(),
    );
    let out = w.workflow.run(&q).await.unwrap();
    let answer = out.answer.map(common::json).unwrap();
    assert_eq!(
        codes(&answer["avvikelser"]["formansinformation"]),
        [("FK:SJP".into(), "INTERNT_FEL".into())]
    );
    assert_eq!(answer["utlamnare"][0]["tillstand"]["kod"], "FELANDE");
    assert!(answer["formansinformation"]["sjukpenninggrundandeInkomstuppgift"].is_array());
    assert!(
        answer["formansinformation"]
            .get("sjukpenningarende")
            .is_none()
    );
    // Retried by the step within the query's budget before giving up.
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Sjukpenning))
            .calls,
        u64::from(lefi_workflow::budget::MAX_TRIES)
    );
}

#[tokio::test]
async fn p5_if_the_audit_cannot_be_written_no_data_leaves() {
    let w = world().await;
    let q = input(
        "q-audit",
        "195001019420",
        "2009-09-01",
        "2010-12-31",
        &["FK:SJP"],
        &all(),
    );
    // Someone else's record under the same id: the append cannot succeed.
    let mut other = input(
        "q-audit",
        "195001019420",
        "2009-09-01",
        "2010-12-31",
        &["FK:ABB"],
        &all(),
    );
    other.caller = "someone-else".into();
    let first = LocalWorkflow::new(
        Arc::new(HttpRegistries::new("http://127.0.0.1:9", Duration::from_millis(100)).unwrap()),
        w.store.clone(),
        Protector::development(),
    )
    .unwrap()
    .with_sleeper(Arc::new(InstantSleeper));
    let _ = first.run(&other).await;
    let err = w.workflow.run(&q).await.unwrap_err();
    assert!(
        matches!(err, RunError::Failed { ref error, .. } if error == "AuditFailed"),
        "{err:?}"
    );
}

#[tokio::test]
async fn invalid_and_unauthorised_queries_are_answered_and_audited() {
    let w = world().await;
    let out = w
        .workflow
        .run(&input(
            "q-bad",
            "19500101-942X",
            "2024-13-01",
            "2025-01-01",
            &["FK:NOPE"],
            &all(),
        ))
        .await
        .unwrap();
    assert_eq!(out.outcome, QueryOutcome::Invalid);
    let found: BTreeSet<&str> = out.violations.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(
        found,
        ["DATE_FORMAT", "PNR_FORMAT", "UNKNOWN_BENEFIT"].into()
    );
    assert!(out.answer.is_none());
    assert!(matches!(
        w.store.get("q-bad").await.unwrap().unwrap().outcome,
        Outcome::Invalid { .. }
    ));

    let mut expired = input(
        "q-exp",
        "195001019420",
        "2025-01-01",
        "2025-12-31",
        &["FK:SJP"],
        &all(),
    );
    expired.agreement.valid_until = Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
    let out = w.workflow.run(&expired).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::NotAuthorized);
    assert!(matches!(
        w.store.get("q-exp").await.unwrap().unwrap().outcome,
        Outcome::Refused { .. }
    ));
    assert_eq!(
        w.sim.state().counters(RegistryId::Person).calls,
        0,
        "nothing fetched for a refused query"
    );
}

#[tokio::test]
async fn a_changed_number_and_a_protected_identity_are_answered_as_the_spec_says() {
    let w = world().await;
    let out = w
        .workflow
        .run(&input(
            "q-old",
            "198003141234",
            "2025-01-01",
            "2025-12-31",
            &["FK:ABB"],
            &all(),
        ))
        .await
        .unwrap();
    let answer = out.answer.map(common::json).unwrap();
    assert_eq!(
        answer["personnummerbyte"]["fragatPersonnummer"],
        "198003141234"
    );
    assert_eq!(
        answer["personnummerbyte"]["aktuelltPersonnummer"],
        "198003149872"
    );

    let out = w
        .workflow
        .run(&input(
            "q-s1",
            "198807073450",
            "2025-01-01",
            "2025-12-31",
            &["FK:ABB"],
            &all(),
        ))
        .await
        .unwrap();
    let person = &out.answer.map(common::json).unwrap()["formansinformation"]["generellPersoninformation"]
        [0];
    assert_eq!(person["skyddad"], true);
    assert!(person.get("adress").is_none(), "S1: no address");
}

#[tokio::test]
async fn duplicate_customer_ids_are_merged_into_one_answer() {
    let w = world().await;
    let out = w
        .workflow
        .run(&input(
            "q-dup",
            "197504122347",
            "2024-01-01",
            "2025-12-31",
            &["FK:SJP", "FK:FP"],
            &all(),
        ))
        .await
        .unwrap();
    let fi = &out.answer.map(common::json).unwrap()["formansinformation"];
    assert!(
        fi["sjukpenningarende"].is_array(),
        "from the first customer id"
    );
    assert!(
        fi["foraldrapenningarende"].is_array(),
        "from the second customer id"
    );
}

#[test]
fn every_error_name_in_the_definition_exists_in_the_code() {
    let asl: Value = serde_json::from_str(&render(|s| format!("arn:{s}"))).unwrap();
    let mut names = BTreeSet::new();
    fn collect(v: &Value, names: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(errors)) = m.get("ErrorEquals") {
                    names.extend(errors.iter().filter_map(|e| e.as_str().map(str::to_owned)));
                }
                m.values().for_each(|v| collect(v, names));
            }
            Value::Array(a) => a.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    collect(&asl, &mut names);
    let known: BTreeSet<&str> = lefi_registry::error_names::ALL
        .into_iter()
        .chain([
            lefi_workflow::model::error_names::AUDIT_FAILED,
            lefi_workflow::model::error_names::STEP_INPUT,
            lefi_workflow::model::error_names::BUDGET,
        ])
        .collect();
    for name in &names {
        // States.* are Step Functions' own; Lambda.* the Lambda service's (issue 17).
        assert!(
            name.starts_with("States.")
                || name.starts_with("Lambda.")
                || known.contains(name.as_str()),
            "{name} is not an error the code raises"
        );
    }
    assert!(names.contains("AuditFailed"));
    // SPEC §3 step 5: registry errors are retried by the steps within the query's budget
    // (a Retry here waits whole seconds), and the budget's end is never retried.
    for name in lefi_registry::error_names::ALL
        .into_iter()
        .chain([lefi_workflow::model::error_names::BUDGET])
    {
        assert!(!names.contains(name), "the definition retries {name}");
    }
    assert!(
        !DEFINITION.contains("arn:aws"),
        "the definition names no real ARN: Terraform fills them in"
    );
}

/// Every `YYYY-MM-DD` (or `YYYY-MM`) string below `v`, except under the keys in `skip`.
fn dates(v: &Value, skip: &[&str]) -> Vec<String> {
    match v {
        Value::String(s)
            if s.len() >= 7
                && s.as_bytes()[4] == b'-'
                && s[..4].bytes().all(|b| b.is_ascii_digit()) =>
        {
            vec![s[..s.len().min(10)].to_owned()]
        }
        Value::Array(a) => a.iter().flat_map(|v| dates(v, skip)).collect(),
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .flat_map(|(_, v)| dates(v, skip))
            .collect(),
        _ => Vec::new(),
    }
}

async fn ask(w: &World, id: &str, pnr: &str, from: &str, to: &str, code: &str) -> Value {
    let out = w
        .workflow
        .run(&input(id, pnr, from, to, &[code], &all()))
        .await
        .unwrap();
    assert_eq!(out.outcome, QueryOutcome::Answered, "{id}");
    out.answer.map(common::json).unwrap()
}

#[tokio::test]
async fn h1_an_ongoing_case_is_shown_from_its_start_and_a_closed_one_before_the_period_is_not() {
    let w = world().await;
    let answer = ask(
        &w,
        "h1",
        "197005051110",
        "2024-01-01",
        "2025-06-30",
        "FK:SJP",
    )
    .await;
    let cases = answer["formansinformation"]["sjukpenningarende"]
        .as_array()
        .unwrap();
    assert_eq!(cases.len(), 1, "the case closed in 2012 is not shown");
    assert_eq!(cases[0]["startades"], "2015-03-01");
    let decided = dates(&cases[0]["beslut"], &[]);
    assert!(
        decided.iter().any(|d| d.as_str() < "2024-01-01"),
        "history before `from` is shown"
    );
    // Nothing that begins after `tom`: a decision running across it is shown whole.
    let starts = dates(&cases[0]["beslut"], &["till", "fattades"]);
    assert!(
        starts.iter().all(|d| d.as_str() <= "2025-06-30"),
        "{starts:?}"
    );
}

#[tokio::test]
async fn h2_no_payment_before_2008_07_01_and_the_answer_says_from_when() {
    let w = world().await;
    let answer = ask(
        &w,
        "h2",
        "197206062221",
        "2008-01-01",
        "2009-12-31",
        "FK:ABB",
    )
    .await;
    let paid = dates(&answer["formansinformation"]["utbetalningsuppgift"], &[]);
    assert!(!paid.is_empty());
    assert!(
        paid.iter()
            .all(|d| d.as_str() >= "2008-07-01" || d.len() == 7),
        "{paid:?}"
    );
    // The payments' own "available from" date; barnbidrag's cases have no window.
    let fran = &answer["uppgifterFranOchMed"];
    assert_eq!(fran["utbetalningar"]["FK:ABB"], "2008-07-01");
    assert!(fran["uppgifter"]["FK:ABB"].is_null());
}

#[tokio::test]
async fn h3_old_age_pension_from_2003_for_ap37_and_2001_for_ap38() {
    let w = world().await;
    let ap37 = ask(
        &w,
        "h3-37",
        "193503153334",
        "2000-01-01",
        "2001-12-31",
        "PM:AP",
    )
    .await;
    let ap38 = ask(
        &w,
        "h3-38",
        "194003153345",
        "2000-01-01",
        "2001-12-31",
        "PM:AP",
    )
    .await;
    // Pensionsmyndigheten's model: claims and decisions at the top level, nothing in
    // `formansinformation` but the person.
    for answer in [&ap37, &ap38] {
        let fi = answer["formansinformation"].as_object().unwrap();
        assert_eq!(fi.keys().collect::<Vec<_>>(), ["generellPersoninformation"]);
    }
    assert!(
        ap37["beslut"].is_null() && ap37["ansprak"].is_null(),
        "ÅP37: nothing before 2003, and the period ends 2001"
    );
    let decided = dates(&ap38["beslut"], &[]);
    assert!(!decided.is_empty(), "ÅP38 has data for 2001");
    assert!(decided.iter().all(|d| d.as_str() >= "2001"), "{decided:?}");
    // The claim arrived in 1999: the case's own start, kept (H1).
    assert_eq!(ap38["ansprak"][0]["ankomstdatum"], "1999-11-02");
    assert_eq!(
        ap37["uppgifterFranOchMed"]["uppgifter"]["PM:AP"],
        "2003-01-01"
    );
}

#[tokio::test]
async fn h4_earnings_records_from_earning_year_2003() {
    let w = world().await;
    let answer = ask(
        &w,
        "h4",
        "196001014445",
        "2002-01-01",
        "2003-12-31",
        "PM:AP",
    )
    .await;
    // The earnings are PM:PU entries of PM's `ovrigInformation`, answered by PM:AP.
    let pu: Vec<&Value> = answer["ovrigInformation"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["informationstyp"]["kod"] == "PM:PU")
        .collect();
    assert_eq!(pu.len(), 1);
    let years: Vec<&str> = pu[0]["pensionsunderlag"]["intjanandear"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["artal"].as_str().unwrap())
        .collect();
    assert_eq!(years, ["2003"]);
}

#[tokio::test]
async fn h5_h6_h7_windows_of_2005_2003_and_2002() {
    let w = world().await;
    for (id, pnr, code, key, from) in [
        (
            "h5",
            "196505055555",
            "FK:AS",
            "arbetsskadeegenlivrantearende",
            "2005",
        ),
        (
            "h6",
            "196808086661",
            "FK:SA",
            "sjukOchAktivitetsersattningsarende",
            "2003",
        ),
        (
            "h7",
            "197802027776",
            "FK:FP",
            "foraldrapenningarende",
            "2002",
        ),
    ] {
        let answer = ask(&w, id, pnr, "2001-01-01", "2002-12-31", code).await;
        // The case's start and a child's birth date are facts, not data of the window.
        let shown = dates(&answer["formansinformation"][key], &["startades", "foddes"]);
        assert!(shown.iter().all(|d| d.as_str() >= from), "{id}: {shown:?}");
        assert!(
            answer["uppgifterFranOchMed"]["uppgifter"][code].is_string(),
            "{id} says from when data exists"
        );
    }
}

#[tokio::test]
async fn h8_h9_h10_current_data_only() {
    let w = world().await;
    let h8 = ask(
        &w,
        "h8",
        "193001018880",
        "2025-01-01",
        "2025-12-31",
        "PM:LINT",
    )
    .await;
    let certificates = h8["ovrigInformation"].as_array().unwrap();
    assert_eq!(certificates.len(), 1);
    assert_eq!(certificates[0]["informationstyp"]["kod"], "PM:LINT");
    assert_eq!(
        certificates[0]["levnadsintyg"]["senastUppdaterad"],
        "2024-03-11"
    );
    let h9 = ask(
        &w,
        "h9",
        "196206069996",
        "2025-01-01",
        "2025-12-31",
        "PM:PBH",
    )
    .await;
    let years: BTreeSet<&str> = h9["ovrigInformation"][0]["pensionsbehallning"]["pensionskonton"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|k| k["kontovarden"].as_array().unwrap())
        .map(|v| v["faststallelsear"].as_str().unwrap())
        .collect();
    assert_eq!(
        years,
        BTreeSet::from(["2025", "2026"]),
        "the two latest up to today"
    );
    let h10 = ask(
        &w,
        "h10",
        "198208201015",
        "2025-01-01",
        "2025-12-31",
        "FK:ABB",
    )
    .await;
    let person = &h10["formansinformation"]["generellPersoninformation"][0];
    assert_eq!(person["adress"].as_array().unwrap().len(), 1);
    assert_eq!(person["adress"][0]["utdelningadress"][0], "Flyttvägen 3");
}

#[tokio::test]
async fn h11_graviditetspenning_was_havandeskapspenning_up_to_2010() {
    let w = world().await;
    let answer = ask(
        &w,
        "h11",
        "198203142024",
        "2010-06-01",
        "2011-12-31",
        "FK:GP",
    )
    .await;
    let text = answer["formansinformation"]["graviditetspenningsarende"].to_string();
    assert!(
        text.contains("Havandeskapspenning") && text.contains("Graviditetspenning"),
        "{text}"
    );
}

/// Issue 12, defect 1: the Enforcement Authority (sjukpenning and Utbetalning in its
/// agreement, not barnbidrag) asked `utbetalningar: ["FK:SJP"]` for a person who only has
/// barnbidrag, and got the barnbidrag payments.
#[tokio::test]
async fn p3_payments_are_delivered_only_for_groups_asked_for_and_covered() {
    use V9List::Utbetalningar;
    let w = world().await;
    let kronofogden = [Benefit::Sjukpenning, Benefit::Utbetalning];
    let period = ("2025-06-01", "2026-11-25");
    // changed-number: barnbidrag with monthly payments, nothing else.
    let pnr = "198003149872";
    let q = v9_input(
        "q-utb-1",
        pnr,
        period,
        &[(Utbetalningar, "FK:SJP")],
        &kronofogden,
    );
    let answer = w
        .workflow
        .run(&q)
        .await
        .unwrap()
        .answer
        .map(common::json)
        .unwrap();
    assert_eq!(payments(&answer), [], "no barnbidrag payment may leave");
    assert_eq!(calls(&w, Benefit::Barnbidrag), 0, "never fetched");

    // Naming barnbidrag's payments: a deviation, still never fetched.
    let q = v9_input(
        "q-utb-2",
        pnr,
        period,
        &[(Utbetalningar, "FK:ABB")],
        &kronofogden,
    );
    let answer = w
        .workflow
        .run(&q)
        .await
        .unwrap()
        .answer
        .map(common::json)
        .unwrap();
    assert_eq!(
        codes(&answer["avvikelser"]["utbetalningar"]),
        [("FK:ABB".into(), "OBEHORIG".into())]
    );
    assert_eq!(payments(&answer), []);
    assert_eq!(calls(&w, Benefit::Barnbidrag), 0);

    // Covered: barnbidrag's payments only (no cases), at most 18 months back (H2).
    let covered = [Benefit::Barnbidrag, Benefit::Utbetalning];
    let q = v9_input(
        "q-utb-3",
        pnr,
        ("2024-12-01", "2026-11-25"),
        &[(Utbetalningar, "FK:ABB")],
        &covered,
    );
    let answer = w
        .workflow
        .run(&q)
        .await
        .unwrap()
        .answer
        .map(common::json)
        .unwrap();
    let paid = payments(&answer);
    assert!(!paid.is_empty());
    assert!(
        paid.iter()
            .all(|(day, code, _)| day.as_str() >= "2025-05-26" && code == "FK:ABB"),
        "{paid:?}"
    );
    assert!(
        answer["formansinformation"]
            .get("barnbidragsarende")
            .is_none()
    );
}

/// Issue 12, defect 2: a benefit asked for in `formansinformation` and in `utbetalningar`
/// listed its payments twice.
#[tokio::test]
async fn h2_a_payment_asked_for_in_two_lists_appears_once() {
    let w = world().await;
    // duplicate-ids: sjukpenning in 2025 under one of two customer ids, with payments.
    let q = v9_input(
        "q-once",
        "197504122347",
        ("2025-01-01", "2026-11-25"),
        &[
            (V9List::Formansinformation, "FK:SJP"),
            (V9List::Utbetalningar, "FK:SJP"),
        ],
        &all(),
    );
    let answer = w
        .workflow
        .run(&q)
        .await
        .unwrap()
        .answer
        .map(common::json)
        .unwrap();
    let paid = payments(&answer);
    assert!(!paid.is_empty());
    let distinct: BTreeSet<_> = paid.iter().collect();
    assert_eq!(
        distinct.len(),
        paid.len(),
        "a payment listed twice: {paid:?}"
    );
    assert_eq!(calls(&w, Benefit::Sjukpenning), 2, "once per customer id");
}

/// Issue 12, defect 5: person data alone is a valid v9 query (V6).
#[tokio::test]
async fn v6_person_data_alone_is_answered_and_no_benefit_is_fetched() {
    let w = world().await;
    let q = v9_input(
        "q-gepi",
        "195001019420",
        ("2025-01-01", "2025-12-31"),
        &[(V9List::OvrigInformation, "FK:GEPI")],
        &all(),
    );
    let out = w.workflow.run(&q).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::Answered);
    let answer = out.answer.map(common::json).unwrap();
    assert_eq!(
        answer["formansinformation"]["generellPersoninformation"][0]["personnummer"],
        "195001019420"
    );
    let fetched: u64 = Benefit::ALL.iter().map(|b| calls(&w, *b)).sum();
    assert_eq!(fetched, 0);
}

/// Issue 12, defect 5: a v9 code this service does not deliver is a deviation for that
/// code, and the rest is delivered (V7).
#[tokio::test]
async fn v7_a_v9_code_not_delivered_is_a_deviation_and_the_rest_is_delivered() {
    let w = world().await;
    let q = v9_input(
        "q-mek",
        "195001019420",
        ("2009-09-01", "2010-12-31"),
        &[
            (V9List::Formansinformation, "FK:MEK"),
            (V9List::Formansinformation, "FK:SJP"),
            (V9List::PreliminaraUtbetalningar, "FK:SJP"),
            (V9List::OvrigInformation, "FK:SKUP"),
        ],
        &all(),
    );
    let out = w.workflow.run(&q).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::Answered);
    let answer = out.answer.map(common::json).unwrap();
    assert_eq!(
        codes(&answer["avvikelser"]["formansinformation"]),
        [("FK:MEK".into(), "OBEHORIG".into())]
    );
    assert_eq!(
        codes(&answer["avvikelser"]["preliminaraUtbetalningar"]),
        [("FK:SJP".into(), "OBEHORIG".into())]
    );
    assert_eq!(
        codes(&answer["avvikelser"]["ovrigInformation"]),
        [("FK:SKUP".into(), "OBEHORIG".into())]
    );
    assert!(answer["formansinformation"]["sjukpenningarende"].is_array());
}

/// Issue 12, defect 5: v9 declares each list `uniqueItems` (V7).
#[tokio::test]
async fn v7_a_code_twice_in_a_list_is_duplicate_code() {
    let w = world().await;
    let q = v9_input(
        "q-dup",
        "195001019420",
        ("2009-09-01", "2010-12-31"),
        &[(V9List::Ansprak, "PM:AP"), (V9List::Ansprak, "PM:AP")],
        &all(),
    );
    let out = w.workflow.run(&q).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::Invalid);
    assert_eq!(out.violations.len(), 1);
    assert_eq!(
        (
            out.violations[0].code.as_str(),
            out.violations[0].field.as_str()
        ),
        ("DUPLICATE_CODE", "ansprak[1]")
    );
}

/// Every group or type code that names delivered data in Pensionsmyndigheten's model
/// (`formansgrupp`, `informationstyp`), outside `avvikelser`.
fn groups_in_data(answer: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match k.as_str() {
                        "avvikelser" => {}
                        "formansgrupp" | "informationstyp" => {
                            if let Some(kod) = v["kod"].as_str() {
                                out.insert(kod.to_owned());
                            }
                        }
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(answer, &mut out);
    out
}

/// P3 end to end, over generated agreements and queries of every code of every list:
/// no registry outside the agreement is called, and the answer holds no data of a
/// benefit outside it (not its keys, not its payments).
#[test]
fn p3_nothing_outside_the_agreement_is_fetched_or_delivered_end_to_end() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let rt = tokio::runtime::Runtime::new().unwrap();
    let w = rt.block_on(world());
    let mut every: Vec<(V9List, &'static str)> = V9List::ALL
        .iter()
        .flat_map(|l| l.v9_codes().iter().map(move |c| (*l, *c)))
        .collect();
    every.push((V9List::Utbetalningar, "LEFI:UTB"));
    let agreements = proptest::sample::subsequence(Benefit::ALL.to_vec(), 1..=24);
    let asks = proptest::sample::subsequence(every, 1..=12);
    // People with many benefits: the seed's example, a pensioner, a parent.
    let people = proptest::sample::select(vec![
        "195001019420",
        "196001014445",
        "198003149872",
        "197802027776",
    ]);
    let mut runner = TestRunner::new(Config {
        cases: 40,
        ..Config::default()
    });
    let n = std::sync::atomic::AtomicU32::new(0);
    runner
        .run(&(agreements, asks, people), |(allowed, asked, pnr)| {
            let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            w.sim.state().reset(None);
            let mut q = v9_input(
                &format!("q-prop-{n}"),
                pnr,
                ("2024-12-01", "2026-11-25"),
                &asked,
                &allowed,
            );
            q.query.own_codes = true;
            let out = rt.block_on(w.workflow.run(&q)).unwrap();
            prop_assert_eq!(out.outcome, QueryOutcome::Answered, "{:?}", out.reason);
            let answer = out.answer.map(common::json).unwrap();
            let named = groups_in_data(&answer);
            // "Utbetalning" is no registry: its key holds every benefit's payments, each
            // named by its benefit (checked below).
            let outside = Benefit::ALL
                .into_iter()
                .filter(|b| !allowed.contains(b) && *b != Benefit::Utbetalning);
            for b in outside {
                prop_assert_eq!(calls(&w, b), 0, "{:?} fetched outside the agreement", b);
                // Försäkringskassan's model: the benefit's keys, its payments.
                for key in b.answer_keys() {
                    prop_assert!(
                        answer["formansinformation"].get(*key).is_none(),
                        "{} delivered",
                        key
                    );
                }
                prop_assert!(
                    payments(&answer)
                        .iter()
                        .all(|(_, code, _)| code != b.code()),
                    "payments of {:?} delivered",
                    b
                );
                // Pensionsmyndigheten's model: claims, decisions, payment rows and
                // övrig information name their group or type.
                for (_, code, _) in b.asks() {
                    prop_assert!(!named.contains(*code), "{} delivered", code);
                }
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------
// The H-rules with the registries raw (issue 12): the registries return data older than
// the windows, and the service's own window code must cut it. Each test also asks the
// simulator directly what the registry answered, so that it fails if raw mode did not
// really return older data.

/// What the registry of `benefit` answered the service for `customer_id`, in the mode
/// its knob is in now (checked to be raw), and what it holds windowed, as JSON.
fn registry_answers(w: &World, benefit: Benefit, customer_id: &str) -> (Value, Value) {
    let state = w.sim.state();
    assert_eq!(
        state.faults(RegistryId::Benefit(benefit)).history,
        History::Raw,
        "{benefit} is raw"
    );
    let registers = state.registers();
    // Försäkringskassan's keys beside Pensionsmyndigheten's lists, as one object.
    let fetch = |history| {
        let data = registers.fetch(benefit, customer_id, history).unwrap();
        let mut value = serde_json::to_value(data).unwrap();
        let fk = value
            .as_object_mut()
            .and_then(|o| o.remove("formansinformation"))
            .unwrap_or_default();
        if let (Some(all), Value::Object(fk)) = (value.as_object_mut(), fk) {
            all.extend(fk);
        }
        value
    };
    (fetch(History::Raw), fetch(History::Windowed))
}

/// `period.fran` of every decision of every case under `key`, in order.
fn decision_starts(cases: &Value) -> Vec<String> {
    cases
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["beslut"].as_array().into_iter().flatten())
        .filter_map(|b| b["period"]["fran"].as_str().map(str::to_owned))
        .collect()
}

/// The dates of every payment under `utbetalningsuppgift`.
fn payment_dates(fi: &Value) -> Vec<String> {
    fi["utbetalningsuppgift"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["datum"].as_str().unwrap().to_owned())
        .collect()
}

fn within(dates: &[String], from: &str, to: &str) -> Vec<String> {
    dates
        .iter()
        .filter(|d| d.as_str() >= from && d.as_str() <= to)
        .cloned()
        .collect()
}

#[tokio::test]
async fn h1_raw_an_ongoing_case_is_shown_from_its_start_but_never_before_its_window() {
    let w = world_with(History::Raw).await;
    // F-H7's first föräldrapenning case runs 2001-04-02 – 2009-03-05, with decisions
    // from 2001-06-01 (before H7's window), 2002-01-01 and 2003-05-01.
    let (raw, windowed) = registry_answers(&w, Benefit::Foraldrapenning, "F-H7");
    let raw_starts = decision_starts(&raw["foraldrapenningarende"]);
    assert!(
        raw_starts.contains(&"2001-06-01".to_owned()),
        "{raw_starts:?}"
    );
    assert!(
        !decision_starts(&windowed["foraldrapenningarende"]).contains(&"2001-06-01".to_owned())
    );

    let answer = ask(
        &w,
        "h1-raw",
        "197802027776",
        "2003-01-01",
        "2004-12-31",
        "FK:FP",
    )
    .await;
    let cases = answer["formansinformation"]["foraldrapenningarende"]
        .as_array()
        .unwrap();
    assert_eq!(cases.len(), 1, "the 2024 case is not in the period");
    assert_eq!(cases[0]["startades"], "2001-04-02");
    // From the case's start (the 2002 decision lies before `from`), but never before
    // the window: the 2001 decision the registry sent is cut.
    assert_eq!(
        decision_starts(&answer["formansinformation"]["foraldrapenningarende"]),
        ["2002-01-01", "2003-05-01"]
    );
}

#[tokio::test]
async fn h2_raw_no_payment_before_2008_07_01_though_the_registry_has_older_ones() {
    let w = world_with(History::Raw).await;
    let (raw, windowed) = registry_answers(&w, Benefit::Barnbidrag, "F-H2");
    let raw_2007 = within(&payment_dates(&raw), "2007-01-01", "2008-06-30");
    assert_eq!(raw_2007.len(), 18, "the registry sent 2007 – June 2008");
    assert!(within(&payment_dates(&windowed), "2007-01-01", "2008-06-30").is_empty());

    let answer = ask(
        &w,
        "h2-raw",
        "197206062221",
        "2007-01-01",
        "2008-12-31",
        "FK:ABB",
    )
    .await;
    assert_eq!(
        payment_dates(&answer["formansinformation"]),
        (7..=12)
            .map(|m| format!("2008-{m:02}-20"))
            .collect::<Vec<_>>()
    );
    // The case itself has no window: shown from 2005 (H1).
    assert_eq!(
        answer["formansinformation"]["barnbidragsarende"][0]["beslut"][0]["period"]["fran"],
        "2005-02-01"
    );
}

#[tokio::test]
async fn h2_raw_utbetalning_reaches_18_months_back_though_the_registry_has_everything() {
    let w = world_with(History::Raw).await;
    let (raw, windowed) = registry_answers(&w, Benefit::Utbetalning, "F-H2");
    assert_eq!(payment_dates(&raw)[0], "2005-02-20");
    assert_eq!(payment_dates(&windowed).len(), 18);

    let answer = ask(
        &w,
        "h2-utb-raw",
        "197206062221",
        "2024-01-01",
        "2025-12-31",
        "LEFI:UTB",
    )
    .await;
    // Today 2026-11-26: from 2025-05-26 on.
    assert_eq!(
        payment_dates(&answer["formansinformation"]),
        (6..=12)
            .map(|m| format!("2025-{m:02}-20"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn h5_raw_work_injury_annuity_from_2005_though_the_registry_has_2003_on() {
    let w = world_with(History::Raw).await;
    let (raw, _) = registry_answers(&w, Benefit::Arbetsskadelivranta, "F-H5");
    let key = "arbetsskadeegenlivrantearende";
    assert_eq!(
        &decision_starts(&raw[key])[..3],
        ["2003-04-01", "2004-01-01", "2005-01-01"]
    );
    assert!(!within(&payment_dates(&raw), "2004-01-01", "2005-12-31").is_empty());

    let answer = ask(
        &w,
        "h5-raw",
        "196505055555",
        "2004-01-01",
        "2005-12-31",
        "FK:AS",
    )
    .await;
    let fi = &answer["formansinformation"];
    assert_eq!(
        fi[key][0]["startades"], "2003-02-10",
        "H1: the start is kept"
    );
    assert_eq!(decision_starts(&fi[key]), ["2005-01-01"]);
    assert!(
        payment_dates(fi).is_empty(),
        "H2: nothing paid before 2008-07-01 is shown"
    );
}

#[tokio::test]
async fn h6_raw_sickness_compensation_from_2003_though_the_registry_has_2000_on() {
    let w = world_with(History::Raw).await;
    let (raw, _) = registry_answers(&w, Benefit::SjukersattningAktivitetsersattning, "F-H6");
    let key = "sjukOchAktivitetsersattningsarende";
    assert_eq!(
        &decision_starts(&raw[key])[..4],
        ["2000-01-01", "2001-01-01", "2002-01-01", "2003-01-01"]
    );
    assert!(!within(&payment_dates(&raw), "2002-01-01", "2003-12-31").is_empty());

    let answer = ask(
        &w,
        "h6-raw",
        "196808086661",
        "2002-01-01",
        "2003-12-31",
        "FK:SA",
    )
    .await;
    let fi = &answer["formansinformation"];
    assert_eq!(fi[key][0]["startades"], "1999-10-01");
    assert_eq!(decision_starts(&fi[key]), ["2003-01-01"]);
    assert!(payment_dates(fi).is_empty());
}

#[tokio::test]
async fn h7_raw_daily_benefits_from_2002_though_the_registry_has_2001() {
    let w = world_with(History::Raw).await;
    let (raw, _) = registry_answers(&w, Benefit::Foraldrapenning, "F-H7");
    assert!(decision_starts(&raw["foraldrapenningarende"]).contains(&"2001-06-01".to_owned()));
    let raw_paid = within(&payment_dates(&raw), "2001-01-01", "2002-12-31");
    assert!(raw_paid.iter().any(|d| d.as_str() < "2002"), "{raw_paid:?}");

    let answer = ask(
        &w,
        "h7-raw",
        "197802027776",
        "2001-01-01",
        "2002-12-31",
        "FK:FP",
    )
    .await;
    let fi = &answer["formansinformation"];
    assert_eq!(
        decision_starts(&fi["foraldrapenningarende"]),
        ["2002-01-01"]
    );
    assert!(
        payment_dates(fi).is_empty(),
        "H7: payments only two years back"
    );
}

#[tokio::test]
async fn h7_raw_payments_only_two_years_back_though_the_registry_has_all() {
    let w = world_with(History::Raw).await;
    let (raw, windowed) = registry_answers(&w, Benefit::Foraldrapenning, "F-H7");
    // Today 2026-11-26: the window opens 2024-11-26. The registry sent 2024's too.
    let raw_2024 = within(&payment_dates(&raw), "2024-01-01", "2024-11-25");
    assert_eq!(raw_2024.first().map(String::as_str), Some("2024-03-10"));
    assert!(within(&payment_dates(&windowed), "2024-01-01", "2024-11-25").is_empty());

    let answer = ask(
        &w,
        "h7-paid-raw",
        "197802027776",
        "2024-01-01",
        "2025-12-31",
        "FK:FP",
    )
    .await;
    assert_eq!(
        payment_dates(&answer["formansinformation"]),
        ["2025-07-10", "2025-08-10", "2025-09-10"]
    );
}

#[tokio::test]
async fn h11_raw_old_havandeskapspenning_is_cut_by_h7_and_kept_names_follow_2010() {
    let w = world_with(History::Raw).await;
    // A generated woman whose raw registry answer has a pregnancy benefit period in
    // 2000–2001, before H7's window (named Havandeskapspenning, H11).
    let registers = w.sim.state().registers();
    let population = registers.population();
    let number = (0..population.size())
        .find_map(|i| {
            let m = population.nth(i)?;
            let cid = population.customer_id(m.slot);
            let (raw, _) = registry_answers(&w, Benefit::Graviditetspenning, &cid);
            let cases = &raw["graviditetspenningsarende"];
            decision_starts(cases)
                .iter()
                .any(|d| ("2000-01-01".."2001-12-31").contains(&d.as_str()))
                .then(|| {
                    assert!(cases.to_string().contains("Havandeskapspenning"));
                    m.personnummer.expose().to_owned()
                })
        })
        .expect("someone in the population had havandeskapspenning in 2000–2001");
    let answer = ask(
        &w,
        "h11-raw-old",
        &number,
        "2000-01-01",
        "2001-12-31",
        "FK:GP",
    )
    .await;
    assert!(
        answer["formansinformation"]
            .get("graviditetspenningsarende")
            .is_none(),
        "H7: a case closed before 2002 is not shown: {answer}"
    );

    // The named periods around 2011 are shown with their names, in raw mode as well.
    let answer = ask(
        &w,
        "h11-raw",
        "198203142024",
        "2010-06-01",
        "2011-12-31",
        "FK:GP",
    )
    .await;
    let mut named: Vec<(String, String)> =
        answer["formansinformation"]["graviditetspenningsarende"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["beslut"].as_array().unwrap())
            .map(|b| {
                (
                    b["period"]["fran"].as_str().unwrap().to_owned(),
                    b["forman"]["beskrivning"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("2010-11-15".into(), "Havandeskapspenning".into()),
            ("2010-12-20".into(), "Havandeskapspenning".into()),
            ("2011-01-01".into(), "Graviditetspenning".into()),
        ]
    );
}

// Pensionsmyndigheten's benefits, raw, in v9's PM model.

/// The day every decision under `beslut` decides from (its first compensation's period).
fn pm_decision_starts(beslut: &Value) -> Vec<String> {
    beslut
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["beslutadErsattning"][0]["period"]["from"].as_str())
        .map(str::to_owned)
        .collect()
}

/// The `ovrigInformation` entries of one type.
fn ovrig<'a>(answer: &'a Value, kod: &str) -> Vec<&'a Value> {
    answer["ovrigInformation"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["informationstyp"]["kod"] == kod)
        .collect()
}

#[tokio::test]
async fn h3_raw_old_age_pension_from_2003_for_ap37_and_2001_for_ap38_though_the_registry_has_2000()
{
    let w = world_with(History::Raw).await;
    for cid in ["F-H3-37", "F-H3-38"] {
        let (raw, windowed) = registry_answers(&w, Benefit::Pension, cid);
        let raw_starts = pm_decision_starts(&raw["beslut"]);
        assert!(
            raw_starts.iter().any(|d| d.as_str() < "2001"),
            "{cid}: {raw_starts:?}"
        );
        let windowed_starts = pm_decision_starts(&windowed["beslut"]);
        assert!(
            windowed_starts.iter().all(|d| d.as_str() >= "2001"),
            "{cid}"
        );
    }
    let ap37 = ask(
        &w,
        "h3-37-raw",
        "193503153334",
        "2001-01-01",
        "2002-12-31",
        "PM:AP",
    )
    .await;
    assert!(ap37["beslut"].is_null(), "ÅP37: nothing before 2003");
    let ap38 = ask(
        &w,
        "h3-38-raw",
        "194003153345",
        "2000-01-01",
        "2001-12-31",
        "PM:AP",
    )
    .await;
    let starts = pm_decision_starts(&ap38["beslut"]);
    assert!(!starts.is_empty(), "ÅP38 has 2001");
    assert!(
        starts.iter().all(|d| d.as_str() >= "2001"),
        "ÅP38: from 2001: {starts:?}"
    );
}

#[tokio::test]
async fn h4_raw_earnings_records_from_2003_though_the_registry_has_1995_on() {
    let w = world_with(History::Raw).await;
    let (raw, _) = registry_answers(&w, Benefit::Pension, "F-H4");
    let years = |v: &Value| -> Vec<String> {
        ovrig(v, "PM:PU")
            .into_iter()
            .flat_map(|o| {
                o["pensionsunderlag"]["intjanandear"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|y| y["artal"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(years(&raw).first().map(String::as_str), Some("1995"));
    let answer = ask(
        &w,
        "h4-raw",
        "196001014445",
        "2002-01-01",
        "2003-12-31",
        "PM:AP",
    )
    .await;
    assert_eq!(years(&answer), ["2003"]);
}

#[tokio::test]
async fn h8_h9_raw_only_the_current_certificate_and_the_two_latest_forecasts() {
    let w = world_with(History::Raw).await;
    let (raw, _) = registry_answers(&w, Benefit::Levnadsintyg, "F-H8");
    assert_eq!(ovrig(&raw, "PM:LINT").len(), 2, "the lapsed one too");
    let h8 = ask(
        &w,
        "h8-raw",
        "193001018880",
        "2022-01-01",
        "2023-12-31",
        "PM:LINT",
    )
    .await;
    let shown = ovrig(&h8, "PM:LINT");
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["levnadsintyg"]["senastUppdaterad"], "2024-03-11");

    let mailing_years = |v: &Value| -> BTreeSet<String> {
        ovrig(v, "PM:PBH")
            .into_iter()
            .flat_map(|o| {
                o["pensionsbehallning"]["pensionskonton"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .flat_map(|k| k["kontovarden"].as_array().cloned().unwrap_or_default())
            .map(|v| v["faststallelsear"].as_str().unwrap().to_owned())
            .collect()
    };
    let (raw, _) = registry_answers(&w, Benefit::Pensionsprognos, "F-H9");
    assert_eq!(mailing_years(&raw).len(), 7, "mailings 2020–2026");
    let h9 = ask(
        &w,
        "h9-raw",
        "196206069996",
        "2025-01-01",
        "2025-12-31",
        "PM:PBH",
    )
    .await;
    assert_eq!(
        mailing_years(&h9),
        BTreeSet::from(["2025".to_owned(), "2026".to_owned()]),
        "the two latest up to today"
    );
}

/// An answer with Pensionsmyndigheten's data is a v9 answer field for field: it reads
/// into the contract's types (`tests/conformance.rs` holds them to FK's v9 document) and
/// writes back unchanged, but for our additive fields; PM's data sits in PM's lists.
#[tokio::test]
async fn c1_an_answer_with_pms_data_is_a_v9_answer_field_for_field() {
    use lefi_contract::v9::ExternFormansinformationSvar;
    let w = world().await;
    let out = w
        .workflow
        .run(&input(
            "pm-v9",
            "196001014445",
            "2024-01-01",
            "2025-06-30",
            &["PM:AP", "PM:PBH", "FK:SJP"],
            &all(),
        ))
        .await
        .unwrap();
    let mut answer = out.answer.map(common::json).unwrap();
    for list in ["ansprak", "beslut", "utbetalningar", "ovrigInformation"] {
        assert!(answer[list].is_array(), "{list} missing");
    }
    let typed: ExternFormansinformationSvar = serde_json::from_value(answer.clone()).unwrap();
    assert!(typed.uppgifter.ansprak.is_some());
    for additive in ["personstatus", "personnummerbyte", "uppgifterFranOchMed"] {
        answer.as_object_mut().unwrap().remove(additive);
    }
    assert_eq!(serde_json::to_value(&typed).unwrap(), answer);
}

/// A4: the purpose the partner stated, as the audit keeps it.
fn stated() -> lefi_domain::Purpose {
    lefi_domain::Purpose::new(
        Some("Utredning av bostadsbidrag".into()),
        None,
        Some("BOS-2026-4711".into()),
    )
}

#[tokio::test]
async fn a4_the_workflow_audits_the_stated_purpose_sealed_to_its_record() {
    let w = world().await;
    let mut q = input(
        "a4-1",
        "195001019420",
        "2025-01-01",
        "2025-12-31",
        &["FK:SJP"],
        &all(),
    );
    q.query.purpose = stated();
    let out = w.workflow.run(&q).await.unwrap();
    assert_eq!(out.outcome, QueryOutcome::Answered);
    let record = w.store.get("a4-1").await.unwrap().unwrap();
    let sealed = record.purpose.as_deref().expect("sealed in the record");
    assert!(
        !serde_json::to_string(&record)
            .unwrap()
            .contains("bostadsbidrag")
    );
    let p = Protector::development();
    assert_eq!(p.open_purpose(sealed, "a4-1").unwrap(), stated());
    // Bound to its record: under another id it does not open.
    assert!(p.open_purpose(sealed, "a4-2").is_err());
}

#[tokio::test]
async fn a4_a_retried_audit_accepts_its_own_record_and_refuses_one_with_other_words() {
    use lefi_workflow::model::{State, Validation, ViolationOut};
    let store = EmbeddedStore::new();
    let p = Protector::development();
    let mut q = input(
        "a4-r",
        "195001019420",
        "2025-01-01",
        "2025-12-31",
        &["FK:SJP"],
        &all(),
    );
    q.query.purpose = stated();
    let state = |q: QueryInput| State {
        input: q,
        validation: Some(Validation::Invalid {
            violations: vec![ViolationOut {
                code: "PERIOD_TOO_LONG".into(),
                field: "period".into(),
            }],
        }),
        person: None,
        lookup_error: None,
        data: Default::default(),
        data_error: None,
    };
    lefi_workflow::steps::audit(&store, &p, &state(q.clone()))
        .await
        .unwrap();
    // The same step again (Step Functions retries it): its own record, sealed afresh.
    lefi_workflow::steps::audit(&store, &p, &state(q.clone()))
        .await
        .expect("a retry finds its own record");
    // A record under the id with other words is not ours: the step fails (fail closed).
    let mut other = q;
    other.correlation_id = "a4-s".into();
    let mut first = other.clone();
    first.query.purpose.case_reference = Some("ANNAT-1".into());
    lefi_workflow::steps::audit(&store, &p, &state(first))
        .await
        .unwrap();
    assert!(
        lefi_workflow::steps::audit(&store, &p, &state(other))
            .await
            .is_err()
    );
}
