//! The partner edge (SPEC C1; issue 6): the one Lambda behind API Gateway's HTTP API.
//!
//! For every query, in this order: who is calling (P2, from the verified client
//! certificate) → may it act for the partner the query is for (P2) → is there an
//! agreement (P1) → is the service open (O4) → is the document readable (V8, and the
//! JSON's syntax) → a repeat of an earlier query id (C3: the first answer again) → the
//! partner's traffic limits (C3) → the workflow (V1–V9, P1, P3–P5, §3) → the answer in
//! the channel's own format ([`channels`]). Whatever stops a query before the workflow
//! is audited here (P5); the workflow audits the rest.
//!
//! [`handle`] never fails and never panics on input: every way in ends in a rendered
//! answer with a Swedish message and a stable code.

pub mod channels;
pub mod identity;
pub mod query;
pub mod reply;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use lefi_contract::ssek::{FaultCode, SsekHeader};
use lefi_domain::opening::OpeningHours;
use lefi_domain::tz::stockholm_date;
use lefi_domain::{Agreement, Personnummer};
use lefi_store::{
    AuditRecord, Begin, Caller, IdempotencyState, Outcome, PartnerId, Protector, Store, Take,
};
use lefi_workflow::model::QueryOutcome;
use lefi_workflow::{QueryInput, Workflow};
use serde_json::Value;

use channels::{Incoming, Protocol};
use identity::ClientCertificate;
use query::Flattened;
use reply::{Fel, Problem, Rendered, Reply, codes};

/// The v9 JSON paths (SPEC §5).
pub const V9_PREFIX: &str = "/lefi-extern-formansinformation/v9/aktorer/";
/// The XML web service (the seed's "Webbservice") and its schema.
pub const XML_PATH: &str = "/lefi-xml/v1/fraga";
pub const XSD_PATH: &str = "/lefi-xml/v1/lefi-online.xsd";
/// SSEK: the endpoint (`?wsdl` gives the WSDL) and the schema the WSDL imports.
pub const SSEK_PATH: &str = "/ssek/v1/lefi";
pub const SSEK_XSD_PATH: &str = "/ssek/v1/lefi-online.xsd";
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

impl Call {
    /// Who asked, for the audit log: the certificate's short id.
    fn caller_id(&self) -> String {
        self.certificate
            .as_ref()
            .map(ClientCertificate::short_id)
            .unwrap_or_else(|_| "okänt-certifikat".into())
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
        Some(_) => "v9/other",
        None => match path {
            XML_PATH => "xml/fraga",
            SSEK_PATH => "ssek",
            XSD_PATH | SSEK_XSD_PATH => "xsd",
            OPENAPI_PATH => "openapi",
            "/health" => "health",
            _ => "other",
        },
    }
}

async fn route(gw: &Gateway, call: &Call, method: &str, path: &str, request: Request) -> Rendered {
    let problem = |p: Problem| reply::render_json(&Err(p), call.now, &call.correlation_id);
    let post_only = || problem(Problem::method_not_allowed("POST"));
    let get_only = |body: Rendered| {
        if method == "GET" {
            body
        } else {
            problem(Problem::method_not_allowed("GET"))
        }
    };
    if let Some(rest) = path.strip_prefix(V9_PREFIX) {
        let mut parts = rest.split('/');
        let (Some(aktor), Some(a), b, None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return problem(Problem::not_found());
        };
        if aktor.is_empty() {
            return problem(Problem::not_found());
        }
        return match (a, b) {
            ("formansinformation", Some("fraga")) if method == "POST" => {
                let incoming = channels::read_v9_json(&request);
                serve_query(gw, call, Protocol::V9Json, Some(aktor), incoming).await
            }
            ("formansinformation", Some("fraga")) => post_only(),
            ("tillgangligaInformationstyper", None) => {
                let reply = available(gw, call, aktor).await;
                get_only(reply::render_json(&reply, call.now, &call.correlation_id))
            }
            _ => problem(Problem::not_found()),
        };
    }
    match path {
        XML_PATH if method == "POST" => {
            let incoming = channels::read_xml(&request);
            serve_query(gw, call, Protocol::Xml, None, incoming).await
        }
        XML_PATH => post_only(),
        SSEK_PATH if method == "GET" && request.uri().query() == Some("wsdl") => {
            Rendered::new(200, "text/xml; charset=utf-8", wsdl(&request))
        }
        SSEK_PATH if method == "POST" => match channels::read_ssek(&request) {
            Ok((header, incoming)) => serve_ssek(gw, call, header, incoming).await,
            Err(fault) => fault,
        },
        SSEK_PATH => post_only(),
        XSD_PATH | SSEK_XSD_PATH => get_only(Rendered::new(
            200,
            "application/xml; charset=utf-8",
            lefi_contract::xml::XSD.to_owned(),
        )),
        OPENAPI_PATH => get_only(Rendered::new(
            200,
            "application/yaml; charset=utf-8",
            lefi_contract::OPENAPI.to_owned(),
        )),
        // For load balancers and monitors: says nothing about partners or people.
        "/health" => get_only(Rendered::new(
            200,
            "application/json",
            r#"{"status":"ok"}"#.into(),
        )),
        _ => problem(Problem::not_found()),
    }
}

/// The WSDL, with the address of the endpoint that served it.
fn wsdl(request: &Request) -> String {
    let host = request
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    lefi_contract::ssek::WSDL.replace(
        lefi_contract::ssek::WSDL_ADDRESS_PLACEHOLDER,
        &format!("https://{host}{SSEK_PATH}"),
    )
}

/// SSEK (C1): the receiver must be this service and the sender the organisation of the
/// client certificate; then the query like any other, its `TxId` as the query id.
async fn serve_ssek(gw: &Gateway, call: &Call, header: SsekHeader, incoming: Incoming) -> Rendered {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let protocol = Protocol::Ssek(header.clone());
    let fault = |code, meddelande: &str| Problem {
        ssek_fault: Some(code),
        ..Problem::not_authorized(meddelande)
    };
    let sender = call
        .certificate
        .as_ref()
        .ok()
        .and_then(|c| c.organisation_number.clone());
    let problem = if digits(&header.receiver_id) != SERVICE_ID {
        Some(fault(
            FaultCode::ReceiverIdUnknown,
            "Mottagaren (ReceiverId) är inte LEFI Online.",
        ))
    } else if sender.is_none() || sender != Some(digits(&header.sender_id)) {
        Some(fault(
            FaultCode::SenderIdUnknown,
            "Avsändaren (SenderId) stämmer inte med klientcertifikatet.",
        ))
    } else {
        None
    };
    match problem {
        Some(p) => {
            let p = audit_stop(gw, call, &protocol, None, None, Vec::new(), p).await;
            protocol.render(&Err(p), call.now, &call.correlation_id)
        }
        None => serve_query(gw, call, protocol, None, Ok(incoming)).await,
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

fn not_represented() -> Problem {
    Problem::not_authorized("Anroparen är inte behörig att ställa frågor för den angivna aktören.")
}

/// P2: the caller behind the certificate.
async fn identify(gw: &Gateway, call: &Call) -> Result<Caller, Problem> {
    let certificate = call.certificate.as_ref().map_err(|_| not_represented())?;
    for key in &certificate.keys {
        match gw.store.caller_by_certificate(key).await {
            Ok(Some(caller)) => return Ok(caller),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(correlation_id = %call.correlation_id, error = %e, "directory unavailable");
                return Err(Problem::internal());
            }
        }
    }
    Err(not_represented())
}

/// P2: the partner the query is for — named by the path (v9) or the document (XML,
/// SSEK), or, when neither names one, the only partner the caller acts for.
fn represent(caller: &Caller, aktor: Option<&str>) -> Result<PartnerId, Problem> {
    let partner = match aktor {
        Some(a) => PartnerId(a.to_owned()),
        None => match caller.represents.iter().collect::<Vec<_>>()[..] {
            [only] => only.clone(),
            _ => {
                return Err(Problem::not_authorized(
                    "Ange AktorsId: anroparen företräder flera aktörer.",
                ));
            }
        },
    };
    if caller.represents.contains(&partner) {
        Ok(partner)
    } else {
        Err(not_represented())
    }
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
async fn audit_stop(
    gw: &Gateway,
    call: &Call,
    protocol: &Protocol,
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
        // Only a store failure stops a query inside the edge.
        codes::INTERNT_FEL => Outcome::Failed {
            error: "store".into(),
        },
        other => Outcome::NotServed {
            code: other.to_owned(),
        },
    };
    let record = AuditRecord {
        id: call.correlation_id.clone(),
        at: call.now,
        partner: partner.cloned(),
        caller: call.caller_id(),
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
    aktor: Option<&str>,
    incoming: Result<Incoming, Problem>,
) -> Rendered {
    let stop = |partner: Option<PartnerId>, subject: Option<Personnummer>, asked, problem| {
        let protocol = &protocol;
        async move {
            let problem = audit_stop(
                gw,
                call,
                protocol,
                partner.as_ref(),
                subject.as_ref(),
                asked,
                problem,
            )
            .await;
            protocol.render(&Err(problem), call.now, &call.correlation_id)
        }
    };

    let caller = match identify(gw, call).await {
        Ok(c) => c,
        Err(p) => return stop(None, None, Vec::new(), p).await,
    };
    let named = aktor.or_else(|| incoming.as_ref().ok().and_then(|i| i.aktors_id.as_deref()));
    let partner = match represent(&caller, named) {
        Ok(p) => p,
        Err(p) => {
            // A document that cannot be read names no partner: for a caller of several
            // partners what is wrong is the document (the caller is known; nothing leaks).
            let p = match (&incoming, named) {
                (Err(document), None) => document.clone(),
                _ => p,
            };
            return stop(named.map(|a| PartnerId(a.to_owned())), None, Vec::new(), p).await;
        }
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
    let flat = query::flatten(&incoming.fraga, !matches!(protocol, Protocol::V9Json));
    let subject = Personnummer::parse(&flat.query.personnummer, stockholm_date(call.now)).ok();
    let asked = flat.asked_codes();

    // C3: a repeated query id from the same caller gets the first answer.
    let claim = match &incoming.query_id {
        Some(id) => {
            let key = format!("{}|{}|{}|{id}", protocol.channel(), caller.id, partner);
            // Keyed: the query holds a personnummer, and the store must not (P5).
            let fingerprint = gw.protector.digest(
                "idempotency",
                &serde_json::to_vec(&incoming.fraga).unwrap_or_default(),
            );
            let expires = call.now + gw.config.idempotency_window;
            match gw.store.begin(&key, &fingerprint, call.now, expires).await {
                Ok(Begin::Started) => Some(key),
                Ok(Begin::Existing(IdempotencyState::Done { answer })) => {
                    return replay(gw, call, &key, &answer);
                }
                Ok(Begin::Existing(IdempotencyState::InProgress)) => {
                    let p = Problem::new(
                        409,
                        codes::CONFLICT,
                        "En fråga med samma fråge-id besvaras redan. Vänta på svaret.",
                    )
                    .with_retry_after(call.now + TimeDelta::seconds(1), call.now);
                    return protocol.render(&Err(p), call.now, &call.correlation_id);
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
    let limited = match gw.store.take(&partner, &agreement.limits, call.now).await {
        Ok(Take::Allowed) => None,
        Ok(Take::RateLimited { retry_at }) => Some(
            Problem::new(
                429,
                codes::RATE_LIMITED,
                "För många frågor i sekunden enligt avtalet. Vänta och försök igen.",
            )
            .with_retry_after(retry_at, call.now),
        ),
        Ok(Take::DailyLimitReached { retry_at }) => Some(
            Problem::new(
                429,
                codes::RATE_LIMITED,
                "Dagens antal frågor enligt avtalet är förbrukat. Försök igen i morgon.",
            )
            .with_retry_after(retry_at, call.now),
        ),
        Err(e) => {
            tracing::error!(correlation_id = %call.correlation_id, error = %e, "rate limits unavailable");
            Some(Problem::internal())
        }
    };
    if let Some(p) = limited {
        release(claim).await;
        return stop(Some(partner), subject, asked, p).await;
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
    let reply = run(gw, call, &protocol, &input, &flat).await;
    let rendered = protocol.render(&reply, call.now, &call.correlation_id);
    if let Some(key) = claim {
        // Only final answers are kept, sealed (they hold personal data) and bound to
        // their key; a failure frees the id for a retry.
        let stored = if matches!(rendered.status, 200 | 400 | 403) {
            match serde_json::to_vec(&rendered) {
                Ok(bytes) => gw
                    .store
                    .complete(&key, &gw.protector.seal(&bytes, key.as_bytes()), call.now)
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

/// The first answer to a query id, as it was delivered. One that cannot be opened (the
/// keys changed within the window) is an internal error: the query is not run twice.
fn replay(gw: &Gateway, call: &Call, key: &str, sealed: &str) -> Rendered {
    let opened = gw
        .protector
        .open(sealed, key.as_bytes())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Rendered>(&bytes).ok());
    match opened {
        Some(mut r) => {
            r.headers.push(("x-lefi-replay".into(), "true".into()));
            r
        }
        None => {
            tracing::error!(correlation_id = %call.correlation_id, "a stored answer could not be opened");
            reply::render_json(&Err(Problem::internal()), call.now, &call.correlation_id)
        }
    }
}

/// Runs the workflow and turns its output into a reply.
async fn run(
    gw: &Gateway,
    call: &Call,
    protocol: &Protocol,
    input: &QueryInput,
    flat: &Flattened,
) -> Reply {
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
                        falt: protocol.field(&flat.field_name(&v.field)),
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
    let caller = identify(gw, call).await?;
    let partner = represent(&caller, Some(aktor))?;
    let agreement = agreement_of(gw, call, &partner).await?;
    let today = stockholm_date(call.now);
    agreement
        .check(today, lefi_domain::Channel::System)
        .map_err(|r| Problem::not_authorized(r.to_string()))?;
    Ok(informationstyper(&agreement))
}

/// The v9 summary of what an agreement lets the partner ask for, from the same tables
/// as the one authorization of a query (`Agreement::askable`).
pub fn informationstyper(agreement: &Agreement) -> Value {
    let summary = lefi_contract::v9::ExternTillgangligaInformationstyper::of(&agreement.askable());
    serde_json::to_value(summary).unwrap_or_default()
}
