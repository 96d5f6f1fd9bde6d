//! SHS 1.2 (SPEC C1; `reference/shs.md`): the Swedish public sector's message exchange,
//! the seed's third transport. A message is MIME: first the label (`shs.label`, XML),
//! then the data parts the label's `content` describes. LEFI Online's data parts are the
//! XML channel's documents ([`crate::xml`]): a query (`Fraga`) in, an answer (`Svar`) or
//! an error document (`Felsvar`) out.
//!
//! - [`parse_message`] reads a message as partners post it — the MIME headers in the
//!   body, or only in the HTTP `Content-Type` — with `mail-parser`; the label with the
//!   XML channel's hardened reader. What is wrong is an [`ShsError`] named as SHS brokers
//!   name it (`X-shs-errorcode`): `IllegalMessageStructure`, `IllegalSender`,
//!   `IllegalReceiver`, `IllegalProductType`.
//! - [`render_message`] writes a message (our replies), [`render_message_list`] the
//!   delivery service's `shs.message-list`.
//! - What needs the service's configuration is the caller's: that the sender is the
//!   certificate's organisation (or one it may act for), that the receiver is
//!   Försäkringskassan, that the product is [`PRODUCT_ID`].

use std::fmt::Write as _;

use mail_parser::{MessageParser, MimeHeaders};

use crate::xml::reader::{self, Element};

/// LEFI Online's SHS product type id (a UUID, published in README and docs/shs.md).
pub const PRODUCT_ID: &str = "6f0e4c2a-9b1d-4e57-a3c8-1d2f5b7e9a40";
/// The label version read and written.
pub const VERSION: &str = "1.2";
/// How an organisation number is written as an SHS address.
pub const ADDRESS_PREFIX: &str = "urn:X-shs:";
/// The HTTP media type of a message whose MIME headers are in the body.
pub const CONTENT_TYPE: &str = "message/rfc822";
/// The largest message read. API Gateway takes 10 MB, but hands a `message/rfc822` body
/// to Lambda base64-encoded in an event Lambda refuses above 6 MiB: 4.4 MB is what fits,
/// with room for the event's headers and certificate. A mass query of 10,000 as one
/// `Massfraga` is about 2.5 MB; as 10,000 data parts, about 4.7 MB — too large.
pub const MAX_MESSAGE_BYTES: usize = 4_608_000;
/// Longest id (`tx.id`, `corr.id`, `content.id`) read, in characters.
const MAX_ID: usize = 256;
/// Bounds on a label: a mass query's label describes each of up to 10,000 data parts.
const LABEL_LIMITS: reader::Limits = reader::Limits {
    bytes: 4 * 1024 * 1024,
    depth: 8,
    elements: 25_000,
    attributes: 32,
    // The white space between 10,000 indented `data` elements counts as `content`'s text.
    text: 512 * 1024,
};

/// The error codes SHS brokers answer with (`X-shs-errorcode`), by their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    IllegalMessageStructure,
    IllegalSender,
    IllegalReceiver,
    IllegalProductType,
    /// The receiver could not take the message now (closed, over limits, failing).
    MissingDeliveryExecution,
    OtherError,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IllegalMessageStructure => "IllegalMessageStructure",
            Self::IllegalSender => "IllegalSender",
            Self::IllegalReceiver => "IllegalReceiver",
            Self::IllegalProductType => "IllegalProductType",
            Self::MissingDeliveryExecution => "MissingDeliveryExecution",
            Self::OtherError => "OtherError",
        }
    }
}

/// Why a message was refused: its code, and a Swedish text that never repeats what was
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{info}")]
pub struct ShsError {
    pub code: ErrorCode,
    pub info: String,
}

impl ShsError {
    pub fn new(code: ErrorCode, info: impl Into<String>) -> Self {
        Self {
            code,
            info: info.into(),
        }
    }

    fn structure(info: impl Into<String>) -> Self {
        Self::new(ErrorCode::IllegalMessageStructure, info)
    }
}

/// `transfer-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferType {
    Synch,
    Asynch,
}

impl TransferType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Synch => "synch",
            Self::Asynch => "asynch",
        }
    }
}

/// `sequence-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceType {
    Request,
    Reply,
    Event,
    Adm,
}

impl SequenceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Reply => "reply",
            Self::Event => "event",
            Self::Adm => "adm",
        }
    }
}

/// One `data` element of the label's `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDescription {
    pub datapart_type: String,
    pub filename: Option<String>,
    pub no_of_bytes: Option<u64>,
}

/// The `shs.label`, as far as LEFI Online reads and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub tx_id: String,
    pub corr_id: String,
    pub transfer_type: TransferType,
    pub sequence_type: SequenceType,
    /// `status`: `test` or `production`, echoed in a reply.
    pub status: Option<String>,
    /// The sender: `originator`'s address, else `from`'s.
    pub originator: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub product: String,
    pub subject: Option<String>,
    pub datetime: String,
    pub content_id: String,
    pub data: Vec<DataDescription>,
}

impl Label {
    /// Who sent it: `originator`, else `from`.
    pub fn sender(&self) -> Option<&str> {
        self.originator.as_deref().or(self.from.as_deref())
    }

    /// The reply to this request: a new `tx.id`, the request's `corr.id` and
    /// `content.id`, sender and receiver swapped, `sequence-type="reply"`.
    pub fn reply(&self, tx_id: String, datetime: String, data: Vec<DataDescription>) -> Label {
        Label {
            tx_id,
            corr_id: self.corr_id.clone(),
            transfer_type: self.transfer_type,
            sequence_type: SequenceType::Reply,
            status: self.status.clone(),
            originator: None,
            from: self.to.clone(),
            to: self.sender().map(str::to_owned),
            product: self.product.clone(),
            subject: None,
            datetime,
            content_id: self.content_id.clone(),
            data,
        }
    }
}

/// An organisation number as an SHS address (`urn:X-shs:2021005521`).
pub fn address(organisation_number: &str) -> String {
    format!("{ADDRESS_PREFIX}{organisation_number}")
}

/// The organisation number of an address, in its ten digits: `urn:X-shs:` (in any case)
/// or none before it, a hyphen allowed, a `16` century prefix dropped. `None` for
/// anything else.
pub fn organisation_number(address: &str) -> Option<String> {
    let address = address.trim();
    let rest = match address.get(..ADDRESS_PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(ADDRESS_PREFIX) => &address[ADDRESS_PREFIX.len()..],
        _ => address,
    };
    let digits: String = rest.chars().filter(|c| *c != '-').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        10 => Some(digits),
        12 if digits.starts_with("16") => Some(digits[2..].to_owned()),
        _ => None,
    }
}

/// One data part: its media type, file name and bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct DataPart {
    pub content_type: String,
    pub filename: Option<String>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for DataPart {
    // A query's data part holds a personnummer: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataPart")
            .field("content_type", &self.content_type)
            .field("bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A message: the label and its data parts, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShsMessage {
    pub label: Label,
    pub parts: Vec<DataPart>,
}

/// Reads a message. `http_content_type` is the request's `Content-Type`: when it is a
/// `multipart/*` with its boundary, the body is the multipart body alone; otherwise the
/// body starts with its own MIME headers (`message/rfc822`, as SHS clients post it).
///
/// # Errors
/// `IllegalMessageStructure` for anything but a multipart message whose first part is a
/// readable `shs.label` followed by at least one data part; the label's own errors
/// ([`parse_label`]).
pub fn parse_message(http_content_type: Option<&str>, body: &[u8]) -> Result<ShsMessage, ShsError> {
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(ShsError::structure(format!(
            "Meddelandet är större än {MAX_MESSAGE_BYTES} byte. Skicka många frågor som en Massfraga i en datadel, eller dela upp dem på flera meddelanden."
        )));
    }
    let with_headers;
    let raw: &[u8] = match http_content_type {
        Some(ct)
            if ct
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/") =>
        {
            let mut whole = format!("MIME-Version: 1.0\r\nContent-Type: {ct}\r\n\r\n").into_bytes();
            whole.extend_from_slice(body);
            with_headers = whole;
            &with_headers
        }
        _ => body,
    };
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| ShsError::structure("Meddelandet kan inte läsas som MIME."))?;
    let root = message.root_part();
    let is_multipart = root
        .content_type()
        .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart"));
    let ids = match (is_multipart, root.sub_parts()) {
        (true, Some(ids)) => ids,
        _ => {
            return Err(ShsError::structure(
                "Meddelandet ska vara multipart: först etiketten (shs.label), sedan datadelarna.",
            ));
        }
    };
    let mut parts = ids.iter().filter_map(|id| message.part(*id));
    let label_part = parts
        .next()
        .ok_or_else(|| ShsError::structure("Etiketten (shs.label) saknas."))?;
    let label = parse_label(label_part.contents())?;
    let parts: Vec<DataPart> = parts
        .map(|p| DataPart {
            content_type: p
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_owned(),
                })
                .unwrap_or_else(|| "text/plain".to_owned()),
            filename: p.attachment_name().map(str::to_owned),
            body: p.contents().to_vec(),
        })
        .collect();
    if parts.is_empty() {
        return Err(ShsError::structure("Meddelandet har ingen datadel."));
    }
    Ok(ShsMessage { label, parts })
}

/// Reads a label. A `<!DOCTYPE shs.label SYSTEM "…">` naming the DTD is dropped unread;
/// any other DOCTYPE is refused, as the XML channel refuses it.
///
/// # Errors
/// `IllegalMessageStructure` for an unreadable label, another version, or a missing
/// `tx.id`, `corr.id`, `sequence-type`, `datetime` or `content`; `IllegalSender` without
/// `originator` or `from`; `IllegalProductType` for a product that is missing, not a
/// UUID, or holds white space.
pub fn parse_label(bytes: &[u8]) -> Result<Label, ShsError> {
    let bytes = without_external_doctype(bytes);
    let root = reader::read(&bytes, LABEL_LIMITS).map_err(|e| {
        ShsError::structure(format!(
            "Etiketten kan inte läsas: {}",
            crate::xml::XmlError::from(e)
        ))
    })?;
    if root.name != "shs.label" || root.ns.is_some() {
        return Err(ShsError::structure(
            "Första delen ska vara etiketten, shs.label.",
        ));
    }
    let attr = |name: &str| attribute(&root, name);
    match attr("version") {
        Some(v) if v == VERSION => {}
        _ => return Err(ShsError::structure("Etikettens version ska vara 1.2.")),
    }
    let id = |name: &str| -> Result<String, ShsError> {
        match attr(name) {
            Some(v)
                if !v.is_empty()
                    && v.chars().count() <= MAX_ID
                    && !v.chars().any(char::is_whitespace) =>
            {
                Ok(v.to_owned())
            }
            _ => Err(ShsError::structure(format!(
                "Etiketten saknar {name}, eller det är längre än {MAX_ID} tecken."
            ))),
        }
    };
    let tx_id = id("tx.id")?;
    let corr_id = id("corr.id")?;
    let transfer_type = match attr("transfer-type") {
        Some("synch") => TransferType::Synch,
        Some("asynch") | None => TransferType::Asynch,
        Some(_) => {
            return Err(ShsError::structure(
                "transfer-type ska vara synch eller asynch.",
            ));
        }
    };
    let sequence_type = match attr("sequence-type") {
        Some("request") => SequenceType::Request,
        Some("reply") => SequenceType::Reply,
        Some("event") => SequenceType::Event,
        Some("adm") => SequenceType::Adm,
        _ => {
            return Err(ShsError::structure(
                "sequence-type saknas eller är inte request, reply, event eller adm.",
            ));
        }
    };
    let child = |name: &str| {
        root.children
            .iter()
            .find(|c| c.name == name && c.ns.is_none())
    };
    // An address is the element's text, or its `value` attribute (the DTD's originator).
    let address_of = |name: &str| {
        child(name).and_then(|c| {
            let text = c.text.trim();
            let value = if text.is_empty() {
                attribute(c, "value").unwrap_or_default()
            } else {
                text
            };
            (!value.is_empty()).then(|| value.to_owned())
        })
    };
    let originator = address_of("originator");
    let from = address_of("from");
    if originator.is_none() && from.is_none() {
        return Err(ShsError::new(
            ErrorCode::IllegalSender,
            "Etiketten saknar avsändare (originator eller from).",
        ));
    }
    let product = child("product").map(|p| p.text.clone()).unwrap_or_default();
    if !is_uuid(&product) {
        return Err(ShsError::new(
            ErrorCode::IllegalProductType,
            "Produkttypen (product) saknas eller är inte ett UUID utan blanktecken.",
        ));
    }
    let datetime = child("datetime")
        .map(|d| d.text.trim().to_owned())
        .filter(|d| !d.is_empty())
        .ok_or_else(|| ShsError::structure("Etiketten saknar datetime."))?;
    let content =
        child("content").ok_or_else(|| ShsError::structure("Etiketten saknar content."))?;
    let content_id = match attribute(content, "content.id") {
        Some(v) if !v.is_empty() && v.chars().count() <= MAX_ID => v.to_owned(),
        _ => return Err(ShsError::structure("content saknar content.id.")),
    };
    let data = content
        .children
        .iter()
        .filter(|d| d.name == "data")
        .map(|d| DataDescription {
            datapart_type: attribute(d, "datapartType").unwrap_or_default().to_owned(),
            filename: attribute(d, "filename").map(str::to_owned),
            no_of_bytes: attribute(d, "no-of-bytes").and_then(|n| n.parse().ok()),
        })
        .collect();
    Ok(Label {
        tx_id,
        corr_id,
        transfer_type,
        sequence_type,
        status: attr("status").map(str::to_owned),
        originator,
        from,
        to: address_of("to"),
        product: product.to_owned(),
        subject: child("subject").map(|s| s.text.trim().to_owned()),
        datetime,
        content_id,
        data,
    })
}

/// A UUID in its hyphenated form, nothing around it (SHS: "a UUID without whitespace").
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn attribute<'e>(e: &'e Element, name: &str) -> Option<&'e str> {
    e.attributes
        .iter()
        .find(|a| a.ns.is_none() && a.name == name)
        .map(|a| a.value.as_str())
}

/// The label without a `<!DOCTYPE shs.label SYSTEM "…">` that only names its DTD (no
/// internal subset: nothing to expand). Anything else is left for the reader to refuse.
fn without_external_doctype(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.into();
    };
    let Some(start) = text.find("<!DOCTYPE") else {
        return bytes.into();
    };
    let Some(len) = text[start..].find('>') else {
        return bytes.into();
    };
    let doctype = &text[start..start + len];
    if doctype.contains('[') || !doctype.starts_with("<!DOCTYPE shs.label") {
        return bytes.into();
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(&text[start + len + 1..]);
    std::borrow::Cow::Owned(out.into_bytes())
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The label as XML.
pub fn render_label(label: &Label) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        x,
        "<shs.label version=\"{VERSION}\" tx.id=\"{}\" corr.id=\"{}\" transfer-type=\"{}\" sequence-type=\"{}\"",
        escape(&label.tx_id),
        escape(&label.corr_id),
        label.transfer_type.as_str(),
        label.sequence_type.as_str(),
    );
    if let Some(status) = &label.status {
        let _ = write!(x, " status=\"{}\"", escape(status));
    }
    x.push_str(">\n");
    if let Some(o) = &label.originator {
        let _ = writeln!(x, "  <originator value=\"{}\"/>", escape(o));
    }
    if let Some(f) = &label.from {
        let _ = writeln!(x, "  <from>{}</from>", escape(f));
    }
    if let Some(t) = &label.to {
        let _ = writeln!(x, "  <to>{}</to>", escape(t));
    }
    let _ = writeln!(x, "  <product>{}</product>", escape(&label.product));
    if let Some(s) = &label.subject {
        let _ = writeln!(x, "  <subject>{}</subject>", escape(s));
    }
    let _ = writeln!(x, "  <datetime>{}</datetime>", escape(&label.datetime));
    let _ = writeln!(
        x,
        "  <content content.id=\"{}\">",
        escape(&label.content_id)
    );
    for d in &label.data {
        let _ = write!(x, "    <data datapartType=\"{}\"", escape(&d.datapart_type));
        if let Some(f) = &d.filename {
            let _ = write!(x, " filename=\"{}\"", escape(f));
        }
        if let Some(n) = d.no_of_bytes {
            let _ = write!(x, " no-of-bytes=\"{n}\"");
        }
        x.push_str("/>\n");
    }
    x.push_str("  </content>\n</shs.label>\n");
    x
}

/// A message, MIME headers first (served as [`CONTENT_TYPE`]): the label, then each data
/// part, each in UTF-8 XML with 8bit transfer encoding.
pub fn render_message(label: &Label, parts: &[DataPart]) -> Vec<u8> {
    let boundary = format!(
        "----=_shs_{}",
        label
            .tx_id
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let mut out = format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    )
    .into_bytes();
    let mut part = |content_type: &str, filename: Option<&str>, body: &[u8]| {
        out.extend_from_slice(format!("--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: 8bit\r\n").as_bytes());
        if let Some(f) = filename {
            out.extend_from_slice(
                format!(
                    "Content-Disposition: attachment; filename=\"{}\"\r\n",
                    f.replace(['"', '\r', '\n'], "")
                )
                .as_bytes(),
            );
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out.extend_from_slice(b"\r\n");
    };
    part(
        "text/xml; charset=UTF-8",
        None,
        render_label(label).as_bytes(),
    );
    for p in parts {
        part(&p.content_type, p.filename.as_deref(), &p.body);
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    out
}

/// One waiting message in the delivery service's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedMessage {
    pub label: Label,
    /// When it arrived in the mailbox (RFC 3339).
    pub timestamp: String,
    pub size: u64,
}

/// The delivery service's `shs.message-list`.
pub fn render_message_list(messages: &[ListedMessage]) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<shs.message-list>\n");
    for m in messages {
        let l = &m.label;
        let _ = write!(
            x,
            "  <message tx.id=\"{}\" corr.id=\"{}\" content.id=\"{}\" timestamp=\"{}\" size=\"{}\" product=\"{}\" sequence-type=\"{}\" transfer-type=\"{}\"",
            escape(&l.tx_id),
            escape(&l.corr_id),
            escape(&l.content_id),
            escape(&m.timestamp),
            m.size,
            escape(&l.product),
            l.sequence_type.as_str(),
            l.transfer_type.as_str(),
        );
        for (name, value) in [("from", &l.from), ("to", &l.to), ("status", &l.status)] {
            if let Some(v) = value {
                let _ = write!(x, " {name}=\"{}\"", escape(v));
            }
        }
        x.push_str(">\n");
        for d in &l.data {
            let _ = write!(x, "    <data datapartType=\"{}\"", escape(&d.datapart_type));
            if let Some(n) = d.no_of_bytes {
                let _ = write!(x, " no-of-bytes=\"{n}\"");
            }
            x.push_str("/>\n");
        }
        x.push_str("  </message>\n");
    }
    x.push_str("</shs.message-list>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_xml(attrs: &str, children: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE shs.label SYSTEM "shs-label-1.2.dtd">
<shs.label version="1.2" {attrs}>{children}</shs.label>"#
        )
    }

    const OK_ATTRS: &str =
        r#"tx.id="a1" corr.id="c1" transfer-type="synch" sequence-type="request""#;

    fn ok_children(product: &str) -> String {
        format!(
            "<originator value=\"urn:X-shs:2120000142\"/><to>urn:X-shs:2021005521</to><product>{product}</product><datetime>2026-12-07T10:00:00</datetime><content content.id=\"q1\"><data datapartType=\"xml\" no-of-bytes=\"12\"/></content>"
        )
    }

    #[test]
    fn c1_shs_a_label_is_read_with_its_sender_receiver_and_product() {
        let l = parse_label(label_xml(OK_ATTRS, &ok_children(PRODUCT_ID)).as_bytes()).unwrap();
        assert_eq!(l.tx_id, "a1");
        assert_eq!(l.transfer_type, TransferType::Synch);
        assert_eq!(l.sequence_type, SequenceType::Request);
        assert_eq!(l.sender(), Some("urn:X-shs:2120000142"));
        assert_eq!(
            organisation_number(l.to.as_deref().unwrap()).as_deref(),
            Some("2021005521")
        );
        assert_eq!(l.data[0].no_of_bytes, Some(12));
        // The reply swaps sender and receiver and keeps the conversation's ids.
        let r = l.reply("r1".into(), "2026-12-07T10:00:01".into(), Vec::new());
        assert_eq!(
            (r.from.as_deref(), r.to.as_deref()),
            (Some("urn:X-shs:2021005521"), Some("urn:X-shs:2120000142"))
        );
        assert_eq!(
            (r.corr_id.as_str(), r.sequence_type),
            ("c1", SequenceType::Reply)
        );
        assert_eq!(parse_label(render_label(&r).as_bytes()).unwrap(), r);
    }

    #[test]
    fn c1_shs_each_label_error_has_the_brokers_code() {
        let cases = [
            (
                label_xml(r#"tx.id="a" corr.id="c""#, &ok_children(PRODUCT_ID)),
                ErrorCode::IllegalMessageStructure,
            ),
            (
                label_xml(
                    r#"corr.id="c" sequence-type="request""#,
                    &ok_children(PRODUCT_ID),
                ),
                ErrorCode::IllegalMessageStructure,
            ),
            (
                label_xml(OK_ATTRS, &ok_children("inte-ett-uuid")),
                ErrorCode::IllegalProductType,
            ),
            (
                label_xml(
                    OK_ATTRS,
                    &ok_children(" 6f0e4c2a-9b1d-4e57-a3c8-1d2f5b7e9a40"),
                ),
                ErrorCode::IllegalProductType,
            ),
            (
                label_xml(
                    OK_ATTRS,
                    &ok_children(PRODUCT_ID)
                        .replace("<originator value=\"urn:X-shs:2120000142\"/>", ""),
                ),
                ErrorCode::IllegalSender,
            ),
            (
                "<shs.label version=\"1.1\"/>".to_owned(),
                ErrorCode::IllegalMessageStructure,
            ),
            (
                "<!DOCTYPE shs.label [<!ENTITY x \"y\">]><shs.label/>".to_owned(),
                ErrorCode::IllegalMessageStructure,
            ),
            ("inte xml".to_owned(), ErrorCode::IllegalMessageStructure),
        ];
        for (xml, code) in cases {
            assert_eq!(parse_label(xml.as_bytes()).unwrap_err().code, code, "{xml}");
        }
    }

    #[test]
    fn c1_shs_addresses_are_organisation_numbers() {
        assert_eq!(
            organisation_number("urn:X-shs:2021005521").as_deref(),
            Some("2021005521")
        );
        assert_eq!(
            organisation_number("URN:x-SHS:202100-5521").as_deref(),
            Some("2021005521")
        );
        assert_eq!(
            organisation_number("162021005521").as_deref(),
            Some("2021005521")
        );
        assert_eq!(organisation_number("urn:X-shs:abc"), None);
        assert_eq!(organisation_number(""), None);
    }

    #[test]
    fn c1_shs_a_message_round_trips_with_headers_in_the_body_or_in_http() {
        let label = parse_label(label_xml(OK_ATTRS, &ok_children(PRODUCT_ID)).as_bytes()).unwrap();
        let parts = vec![DataPart {
            content_type: "text/xml".into(),
            filename: Some("fraga.xml".into()),
            body: "<Fraga>å</Fraga>".as_bytes().to_vec(),
        }];
        let bytes = render_message(&label, &parts);
        let read = parse_message(None, &bytes).unwrap();
        assert_eq!(read.label, label);
        assert_eq!(read.parts[0].body, parts[0].body);
        assert_eq!(read.parts[0].filename.as_deref(), Some("fraga.xml"));
        // The same with the MIME headers in HTTP's Content-Type.
        let text = String::from_utf8(bytes).unwrap();
        let (headers, body) = text.split_once("\r\n\r\n").unwrap();
        let ct = headers
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap();
        assert_eq!(
            parse_message(Some(ct), body.as_bytes()).unwrap().parts,
            read.parts
        );
        // A body that is not multipart, or has no data part, is refused.
        assert_eq!(
            parse_message(None, b"hej").unwrap_err().code,
            ErrorCode::IllegalMessageStructure
        );
        let label_only = render_message(&label, &[]);
        assert_eq!(
            parse_message(None, &label_only).unwrap_err().code,
            ErrorCode::IllegalMessageStructure
        );
    }
}
#[cfg(test)]
mod mass_tests {
    use super::*;

    /// A mass query's label describes each of its 10,000 data parts, indented: it is read.
    #[test]
    fn c1_shs_the_label_of_a_mass_query_of_10000_is_read() {
        let data: String = (1..=10_000)
            .map(|i| {
                format!(
                    "\n    <data datapartType=\"xml\" filename=\"fraga-{i}.xml\" no-of-bytes=\"333\"/>"
                )
            })
            .collect();
        let xml = format!(
            "<shs.label version=\"1.2\" tx.id=\"m\" corr.id=\"m\" transfer-type=\"asynch\" sequence-type=\"request\"><originator value=\"urn:X-shs:2120000142\"/><to>urn:X-shs:2021005521</to><product>{PRODUCT_ID}</product><datetime>x</datetime><content content.id=\"c\">{data}</content></shs.label>"
        );
        assert_eq!(parse_label(xml.as_bytes()).unwrap().data.len(), 10_000);
    }
}
