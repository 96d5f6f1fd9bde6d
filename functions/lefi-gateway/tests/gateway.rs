//! The edge in process: API Gateway HTTP API events (as the Lambda receives them) with a
//! client certificate, through the local workflow, against the registry simulator and
//! the embedded store. TLS itself is tested through the HTTPS front (tests/lefi-e2e).

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use lambda_http::request::LambdaRequest;
use lambda_http::{Body, Request, Response};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::opening::OpeningHours;
use lefi_domain::{Benefit, Organisationsnummer, Personnummer, PurposeField};
use lefi_gateway::identity::ClientCertificate;
use lefi_gateway::{Clock, Gateway, GatewayConfig, RefusalLimits, handle};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{RegistryId, ServerHandle, SimConfig, spawn};
use lefi_store::{
    AuditLog, AuditRecord, Begin, Caller, CertificateKey, Delivery, Directory, EmbeddedStore,
    Idempotency, Mailbox, MailboxItem, Outcome, PartnerId, PortalUser, Protector, RateLimits,
    Session, Sessions, StoreError, StoreResult, Take, Usage,
};
use lefi_workflow::{LocalWorkflow, QueryInput, RunError, Workflow, WorkflowOutput};
use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, KeyPair};
use serde_json::{Value, json};
use tokio::sync::Notify;

const SEED_PNR: &str = "195001019420";
const KOMMUN: &str = "kommun-1";
/// Partners of the supplier's certificate: an expired agreement, a one-query-a-day
/// agreement, and none at all.
const EXPIRED: &str = "kommun-utgangen";
const THROTTLED: &str = "kommun-strypt";
const NO_AGREEMENT: &str = "kommun-utan-avtal";

struct FixedClock(Mutex<DateTime<Utc>>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct World {
    gateway: Gateway,
    /// Every request's metrics (issue 17, item 7).
    metrics: Arc<lefi_metrics::Tally>,
    /// The store itself: the workflow writes to it directly.
    store: Arc<EmbeddedStore>,
    /// The gateway's view of the same store, whose ports can be made to fail.
    faults: Arc<Faulty>,
    /// The gateway's workflow: the local one, which can be held or made to fail.
    gate: Arc<Gate>,
    clock: Arc<FixedClock>,
    sim: ServerHandle,
    /// A certificate mapped to a caller for `kommun-1`.
    kommun_cert: String,
    /// A supplier's certificate, for three partners (expired, throttled, no agreement).
    supplier_cert: String,
    /// A certificate nobody mapped.
    unknown_cert: String,
}

/// The store, with switches that make the gateway's audit appends, directory reads or
/// rate-limit takes fail as if DynamoDB were unreachable.
struct Faulty {
    inner: Arc<EmbeddedStore>,
    audit: AtomicBool,
    directory: AtomicBool,
    limits: AtomicBool,
}

fn down(on: &AtomicBool) -> StoreResult<()> {
    if on.load(Ordering::SeqCst) {
        Err(StoreError::Unavailable("test: switched off".into()))
    } else {
        Ok(())
    }
}

#[async_trait]
impl Directory for Faulty {
    async fn caller_by_certificate(&self, key: &CertificateKey) -> StoreResult<Option<Caller>> {
        down(&self.directory)?;
        self.inner.caller_by_certificate(key).await
    }
    async fn agreement(&self, partner: &PartnerId) -> StoreResult<Option<Agreement>> {
        down(&self.directory)?;
        self.inner.agreement(partner).await
    }
    async fn put_agreement(&self, agreement: &Agreement) -> StoreResult<()> {
        self.inner.put_agreement(agreement).await
    }
    async fn put_caller(&self, key: &CertificateKey, caller: &Caller) -> StoreResult<()> {
        self.inner.put_caller(key, caller).await
    }
    async fn portal_user(&self, user_hash: &str) -> StoreResult<Option<PortalUser>> {
        down(&self.directory)?;
        self.inner.portal_user(user_hash).await
    }
    async fn put_portal_user(&self, user_hash: &str, user: &PortalUser) -> StoreResult<()> {
        self.inner.put_portal_user(user_hash, user).await
    }
    async fn agreements(&self) -> StoreResult<Vec<Agreement>> {
        self.inner.agreements().await
    }
    async fn delete_caller(&self, key: &CertificateKey) -> StoreResult<()> {
        self.inner.delete_caller(key).await
    }
    async fn delete_portal_user(&self, user_hash: &str) -> StoreResult<()> {
        self.inner.delete_portal_user(user_hash).await
    }
    async fn partner_config(&self, partner: &PartnerId) -> StoreResult<Option<String>> {
        self.inner.partner_config(partner).await
    }
    async fn put_partner_config(&self, partner: &PartnerId, config: &str) -> StoreResult<()> {
        self.inner.put_partner_config(partner, config).await
    }
}

#[async_trait]
impl AuditLog for Faulty {
    async fn append(&self, record: &AuditRecord) -> StoreResult<()> {
        down(&self.audit)?;
        self.inner.append(record).await
    }
    async fn get(&self, id: &str) -> StoreResult<Option<AuditRecord>> {
        down(&self.audit)?;
        self.inner.get(id).await
    }
    async fn by_partner_and_day(
        &self,
        partner: &PartnerId,
        day: NaiveDate,
    ) -> StoreResult<Vec<AuditRecord>> {
        self.inner.by_partner_and_day(partner, day).await
    }
    async fn by_day(&self, day: NaiveDate) -> StoreResult<Vec<AuditRecord>> {
        self.inner.by_day(day).await
    }
    async fn by_subject(&self, subject_hash: &str) -> StoreResult<Vec<AuditRecord>> {
        self.inner.by_subject(subject_hash).await
    }
}

#[async_trait]
impl Usage for Faulty {
    async fn count(&self, partner: &PartnerId, month: &str) -> StoreResult<u64> {
        self.inner.count(partner, month).await
    }
    async fn month_totals(&self, month: &str) -> StoreResult<Vec<(PartnerId, u64)>> {
        self.inner.month_totals(month).await
    }
}

#[async_trait]
impl Idempotency for Faulty {
    async fn begin(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<Begin> {
        self.inner.begin(key, fingerprint, now, expires_at).await
    }
    async fn complete(
        &self,
        key: &str,
        answer: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.inner.complete(key, answer, now, expires_at).await
    }
    async fn abandon(&self, key: &str) -> StoreResult<()> {
        self.inner.abandon(key).await
    }
}

#[async_trait]
impl RateLimits for Faulty {
    async fn take(
        &self,
        partner: &PartnerId,
        limits: &TrafficLimits,
        now: DateTime<Utc>,
    ) -> StoreResult<Take> {
        down(&self.limits)?;
        self.inner.take(partner, limits, now).await
    }
}

#[async_trait]
impl Sessions for Faulty {
    async fn create(&self, session: &Session) -> StoreResult<()> {
        self.inner.create(session).await
    }
    async fn touch(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        self.inner.touch(id, now).await
    }
    async fn end(&self, id: &str) -> StoreResult<()> {
        self.inner.end(id).await
    }
}

#[async_trait]
impl Mailbox for Faulty {
    async fn deliver(&self, delivery: &Delivery) -> StoreResult<bool> {
        self.inner.deliver(delivery).await
    }
    async fn waiting(&self, address: &str, now: DateTime<Utc>) -> StoreResult<Vec<MailboxItem>> {
        self.inner.waiting(address, now).await
    }
    async fn fetch(
        &self,
        address: &str,
        tx_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Delivery>> {
        self.inner.fetch(address, tx_id, now).await
    }
    async fn acknowledge(&self, address: &str, tx_id: &str) -> StoreResult<bool> {
        self.inner.acknowledge(address, tx_id).await
    }
}

/// The local workflow, which can hold the next run until released (to see a query id
/// in progress) or fail every run without running it.
struct Gate {
    inner: LocalWorkflow,
    hold_next: AtomicBool,
    entered: Notify,
    release: Notify,
    fail: Mutex<Option<RunError>>,
    /// Runs the query (its Audit step writes the record), then reports this failure, as a
    /// metering failure after the append would.
    fail_after: Mutex<Option<RunError>>,
}

#[async_trait]
impl Workflow for Gate {
    async fn run(&self, input: &QueryInput) -> Result<WorkflowOutput, RunError> {
        if let Some(e) = self.fail.lock().unwrap().clone() {
            return Err(e);
        }
        if self.hold_next.swap(false, Ordering::SeqCst) {
            self.entered.notify_one();
            self.release.notified().await;
        }
        let out = self.inner.run(input).await;
        match self.fail_after.lock().unwrap().clone() {
            Some(e) => Err(e),
            None => out,
        }
    }
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
    agreement_until(id, benefits, limits, None)
}

fn agreement_until(
    id: &str,
    benefits: &[Benefit],
    limits: TrafficLimits,
    until: Option<NaiveDate>,
) -> Agreement {
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
        until,
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

/// Refusals as many as any test here sends, at a clock that does not move: only the
/// flood test meets the limit.
const ROOMY_REFUSALS: RefusalLimits = RefusalLimits {
    per_second: 1_000,
    burst: 100_000,
    summary_every: Duration::from_secs(60),
};

async fn world_with(limits: TrafficLimits) -> World {
    world_full(limits, ROOMY_REFUSALS).await
}

async fn world_full(limits: TrafficLimits, refusal_limits: RefusalLimits) -> World {
    let mut config = SimConfig::new(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    config.registers.population = 1_000;
    let (addr, sim) = spawn(&config).await.unwrap();
    let registries =
        Arc::new(HttpRegistries::new(&format!("http://{addr}"), Duration::from_secs(2)).unwrap());
    let store = Arc::new(EmbeddedStore::new());
    let workflow = LocalWorkflow::new(registries, store.clone(), Protector::development()).unwrap();
    let kommun_cert = certificate("Exempelkommunen LEFI", "2120000142");
    let supplier_cert = certificate("Systemleverantören AB", "5566778899");
    let unknown_cert = certificate("Okänd AB", "5560000001");
    let supplier = Caller {
        id: "leverantoren".into(),
        name: "Systemleverantören AB".into(),
        represents: [EXPIRED, THROTTLED, NO_AGREEMENT]
            .map(|p| PartnerId(p.into()))
            .into(),
    };
    let supplier_key = ClientCertificate::from_pem(&supplier_cert).unwrap().keys[0].clone();
    store.put_caller(&supplier_key, &supplier).await.unwrap();
    store
        .put_agreement(&agreement_until(
            EXPIRED,
            &[Benefit::Sjukpenning],
            ROOMY,
            NaiveDate::from_ymd_opt(2026, 6, 30),
        ))
        .await
        .unwrap();
    let one_a_day = TrafficLimits {
        per_second: 1,
        burst: 1,
        per_day: 1,
    };
    store
        .put_agreement(&agreement(THROTTLED, &[Benefit::Sjukpenning], one_a_day))
        .await
        .unwrap();
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
    let faults = Arc::new(Faulty {
        inner: store.clone(),
        audit: AtomicBool::new(false),
        directory: AtomicBool::new(false),
        limits: AtomicBool::new(false),
    });
    let gate = Arc::new(Gate {
        inner: workflow,
        hold_next: AtomicBool::new(false),
        entered: Notify::new(),
        release: Notify::new(),
        fail: Mutex::new(None),
        fail_after: Mutex::new(None),
    });
    let gateway = Gateway::new(
        faults.clone(),
        gate.clone(),
        Protector::development(),
        clock.clone(),
        GatewayConfig {
            opening: OpeningHours::new(Vec::new()),
            refusal_limits,
            ..GatewayConfig::default()
        },
    );
    let metrics = Arc::new(lefi_metrics::Tally::new());
    let gateway = gateway.with_metrics(metrics.clone());
    World {
        gateway,
        metrics,
        store,
        faults,
        gate,
        clock,
        sim,
        kommun_cert,
        supplier_cert,
        unknown_cert,
    }
}

async fn world() -> World {
    world_with(ROOMY).await
}

/// The event API Gateway delivers for a request over mutual TLS, read the way the
/// Lambda runtime reads it.
/// A fresh request id for each event, as API Gateway gives every request its own: it is
/// the correlation id, and so the audit record's id.
fn request_id() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("r-{}", N.fetch_add(1, Ordering::Relaxed))
}

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
        "requestId": request_id(), "routeKey": "$default", "stage": "$default",
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

/// Issue 17, item 5: 1,000 malformed requests from one certificate cost the audit at
/// most its burst plus one `Limited` record (at a clock that does not move), are
/// answered 429 with `Retry-After` once over the limit, and leave another partner's
/// query alone; a minute on, the next limited request records all those in between.
#[tokio::test]
async fn c3_a_flood_of_malformed_requests_costs_a_bounded_number_of_audit_writes() {
    let w = world_full(
        ROOMY,
        RefusalLimits {
            per_second: 5,
            burst: 20,
            summary_every: Duration::from_secs(60),
        },
    )
    .await;
    let before = w.store.audit_records().unwrap().len();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for _ in 0..1000 {
        let r = handle(
            &w.gateway,
            v9_post(THROTTLED, "{not json", &[], Some(&w.supplier_cert)),
        )
        .await;
        if r.status() == 429 {
            assert_eq!(json_of(&r)["kod"], "RATE_LIMITED");
            assert!(header(&r, "retry-after").is_some());
        }
        *statuses.entry(r.status().as_u16()).or_default() += 1;
    }
    assert_eq!(statuses, [(400, 20), (429, 980)].into());
    let limited = |w: &World| {
        w.store
            .audit_records()
            .unwrap()
            .into_iter()
            .filter_map(|r| match r.outcome {
                Outcome::Limited { requests } => Some(requests),
                _ => None,
            })
            .collect::<Vec<u64>>()
    };
    assert_eq!(
        w.store.audit_records().unwrap().len() - before,
        21,
        "the burst, and one record for the limited"
    );
    assert_eq!(limited(&w), [1]);
    // Another partner's certificate has its own bucket.
    let r = handle(
        &w.gateway,
        v9_post(
            KOMMUN,
            &query_body(SEED_PNR, &["FK:SJP"]),
            &[],
            Some(&w.kommun_cert),
        ),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    // A minute later the bucket is full again; past it, one record counts the rest.
    *w.clock.0.lock().unwrap() += chrono::TimeDelta::seconds(61);
    for _ in 0..21 {
        handle(
            &w.gateway,
            v9_post(THROTTLED, "{not json", &[], Some(&w.supplier_cert)),
        )
        .await;
    }
    let mut counts = limited(&w);
    counts.sort_unstable();
    assert_eq!(counts, [1, 980]);
}

/// Issue 17, item 5, and O4: outside opening hours a partner's job over the refusal
/// limit still gets `SERVICE_CLOSED` with the next opening (not a 429 that says "soon"),
/// and the audit stays bounded.
#[tokio::test]
async fn c3_o4_limited_requests_outside_opening_hours_still_get_the_next_opening() {
    let w = world_full(
        ROOMY,
        RefusalLimits {
            per_second: 5,
            burst: 20,
            summary_every: Duration::from_secs(60),
        },
    )
    .await;
    // Sunday 29 November 2026, 03:00 in Stockholm: closed until 13.00 (O1).
    *w.clock.0.lock().unwrap() = Utc.with_ymd_and_hms(2026, 11, 29, 2, 0, 0).unwrap();
    let before = w.store.audit_records().unwrap().len();
    for _ in 0..30 {
        let r = handle(
            &w.gateway,
            v9_post(
                KOMMUN,
                &query_body(SEED_PNR, &["FK:SJP"]),
                &[],
                Some(&w.kommun_cert),
            ),
        )
        .await;
        assert_eq!(r.status(), 503, "{}", text_of(&r));
        assert_eq!(json_of(&r)["kod"], "SERVICE_CLOSED");
        assert!(json_of(&r)["nastaOppning"].is_string());
    }
    assert_eq!(w.store.audit_records().unwrap().len() - before, 21);
}

/// SPEC §3 step 5 (issue 17, item 2): with the person register down nothing can be
/// given: 503 with `Retry-After`, never a 500, the register's error in the audit record,
/// and all within the query's budget.
#[tokio::test]
async fn step5_the_person_register_down_is_a_503_with_retry_after_and_audited() {
    let w = world().await;
    w.sim.state().set_faults(
        RegistryId::Person,
        lefi_registry_sim::Faults {
            outage: true,
            ..Default::default()
        },
    );
    let started = std::time::Instant::now();
    let (r, record) = audited(
        &w,
        v9_post(
            KOMMUN,
            &query_body(SEED_PNR, &["FK:SJP"]),
            &[],
            Some(&w.kommun_cert),
        ),
    )
    .await;
    assert_eq!(r.status(), 503, "{}", text_of(&r));
    assert_eq!(header(&r, "retry-after"), Some("30"));
    let body = json_of(&r);
    assert_eq!(body["kod"], "TEMPORARILY_UNAVAILABLE");
    assert!(!text_of(&r).contains(SEED_PNR));
    assert_eq!(
        record.outcome,
        Outcome::Failed {
            error: "RegistryUnavailable".into()
        }
    );
    assert!(record.delivered.is_empty() && record.subject.is_some());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// Issue 14, item 5: one id follows a query — API Gateway's request id (its access log's
/// `$context.requestId`) is the answer's correlation id, the workflow's and the audit
/// record's.
#[tokio::test]
async fn p5_the_correlation_id_is_api_gateways_request_id() {
    let w = world().await;
    let mut request = event(
        "POST",
        &fraga_path(KOMMUN),
        &[("content-type", "application/json")],
        Some(&query_body(SEED_PNR, &["FK:SJP"])),
        Some(&w.kommun_cert),
    );
    let id = "JKJaXmPLvHcESHA=";
    if let Some(lambda_http::request::RequestContext::ApiGatewayV2(ctx)) =
        request.extensions_mut().get_mut()
    {
        ctx.request_id = Some(id.to_owned());
    }
    let (r, record) = audited(&w, request).await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    assert_eq!(header(&r, "x-correlation-id"), Some(id));
    assert_eq!(
        (record.id.as_str(), record.correlation_id.as_str()),
        (id, id)
    );
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
    // Neither certificate is anyone's, so the records name no partner: a stranger cannot
    // write into a partner's audit trail by naming it in the path.
    assert!(audit_outcomes(&w).await.is_empty());
    let records = w.store.audit_records().unwrap();
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .all(|r| r.partner.is_none() && matches!(r.outcome, Outcome::Refused { .. }))
    );
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

// ---------------------------------------------------------------------------------------
// P5 at the edge: every request to a partner endpoint leaves exactly one audit record.

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The keyed hash the audit must carry for a person: never the number itself.
fn subject_hash(pnr: &str) -> String {
    Protector::development()
        .protect(&Personnummer::parse(pnr, today()).unwrap())
        .hash
}

fn xml_fraga(aktor: Option<&str>, frage_id: Option<&str>, pnr: &str, codes: &[&str]) -> String {
    let kod: String = codes.iter().map(|c| format!("<Kod>{c}</Kod>")).collect();
    format!(
        "<Fraga xmlns=\"urn:se:forsakringskassan:lefi-online:1\">{}{}<Personnummer>{pnr}</Personnummer>\
         <Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period>\
         <Formansinformation>{kod}</Formansinformation></Fraga>",
        frage_id
            .map(|id| format!("<FrageId>{id}</FrageId>"))
            .unwrap_or_default(),
        aktor
            .map(|a| format!("<AktorsId>{a}</AktorsId>"))
            .unwrap_or_default(),
    )
}

fn ssek_envelope(sender: &str, receiver: &str, tx: &str, fraga: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ssek=\"http://schemas.ssek.org/ssek/2006-05-10/\"><soap:Header>\
         <ssek:SSEK soap:mustUnderstand=\"1\"><ssek:SenderId>{sender}</ssek:SenderId>\
         <ssek:ReceiverId>{receiver}</ssek:ReceiverId><ssek:TxId>{tx}</ssek:TxId></ssek:SSEK>\
         </soap:Header><soap:Body>{fraga}</soap:Body></soap:Envelope>"
    )
}

fn xml_post(path: &str, content_type: &str, body: &str, cert: Option<&str>) -> Request {
    event(
        "POST",
        path,
        &[("content-type", content_type)],
        Some(body),
        cert,
    )
}

fn v9_post(aktor: &str, body: &str, extra: &[(&str, &str)], cert: Option<&str>) -> Request {
    let mut headers = vec![("content-type", "application/json")];
    headers.extend_from_slice(extra);
    event("POST", &fraga_path(aktor), &headers, Some(body), cert)
}

/// Sends one request and returns its answer and the one audit record it left: the
/// store holds exactly one record more than before, under the answer's correlation id.
async fn audited(w: &World, request: Request) -> (Response<Body>, AuditRecord) {
    let before = w.store.audit_records().unwrap().len();
    let r = handle(&w.gateway, request).await;
    let records = w.store.audit_records().unwrap();
    assert_eq!(
        records.len(),
        before + 1,
        "exactly one audit record for a {} answer: {}",
        r.status(),
        text_of(&r)
    );
    let id = header(&r, "x-correlation-id").unwrap();
    let record = records
        .into_iter()
        .find(|rec| rec.id == id)
        .expect("the new record is this request's (id = correlation id)");
    (r, record)
}

/// What one request must have left in the audit.
#[track_caller]
fn expect(
    what: &str,
    r: &Response<Body>,
    record: &AuditRecord,
    status: u16,
    outcome: impl Fn(&Outcome) -> bool,
    partner: Option<&str>,
    subject: Option<&str>,
) {
    assert_eq!(r.status(), status, "{what}: {}", text_of(r));
    assert!(outcome(&record.outcome), "{what}: {:?}", record.outcome);
    assert_eq!(
        record.partner.as_ref().map(|p| p.0.as_str()),
        partner,
        "{what}: partner"
    );
    assert_eq!(
        record.subject.as_ref().map(|s| s.hash.clone()),
        subject.map(subject_hash),
        "{what}: subject"
    );
    assert_eq!(record.correlation_id, record.id, "{what}");
    let stored = serde_json::to_string(record).unwrap();
    assert!(
        !stored.contains(SEED_PNR) && !stored.contains(&SEED_PNR[2..]),
        "{what}: a personnummer in clear in the audit"
    );
}

fn invalid(codes: &'static [&'static str]) -> impl Fn(&Outcome) -> bool {
    move |o| matches!(o, Outcome::Invalid { codes: c } if c == codes)
}

fn not_served(code: &'static str) -> impl Fn(&Outcome) -> bool {
    move |o| matches!(o, Outcome::NotServed { code: c } if c == code)
}

fn refused(o: &Outcome) -> bool {
    matches!(o, Outcome::Refused { .. })
}

fn failed(o: &Outcome) -> bool {
    matches!(o, Outcome::Failed { .. })
}

#[tokio::test]
async fn p5_every_kind_of_request_leaves_exactly_one_audit_record() {
    let w = world().await;
    let kommun = Some(w.kommun_cert.as_str());
    let supplier = Some(w.supplier_cert.as_str());
    let sjp = query_body(SEED_PNR, &["FK:SJP"]);
    let seed = Some(SEED_PNR);

    // Answered, in each channel.
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect(
        "v9 answered",
        &r,
        &rec,
        200,
        |o| *o == Outcome::Answered,
        Some(KOMMUN),
        seed,
    );
    let xml = xml_fraga(Some(KOMMUN), None, SEED_PNR, &["FK:SJP"]);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::XML_PATH, "application/xml", &xml, kommun),
    )
    .await;
    expect(
        "xml answered",
        &r,
        &rec,
        200,
        |o| *o == Outcome::Answered,
        Some(KOMMUN),
        seed,
    );
    let envelope = ssek_envelope("2120000142", "2021005521", "tx-1", &xml);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &envelope, kommun),
    )
    .await;
    expect(
        "ssek answered",
        &r,
        &rec,
        200,
        |o| *o == Outcome::Answered,
        Some(KOMMUN),
        seed,
    );

    // Refused at each stage of admission.
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], None)).await;
    expect("no certificate", &r, &rec, 403, refused, None, None);
    assert_eq!(rec.caller, "okänt-certifikat");
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], Some(&w.unknown_cert))).await;
    expect("unknown certificate", &r, &rec, 403, refused, None, None);
    // Until a certificate maps to a caller the record names the certificate; after, the
    // caller, as the workflow's records do.
    assert!(rec.caller.starts_with("cert:"), "{}", rec.caller);
    let (r, rec) = audited(&w, v9_post("kommun-2", &sjp, &[], kommun)).await;
    expect(
        "a partner the caller does not represent",
        &r,
        &rec,
        403,
        refused,
        Some("kommun-2"),
        None,
    );
    assert_eq!(rec.caller, "exempelkommunen");
    let unnamed = xml_fraga(None, None, SEED_PNR, &["FK:SJP"]);
    let (r, rec) = audited(
        &w,
        xml_post(
            lefi_gateway::XML_PATH,
            "application/xml",
            &unnamed,
            supplier,
        ),
    )
    .await;
    expect(
        "no AktorsId from a caller of several",
        &r,
        &rec,
        403,
        refused,
        None,
        None,
    );
    let (r, rec) = audited(&w, v9_post(NO_AGREEMENT, &sjp, &[], supplier)).await;
    expect(
        "no agreement",
        &r,
        &rec,
        403,
        refused,
        Some(NO_AGREEMENT),
        None,
    );
    let (r, rec) = audited(&w, v9_post(EXPIRED, &sjp, &[], supplier)).await;
    expect(
        "expired agreement",
        &r,
        &rec,
        403,
        refused,
        Some(EXPIRED),
        None,
    );
    *w.clock.0.lock().unwrap() = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap();
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect(
        "closed",
        &r,
        &rec,
        503,
        not_served("SERVICE_CLOSED"),
        Some(KOMMUN),
        None,
    );
    *w.clock.0.lock().unwrap() = open_instant();

    // Documents that cannot be read.
    let (r, rec) = audited(&w, v9_post(KOMMUN, "{\"personnummer\": ", &[], kommun)).await;
    expect(
        "malformed JSON",
        &r,
        &rec,
        400,
        invalid(&["JSON_FORMAT"]),
        Some(KOMMUN),
        None,
    );
    let (r, rec) = audited(&w, v9_post(KOMMUN, &"x".repeat(70 * 1024), &[], kommun)).await;
    expect(
        "too large",
        &r,
        &rec,
        413,
        invalid(&["PAYLOAD_TOO_LARGE"]),
        Some(KOMMUN),
        None,
    );
    let (r, rec) = audited(
        &w,
        xml_post(&fraga_path(KOMMUN), "text/plain", "hej", kommun),
    )
    .await;
    expect(
        "wrong media type",
        &r,
        &rec,
        415,
        invalid(&["UNSUPPORTED_MEDIA_TYPE"]),
        Some(KOMMUN),
        None,
    );
    let (r, rec) = audited(
        &w,
        v9_post(KOMMUN, &sjp, &[("idempotency-key", "två ord")], kommun),
    )
    .await;
    expect(
        "query id out of format",
        &r,
        &rec,
        400,
        invalid(&["QUERY_ID_FORMAT"]),
        Some(KOMMUN),
        None,
    );
    let unordered = xml.replace(
        "<From>2025-01-01</From><Tom>2025-12-31</Tom>",
        "<Tom>2025-12-31</Tom><From>2025-01-01</From>",
    );
    let (r, rec) = audited(
        &w,
        xml_post(
            lefi_gateway::XML_PATH,
            "application/xml",
            &unordered,
            kommun,
        ),
    )
    .await;
    expect(
        "XML schema violation",
        &r,
        &rec,
        400,
        |o| matches!(o, Outcome::Invalid { codes } if !codes.is_empty() && codes.iter().all(|c| c == "XML_SCHEMA")),
        Some(KOMMUN),
        None,
    );

    // V-rules: the workflow audits them, and the edge writes no second record.
    let bad = query_body("195001019421", &["FK:SJP"]);
    let (r, rec) = audited(&w, v9_post(KOMMUN, &bad, &[], kommun)).await;
    expect(
        "V-rule violation",
        &r,
        &rec,
        400,
        invalid(&["PNR_CHECKSUM"]),
        Some(KOMMUN),
        None,
    );

    // SSEK: envelope faults and the header checks.
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", "<inte-soap/>", kommun),
    )
    .await;
    expect(
        "not a SOAP envelope",
        &r,
        &rec,
        500,
        invalid(&["SOAP_VERSION_MISMATCH"]),
        Some(KOMMUN),
        None,
    );
    let headerless = envelope.replace(
        &envelope[envelope.find("<soap:Header>").unwrap()..envelope.find("<soap:Body>").unwrap()],
        "",
    );
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &headerless, kommun),
    )
    .await;
    expect(
        "no ssek header",
        &r,
        &rec,
        500,
        invalid(&["SSEK_ENVELOPE"]),
        Some(KOMMUN),
        None,
    );
    assert!(text_of(&r).contains("soap:Client"), "{}", text_of(&r));
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "application/json", "{}", kommun),
    )
    .await;
    expect(
        "ssek media type",
        &r,
        &rec,
        500,
        invalid(&["UNSUPPORTED_MEDIA_TYPE"]),
        Some(KOMMUN),
        None,
    );
    let ssek_schema = ssek_envelope("2120000142", "2021005521", "tx-9", &unordered);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &ssek_schema, kommun),
    )
    .await;
    expect(
        "ssek schema violation",
        &r,
        &rec,
        500,
        |o| matches!(o, Outcome::Invalid { codes } if !codes.is_empty() && codes.iter().all(|c| c == "XML_SCHEMA")),
        Some(KOMMUN),
        None,
    );
    let wrong_receiver = ssek_envelope("2120000142", "5560000000", "tx-2", &xml);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &wrong_receiver, kommun),
    )
    .await;
    expect(
        "ReceiverIdUnknown",
        &r,
        &rec,
        500,
        refused,
        Some(KOMMUN),
        None,
    );
    assert!(text_of(&r).contains("ReceiverIdUnknown"));
    let wrong_sender = ssek_envelope("2021006297", "2021005521", "tx-3", &xml);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &wrong_sender, kommun),
    )
    .await;
    expect(
        "SenderIdUnknown",
        &r,
        &rec,
        500,
        refused,
        Some(KOMMUN),
        None,
    );
    assert!(text_of(&r).contains("SenderIdUnknown"));

    // Query ids: the first answer, a replay of it, the id reused for another query, and
    // a repeat while the first is still being answered.
    let key = [("idempotency-key", "fraga-1")];
    let (first, first_rec) = audited(&w, v9_post(KOMMUN, &sjp, &key, kommun)).await;
    expect(
        "first answer",
        &first,
        &first_rec,
        200,
        |o| *o == Outcome::Answered,
        Some(KOMMUN),
        seed,
    );
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &key, kommun)).await;
    expect(
        "replayed",
        &r,
        &rec,
        200,
        |o| {
            *o == Outcome::Replayed {
                first: first_rec.id.clone(),
            }
        },
        Some(KOMMUN),
        seed,
    );
    let fp = query_body(SEED_PNR, &["FK:FP"]);
    let (r, rec) = audited(&w, v9_post(KOMMUN, &fp, &key, kommun)).await;
    expect(
        "query id reused",
        &r,
        &rec,
        409,
        not_served("CONFLICT"),
        Some(KOMMUN),
        seed,
    );
    let before = w.store.audit_records().unwrap().len();
    w.gate.hold_next.store(true, Ordering::SeqCst);
    let held = [("idempotency-key", "fraga-2")];
    let (first, second) = tokio::join!(
        handle(&w.gateway, v9_post(KOMMUN, &sjp, &held, kommun)),
        async {
            w.gate.entered.notified().await;
            let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &held, kommun)).await;
            w.gate.release.notify_one();
            (r, rec)
        }
    );
    expect(
        "in progress",
        &second.0,
        &second.1,
        409,
        not_served("IN_PROGRESS"),
        Some(KOMMUN),
        seed,
    );
    assert_eq!(first.status(), 200);
    assert_eq!(w.store.audit_records().unwrap().len(), before + 2);

    // Traffic limits: the throttled partner's second query of the day.
    let (r, rec) = audited(&w, v9_post(THROTTLED, &sjp, &[], supplier)).await;
    expect(
        "throttled, first",
        &r,
        &rec,
        200,
        |o| *o == Outcome::Answered,
        Some(THROTTLED),
        seed,
    );
    let (r, rec) = audited(&w, v9_post(THROTTLED, &sjp, &[], supplier)).await;
    expect(
        "rate limited",
        &r,
        &rec,
        429,
        not_served("RATE_LIMITED"),
        Some(THROTTLED),
        seed,
    );

    // What the partner may ask for.
    let available = |aktor: &str| {
        event(
            "GET",
            &format!(
                "/lefi-extern-formansinformation/v9/aktorer/{aktor}/tillgangligaInformationstyper"
            ),
            &[],
            None,
            kommun,
        )
    };
    let (r, rec) = audited(&w, available(KOMMUN)).await;
    expect(
        "tillgangligaInformationstyper",
        &r,
        &rec,
        200,
        |o| *o == Outcome::Listed,
        Some(KOMMUN),
        None,
    );
    let (r, rec) = audited(&w, available("kommun-2")).await;
    expect(
        "tillgangligaInformationstyper refused",
        &r,
        &rec,
        403,
        refused,
        Some("kommun-2"),
        None,
    );

    // Failures inside the service: nothing leaves, and the failure is audited.
    w.faults.limits.store(true, Ordering::SeqCst);
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect(
        "rate-limit store down",
        &r,
        &rec,
        500,
        failed,
        Some(KOMMUN),
        seed,
    );
    w.faults.limits.store(false, Ordering::SeqCst);
    w.faults.directory.store(true, Ordering::SeqCst);
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect("directory down", &r, &rec, 500, failed, None, None);
    w.faults.directory.store(false, Ordering::SeqCst);
    *w.gate.fail.lock().unwrap() = Some(RunError::TimedOut);
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect(
        "workflow timed out",
        &r,
        &rec,
        500,
        failed,
        Some(KOMMUN),
        seed,
    );
    assert!(!text_of(&r).contains(SEED_PNR));
    *w.gate.fail.lock().unwrap() = None;
    // The workflow wrote its record, then failed: the edge adds none, and nothing leaves.
    *w.gate.fail_after.lock().unwrap() = Some(RunError::Failed {
        error: "AuditFailed".into(),
        cause: None,
    });
    let (r, rec) = audited(&w, v9_post(KOMMUN, &sjp, &[], kommun)).await;
    expect(
        "workflow failed after its audit",
        &r,
        &rec,
        500,
        |o| *o == Outcome::Answered,
        Some(KOMMUN),
        seed,
    );
    assert!(!text_of(&r).contains(SEED_PNR));
    *w.gate.fail_after.lock().unwrap() = None;

    // Not audited: unknown paths and methods a path does not serve name no one and carry
    // no query (docs/rules.md), and the public documents.
    let before = w.store.audit_records().unwrap().len();
    for (method, path) in [
        ("GET", "/etc/passwd".to_owned()),
        ("GET", fraga_path(KOMMUN)),
        (
            "POST",
            "/lefi-extern-formansinformation/v9/aktorer//formansinformation/fraga".to_owned(),
        ),
        ("GET", "/openapi.yaml".to_owned()),
        ("GET", "/health".to_owned()),
    ] {
        let r = handle(&w.gateway, event(method, &path, &[], None, kommun)).await;
        assert!(matches!(r.status().as_u16(), 200 | 404 | 405), "{path}");
    }
    assert_eq!(w.store.audit_records().unwrap().len(), before);
}

#[tokio::test]
async fn p5_a_replay_is_audited_as_a_replay_with_what_the_first_answer_delivered() {
    let w = world().await;
    let kommun = Some(w.kommun_cert.as_str());
    let body = query_body(SEED_PNR, &["FK:SJP", "FK:BOB"]);
    let key = [("idempotency-key", "fraga-7")];
    let (first, first_rec) = audited(&w, v9_post(KOMMUN, &body, &key, kommun)).await;
    assert_eq!(first.status(), 200);
    assert!(!first_rec.delivered.is_empty());
    // Later, as the partner asks again within the window.
    *w.clock.0.lock().unwrap() = open_instant() + chrono::TimeDelta::minutes(5);
    let (again, rec) = audited(&w, v9_post(KOMMUN, &body, &key, kommun)).await;
    assert_eq!(text_of(&again), text_of(&first));
    assert_eq!(
        rec.outcome,
        Outcome::Replayed {
            first: first_rec.id.clone()
        }
    );
    assert_ne!(rec.id, first_rec.id);
    assert_eq!(rec.at, open_instant() + chrono::TimeDelta::minutes(5));
    assert_eq!(rec.partner, first_rec.partner);
    assert_eq!(rec.caller, first_rec.caller);
    assert_eq!(rec.channel, first_rec.channel);
    assert_eq!(rec.asked, first_rec.asked);
    assert_eq!(rec.delivered, first_rec.delivered);
    assert_eq!(
        rec.subject.as_ref().map(|s| &s.hash),
        first_rec.subject.as_ref().map(|s| &s.hash)
    );
    // The sealed number opens to the person, for an authorised auditor.
    let sealed = rec.subject.unwrap();
    assert_eq!(
        Protector::development().reveal(&sealed).unwrap().expose(),
        SEED_PNR
    );
}

#[tokio::test]
async fn p5_a_replay_whose_audit_cannot_be_written_is_not_served() {
    let w = world().await;
    let kommun = Some(w.kommun_cert.as_str());
    let body = query_body(SEED_PNR, &["FK:SJP"]);
    let key = [("idempotency-key", "fraga-8")];
    let first = post(&w, KOMMUN, &body, &key, kommun).await;
    assert_eq!(first.status(), 200);
    let records = w.store.audit_records().unwrap().len();
    w.faults.audit.store(true, Ordering::SeqCst);
    let replay = post(&w, KOMMUN, &body, &key, kommun).await;
    assert_eq!(replay.status(), 500);
    assert_eq!(json_of(&replay)["kod"], "INTERNT_FEL");
    assert!(!text_of(&replay).contains(SEED_PNR));
    assert_eq!(header(&replay, "x-lefi-replay"), None);
    assert_eq!(w.store.audit_records().unwrap().len(), records);
    // The kept answer is still there: once the audit can be written it is served, audited.
    w.faults.audit.store(false, Ordering::SeqCst);
    let (again, rec) = audited(&w, v9_post(KOMMUN, &body, &key, kommun)).await;
    assert_eq!(text_of(&again), text_of(&first));
    assert!(matches!(rec.outcome, Outcome::Replayed { .. }));
}

#[tokio::test]
async fn p5_a_refusal_whose_audit_cannot_be_written_is_a_500() {
    let w = world().await;
    w.faults.audit.store(true, Ordering::SeqCst);
    *w.clock.0.lock().unwrap() = Utc.with_ymd_and_hms(2026, 11, 26, 21, 0, 0).unwrap();
    let r = post(
        &w,
        KOMMUN,
        &query_body(SEED_PNR, &["FK:SJP"]),
        &[],
        Some(&w.kommun_cert),
    )
    .await;
    assert_eq!(r.status(), 500);
    assert_eq!(json_of(&r)["kod"], "INTERNT_FEL");
    let r = handle(
        &w.gateway,
        xml_post(
            lefi_gateway::SSEK_PATH,
            "text/xml",
            "<inte-soap/>",
            Some(&w.kommun_cert),
        ),
    )
    .await;
    assert_eq!(r.status(), 500);
    assert!(text_of(&r).contains("soap:Server"), "{}", text_of(&r));
    assert!(w.store.audit_records().unwrap().is_empty());
}

/// Issue 17 item 7: every request is measured once, beside its audit record, under
/// dimensions from closed sets — the channel, the outcome class, the stop's kind — and a
/// record that cannot be written is an `AuditFailClosed`, not a 5xx alone.
#[tokio::test]
async fn item7_every_request_is_measured_once_by_channel_outcome_and_reason() {
    use lefi_metrics::{CHANNEL, Metric, OUTCOME, REASON};
    let w = world().await;
    let kommun = Some(w.kommun_cert.as_str());
    let sjp = query_body(SEED_PNR, &["FK:SJP"]);
    assert_eq!(post(&w, KOMMUN, &sjp, &[], kommun).await.status(), 200);
    assert_eq!(post(&w, KOMMUN, &sjp, &[], None).await.status(), 403);
    assert_eq!(
        post(&w, KOMMUN, "{inte json", &[], kommun).await.status(),
        400
    );
    let xml = xml_fraga(Some(KOMMUN), None, SEED_PNR, &["FK:SJP"]);
    let r = handle(
        &w.gateway,
        xml_post(lefi_gateway::XML_PATH, "application/xml", &xml, kommun),
    )
    .await;
    assert_eq!(r.status(), 200);
    w.faults.audit.store(true, Ordering::SeqCst);
    assert_eq!(post(&w, KOMMUN, &sjp, &[], None).await.status(), 500);

    let m = &w.metrics;
    let v9 = (CHANNEL, "system/v9-json");
    assert_eq!(m.sum(Metric::Queries, &[v9, (OUTCOME, "ANSWERED")]), 1.0);
    assert_eq!(
        m.sum(
            Metric::Queries,
            &[(CHANNEL, "system/xml"), (OUTCOME, "ANSWERED")]
        ),
        1.0
    );
    assert_eq!(m.sum(Metric::Queries, &[(OUTCOME, "REFUSED")]), 1.0);
    assert_eq!(m.sum(Metric::Queries, &[(OUTCOME, "INVALID")]), 1.0);
    assert_eq!(m.sum(Metric::Queries, &[(OUTCOME, "FAILED")]), 1.0);
    assert_eq!(m.sum(Metric::Refusals, &[(REASON, "NoCertificate")]), 1.0);
    assert_eq!(m.sum(Metric::Refusals, &[(REASON, "Unreadable")]), 1.0);
    assert_eq!(m.sum(Metric::AuditFailClosed, &[]), 1.0);
    // Five requests, five measurements: none twice, none missed.
    let outcomes = ["ANSWERED", "REFUSED", "INVALID", "FAILED"];
    let total: f64 = outcomes
        .iter()
        .map(|o| m.sum(Metric::Queries, &[(OUTCOME, o)]))
        .sum();
    assert_eq!(total, 5.0);
    // No personal data, no organisation's number in any series.
    let summary = m.summary().to_string();
    for secret in [SEED_PNR, "2120000142", KOMMUN] {
        assert!(!summary.contains(secret), "{secret} in {summary}");
    }
}

/// A Step Functions endpoint that takes the call and never answers: an execution still
/// running, as the edge sees it.
async fn silent_step_functions() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((conn, _)) = listener.accept().await {
            open.push(conn);
        }
    });
    (url, held)
}

#[tokio::test]
async fn p5_when_the_gateway_gives_up_on_the_workflow_it_audits_once_and_frees_the_query_id() {
    let mut w = world().await;
    let (url, _held) = silent_step_functions().await;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(url)
        .region(aws_config::Region::new("eu-north-1"))
        .credentials_provider(aws_sdk_sfn::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    // The deployed gateway waits LEFI_WORKFLOW_TIMEOUT_MS; here a fraction of a second.
    w.gateway.workflow = Arc::new(
        lefi_workflow::SfnWorkflow::new(
            lefi_workflow::sfn::client(&config),
            "arn:aws:states:eu-north-1:123456789012:stateMachine:lefi-query",
        )
        .with_timeout(Duration::from_millis(300)),
    );
    let kommun = Some(w.kommun_cert.as_str());
    let body = query_body(SEED_PNR, &["FK:SJP"]);
    let key = [("idempotency-key", "fraga-overgiven")];

    // Without a timeout of its own the gateway would wait until Lambda stopped it:
    // no answer, no record, the query id held "in progress" for 15 minutes.
    let (r, rec) = tokio::time::timeout(
        Duration::from_secs(10),
        audited(&w, v9_post(KOMMUN, &body, &key, kommun)),
    )
    .await
    .expect("the gateway gives up on its own");
    expect(
        "the workflow did not answer in time",
        &r,
        &rec,
        500,
        |o| matches!(o, Outcome::Failed { error } if error == "WorkflowAbandoned"),
        Some(KOMMUN),
        Some(SEED_PNR),
    );
    assert!(!text_of(&r).contains(SEED_PNR));

    // The query id is free: the partner's retry runs again (and gives up again), where a
    // held claim would have answered 409.
    let (again, _) = audited(&w, v9_post(KOMMUN, &body, &key, kommun)).await;
    assert_eq!(again.status(), 500, "{}", text_of(&again));

    // The execution left running reaches its Audit step later: the record under its id is
    // the gateway's, so it fails closed — one record, and nothing billed.
    let mut late: QueryInput =
        serde_json::from_value(lefi_workflow::model::example_input(SEED_PNR, &["FK:SJP"])).unwrap();
    late.correlation_id = rec.id.clone();
    let outcome = w.gate.inner.run(&late).await;
    assert!(
        matches!(&outcome, Err(RunError::Failed { error, .. }) if error == "AuditFailed"),
        "{outcome:?}"
    );
    let kept = w.store.get(&rec.id).await.unwrap().unwrap();
    assert_eq!(kept.outcome, rec.outcome, "the gateway's record stands");
    assert!(
        w.store
            .month_totals("2026-11")
            .await
            .unwrap()
            .iter()
            .all(|(_, n)| *n == 0),
        "nothing is billed"
    );
}

// The portal's way through the edge (C2): the same stages and audit point, the person
// in every record, protected.

fn portal_user(pnr: &str) -> lefi_store::PersonRef {
    Protector::development().protect(&Personnummer::parse(pnr, today()).unwrap())
}

/// The one record `run` left, and what it returned.
async fn one_record<T>(w: &World, run: impl std::future::Future<Output = T>) -> (T, AuditRecord) {
    let before = w.store.audit_records().unwrap();
    let out = run.await;
    let after = w.store.audit_records().unwrap();
    assert_eq!(after.len(), before.len() + 1, "exactly one audit record");
    let record = after.into_iter().find(|r| !before.contains(r)).unwrap();
    (out, record)
}

#[tokio::test]
async fn p5_a_portal_query_is_answered_and_its_record_names_the_user_protected() {
    let w = world().await;
    let mut portal = agreement(KOMMUN, &[Benefit::Sjukpenning, Benefit::Barnbidrag], ROOMY);
    portal.channels = [Channel::Portal].into();
    w.store.put_agreement(&portal).await.unwrap();
    let user = portal_user("198112189876");
    let query = lefi_domain::RawQuery::of_benefits(
        SEED_PNR,
        "2025-01-01",
        "2026-11-26",
        &["FK:SJP", "FK:ABB"],
    );
    let (reply, record) = one_record(
        &w,
        lefi_gateway::portal::query(
            &w.gateway,
            lefi_gateway::portal::PortalQuery {
                correlation_id: "portal-1".into(),
                user: user.clone(),
                partner: PartnerId(KOMMUN.into()),
                query,
            },
        ),
    )
    .await;
    let answer = reply.expect("answered");
    assert!(
        answer.v9.uppgifter.formansinformation.is_some(),
        "the benefits asked for"
    );
    assert_eq!(record.id, "portal-1");
    assert_eq!(record.channel, "portal/web");
    assert_eq!(record.caller, lefi_gateway::portal::CALLER);
    assert_eq!(record.user, Some(user), "P5: which user, protected");
    assert_eq!(record.subject.unwrap().hash, subject_hash(SEED_PNR));
    assert_eq!(record.outcome, Outcome::Answered);
}

#[tokio::test]
async fn p1_a_portal_query_under_a_system_only_agreement_is_refused_and_audited() {
    let w = world().await;
    let query =
        lefi_domain::RawQuery::of_benefits(SEED_PNR, "2025-01-01", "2026-11-26", &["FK:SJP"]);
    let user = portal_user("198112189876");
    let (reply, record) = one_record(
        &w,
        lefi_gateway::portal::query(
            &w.gateway,
            lefi_gateway::portal::PortalQuery {
                correlation_id: "portal-2".into(),
                user: user.clone(),
                partner: PartnerId(KOMMUN.into()),
                query,
            },
        ),
    )
    .await;
    assert_eq!(reply.unwrap_err().status, 403);
    assert!(refused(&record.outcome), "{:?}", record.outcome);
    assert_eq!(record.user, Some(user));
}

#[tokio::test]
async fn p2_a_portal_login_is_audited_whether_allowed_or_refused() {
    let w = world().await;
    let user = portal_user("198112189876");
    // No organisation to act for: refused, recorded without a partner.
    let (refusal, record) = one_record(
        &w,
        lefi_gateway::portal::sign_in(&w.gateway, "login-1".into(), user.clone(), None),
    )
    .await;
    assert_eq!(refusal.unwrap_err().status, 403);
    assert!(refused(&record.outcome));
    assert_eq!((record.partner, record.user), (None, Some(user.clone())));
    // An agreement without the portal channel: refused, filed under that partner.
    let (refusal, record) = one_record(
        &w,
        lefi_gateway::portal::sign_in(
            &w.gateway,
            "login-2".into(),
            user.clone(),
            Some(PartnerId(KOMMUN.into())),
        ),
    )
    .await;
    assert_eq!(refusal.unwrap_err().status, 403);
    assert_eq!(record.partner, Some(PartnerId(KOMMUN.into())));
    assert!(refused(&record.outcome));
    // With the portal in the agreement: signed in, recorded.
    let mut with_portal = w
        .store
        .agreement(&PartnerId(KOMMUN.into()))
        .await
        .unwrap()
        .unwrap();
    with_portal.channels.insert(Channel::Portal);
    w.store.put_agreement(&with_portal).await.unwrap();
    let (ok, record) = one_record(
        &w,
        lefi_gateway::portal::sign_in(
            &w.gateway,
            "login-3".into(),
            user.clone(),
            Some(PartnerId(KOMMUN.into())),
        ),
    )
    .await;
    assert_eq!(ok, Ok(()));
    assert_eq!(record.outcome, Outcome::SignedIn);
    assert_eq!(record.user, Some(user));
    // A login whose record cannot be written does not happen.
    w.faults.audit.store(true, Ordering::SeqCst);
    let failed = lefi_gateway::portal::sign_in(
        &w.gateway,
        "login-4".into(),
        portal_user("198112189876"),
        Some(PartnerId(KOMMUN.into())),
    )
    .await;
    assert_eq!(failed.unwrap_err().status, 500);
}

#[tokio::test]
async fn c1_the_wsdl_names_the_configured_address_whatever_host_the_request_claims() {
    let mut w = world().await;
    w.gateway.config.public_url = "https://lefi.api.example.se".into();
    let mut request = event(
        "GET",
        lefi_gateway::SSEK_PATH,
        &[("host", "angripare.example")],
        None,
        None,
    );
    *request.uri_mut() = format!("https://angripare.example{}?wsdl", lefi_gateway::SSEK_PATH)
        .parse()
        .unwrap();
    let response = handle(&w.gateway, request).await;
    assert_eq!(response.status(), 200);
    let wsdl = text_of(&response);
    assert!(
        wsdl.contains(&format!(
            "location=\"https://lefi.api.example.se{}\"",
            lefi_gateway::SSEK_PATH
        )),
        "{wsdl}"
    );
    assert!(
        !wsdl.contains("angripare"),
        "a forged Host header rewrote the WSDL"
    );
}

/// A4: the words a test states, and what the audit must open to.
fn stated() -> lefi_domain::Purpose {
    lefi_domain::Purpose::new(
        Some("Utredning av försörjningsstöd".into()),
        Some("4 kap. 1 § socialtjänstlagen".into()),
        Some("SOC 2026/17".into()),
    )
}

/// The record carries the stated purpose sealed: not in clear anywhere in the stored
/// record, and opening (bound to this record's id) to exactly what was stated.
#[track_caller]
fn holds_purpose_sealed(what: &str, record: &AuditRecord) {
    let sealed = record
        .purpose
        .as_deref()
        .unwrap_or_else(|| panic!("{what}: the record holds the purpose"));
    let stored = serde_json::to_string(record).unwrap();
    assert!(
        !stored.contains("försörjningsstöd") && !stored.contains("SOC 2026"),
        "{what}: sealed, never in clear"
    );
    let opened = Protector::development()
        .open_purpose(sealed, &record.id)
        .unwrap();
    assert_eq!(opened, stated(), "{what}");
}

fn xml_with_purpose(frage_id: Option<&str>) -> String {
    xml_fraga(Some(KOMMUN), frage_id, SEED_PNR, &["FK:SJP"]).replace(
        "</Formansinformation>",
        "</Formansinformation><Syfte>Utredning av försörjningsstöd</Syfte>\
         <RattsligGrund>4 kap. 1 § socialtjänstlagen</RattsligGrund>\
         <Arendereferens>SOC 2026/17</Arendereferens>",
    )
}

fn v9_with_purpose() -> String {
    json!({"personnummer": SEED_PNR, "period": {"from": "2025-01-01", "tom": "2025-12-31"},
           "formansinformation": ["FK:SJP"], "syfte": "Utredning av försörjningsstöd",
           "rattsligGrund": "4 kap. 1 § socialtjänstlagen", "arendereferens": "SOC 2026/17"})
    .to_string()
}

#[tokio::test]
async fn a4_every_channel_audits_the_stated_purpose_sealed() {
    let w = world().await;
    let mut both = agreement(KOMMUN, &[Benefit::Sjukpenning], ROOMY);
    both.channels = [Channel::System, Channel::Portal].into();
    w.store.put_agreement(&both).await.unwrap();
    let kommun = Some(w.kommun_cert.as_str());

    let key = [("idempotency-key", "a4-fraga-1")];
    let (r, rec) = audited(&w, v9_post(KOMMUN, &v9_with_purpose(), &key, kommun)).await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    holds_purpose_sealed("v9 json", &rec);
    // A repeated query id discloses again: its own record carries the purpose too.
    let (r, rec) = audited(&w, v9_post(KOMMUN, &v9_with_purpose(), &key, kommun)).await;
    assert_eq!(r.status(), 200);
    assert!(matches!(rec.outcome, Outcome::Replayed { .. }));
    holds_purpose_sealed("v9 json, replayed", &rec);

    let xml = xml_with_purpose(None);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::XML_PATH, "application/xml", &xml, kommun),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    holds_purpose_sealed("xml", &rec);

    let envelope = ssek_envelope("2120000142", "2021005521", "tx-a4", &xml);
    let (r, rec) = audited(
        &w,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &envelope, kommun),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    holds_purpose_sealed("ssek", &rec);

    let mut query =
        lefi_domain::RawQuery::of_benefits(SEED_PNR, "2025-01-01", "2025-12-31", &["FK:SJP"]);
    query.purpose = stated();
    let (reply, rec) = one_record(
        &w,
        lefi_gateway::portal::query(
            &w.gateway,
            lefi_gateway::portal::PortalQuery {
                correlation_id: "portal-a4".into(),
                user: portal_user("198112189876"),
                partner: PartnerId(KOMMUN.into()),
                query,
            },
        ),
    )
    .await;
    assert!(reply.is_ok());
    holds_purpose_sealed("portal", &rec);

    // A query stating nothing has nothing sealed.
    let (_, rec) = audited(
        &w,
        v9_post(KOMMUN, &query_body(SEED_PNR, &["FK:SJP"]), &[], kommun),
    )
    .await;
    assert_eq!(rec.purpose, None);
}

#[tokio::test]
async fn a4_an_agreement_may_require_them_and_then_a_missing_one_is_400_in_every_channel() {
    let w = world().await;
    let mut strict = agreement(KOMMUN, &[Benefit::Sjukpenning], ROOMY)
        .requiring([PurposeField::Purpose, PurposeField::CaseReference]);
    strict.channels = [Channel::System, Channel::Portal].into();
    w.store.put_agreement(&strict).await.unwrap();
    let kommun = Some(w.kommun_cert.as_str());

    // v9 JSON without them: 400, one entry per missing field, audited as invalid.
    let (r, rec) = audited(
        &w,
        v9_post(KOMMUN, &query_body(SEED_PNR, &["FK:SJP"]), &[], kommun),
    )
    .await;
    assert_eq!(r.status(), 400);
    let fel: Vec<(String, String)> = json_of(&r)["fel"]
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
    assert_eq!(
        fel,
        [
            ("PURPOSE_REQUIRED".to_string(), "syfte".to_string()),
            ("PURPOSE_REQUIRED".to_string(), "arendereferens".to_string()),
        ]
    );
    assert_eq!(
        rec.outcome,
        Outcome::Invalid {
            codes: vec!["PURPOSE_REQUIRED".into(), "PURPOSE_REQUIRED".into()]
        }
    );
    // With them: answered.
    let (r, _) = audited(&w, v9_post(KOMMUN, &v9_with_purpose(), &[], kommun)).await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));

    // XML and SSEK: the same rule, the same code.
    let plain = xml_fraga(Some(KOMMUN), None, SEED_PNR, &["FK:SJP"]);
    let r = handle(
        &w.gateway,
        xml_post(lefi_gateway::XML_PATH, "application/xml", &plain, kommun),
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(text_of(&r).contains("PURPOSE_REQUIRED"), "{}", text_of(&r));
    let r = handle(
        &w.gateway,
        xml_post(
            lefi_gateway::XML_PATH,
            "application/xml",
            &xml_with_purpose(None),
            kommun,
        ),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", text_of(&r));
    let envelope = ssek_envelope("2120000142", "2021005521", "tx-a4-2", &plain);
    let r = handle(
        &w.gateway,
        xml_post(lefi_gateway::SSEK_PATH, "text/xml", &envelope, kommun),
    )
    .await;
    assert!(text_of(&r).contains("PURPOSE_REQUIRED"), "{}", text_of(&r));

    // The portal: the same violations, at the fields.
    let query =
        lefi_domain::RawQuery::of_benefits(SEED_PNR, "2025-01-01", "2025-12-31", &["FK:SJP"]);
    let reply = lefi_gateway::portal::query(
        &w.gateway,
        lefi_gateway::portal::PortalQuery {
            correlation_id: "portal-a4-strict".into(),
            user: portal_user("198112189876"),
            partner: PartnerId(KOMMUN.into()),
            query,
        },
    )
    .await;
    let problem = reply.expect_err("400");
    let shown = format!("{problem:?}");
    assert!(shown.contains("PURPOSE_REQUIRED"), "{shown}");

    // Too long or with a line break: the same 400 whether or not required.
    let body = json!({"personnummer": SEED_PNR, "period": {"from": "2025-01-01", "tom": "2025-12-31"},
        "formansinformation": ["FK:SJP"], "syfte": "x".repeat(201), "arendereferens": "rad\nbrytning"})
    .to_string();
    let r = post(&w, KOMMUN, &body, &[], kommun).await;
    assert_eq!(r.status(), 400);
    let text = text_of(&r);
    assert!(
        text.contains("PURPOSE_TOO_LONG") && text.contains("PURPOSE_CHARACTERS"),
        "{text}"
    );
    assert!(
        !text.contains("xxxxxxxx"),
        "an error never echoes what was sent"
    );
}
