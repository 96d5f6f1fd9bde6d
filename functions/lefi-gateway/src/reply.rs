//! What the edge answers, before a channel renders it: the v9 answer, or a problem
//! with its HTTP status and the codes of SPEC §6.

use chrono::{DateTime, Utc};
use lambda_http::{Body, Response};
use lefi_contract::answer::Answer;
use serde_json::{Value, json};

/// Stable codes of the error body's additive `kod` field (SPEC §6), defined once.
pub use lefi_contract::codes;

/// How long a partner is asked to wait when the person register could not answer: long
/// enough for a register that is restarting, short enough that a case officer waits.
pub const PERSON_REGISTER_RETRY_AFTER_S: i64 = 30;

/// One failed rule: its code and the field of the request it concerns (V9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fel {
    pub kod: String,
    pub falt: String,
}

/// Anything but a 200. Its message never repeats what was sent: the request may hold a
/// personnummer or an organisation number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub status: u16,
    pub kod: &'static str,
    pub meddelande: String,
    pub fel: Vec<Fel>,
    pub next_opening: Option<DateTime<Utc>>,
    pub retry_after_s: Option<i64>,
    pub allow: Option<&'static str>,
    /// The SSEK fault code, when SSEK has its own for this problem.
    pub ssek_fault: Option<lefi_contract::ssek::FaultCode>,
    /// The SHS error code (`X-shs-errorcode`), for a message SHS itself refuses.
    pub shs_error: Option<lefi_contract::shs::ErrorCode>,
}

impl Problem {
    pub fn new(status: u16, kod: &'static str, meddelande: impl Into<String>) -> Self {
        Self {
            status,
            kod,
            meddelande: meddelande.into(),
            fel: Vec::new(),
            next_opening: None,
            retry_after_s: None,
            allow: None,
            ssek_fault: None,
            shs_error: None,
        }
    }

    pub fn invalid(fel: Vec<Fel>) -> Self {
        Self {
            fel,
            ..Self::new(
                400,
                codes::INVALID_QUERY,
                "Frågan är felaktig. Rätta uppgifterna i fälten som anges och skicka igen.",
            )
        }
    }

    pub fn not_authorized(meddelande: impl Into<String>) -> Self {
        Self::new(403, codes::NOT_AUTHORIZED, meddelande)
    }

    pub fn internal() -> Self {
        Self::new(
            500,
            codes::INTERNT_FEL,
            "Ett internt fel uppstod. Inga uppgifter lämnades ut. Försök igen senare.",
        )
    }

    /// The person register could not answer (SPEC §3 step 5): nothing can be given now,
    /// ask again in a while.
    pub fn unavailable() -> Self {
        Self {
            retry_after_s: Some(PERSON_REGISTER_RETRY_AFTER_S),
            ..Self::new(
                503,
                codes::TEMPORARILY_UNAVAILABLE,
                "Personuppgifterna kan inte hämtas just nu. Inga uppgifter lämnades ut. \
                 Försök igen om en stund.",
            )
        }
    }

    pub fn not_found() -> Self {
        Self::new(404, codes::NOT_FOUND, "Adressen finns inte i LEFI Online.")
    }

    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(
                405,
                codes::METHOD_NOT_ALLOWED,
                format!("Metoden stöds inte här. Tillåtet: {allow}."),
            )
        }
    }

    pub fn with_retry_after(mut self, at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        // Whole seconds, rounded up, at least one: a client that waits exactly this long
        // must not be turned away again.
        let ms = (at - now).num_milliseconds().max(1);
        self.retry_after_s = Some((ms + 999) / 1000);
        self
    }

    /// The v9 `LefiFelsvar` with our additive fields.
    pub fn felsvar(&self, now: DateTime<Utc>, correlation_id: &str) -> Value {
        let mut body = json!({
            "meddelande": self.meddelande,
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
            "kod": self.kod,
            "korrelationsId": correlation_id,
        });
        if !self.fel.is_empty() {
            body["fel"] = self
                .fel
                .iter()
                .map(|f| json!({"kod": f.kod, "falt": f.falt}))
                .collect();
        }
        if let Some(next) = self.next_opening {
            body["nastaOppning"] = json!(next.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        }
        body
    }
}

/// What the workflow (or the edge itself) decided: the typed answer, or a problem.
pub type Reply = Result<Answer, Problem>;

/// A rendered HTTP answer, as a channel produced it; also what the idempotency record
/// keeps, so a repeat gets the very same bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    pub status: u16,
    pub content_type: String,
    pub body: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

impl Rendered {
    pub fn new(status: u16, content_type: &str, body: String) -> Self {
        Self {
            status,
            content_type: content_type.to_owned(),
            body,
            headers: Vec::new(),
        }
    }

    /// Adds `Retry-After` and `Allow` from the problem, when it has them.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn with_problem_headers(mut self, problem: Option<&Problem>) -> Self {
        if let Some(p) = problem {
            if let Some(s) = p.retry_after_s {
                self.headers.push(("retry-after".into(), s.to_string()));
            }
            if let Some(allow) = p.allow {
                self.headers.push(("allow".into(), allow.into()));
            }
        }
        self
    }

    pub fn into_response(self, extra: &[(&str, String)]) -> Response<Body> {
        let mut builder = Response::builder()
            .status(self.status)
            .header("content-type", self.content_type)
            // Answers carry personal data: no cache anywhere may keep them (S2).
            .header("cache-control", "no-store");
        for (name, value) in self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v))
            .chain(extra.iter().map(|(n, v)| (*n, v)))
        {
            builder = builder.header(name, value.as_str());
        }
        builder
            .body(Body::Text(self.body))
            .unwrap_or_else(|_| Response::new(Body::Empty))
    }
}

/// A 200 in JSON: the body's own serde form.
pub fn json_body<T: serde::Serialize>(body: &T) -> Rendered {
    match serde_json::to_string(body) {
        Ok(text) => Rendered::new(200, "application/json", text),
        Err(_) => Rendered::new(500, "application/json", "{}".into()),
    }
}

/// The JSON channel: the answer as is, problems as `LefiFelsvar`.
pub fn render_json(reply: &Reply, now: DateTime<Utc>, correlation_id: &str) -> Rendered {
    match reply {
        Ok(answer) => json_body(answer),
        Err(p) => Rendered::new(
            p.status,
            "application/json",
            p.felsvar(now, correlation_id).to_string(),
        )
        .with_problem_headers(Some(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        let p = Problem::new(429, codes::RATE_LIMITED, "x")
            .with_retry_after(now + chrono::TimeDelta::milliseconds(1200), now);
        assert_eq!(p.retry_after_s, Some(2));
        let p = Problem::new(429, codes::RATE_LIMITED, "x").with_retry_after(now, now);
        assert_eq!(p.retry_after_s, Some(1));
    }

    #[test]
    fn the_error_body_is_v9_felsvar_plus_additive_fields() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
        let mut p = Problem::invalid(vec![Fel {
            kod: "PNR_CHECKSUM".into(),
            falt: "personnummer".into(),
        }]);
        p.next_opening = Some(now);
        let body = p.felsvar(now, "c-1");
        let felsvar: lefi_contract::v9::Felsvar = serde_json::from_value(body.clone()).unwrap();
        assert!(felsvar.meddelande.is_some() && felsvar.timestamp.is_some());
        assert_eq!(body["kod"], "INVALID_QUERY");
        assert_eq!(body["fel"][0]["falt"], "personnummer");
        assert_eq!(body["nastaOppning"], "2026-11-26T10:00:00Z");
    }
}
