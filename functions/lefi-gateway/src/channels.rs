//! Three ways in, one meaning (SPEC C1): each channel reads its document into the v9
//! query and renders the one reply in its own format — v9 JSON (`LefiFelsvar` for
//! problems), the XML web service (`Svar` / `Felsvar` of the published XSD) and SSEK
//! (SOAP 1.1; problems as faults with the `Felsvar` in `detail`). A document that cannot
//! be read is an [`Unreadable`]: what was wrong, as data, so the edge can answer and audit
//! it without looking at message texts.

use chrono::{DateTime, Utc};
use lambda_http::{Body, Request};
use lefi_contract::shs::{self, DataDescription, DataPart, ErrorCode, Label, ShsError, ShsMessage};
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
    /// SSEK, with the request's header once it could be read; a fault answers without
    /// one (`None`) when the envelope itself could not be read.
    Ssek(Option<SsekHeader>),
    /// The portal (C2): its pages are rendered by `lefi-portal` from the typed reply
    /// (`crate::portal`), never here; rendered as v9 JSON should one get here.
    Portal,
    /// SHS 1.2, with the request's label once it could be read (boxed: a label is large
    /// beside the rest); without one only an error can be answered.
    Shs(Option<Box<Label>>),
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
            Self::Portal => "portal/web",
            Self::Shs(_) => "system/shs",
        }
    }

    /// The name of a v9 field in this channel's own document.
    pub fn field(&self, v9: &str) -> String {
        match self {
            Self::V9Json | Self::Portal => v9.to_owned(),
            Self::Xml | Self::Ssek(_) | Self::Shs(_) => xml_field(v9),
        }
    }

    pub fn render(&self, reply: &Reply, now: DateTime<Utc>, correlation_id: &str) -> Rendered {
        match (self, reply) {
            (Self::V9Json | Self::Portal, _) => reply::render_json(reply, now, correlation_id),
            (Self::Xml, Ok(answer)) => {
                Rendered::new(200, xml::CONTENT_TYPE, xml::render_answer(answer))
            }
            (Self::Xml, Err(p)) => Rendered::new(
                p.status,
                xml::CONTENT_TYPE,
                xml::render_error(&p.felsvar(now, correlation_id)),
            )
            .with_problem_headers(Some(p)),
            (Self::Ssek(Some(header)), Ok(answer)) => Rendered::new(
                200,
                ssek::CONTENT_TYPE,
                ssek::render_response(header, answer),
            ),
            // An answer needs the header it replies to; without one only a fault can go.
            (Self::Ssek(None), Ok(_)) => {
                self.render(&Err(Problem::internal()), now, correlation_id)
            }
            (Self::Shs(label), reply) => render_shs(label.as_deref(), reply, now, correlation_id),
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
                    ssek::render_fault(&fault, header.as_ref()),
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

/// Why a document could not be read as a query: nothing in it is trusted, so it names
/// no person (V8, V9; SSEK's envelope, C1).
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// Larger than [`MAX_BODY_BYTES`].
    TooLarge,
    /// Not the media type the channel reads; `expected` is said to the partner.
    MediaType { expected: &'static str },
    /// Not JSON, or not the v9 query's shape: only the position is kept, since
    /// serde_json's message can quote the input.
    Json { line: usize, column: usize },
    /// An `Idempotency-Key` outside the query id's format.
    QueryId,
    /// V8: the XML schema rejects the document, every violation with its field.
    Schema(Vec<Fel>),
    /// SSEK: the envelope, its `ssek:SSEK` header or its body could not be read.
    Envelope(SoapFault),
    /// SHS: the message, its label or its structure could not be read (SHS's own code).
    Shs(ShsError),
}

/// Longest list of codes an audit record keeps for an unreadable document: a flood of
/// broken documents must not make records grow (P5).
const MAX_AUDITED_CODES: usize = 64;

impl Unreadable {
    /// The answer, as every channel but a header-less SSEK fault renders it.
    pub fn problem(&self) -> Problem {
        match self {
            Self::TooLarge => Problem::new(
                413,
                codes::PAYLOAD_TOO_LARGE,
                format!("Frågan är för stor: högst {} kB.", MAX_BODY_BYTES / 1024),
            ),
            Self::MediaType { expected } => Problem::new(
                415,
                codes::UNSUPPORTED_MEDIA_TYPE,
                format!("Frågan ska skickas som {expected}."),
            ),
            Self::Json { line, column } => Problem::invalid(vec![Fel {
                kod: codes::JSON_FORMAT.into(),
                falt: format!("$ (rad {line}, kolumn {column})"),
            }]),
            Self::QueryId => Problem::invalid(vec![Fel {
                kod: codes::QUERY_ID_FORMAT.into(),
                falt: "Idempotency-Key".into(),
            }]),
            Self::Schema(fel) => Problem::invalid(fel.clone()),
            Self::Envelope(fault) => Problem {
                ssek_fault: Some(fault.code),
                ..Problem::new(400, codes::INVALID_QUERY, fault.faultstring.clone())
            },
            Self::Shs(e) => Problem {
                shs_error: Some(e.code),
                ..Problem::new(400, codes::INVALID_QUERY, e.info.clone())
            },
        }
    }

    /// The SOAP fault SSEK answers with before it has a header to reply to.
    pub fn soap_fault(&self) -> SoapFault {
        match self {
            Self::Envelope(fault) => fault.clone(),
            other => SoapFault::new(FaultCode::Client, other.problem().meddelande),
        }
    }

    /// What was wrong, for the audit record (`Outcome::Invalid`), bounded in number.
    pub fn codes(&self) -> Vec<String> {
        let codes: Vec<String> = match self {
            Self::TooLarge => vec![codes::PAYLOAD_TOO_LARGE.into()],
            Self::MediaType { .. } => vec![codes::UNSUPPORTED_MEDIA_TYPE.into()],
            Self::Json { .. } => vec![codes::JSON_FORMAT.into()],
            Self::QueryId => vec![codes::QUERY_ID_FORMAT.into()],
            Self::Shs(e) => vec![format!("SHS:{}", e.code.as_str())],
            Self::Schema(fel) => fel.iter().map(|f| f.kod.clone()).collect(),
            Self::Envelope(fault) => {
                // A body the schema rejects carries its violations (`XML_SCHEMA`).
                let fel: Vec<String> = fault
                    .felsvar
                    .as_ref()
                    .and_then(|f| f.get("fel"))
                    .and_then(|f| f.as_array())
                    .map(|fel| {
                        fel.iter()
                            .filter_map(|f| f.get("kod").and_then(|k| k.as_str()))
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                if fel.is_empty() {
                    vec![
                        match fault.code {
                            FaultCode::VersionMismatch => codes::SOAP_VERSION_MISMATCH,
                            FaultCode::MustUnderstand => codes::SOAP_MUST_UNDERSTAND,
                            FaultCode::Client
                            | FaultCode::Server
                            | FaultCode::ReceiverIdUnknown
                            | FaultCode::SenderIdUnknown => codes::SSEK_ENVELOPE,
                        }
                        .into(),
                    ]
                } else {
                    fel
                }
            }
        };
        codes
            .into_iter()
            .take(MAX_AUDITED_CODES)
            .map(|c| c.chars().take(32).collect())
            .collect()
    }
}

/// The document's bytes, if its size and media type fit the channel.
fn document<'a>(
    request: &'a Request,
    accepts: &[&str],
    expected: &'static str,
) -> Result<&'a [u8], Unreadable> {
    let body = body_bytes(request);
    if body.len() > MAX_BODY_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let media = media_type(request);
    if !accepts
        .iter()
        .any(|a| *a == media || (a.starts_with('+') && media.ends_with(a)))
    {
        return Err(Unreadable::MediaType { expected });
    }
    Ok(body)
}

pub fn read_v9_json(request: &Request) -> Result<Incoming, Unreadable> {
    let body = document(
        request,
        &["application/json", "+json"],
        "JSON (Content-Type: application/json)",
    )?;
    let fraga: ExternFormansinformationFraga =
        serde_json::from_slice(body).map_err(|e| Unreadable::Json {
            line: e.line(),
            column: e.column(),
        })?;
    let query_id = match request.headers().get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .filter(|id| is_query_id(id))
                .ok_or(Unreadable::QueryId)?
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
fn schema_violations(e: &XmlError) -> Unreadable {
    Unreadable::Schema(
        e.violations()
            .into_iter()
            .map(|v| Fel {
                kod: v.code().as_str().to_owned(),
                falt: v.falt,
            })
            .collect(),
    )
}

pub fn read_xml(request: &Request) -> Result<Incoming, Unreadable> {
    let body = document(
        request,
        &["application/xml", "text/xml", "+xml"],
        "XML (Content-Type: application/xml)",
    )?;
    let q = xml::parse_query(body).map_err(|e| schema_violations(&e))?;
    Ok(Incoming {
        fraga: q.fraga,
        query_id: q.frage_id,
        aktors_id: q.aktors_id,
    })
}

/// An SSEK request: the header (needed to answer even a fault) and the query.
pub fn read_ssek(request: &Request) -> Result<(SsekHeader, Incoming), Unreadable> {
    let body = document(request, &["text/xml"], "SOAP 1.1 (Content-Type: text/xml)")?;
    let r = ssek::parse_request(body).map_err(Unreadable::Envelope)?;
    let incoming = Incoming {
        fraga: r.query.fraga,
        query_id: Some(r.header.tx_id.clone()),
        aktors_id: r.query.aktors_id,
    };
    Ok((r.header, incoming))
}

/// An SHS message posted to the reception service, its MIME and label read
/// ([`shs::parse_message`]); what it asks of LEFI Online is checked by [`shs_request`].
pub fn read_shs(request: &Request) -> Result<ShsMessage, Unreadable> {
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    shs::parse_message(content_type, body_bytes(request)).map_err(Unreadable::Shs)
}

/// What LEFI Online asks of an SHS message before its queries are read: a request for
/// its product; synchronous with exactly one data part (an asynchronous message's number
/// of queries is counted when it is accepted: [`crate::shs::queries_of`]).
pub fn shs_request(message: &ShsMessage) -> Result<(), Unreadable> {
    let label = &message.label;
    let refuse = |code, info: String| Err(Unreadable::Shs(ShsError::new(code, info)));
    if label.product != shs::PRODUCT_ID {
        return refuse(
            ErrorCode::IllegalProductType,
            "Produkttypen är inte LEFI Onlines (se dokumentationen för produkttypens id).".into(),
        );
    }
    if label.sequence_type != shs::SequenceType::Request {
        return refuse(
            ErrorCode::IllegalMessageStructure,
            "LEFI Online tar bara emot frågor: sequence-type ska vara request.".into(),
        );
    }
    match label.transfer_type {
        shs::TransferType::Synch if message.parts.len() != 1 => refuse(
            ErrorCode::IllegalMessageStructure,
            "En synkron fråga har exakt en datadel: frågan (Fraga). Skicka massfrågor asynkront."
                .into(),
        ),
        _ => Ok(()),
    }
}

/// The query in an SHS message's data part: the XML channel's `Fraga` (or one query of a
/// `Massfraga`, as [`xml::split_batch`] wrote it), its query id the label's `tx.id` (a
/// repeated `tx.id` from the same sender is a duplicate, C3).
pub fn read_shs_query(label: &Label, document: &[u8]) -> Result<Incoming, Unreadable> {
    if document.len() > MAX_BODY_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let q = xml::parse_batch_item(document).map_err(|e| schema_violations(&e))?;
    Ok(Incoming {
        fraga: q.fraga,
        query_id: Some(label.tx_id.clone()),
        aktors_id: q.aktors_id,
    })
}

/// An SHS answer. With the request's label: the reply message — a new `tx.id`, the
/// request's `corr.id`, sender and receiver swapped — whose one data part is the XML
/// channel's `Svar`, or its `Felsvar` under the problem's status; `X-shs-errorcode`
/// `MissingDeliveryExecution` when the service could not take the query now (429, 5xx).
/// Without a label, or for what SHS itself refuses: the status, `X-shs-errorcode` and
/// the reason as text, as SHS brokers answer.
fn render_shs(
    label: Option<&Label>,
    reply: &Reply,
    now: DateTime<Utc>,
    correlation_id: &str,
) -> Rendered {
    let label = match (label, reply) {
        (Some(label), Err(p)) if p.shs_error.is_none() => label,
        (Some(label), Ok(_)) => label,
        (_, Err(p)) => {
            let code = p
                .shs_error
                .or(match p.ssek_fault {
                    Some(FaultCode::ReceiverIdUnknown) => Some(ErrorCode::IllegalReceiver),
                    Some(FaultCode::SenderIdUnknown) => Some(ErrorCode::IllegalSender),
                    _ => None,
                })
                .unwrap_or(if p.status >= 500 {
                    ErrorCode::OtherError
                } else {
                    ErrorCode::IllegalMessageStructure
                });
            // SHS brokers answer what SHS itself refuses with 400; the mailbox's own
            // answers (403 not yours, 404 no such message) keep their status.
            let illegal = p.shs_error.is_some() || p.ssek_fault.is_some();
            let status = if illegal && p.status < 500 {
                400
            } else {
                p.status
            };
            return Rendered::new(status, "text/plain; charset=utf-8", p.meddelande.clone())
                .with_header("x-shs-errorcode", code.as_str())
                .with_problem_headers(Some(p));
        }
        (None, Ok(_)) => {
            return render_shs(None, &Err(Problem::internal()), now, correlation_id);
        }
    };
    let (status, document, filename) = match reply {
        Ok(answer) => (200, xml::render_answer(answer), "svar.xml"),
        Err(p) => (
            p.status,
            xml::render_error(&p.felsvar(now, correlation_id)),
            "felsvar.xml",
        ),
    };
    let part = DataPart {
        content_type: "text/xml; charset=UTF-8".into(),
        filename: Some(filename.into()),
        body: document.into_bytes(),
    };
    let data = vec![DataDescription {
        datapart_type: "xml".into(),
        filename: part.filename.clone(),
        no_of_bytes: u64::try_from(part.body.len()).ok(),
    }];
    let tx_id = crate::shs::reply_tx_id(label);
    let reply_label = label.reply(
        tx_id.clone(),
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        data,
    );
    let body = String::from_utf8_lossy(&shs::render_message(&reply_label, &[part])).into_owned();
    let mut rendered = Rendered::new(status, shs::CONTENT_TYPE, body)
        .with_header("x-shs-txid", &tx_id)
        .with_header("x-shs-corrid", &reply_label.corr_id);
    if let Err(p) = reply {
        if p.status == 429 || p.status >= 500 {
            rendered = rendered.with_header(
                "x-shs-errorcode",
                ErrorCode::MissingDeliveryExecution.as_str(),
            );
        }
        rendered = rendered.with_problem_headers(Some(p));
    }
    rendered
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
