//! Fuzzing the parsers a partner's bytes reach (issue 17, item 9): the personnummer, the
//! v9 JSON query, the XML channel's reader and query, the SSEK envelope. No
//! coverage-guided fuzzer runs on the stable toolchain these machines have (cargo-fuzz
//! and the sanitizers need nightly), so each target is property-based: arbitrary bytes,
//! and structure-aware mutations of a valid document (bytes replaced, inserted, deleted,
//! and tokens of the format spliced in: entities, CDATA, DOCTYPE, deep nesting, escapes,
//! huge numbers). The property is the parser's contract: it returns, never panics, and
//! what it accepts goes on through the query's validation without panicking either.
//!
//! `LEFI_FUZZ_CASES` sets the inputs per target (default 1,000: the test command's short
//! run). The long run (BENCHMARKS.md) is
//! `LEFI_FUZZ_CASES=1000000 cargo test --release -p lefi-contract --test fuzz -- --nocapture`:
//! each target then prints its slowest input, so a hang shows as a number, not a timeout.

#![allow(clippy::unwrap_used, clippy::print_stdout)] // A test: a panic is the report.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lefi_contract::v9::ExternFormansinformationFraga;
use lefi_contract::{ssek, xml};
use lefi_domain::{PeriodLimit, Personnummer};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn cases() -> u32 {
    std::env::var("LEFI_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

const FRAGA: &str = "<Fraga xmlns=\"urn:se:forsakringskassan:lefi-online:1\"><FrageId>q-1</FrageId>\
    <AktorsId>2120000142</AktorsId><Personnummer>19500101-9420</Personnummer>\
    <Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period>\
    <Formansinformation><Kod>FK:SJP</Kod><Kod>FK:FP</Kod></Formansinformation>\
    <OvrigInformation><Kod>FK:GEPI</Kod></OvrigInformation></Fraga>";

fn envelope(fraga: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ssek=\"http://schemas.ssek.org/ssek/2006-05-10/\"><soap:Header>\
         <ssek:SSEK soap:mustUnderstand=\"1\"><ssek:SenderId>2120000142</ssek:SenderId>\
         <ssek:ReceiverId>2021005521</ssek:ReceiverId><ssek:TxId>tx-1</ssek:TxId></ssek:SSEK>\
         </soap:Header><soap:Body>{fraga}</soap:Body></soap:Envelope>"
    )
}

const JSON: &str = r#"{"personnummer":"195001019420","period":{"from":"2025-01-01","tom":"2025-12-31"},
 "formansinformation":["FK:SJP","FK:FP"],"ansprak":["PM:AP"],"utbetalningar":["FK:SJP"],
 "ovrigInformation":["FK:GEPI"]}"#;

/// Tokens of the formats, spliced in by the mutations.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&amp;",
    "&lt;",
    "&#x0;",
    "&#1114112;",
    "&#xD800;",
    "&unknown;",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a \"b\">]>",
    "<?xml version=\"1.1\"?>",
    "<!--",
    "-->",
    "xmlns=\"\"",
    "xmlns:a=\"urn:x\"",
    "a:",
    "\"",
    "'",
    "=",
    "\u{0}",
    "\u{feff}",
    "\u{10ffff}",
    "\\u0000",
    "\\ud800",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "1e999999",
    "-0",
    "99999999999999999999999",
    "18000101",
    "+",
    "-",
    "2025-02-29",
    "9999-12-31",
    "0000-00-00",
    "FK:SJP",
    "PM:AP",
    "LEFI:UTB",
    "Kod",
    "<Kod>",
    "</Kod>",
    "<Fraga>",
    "ssek:",
    "soap:",
    "mustUnderstand=\"1\"",
];

/// One edit of a document.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Splice(usize, usize),
    /// A run of the same token: deep nesting, long lists.
    Repeat(usize, usize, u16),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 0..64usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Edit::Splice(i, t)),
        (any::<usize>(), 0..TOKENS.len(), 1..5_000u16).prop_map(|(i, t, n)| Edit::Repeat(i, t, n)),
    ]
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut doc = seed.to_vec();
    for edit in edits {
        let at = |i: usize, doc: &Vec<u8>| {
            if doc.is_empty() {
                0
            } else {
                i % (doc.len() + 1)
            }
        };
        match *edit {
            Edit::Replace(i, b) if !doc.is_empty() => {
                let i = i % doc.len();
                doc[i] = b;
            }
            Edit::Replace(..) => {}
            Edit::Insert(i, b) => {
                let i = at(i, &doc);
                doc.insert(i, b);
            }
            Edit::Delete(i, n) => {
                let i = at(i, &doc);
                let end = (i + n).min(doc.len());
                doc.drain(i..end);
            }
            Edit::Splice(i, t) => {
                let i = at(i, &doc);
                doc.splice(i..i, TOKENS[t].bytes());
            }
            Edit::Repeat(i, t, n) => {
                let i = at(i, &doc);
                doc.splice(i..i, TOKENS[t].repeat(usize::from(n)).into_bytes());
            }
        }
    }
    doc
}

/// A query's parts with arbitrary content of the right shape: numbers, dates and codes
/// that are often almost right, so the validation behind the parser is reached.
#[derive(Debug, Clone)]
struct Parts {
    pnr: String,
    from: String,
    to: String,
    lists: Vec<(usize, Vec<String>)>,
}

const LISTS: [(&str, &str); 6] = [
    ("formansinformation", "Formansinformation"),
    ("ansprak", "Ansprak"),
    ("beslut", "Beslut"),
    ("preliminaraUtbetalningar", "PreliminaraUtbetalningar"),
    ("utbetalningar", "Utbetalningar"),
    ("ovrigInformation", "OvrigInformation"),
];

/// A personnummer that passes V1: a real date, a serial, its Luhn digit; in one of the
/// accepted forms.
fn valid_pnr() -> impl Strategy<Value = String> {
    (1900..2026i32, 1..=12u32, 1..=28u32, 0..1000u32, 0..3usize).prop_map(
        |(year, month, day, serial, form)| {
            let ten = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
            let sum: u32 = ten
                .bytes()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
                    d / 10 + d % 10
                })
                .sum();
            let check = (10 - sum % 10) % 10;
            match form {
                0 => format!("{year}{}{check}", &ten[2..]),
                1 => format!("{}-{}{check}", &ten[..6], &ten[6..]),
                _ => format!("{year}{}-{}{check}", &ten[2..6], &ten[6..]),
            }
        },
    )
}

fn parts() -> impl Strategy<Value = Parts> {
    let pnr = prop_oneof![
        valid_pnr(),
        "(18|19|20)?[0-9]{6}[-+]?[0-9]{4}",
        "[0-9+\\-]{0,14}",
    ];
    let date = prop_oneof![
        6 => "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9])",
        2 => "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        1 => "[0-9\\-]{0,12}",
    ];
    let code = prop_oneof![
        8 => "(FK|PM):(SJP|FP|AP|GEPI|SGI|BOB|ABB|PBH|XX)",
        1 => "LEFI:UTB",
        1 => "[A-Z:]{0,8}",
    ];
    let lists = proptest::collection::vec(
        (0..LISTS.len(), proptest::collection::vec(code, 0..12)),
        0..7,
    );
    (pnr, date.clone(), date, lists).prop_map(|(pnr, from, to, lists)| Parts {
        pnr,
        from,
        to,
        lists,
    })
}

impl Parts {
    fn json(&self) -> Vec<u8> {
        let mut doc = serde_json::json!({
            "personnummer": self.pnr, "period": {"from": self.from, "tom": self.to},
        });
        for (list, codes) in &self.lists {
            doc[LISTS[*list].0] = serde_json::json!(codes);
        }
        doc.to_string().into_bytes()
    }

    fn xml(&self) -> Vec<u8> {
        // The schema's order of lists, each once (the parts' own order would break the
        // schema nearly always; the edits still do, sometimes).
        let mut ordered = self.lists.clone();
        ordered.sort_by_key(|(list, _)| *list);
        ordered.dedup_by_key(|(list, _)| *list);
        let lists: String = ordered
            .iter()
            .map(|(list, codes)| {
                let name = LISTS[*list].1;
                let kod: String = codes.iter().map(|c| format!("<Kod>{c}</Kod>")).collect();
                format!("<{name}>{kod}</{name}>")
            })
            .collect();
        format!(
            "<Fraga xmlns=\"urn:se:forsakringskassan:lefi-online:1\"><Personnummer>{}</Personnummer>\
             <Period><From>{}</From><Tom>{}</Tom></Period>{lists}</Fraga>",
            self.pnr, self.from, self.to
        )
        .into_bytes()
    }
}

/// Arbitrary bytes; a valid seed with a few edits; a document of arbitrary parts; such a
/// document with an edit.
fn input(seed: &'static [u8], render: fn(&Parts) -> Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let edits = || proptest::collection::vec(edit(), 1..4);
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512),
        3 => edits().prop_map(move |e| apply(seed, &e)),
        3 => parts().prop_map(move |p| render(&p)),
        2 => (parts(), edits()).prop_map(move |(p, e)| apply(&render(&p), &e)),
    ]
}

/// Runs `check` on `cases()` inputs; prints the slowest (the long run's hang check).
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(&S::Value) -> bool) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let slowest = std::cell::Cell::new(Duration::ZERO);
    let accepted = std::cell::Cell::new(0u64);
    runner
        .run(&strategy, |value| {
            let t = Instant::now();
            let ok = check(&value);
            slowest.set(slowest.get().max(t.elapsed()));
            accepted.set(accepted.get() + u64::from(ok));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    println!(
        "fuzz {name}: {} inputs, {} accepted, 0 panics, slowest {:.2} ms",
        cases(),
        accepted.get(),
        slowest.get().as_secs_f64() * 1000.0
    );
}

/// What a query the parser accepted must survive: the domain's validation (V1–V9).
fn validates(fraga: &ExternFormansinformationFraga, own_codes: bool) {
    let _ = fraga
        .raw_query(own_codes)
        .validate(today(), &PeriodLimit::STANDARD);
}

#[test]
fn fuzz_v1_personnummer() {
    let strategy = prop_oneof![
        any::<String>(),
        "[0-9+\\- ]{0,16}",
        valid_pnr(),
        proptest::collection::vec(edit(), 1..4).prop_map(|e| String::from_utf8_lossy(&apply(
            b"19500101-9420",
            &e
        ))
        .into_owned()),
    ];
    fuzz("personnummer", strategy, |s: &String| {
        match Personnummer::parse(s, today()) {
            Ok(p) => {
                // Accepted: twelve digits, and read again the same.
                let digits = p.expose();
                assert_eq!(digits.len(), 12, "{s:?}");
                assert_eq!(
                    Personnummer::parse_canonical(digits).unwrap().expose(),
                    digits
                );
                true
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "{s:?}");
                false
            }
        }
    });
}

#[test]
fn fuzz_v9_json_query() {
    fuzz(
        "v9 JSON query",
        input(JSON.as_bytes(), Parts::json),
        |bytes: &Vec<u8>| match serde_json::from_slice::<ExternFormansinformationFraga>(bytes) {
            Ok(fraga) => {
                validates(&fraga, false);
                true
            }
            Err(_) => false,
        },
    );
}

#[test]
fn fuzz_v8_xml_query() {
    fuzz(
        "XML query",
        input(FRAGA.as_bytes(), Parts::xml),
        |bytes: &Vec<u8>| match xml::parse_query(bytes) {
            Ok(query) => {
                validates(&query.fraga, true);
                true
            }
            Err(_) => false,
        },
    );
}

#[test]
fn fuzz_c1_ssek_envelope() {
    let seed: &'static [u8] = envelope(FRAGA).into_bytes().leak();
    let wrapped = |p: &Parts| envelope(&String::from_utf8_lossy(&p.xml())).into_bytes();
    fuzz("SSEK envelope", input(seed, wrapped), |bytes: &Vec<u8>| {
        match ssek::parse_request(bytes) {
            Ok(request) => {
                validates(&request.query.fraga, true);
                true
            }
            Err(fault) => {
                // Every fault is one the service can answer.
                assert!((400..600).contains(&fault.http_status()));
                false
            }
        }
    });
}

/// The seeds themselves are accepted: the mutations start from valid documents.
#[test]
fn the_seeds_are_valid_documents() {
    assert!(serde_json::from_slice::<ExternFormansinformationFraga>(JSON.as_bytes()).is_ok());
    assert!(xml::parse_query(FRAGA.as_bytes()).is_ok());
    assert!(ssek::parse_request(envelope(FRAGA).as_bytes()).is_ok());
    assert!(Personnummer::parse("19500101-9420", today()).is_ok());
}
