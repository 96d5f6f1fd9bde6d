//! Real queries through the local executor running `infra/…/lefi-query.asl.json`,
//! against the registry simulator on a random loopback port and the embedded store.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

mod common;
use common::agreement;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use lefi_domain::{Benefit, RawQuery};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{Faults, RegistryId, ServerHandle, SimConfig, spawn};
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
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut config = SimConfig::new(as_of);
    config.registers.population = 1_000;
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(2)).unwrap());
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
        channel: "system/v9-json".into(),
        query: RawQuery {
            personnummer: pnr.into(),
            from: from.into(),
            to: to.into(),
            benefits: asked.iter().map(|s| s.to_string()).collect(),
        },
        agreement: agreement(allowed),
    }
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
    let answer = out.answer.unwrap();
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
        ["PM:PBH", "FK:SJP", "FK:SGI"],
        "catalogue order"
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
    let answer = out.answer.unwrap();
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
    let answer = w.workflow.run(&q).await.unwrap().answer.unwrap();
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
    let answer = out.answer.unwrap();
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
    // Retried (MaxAttempts 2) before giving up: three calls.
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Sjukpenning))
            .calls,
        3
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
    let answer = out.answer.unwrap();
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
    let person = &out.answer.unwrap()["formansinformation"]["generellPersoninformation"][0];
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
    let fi = &out.answer.unwrap()["formansinformation"];
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
        ])
        .collect();
    for name in &names {
        assert!(
            name.starts_with("States.") || known.contains(name.as_str()),
            "{name} is not an error the code raises"
        );
    }
    assert!(names.contains("RegistryTimeout") && names.contains("AuditFailed"));
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
    out.answer.unwrap()
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
    // The payments' own "available from" date (2008-07-01) is `AvailableFrom::
    // utbetalningar`; Compile writes the records' date only, and barnbidrag's records
    // have no window of their own.
    assert!(answer["uppgifterFranOchMed"]["FK:ABB"].is_null());
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
    assert_eq!(ap37["uppgifterFranOchMed"]["PM:AP"], "2003-01-01");
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
            answer["uppgifterFranOchMed"][code].is_string(),
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
    let mut answer = out.answer.unwrap();
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
