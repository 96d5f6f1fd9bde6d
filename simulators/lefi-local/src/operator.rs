//! The operator endpoint (A1, A2): the local service keeps its store in memory, so the
//! operator tool (`tools/lefi-admin`) sends its commands here — `POST /operator` with a
//! `lefi_admin::Command` as JSON — and this runs `lefi_admin::run` against the service's
//! own store, keys and clock. Loopback only, HTTPS demanding a client certificate from
//! the development CA, and only the PKI's operator certificate is let in: a partner's
//! certificate gets 403. The operator the audit names is the certificate's subject CN.
//!
//! `GET /metrics`, behind the same certificate, is the service's metrics (issue 17,
//! item 7): what the Lambdas write as EMF lines, tallied here by the same series
//! CloudWatch keeps ([`lefi_metrics::Tally::summary`]).

use std::sync::Arc;

use lambda_http::aws_lambda_events::event::apigw::ApiGatewayV2httpRequestContext;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt as _, Response};
use lefi_admin::remote::{PATH, Refusal};
use lefi_admin::{Command, Ctx};
use lefi_gateway::Clock;
use lefi_gateway::identity::ClientCertificate;
use lefi_store::{Protector, Store};

/// What the endpoint serves with.
pub struct Operator {
    pub store: Arc<dyn Store>,
    pub protector: Protector,
    pub clock: Arc<dyn Clock>,
    /// The audit seal's local key and archive (`audit seal`, `audit verify`).
    pub seal: lefi_seal::Seal,
    /// The one certificate let in: the development PKI's operator certificate.
    pub operator_fingerprint: String,
    /// Every request's and registry call's metrics in this process.
    pub metrics: Arc<lefi_metrics::Tally>,
}

impl std::fmt::Debug for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operator")
            .field("operator_fingerprint", &self.operator_fingerprint)
            .finish_non_exhaustive()
    }
}

fn json(status: u16, body: &impl serde::Serialize) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::Text(serde_json::to_string(body).unwrap_or_default()))
        .unwrap_or_default()
}

fn refuse(status: u16, fel: &str) -> Response<Body> {
    json(
        status,
        &Refusal {
            fel: fel.to_owned(),
        },
    )
}

fn context(request: &Request) -> Option<ApiGatewayV2httpRequestContext> {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => Some(ctx.clone()),
        _ => None,
    }
}

/// The subject's CN in the front's DN form (`C=SE,O=…,CN=…`).
fn common_name(dn: &str) -> Option<String> {
    dn.split(',')
        .find_map(|part| part.trim().strip_prefix("CN="))
        .map(str::to_owned)
}

/// Where the metrics summary is served.
pub const METRICS_PATH: &str = "/metrics";

/// Serves one request.
pub async fn handle(op: &Operator, request: Request) -> Response<Body> {
    let path = request.uri().path();
    let want = if path == METRICS_PATH {
        lambda_http::http::Method::GET
    } else if path == PATH {
        lambda_http::http::Method::POST
    } else {
        return refuse(
            404,
            "okänd adress; operatörskommandon tas emot på /operator, mätvärden på /metrics",
        );
    };
    if request.method() != want {
        return refuse(405, &format!("använd {want}"));
    }
    let cert = context(&request)
        .and_then(|c| c.authentication)
        .and_then(|a| a.client_cert);
    let Some(cert) = cert else {
        return refuse(403, "klientcertifikat saknas");
    };
    let known = cert
        .client_cert_pem
        .as_deref()
        .and_then(|pem| ClientCertificate::from_pem(pem).ok())
        .is_some_and(|c| c.fingerprint == op.operator_fingerprint);
    if !known {
        return refuse(403, "certifikatet är inte operatörens");
    }
    let operator = cert
        .subject_dn
        .as_deref()
        .and_then(common_name)
        .unwrap_or_else(|| "okänd operatör".into());
    if path == METRICS_PATH {
        return json(200, &op.metrics.summary());
    }
    let command: Command = match serde_json::from_slice(request.body().as_ref()) {
        Ok(c) => c,
        // serde's message may quote the body (a partner file with personnummer).
        Err(e) => {
            return refuse(
                400,
                &format!(
                    "kommandot kan inte läsas (rad {}, kolumn {})",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    let ctx = Ctx {
        store: op.store.clone(),
        protector: Some(op.protector.clone()),
        operator: format!("operator:{operator}"),
        now: op.clock.now(),
        seal: Some(op.seal.clone()),
    };
    match lefi_admin::run(command, &ctx).await {
        Ok(out) => json(200, &out),
        Err(e) => {
            tracing::warn!(error = %e, "operatörskommandot misslyckades");
            refuse(422, &e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_the_operator_is_the_subjects_common_name() {
        assert_eq!(
            common_name("C=SE,O=LEFI Online development,CN=LEFI lokal operator").as_deref(),
            Some("LEFI lokal operator")
        );
        assert_eq!(common_name("C=SE,O=x"), None);
    }
}
