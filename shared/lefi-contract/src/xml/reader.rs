//! The one reader of XML documents from outside (the XML channel and SSEK): bytes to a
//! small, namespace-resolved element tree, refusing everything a hostile sender could use.
//!
//! Refused, each with a Swedish message and never a panic: anything but UTF-8 (a UTF-8
//! byte order mark is fine; `encoding` in the declaration must say UTF-8), characters XML
//! 1.0 does not allow, malformed XML, any `<!DOCTYPE …>` (so no DTD, no entity
//! declarations: no external entities, no "billion laughs"), references to entities
//! other than the five predefined ones and character references, processing
//! instructions (the XML declaration aside), undeclared namespace prefixes, and
//! documents over [`Limits`]. quick-xml itself never resolves external resources.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// Bounds on what one document may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub bytes: usize,
    pub depth: usize,
    pub elements: usize,
    pub attributes: usize,
    /// Characters of text in one element.
    pub text: usize,
}

pub(crate) const LIMITS: Limits = Limits {
    bytes: 256 * 1024,
    depth: 32,
    elements: 10_000,
    attributes: 32,
    text: 16 * 1024,
};

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// Not well-formed XML, or not in an encoding we read.
    Malformed(String),
    /// Well-formed, perhaps, but using what we refuse (DTD, entities, PIs).
    Forbidden(String),
    /// Over one of the [`Limits`].
    TooLarge(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    pub ns: Option<String>,
    pub name: String,
    pub value: String,
}

/// An element: its namespace and local name, attributes (namespace declarations left
/// out), child elements, and its own text (character data, CDATA and references,
/// concatenated across comments and children, line ends normalized).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Element {
    pub ns: Option<String>,
    pub name: String,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns.as_deref() == Some(ns) && self.name == name
    }

    /// The text has something other than XML white space.
    pub fn has_content_text(&self) -> bool {
        !self.text.chars().all(is_xml_space)
    }
}

pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn malformed(message: impl Into<String>) -> ReadError {
    ReadError::Malformed(message.into())
}

/// Reads a document into its root element.
pub(crate) fn read(bytes: &[u8], limits: Limits) -> Result<Element, ReadError> {
    if bytes.len() > limits.bytes {
        return Err(ReadError::TooLarge(format!(
            "Dokumentet är för stort: högst {} byte.",
            limits.bytes
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\0")
        || bytes.get(1) == Some(&0)
    {
        return Err(malformed(
            "Dokumentet är inte kodat i UTF-8 (UTF-16 stöds inte).",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        malformed("Dokumentet är inte giltig UTF-8 (andra teckenkodningar stöds inte).")
    })?;
    if let Some(bad) = text.chars().find(|c| !is_xml_char(*c)) {
        return Err(malformed(format!(
            "Dokumentet innehåller ett tecken som XML inte tillåter (U+{:04X}).",
            u32::from(bad)
        )));
    }
    if text.starts_with("<?xml") && text[5..].starts_with(is_xml_space) {
        declaration_syntax(&text[5..])?;
    }
    Parser {
        reader: NsReader::from_str(text),
        limits,
        stack: Vec::new(),
        text_lengths: Vec::new(),
        root: None,
        elements: 0,
        first: true,
    }
    .run()
}

struct Parser<'i> {
    reader: NsReader<&'i [u8]>,
    limits: Limits,
    stack: Vec<Element>,
    /// Characters of text so far in each open element (counting them again would be
    /// quadratic in the number of references).
    text_lengths: Vec<usize>,
    root: Option<Element>,
    elements: usize,
    first: bool,
}

impl Parser<'_> {
    fn run(mut self) -> Result<Element, ReadError> {
        let config = self.reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        config.allow_dangling_amp = false;
        config.allow_unmatched_ends = false;
        loop {
            let first = std::mem::replace(&mut self.first, false);
            let (ns, event) = self
                .reader
                .read_resolved_event()
                .map_err(|e| malformed(format!("Dokumentet är inte välformad XML: {e}.")))?;
            let ns = match ns {
                ResolveResult::Bound(ns) => Some(ns.as_ref().to_owned()),
                ResolveResult::Unbound => None,
                ResolveResult::Unknown(prefix) => {
                    return Err(malformed(format!(
                        "Namnrymdsprefixet «{prefix}» är inte deklarerat."
                    )));
                }
            };
            match event {
                Event::Decl(decl) => {
                    if !first {
                        return Err(malformed("XML-deklarationen måste stå först i dokumentet."));
                    }
                    check_declaration(&decl)?;
                }
                Event::DocType(_) => {
                    return Err(ReadError::Forbidden(
                        "Dokumentet får inte ha någon DOCTYPE eller DTD.".into(),
                    ));
                }
                Event::PI(_) => {
                    return Err(ReadError::Forbidden(
                        "Dokumentet får inte innehålla bearbetningsinstruktioner (<?…?>).".into(),
                    ));
                }
                Event::Comment(_) => {}
                Event::Start(start) => {
                    let element = self.element(ns, &start)?;
                    self.open(element)?;
                }
                Event::Empty(start) => {
                    let element = self.element(ns, &start)?;
                    self.open(element)?;
                    self.close()?;
                }
                Event::End(_) => self.close()?,
                Event::Text(text) => self.text(&text.xml10_content())?,
                Event::CData(cdata) => {
                    let content = cdata.xml10_content();
                    if self.stack.is_empty() {
                        return Err(malformed("Text utanför rotelementet."));
                    }
                    self.text(&content)?;
                }
                Event::GeneralRef(reference) => {
                    let c = match reference.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => c,
                        Ok(Some(_)) | Err(_) => {
                            return Err(malformed("Ogiltig teckenreferens."));
                        }
                        Ok(None) => match reference.as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            _ => {
                                return Err(ReadError::Forbidden(
                                    "Dokumentet får bara använda de fördefinierade entiteterna \
                                     (&lt; &gt; &amp; &apos; &quot;) och teckenreferenser."
                                        .into(),
                                ));
                            }
                        },
                    };
                    if self.stack.is_empty() {
                        return Err(malformed("Text utanför rotelementet."));
                    }
                    self.text(c.encode_utf8(&mut [0; 4]))?;
                }
                Event::Eof => {
                    return match (self.root, self.stack.is_empty()) {
                        (Some(root), true) => Ok(root),
                        (_, false) => Err(malformed("Dokumentet tar slut mitt i ett element.")),
                        (None, true) => Err(malformed("Dokumentet har inget rotelement.")),
                    };
                }
            }
        }
    }

    fn element(
        &self,
        ns: Option<String>,
        start: &quick_xml::events::BytesStart<'_>,
    ) -> Result<Element, ReadError> {
        let name = start.local_name().into_inner().to_owned();
        let mut attributes = Vec::new();
        let mut all = start.attributes();
        all.with_checks(true);
        for attribute in all {
            let attribute = attribute.map_err(|e| malformed(format!("Ogiltigt attribut: {e}.")))?;
            let key = attribute.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            if attributes.len() >= self.limits.attributes {
                return Err(ReadError::TooLarge(
                    "Ett element har för många attribut.".into(),
                ));
            }
            let (resolved, local) = self.reader.resolver().resolve_attribute(attribute.key);
            let ns = match resolved {
                ResolveResult::Bound(ns) => Some(ns.as_ref().to_owned()),
                ResolveResult::Unbound => None,
                ResolveResult::Unknown(prefix) => {
                    return Err(malformed(format!(
                        "Namnrymdsprefixet «{prefix}» är inte deklarerat."
                    )));
                }
            };
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| malformed(format!("Ogiltigt attributvärde: {e}.")))?;
            if value.chars().any(|c| !is_xml_char(c) || c == '<') {
                return Err(malformed("Ogiltigt tecken i ett attributvärde."));
            }
            attributes.push(Attribute {
                ns,
                name: local.into_inner().to_owned(),
                value: value.into_owned(),
            });
        }
        Ok(Element {
            ns,
            name,
            attributes,
            ..Element::default()
        })
    }

    fn open(&mut self, element: Element) -> Result<(), ReadError> {
        if self.root.is_some() {
            return Err(malformed("Dokumentet har mer än ett rotelement."));
        }
        self.elements += 1;
        if self.elements > self.limits.elements {
            return Err(ReadError::TooLarge(
                "Dokumentet har för många element.".into(),
            ));
        }
        if self.stack.len() >= self.limits.depth {
            return Err(ReadError::TooLarge(format!(
                "Dokumentet är nästlat för djupt: högst {} nivåer.",
                self.limits.depth
            )));
        }
        self.stack.push(element);
        self.text_lengths.push(0);
        Ok(())
    }

    fn close(&mut self) -> Result<(), ReadError> {
        let element = self
            .stack
            .pop()
            .ok_or_else(|| malformed("Ett sluttagg utan starttagg."))?;
        self.text_lengths.pop();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
        Ok(())
    }

    fn text(&mut self, content: &str) -> Result<(), ReadError> {
        match (self.stack.last_mut(), self.text_lengths.last_mut()) {
            (Some(element), Some(length)) => {
                *length += content.chars().count();
                if *length > self.limits.text {
                    return Err(ReadError::TooLarge(format!(
                        "Ett element har för lång text: högst {} tecken.",
                        self.limits.text
                    )));
                }
                element.text.push_str(content);
                Ok(())
            }
            _ if content.chars().all(is_xml_space) => Ok(()),
            _ => Err(malformed("Text utanför rotelementet.")),
        }
    }
}

/// The XML declaration's grammar, strictly (quick-xml is lenient here): `rest` follows
/// `<?xml`.
fn declaration_syntax(rest: &str) -> Result<(), ReadError> {
    let bad = || malformed("Ogiltig XML-deklaration.");
    let mut cursor = rest;
    let space = |c: &mut &str| {
        let before = c.len();
        *c = c.trim_start_matches(is_xml_space);
        c.len() < before
    };
    let pseudo_attribute = |c: &mut &str, name: &str, ok: &dyn Fn(&str) -> bool| -> bool {
        let Some(after) = c.strip_prefix(name) else {
            return false;
        };
        let after = after.trim_start_matches(is_xml_space);
        let Some(after) = after.strip_prefix('=') else {
            return false;
        };
        let after = after.trim_start_matches(is_xml_space);
        let Some(quote) = after.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            return false;
        };
        let Some((value, after)) = after[1..].split_once(quote) else {
            return false;
        };
        *c = after;
        ok(value)
    };
    let enc_name = |v: &str| {
        v.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    // XML 1.0 (fifth edition) reads any `1.x` as 1.0; libxml2 also takes `1.`.
    let version = |v: &str| {
        v.strip_prefix("1.")
            .is_some_and(|minor| minor.bytes().all(|b| b.is_ascii_digit()))
    };
    if !space(&mut cursor) || !pseudo_attribute(&mut cursor, "version", &version) {
        return Err(bad());
    }
    // XML wants white space between the pseudo-attributes; libxml2 (the schema's
    // reference validator) does without it before `standalone`, and so do we: the
    // differential test compares.
    let spaced = space(&mut cursor);
    if spaced && cursor.starts_with("encoding") {
        if !pseudo_attribute(&mut cursor, "encoding", &enc_name) {
            return Err(bad());
        }
        space(&mut cursor);
    }
    if cursor.starts_with("standalone")
        && !pseudo_attribute(&mut cursor, "standalone", &|v| v == "yes" || v == "no")
    {
        return Err(bad());
    }
    space(&mut cursor);
    if cursor.starts_with("?>") {
        Ok(())
    } else {
        Err(bad())
    }
}

fn check_declaration(decl: &quick_xml::events::BytesDecl<'_>) -> Result<(), ReadError> {
    let version = decl
        .version()
        .map_err(|e| malformed(format!("Ogiltig XML-deklaration: {e}.")))?;
    if !version.starts_with("1.") {
        return Err(malformed("Bara XML version 1.0 stöds."));
    }
    if let Some(encoding) = decl.encoding() {
        let encoding = encoding.map_err(|e| malformed(format!("Ogiltig XML-deklaration: {e}.")))?;
        if !(encoding.eq_ignore_ascii_case("UTF-8") || encoding.eq_ignore_ascii_case("UTF8")) {
            return Err(malformed(format!(
                "Teckenkodningen «{}» stöds inte: skicka UTF-8.",
                encoding
            )));
        }
    }
    if let Some(standalone) = decl.standalone() {
        let standalone =
            standalone.map_err(|e| malformed(format!("Ogiltig XML-deklaration: {e}.")))?;
        if standalone.as_ref() != "yes" && standalone.as_ref() != "no" {
            return Err(malformed(
                "Ogiltig XML-deklaration: standalone ska vara yes eller no.",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> Result<Element, ReadError> {
        read(s.as_bytes(), LIMITS)
    }

    #[test]
    fn a_document_reads_into_a_namespace_resolved_tree() {
        let root = read_str(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a:R xmlns:a=\"urn:x\" b=\"1\"><a:C>x&amp;<![CDATA[<y>]]>&#65;<!-- c -->z</a:C><D/></a:R>",
        )
        .unwrap();
        assert!(root.is("urn:x", "R"));
        assert_eq!(root.attributes[0].name, "b");
        assert_eq!(root.children[0].text, "x&<y>Az");
        assert_eq!(root.children[1].ns, None);
    }

    #[test]
    fn hostile_documents_are_refused_with_a_message() {
        let cases = [
            "<!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>",
            "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>",
            "<r>&xxe;</r>",
            "<?xml-stylesheet href=\"x\"?><r/>",
            "<r><?pi x?></r>",
            "<r>&#1;</r>",
            "<r>\u{1}</r>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>",
            "<r><a></r>",
            "<r/><r/>",
            "x<r/>",
            "",
            "<p:r/>",
            "<r a=\"1\" a=\"2\"/>",
            "<r>",
        ];
        for case in cases {
            assert!(read_str(case).is_err(), "accepted: {case}");
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(matches!(read_str(&deep), Err(ReadError::TooLarge(_))));
        let long = format!("<a>{}</a>", "x".repeat(LIMITS.text + 1));
        assert!(matches!(read_str(&long), Err(ReadError::TooLarge(_))));
        assert!(read(b"<a>\xFF</a>", LIMITS).is_err());
        assert!(read(b"\xFF\xFE<\0a\0/\0>\0", LIMITS).is_err());
        assert!(read(&vec![b' '; LIMITS.bytes + 1], LIMITS).is_err());
    }
}
