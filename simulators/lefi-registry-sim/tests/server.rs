//! The simulator over real HTTP: each test spawns its own server on a random loopback
//! port and talks to it with a plain HTTP client.
//!
//! Timing assertions are lower bounds only (a call took at least its latency); the
//! sampled jitter is checked through the delay header the server reports.

#![allow(
    clippy::unwrap_used,
    reason = "the helpers below are test code: a broken server should fail the test"
)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lefi_registry_data::fixtures::NOT_FOUND;
use lefi_registry_data::{Registers, RegistersConfig};
use lefi_registry_sim::api::DELAY_HEADER;
use lefi_registry_sim::{FaultsFile, ServerHandle, SimConfig, spawn};
use reqwest::StatusCode;
use serde_json::{Value, json};

const POPULATION: u64 = 10_000;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn config(seed: u64) -> SimConfig {
    SimConfig {
        registers: RegistersConfig {
            seed,
            population: POPULATION,
            as_of: as_of(),
        },
        faults: FaultsFile::default(),
    }
}

struct App {
    base: String,
    client: reqwest::Client,
    _server: ServerHandle,
}

async fn spawn_app(config: SimConfig) -> App {
    let (addr, server) = spawn(&config).await.unwrap();
    lefi_registry::install_ring_provider();
    App {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        _server: server,
    }
}

async fn app() -> App {
    spawn_app(config(1)).await
}

/// A member of the population the servers of these tests hold.
fn member(seed: u64, index: u64) -> String {
    let registers = Registers::new(config(seed).registers);
    let m = registers.population().nth(index).unwrap();
    m.personnummer.expose().to_owned()
}

impl App {
    async fn person(&self, number: &str) -> reqwest::Response {
        self.post("/v1/person", json!({ "personnummer": number }))
            .await
    }

    async fn fetch(&self, code: &str, kund_id: &str) -> reqwest::Response {
        self.post(
            &format!("/v1/registries/{code}"),
            json!({ "kundId": kund_id }),
        )
        .await
    }

    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, path: &str) -> Value {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    async fn set_faults(&self, registry: &str, faults: Value) {
        let r = self.put_faults(registry, faults).await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }

    async fn put_faults(&self, registry: &str, faults: Value) -> reqwest::Response {
        self.client
            .put(format!("{}/admin/faults/{registry}", self.base))
            .json(&faults)
            .send()
            .await
            .unwrap()
    }

    async fn counters(&self, registry: &str) -> Value {
        self.get("/admin/state").await["registries"][registry]["counters"].clone()
    }

    /// The status codes of `n` fetches from `FK:SJP` for a fixture person.
    async fn sjp_statuses(&self, n: usize) -> Vec<u16> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.fetch("FK:SJP", "F-SEED").await.status().as_u16());
        }
        out
    }
}

fn delay_ms(r: &reqwest::Response) -> f64 {
    r.headers()[DELAY_HEADER].to_str().unwrap().parse().unwrap()
}

// ---- the person register ----

#[tokio::test]
async fn a_member_of_the_population_is_found() {
    let app = app().await;
    let number = member(1, 17);
    let r = app.person(&number).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "FOUND");
    assert_eq!(body["currentNumber"], number.as_str());
    assert_eq!(body["numberChanged"], false);
    assert_eq!(body["customerIds"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_fixture_person_is_found_whatever_the_seed() {
    let app = spawn_app(config(99)).await;
    let body: Value = app.person("19500101-9420").await.json().await.unwrap();
    assert_eq!(body["status"], "FOUND");
    assert_eq!(body["currentNumber"], "195001019420");
    assert_eq!(body["customerIds"], json!(["F-SEED"]));
}

#[tokio::test]
async fn an_unknown_person_is_not_found() {
    let app = app().await;
    let r = app.person(NOT_FOUND).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"status": "NOT_FOUND"})
    );
}

#[tokio::test]
async fn an_old_number_answers_for_the_current_one() {
    let app = app().await;
    let body: Value = app.person("198003141234").await.json().await.unwrap();
    assert_eq!(body["status"], "FOUND");
    assert_eq!(body["currentNumber"], "198003149872");
    assert_eq!(body["numberChanged"], true);
}

#[tokio::test]
async fn duplicate_customer_ids_are_all_given() {
    let app = app().await;
    let body: Value = app.person("197504122347").await.json().await.unwrap();
    assert_eq!(body["customerIds"], json!(["F-DUP-A", "F-DUP-B"]));
}

#[tokio::test]
async fn v1_an_invalid_number_is_a_400_that_never_echoes_the_number() {
    let app = app().await;
    for (number, code) in [
        ("195001019421", "PNR_CHECKSUM"),
        ("19500101942", "PNR_FORMAT"),
        ("abc", "PNR_FORMAT"),
        ("20991301-1234", "PNR_DATE"),
    ] {
        let r = app.person(number).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{number}");
        let text = r.text().await.unwrap();
        assert!(!text.contains(number), "{text}");
        if number.len() >= 10 {
            assert!(!text.contains(&number[2..10]), "{text}");
        }
        let body: Value = serde_json::from_str(&text).unwrap();
        assert!(body["fel"].as_str().unwrap().contains("personnummer"));
        assert!(
            body["koder"].as_array().unwrap().contains(&json!(code)),
            "{number}: {body}"
        );
    }
}

#[tokio::test]
async fn p5_a_malformed_body_is_a_400_that_never_echoes_its_content() {
    let app = app().await;
    for body in [
        json!({ "personnummer": 195001019421_u64 }),
        json!({ "pnr": "195001019421" }),
        json!("195001019421"),
    ] {
        let r = app.post("/v1/person", body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let text = r.text().await.unwrap();
        assert!(!text.contains("5001019421"), "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["kod"], "REQUEST_FORMAT");
    }
}

// ---- the benefit registries ----

#[tokio::test]
async fn a_registry_answers_for_a_customer_id_from_the_person_register() {
    let app = app().await;
    let person: Value = app.person(&member(1, 3)).await.json().await.unwrap();
    let kund_id = person["customerIds"][0].as_str().unwrap().to_owned();
    for code in ["FK:SJP", "PM:AP", "LEFI:UTB"] {
        let r = app.fetch(code, &kund_id).await;
        assert_eq!(r.status(), StatusCode::OK, "{code}");
        assert!(r.json::<Value>().await.unwrap().is_object());
    }
    let r = app.fetch("FK:FP", "F-SEED").await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn each_registry_answers_in_its_authoritys_model() {
    let app = app().await;
    // Försäkringskassan's benefits in `formansinformation` …
    let sjp: Value = app.fetch("FK:SJP", "F-SEED").await.json().await.unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&sjp), ["formansinformation"]);
    assert!(sjp["formansinformation"]["sjukpenningarende"].is_array());
    // … Pensionsmyndigheten's in v9's PM model, with the earnings as PM:PU.
    let ap: Value = app.fetch("PM:AP", "F-H4").await.json().await.unwrap();
    assert_eq!(
        keys(&ap),
        ["ansprak", "beslut", "ovrigInformation", "utbetalningar"]
    );
    assert_eq!(ap["ansprak"][0]["formansgrupp"]["kod"], "PM:AP");
    assert_eq!(ap["ovrigInformation"][0]["informationstyp"]["kod"], "PM:PU");
    assert_eq!(
        ap["ovrigInformation"][0]["pensionsunderlag"]["intjanandear"][0]["artal"],
        "2003"
    );
    let lint: Value = app.fetch("PM:LINT", "F-H8").await.json().await.unwrap();
    assert_eq!(
        lint["ovrigInformation"][0]["levnadsintyg"],
        json!({"senastUppdaterad": "2024-03-11",
               "levnadsintygsstatus": {"kod": 2, "beskrivning": "Intyg komplett"}})
    );
    // Nothing held: an empty object.
    let none: Value = app.fetch("PM:EF", "F-SEED").await.json().await.unwrap();
    assert_eq!(none, json!({}));
}

#[tokio::test]
async fn an_unknown_registry_or_customer_is_a_404() {
    let app = app().await;
    let r = app.fetch("FK:NOPE", "F-SEED").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "UNKNOWN_REGISTRY");
    let r = app.fetch("person", "F-SEED").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.fetch("FK:SJP", "K99999999999").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "UNKNOWN_CUSTOMER");
}

#[tokio::test]
async fn the_registry_list_names_the_person_register_and_every_benefit() {
    let app = app().await;
    let list = app.get("/v1/registries").await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 25);
    assert_eq!(
        list[0],
        json!({"code": "person", "name": "Personregistret"})
    );
    assert!(list.contains(&json!({"code": "FK:SJP", "name": "Sjukpenning"})));
    assert!(list.iter().any(|e| e["code"] == "LEFI:UTB"));
}

#[tokio::test]
async fn health_gives_population_seed_and_date() {
    let app = spawn_app(config(5)).await;
    assert_eq!(
        app.get("/health").await,
        json!({"status": "ok", "population": POPULATION, "seed": 5, "as_of": "2026-11-26"})
    );
}

// ---- knobs ----

#[tokio::test]
async fn fixed_latency_delays_every_call_at_least_that_long() {
    let app = app().await;
    app.set_faults("person", json!({"latency_ms": 150})).await;
    for _ in 0..3 {
        let started = Instant::now();
        let r = app.person(NOT_FOUND).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(started.elapsed() >= Duration::from_millis(150));
        assert_eq!(delay_ms(&r), 150.0);
    }
}

#[tokio::test]
async fn uniform_jitter_stays_within_its_bounds() {
    let app = app().await;
    app.set_faults(
        "FK:SJP",
        json!({"latency_ms": 5, "jitter": {"uniform": {"max_ms": 20}}}),
    )
    .await;
    let mut delays = Vec::new();
    for _ in 0..40 {
        let started = Instant::now();
        let r = app.fetch("FK:SJP", "F-SEED").await;
        let d = delay_ms(&r);
        assert!((5.0..25.0).contains(&d), "{d}");
        assert!(started.elapsed().as_secs_f64() * 1000.0 >= d - 0.001);
        delays.push(d);
    }
    // It is jitter: not every call got the same delay.
    assert!(delays.iter().any(|&d| d != delays[0]), "{delays:?}");
}

#[tokio::test]
async fn exponential_jitter_stays_within_its_bounds() {
    let app = app().await;
    app.set_faults(
        "PM:AP",
        json!({"jitter": {"exponential": {"mean_ms": 3, "max_ms": 15}}}),
    )
    .await;
    let mut delays = Vec::new();
    for _ in 0..60 {
        let r = app.fetch("PM:AP", "F-SEED").await;
        let d = delay_ms(&r);
        assert!((0.0..=15.0).contains(&d), "{d}");
        delays.push(d);
    }
    assert!(delays.iter().any(|&d| d != delays[0]), "{delays:?}");
}

#[tokio::test]
async fn error_rate_one_fails_every_call_and_zero_none() {
    let app = app().await;
    app.set_faults("FK:SJP", json!({"error_rate": 1.0})).await;
    for _ in 0..20 {
        let r = app.fetch("FK:SJP", "F-SEED").await;
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["kod"], "REGISTRY_ERROR");
        assert!(body["fel"].is_string());
    }
    app.set_faults("FK:SJP", json!({"error_rate": 0.0})).await;
    assert!(app.sjp_statuses(20).await.iter().all(|&s| s == 200));
}

#[tokio::test]
async fn error_rate_half_replays_with_the_same_seed_and_differs_with_another() {
    async fn run(seed: u64) -> Vec<u16> {
        let mut config = config(seed);
        config.faults = FaultsFile::from_json(r#"{"FK:SJP": {"error_rate": 0.5}}"#).unwrap();
        spawn_app(config).await.sjp_statuses(40).await
    }
    let first = run(7).await;
    assert!(first.contains(&500) && first.contains(&200), "{first:?}");
    assert_eq!(run(7).await, first);
    assert_ne!(run(8).await, first);
}

#[tokio::test]
async fn a_timeout_holds_the_call_then_answers_504() {
    let app = app().await;
    app.set_faults(
        "FK:SJP",
        json!({"timeout_rate": 1.0, "timeout_hold_ms": 200}),
    )
    .await;
    let started = Instant::now();
    let r = app.fetch("FK:SJP", "F-SEED").await;
    assert_eq!(r.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "REGISTRY_TIMEOUT");
}

#[tokio::test]
async fn a_client_timeout_fires_first_with_the_default_hold() {
    let app = app().await;
    app.set_faults("FK:SJP", json!({"timeout_rate": 1.0})).await;
    let result = app
        .client
        .post(format!("{}/v1/registries/FK:SJP", app.base))
        .json(&json!({"kundId": "F-SEED"}))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(result.unwrap_err().is_timeout());
    assert_eq!(app.counters("FK:SJP").await["timeout"], 1);
}

#[tokio::test]
async fn throttling_answers_429_with_retry_after() {
    let app = app().await;
    app.set_faults("person", json!({"throttle_rate": 1.0, "retry_after_s": 7}))
        .await;
    let r = app.person(NOT_FOUND).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(
        r.json::<Value>().await.unwrap()["kod"],
        "REGISTRY_THROTTLED"
    );
}

#[tokio::test]
async fn an_outage_answers_503_at_once_whatever_the_latency() {
    let app = app().await;
    // Were the latency applied, the client's 20 s timeout would fire.
    app.set_faults("FK:SJP", json!({"outage": true, "latency_ms": 600_000}))
        .await;
    for _ in 0..3 {
        let r = app.fetch("FK:SJP", "F-SEED").await;
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.headers().get(DELAY_HEADER).is_none());
        assert_eq!(r.json::<Value>().await.unwrap()["kod"], "REGISTRY_OUTAGE");
    }
}

#[tokio::test]
async fn a_knob_changed_at_run_time_applies_to_the_next_call() {
    let app = app().await;
    assert_eq!(app.sjp_statuses(1).await, [200]);
    app.set_faults("FK:SJP", json!({"outage": true})).await;
    assert_eq!(app.sjp_statuses(1).await, [503]);
    app.set_faults("FK:SJP", json!({})).await;
    assert_eq!(app.sjp_statuses(1).await, [200]);
}

#[tokio::test]
async fn star_sets_every_registry_and_a_named_one_only_itself() {
    let app = app().await;
    app.set_faults("*", json!({"outage": true})).await;
    assert_eq!(app.person(NOT_FOUND).await.status(), 503);
    assert_eq!(app.fetch("PM:LINT", "F-SEED").await.status(), 503);
    app.set_faults("PM:LINT", json!({})).await;
    assert_eq!(app.fetch("PM:LINT", "F-SEED").await.status(), 200);
    assert_eq!(app.sjp_statuses(1).await, [503]);
    let state = app.get("/admin/state").await;
    assert_eq!(state["registries"]["FK:SJP"]["faults"]["outage"], true);
    assert_eq!(state["registries"]["PM:LINT"]["faults"]["outage"], false);
}

#[tokio::test]
async fn knobs_set_at_start_show_in_the_state() {
    let mut config = config(1);
    config.faults = FaultsFile::from_json(
        r#"{"*": {"latency_ms": 1}, "FK:SJP": {"jitter": {"uniform": {"max_ms": 4}}}}"#,
    )
    .unwrap();
    let app = spawn_app(config).await;
    let state = app.get("/admin/state").await;
    assert_eq!(state["registries"]["person"]["faults"]["latency_ms"], 1);
    assert_eq!(state["registries"]["FK:SJP"]["faults"]["latency_ms"], 0);
    assert_eq!(
        state["registries"]["FK:SJP"]["faults"]["jitter"],
        json!({"uniform": {"max_ms": 4}})
    );
}

/// The earliest payment date in a registry's answer.
async fn first_payment(app: &App, code: &str, kund_id: &str) -> String {
    let r = app.fetch(code, kund_id).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["formansinformation"]["utbetalningsuppgift"][0]["datum"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn h2_the_history_knob_returns_raw_history_at_run_time_and_only_where_set() {
    let app = app().await;
    // Windowed (the default): barnbidrag paid from 2008-07-01 on (H2).
    assert_eq!(first_payment(&app, "FK:ABB", "F-H2").await, "2008-07-20");
    app.set_faults("FK:ABB", json!({"history": "raw"})).await;
    assert_eq!(first_payment(&app, "FK:ABB", "F-H2").await, "2005-02-20");
    // Another registry keeps its windows.
    assert_eq!(first_payment(&app, "FK:SJP", "F-H1").await, "2024-12-10");
    let state = app.get("/admin/state").await;
    assert_eq!(state["registries"]["FK:ABB"]["faults"]["history"], "raw");
    assert_eq!(
        state["registries"]["FK:SJP"]["faults"]["history"],
        "windowed"
    );
    // A knobs object replaces the whole: `{}` is windowed again.
    app.set_faults("FK:ABB", json!({})).await;
    assert_eq!(first_payment(&app, "FK:ABB", "F-H2").await, "2008-07-20");
    let r = app.put_faults("*", json!({"history": "everything"})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn h7_the_history_knob_set_at_start_applies_to_every_registry() {
    let mut config = config(1);
    config.faults = FaultsFile::default().with_history(lefi_registry_data::History::Raw);
    let app = spawn_app(config).await;
    assert_eq!(first_payment(&app, "FK:SJP", "F-H1").await, "2012-02-10");
    assert_eq!(first_payment(&app, "FK:ABB", "F-H2").await, "2005-02-20");
    // The person register answers as before.
    assert_eq!(app.person("195001019420").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_knobs_and_unknown_registries_are_refused() {
    let app = app().await;
    let r = app.put_faults("FK:NOPE", json!({})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app.put_faults("FK:SJP", json!({"error_rate": 1.5})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "FAULTS_INVALID");
    let r = app.put_faults("FK:SJP", json!({"eror_rate": 0.5})).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "FAULTS_FORMAT");
    // Nothing changed.
    assert_eq!(app.sjp_statuses(1).await, [200]);
}

// ---- counters ----

#[tokio::test]
async fn p3_counters_count_per_registry_and_outcome_and_an_uncalled_registry_reads_zero() {
    let app = app().await;
    app.person(NOT_FOUND).await;
    app.person("195001019420").await;
    app.person("195001019421").await;
    app.fetch("FK:SJP", "F-SEED").await;
    app.fetch("FK:SJP", "K99999999999").await;
    app.set_faults("PM:AP", json!({"error_rate": 1.0})).await;
    app.fetch("PM:AP", "F-SEED").await;
    app.fetch("FK:NOPE", "F-SEED").await;

    let person = app.counters("person").await;
    assert_eq!(person["calls"], 3);
    assert_eq!(
        (&person["ok"], &person["not_found"], &person["bad_request"]),
        (&json!(1), &json!(1), &json!(1))
    );
    let sjp = app.counters("FK:SJP").await;
    assert_eq!(
        (&sjp["calls"], &sjp["ok"], &sjp["not_found"]),
        (&json!(2), &json!(1), &json!(1))
    );
    let ap = app.counters("PM:AP").await;
    assert_eq!(
        (&ap["calls"], &ap["error"], &ap["ok"]),
        (&json!(1), &json!(1), &json!(0))
    );
    // Never fetched: FK:FP, for instance.
    let fp = app.counters("FK:FP").await;
    assert_eq!(
        fp,
        json!({"calls": 0, "ok": 0, "not_found": 0, "bad_request": 0, "error": 0,
               "timeout": 0, "throttled": 0, "outage": 0})
    );
}

#[tokio::test]
async fn every_fault_outcome_is_counted() {
    let app = app().await;
    for (faults, outcome) in [
        (json!({"outage": true}), "outage"),
        (json!({"throttle_rate": 1.0}), "throttled"),
        (
            json!({"timeout_rate": 1.0, "timeout_hold_ms": 1}),
            "timeout",
        ),
        (json!({"error_rate": 1.0}), "error"),
    ] {
        app.set_faults("FK:VB", faults).await;
        app.fetch("FK:VB", "F-SEED").await;
        assert_eq!(app.counters("FK:VB").await[outcome], 1, "{outcome}");
    }
    assert_eq!(app.counters("FK:VB").await["calls"], 4);
}

#[tokio::test]
async fn reset_zeroes_the_counters_and_can_reseed() {
    let app = app().await;
    app.person(NOT_FOUND).await;
    app.fetch("FK:SJP", "F-SEED").await;
    let r = app
        .client
        .post(format!("{}/admin/reset", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let state = app.get("/admin/state").await;
    for (name, registry) in state["registries"].as_object().unwrap() {
        assert_eq!(registry["counters"]["calls"], 0, "{name}");
        assert_eq!(registry["counters"]["ok"], 0, "{name}");
    }
    assert_eq!(state["seed"], 1);

    let r = app.post("/admin/reset", json!({"seed": 3})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.get("/health").await["seed"], 3);
    // The population now is seed 3's.
    let body: Value = app.person(&member(3, 0)).await.json().await.unwrap();
    assert_eq!(body["status"], "FOUND");
}

#[tokio::test]
async fn reset_restarts_the_replayable_sequence() {
    let mut config = config(11);
    config.faults = FaultsFile::from_json(r#"{"FK:SJP": {"error_rate": 0.5}}"#).unwrap();
    let app = spawn_app(config).await;
    let first = app.sjp_statuses(20).await;
    app.post("/admin/reset", json!({})).await;
    assert_eq!(app.sjp_statuses(20).await, first);
}

#[tokio::test]
async fn an_unknown_route_is_a_json_404() {
    let app = app().await;
    let r = app.post("/v1/nothing", json!({})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["kod"], "NOT_FOUND");
}
