//! The XML channel against an independent XSD validator, `xmllint` (libxml2), used as a
//! test oracle only.
//!
//! - V8, differential: a seeded generator writes thousands of query documents — valid
//!   ones in many spellings (prefixes, comments, CDATA, character references, white
//!   space) and mutations of them (missing, extra, repeated, reordered, renamed and
//!   re-namespaced elements, attributes, text where elements belong, values at and past
//!   every length and pattern bound). `xmllint --schema xml/lefi-online.xsd` judges them
//!   all; `parse_query` must accept exactly the documents xmllint accepts. The one
//!   exception is policy: DTDs, processing instructions and `xsi:type`, which the
//!   schema allows and we refuse (hostile input; no type substitution). Such documents
//!   are counted apart, and must be refused.
//! - The answers: maximal examples of every answer schema of our OpenAPI document (every
//!   property present), random subsets of them, and the v9 contract's own example answer
//!   are rendered and validated by xmllint; the maximal ones must lose no value.
//!
//! Without xmllint the tests print a note and pass, unless `CI` is set: then they fail
//! and say `apt-get install libxml2-utils`.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use lefi_contract::xml::{self, XmlError};
use serde_json::{Map, Value, json};

const NS: &str = xml::NAMESPACE;

fn xsd_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("xml/lefi-online.xsd")
}

/// `true` when xmllint can be run; otherwise a note, or a failure under CI.
fn have_xmllint() -> bool {
    let found = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing: apt-get install libxml2-utils"
        );
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: xmllint is missing (apt-get install libxml2-utils); the XSD tests are skipped."
        );
    }
    found
}

/// xmllint's verdict on each document: valid against the XSD or not.
fn xmllint_accepts(documents: &[Vec<u8>]) -> Vec<bool> {
    let dir = std::env::temp_dir().join(format!("lefi-xml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut verdicts = Vec::with_capacity(documents.len());
    for (chunk_index, chunk) in documents.chunks(500).enumerate() {
        let paths: Vec<PathBuf> = chunk
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                let path = dir.join(format!("d{chunk_index}-{i}.xml"));
                std::fs::write(&path, doc).unwrap();
                path
            })
            .collect();
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--nonet")
            .arg("--schema")
            .arg(xsd_path())
            .args(&paths)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        for path in &paths {
            let line = format!("{} validates", path.display());
            verdicts.push(stderr.lines().any(|l| l == line));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    verdicts
}

/// A small seeded generator (SplitMix64): the same documents on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

#[derive(Debug, Clone)]
enum Body {
    Text(String),
    Children(Vec<Part>),
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    /// `Some("")` puts the element in no namespace (`xmlns=""`), `Some(uri)` in another.
    namespace: Option<String>,
    attribute: Option<String>,
    body: Body,
}

fn leaf(name: &str, text: &str) -> Part {
    Part {
        name: name.into(),
        namespace: None,
        attribute: None,
        body: Body::Text(text.into()),
    }
}

fn node(name: &str, children: Vec<Part>) -> Part {
    Part {
        name: name.into(),
        namespace: None,
        attribute: None,
        body: Body::Children(children),
    }
}

const DATES: &[&str] = &["2023-01-01", "2024-02-29", "2023-02-30", "0000-99-99"];
const BAD_DATES: &[&str] = &[
    "2023-1-01",
    "20230101",
    " 2023-01-01",
    "2023-01-01 ",
    "2023/01/01",
    "２０２３-01-01",
    "",
    "2023-01-011",
];
const CODES: &[&str] = &[
    "FK:SJP",
    "PM:AP",
    "LEFI:UTB",
    "FK:GEPI",
    "FK:NOPE",
    "ABCDEFGH:0123456789ABCDEF",
];
const BAD_CODES: &[&str] = &[
    "fk:sjp",
    "FKSJP",
    "FK:",
    ":SJP",
    "ABCDEFGHI:X",
    "FK:0123456789ABCDEFG",
    "FK:SJP ",
    "FK:S-P",
    "FK:SJP:X",
];
const PNRS: &[&str] = &[
    "197407029284",
    "7407029284",
    "19740702-9284",
    "x",
    "",
    "1234567890123",
    "  12  ",
];
const BAD_PNRS: &[&str] = &["12345678901234", "19740702-92845"];

fn valid_id(rng: &mut Rng) -> String {
    let alphabet = b"abcXYZ019._:-";
    let len = if rng.chance(20) {
        64
    } else {
        1 + rng.below(20)
    };
    let mut id: String = (0..len).map(|_| rng.pick(alphabet) as char).collect();
    if rng.chance(20) {
        // xs:token: surrounding white space is collapsed away.
        id = format!(" \n{id}\t ");
    }
    id
}

fn bad_id(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => "a".repeat(65),
        1 => "a b".into(),
        2 => String::new(),
        3 => "   ".into(),
        _ => "ab/c".into(),
    }
}

fn code_list(rng: &mut Rng, name: &str) -> Part {
    let count = match rng.below(10) {
        0 => 0,
        1 => 64,
        _ => 1 + rng.below(4),
    };
    node(
        name,
        (0..count).map(|_| leaf("Kod", rng.pick(CODES))).collect(),
    )
}

const FREE_TEXTS: &[&str] = &[
    "",
    "Utredning av försörjningsstöd",
    "4 kap. 1 § SoL",
    "SOC 2026/17",
    "  blanksteg  ",
    "rad\nbrytning",
    "<b>fet</b> & så",
];

const LISTS: &[&str] = &[
    "Formansinformation",
    "Ansprak",
    "Beslut",
    "PreliminaraUtbetalningar",
    "Utbetalningar",
    "OvrigInformation",
];

fn valid_query(rng: &mut Rng) -> Part {
    let mut children = Vec::new();
    if rng.chance(50) {
        children.push(leaf("FrageId", &valid_id(rng)));
    }
    if rng.chance(30) {
        children.push(leaf("AktorsId", &valid_id(rng)));
    }
    children.push(leaf("Personnummer", rng.pick(PNRS)));
    children.push(node(
        "Period",
        vec![leaf("From", rng.pick(DATES)), leaf("Tom", rng.pick(DATES))],
    ));
    for list in LISTS {
        if rng.chance(35) {
            children.push(code_list(rng, list));
        }
    }
    // A4's free text: any text, the validator judges it (empty, long, any character).
    for field in ["Syfte", "RattsligGrund", "Arendereferens"] {
        if rng.chance(25) {
            children.push(leaf(field, rng.pick(FREE_TEXTS)));
        }
    }
    node("Fraga", children)
}

/// Every element of the tree, as a path of child indices.
fn paths(part: &Part, at: Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(at.clone());
    if let Body::Children(children) = &part.body {
        for (i, child) in children.iter().enumerate() {
            let mut next = at.clone();
            next.push(i);
            paths(child, next, out);
        }
    }
}

fn at_path<'a>(part: &'a mut Part, path: &[usize]) -> &'a mut Part {
    // Paths come from `paths`, so every index names a child.
    let Some((i, rest)) = path.split_first() else {
        return part;
    };
    if !matches!(part.body, Body::Children(_)) {
        return part;
    }
    match &mut part.body {
        Body::Children(children) => at_path(&mut children[*i], rest),
        Body::Text(_) => unreachable!(),
    }
}

fn mutate(rng: &mut Rng, mut root: Part) -> Part {
    let mut all = Vec::new();
    paths(&root, Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let target = at_path(&mut root, &path);
    match rng.below(13) {
        0 | 1 => {
            if let Body::Children(children) = &mut target.body
                && !children.is_empty()
            {
                let i = rng.below(children.len());
                children.remove(i);
            }
        }
        2 => {
            if let Body::Children(children) = &mut target.body
                && children.len() >= 2
            {
                let i = rng.below(children.len() - 1);
                children.swap(i, i + 1);
            }
        }
        3 => {
            if let Body::Children(children) = &mut target.body
                && !children.is_empty()
            {
                let i = rng.below(children.len());
                let copy = children[i].clone();
                children.insert(i, copy);
            }
        }
        4 => {
            if let Body::Children(children) = &mut target.body {
                let i = rng.below(children.len() + 1);
                let name = rng.pick(&["Okand", "Kod", "Period", "FrageId", "fraga"]);
                children.insert(i, leaf(name, "x"));
            }
        }
        5 => {
            target.name = match rng.below(3) {
                0 => target.name.to_lowercase(),
                1 => format!("{}X", target.name),
                _ => target.name.to_uppercase(),
            };
        }
        6 => {
            target.namespace = Some(
                rng.pick(&["", "urn:annan", "urn:se:forsakringskassan:lefi-online:2"])
                    .to_string(),
            );
        }
        7 => {
            target.attribute = Some(
                rng.pick(&[
                    "a=\"1\"",
                    "xml:lang=\"sv\"",
                    "Type=\"x\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
                     xsi:schemaLocation=\"urn:se:forsakringskassan:lefi-online:1 lefi-online.xsd\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
                     xsi:noNamespaceSchemaLocation=\"x.xsd\"",
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"",
                    "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" i:type=\"FragaTyp\"",
                ])
                .to_string(),
            );
        }
        8 => match &mut target.body {
            Body::Children(children) => children.push(leaf("__text__", "text")),
            Body::Text(text) => text.push('x'),
        },
        9 => {
            if let Body::Text(text) = &mut target.body {
                *text = match target.name.as_str() {
                    "From" | "Tom" => rng.pick(BAD_DATES).to_string(),
                    "Kod" => rng.pick(BAD_CODES).to_string(),
                    "Personnummer" => rng.pick(BAD_PNRS).to_string(),
                    _ => bad_id(rng),
                };
            }
        }
        10 => {
            if let Body::Children(children) = &mut target.body
                && target.name != "Fraga"
            {
                let name = if children.is_empty() {
                    "Kod".to_owned()
                } else {
                    children[0].name.clone()
                };
                while children.len() < 65 {
                    children.push(leaf(&name, "FK:SJP"));
                }
            }
        }
        11 => {
            // Replace an element's content with the other kind.
            target.body = match &target.body {
                Body::Text(_) => Body::Children(vec![leaf("Kod", "FK:SJP")]),
                Body::Children(_) => Body::Text("2023-01-01".into()),
            };
        }
        _ => {
            // The same tree with another spelling; mutation by the byte spoilers below.
        }
    }
    root
}

/// How a tree is spelt.
struct Style {
    prefix: Option<&'static str>,
    indent: bool,
    comments: bool,
    declaration: bool,
}

fn escape_text(rng: &mut Rng, text: &str, style: &Style) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            _ if rng.chance(3) => out.push_str(&format!("&#{};", u32::from(c))),
            _ if rng.chance(2) => out.push_str(&format!("<![CDATA[{c}]]>")),
            _ if style.comments && rng.chance(2) => out.push_str(&format!("{c}<!-- k -->")),
            _ => out.push(c),
        }
    }
    out
}

fn write_part(
    rng: &mut Rng,
    part: &Part,
    style: &Style,
    depth: usize,
    root: bool,
    out: &mut String,
) {
    if part.name == "__text__" {
        out.push_str("text");
        return;
    }
    let pad = if style.indent {
        "\n".to_owned() + &"  ".repeat(depth)
    } else {
        String::new()
    };
    out.push_str(&pad);
    let (name, mut decl) = match (&part.namespace, style.prefix) {
        (Some(ns), _) if ns.is_empty() => (part.name.clone(), " xmlns=\"\"".to_owned()),
        (Some(ns), _) => (format!("o:{}", part.name), format!(" xmlns:o=\"{ns}\"")),
        (None, Some(p)) => (format!("{p}:{}", part.name), String::new()),
        (None, None) => (part.name.clone(), String::new()),
    };
    if root {
        match style.prefix {
            Some(p) => decl.push_str(&format!(" xmlns:{p}=\"{NS}\"")),
            None => decl.push_str(&format!(" xmlns=\"{NS}\"")),
        }
    }
    let attribute = part
        .attribute
        .as_ref()
        .map(|a| format!(" {a}"))
        .unwrap_or_default();
    match &part.body {
        Body::Text(text) if text.is_empty() && rng.chance(50) => {
            out.push_str(&format!("<{name}{decl}{attribute}/>"));
        }
        Body::Text(text) => {
            let text = escape_text(rng, text, style);
            out.push_str(&format!("<{name}{decl}{attribute}>{text}</{name}>"));
        }
        Body::Children(children) if children.is_empty() && rng.chance(50) => {
            out.push_str(&format!("<{name}{decl}{attribute}/>"));
        }
        Body::Children(children) => {
            out.push_str(&format!("<{name}{decl}{attribute}>"));
            if style.comments && rng.chance(30) {
                out.push_str("<!-- en kommentar -->");
            }
            for child in children {
                write_part(rng, child, style, depth + 1, false, out);
            }
            out.push_str(&pad);
            out.push_str(&format!("</{name}>"));
        }
    }
}

fn write_document(rng: &mut Rng, root: &Part) -> String {
    let style = Style {
        prefix: if rng.chance(30) {
            Some(rng.pick(&["l", "lefi"]))
        } else {
            None
        },
        indent: rng.chance(60),
        comments: rng.chance(30),
        declaration: rng.chance(70),
    };
    let mut out = String::new();
    if style.declaration {
        out.push_str(rng.pick(&[
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<?xml version=\"1.0\"?>",
            "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n",
        ]));
    }
    write_part(rng, root, &style, 0, true, &mut out);
    if rng.chance(20) {
        out.push_str("\n<!-- slut -->\n");
    }
    out
}

/// Small byte-level damage: most of it makes the document malformed.
fn spoil(rng: &mut Rng, document: &str) -> String {
    let mut chars: Vec<char> = document.chars().collect();
    let i = rng.below(chars.len());
    match rng.below(3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(
            i,
            rng.pick(&['<', '>', '&', '/', '"', ' ', 'x', '\u{1}', ';', '\'']),
        ),
        _ => chars.truncate(i),
    }
    chars.into_iter().collect()
}

fn is_policy_case(document: &[u8]) -> bool {
    let text = String::from_utf8_lossy(document);
    let body = text.strip_prefix("<?xml ").map_or(&*text, |_| &text[5..]);
    body.contains("<?") || body.contains("<!DOCTYPE") || body.contains(" i:type=")
}

#[test]
fn v8_parse_query_accepts_exactly_what_xmllint_accepts() {
    if !have_xmllint() {
        return;
    }
    // LEFI_XML_DIFF_SEED and LEFI_XML_DIFF_N explore further than the default run.
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(env("LEFI_XML_DIFF_SEED", 0x1EF1_2026));
    let mut documents = Vec::new();
    for i in 0..env("LEFI_XML_DIFF_N", 4000) {
        let mut tree = valid_query(&mut rng);
        let mutations = match i % 4 {
            0 => 0,
            1 | 2 => 1,
            _ => 2,
        };
        for _ in 0..mutations {
            tree = mutate(&mut rng, tree);
        }
        let mut document = write_document(&mut rng, &tree);
        if i % 8 == 7 {
            document = spoil(&mut rng, &document);
        }
        documents.push(document.into_bytes());
    }
    let verdicts = xmllint_accepts(&documents);
    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected, mut policy) = (0, 0, 0);
    for (document, xmllint) in documents.iter().zip(&verdicts) {
        let ours = xml::parse_query(document);
        match (&ours, xmllint) {
            (Ok(_), true) => accepted += 1,
            (Err(_), false) => rejected += 1,
            // Our policy refuses what the schema would allow: a PI (a spoiled declaration
            // can become one), a DTD, or xsi:type (no type substitution).
            (Err(_), true) if is_policy_case(document) => policy += 1,
            _ => disagreements.push(format!(
                "xmllint {}, parse_query {:?}:\n{}",
                if *xmllint { "accepts" } else { "rejects" },
                ours.as_ref().err(),
                String::from_utf8_lossy(document)
            )),
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "differential: {accepted} accepted and {rejected} rejected by both, {policy} refused \
         by policy (PI/DTD/xsi:type), {} disagreements",
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} of {} documents judged differently; the first:\n{}",
        disagreements.len(),
        documents.len(),
        disagreements
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n----\n")
    );
    assert!(
        accepted > 800 && rejected > 800,
        "the generator lost its balance"
    );
}

#[test]
fn v8_every_rejection_is_xml_schema_with_a_location() {
    let mut rng = Rng(7);
    for _ in 0..500 {
        let valid = valid_query(&mut rng);
        let tree = mutate(&mut rng, valid);
        let document = write_document(&mut rng, &tree);
        if let Err(error) = xml::parse_query(document.as_bytes()) {
            for violation in error.violations() {
                assert_eq!(violation.code().as_str(), "XML_SCHEMA");
                assert!(!violation.falt.is_empty() && !violation.meddelande.is_empty());
            }
            assert!(!error.to_string().is_empty());
            if let XmlError::Schema(v) = &error {
                assert!(!v.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Answers

struct OpenApi(Value);

impl OpenApi {
    fn ours() -> Self {
        Self(serde_norway::from_str(include_str!("../openapi/lefi-online.openapi.yaml")).unwrap())
    }

    fn schema(&self, name: &str) -> &Value {
        &self.0["components"]["schemas"][name]
    }

    /// An example of `schema`: every property when `keep` says so, lists of `len()`.
    fn example(&self, schema: &Value, rng: &mut Option<Rng>, depth: usize) -> Value {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap();
            return self.example(&self.schema(name).clone(), rng, depth + 1);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return match rng {
                Some(r) => values[r.below(values.len())].clone(),
                None => values[0].clone(),
            };
        }
        match schema["type"].as_str() {
            Some("object") if schema.get("additionalProperties").is_some() => {
                json!({"FK:SJP": "2002-01-01", "PM:AP": "2003-01-01"})
            }
            Some("object") => {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut out = Map::new();
                for (property, sub) in schema["properties"].as_object().unwrap() {
                    let keep = match rng {
                        Some(r) => {
                            required.contains(&property.as_str()) || (depth < 6 && r.chance(50))
                        }
                        None => true,
                    };
                    if keep {
                        out.insert(property.clone(), self.example(sub, rng, depth + 1));
                    }
                }
                Value::Object(out)
            }
            Some("array") => {
                let max = schema["maxItems"].as_u64().unwrap_or(3) as usize;
                let len = match rng {
                    Some(r) => r.below(max.min(3) + 1),
                    None => 1,
                };
                (0..len)
                    .map(|_| self.example(&schema["items"], rng, depth + 1))
                    .collect()
            }
            Some("string") => match schema["format"].as_str() {
                Some("date") => json!("2024-01-31"),
                Some("date-time") => json!("2024-01-31T12:34:56+01:00"),
                _ => json!("Text med <&> och \"citat\" — åäö"),
            },
            Some("integer") => json!(-12),
            Some("number") => json!(1234.5),
            Some("boolean") => json!(true),
            other => panic!("no example for {other:?}"),
        }
    }
}

type Render = fn(&Value) -> String;

const ANSWERS: &[(&str, Render)] = &[
    ("LefiExternFormansinformationSvar", xml::render_answer_value),
    ("LefiFelsvar", xml::render_error),
    (
        "LefiExternTillgangligaInformationstyper",
        xml::render_tillgangliga_informationstyper,
    ),
];

/// Values in a JSON tree: each becomes one element (a map entry a `post`).
fn nodes(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(nodes_in).sum::<usize>(),
        _ => 1,
    }
}

fn nodes_in(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        other => nodes(other),
    }
}

fn elements(xml: &str) -> usize {
    xml.matches("</").count() + xml.matches("/>").count()
}

#[test]
fn maximal_and_random_answers_render_to_documents_the_xsd_accepts() {
    if !have_xmllint() {
        return;
    }
    let openapi = OpenApi::ours();
    let mut documents = Vec::new();
    for (schema, render) in ANSWERS {
        let maximal = openapi.example(&openapi.schema(schema).clone(), &mut None, 0);
        let rendered = render(&maximal);
        assert_eq!(
            elements(&rendered),
            nodes(&maximal),
            "{schema}: the maximal example lost values in XML"
        );
        documents.push(rendered.into_bytes());
        let mut rng = Some(Rng(schema.len() as u64));
        for _ in 0..60 {
            let random = openapi.example(&openapi.schema(schema).clone(), &mut rng, 0);
            documents.push(render(&random).into_bytes());
        }
    }
    let verdicts = xmllint_accepts(&documents);
    let rejected: Vec<String> = documents
        .iter()
        .zip(&verdicts)
        .filter(|(_, ok)| !**ok)
        .map(|(d, _)| String::from_utf8_lossy(d).chars().take(2000).collect())
        .collect();
    assert!(
        rejected.is_empty(),
        "{} rejected; the first:\n{}",
        rejected.len(),
        rejected[0]
    );
}

#[test]
fn the_v9_example_answers_render_to_documents_the_xsd_accepts() {
    if !have_xmllint() {
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/lefi-v9.openapi.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: the v9 contract is absent; its examples are not rendered."
        );
        return;
    };
    let v9: Value = serde_norway::from_str(&text).unwrap();
    let mut documents = Vec::new();
    for operations in v9["paths"].as_object().unwrap().values() {
        for operation in operations.as_object().unwrap().values() {
            let ok = &operation["responses"]["200"]["content"]["application/json"];
            let schema = ok["schema"]["$ref"].as_str().unwrap_or_default();
            for example in ok["examples"]
                .as_object()
                .into_iter()
                .flat_map(|e| e.values())
            {
                let value = &example["value"];
                let rendered = if schema.ends_with("LefiExternFormansinformationSvar") {
                    xml::render_answer_value(value)
                } else {
                    xml::render_tillgangliga_informationstyper(value)
                };
                assert!(
                    rendered.contains("<personnummer>197407029284</personnummer>")
                        || !schema.ends_with("Svar")
                );
                documents.push(rendered.into_bytes());
            }
        }
    }
    assert_eq!(documents.len(), 2);
    assert_eq!(xmllint_accepts(&documents), [true, true]);
}

/// An answer with Pensionsmyndigheten's data, as the service builds it: the typed v9
/// answer ([`v9::Uppgifter`] with PM's lists) as JSON, with our additive fields.
fn pm_answer() -> Value {
    use chrono::NaiveDate;
    use lefi_contract::v9::*;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let ap = || {
        Some(PmFormanGrupp {
            kod: PmFormanGruppKod::PmAp,
            beskrivning: "Pension".into(),
        })
    };
    let svar = ExternFormansinformationSvar {
        utlamnare: Some(vec![UtlamnareTillstand {
            utlamnare: Some(Utlamnare {
                kod: Some(UtlamnareKod::Pm),
                namn: Some("Pensionsmyndigheten".into()),
            }),
            tillstand: Some(Tillstand {
                kod: Some(TillstandKod::Ok),
                beskrivning: Some("Tillgänglig".into()),
            }),
        }]),
        avvikelser: None,
        uppgifter: Uppgifter {
            formansinformation: Some(Formansinformation::default()),
            ansprak: Some(vec![PmFormanAnsprak {
                ankomstdatum: Some(day("2024-11-04")),
                formansgrupp: ap(),
                yrkad_period: Some(PeriodMedValfrittTom {
                    from: day("2025-02-01"),
                    tom: None,
                }),
                ..Default::default()
            }]),
            beslut: Some(vec![PmFormanBeslut {
                beslutsdatum: Some(day("2025-01-12")),
                formansgrupp: ap(),
                beslutsstatus: Some(PmFormanBeslutStatus::new(
                    PmFormanBeslutStatusKod::Slutligt,
                    "Slutligt",
                )),
                beslutsutfall: Some(PmFormanBeslutUtfall::new(
                    PmFormanBeslutUtfallKod::Bifall,
                    "Bifall",
                )),
                beslutad_ersattning: Some(vec![PmFormanBeslutadErsattning {
                    beslutat_belopp: Some(PmFormanBeslutatBelopp {
                        belopp: Some(24_800),
                        beloppsfrekvens: Some(PmFormanBeslutatBeloppFrekvens::new(
                            PmFormanBeslutatBeloppFrekvensKod::Manad,
                            "Månad",
                        )),
                    }),
                    period: Some(PeriodMedValfrittTom {
                        from: day("2025-02-01"),
                        tom: Some(day("2025-12-31")),
                    }),
                    ersattningstyp: Some(PmFormanBeslutadErsattningTyp::new(
                        PmFormanBeslutadErsattningTypKod::PmIp,
                        "Inkomstpension",
                    )),
                    omfattning: Some(0.75),
                    underlag: None,
                }]),
                tillagg: Some(PmFormanBeslutTillagg {
                    allmanpension: Some(PmFormanBeslutTillaggAllmanpension {
                        samordning_med_pension_fran_annat_land: Some(false),
                        anvant_civilstand: Some(PmCivilstand::new(PmCivilstandKod::Gift, "Gift")),
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            preliminara_utbetalningar: None,
            utbetalningar: Some(vec![PmFormanUtbetalning {
                utbetalningsdatum: Some(day("2025-03-19")),
                utbetalningsperiod: Some(Datumperiod {
                    from: day("2025-03-01"),
                    tom: day("2025-03-31"),
                }),
                bruttobelopp: Some(18_600),
                nettobelopp: Some(13_764),
                avdrag: Some(vec![PmFormanUtbetalningAvdrag {
                    belopp: Some(4_836),
                    avdragstyp: Some(PmFormanUtbetalningAvdragTyp::new(
                        PmFormanUtbetalningAvdragTypKod::PmPs,
                        "Preliminär skatt",
                    )),
                }]),
                utbetalningsrader: Some(vec![PmFormanUtbetalningRad {
                    formansgrupp: ap(),
                    belopp: Some(18_600),
                    utbetalningsforman: Some(PmUtbetalningForman::new(
                        PmUtbetalningFormanKod::PmAp38,
                        "Allmän pension, född 1938 eller senare",
                    )),
                    beloppstyp: Some(PmFormanUtbetalningBeloppTyp::new(
                        PmFormanUtbetalningBeloppTypKod::PmIp,
                        "Inkomstpension",
                    )),
                }]),
            }]),
            ovrig_information: Some(vec![
                PmOvrigInformation {
                    informationstyp: Some(PmOvrigInformationTyp::new(
                        PmOvrigInformationTypKod::PmPu,
                        "Pensionsunderlag",
                    )),
                    pensionsunderlag: Some(PmPensionUnderlag {
                        intjanandear: Some(vec![PmPensionUnderlagIntjanandeAr {
                            artal: Artal::new(2024),
                            pensionsgrundande_inkomst: Some(512_300),
                            ..Default::default()
                        }]),
                    }),
                    ..Default::default()
                },
                PmOvrigInformation {
                    informationstyp: Some(PmOvrigInformationTyp::new(
                        PmOvrigInformationTypKod::PmLint,
                        "Levnadsintyg",
                    )),
                    levnadsintyg: Some(PmLevnadsintyg {
                        senast_uppdaterad: Some(day("2024-03-11")),
                        levnadsintygsstatus: Some(PmLevnadsintygStatus::new(
                            PmLevnadsintygStatusKod::Status2,
                            "Intyg komplett",
                        )),
                    }),
                    ..Default::default()
                },
                PmOvrigInformation {
                    informationstyp: Some(PmOvrigInformationTyp::new(
                        PmOvrigInformationTypKod::PmPbh,
                        "Pensionsbehållning",
                    )),
                    pensionsbehallning: Some(PmPensionBehallning {
                        pensionskonton: Some(vec![PmPensionKonto {
                            kontotyp: Some(PmPensionKontoTyp::new(
                                PmPensionKontoTypKod::Ip,
                                "Inkomstpension",
                            )),
                            kontovarden: Some(vec![PmPensionKontoVarde {
                                varde: Some(1_860_000),
                                galler_from: Manad::new(2026, 1),
                                faststallelsear: Artal::new(2026),
                                kontohandelse: None,
                            }]),
                        }]),
                    }),
                    ..Default::default()
                },
            ]),
        },
    };
    let mut answer = serde_json::to_value(&svar).unwrap();
    answer["uppgifterFranOchMed"] = json!({"uppgifter": {"PM:AP": "2003-01-01"}});
    answer
}

#[test]
fn an_answer_with_pensionsmyndighetens_model_renders_to_a_document_the_xsd_accepts() {
    let answer = pm_answer();
    let rendered = xml::render_answer_value(&answer);
    // Every value of the PM lists is in the document, in the schema's elements.
    assert_eq!(
        elements(&rendered),
        nodes(&answer),
        "values lost:\n{rendered}"
    );
    for fragment in [
        "<ansprak><ankomstdatum>2024-11-04</ankomstdatum>",
        "<yrkadPeriod><from>2025-02-01</from></yrkadPeriod>",
        "<omfattning>0.75</omfattning>",
        "<kod>PM:AP38</kod>",
        "<levnadsintygsstatus><beskrivning>Intyg komplett</beskrivning><kod>2</kod>",
        "<faststallelsear>2026</faststallelsear>",
        "<artal>2024</artal>",
    ] {
        assert!(
            rendered.contains(fragment),
            "{fragment} missing:\n{rendered}"
        );
    }
    if !have_xmllint() {
        return;
    }
    assert_eq!(xmllint_accepts(&[rendered.into_bytes()]), [true]);
}

// ---------------------------------------------------------------------------------
// Never a panic (V9: "bad input gets a clear error and never a crash")

mod never_panics {
    use lefi_contract::{ssek, xml};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn v9_arbitrary_bytes_are_answered_not_crashed_on(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = xml::parse_query(&bytes);
            let _ = ssek::parse_request(&bytes);
        }

        #[test]
        fn v9_xml_like_text_is_answered_not_crashed_on(text in "(<|>|/|&|;|#|x|Fraga|Period|Kod|<!|\\?|\"|=| |:|\\]\\]|\\[CDATA\\[|--|&#[0-9]{1,7};|xmlns(:[a-z])?=\"urn:se:forsakringskassan:lefi-online:1\")*") {
            let _ = xml::parse_query(text.as_bytes());
            let _ = ssek::parse_request(text.as_bytes());
        }

        #[test]
        fn v9_rendering_any_json_gives_well_formed_xml(value in arbitrary_json()) {
            let wrapped = serde_json::json!({"formansinformation": {"generellPersoninformation": [value.clone()]}, "personstatus": value});
            let xml = xml::render_answer_value(&wrapped);
            prop_assert!(xml.starts_with("<?xml"));
            prop_assert!(xml.ends_with("</Svar>") || xml.ends_with("/>"));
        }
    }

    fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            ".*".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(
                    "[a-z]{1,12}|personnummer|namn|adress|skyddad",
                    inner,
                    0..6
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }
}

/// Issue 18: a mass query (`Massfraga`) is split into one document per query, each as it
/// was sent and with the namespaces it was sent under; each is valid against the XSD
/// (a `Massfraga` of one) and reads as the query it holds.
#[test]
fn c1_shs_a_mass_query_is_split_into_its_queries_as_sent() {
    let fraga = |pnr: &str, prefix: &str| {
        format!(
            "<{prefix}Fraga><{prefix}AktorsId>kommun-1</{prefix}AktorsId><{prefix}Personnummer>{pnr}</{prefix}Personnummer>\
             <{prefix}Period><{prefix}From>2025-01-01</{prefix}From><{prefix}Tom>2025-12-31</{prefix}Tom></{prefix}Period></{prefix}Fraga>"
        )
    };
    // The third declares the namespace itself, as the default one.
    let third = format!("<Fraga xmlns=\"{NS}\">{}", &fraga("191212121212", "")[7..]);
    let batch = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<l:Massfraga xmlns:l=\"{NS}\">\n  <!-- tre frågor -->\n  {}\n  {}\n  {third}\n</l:Massfraga>\n",
        fraga("195001019420", "l:"),
        fraga("194607302420", "l:"),
    );
    let items = xml::split_batch(batch.as_bytes()).expect("a mass query");
    assert_eq!(items.len(), 3);
    let pnrs: Vec<String> = items
        .iter()
        .map(|i| xml::parse_batch_item(i).unwrap().fraga.personnummer)
        .collect();
    assert_eq!(pnrs, ["195001019420", "194607302420", "191212121212"]);
    if have_xmllint() {
        let mut documents = items.clone();
        documents.push(batch.clone().into_bytes());
        assert!(
            xmllint_accepts(&documents).iter().all(|ok| *ok),
            "each valid against the XSD"
        );
    }
    // A query alone is not a mass query, and neither is what cannot be read.
    let single = format!("<Fraga xmlns=\"{NS}\">{}", &fraga("195001019420", "")[7..]);
    assert_eq!(xml::split_batch(single.as_bytes()), None);
    assert_eq!(xml::split_batch(b"<Massfraga"), None);
    assert_eq!(xml::split_batch(b"<Massfraga xmlns=\"urn:annat\"/>"), None);
    assert!(xml::parse_batch_item(single.as_bytes()).is_ok());
    // A mass query of two is not one query.
    let two = format!("<Massfraga xmlns=\"{NS}\">{single}{single}</Massfraga>");
    assert_eq!(xml::split_batch(two.as_bytes()).unwrap().len(), 2);
    assert!(xml::parse_batch_item(two.as_bytes()).is_err());
}
