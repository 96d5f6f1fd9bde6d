//! Three ways in, one meaning (SPEC C1): each channel reads its document into the v9
//! query and renders the one reply in its own format — v9 JSON (`LefiFelsvar` for
//! problems), the XML web service (`Svar` / `Felsvar` of the published XSD) and SSEK
//! (SOAP 1.1; problems as faults with the `Felsvar` in `detail`).

use chrono::{DateTime, Utc};
use lambda_http::{Body, Request};
use lefi_contract::ssek::{self, FaultCode, SoapFault, SsekHeader};
use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_contract::xml::{self, XmlError};

use crate::reply::{self, Fel, Problem, Rendered, Reply, codes};

/// Largest query document the edge reads. A real query is well under 2 kB; API Gateway
/// itself stops at 10 MB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How a query arrived: the audit's channel name and the rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    V9Json,
    Xml,
    Ssek(SsekHeader),
}

/// A query as read from its document, before the workflow sees it.
pub struct Incoming {
    pub fraga: ExternFormansinformationFraga,
    /// C3: the caller's query id (`Idempotency-Key` header, XML `FrageId`, SSEK `TxId`).
    pub query_id: Option<String>,
    /// The partner the query is for, when the document names it (XML `AktorsId`).
    pub aktors_id: Option<String>,
}

impl std::fmt::Debug for Incoming {
    // The query holds a personnummer: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming").finish_non_exhaustive()
    }
}

impl Protocol {
    pub fn channel(&self) -> &'static str {
        match self {
            Self::V9Json => "system/v9-json",
            Self::Xml => "system/xml",
            Self::Ssek(_) => "system/ssek",
        }
    }

    /// The name of a v9 field in this channel's own document.
    pub fn field(&self, v9: &str) -> String {
        match self {
            Self::V9Json => v9.to_owned(),
            Self::Xml | Self::Ssek(_) => xml_field(v9),
        }
    }

    pub fn render(&self, reply: &Reply, now: DateTime<Utc>, correlation_id: &str) -> Rendered {
        match (self, reply) {
            (Self::V9Json, _) => reply::render_json(reply, now, correlation_id),
            (Self::Xml, Ok(answer)) => {
                Rendered::new(200, xml::CONTENT_TYPE, xml::render_answer(answer))
            }
            (Self::Xml, Err(p)) => Rendered::new(
                p.status,
                xml::CONTENT_TYPE,
                xml::render_error(&p.felsvar(now, correlation_id)),
            )
            .with_problem_headers(Some(p)),
            (Self::Ssek(header), Ok(answer)) => Rendered::new(
                200,
                ssek::CONTENT_TYPE,
                ssek::render_response(header, answer),
            ),
            (Self::Ssek(header), Err(p)) => {
                let code = match (p.ssek_fault, p.status) {
                    (Some(code), _) => code,
                    (None, 500..) => FaultCode::Server,
                    (None, _) => FaultCode::Client,
                };
                let fault = SoapFault::new(code, p.meddelande.clone())
                    .with_felsvar(p.felsvar(now, correlation_id));
                Rendered::new(
                    fault.http_status(),
                    ssek::CONTENT_TYPE,
                    ssek::render_fault(&fault, Some(header)),
                )
                .with_problem_headers(Some(p))
            }
        }
    }
}

/// `personnummer` → `/Fraga/Personnummer`, `ansprak[1]` → `/Fraga/Ansprak/Kod[2]`.
fn xml_field(v9: &str) -> String {
    let element = |name: &str| -> String {
        let mut chars = name.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    match v9 {
        "$" => "$".into(),
        "period.from" => "/Fraga/Period/From".into(),
        "period.tom" => "/Fraga/Period/Tom".into(),
        _ => match v9.split_once('[') {
            Some((list, rest)) => {
                let i: usize = rest.trim_end_matches(']').parse().unwrap_or_default();
                format!("/Fraga/{}/Kod[{}]", element(list), i + 1)
            }
            None => format!("/Fraga/{}", element(v9)),
        },
    }
}

pub fn body_bytes(request: &Request) -> &[u8] {
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

fn too_large() -> Problem {
    Problem::new(
        413,
        codes::PAYLOAD_TOO_LARGE,
        format!("Frågan är för stor: högst {} kB.", MAX_BODY_BYTES / 1024),
    )
}

fn unsupported(expected: &str) -> Problem {
    Problem::new(
        415,
        codes::UNSUPPORTED_MEDIA_TYPE,
        format!("Frågan ska skickas som {expected}."),
    )
}

/// The document's bytes, if its size and media type fit the channel.
fn document<'a>(
    request: &'a Request,
    accepts: &[&str],
    expected: &str,
) -> Result<&'a [u8], Problem> {
    let body = body_bytes(request);
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    let media = media_type(request);
    if !accepts
        .iter()
        .any(|a| *a == media || (a.starts_with('+') && media.ends_with(a)))
    {
        return Err(unsupported(expected));
    }
    Ok(body)
}

pub fn read_v9_json(request: &Request) -> Result<Incoming, Problem> {
    let body = document(
        request,
        &["application/json", "+json"],
        "JSON (Content-Type: application/json)",
    )?;
    let fraga: ExternFormansinformationFraga = serde_json::from_slice(body).map_err(|e| {
        // serde_json's message can quote the input; only its position leaves.
        Problem::invalid(vec![Fel {
            kod: "JSON_FORMAT".into(),
            falt: format!("$ (rad {}, kolumn {})", e.line(), e.column()),
        }])
    })?;
    let query_id = match request.headers().get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .filter(|id| is_query_id(id))
                .ok_or_else(|| {
                    Problem::invalid(vec![Fel {
                        kod: "QUERY_ID_FORMAT".into(),
                        falt: "Idempotency-Key".into(),
                    }])
                })?
                .to_owned(),
        ),
    };
    Ok(Incoming {
        fraga,
        query_id,
        aktors_id: None,
    })
}

/// The XML channel's `IdTyp`: 1–64 of `A–Z a–z 0–9 . _ : -`. It becomes part of a
/// store key, so it is bounded and plain.
fn is_query_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
}

/// V8: a document the XSD rejects is not accepted at all.
fn schema_problem(e: &XmlError) -> Problem {
    Problem::invalid(
        e.violations()
            .into_iter()
            .map(|v| Fel {
                kod: v.code().as_str().to_owned(),
                falt: v.falt,
            })
            .collect(),
    )
}

pub fn read_xml(request: &Request) -> Result<Incoming, Problem> {
    let body = document(
        request,
        &["application/xml", "text/xml", "+xml"],
        "XML (Content-Type: application/xml)",
    )?;
    let q = xml::parse_query(body).map_err(|e| schema_problem(&e))?;
    Ok(Incoming {
        fraga: q.fraga,
        query_id: q.frage_id,
        aktors_id: q.aktors_id,
    })
}

/// An SSEK request: the header (needed to answer even a fault) and the query.
pub fn read_ssek(request: &Request) -> Result<(SsekHeader, Incoming), Rendered> {
    let fault = |f: SoapFault| {
        Rendered::new(
            f.http_status(),
            ssek::CONTENT_TYPE,
            ssek::render_fault(&f, None),
        )
    };
    let body = document(request, &["text/xml"], "SOAP 1.1 (Content-Type: text/xml)")
        .map_err(|p| fault(SoapFault::new(FaultCode::Client, p.meddelande)))?;
    let r = ssek::parse_request(body).map_err(fault)?;
    let incoming = Incoming {
        fraga: r.query.fraga,
        query_id: Some(r.header.tx_id.clone()),
        aktors_id: r.query.aktors_id,
    };
    Ok((r.header, incoming))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v9_fields_are_named_as_the_xml_document_names_them() {
        assert_eq!(xml_field("personnummer"), "/Fraga/Personnummer");
        assert_eq!(xml_field("period.tom"), "/Fraga/Period/Tom");
        assert_eq!(xml_field("period"), "/Fraga/Period");
        assert_eq!(xml_field("ansprak[1]"), "/Fraga/Ansprak/Kod[2]");
        assert_eq!(
            xml_field("ovrigInformation[0]"),
            "/Fraga/OvrigInformation/Kod[1]"
        );
    }
}
