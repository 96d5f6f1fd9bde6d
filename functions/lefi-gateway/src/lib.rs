//! The partner edge (SPEC C1; issue 6): the one Lambda behind API Gateway's HTTP API.
//!
//! For every query, in this order: who is calling (P2, from the verified client
//! certificate) → may it act for the `aktorsId` of the path (P2) → is there an agreement
//! (P1) → is the service open (O4) → is the request readable (V8/V9 for the document
//! itself) → a repeat of an earlier query id (C3: answered from the first answer) → the
//! partner's traffic limits (C3) → the workflow (V1–V9, P1, P3–P5, §3) → the answer in
//! the channel's own format. Whatever stops a query before the workflow is audited here
//! (P5); the workflow audits the rest.
//!
//! [`handle`] never fails and never panics on input: every way in ends in a rendered
//! answer with a Swedish message and a stable code.

pub mod identity;
pub mod query;
pub mod reply;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_domain::opening::OpeningHours;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Agreement, Benefit, Personnummer};
use lefi_store::{
    AuditRecord, Begin, Caller, IdempotencyState, Outcome, PartnerId, Protector, Store, Take,
};
use lefi_workflow::model::QueryOutcome;
use lefi_workflow::{QueryInput, Workflow};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use identity::ClientCertificate;
use query::Flattened;
use reply::{Fel, Problem, Rendered, Reply, codes};

/// The v9 JSON paths (SPEC §5).
pub const V9_PREFIX: &str = "/lefi-extern-formansinformation/v9/aktorer/";
/// Largest query document the edge reads. A real query is well under 2 kB; API Gateway
/// itself stops at 10 MB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

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
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            opening: OpeningHours::new(Vec::new()),
            enforce_opening_hours: true,
            idempotency_window: TimeDelta::minutes(15),
        }
    }
}

/// The edge's dependencies.
pub struct Gateway {
    pub store: Arc<dyn Store>,
    pub workflow: Arc<dyn Workflow>,
    pub protector: Protector,
    pub clock: Arc<dyn Clock>,
    pub config: GatewayConfig,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// One request's facts, gathered once.
struct Call {
    correlation_id: String,
    now: DateTime<Utc>,
    certificate: Result<ClientCertificate, identity::CertificateError>,
}

/// How a query arrived; decides the audit's channel name and the rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    V9Json,
}

impl Protocol {
    fn channel(self) -> &'static str {
        match self {
            Self::V9Json => "system/v9-json",
        }
    }

    fn render(self, reply: &Reply, call: &Call) -> Rendered {
        match self {
            Self::V9Json => reply::render_json(reply, call.now, &call.correlation_id),
        }
    }
}

/// A query as read from its document, before the workflow sees it.
pub struct Incoming {
    pub fraga: ExternFormansinformationFraga,
    /// C3: the caller's query id (`Idempotency-Key` header, XML `FrageId`, SSEK `TxId`).
    pub query_id: Option<String>,
}

impl std::fmt::Debug for Incoming {
    // The query holds a personnummer: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming").finish_non_exhaustive()
    }
}

/// The Lambda's handler: one API Gateway HTTP API request in, one answer out.
pub async fn handle(gw: &Gateway, request: Request) -> Response<Body> {
    let call = Call {
        correlation_id: uuid::Uuid::new_v4().to_string(),
        now: gw.clock.now(),
        certificate: client_certificate(&request),
    };
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let rendered = route(gw, &call, &method, &path, request).await;
    tracing::info!(
        correlation_id = %call.correlation_id,
        method = %method,
        route = route_name(&path),
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

/// A path's shape for logs, with the `aktorsId` left out.
fn route_name(path: &str) -> &'static str {
    match path.strip_prefix(V9_PREFIX) {
        Some(rest) if rest.ends_with("/formansinformation/fraga") => "v9/fraga",
        Some(rest) if rest.ends_with("/tillgangligaInformationstyper") => {
            "v9/tillgangligaInformationstyper"
        }
        _ => "other",
    }
}

async fn route(gw: &Gateway, call: &Call, method: &str, path: &str, request: Request) -> Rendered {
    let json_problem = |p: Problem| reply::render_json(&Err(p), call.now, &call.correlation_id);
    if let Some(rest) = path.strip_prefix(V9_PREFIX) {
        let mut parts = rest.split('/');
        let (Some(aktor), Some(a), b, None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return json_problem(Problem::not_found());
        };
        if aktor.is_empty() {
            return json_problem(Problem::not_found());
        }
        return match (a, b) {
            ("formansinformation", Some("fraga")) => {
                if method != "POST" {
                    return json_problem(Problem::method_not_allowed("POST"));
                }
                let incoming = read_v9_json(&request);
                serve_query(gw, call, Protocol::V9Json, aktor, incoming).await
            }
            ("tillgangligaInformationstyper", None) => {
                if method != "GET" {
                    return json_problem(Problem::method_not_allowed("GET"));
                }
                let reply = available(gw, call, aktor).await;
                reply::render_json(&reply, call.now, &call.correlation_id)
            }
            _ => json_problem(Problem::not_found()),
        };
    }
    match (method, path) {
        // For load balancers and monitors: says nothing about partners or people.
        ("GET", "/health") => Rendered::new(200, "application/json", r#"{"status":"ok"}"#.into()),
        (_, "/health") => json_problem(Problem::method_not_allowed("GET")),
        _ => json_problem(Problem::not_found()),
    }
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

fn body_bytes(request: &Request) -> &[u8] {
    match request.body() {
        Body::Empty => &[],
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => &[],
    }
}

/// The media type of the request, lower-cased, without parameters.
fn media_type(request: &Request) -> String {
    request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn read_v9_json(request: &Request) -> Result<Incoming, Problem> {
    let body = body_bytes(request);
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    let media = media_type(request);
    if media != "application/json" && !media.ends_with("+json") {
        return Err(Problem::new(
            415,
            codes::UNSUPPORTED_MEDIA_TYPE,
            "Frågan ska skickas som JSON (Content-Type: application/json).",
        ));
    }
    let fraga: ExternFormansinformationFraga = serde_json::from_slice(body).map_err(|e| {
        // serde_json's message can quote the input; only its position leaves.
        Problem::invalid(vec![Fel {
            kod: "JSON_FORMAT".into(),
            falt: format!("$ (rad {}, kolumn {})", e.line(), e.column()),
        }])
    })?;
    let query_id = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(Incoming { fraga, query_id })
}

fn too_large() -> Problem {
    Problem::new(
        413,
        codes::PAYLOAD_TOO_LARGE,
        format!("Frågan är för stor: högst {} kB.", MAX_BODY_BYTES / 1024),
    )
}

/// P2: the caller behind the certificate, and that it may act for `aktor`.
async fn caller_for(
    gw: &Gateway,
    call: &Call,
    aktor: &str,
) -> Result<(Caller, PartnerId), Problem> {
    let refused = || {
        Problem::not_authorized(
            "Anroparen är inte behörig att ställa frågor för den angivna aktören.",
        )
    };
    let certificate = call.certificate.as_ref().map_err(|_| refused())?;
    let mut caller = None;
    for key in &certificate.keys {
        match gw.store.caller_by_certificate(key).await {
            Ok(Some(c)) => {
                caller = Some(c);
                break;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
                return Err(Problem::internal());
            }
        }
    }
    let caller = caller.ok_or_else(refused)?;
    let partner = PartnerId(aktor.to_owned());
    if !caller.represents.contains(&partner) {
        return Err(refused());
    }
    Ok((caller, partner))
}

async fn agreement_of(
    gw: &Gateway,
    call: &Call,
    partner: &PartnerId,
) -> Result<Agreement, Problem> {
    match gw.store.agreement(partner).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(Problem::not_authorized(
            "Aktören har inget avtal om LEFI Online.",
        )),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
            Err(Problem::internal())
        }
    }
}

/// O4: `SERVICE_CLOSED` with the next opening, unless enforcement is off.
fn check_open(gw: &Gateway, call: &Call) -> Result<(), Problem> {
    if !gw.config.enforce_opening_hours {
        return Ok(());
    }
    gw.config.opening.check(call.now).map_err(|closed| {
        let next = gw.config.opening.next_opening(call.now);
        let mut p = Problem::new(503, codes::SERVICE_CLOSED, closed.to_string());
        p.next_opening = next;
        match next {
            Some(at) => p.with_retry_after(at, call.now),
            None => p,
        }
    })
}

/// Writes the audit record of a query that stopped before the workflow (P5). If it
/// cannot be written the answer becomes 500: nothing may pass unaudited.
#[allow(clippy::too_many_arguments)]
async fn audit_stop(
    gw: &Gateway,
    call: &Call,
    protocol: Protocol,
    caller: &str,
    partner: Option<&PartnerId>,
    subject: Option<&Personnummer>,
    asked: Vec<String>,
    problem: Problem,
) -> Problem {
    let outcome = match problem.kod {
        codes::NOT_AUTHORIZED => Outcome::Refused {
            reason: problem.meddelande.clone(),
        },
        codes::INVALID_QUERY | codes::PAYLOAD_TOO_LARGE | codes::UNSUPPORTED_MEDIA_TYPE => {
            Outcome::Invalid {
                codes: if problem.fel.is_empty() {
                    vec![problem.kod.to_owned()]
                } else {
                    problem.fel.iter().map(|f| f.kod.clone()).collect()
                },
            }
        }
        codes::INTERNT_FEL => Outcome::Failed {
            error: "directory".into(),
        },
        other => Outcome::NotServed {
            code: other.to_owned(),
        },
    };
    let record = AuditRecord {
        id: call.correlation_id.clone(),
        at: call.now,
        partner: partner.cloned(),
        caller: caller.to_owned(),
        channel: protocol.channel().to_owned(),
        subject: subject.map(|p| gw.protector.protect(p)),
        asked,
        delivered: Vec::new(),
        outcome,
        correlation_id: call.correlation_id.clone(),
    };
    match gw.store.append(&record).await {
        Ok(()) => problem,
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "audit write failed");
            Problem::internal()
        }
    }
}

/// A query, whichever way it came in.
async fn serve_query(
    gw: &Gateway,
    call: &Call,
    protocol: Protocol,
    aktor: &str,
    incoming: Result<Incoming, Problem>,
) -> Rendered {
    let caller_id = call
        .certificate
        .as_ref()
        .map(ClientCertificate::short_id)
        .unwrap_or_else(|_| "okänt-certifikat".into());
    let stop = |partner: Option<PartnerId>, subject: Option<Personnummer>, asked, problem| async move {
        let problem = audit_stop(
            gw,
            call,
            protocol,
            &caller_id,
            partner.as_ref(),
            subject.as_ref(),
            asked,
            problem,
        )
        .await;
        protocol.render(&Err(problem), call)
    };

    let (caller, partner) = match caller_for(gw, call, aktor).await {
        Ok(found) => found,
        Err(p) => return stop(None, None, Vec::new(), p).await,
    };
    let agreement = match agreement_of(gw, call, &partner).await {
        Ok(a) => a,
        Err(p) => return stop(Some(partner), None, Vec::new(), p).await,
    };
    if let Err(p) = check_open(gw, call) {
        return stop(Some(partner), None, Vec::new(), p).await;
    }
    let incoming = match incoming {
        Ok(i) => i,
        Err(p) => return stop(Some(partner), None, Vec::new(), p).await,
    };
    let flat = query::flatten(&incoming.fraga);
    let subject = Personnummer::parse(&flat.query.personnummer, stockholm_date(call.now)).ok();
    let asked = flat.query.benefits.clone();

    // C3: a repeated query id from the same caller gets the first answer.
    let claim = match &incoming.query_id {
        Some(id) => {
            let key = format!("{}|{}|{}|{id}", protocol.channel(), caller.id, partner);
            let fingerprint = hex::encode(Sha256::digest(
                serde_json::to_vec(&incoming.fraga).unwrap_or_default(),
            ));
            let expires = call.now + gw.config.idempotency_window;
            match gw.store.begin(&key, &fingerprint, call.now, expires).await {
                Ok(Begin::Started) => Some(key),
                Ok(Begin::Existing(IdempotencyState::Done { answer })) => {
                    return replay(call, &answer);
                }
                Ok(Begin::Existing(IdempotencyState::InProgress)) => {
                    let p = Problem::new(
                        409,
                        codes::CONFLICT,
                        "En fråga med samma fråge-id besvaras redan. Vänta på svaret.",
                    )
                    .with_retry_after(call.now + TimeDelta::seconds(1), call.now);
                    return protocol.render(&Err(p), call);
                }
                Ok(Begin::Conflict) => {
                    let p = Problem::new(
                        409,
                        codes::CONFLICT,
                        "Fråge-id:t har redan använts för en annan fråga. Använd ett nytt id.",
                    );
                    return stop(Some(partner), subject, asked, p).await;
                }
                Err(e) => {
                    tracing::error!(correlation_id = %call.correlation_id, error = %e, "idempotency store unavailable");
                    return stop(Some(partner), subject, asked, Problem::internal()).await;
                }
            }
        }
        None => None,
    };
    let release = |claim: Option<String>| async move {
        if let Some(key) = claim
            && let Err(e) = gw.store.abandon(&key).await
        {
            tracing::warn!(correlation_id = %call.correlation_id, error = %e, "could not release a query id");
        }
    };

    // C3: the partner's rate and daily limits.
    match gw.store.take(&partner, &agreement.limits, call.now).await {
        Ok(Take::Allowed) => {}
        Ok(Take::RateLimited { retry_at }) => {
            release(claim).await;
            let p = Problem::new(
                429,
                codes::RATE_LIMITED,
                "För många frågor i sekunden enligt avtalet. Vänta och försök igen.",
            )
            .with_retry_after(retry_at, call.now);
            return stop(Some(partner), subject, asked, p).await;
        }
        Ok(Take::DailyLimitReached { retry_at }) => {
            release(claim).await;
            let p = Problem::new(
                429,
                codes::RATE_LIMITED,
                "Dagens antal frågor enligt avtalet är förbrukat. Försök igen i morgon.",
            )
            .with_retry_after(retry_at, call.now);
            return stop(Some(partner), subject, asked, p).await;
        }
        Err(e) => {
            release(claim).await;
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "rate limits unavailable");
            return stop(Some(partner), subject, asked, Problem::internal()).await;
        }
    }

    let input = QueryInput {
        correlation_id: call.correlation_id.clone(),
        received_at: call.now,
        partner: partner.clone(),
        caller: caller.id.clone(),
        channel: protocol.channel().to_owned(),
        query: flat.query.clone(),
        agreement,
    };
    let reply = run(gw, call, &input, &flat).await;
    let rendered = protocol.render(&reply, call);
    if let Some(key) = claim {
        // Only final answers are kept; a failure frees the id for a retry.
        let keep = matches!(rendered.status, 200 | 400 | 403);
        let stored = if keep {
            match serde_json::to_string(&rendered) {
                Ok(text) => gw
                    .store
                    .complete(&key, &text, call.now)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        } else {
            gw.store.abandon(&key).await.map_err(|e| e.to_string())
        };
        if let Err(e) = stored {
            tracing::warn!(correlation_id = %call.correlation_id, error = %e, "could not record the answer of a query id");
        }
    }
    rendered
}

/// The first answer to a query id, as it was delivered.
fn replay(call: &Call, stored: &str) -> Rendered {
    match serde_json::from_str::<Rendered>(stored) {
        Ok(mut r) => {
            r.headers.push(("x-lefi-replay".into(), "true".into()));
            r
        }
        Err(_) => reply::render_json(&Err(Problem::internal()), call.now, &call.correlation_id),
    }
}

/// Runs the workflow and turns its output into a reply.
async fn run(gw: &Gateway, call: &Call, input: &QueryInput, flat: &Flattened) -> Reply {
    match gw.workflow.run(input).await {
        Ok(out) => match out.outcome {
            QueryOutcome::Answered | QueryOutcome::PersonNotFound => {
                out.answer.ok_or_else(Problem::internal)
            }
            QueryOutcome::Invalid => Err(Problem::invalid(
                out.violations
                    .iter()
                    .map(|v| Fel {
                        kod: v.code.clone(),
                        falt: flat.field_name(&v.field),
                    })
                    .collect(),
            )),
            QueryOutcome::NotAuthorized => {
                Err(Problem::not_authorized(out.reason.unwrap_or_else(|| {
                    "Aktörens avtal medger inte frågan.".into()
                })))
            }
            QueryOutcome::Failed => Err(Problem::internal()),
        },
        Err(e) => {
            // The error names the failed step (e.g. AuditFailed); never its input.
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "workflow failed; no data returned");
            Err(Problem::internal())
        }
    }
}

/// `GET …/tillgangligaInformationstyper`: what the caller may ask for, per v9 list.
async fn available(gw: &Gateway, call: &Call, aktor: &str) -> Reply {
    let (_, partner) = caller_for(gw, call, aktor).await?;
    let agreement = agreement_of(gw, call, &partner).await?;
    let today = stockholm_date(call.now);
    agreement
        .check(today, lefi_domain::Channel::System)
        .map_err(|r| Problem::not_authorized(r.to_string()))?;
    Ok(informationstyper(&agreement))
}

/// The v9 summary of an agreement's benefits. Person data (`FK:GEPI`) is always there;
/// payments are listed per benefit group, as v9 asks for them.
pub fn informationstyper(agreement: &Agreement) -> Value {
    use lefi_domain::catalogue::{PERSON_DATA_CODE, V9List};
    let entry = |b: &Benefit| json!({"kod": b.code(), "beskrivning": b.name_sv()});
    let of = |list: V9List| -> Vec<Value> {
        agreement
            .benefits
            .iter()
            .filter(|b| b.v9_list() == list)
            .map(entry)
            .collect()
    };
    let pm = of(V9List::AnsprakOchBeslut);
    let mut ovrig =
        vec![json!({"kod": PERSON_DATA_CODE, "beskrivning": "Generell personinformation"})];
    ovrig.extend(of(V9List::OvrigInformation));
    let payments: Vec<Value> = if agreement.benefits.contains(&Benefit::Utbetalning) {
        agreement
            .benefits
            .iter()
            .filter(|b| {
                matches!(
                    b.v9_list(),
                    V9List::Formansinformation | V9List::AnsprakOchBeslut
                )
            })
            .map(entry)
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "formansinformation": of(V9List::Formansinformation),
        "ansprak": pm,
        "beslut": pm,
        "preliminaraUtbetalningar": [],
        "utbetalningar": payments,
        "ovrigInformation": ovrig,
    })
}
