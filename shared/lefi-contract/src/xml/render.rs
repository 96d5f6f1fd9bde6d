//! Writing the answer documents (`Svar`, `Felsvar`, `TillgangligaInformationstyper`)
//! from their JSON, guided by the XSD itself: the schema is read once (with the same
//! reader as queries) into a model of its types, and the JSON is walked along it, so
//! the elements come in the schema's order whatever the order of the JSON object's keys.
//!
//! What the schema has no place for is left out: a property it does not know, or a
//! value of the wrong JSON type (the v9 contract's own example sends `ersattning` as an
//! object where its schema says string). So the output always validates.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::Value;

use crate::xml::reader::{self, Element};
use crate::xml::{NAMESPACE, XSD};

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// A built-in simple type the generated part of the schema uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    String,
    Date,
    DateTime,
    Integer,
    Double,
    Boolean,
}

#[derive(Debug)]
enum Content {
    Simple(Base),
    Complex(Vec<Particle>),
    /// `<post nyckel="…">value</post>`*: a JSON object of `additionalProperties`.
    Map(Base),
}

#[derive(Debug)]
enum TypeRef {
    Named(String),
    Inline(Content),
}

#[derive(Debug)]
struct Particle {
    name: String,
    ty: TypeRef,
    repeated: bool,
}

#[derive(Debug)]
struct Model {
    types: HashMap<String, Content>,
}

fn attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attributes
        .iter()
        .find(|a| a.ns.is_none() && a.name == name)
        .map(|a| a.value.as_str())
}

fn xs_children<'e>(element: &'e Element, name: &'e str) -> impl Iterator<Item = &'e Element> {
    element.children.iter().filter(move |c| c.is(XS, name))
}

fn base(qname: &str) -> Option<Base> {
    Some(match qname.strip_prefix("xs:")? {
        "string" | "token" => Base::String,
        "date" => Base::Date,
        "dateTime" => Base::DateTime,
        "integer" | "long" | "int" => Base::Integer,
        "double" | "decimal" => Base::Double,
        "boolean" => Base::Boolean,
        _ => return None,
    })
}

fn type_ref(qname: &str) -> TypeRef {
    match base(qname) {
        Some(b) => TypeRef::Inline(Content::Simple(b)),
        None => TypeRef::Named(qname.rsplit(':').next().unwrap_or(qname).to_owned()),
    }
}

fn simple_type(element: &Element) -> Content {
    let base = xs_children(element, "restriction")
        .next()
        .and_then(|r| attr(r, "base"))
        .and_then(base);
    Content::Simple(base.unwrap_or(Base::String))
}

fn complex_type(element: &Element) -> Content {
    if let Some(extension) = xs_children(element, "simpleContent")
        .next()
        .and_then(|s| xs_children(s, "extension").next())
    {
        return Content::Simple(
            attr(extension, "base")
                .and_then(base)
                .unwrap_or(Base::String),
        );
    }
    let particles = xs_children(element, "sequence")
        .flat_map(|s| xs_children(s, "element"))
        .map(particle)
        .collect();
    Content::Complex(particles)
}

fn particle(element: &Element) -> Particle {
    let name = attr(element, "name").unwrap_or_default().to_owned();
    // The generator writes `maxOccurs` on exactly the elements of a JSON array (even
    // `maxOccurs="1"`, v9's `maxItems: 1`).
    let repeated = attr(element, "maxOccurs").is_some();
    let ty = if let Some(t) = attr(element, "type") {
        type_ref(t)
    } else if let Some(s) = xs_children(element, "simpleType").next() {
        TypeRef::Inline(simple_type(s))
    } else if let Some(c) = xs_children(element, "complexType").next() {
        let content = complex_type(c);
        // The map pattern: one repeated `post` of simple content with a key attribute.
        match content {
            Content::Complex(ref particles)
                if particles.len() == 1 && particles[0].name == "post" && particles[0].repeated =>
            {
                match &particles[0].ty {
                    TypeRef::Inline(Content::Simple(b)) => TypeRef::Inline(Content::Map(*b)),
                    _ => TypeRef::Inline(content),
                }
            }
            other => TypeRef::Inline(other),
        }
    } else {
        TypeRef::Inline(Content::Simple(Base::String))
    };
    Particle { name, ty, repeated }
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let limits = reader::Limits {
            bytes: usize::MAX,
            elements: usize::MAX,
            ..reader::LIMITS
        };
        // The schema is ours and compiled in; `tests/xml.rs` checks it reads.
        let schema = reader::read(XSD.as_bytes(), limits).unwrap_or_default();
        let mut types = HashMap::new();
        for child in &schema.children {
            let Some(name) = attr(child, "name") else {
                continue;
            };
            if child.is(XS, "complexType") {
                types.insert(name.to_owned(), complex_type(child));
            } else if child.is(XS, "simpleType") {
                types.insert(name.to_owned(), simple_type(child));
            }
        }
        Model { types }
    })
}

/// Text as XML character data or attribute value: escaped, and characters XML cannot
/// carry replaced by U+FFFD.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// The lexical form of a JSON scalar as `base`, if it is one.
fn scalar(base: Base, value: &Value) -> Option<String> {
    match (base, value) {
        (Base::String | Base::Date | Base::DateTime, Value::String(s)) => Some(s.clone()),
        (Base::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (Base::Integer, Value::Number(n)) => {
            if n.is_i64() || n.is_u64() {
                Some(n.to_string())
            } else {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| format!("{f:.0}"))
            }
        }
        (Base::Double, Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

struct Writer<'m> {
    model: &'m Model,
    out: String,
}

impl<'m> Writer<'m> {
    fn content(&self, ty: &'m TypeRef) -> Option<&'m Content> {
        match ty {
            TypeRef::Named(name) => self.model.types.get(name),
            TypeRef::Inline(content) => Some(content),
        }
    }

    /// Writes `<name …>value</name>` if the value fits the type.
    fn element(&mut self, name: &str, content: &'m Content, value: &Value, root: bool) {
        let xmlns = if root {
            format!(" xmlns=\"{NAMESPACE}\"")
        } else {
            String::new()
        };
        match content {
            Content::Simple(base) => {
                if let Some(text) = scalar(*base, value) {
                    let _ = write!(self.out, "<{name}{xmlns}>");
                    escape(&text, &mut self.out);
                    let _ = write!(self.out, "</{name}>");
                }
            }
            Content::Map(base) => {
                let Value::Object(map) = value else { return };
                let _ = write!(self.out, "<{name}{xmlns}>");
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                for key in keys {
                    if let Some(text) = scalar(*base, &map[key]) {
                        self.out.push_str("<post nyckel=\"");
                        escape(key, &mut self.out);
                        self.out.push_str("\">");
                        escape(&text, &mut self.out);
                        self.out.push_str("</post>");
                    }
                }
                let _ = write!(self.out, "</{name}>");
            }
            Content::Complex(particles) => {
                let Value::Object(map) = value else { return };
                let _ = write!(self.out, "<{name}{xmlns}>");
                for particle in particles {
                    let Some(child) = map.get(&particle.name) else {
                        continue;
                    };
                    let Some(content) = self.content(&particle.ty) else {
                        continue;
                    };
                    match (particle.repeated, child) {
                        (true, Value::Array(items)) => {
                            for item in items {
                                self.element(&particle.name, content, item, false);
                            }
                        }
                        (true, _) | (_, Value::Null | Value::Array(_)) => {}
                        (false, value) => self.element(&particle.name, content, value, false),
                    }
                }
                let _ = write!(self.out, "</{name}>");
            }
        }
    }
}

/// The document `root` (a global element of the schema) of type `ty`.
pub(crate) fn document(root: &str, ty: &str, value: &Value) -> String {
    let model = model();
    let mut writer = Writer {
        model,
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
    };
    match model.types.get(ty) {
        Some(content) if value.is_object() => writer.element(root, content, value, true),
        _ => {
            let _ = write!(writer.out, "<{root} xmlns=\"{NAMESPACE}\"/>");
        }
    }
    writer.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_reads_into_a_model_of_every_answer_type() {
        let model = model();
        for ty in [
            "LefiExternFormansinformationSvar",
            "LefiFelsvar",
            "LefiExternTillgangligaInformationstyper",
            "FragaTyp",
        ] {
            assert!(model.types.contains_key(ty), "{ty}");
        }
        assert!(model.types.len() > 200);
    }
}
