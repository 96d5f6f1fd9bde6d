//! The HTTP API: the registries' routes, health, and the admin routes.
//!
//! Request bodies are read as bytes and parsed here, so every rejection has our JSON
//! error body, and no parser message can echo a personnummer back (P5). Logs carry the
//! registry's name, the outcome, the status and the latency — never a number or a
//! customer id.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use lefi_domain::Personnummer;
use lefi_domain::pnr::PnrError;
use lefi_domain::query::ViolationCode;
use lefi_registry::api::{ErrorBody, FetchRequest, PersonRequest};
use lefi_registry_data::PersonAnswer;
use serde::{Deserialize, Serialize};

use crate::faults::{Faults, Plan};
use crate::state::{Admitted, AppState, Outcome, RegistryId};

/// The delay the knobs chose for a call (latency plus jitter), in milliseconds with
/// three decimals. Lets tests check the sampled jitter without timing the wall clock.
pub const DELAY_HEADER: &str = "x-lefi-sim-delay-ms";

/// Every route of the simulator.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/person", post(person))
        .route("/v1/registries", get(list_registries))
        .route("/v1/registries/{code}", post(fetch))
        .route("/health", get(health))
        .route("/admin/state", get(admin_state))
        .route("/admin/faults/{registry}", put(put_faults))
        .route("/admin/reset", post(reset))
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "adressen finns inte".into(),
            )
        })
        .with_state(state)
}

fn error(status: StatusCode, kod: &str, fel: String) -> Response {
    let body = ErrorBody {
        fel,
        kod: kod.to_owned(),
        koder: Vec::new(),
    };
    (status, Json(body)).into_response()
}

async fn person(State(app): State<AppState>, body: Bytes) -> Response {
    serve_call(
        &app,
        RegistryId::Person,
        |Admitted { registers, .. }| {
            let Ok(request) = serde_json::from_slice::<PersonRequest>(&body) else {
                return bad_body(r#"{"personnummer": "ÅÅÅÅMMDDNNNK"}"#);
            };
            match Personnummer::parse(&request.personnummer, registers.as_of()) {
                Ok(number) => {
                    let answer = registers.lookup(&number);
                    let outcome = match answer {
                        PersonAnswer::Found { .. } => Outcome::Ok,
                        PersonAnswer::NotFound => Outcome::NotFound,
                    };
                    (outcome, Json(answer).into_response())
                }
                Err(errors) => (Outcome::BadRequest, invalid_number(&errors)),
            }
        },
    )
    .await
}

fn invalid_number(errors: &[PnrError]) -> Response {
    let codes: Vec<String> = errors
        .iter()
        .map(|e| {
            match e {
                PnrError::Format => ViolationCode::PnrFormat,
                PnrError::Checksum => ViolationCode::PnrChecksum,
                PnrError::Date => ViolationCode::PnrDate,
            }
            .as_str()
            .to_owned()
        })
        .collect();
    let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let body = ErrorBody {
        fel: format!("Ogiltigt personnummer: {}.", reasons.join(", ")),
        kod: codes
            .first()
            .cloned()
            .unwrap_or_else(|| ViolationCode::PnrFormat.as_str().to_owned()),
        koder: codes,
    };
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn bad_body(shape: &str) -> (Outcome, Response) {
    let response = error(
        StatusCode::BAD_REQUEST,
        "REQUEST_FORMAT",
        format!("Begäran ska vara JSON av formen {shape}."),
    );
    (Outcome::BadRequest, response)
}

async fn fetch(State(app): State<AppState>, Path(code): Path<String>, body: Bytes) -> Response {
    let Some(RegistryId::Benefit(benefit)) = RegistryId::parse(&code) else {
        return error(
            StatusCode::NOT_FOUND,
            "UNKNOWN_REGISTRY",
            "Registret finns inte.".into(),
        );
    };
    serve_call(&app, RegistryId::Benefit(benefit), |admitted| {
        let Ok(request) = serde_json::from_slice::<FetchRequest>(&body) else {
            return bad_body(r#"{"kundId": "..."}"#);
        };
        let found = admitted
            .registers
            .fetch(benefit, &request.customer_id, admitted.history);
        match found {
            Some(info) => (Outcome::Ok, Json(info).into_response()),
            None => (
                Outcome::NotFound,
                error(
                    StatusCode::NOT_FOUND,
                    "UNKNOWN_CUSTOMER",
                    "Kund-id:t är okänt för registret.".into(),
                ),
            ),
        }
    })
    .await
}

/// Counts the call, applies the knobs, runs `answer` if the knobs let the call
/// through, counts the outcome and logs it.
async fn serve_call(
    app: &AppState,
    id: RegistryId,
    answer: impl FnOnce(&Admitted) -> (Outcome, Response),
) -> Response {
    let started = Instant::now();
    let admitted = app.admit(id);
    let (outcome, mut response, delay) = match admitted.plan {
        Plan::Outage => (
            Outcome::Outage,
            simulated(
                StatusCode::SERVICE_UNAVAILABLE,
                "REGISTRY_OUTAGE",
                "Registret är inte tillgängligt (simulerat avbrott).",
            ),
            None,
        ),
        Plan::Throttle { retry_after_s } => {
            let mut r = simulated(
                StatusCode::TOO_MANY_REQUESTS,
                "REGISTRY_THROTTLED",
                "För många anrop till registret; försök igen senare (simulerat).",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
            (Outcome::Throttled, r, None)
        }
        Plan::Timeout { hold } => {
            app.record(id, Outcome::Timeout);
            pause(hold).await;
            let r = simulated(
                StatusCode::GATEWAY_TIMEOUT,
                "REGISTRY_TIMEOUT",
                "Registret svarade inte i tid (simulerat).",
            );
            log(id, Outcome::Timeout, r.status(), started);
            return r;
        }
        Plan::Fail { delay } => {
            pause(delay).await;
            let r = simulated(
                StatusCode::INTERNAL_SERVER_ERROR,
                "REGISTRY_ERROR",
                "Internt fel i registret (simulerat).",
            );
            (Outcome::Error, r, Some(delay))
        }
        Plan::Answer { delay } => {
            pause(delay).await;
            let (outcome, r) = answer(&admitted);
            (outcome, r, Some(delay))
        }
    };
    app.record(id, outcome);
    if let Some(delay) = delay
        && let Ok(value) = HeaderValue::from_str(&format!("{:.3}", delay.as_secs_f64() * 1000.0))
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static(DELAY_HEADER), value);
    }
    log(id, outcome, response.status(), started);
    response
}

/// Sleeps for `d`, but not at all for zero: a zero sleep still waits for the timer's
/// next tick (about a millisecond).
async fn pause(d: Duration) {
    if !d.is_zero() {
        tokio::time::sleep(d).await;
    }
}

fn simulated(status: StatusCode, kod: &str, fel: &str) -> Response {
    error(status, kod, fel.to_owned())
}

fn log(id: RegistryId, outcome: Outcome, status: StatusCode, started: Instant) {
    tracing::info!(
        registry = id.name(),
        outcome = outcome.as_str(),
        status = status.as_u16(),
        latency_ms = millis(started.elapsed()),
        "registry call"
    );
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// One entry of `GET /v1/registries`.
#[derive(Debug, Serialize, Deserialize)]
pub struct RegistryEntry {
    pub code: String,
    pub name: String,
}

async fn list_registries() -> Json<Vec<RegistryEntry>> {
    Json(
        RegistryId::all()
            .map(|id| RegistryEntry {
                code: id.name().to_owned(),
                name: id.name_sv().to_owned(),
            })
            .collect(),
    )
}

/// `GET /health`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub population: u64,
    pub seed: u64,
    pub as_of: NaiveDate,
}

async fn health(State(app): State<AppState>) -> Json<Health> {
    let registers = app.registers();
    Json(Health {
        status: "ok".into(),
        population: registers.population().size(),
        seed: registers.population().seed(),
        as_of: registers.as_of(),
    })
}

async fn admin_state(State(app): State<AppState>) -> Response {
    Json(app.view()).into_response()
}

async fn put_faults(
    State(app): State<AppState>,
    Path(registry): Path<String>,
    body: Bytes,
) -> Response {
    let targets: Vec<RegistryId> = if registry == RegistryId::ALL_NAME {
        RegistryId::all().collect()
    } else if let Some(id) = RegistryId::parse(&registry) {
        vec![id]
    } else {
        return error(
            StatusCode::NOT_FOUND,
            "UNKNOWN_REGISTRY",
            "Registret finns inte.".into(),
        );
    };
    let faults: Faults = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "FAULTS_FORMAT",
                format!("Felinställningarna kunde inte läsas: {e}."),
            );
        }
    };
    if let Err(errors) = faults.validate() {
        let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return error(
            StatusCode::BAD_REQUEST,
            "FAULTS_INVALID",
            format!("Ogiltiga felinställningar: {}.", reasons.join("; ")),
        );
    }
    for id in &targets {
        app.set_faults(*id, faults.clone());
    }
    tracing::info!(registry = registry.as_str(), "fault knobs replaced");
    Json(app.view()).into_response()
}

/// `POST /admin/reset`: an empty body, `{}`, or `{"seed": 7}` to re-seed too.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetRequest {
    #[serde(default)]
    seed: Option<u64>,
}

async fn reset(State(app): State<AppState>, body: Bytes) -> Response {
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        ResetRequest::default()
    } else {
        match serde_json::from_slice::<ResetRequest>(&body) {
            Ok(r) => r,
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "REQUEST_FORMAT",
                    format!("Begäran kunde inte läsas: {e}."),
                );
            }
        }
    };
    app.reset(request.seed);
    tracing::info!(reseeded = request.seed.is_some(), "counters reset");
    Json(app.view()).into_response()
}
