//! The XML web service's documents (SPEC C1, seed §2.5): the query `Fraga` and the
//! answers `Svar`, `Felsvar` and `TillgangligaInformationstyper`, all in one namespace
//! ([`NAMESPACE`]) and defined by one published schema ([`XSD`],
//! `xml/lefi-online.xsd`). The SSEK channel ([`crate::ssek`]) carries the same
//! documents in its SOAP body.
//!
//! - **V8**: [`parse_query`] accepts exactly the documents the XSD accepts (checked
//!   against `xmllint --schema` by `tests/xml.rs`); everything else is an
//!   [`XmlError`] whose violations all have the code `XML_SCHEMA` and a location.
//! - **V9**: the XSD fixes only structure and lexical shape. The rules V1–V7 stay with
//!   the shared validator (`lefi_domain::query`), which the caller runs on
//!   [`XmlQuery::fraga`], so the three channels report the same violations: a date
//!   `2023-02-30` passes the schema and is `DATE_FORMAT` there.
//! - Hostile input (DTDs, entities, processing instructions, deep nesting, huge text,
//!   other encodings) is refused by the one reader both channels share, before any
//!   schema check, with a Swedish message and never a panic.
//!
//! The answer part of the XSD is generated from `openapi/lefi-online.openapi.yaml`
//! (`tests/xsd.rs`); [`render_answer`] and [`render_error`] walk the JSON along that
//! schema, so their output validates against it.

mod query;
pub(crate) mod reader;
mod render;

use lefi_domain::query::ViolationCode;
use serde_json::Value;

use crate::v9::ExternFormansinformationFraga;

/// The target namespace of every document of the XML channel.
pub const NAMESPACE: &str = "urn:se:forsakringskassan:lefi-online:1";

/// The media type of the XML channel's documents.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// The published schema: the query (by hand) and the answers (generated).
pub const XSD: &str = include_str!("../../xml/lefi-online.xsd");

/// A query that passed the schema (V8). The V1–V7 rules are still to be checked, on
/// `fraga`, by the same validator as the JSON channel's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XmlQuery {
    /// The caller's id of the query (`FrageId`): repeated, it is answered from the
    /// first answer (C3).
    pub frage_id: Option<String>,
    /// `AktorsId`: the actor the query is made for (the JSON path's `aktorsId`).
    pub aktors_id: Option<String>,
    pub fraga: ExternFormansinformationFraga,
}

/// One way a document breaks the schema, or cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// Where: an element path such as `/Fraga/Period/From`, or `$` for the whole
    /// document.
    pub falt: String,
    /// What, in Swedish. Never repeats a value from the document.
    pub meddelande: String,
}

impl SchemaViolation {
    pub(crate) fn new(falt: &str, meddelande: String) -> Self {
        Self {
            falt: falt.to_owned(),
            meddelande,
        }
    }

    /// Always `XML_SCHEMA` (V8).
    pub fn code(&self) -> ViolationCode {
        ViolationCode::XmlSchema
    }
}

/// Why an XML document was not accepted (V8). Every variant is answered
/// `INVALID_QUERY` with [`XmlError::violations`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// Not well-formed XML, or not UTF-8.
    #[error("{0}")]
    Malformed(String),
    /// DTDs, entity declarations and references, processing instructions.
    #[error("{0}")]
    Forbidden(String),
    /// Over the reader's limits (size, depth, text length, element count).
    #[error("{0}")]
    TooLarge(String),
    /// Well-formed, but not a `Fraga` of the schema.
    #[error("Frågan följer inte XML-schemat: {}", .0.iter().map(|v| format!("{} ({})", v.meddelande, v.falt)).collect::<Vec<_>>().join("; "))]
    Schema(Vec<SchemaViolation>),
}

impl XmlError {
    /// The violations to report, each with the code `XML_SCHEMA`.
    pub fn violations(&self) -> Vec<SchemaViolation> {
        match self {
            Self::Schema(violations) => violations.clone(),
            Self::Malformed(m) | Self::Forbidden(m) | Self::TooLarge(m) => {
                vec![SchemaViolation::new("$", m.clone())]
            }
        }
    }
}

impl From<reader::ReadError> for XmlError {
    fn from(e: reader::ReadError) -> Self {
        match e {
            reader::ReadError::Malformed(m) => Self::Malformed(m),
            reader::ReadError::Forbidden(m) => Self::Forbidden(m),
            reader::ReadError::TooLarge(m) => Self::TooLarge(m),
        }
    }
}

/// Reads a query document `Fraga` (V8).
pub fn parse_query(bytes: &[u8]) -> Result<XmlQuery, XmlError> {
    let root = reader::read(bytes, reader::LIMITS)?;
    query_from(&root)
}

/// The root of a mass query (SHS, asynchronous; issue 18): `Fraga` after `Fraga` in one
/// document, each answered as if it had come alone.
pub const BATCH_ROOT: &str = "Massfraga";

/// The most queries in one `Massfraga` (the XSD's `maxOccurs`).
pub const BATCH_MAX: usize = 10_000;

/// What a mass query may be: the size of a whole SHS message, ten elements a query.
const BATCH_LIMITS: reader::Limits = reader::Limits {
    bytes: 5 * 1024 * 1024,
    depth: 32,
    elements: 16 * BATCH_MAX,
    attributes: 32,
    // The white space between 10,000 indented queries counts as the root's text.
    text: 1024 * 1024,
};

/// A mass query split into one document per query: each its `Fraga`, bytes as sent,
/// inside the `Massfraga` start tag as sent (so every namespace declaration holds) — a
/// mass query of one, which [`parse_batch_item`] reads.
///
/// `None` when the document is not a readable `Massfraga` in [`NAMESPACE`]: then it is
/// one query, and reading it as one reports what is wrong with it.
pub fn split_batch(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    // Most parts are one `Fraga`: not read twice at reception for nothing.
    if !bytes
        .windows(BATCH_ROOT.len())
        .any(|w| w == BATCH_ROOT.as_bytes())
    {
        return None;
    }
    let root = reader::read(bytes, BATCH_LIMITS).ok()?;
    if !root.is(NAMESPACE, BATCH_ROOT) {
        return None;
    }
    // The hardened reader accepted it: well-formed, no DTD. Now the byte spans.
    let mut raw = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let (mut depth, mut start_tag, mut end_tag) = (0_usize, None, Vec::new());
    let (mut item_start, mut items) = (0_usize, Vec::new());
    loop {
        let before = usize::try_from(raw.buffer_position()).ok()?;
        let event = raw.read_event_into(&mut buf).ok()?;
        let after = usize::try_from(raw.buffer_position()).ok()?;
        match event {
            Event::Start(e) => {
                if depth == 0 {
                    start_tag = Some(bytes.get(before..after)?.to_vec());
                    end_tag = [&b"</"[..], e.name().into_inner().as_bytes(), b">"].concat();
                } else if depth == 1 {
                    item_start = before;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 1 {
                    items.push((item_start, after));
                }
            }
            Event::Empty(_) if depth == 1 => items.push((before, after)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let start_tag = start_tag?;
    items
        .into_iter()
        .map(|(from, to)| Some([&start_tag[..], bytes.get(from..to)?, &end_tag[..]].concat()))
        .collect()
}

/// One query of a mass query, as [`split_batch`] wrote it (a `Massfraga` of one `Fraga`),
/// or a plain `Fraga`.
pub fn parse_batch_item(bytes: &[u8]) -> Result<XmlQuery, XmlError> {
    let root = reader::read(bytes, reader::LIMITS)?;
    match &root.children[..] {
        [only] if root.is(NAMESPACE, BATCH_ROOT) => query_from(only),
        _ => query_from(&root),
    }
}

/// Checks an already read element (the SSEK body's) as a `Fraga`.
pub(crate) fn query_from(root: &reader::Element) -> Result<XmlQuery, XmlError> {
    let checked = query::check(root).map_err(XmlError::Schema)?;
    Ok(XmlQuery {
        frage_id: checked.frage_id,
        aktors_id: checked.aktors_id,
        fraga: checked.fraga,
    })
}

/// The answer document `Svar`: v9 `LefiExternFormansinformationSvar` with our additive
/// fields, in the schema's order.
pub fn render_answer(answer: &crate::answer::Answer) -> String {
    render_answer_value(&serde_json::to_value(answer).unwrap_or_default())
}

/// `Svar` from any JSON shaped like an answer: what [`render_answer`] walks along the
/// schema. Public for the renderer's own tests, which feed it generated documents.
pub fn render_answer_value(answer: &Value) -> String {
    render::document("Svar", "LefiExternFormansinformationSvar", answer)
}

/// The error document `Felsvar`, from the JSON error body (`LefiFelsvar` with our
/// additive fields).
pub fn render_error(felsvar: &Value) -> String {
    render::document("Felsvar", "LefiFelsvar", felsvar)
}

/// The document `TillgangligaInformationstyper`, from its JSON
/// (`LefiExternTillgangligaInformationstyper`).
pub fn render_tillgangliga_informationstyper(value: &Value) -> String {
    render::document(
        "TillgangligaInformationstyper",
        "LefiExternTillgangligaInformationstyper",
        value,
    )
}

/// The body of a document without its XML declaration, to embed it (in a SOAP body).
pub(crate) fn without_declaration(document: &str) -> &str {
    document
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Fraga xmlns="urn:se:forsakringskassan:lefi-online:1">
  <FrageId>q-1</FrageId>
  <Personnummer>197407029284</Personnummer>
  <Period><From>2023-01-01</From><Tom>2023-02-30</Tom></Period>
  <Formansinformation><Kod>FK:SJP</Kod><Kod>FK:NOPE</Kod></Formansinformation>
  <OvrigInformation/>
</Fraga>"#;

    #[test]
    fn v8_a_valid_query_reads_into_the_v9_request_and_semantics_are_left_to_the_validator() {
        let query = parse_query(VALID.as_bytes()).unwrap();
        assert_eq!(query.frage_id.as_deref(), Some("q-1"));
        assert_eq!(query.aktors_id, None);
        assert_eq!(query.fraga.personnummer, "197407029284");
        assert_eq!(query.fraga.period.tom, "2023-02-30");
        assert_eq!(
            query.fraga.formansinformation.as_deref(),
            Some(&["FK:SJP".to_owned(), "FK:NOPE".to_owned()][..])
        );
        assert_eq!(query.fraga.ovrig_information, Some(vec![]));
        assert_eq!(query.fraga.ansprak, None);
    }

    #[test]
    fn v8_elements_out_of_order_unknown_or_in_another_namespace_are_xml_schema() {
        let cases = [
            VALID
                .replace("<Personnummer>197407029284</Personnummer>", "")
                .replace("</Period>", "</Period><Personnummer>1</Personnummer>"),
            VALID.replace("<OvrigInformation/>", "<OvrigInformation/><Extra/>"),
            VALID.replace("urn:se:forsakringskassan:lefi-online:1", "urn:other"),
            VALID.replace("<Period><From>2023-01-01</From>", "<Period>"),
            VALID.replace("2023-01-01", "2023-1-1"),
            VALID.replace("FK:SJP", "fk:sjp"),
            VALID.replace("q-1", &"q".repeat(65)),
            VALID.replace("<Fraga ", "<Fraga a=\"1\" "),
        ];
        for case in cases {
            let error = parse_query(case.as_bytes()).unwrap_err();
            assert!(matches!(error, XmlError::Schema(_)), "{case}: {error:?}");
            assert!(
                error
                    .violations()
                    .iter()
                    .all(|v| v.code() == ViolationCode::XmlSchema && !v.falt.is_empty())
            );
        }
    }

    #[test]
    fn v8_messages_never_echo_a_value_from_the_document() {
        let secret = "19740702928412";
        let cases = [
            VALID.replace("197407029284", secret),
            VALID.replace("q-1", &format!("{secret} /")),
            VALID.replace("FK:SJP", secret),
            VALID.replace(
                "<OvrigInformation/>",
                &format!("<X xmlns=\"urn:{secret}\"/>"),
            ),
            VALID.replace(
                "urn:se:forsakringskassan:lefi-online:1",
                &format!("urn:{secret}"),
            ),
        ];
        for case in cases {
            let error = parse_query(case.as_bytes()).unwrap_err();
            assert!(!error.to_string().contains(secret), "{error}");
        }
    }

    #[test]
    fn v8_hostile_documents_are_refused_with_a_swedish_message() {
        let xxe = VALID.replace(
            "<Fraga ",
            "<!DOCTYPE Fraga [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Fraga ",
        );
        let error = parse_query(xxe.as_bytes()).unwrap_err();
        assert!(matches!(error, XmlError::Forbidden(_)));
        assert!(error.to_string().contains("DOCTYPE"));
        assert_eq!(error.violations()[0].falt, "$");
        assert!(matches!(
            parse_query(b"<Fraga"),
            Err(XmlError::Malformed(_))
        ));
    }

    #[test]
    fn answers_follow_the_schema_order_whatever_the_json_order() {
        let answer = json!({
            "uppgifterFranOchMed": {"uppgifter": {"FK:SJP": "2002-01-01", "FK:AS": "2005-01-01"}},
            "personstatus": "PERSON_NOT_FOUND",
            "okand": 1,
            "avvikelser": {},
        });
        let xml = render_answer_value(&answer);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Svar xmlns=\"urn:se:forsakringskassan:lefi-online:1\">\
             <avvikelser></avvikelser><personstatus>PERSON_NOT_FOUND</personstatus>\
             <uppgifterFranOchMed><uppgifter><post nyckel=\"FK:AS\">2005-01-01</post>\
             <post nyckel=\"FK:SJP\">2002-01-01</post></uppgifter></uppgifterFranOchMed></Svar>"
        );
        let error = render_error(&json!({"meddelande": "<&>", "kod": "INVALID_QUERY"}));
        assert!(error.contains("<kod>INVALID_QUERY</kod><meddelande>&lt;&amp;&gt;</meddelande>"));
    }
}
