//! The partner edge (SPEC C1; issue 6): the one Lambda behind API Gateway's HTTP API.
//!
//! A request is routed (`routing`); one for a partner endpoint goes through the
//! `pipeline` — who is calling (P2, from the verified client certificate) → may it act
//! for the partner the query is for (P2) → is there an agreement (P1) → is the service
//! open (O4) → is the document readable (V8, and the JSON's syntax) → a repeat of an
//! earlier query id (C3: the first answer again) → the partner's traffic limits (C3) →
//! the workflow (V1–V9, P1, P3–P5, §3) — which ends it in an `outcome::Handled`:
//! a stop of one stage, a replay, or an answer the workflow ran and audited. Every
//! ending goes through `audit::finish`, the one audit point (P5), before it is
//! rendered in the channel's own format ([`channels`]).
//!
//! [`handle`] never fails and never panics on input: every way in ends in a rendered
//! answer with a Swedish message and a stable code.

mod admission;
mod answering;
mod audit;
pub mod channels;
pub mod config;
mod idempotency;
pub mod identity;
mod outcome;
mod pipeline;
pub mod portal;
mod refusals;
pub mod reply;
mod routing;
pub mod shs;
pub mod sqs;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use lefi_domain::opening::OpeningHours;
use lefi_metrics::Metrics;
use lefi_store::{Protector, Store};
use lefi_workflow::Workflow;
use tracing::Instrument;

pub use answering::informationstyper;
pub use config::Config;
use identity::ClientCertificate;
pub use refusals::RefusalLimits;
use refusals::Refusals;
use routing::Route;

/// The v9 JSON paths (SPEC §5).
pub const V9_PREFIX: &str = "/lefi-extern-formansinformation/v9/aktorer/";
/// The XML web service (the seed's "Webbservice") and its schema.
pub const XML_PATH: &str = "/lefi-xml/v1/fraga";
pub const XSD_PATH: &str = "/lefi-xml/v1/lefi-online.xsd";
/// SSEK: the endpoint (`?wsdl` gives the WSDL) and the schema the WSDL imports.
pub const SSEK_PATH: &str = "/ssek/v1/lefi";
pub const SSEK_XSD_PATH: &str = "/ssek/v1/lefi-online.xsd";
/// SHS 1.2 (C1): the reception service (RS), where partners post SHS messages.
pub const SHS_RS_PATH: &str = "/shs/rs";
/// SHS 1.2: the delivery service (DS), each partner's mailbox under its address.
pub const SHS_DS_PREFIX: &str = "/shs/ds/";
/// The project's own OpenAPI document.
pub const OPENAPI_PATH: &str = "/openapi.yaml";
/// SSEK `ReceiverId`: Försäkringskassan's organisation number.
pub const SERVICE_ID: &str = "2021005521";

/// The time, from outside: the edge's only clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        std::time::SystemTime::now().into()
    }
}

/// How the edge behaves, read once at start.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub opening: OpeningHours,
    /// O4. Switched off only for local development, and then every answer says so.
    pub enforce_opening_hours: bool,
    /// C3: how long a query id (or SSEK `TxId`) is remembered.
    pub idempotency_window: TimeDelta,
    /// How long a query id is held while its query runs: longer than any function may
    /// run ([`CLAIM_LEASE`]), so a claim still held after it belongs to a holder that
    /// died, and a retry (SQS's redelivery) takes it over.
    pub claim_lease: TimeDelta,
    /// The partners' public base URL (`https://<domain>`): the WSDL names the SSEK
    /// endpoint under it. Configuration, never the request's `Host` header, which a
    /// client could forge.
    pub public_url: String,
    /// Each query's time budget for fetching the person and the benefits (SPEC §3
    /// step 5), carried in the workflow's input.
    pub query_budget: Duration,
    /// How many refused or malformed requests one certificate (or address) may make
    /// before they are answered 429 and audited in a bounded way (issue 17, item 5).
    pub refusal_limits: RefusalLimits,
    /// SHS's mass queries and mailbox (issue 18).
    pub shs: shs::ShsConfig,
}

/// The claim lease: above the longest function timeout of the stack (the SHS worker's,
/// `tests/timeouts.rs` checks it against Terraform).
pub const CLAIM_LEASE: TimeDelta = TimeDelta::minutes(3);

/// The query budget unless configured otherwise (SPEC §3 step 5: "default 3 s").
pub const DEFAULT_QUERY_BUDGET: Duration = Duration::from_secs(3);

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            opening: OpeningHours::new(Vec::new()),
            enforce_opening_hours: true,
            idempotency_window: TimeDelta::minutes(15),
            claim_lease: CLAIM_LEASE,
            public_url: "https://localhost".to_owned(),
            query_budget: DEFAULT_QUERY_BUDGET,
            refusal_limits: RefusalLimits::default(),
            shs: shs::ShsConfig::default(),
        }
    }
}

/// The edge's dependencies, and the one piece of state it keeps between requests: the
/// buckets of refused requests ([`refusals`]).
pub struct Gateway {
    pub store: Arc<dyn Store>,
    pub workflow: Arc<dyn Workflow>,
    pub protector: Protector,
    pub clock: Arc<dyn Clock>,
    pub config: GatewayConfig,
    /// Where each request's metrics go (issue 17, item 7): EMF lines on stdout unless
    /// [`Gateway::with_metrics`] says otherwise.
    pub metrics: Arc<dyn Metrics>,
    /// Where asynchronous SHS messages' queries wait ([`shs::Queue`]); none: the
    /// reception takes only synchronous messages.
    pub shs_queue: Option<Arc<dyn shs::Queue>>,
    refusals: Refusals,
}

impl Gateway {
    pub fn new(
        store: Arc<dyn Store>,
        workflow: Arc<dyn Workflow>,
        protector: Protector,
        clock: Arc<dyn Clock>,
        config: GatewayConfig,
    ) -> Self {
        Self {
            refusals: Refusals::new(config.refusal_limits),
            store,
            workflow,
            protector,
            clock,
            config,
            metrics: Arc::new(lefi_metrics::Emf),
            shs_queue: None,
        }
    }

    /// The same edge, taking asynchronous SHS messages onto `queue`.
    #[must_use]
    pub fn with_shs_queue(mut self, queue: Arc<dyn shs::Queue>) -> Self {
        self.shs_queue = Some(queue);
        self
    }

    /// The same edge, its metrics going to `metrics` (lefi-local's tally, a test's).
    #[must_use]
    pub fn with_metrics(mut self, metrics: Arc<dyn Metrics>) -> Self {
        self.metrics = metrics;
        self
    }
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// One request's facts, gathered once.
#[derive(Debug)]
struct Call {
    correlation_id: String,
    now: DateTime<Utc>,
    /// When the edge got the request, on the monotonic clock: its `Latency` metric.
    started: std::time::Instant,
    certificate: Result<ClientCertificate, identity::CertificateError>,
    /// The client's address as API Gateway saw it: whose refusals count when there is
    /// no certificate.
    source: Option<String>,
    /// Waits for the partner's rate instead of answering `RATE_LIMITED` (C3): an SHS mass
    /// query's worker, never a caller waiting on the line.
    patient: bool,
}

impl Call {
    /// Whose bucket a refused request takes from: its certificate, else its address;
    /// none for the portal, whose requests come from logged-in people (its sessions and
    /// the partners' traffic limits bound them).
    fn refusal_key(&self) -> Option<String> {
        match (&self.certificate, &self.source) {
            (Ok(cert), _) => Some(format!("cert:{}", cert.short_id())),
            (Err(_), Some(ip)) => Some(format!("ip:{ip}")),
            (Err(_), None) => None,
        }
    }

    /// The organisation number the client certificate names, if it names one.
    fn organisation_number(&self) -> Option<&str> {
        self.certificate
            .as_ref()
            .ok()
            .and_then(|c| c.organisation_number.as_deref())
    }

    /// Who asked, for the audit log: the certificate's short id.
    fn caller_id(&self) -> String {
        self.certificate
            .as_ref()
            .map(ClientCertificate::short_id)
            .unwrap_or_else(|_| "okänt-certifikat".into())
    }
}

/// The Lambda's handler: one API Gateway HTTP API request in, one answer out. Every log
/// line of the request carries its correlation id (the `request` span), which the
/// workflow's input, every step's logs and the audit record carry too.
pub async fn handle(gw: &Gateway, request: Request) -> Response<Body> {
    let correlation_id = correlation_id(&request);
    let span = tracing::info_span!("request", correlation_id = %correlation_id);
    handle_call(gw, request, correlation_id)
        .instrument(span)
        .await
}

/// The request's correlation id: API Gateway's request id (`requestContext.requestId`,
/// the `$context.requestId` of its access log and the `apigw-requestid` header), so one
/// id follows a query from the edge's access log to the audit record; a fresh UUID only
/// where there is none (a request built by hand).
pub fn correlation_id(request: &Request) -> String {
    let from_api_gateway = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.request_id.clone(),
        _ => None,
    };
    from_api_gateway
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

async fn handle_call(gw: &Gateway, request: Request, correlation_id: String) -> Response<Body> {
    let call = Call {
        correlation_id,
        now: gw.clock.now(),
        started: std::time::Instant::now(),
        certificate: client_certificate(&request),
        source: match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(ctx)) => ctx.http.source_ip.clone(),
            _ => None,
        },
        patient: false,
    };
    let rendered = match routing::route(&request, &gw.config.public_url) {
        // The one way a partner endpoint is answered: its ending, audited.
        Route::Partner(endpoint) => {
            let handled = pipeline::serve(gw, &call, endpoint, &request).await;
            audit::finish(gw, &call, handled).await
        }
        Route::Public(rendered) => rendered,
        Route::Unrouted(problem) => {
            reply::render_json(&Err(problem), call.now, &call.correlation_id)
        }
    };
    tracing::info!(
        correlation_id = %call.correlation_id,
        method = %request.method(),
        route = routing::route_name(request.uri().path()),
        status = rendered.status,
        "answered"
    );
    let mut extra = vec![("x-correlation-id", call.correlation_id.clone())];
    if !gw.config.enforce_opening_hours {
        extra.push((
            "x-lefi-opening-hours",
            "not-enforced (local development)".into(),
        ));
    }
    rendered.into_response(&extra)
}

/// The client certificate API Gateway verified (`requestContext.authentication`).
fn client_certificate(request: &Request) -> Result<ClientCertificate, identity::CertificateError> {
    let pem = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authentication
            .as_ref()
            .and_then(|a| a.client_cert.as_ref())
            .and_then(|c| c.client_cert_pem.clone()),
        _ => None,
    };
    ClientCertificate::from_pem(&pem.ok_or(identity::CertificateError::Missing)?)
}
