//! The answer documents of `xml/lefi-online.xsd` (`Svar`, `Felsvar`,
//! `TillgangligaInformationstyper`) are generated, mechanically, from the component
//! schemas of our OpenAPI document (`openapi/lefi-online.openapi.yaml`), and the committed
//! XSD must be what this generator produces now.
//!
//! The mapping:
//!
//! - a schema with `properties` is an `xs:complexType` of the same name, its properties
//!   as an `xs:sequence` of elements named like the JSON properties, in the order of
//!   Rust's `str` (code points), each `minOccurs="0"` unless required;
//! - an array is its element repeated (`maxOccurs` = `maxItems`, else `unbounded`;
//!   always `minOccurs="0"`: an empty list has no elements, so `[]` and an absent list
//!   read alike in XML);
//! - an object of `additionalProperties` (a map, e.g. `uppgifterFranOchMed`) is a list
//!   of `<post nyckel="key">value</post>`, in key order;
//! - `string` is `xs:string` (`format: date` → `xs:date`, `date-time` → `xs:dateTime`),
//!   `integer` → `xs:integer`, `number` → `xs:double`, `boolean` → `xs:boolean`; an
//!   `enum` restricts its base to the values. The JSON `pattern`s are not carried over
//!   (ECMA and XSD regexes differ, and the answer is ours).
//!
//! Regenerate with `LEFI_REGENERATE_XSD=1 cargo test -p lefi-contract --test xsd`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

const BEGIN: &str =
    "  <!-- BEGIN GENERATED from openapi/lefi-online.openapi.yaml by tests/xsd.rs -->\n";
const END: &str = "  <!-- END GENERATED -->\n";

/// Root elements of the answer documents and their schemas.
const ROOTS: &[(&str, &str)] = &[
    ("Svar", "LefiExternFormansinformationSvar"),
    ("Felsvar", "LefiFelsvar"),
    (
        "TillgangligaInformationstyper",
        "LefiExternTillgangligaInformationstyper",
    ),
];

/// The name of the element of one entry of a map, and of its key attribute.
const MAP_ENTRY: &str = "post";
const MAP_KEY: &str = "nyckel";

struct Generator<'a> {
    schemas: &'a serde_json::Map<String, Value>,
    out: String,
}

fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn base_type(schema: &Value) -> &'static str {
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("string"), Some("date")) => "xs:date",
        (Some("string"), Some("date-time")) => "xs:dateTime",
        (Some("string"), _) => "xs:string",
        (Some("integer"), _) => "xs:integer",
        (Some("number"), _) => "xs:double",
        (Some("boolean"), _) => "xs:boolean",
        other => panic!("no XSD type for {other:?} in {schema}"),
    }
}

impl Generator<'_> {
    fn reachable(&self) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = ROOTS.iter().map(|(_, s)| (*s).to_owned()).collect();
        while let Some(name) = todo.pop() {
            if seen.insert(name.clone()) {
                collect_refs(&self.schemas[&name], &mut todo);
            }
        }
        seen
    }

    fn named(&mut self, name: &str) {
        let schema = &self.schemas[name];
        if schema.get("enum").is_some() {
            writeln!(self.out, "  <xs:simpleType name=\"{name}\">").unwrap();
            self.restriction(schema, "    ");
            self.out.push_str("  </xs:simpleType>\n");
        } else if schema["type"] == "object" && schema.get("additionalProperties").is_none() {
            writeln!(self.out, "  <xs:complexType name=\"{name}\">").unwrap();
            self.sequence(schema, "    ");
            self.out.push_str("  </xs:complexType>\n");
        } else {
            panic!("{name}: neither an enum nor an object with properties");
        }
    }

    fn restriction(&mut self, schema: &Value, indent: &str) {
        let base = base_type(schema);
        writeln!(self.out, "{indent}<xs:restriction base=\"{base}\">").unwrap();
        for value in schema["enum"].as_array().unwrap() {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(
                self.out,
                "{indent}  <xs:enumeration value=\"{}\"/>",
                escape(&value)
            )
            .unwrap();
        }
        writeln!(self.out, "{indent}</xs:restriction>").unwrap();
    }

    fn sequence(&mut self, schema: &Value, indent: &str) {
        let required: BTreeSet<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if properties.is_empty() {
            writeln!(self.out, "{indent}<xs:sequence/>").unwrap();
            return;
        }
        writeln!(self.out, "{indent}<xs:sequence>").unwrap();
        let mut names: Vec<&String> = properties.keys().collect();
        names.sort();
        for name in names {
            let property = &properties[name];
            let inner = format!("{indent}  ");
            if property["type"] == "array" {
                let max = property["maxItems"]
                    .as_u64()
                    .map_or("unbounded".to_owned(), |m| m.to_string());
                let occurs = format!(" minOccurs=\"0\" maxOccurs=\"{max}\"");
                self.element(name, &property["items"], &occurs, &inner);
            } else {
                let occurs = if required.contains(name.as_str()) {
                    ""
                } else {
                    " minOccurs=\"0\""
                };
                self.element(name, property, occurs, &inner);
            }
        }
        writeln!(self.out, "{indent}</xs:sequence>").unwrap();
    }

    /// One element of type `schema` (a `$ref`, a scalar, an enum, an object or a map).
    fn element(&mut self, name: &str, schema: &Value, occurs: &str, indent: &str) {
        let open = format!("{indent}<xs:element name=\"{name}\"{occurs}");
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            writeln!(self.out, "{open} type=\"{}\"/>", ref_name(reference)).unwrap();
        } else if schema.get("enum").is_some() {
            writeln!(self.out, "{open}>\n{indent}  <xs:simpleType>").unwrap();
            self.restriction(schema, &format!("{indent}    "));
            writeln!(
                self.out,
                "{indent}  </xs:simpleType>\n{indent}</xs:element>"
            )
            .unwrap();
        } else if let Some(value) = schema.get("additionalProperties") {
            assert!(value.get("$ref").is_none() && value.get("enum").is_none());
            let base = base_type(value);
            let i = indent;
            writeln!(
                self.out,
                "{open}>\n{i}  <xs:complexType>\n{i}    <xs:sequence>\n\
                 {i}      <xs:element name=\"{MAP_ENTRY}\" minOccurs=\"0\" maxOccurs=\"unbounded\">\n\
                 {i}        <xs:complexType>\n{i}          <xs:simpleContent>\n\
                 {i}            <xs:extension base=\"{base}\">\n\
                 {i}              <xs:attribute name=\"{MAP_KEY}\" type=\"xs:string\" use=\"required\"/>\n\
                 {i}            </xs:extension>\n{i}          </xs:simpleContent>\n\
                 {i}        </xs:complexType>\n{i}      </xs:element>\n\
                 {i}    </xs:sequence>\n{i}  </xs:complexType>\n{i}</xs:element>"
            )
            .unwrap();
        } else if schema["type"] == "object" {
            writeln!(self.out, "{open}>\n{indent}  <xs:complexType>").unwrap();
            self.sequence(schema, &format!("{indent}    "));
            writeln!(
                self.out,
                "{indent}  </xs:complexType>\n{indent}</xs:element>"
            )
            .unwrap();
        } else {
            writeln!(self.out, "{open} type=\"{}\"/>", base_type(schema)).unwrap();
        }
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, sub) in map {
                match (key.as_str(), sub.as_str()) {
                    ("$ref", Some(r)) => out.push(ref_name(r).to_owned()),
                    _ => collect_refs(sub, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// The generated part of the XSD, markers included.
fn generate() -> String {
    let openapi: Value =
        serde_norway::from_str(include_str!("../openapi/lefi-online.openapi.yaml")).unwrap();
    let mut generator = Generator {
        schemas: openapi["components"]["schemas"].as_object().unwrap(),
        out: String::from(BEGIN),
    };
    for (element, schema) in ROOTS {
        writeln!(
            generator.out,
            "  <xs:element name=\"{element}\" type=\"{schema}\"/>"
        )
        .unwrap();
    }
    for name in generator.reachable() {
        generator.named(&name);
    }
    generator.out.push_str(END);
    generator.out
}

#[test]
fn the_committed_xsd_is_what_the_generator_makes_of_our_openapi_document() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("xml/lefi-online.xsd");
    let committed = std::fs::read_to_string(&path).unwrap();
    let start = committed.find(BEGIN).expect("the BEGIN marker");
    let end = committed.find(END).expect("the END marker") + END.len();
    let generated = generate();
    let now = format!("{}{generated}{}", &committed[..start], &committed[end..]);
    if std::env::var_os("LEFI_REGENERATE_XSD").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    assert!(
        committed == now,
        "xml/lefi-online.xsd is stale: run LEFI_REGENERATE_XSD=1 cargo test -p lefi-contract --test xsd"
    );
    assert_eq!(committed, lefi_contract::xml::XSD);
}
