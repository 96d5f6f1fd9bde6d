//! The edge in process: API Gateway HTTP API events (as the Lambda receives them) with a
//! client certificate, through the local workflow, against the registry simulator and
//! the embedded store. TLS itself is tested through the HTTPS front (tests/lefi-e2e).

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use lambda_http::request::LambdaRequest;
use lambda_http::{Body, Request, Response};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::opening::OpeningHours;
use lefi_domain::{Benefit, Organisationsnummer};
use lefi_gateway::identity::ClientCertificate;
use lefi_gateway::{Clock, Gateway, GatewayConfig, handle};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{RegistryId, ServerHandle, SimConfig, spawn};
use lefi_store::{AuditLog, Caller, Directory, EmbeddedStore, Outcome, PartnerId, Protector};
use lefi_workflow::LocalWorkflow;
use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, KeyPair};
use serde_json::{Value, json};

const SEED_PNR: &str = "195001019420";
const KOMMUN: &str = "kommun-1";

struct FixedClock(Mutex<DateTime<Utc>>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct World {
    gateway: Gateway,
    store: Arc<EmbeddedStore>,
    clock: Arc<FixedClock>,
    sim: ServerHandle,
    /// A certificate mapped to a caller for `kommun-1`.
    kommun_cert: String,
    /// A certificate nobody mapped.
    unknown_cert: String,
}

fn certificate(cn: &str, orgnr: &str) -> String {
    let mut params = CertificateParams::new(vec![]).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn.push(
        DnType::CustomDnType(vec![2, 5, 4, 5]),
        DnValue::PrintableString(format!("16{orgnr}").try_into().unwrap()),
    );
    params.distinguished_name = dn;
    params
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap()
        .pem()
}

fn agreement(id: &str, benefits: &[Benefit], limits: TrafficLimits) -> Agreement {
    Agreement::new(
        id,
        Organisationsnummer::parse("2120000142").unwrap(),
        "Exempelkommunen",
        PartnerKind::Kommun,
        benefits.iter().copied().collect(),
        [Channel::System].into(),
        limits,
        Pricing::Free,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        None,
        Default::default(),
    )
    .unwrap()
}

const ROOMY: TrafficLimits = TrafficLimits {
    per_second: 100,
    burst: 100,
    per_day: 10_000,
};

/// Thursday 26 November 2026, 10:00 in Stockholm: open (O1).
fn open_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

async fn world_with(limits: TrafficLimits) -> World {
    let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    config.registers.population = 1_000;
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(2)).unwrap());
    let store = Arc::new(EmbeddedStore::new());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development()).unwrap();
    let kommun_cert = certificate("Exempelkommunen LEFI", "2120000142");
    let unknown_cert = certificate("Okänd AB", "5560000001");
    let caller = Caller {
        id: "exempelkommunen".into(),
        name: "Exempelkommunen".into(),
        represents: BTreeSet::from([PartnerId(KOMMUN.into())]),
    };
    let cert = ClientCertificate::from_pem(&kommun_cert).unwrap();
    store.put_caller(&cert.keys[0], &caller).await.unwrap();
    store
        .put_agreement(&agreement(
            KOMMUN,
            &[
                Benefit::Sjukpenning,
                Benefit::Foraldrapenning,
                Benefit::Barnbidrag,
            ],
            limits,
        ))
        .await
        .unwrap();
    // A partner the caller represents, with no agreement.
    let clock = Arc::new(FixedClock(Mutex::new(open_instant())));
    let gateway = Gateway {
        store: store.clone(),
        workflow: Arc::new(workflow),
        protector: Protector::development(),
        clock: clock.clone(),
        config: GatewayConfig {
            opening: OpeningHours::new(Vec::new()),
            ..GatewayConfig::default()
        },
    };
    World {
        gateway,
        store,
        clock,
        sim,
        kommun_cert,
        unknown_cert,
    }
}

async fn world() -> World {
    world_with(ROOMY).await
}

/// The event API Gateway delivers for a request over mutual TLS, read the way the
/// Lambda runtime reads it.
fn event(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    cert: Option<&str>,
) -> Request {
    let mut hs = serde_json::Map::new();
    for (k, v) in headers {
        hs.insert(k.to_string(), json!(v));
    }
    let mut ctx = json!({
        "accountId": "123456789012", "apiId": "api", "domainName": "lefi.example", "domainPrefix": "lefi",
        "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "test"},
        "requestId": "r-1", "routeKey": "$default", "stage": "$default",
        "time": "26/Nov/2026:09:00:00 +0000", "timeEpoch": 1795683600000i64
    });
    if let Some(pem) = cert {
        ctx["authentication"] = json!({"clientCert": {
            "clientCertPem": pem, "issuerDN": "CN=x", "subjectDN": "CN=x", "serialNumber": "1",
            "validity": {"notAfter": "Aug 5 00:28:21 2120 GMT", "notBefore": "Aug 29 00:28:21 2020 GMT"}}});
    }
    let mut e = json!({
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
        "headers": hs, "requestContext": ctx, "isBase64Encoded": false
    });
    if let Some(b) = body {
        e["body"] = json!(b);
    }
    let request: LambdaRequest = serde_json::from_value(e).unwrap();
    request.into()
}

fn fraga_path(aktor: &str) -> String {
    format!("/lefi-extern-formansinformation/v9/aktorer/{aktor}/formansinformation/fraga")
}

fn query_body(pnr: &str, codes: &[&str]) -> String {
    json!({"personnummer": pnr, "period": {"from": "2025-01-01", "tom": "2025-12-31"},
           "formansinformation": codes, "ovrigInformation": ["FK:GEPI"]})
    .to_string()
}

async fn post(
    w: &World,
    aktor: &str,
    body: &str,
    extra: &[(&str, &str)],
    cert: Option<&str>,
) -> Response<Body> {
    let mut headers = vec![("content-type", "application/json")];
    headers.extend_from_slice(extra);
    handle(
        &w.gateway,
        event("POST", &fraga_path(aktor), &headers, Some(body), cert),
    )
    .await
}

fn json_of(r: &Response<Body>) -> Value {
    match r.body() {
        Body::Text(t) => serde_json::from_str(t).unwrap(),
        other => panic!("{other:?}"),
    }
}

fn text_of(r: &Response<Body>) -> String {
    match r.body() {
        Body::Text(t) => t.clone(),
        _ => String::new(),
    }
}

fn header<'a>(r: &'a Response<Body>, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn audit_outcomes(w: &World) -> Vec<Outcome> {
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    w.store
        .by_partner_and_day(&PartnerId(KOMMUN.into()), day)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.outcome)
        .collect()
}

#[tokio::test]
async fn c1_a_v9_query_is_answered_in_the_v9_shape() {
    let w = world().await;
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP", "FK:FP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    assert_eq!(header(&r, "content-type"), Some("application/json"));
    assert_eq!(header(&r, "cache-control"), Some("no-store"));
    assert!(header(&r, "x-correlation-id").is_some());
    let body = json_of(&r);
    let typed: lefi_contract::v9::ExternFormansinformationSvar =
        serde_json::from_value(body.clone()).unwrap();
    assert!(typed.utlamnare.is_some());
    assert_eq!(
        body["formansinformation"]["generellPersoninformation"][0]["personnummer"],
        SEED_PNR
    );
    assert_eq!(audit_outcomes(&w).await, [Outcome::Answered]);
}

#[tokio::test]
async fn p3_a_benefit_outside_the_agreement_is_obehorig_and_never_fetched() {
    let w = world().await;
    let before = w
        .sim
        .state()
        .counters(RegistryId::Benefit(Benefit::Bostadsbidrag))
        .calls;
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP", "FK:BOB"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = json_of(&r);
    assert_eq!(
        body["avvikelser"]["formansinformation"][0]["avvikelse"]["kod"],
        "OBEHORIG"
    );
    assert_eq!(
        body["avvikelser"]["formansinformation"][0]["formansgrupp"]["kod"],
        "FK:BOB"
    );
    assert_eq!(
        w.sim
            .state()
            .counters(RegistryId::Benefit(Benefit::Bostadsbidrag))
            .calls,
        before
    );
}

#[tokio::test]
async fn v9_every_violation_is_reported_with_the_field_it_was_sent_in() {
    let w = world().await;
    let body = json!({"personnummer": "195001019421", "period": {"from": "2025-02-30", "tom": "2025-01-01"},
                      "formansinformation": ["FK:SJP"], "ansprak": ["PM:XX"]})
    .to_string();
    let r = post(&w, KOMMUN, &body, &[], Some(&w.kommun_cert)).await;
    assert_eq!(r.status(), 400);
    let felsvar = json_of(&r);
    assert_eq!(felsvar["kod"], "INVALID_QUERY");
    let fel: Vec<(String, String)> = felsvar["fel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kod"].as_str().unwrap().into(),
                f["falt"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        fel.contains(&("PNR_CHECKSUM".into(), "personnummer".into())),
        "{fel:?}"
    );
    assert!(
        fel.contains(&("DATE_FORMAT".into(), "period.from".into())),
        "{fel:?}"
    );
    assert!(
        fel.contains(&("UNKNOWN_BENEFIT".into(), "ansprak[0]".into())),
        "{fel:?}"
    );
    // §5: no personnummer in an error body.
    assert!(!text_of(&r).contains("195001019421"));
    assert!(matches!(
        &audit_outcomes(&w).await[..],
        [Outcome::Invalid { .. }]
    ));
}

#[tokio::test]
async fn p2_an_unknown_certificate_is_refused_and_audited() {
    let w = world().await;
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.unknown_cert),
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(json_of(&r)["kod"], "NOT_AUTHORIZED");
    let r = post(&w, KOMMUN, &query_body(SEED_PNR, &["FK:SJP"]), &[], None).await;
    assert_eq!(r.status(), 403);
    // Neither certificate names a partner the service knows, so the records have none.
    assert!(audit_outcomes(&w).await.is_empty());
}

#[tokio::test]
async fn p2_a_caller_may_only_ask_for_partners_it_represents() {
    let w = world().await;
    let r = post(
        &w,
        "kommun-2",
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = handle(
        &w.gateway,
        event(
            "GET",
            "/lefi-extern-formansinformation/v9/aktorer/kommun-2/tillgangligaInformationstyper",
            &[],
            None,
            Some(&w.kommun_cert),
        ),
    )
    .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn p1_a_partner_without_agreement_is_refused_and_audited() {
    let w = world().await;
    let cert = ClientCertificate::from_pem(&w.kommun_cert).unwrap();
    let caller = Caller {
        id: "exempelkommunen".into(),
        name: "Exempelkommunen".into(),
        represents: BTreeSet::from([
            PartnerId(KOMMUN.into()),
            PartnerId("kommun-utan-avtal".into()),
        ]),
    };
    w.store.put_caller(&cert.keys[0], &caller).await.unwrap();
    let r = post(
        &w,
        "kommun-utan-avtal",
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 403);
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let records = w
        .store
        .by_partner_and_day(&PartnerId("kommun-utan-avtal".into()), day)
        .await
        .unwrap();
    assert!(matches!(&records[..], [r] if matches!(r.outcome, Outcome::Refused { .. })));
}

#[tokio::test]
async fn o4_outside_opening_hours_the_answer_is_service_closed_with_the_next_opening() {
    let w = world().await;
    // Thursday 26 November 2026, 22:00 in Stockholm: closed until Friday 07:00.
    *w.clock.0.lock().unwrap() = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap();
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 503);
    let body = json_of(&r);
    assert_eq!(body["kod"], "SERVICE_CLOSED");
    assert_eq!(body["nastaOppning"], "2026-11-27T06:00:00Z");
    assert_eq!(header(&r, "retry-after"), Some("32400"));
    assert_eq!(
        audit_outcomes(&w).await,
        [Outcome::NotServed {
            code: "SERVICE_CLOSED".into()
        }]
    );
}

#[tokio::test]
async fn o4_local_development_may_switch_enforcement_off_and_every_answer_says_so() {
    let mut w = world().await;
    w.gateway.config.enforce_opening_hours = false;
    *w.clock.0.lock().unwrap() = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap();
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        header(&r, "x-lefi-opening-hours")
            .unwrap()
            .starts_with("not-enforced")
    );
    let r = handle(&w.gateway, event("GET", "/nope", &[], None, None)).await;
    assert!(header(&r, "x-lefi-opening-hours").is_some());
}

#[tokio::test]
async fn c3_over_the_rate_the_answer_is_rate_limited_with_retry_after() {
    let w = world_with(TrafficLimits {
        per_second: 1,
        burst: 1,
        per_day: 100,
    })
    .await;
    // The bucket holds a second's rate plus the burst: two at once, not three.
    for _ in 0..2 {
        let r = post(
            &w,
            KOMMUN,
            &query_body(SEED_PNR, &["FK:SJP"]),
            &[],
            Some(&w.kommun_cert),
        )
        .await;
        assert_eq!(r.status(), 200);
    }
    let second = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(second.status(), 429);
    assert_eq!(json_of(&second)["kod"], "RATE_LIMITED");
    assert_eq!(header(&second, "retry-after"), Some("1"));
}

#[tokio::test]
async fn c3_a_repeated_query_id_gets_the_first_answer_fetched_once() {
    let w = world().await;
    let sjp = RegistryId::Benefit(Benefit::Sjukpenning);
    let before = w.sim.state().counters(sjp).calls;
    let body = query_body(SEED_PNR, &["FK:SJP"]);
    let key = [("idempotency-key", "fraga-42")];
    let first = post(&w, KOMMUN, &body, &key, Some(&w.kommun_cert)).await;
    let second = post(&w, KOMMUN, &body, &key, Some(&w.kommun_cert)).await;
    assert_eq!(first.status(), 200);
    assert_eq!(second.status(), 200);
    assert_eq!(text_of(&first), text_of(&second));
    assert_eq!(header(&second, "x-lefi-replay"), Some("true"));
    assert_eq!(w.sim.state().counters(sjp).calls - before, 1);
    // The same id for another query is a conflict, not someone else's answer.
    let other = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:FP"]),
        &key,
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(other.status(), 409);
    assert_eq!(json_of(&other)["kod"], "CONFLICT");
}

#[tokio::test]
async fn c3_a_query_id_out_of_its_format_is_a_clear_400_before_anything_is_fetched() {
    let w = world().await;
    let sjp = RegistryId::Benefit(Benefit::Sjukpenning);
    let before = w.sim.state().counters(sjp).calls;
    let body = query_body(SEED_PNR, &["FK:SJP"]);
    let long = "k".repeat(65);
    for id in ["", "två ord", "fråga-1", long.as_str(), "a/b"] {
        let r = post(
            &w,
            KOMMUN,
            &body,
            &[("idempotency-key", id)],
            Some(&w.kommun_cert),
        )
        .await;
        assert_eq!(r.status(), 400, "{id:?}");
        let problem = json_of(&r);
        assert_eq!(problem["fel"][0]["kod"], "QUERY_ID_FORMAT", "{id:?}");
        assert_eq!(problem["fel"][0]["falt"], "Idempotency-Key", "{id:?}");
    }
    assert_eq!(w.sim.state().counters(sjp).calls, before);
    // The longest and the most varied that the format allows are taken.
    for id in ["k".repeat(64), "Fråga".replace('å', "a") + "_1.2:3-4"] {
        let r = post(
            &w,
            KOMMUN,
            &body,
            &[("idempotency-key", &id)],
            Some(&w.kommun_cert),
        )
        .await;
        assert_eq!(r.status(), 200, "{id:?}");
    }
}

#[tokio::test]
async fn p5_a_stored_answer_is_sealed_and_opens_only_under_the_keys_that_sealed_it() {
    let mut w = world().await;
    let body = query_body(SEED_PNR, &["FK:SJP"]);
    let key = [("idempotency-key", "fraga-43")];
    let first = post(&w, KOMMUN, &body, &key, Some(&w.kommun_cert)).await;
    assert_eq!(first.status(), 200);
    // Same store, other keys: the record (fingerprint and answer) means nothing to
    // them, so the caller never gets the first answer back through them.
    w.gateway.protector = Protector::from_hex(&"5a".repeat(32), &"a5".repeat(32)).unwrap();
    let second = post(&w, KOMMUN, &body, &key, Some(&w.kommun_cert)).await;
    assert_ne!(second.status(), 200);
    assert_ne!(text_of(&second), text_of(&first));
    assert_eq!(header(&second, "x-lefi-replay"), None);
}

#[tokio::test]
async fn v9_bad_input_gets_a_clear_error_never_a_500() {
    let w = world().await;
    let cert = Some(w.kommun_cert.as_str());
    let cases: Vec<(Response<Body>, u16, &str)> = vec![
        (
            post(&w, KOMMUN, "{\"personnummer\": ", &[], cert).await,
            400,
            "INVALID_QUERY",
        ),
        (
            post(&w, KOMMUN, "[1,2,3]", &[], cert).await,
            400,
            "INVALID_QUERY",
        ),
        (
            post(&w, KOMMUN, &"[".repeat(10_000), &[], cert).await,
            400,
            "INVALID_QUERY",
        ),
        (
            post(&w, KOMMUN, &"x".repeat(70 * 1024), &[], cert).await,
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            handle(
                &w.gateway,
                event(
                    "POST",
                    &fraga_path(KOMMUN),
                    &[("content-type", "text/plain")],
                    Some("hej"),
                    cert,
                ),
            )
            .await,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            handle(
                &w.gateway,
                event("GET", &fraga_path(KOMMUN), &[], None, cert),
            )
            .await,
            405,
            "METHOD_NOT_ALLOWED",
        ),
        (
            handle(&w.gateway, event("GET", "/etc/passwd", &[], None, cert)).await,
            404,
            "NOT_FOUND",
        ),
        (
            handle(
                &w.gateway,
                event(
                    "POST",
                    "/lefi-extern-formansinformation/v9/aktorer//formansinformation/fraga",
                    &[],
                    None,
                    cert,
                ),
            )
            .await,
            404,
            "NOT_FOUND",
        ),
    ];
    for (r, status, kod) in cases {
        assert_eq!(r.status(), status, "{}", text_of(&r));
        let body = json_of(&r);
        assert_eq!(body["kod"], kod);
        assert!(body["meddelande"].as_str().unwrap().len() > 10);
    }
    let r = handle(
        &w.gateway,
        event("GET", &fraga_path(KOMMUN), &[], None, cert),
    )
    .await;
    assert_eq!(header(&r, "allow"), Some("POST"));
}

#[tokio::test]
async fn c1_tillgangliga_informationstyper_lists_the_agreement() {
    let w = world().await;
    let r = handle(
        &w.gateway,
        event(
            "GET",
            "/lefi-extern-formansinformation/v9/aktorer/kommun-1/tillgangligaInformationstyper",
            &[],
            None,
            Some(&w.kommun_cert),
        ),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = json_of(&r);
    let typed: lefi_contract::v9::ExternTillgangligaInformationstyper =
        serde_json::from_value(body.clone()).unwrap();
    let codes: BTreeSet<String> = typed
        .formansinformation
        .unwrap()
        .iter()
        .map(|g| {
            serde_json::to_value(g).unwrap()["kod"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        codes,
        BTreeSet::from(["FK:SJP", "FK:FP", "FK:ABB"].map(String::from))
    );
    assert_eq!(body["ovrigInformation"][0]["kod"], "FK:GEPI");
}
