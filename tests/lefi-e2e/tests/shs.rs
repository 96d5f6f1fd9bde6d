//! SHS 1.2 through the running mutual-TLS front (issue 18, C1): a partner's SHS system
//! built from Python's standard library (`shs_client.py`: `email`, `xml.etree`,
//! `http.client`) sends labelled MIME messages to the reception service and reads the
//! replies — the wire format checked from the outside.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use lefi_contract::shs::PRODUCT_ID;
use lefi_local::{Options, Running, start};
use serde_json::{Value, json};

const SEED_PNR: &str = "195001019420";
const FK: &str = "urn:X-shs:2021005521";
const KOMMUN: &str = "urn:X-shs:2120000142";
const ANDRA_KOMMUNEN: &str = "urn:X-shs:2120000159";

async fn service(name: &str) -> Running {
    let dir = std::env::temp_dir().join(format!("lefi-e2e-shs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 1_000,
        ..Options::default()
    })
    .await
    .unwrap()
}

/// `xmllint --schema` on `doc` against the XSD the service serves (CI has xmllint; here
/// without it the check is skipped with a notice).
async fn valid_against_published_xsd(r: &Running, doc: &str) {
    if Command::new("xmllint").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing (scripts/test installs it)"
        );
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: xmllint is missing; schema check skipped"
        );
        return;
    }
    let xsd = ds(r, "kommun", "GET", "/lefi-xml/v1/lefi-online.xsd").await;
    let dir = std::env::temp_dir().join(format!("lefi-e2e-shs-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lefi-online.xsd"), xsd["text"].as_str().unwrap()).unwrap();
    std::fs::write(dir.join("svar.xml"), doc).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(dir.join("lefi-online.xsd"))
        .arg(dir.join("svar.xml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn fraga(aktor: &str, kod: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Fraga xmlns="urn:se:forsakringskassan:lefi-online:1"><AktorsId>{aktor}</AktorsId><Personnummer>{SEED_PNR}</Personnummer><Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period><Formansinformation><Kod>{kod}</Kod></Formansinformation></Fraga>"#
    )
}

/// A message from the municipality's system: synchronous, one query, every field right.
fn message(tx_id: &str) -> Value {
    json!({"tx_id": tx_id, "corr_id": format!("corr-{tx_id}"), "transfer_type": "synch",
        "sequence_type": "request", "originator": KOMMUN, "to": FK, "product": PRODUCT_ID,
        "parts": [fraga("exempelkommunen", "FK:SJP")], "headers_in_body": true})
}

/// Runs the Python SHS client as `cert` against `path`; its JSON report.
async fn shs(r: &Running, cert: &str, path: &str, message: Option<Value>) -> Value {
    shs_with(r, cert, path, message, None).await
}

async fn ds(r: &Running, cert: &str, method: &str, path: &str) -> Value {
    shs_with(r, cert, path, None, Some(method)).await
}

async fn shs_with(
    r: &Running,
    cert: &str,
    path: &str,
    message: Option<Value>,
    method: Option<&str>,
) -> Value {
    let pki = r.pki.dir.clone();
    let mut spec = json!({
        "url": format!("https://localhost:{}{path}", r.addr.port()),
        "ca": pki.join("ca.pem"), "cert": pki.join(format!("{cert}.pem")),
        "key": pki.join(format!("{cert}-key.pem")),
    });
    if let Some(m) = message {
        spec["message"] = m;
    }
    if let Some(m) = method {
        spec["method"] = json!(m);
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/shs_client.py");
    let out = tokio::task::spawn_blocking(move || {
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(spec.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "shs_client.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c1_shs_a_synchronous_query_is_answered_with_an_shs_reply() {
    let r = service("synch").await;
    let out = shs(&r, "kommun", "/shs/rs", Some(message("tx-1"))).await;
    assert_eq!(out["status"], 200, "{out}");
    let reply = &out["reply"];
    let label = &reply["label"];
    // The reply: a new tx.id (also in X-shs-txid), the request's corr.id, sender and
    // receiver swapped, sequence-type reply.
    assert_eq!(label["sequence-type"], "reply", "{out}");
    assert_eq!(label["corr.id"], "corr-tx-1");
    assert_ne!(label["tx.id"], "tx-1");
    assert_eq!(out["headers"]["x-shs-txid"], label["tx.id"]);
    assert_eq!((&label["from"], &label["to"]), (&json!(FK), &json!(KOMMUN)));
    assert_eq!(label["product"], PRODUCT_ID);
    let parts = reply["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 1);
    let svar = parts[0]["body"].as_str().unwrap();
    assert!(svar.contains("<Svar"), "{svar}");
    assert!(
        svar.contains(&format!("<personnummer>{SEED_PNR}</personnummer>")),
        "{svar}"
    );
    // The reply's document is the XML channel's, valid against the schema it publishes.
    valid_against_published_xsd(&r, svar).await;

    // The same with the MIME headers in HTTP's Content-Type.
    let mut m = message("tx-2");
    m["headers_in_body"] = json!(false);
    let out = shs(&r, "kommun", "/shs/rs", Some(m)).await;
    assert_eq!(out["status"], 200, "{out}");

    // A repeated tx.id from the same sender is a duplicate: the first reply again, never
    // a second run.
    let again = shs(&r, "kommun", "/shs/rs", Some(message("tx-1"))).await;
    assert_eq!(again["status"], 200, "{again}");
    assert_eq!(again["headers"]["x-shs-duplicatemsg"], "yes");
    assert_eq!(again["reply"]["label"]["tx.id"], label["tx.id"]);

    // A supplier's system sends in the name of the municipality it acts for.
    let mut m = message("tx-lev-1");
    m["originator"] = json!(ANDRA_KOMMUNEN);
    m["parts"] = json!([fraga("andrakommunen", "FK:SJP")]);
    let out = shs(&r, "leverantor", "/shs/rs", Some(m)).await;
    assert_eq!(out["status"], 200, "{out}");
    assert_eq!(out["reply"]["label"]["to"], ANDRA_KOMMUNEN);

    // Each query is audited like any other, on the SHS channel.
    let records = r.embedded.as_ref().unwrap().audit_records().unwrap();
    let shs: Vec<_> = records
        .iter()
        .filter(|a| a.channel == "system/shs")
        .collect();
    assert_eq!(shs.len(), 4, "three runs and one duplicate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c1_shs_each_label_error_is_answered_as_shs_brokers_answer_it() {
    let r = service("errors").await;
    let with = |tx: &str, key: &str, value: Value| {
        let mut m = message(tx);
        m[key] = value;
        m
    };
    let cases = [
        (
            "another product",
            "kommun",
            with(
                "e1",
                "product",
                json!("00000000-0000-0000-0000-000000000000"),
            ),
            "IllegalProductType",
        ),
        (
            "no product",
            "kommun",
            with("e2", "omit", json!(["product"])),
            "IllegalProductType",
        ),
        (
            "no sequence-type",
            "kommun",
            with("e3", "omit", json!(["sequence-type"])),
            "IllegalMessageStructure",
        ),
        (
            "a reply sent as a request",
            "kommun",
            with("e4", "sequence_type", json!("reply")),
            "IllegalMessageStructure",
        ),
        (
            "another receiver",
            "kommun",
            with("e5", "to", json!("urn:X-shs:5560000001")),
            "IllegalReceiver",
        ),
        (
            "no sender",
            "kommun",
            with("e6", "omit", json!(["originator"])),
            "IllegalSender",
        ),
        (
            "a sender that is not the certificate's",
            "kommun",
            with("e7", "originator", json!("urn:X-shs:2021006297")),
            "IllegalSender",
        ),
        (
            "a supplier naming a partner it does not act for",
            "leverantor",
            with("e8", "originator", json!("urn:X-shs:2021006297")),
            "IllegalSender",
        ),
        (
            "two queries in a synchronous message",
            "kommun",
            with(
                "e9",
                "parts",
                json!([
                    fraga("exempelkommunen", "FK:SJP"),
                    fraga("exempelkommunen", "FK:SJP")
                ]),
            ),
            "IllegalMessageStructure",
        ),
    ];
    for (what, cert, m, code) in cases {
        let out = shs(&r, cert, "/shs/rs", Some(m)).await;
        assert_eq!(out["status"], 400, "{what}: {out}");
        assert_eq!(out["headers"]["x-shs-errorcode"], code, "{what}: {out}");
        assert!(
            !out["text"].as_str().unwrap().is_empty(),
            "{what}: a reason"
        );
    }
    // Not SHS at all.
    let mut m = message("e10");
    m["parts"] = json!([]);
    let out = shs(&r, "kommun", "/shs/rs", Some(m)).await;
    assert_eq!(
        out["headers"]["x-shs-errorcode"], "IllegalMessageStructure",
        "{out}"
    );
    // Every refusal is audited, and none carries the personnummer.
    let records = r.embedded.as_ref().unwrap().audit_records().unwrap();
    assert_eq!(
        records.iter().filter(|a| a.channel == "system/shs").count(),
        10,
        "one record per request"
    );
    assert!(records.iter().all(|a| !format!("{a:?}").contains(SEED_PNR)));
}

/// A query whose document breaks the rules is answered inside an SHS reply, with the
/// XML channel's `Felsvar` and its status; one outside the agreement gets `OBEHORIG`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c1_shs_a_query_the_rules_refuse_is_a_reply_with_its_felsvar() {
    let r = service("felsvar").await;
    let mut m = message("f1");
    m["parts"] = json!([fraga("exempelkommunen", "FK:SJP").replace(SEED_PNR, "195001019421")]);
    let out = shs(&r, "kommun", "/shs/rs", Some(m)).await;
    assert_eq!(out["status"], 400, "{out}");
    assert_eq!(out["reply"]["label"]["corr.id"], "corr-f1");
    let felsvar = out["reply"]["parts"][0]["body"].as_str().unwrap();
    assert!(felsvar.contains("<Felsvar"), "{felsvar}");
    // Temporary parental benefit is outside the insurance company's agreement (P3).
    let mut m = message("f2");
    m["originator"] = json!("urn:X-shs:5565971479");
    m["parts"] = json!([fraga("exempelforsakringar", "FK:TFP")]);
    let out = shs(&r, "forsakring", "/shs/rs", Some(m)).await;
    assert_eq!(out["status"], 200, "{out}");
    let body = out["reply"]["parts"][0]["body"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(body.contains("OBEHORIG"), "{out}");
}

const FORSAKRING: &str = "urn:X-shs:5565971479";

/// The asynchronous cycle (issue 18): a mass query of three is accepted at once (202,
/// `X-shs-txid`), a repeat is a duplicate, and each query's answer lands in the sender's
/// mailbox as its own reply with the request's `corr.id` — an answer, `OBEHORIG` for a
/// benefit outside the agreement (P3), a `Felsvar` for a broken number (V1) — which only
/// the sender can list, fetch and acknowledge; an acknowledged reply is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c1_shs_asynchronous_send_list_fetch_and_acknowledge() {
    let r = service("asynch").await;
    let mut m = message("mass-1");
    m["transfer_type"] = json!("asynch");
    m["originator"] = json!(FORSAKRING);
    m["parts"] = json!([
        fraga("exempelforsakringar", "FK:SJP"),
        fraga("exempelforsakringar", "FK:TFP"),
        fraga("exempelforsakringar", "FK:SJP").replace(SEED_PNR, "195001019421"),
    ]);
    let sent = shs(&r, "forsakring", "/shs/rs", Some(m.clone())).await;
    assert_eq!(sent["status"], 202, "{sent}");
    assert_eq!(sent["headers"]["x-shs-txid"], "mass-1");
    let again = shs(&r, "forsakring", "/shs/rs", Some(m)).await;
    assert_eq!(again["status"], 202, "{again}");
    assert_eq!(again["headers"]["x-shs-duplicatemsg"], "yes");

    let mailbox = format!("/shs/ds/{FORSAKRING}");
    let mut listed = Value::Null;
    for _ in 0..100 {
        listed = ds(
            &r,
            "forsakring",
            "GET",
            &format!("{mailbox}?corrid=corr-mass-1"),
        )
        .await;
        if listed["list"].as_array().is_some_and(|l| l.len() >= 3) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let list = listed["list"]
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .clone();
    assert_eq!(list.len(), 3, "one reply per query, none twice: {listed}");
    // Another partner sees nothing of it, and cannot acknowledge it.
    assert_eq!(ds(&r, "kommun", "GET", &mailbox).await["status"], 403);
    let first = list[0]["tx.id"].as_str().unwrap().to_owned();
    let ack = format!("{mailbox}/{first}?action=ack");
    assert_eq!(ds(&r, "kommun", "POST", &ack).await["status"], 403);
    assert_eq!(
        ds(&r, "forsakring", "GET", &format!("{mailbox}?maxhits=1")).await["list"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let mut bodies = Vec::new();
    for entry in &list {
        let tx = entry["tx.id"].as_str().unwrap();
        assert_eq!(entry["corr.id"], "corr-mass-1");
        let fetched = ds(&r, "forsakring", "GET", &format!("{mailbox}/{tx}")).await;
        assert_eq!(fetched["status"], 200, "{fetched}");
        let label = &fetched["reply"]["label"];
        assert_eq!(label["tx.id"], tx);
        assert_eq!(label["corr.id"], "corr-mass-1");
        assert_eq!(
            (&label["from"], &label["to"]),
            (&json!(FK), &json!(FORSAKRING))
        );
        bodies.push(
            fetched["reply"]["parts"][0]["body"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let svar_with_data = bodies
        .iter()
        .filter(|b| b.contains("<Svar") && b.contains(SEED_PNR) && !b.contains("OBEHORIG"))
        .count();
    let obehorig = bodies.iter().filter(|b| b.contains("OBEHORIG")).count();
    let felsvar = bodies.iter().filter(|b| b.contains("<Felsvar")).count();
    assert_eq!(
        (svar_with_data, obehorig, felsvar),
        (1, 1, 1),
        "{bodies:#?}"
    );

    // Acknowledged: gone from the list and from fetching.
    assert_eq!(ds(&r, "forsakring", "POST", &ack).await["status"], 200);
    assert_eq!(
        ds(&r, "forsakring", "GET", &format!("{mailbox}/{first}")).await["status"],
        404
    );
    assert_eq!(ds(&r, "forsakring", "POST", &ack).await["status"], 404);
    let left = ds(&r, "forsakring", "GET", &mailbox).await;
    assert_eq!(left["list"].as_array().unwrap().len(), 2, "{left}");

    // The audit: the message, its duplicate, each query on its own, every mailbox
    // request; the personnummer in none of them in clear.
    let records = r.embedded.as_ref().unwrap().audit_records().unwrap();
    let received: Vec<_> = records
        .iter()
        .filter_map(|a| match a.outcome {
            lefi_store::Outcome::Received { queries } => Some(queries),
            _ => None,
        })
        .collect();
    assert_eq!(received.len(), 2, "{received:?}");
    assert!(received.contains(&3) && received.contains(&0));
    let queries = records
        .iter()
        .filter(|a| a.channel == "system/shs" && a.subject.is_some())
        .count();
    assert_eq!(queries, 2, "two readable numbers, each its own record");
    assert!(
        records
            .iter()
            .any(|a| matches!(a.outcome, lefi_store::Outcome::Invalid { .. })
                && a.channel == "system/shs")
    );
    use lefi_store::Outcome as O;
    let count = |f: &dyn Fn(&O) -> bool| records.iter().filter(|a| f(&a.outcome)).count();
    assert_eq!(
        count(&|o| matches!(o, O::MailboxFetched { .. })),
        3,
        "each fetch"
    );
    assert_eq!(count(&|o| matches!(o, O::MailboxAcknowledged { .. })), 1);
    assert!(count(&|o| matches!(o, O::MailboxListed)) >= 3, "each list");
    assert_eq!(
        count(&|o| matches!(o, O::Refused { .. })),
        2,
        "another partner's list and acknowledgement, refused"
    );
    assert_eq!(
        count(&|o| matches!(o, O::NotServed { code } if code == "NOT_FOUND")),
        2,
        "fetch and acknowledge after the acknowledgement"
    );
    assert!(records.iter().all(|a| !format!("{a:?}").contains(SEED_PNR)));
}

/// Issue 18's mass query: 10,000 queries in one asynchronous message through the local
/// service. As 10,000 data parts (4.7 MB) the message is refused, as Lambda refuses its
/// base64-encoded event (over 6 MiB); as one `Massfraga` (2.5 MB) it is taken. Every
/// answer is delivered once, the partner's rate is honoured (none is refused
/// `RATE_LIMITED`: the worker waits), and the audit has one record per query.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn c3_p5_a_mass_query_of_10000_is_answered_once_each_at_the_partners_rate() {
    const N: usize = 10_000;
    let limits = lefi_domain::agreement::TrafficLimits {
        per_second: 250,
        burst: 250,
        per_day: 100_000,
    };
    let dir = std::env::temp_dir().join(format!("lefi-e2e-shs-mass-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let r = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 1_000,
        limits,
        ..Options::default()
    })
    .await
    .unwrap();
    let mut m = message("mass-10000");
    m["transfer_type"] = json!("asynch");
    m["parts"] = json!(vec![fraga("exempelkommunen", "FK:SJP"); N]);
    let refused = shs(&r, "kommun", "/shs/rs", Some(m.clone())).await;
    assert_eq!(refused["status"], 413, "Lambda's 6 MiB: {refused}");
    m["batch"] = json!(true);
    let started = std::time::Instant::now();
    let sent = shs(&r, "kommun", "/shs/rs", Some(m)).await;
    assert_eq!(sent["status"], 202, "{sent}");
    let store = r.embedded.clone().unwrap();
    let now = || chrono::Utc::now();
    let mut delivered = 0;
    for _ in 0..1200 {
        delivered = lefi_store::Mailbox::waiting(store.as_ref(), "2120000142", now())
            .await
            .unwrap()
            .len();
        if delivered >= N {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let took = started.elapsed();
    assert_eq!(
        delivered, N,
        "every answer delivered, once (one reply id per query)"
    );
    // At 250 a second after a burst of 250, 10,000 take at least 39 s.
    let least = (N as u64 - u64::from(limits.burst)) / u64::from(limits.per_second);
    assert!(
        took.as_secs() >= least,
        "the rate was not honoured: {took:?}"
    );
    let records = store.audit_records().unwrap();
    let answered = records
        .iter()
        .filter(|a| a.channel == "system/shs" && a.outcome == lefi_store::Outcome::Answered)
        .count();
    assert_eq!(answered, N, "one record per query");
    let limited = records
        .iter()
        .filter(|a| matches!(&a.outcome, lefi_store::Outcome::NotServed { code } if code == "RATE_LIMITED"))
        .count();
    assert_eq!(
        limited, 0,
        "a mass query waits for its rate; none is refused"
    );
}
