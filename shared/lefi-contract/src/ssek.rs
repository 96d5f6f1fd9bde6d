//! SSEK 2.0 (SPEC C1): SOAP 1.1 with the `ssek:SSEK` header block (namespace
//! [`SSEK_NS`]: `SenderId`, `ReceiverId`, `TxId`); the body is the XML channel's `Fraga`
//! and the answer's body its `Svar` ([`crate::xml`]). Described by [`WSDL`]
//! (`xml/lefi-online.wsdl`, document/literal, one operation `HamtaFormansinformation`).
//!
//! - [`parse_request`] reads the envelope with the XML channel's reader (the same
//!   hostile-input refusals) and checks the body against the schema (V8); what is wrong
//!   comes back as a [`SoapFault`], with the V9 violations in its `detail` as a
//!   `Felsvar` document.
//! - What needs the service's configuration is the caller's: that `SenderId` matches the
//!   client certificate ([`SoapFault::sender_id_unknown`]), that `ReceiverId` is the
//!   service ([`SoapFault::receiver_id_unknown`]), and that a repeated `TxId` from the
//!   same sender is answered from the first answer.
//! - [`render_response`] swaps sender and receiver and echoes `TxId`; so does
//!   [`render_fault`] when the request's header could be read.
//!
//! Fault codes: SOAP 1.1's `soap:Client`, `soap:Server`, `soap:VersionMismatch` and
//! `soap:MustUnderstand`, and SSEK's `ssek:ReceiverIdUnknown` and `ssek:SenderIdUnknown`
//! (SSEK 2.0's names for an unknown receiver and sender).

use serde_json::{Value, json};

use crate::xml::reader::{self, Element};
use crate::xml::{self, XmlError, XmlQuery};

/// SOAP 1.1's envelope namespace.
pub const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2's, answered with `VersionMismatch`.
const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The SSEK header's namespace.
pub const SSEK_NS: &str = "http://schemas.ssek.org/ssek/2006-05-10/";
/// The media type of SOAP 1.1 messages.
pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";
/// The operation's `soapAction` (the HTTP header `SOAPAction`, quoted).
pub const SOAP_ACTION: &str = "urn:se:forsakringskassan:lefi-online:1/HamtaFormansinformation";
/// The WSDL 1.1 description. It imports the schema as `lefi-online.xsd`, relative to
/// itself: serve [`crate::xml::XSD`] beside it.
pub const WSDL: &str = include_str!("../xml/lefi-online.wsdl");
/// The service address in [`WSDL`]; the gateway replaces it with its own base URL.
pub const WSDL_ADDRESS_PLACEHOLDER: &str = "https://lefi-online.invalid/ssek";

/// Longest `SenderId`, `ReceiverId` or `TxId` read, in characters.
const MAX_ID: usize = 256;

/// The `ssek:SSEK` header block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsekHeader {
    pub sender_id: String,
    pub receiver_id: String,
    pub tx_id: String,
}

/// A request that passed the envelope and schema checks; V1–V7 are still to be checked
/// on `query.fraga`.
#[derive(Debug, Clone, PartialEq)]
pub struct SsekRequest {
    pub header: SsekHeader,
    pub query: XmlQuery,
}

/// A SOAP 1.1 `faultcode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The request is wrong: not SOAP, no SSEK header, a query against the schema.
    Client,
    /// The service failed.
    Server,
    /// Not a SOAP 1.1 envelope.
    VersionMismatch,
    /// A header block marked `mustUnderstand` that we do not understand.
    MustUnderstand,
    /// SSEK: the `ReceiverId` is not this service.
    ReceiverIdUnknown,
    /// SSEK: the `SenderId` is unknown or does not match the client certificate.
    SenderIdUnknown,
}

impl FaultCode {
    /// The qualified name written in `faultcode`.
    pub fn qname(self) -> &'static str {
        match self {
            Self::Client => "soap:Client",
            Self::Server => "soap:Server",
            Self::VersionMismatch => "soap:VersionMismatch",
            Self::MustUnderstand => "soap:MustUnderstand",
            Self::ReceiverIdUnknown => "ssek:ReceiverIdUnknown",
            Self::SenderIdUnknown => "ssek:SenderIdUnknown",
        }
    }
}

/// A SOAP fault: code, a Swedish `faultstring`, and optionally a `Felsvar` (JSON, as
/// the JSON channel's error body) for the `detail`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} {faultstring}", code.qname())]
pub struct SoapFault {
    pub code: FaultCode,
    pub faultstring: String,
    /// `LefiFelsvar` with our additive fields (`kod`, `fel`, …), written into `detail`.
    pub felsvar: Option<Value>,
}

impl SoapFault {
    pub fn new(code: FaultCode, faultstring: impl Into<String>) -> Self {
        Self {
            code,
            faultstring: faultstring.into(),
            felsvar: None,
        }
    }

    pub fn with_felsvar(mut self, felsvar: Value) -> Self {
        self.felsvar = Some(felsvar);
        self
    }

    pub fn receiver_id_unknown() -> Self {
        Self::new(
            FaultCode::ReceiverIdUnknown,
            "Mottagaren (ReceiverId) är inte LEFI Online.",
        )
    }

    pub fn sender_id_unknown() -> Self {
        Self::new(
            FaultCode::SenderIdUnknown,
            "Avsändaren (SenderId) är okänd eller stämmer inte med klientcertifikatet.",
        )
    }

    /// An invalid query (V1–V9): `felsvar` is the JSON channel's 400 body, with its
    /// `fel` list.
    pub fn invalid_query(felsvar: Value) -> Self {
        Self::new(FaultCode::Client, "Felaktiga indata.").with_felsvar(felsvar)
    }

    /// A query the schema rejects (V8), every violation `XML_SCHEMA`.
    pub fn from_xml_error(error: &XmlError) -> Self {
        let fel: Vec<Value> = error
            .violations()
            .iter()
            .map(|v| json!({"kod": v.code().as_str(), "falt": v.falt}))
            .collect();
        Self::invalid_query(json!({
            "kod": "INVALID_QUERY",
            "meddelande": error.to_string(),
            "fel": fel,
        }))
    }

    /// SOAP 1.1 over HTTP answers every fault with 500.
    pub fn http_status(&self) -> u16 {
        500
    }
}

fn client(message: impl Into<String>) -> SoapFault {
    SoapFault::new(FaultCode::Client, message)
}

fn must_understand(element: &Element) -> bool {
    element.attributes.iter().any(|a| {
        a.ns.as_deref() == Some(SOAP_ENV) && a.name == "mustUnderstand" && a.value.trim() == "1"
    })
}

fn header_value(ssek: &Element, name: &str) -> Result<String, SoapFault> {
    let mut found = ssek.children.iter().filter(|c| c.is(SSEK_NS, name));
    let element = found
        .next()
        .ok_or_else(|| client(format!("SSEK-huvudet saknar {name}.")))?;
    if found.next().is_some() {
        return Err(client(format!("SSEK-huvudet har {name} mer än en gång.")));
    }
    if !element.children.is_empty() {
        return Err(client(format!("{name} i SSEK-huvudet ska vara text.")));
    }
    let value = element.text.trim_matches(reader::is_xml_space);
    if value.is_empty() || value.chars().count() > MAX_ID {
        return Err(client(format!(
            "{name} i SSEK-huvudet ska vara 1–{MAX_ID} tecken."
        )));
    }
    Ok(value.to_owned())
}

/// Reads an SSEK request: envelope, `ssek:SSEK` header, `Fraga` body (V8).
pub fn parse_request(bytes: &[u8]) -> Result<SsekRequest, SoapFault> {
    let envelope = reader::read(bytes, reader::LIMITS).map_err(|e| {
        let e = XmlError::from(e);
        client(e.to_string())
    })?;
    if envelope.name == "Envelope" && envelope.ns.as_deref() == Some(SOAP12_ENV) {
        return Err(SoapFault::new(
            FaultCode::VersionMismatch,
            "SOAP 1.2 stöds inte: SSEK 2.0 använder SOAP 1.1.",
        ));
    }
    if !envelope.is(SOAP_ENV, "Envelope") {
        return Err(SoapFault::new(
            FaultCode::VersionMismatch,
            format!("Rotelementet ska vara Envelope i namnrymden {SOAP_ENV}."),
        ));
    }
    if envelope.has_content_text() {
        return Err(client("Envelope får bara innehålla element."));
    }
    let (header, body) = match envelope.children.as_slice() {
        [h, b] if h.is(SOAP_ENV, "Header") && b.is(SOAP_ENV, "Body") => (h, b),
        [b] if b.is(SOAP_ENV, "Body") => {
            return Err(client("SSEK-huvudet (ssek:SSEK) saknas."));
        }
        _ => {
            return Err(client(
                "Envelope ska innehålla Header och Body, i den ordningen, och inget annat.",
            ));
        }
    };
    let mut ssek = None;
    for block in &header.children {
        if block.is(SSEK_NS, "SSEK") {
            if ssek.replace(block).is_some() {
                return Err(client("SSEK-huvudet förekommer mer än en gång."));
            }
        } else if must_understand(block) {
            return Err(SoapFault::new(
                FaultCode::MustUnderstand,
                format!(
                    "Huvudblocket {} är markerat mustUnderstand men stöds inte.",
                    block.name
                ),
            ));
        }
    }
    let ssek = ssek.ok_or_else(|| client("SSEK-huvudet (ssek:SSEK) saknas."))?;
    let ssek_header = SsekHeader {
        sender_id: header_value(ssek, "SenderId")?,
        receiver_id: header_value(ssek, "ReceiverId")?,
        tx_id: header_value(ssek, "TxId")?,
    };
    if body.has_content_text() {
        return Err(client("Body får bara innehålla element."));
    }
    let fraga = match body.children.as_slice() {
        [fraga] => fraga,
        _ => return Err(client("Body ska innehålla exakt ett element: Fraga.")),
    };
    let query = xml::query_from(fraga).map_err(|e| SoapFault::from_xml_error(&e))?;
    Ok(SsekRequest {
        header: ssek_header,
        query,
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c < ' ' && !matches!(c, '\t' | '\n') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The reply's header: sender and receiver swapped, `TxId` echoed.
fn reply_header(request: &SsekHeader) -> String {
    format!(
        "<soap:Header><ssek:SSEK soap:mustUnderstand=\"1\">\
         <ssek:SenderId>{}</ssek:SenderId><ssek:ReceiverId>{}</ssek:ReceiverId>\
         <ssek:TxId>{}</ssek:TxId></ssek:SSEK></soap:Header>",
        escape(&request.receiver_id),
        escape(&request.sender_id),
        escape(&request.tx_id),
    )
}

fn envelope(header: Option<&SsekHeader>, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soap:Envelope xmlns:soap=\"{SOAP_ENV}\" xmlns:ssek=\"{SSEK_NS}\">{}<soap:Body>{body}</soap:Body></soap:Envelope>",
        header.map(reply_header).unwrap_or_default()
    )
}

/// The answer: the `Svar` document in the body, the request's header swapped.
pub fn render_response(request_header: &SsekHeader, answer: &crate::answer::Answer) -> String {
    let svar = xml::render_answer(answer);
    envelope(Some(request_header), xml::without_declaration(&svar))
}

/// A fault, with the swapped header when the request's could be read.
pub fn render_fault(fault: &SoapFault, header: Option<&SsekHeader>) -> String {
    let detail = fault
        .felsvar
        .as_ref()
        .map(|f| {
            let felsvar = xml::render_error(f);
            format!("<detail>{}</detail>", xml::without_declaration(&felsvar))
        })
        .unwrap_or_default();
    let body = format!(
        "<soap:Fault><faultcode>{}</faultcode><faultstring xml:lang=\"sv\">{}</faultstring>{detail}</soap:Fault>",
        fault.code.qname(),
        escape(&fault.faultstring)
    );
    envelope(header, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(header: &str, body: &str) -> String {
        format!(
            "<soapenv:Envelope xmlns:soapenv=\"{SOAP_ENV}\" xmlns:s=\"{SSEK_NS}\">\
             <soapenv:Header>{header}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
        )
    }

    const SSEK: &str = "<s:SSEK soapenv:mustUnderstand=\"1\"><s:SenderId s:Type=\"ORGNR\">5560000001</s:SenderId>\
        <s:ReceiverId>2021005521</s:ReceiverId><s:SignalAck>false</s:SignalAck><s:TxId>tx-1</s:TxId></s:SSEK>";
    const FRAGA: &str = "<Fraga xmlns=\"urn:se:forsakringskassan:lefi-online:1\"><Personnummer>197407029284</Personnummer>\
        <Period><From>2023-01-01</From><Tom>2023-12-31</Tom></Period><Formansinformation><Kod>FK:SJP</Kod></Formansinformation></Fraga>";

    #[test]
    fn c1_a_request_reads_into_header_and_query() {
        let parsed = parse_request(request(SSEK, FRAGA).as_bytes()).unwrap();
        assert_eq!(
            parsed.header,
            SsekHeader {
                sender_id: "5560000001".into(),
                receiver_id: "2021005521".into(),
                tx_id: "tx-1".into()
            }
        );
        assert_eq!(parsed.query.fraga.personnummer, "197407029284");
    }

    fn not_found() -> crate::answer::Answer {
        crate::answer::Answer {
            personstatus: Some(crate::answer::Personstatus::PersonNotFound),
            ..Default::default()
        }
    }

    #[test]
    fn c1_the_reply_swaps_sender_and_receiver_and_echoes_the_tx_id() {
        let header = parse_request(request(SSEK, FRAGA).as_bytes())
            .unwrap()
            .header;
        let reply = render_response(&header, &not_found());
        assert!(reply.contains(
            "<ssek:SenderId>2021005521</ssek:SenderId><ssek:ReceiverId>5560000001</ssek:ReceiverId><ssek:TxId>tx-1</ssek:TxId>"
        ));
        assert!(
            reply.contains("<Svar xmlns=\"urn:se:forsakringskassan:lefi-online:1\"><personstatus>")
        );
    }

    #[test]
    fn v8_an_invalid_body_is_a_client_fault_with_the_violations_in_detail() {
        let fault =
            parse_request(request(SSEK, &FRAGA.replace("<Period>", "<Period><X/>")).as_bytes())
                .unwrap_err();
        assert_eq!(fault.code, FaultCode::Client);
        let xml = render_fault(&fault, None);
        assert!(xml.contains("<faultcode>soap:Client</faultcode>"), "{xml}");
        assert!(xml.contains("<detail><Felsvar xmlns=\"urn:se:forsakringskassan:lefi-online:1\">"));
        assert!(xml.contains("<kod>XML_SCHEMA</kod>"));
    }

    #[test]
    fn c1_envelope_and_header_problems_are_faults_never_panics() {
        let cases = [
            (request("", FRAGA), FaultCode::Client),
            (
                request(&SSEK.replace("<s:TxId>tx-1</s:TxId>", ""), FRAGA),
                FaultCode::Client,
            ),
            (
                request(
                    &format!("{SSEK}<x:Sec xmlns:x=\"urn:x\" soapenv:mustUnderstand=\"1\"/>"),
                    FRAGA,
                ),
                FaultCode::MustUnderstand,
            ),
            (
                request(SSEK, "").replace(SOAP_ENV, SOAP12_ENV),
                FaultCode::VersionMismatch,
            ),
            (
                format!("<!DOCTYPE x []>{}", request(SSEK, FRAGA)),
                FaultCode::Client,
            ),
            (request(SSEK, &format!("{FRAGA}{FRAGA}")), FaultCode::Client),
            ("<x/>".to_owned(), FaultCode::VersionMismatch),
        ];
        for (document, code) in cases {
            let fault = parse_request(document.as_bytes()).unwrap_err();
            assert_eq!(fault.code, code, "{document}: {fault}");
            assert!(!fault.faultstring.is_empty());
        }
        let fault = SoapFault::receiver_id_unknown();
        let header = SsekHeader {
            sender_id: "a".into(),
            receiver_id: "b".into(),
            tx_id: "<t>".into(),
        };
        let xml = render_fault(&fault, Some(&header));
        assert!(xml.contains("<faultcode>ssek:ReceiverIdUnknown</faultcode>"));
        assert!(xml.contains("<ssek:TxId>&lt;t&gt;</ssek:TxId>"));
    }
}
