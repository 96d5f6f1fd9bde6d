//! Logs you can follow (issue 14, item 5; P5): one query through the running service —
//! the mutual-TLS front, the gateway, the workflow's steps on the local executor, the
//! registry simulator — under registry faults, with every log line captured by a
//! tracing subscriber writing JSON to a buffer (the format `AWS_LAMBDA_LOG_FORMAT=JSON`
//! gives in Lambda). Its own test binary: the subscriber is process-wide.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::Command;
use std::sync::{Arc, Mutex};

use lefi_domain::Benefit;
use lefi_local::{Options, start};
use lefi_registry_sim::{Faults, RegistryId};
use serde_json::Value;

const SEED_PNR: &str = "195001019420";

/// Every line the service logs, as written.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// The innermost span's field `key` of a JSON log line, or the event's own field.
fn field<'a>(line: &'a Value, key: &str) -> Option<&'a str> {
    line["span"][key]
        .as_str()
        .or_else(|| line["fields"][key].as_str())
}

#[tokio::test]
async fn p5_one_query_under_registry_faults_is_followed_by_one_correlation_id_and_logs_no_personnummer()
 {
    let captured = Captured::default();
    let writer = captured.clone();
    // What lambda_runtime's subscriber does with AWS_LAMBDA_LOG_FORMAT=JSON, at INFO.
    tracing_subscriber::fmt()
        .json()
        .with_target(false)
        .without_time()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .with_writer(move || writer.clone())
        .init();

    let dir = std::env::temp_dir().join(format!("lefi-e2e-logs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let r = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 1_000,
        ..Options::default()
    })
    .await
    .unwrap();
    // Two benefit registries fail on every call, each its own way.
    let failing = [
        (
            Benefit::Sjukpenning,
            Faults {
                outage: true,
                ..Faults::default()
            },
        ),
        (
            Benefit::Foraldrapenning,
            Faults {
                error_rate: 1.0,
                ..Faults::default()
            },
        ),
    ];
    for (benefit, faults) in &failing {
        r.registry
            .state()
            .set_faults(RegistryId::Benefit(*benefit), faults.clone());
    }

    let body = serde_json::json!({"personnummer": SEED_PNR,
        "period": {"from": "2025-01-01", "tom": "2025-12-31"},
        "formansinformation": ["FK:SJP", "FK:FP", "FK:BOB"], "ovrigInformation": ["FK:GEPI"]})
    .to_string();
    let pki = r.pki.dir.clone();
    let url = format!(
        "https://localhost:{}/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga",
        r.addr.port()
    );
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--max-time", "30", "-D", "-", "-o", "/dev/null"])
        .arg("--cacert")
        .arg(pki.join("ca.pem"))
        .arg("--cert")
        .arg(pki.join("kommun.pem"))
        .arg("--key")
        .arg(pki.join("kommun-key.pem"))
        .args(["-H", "content-type: application/json", "-d", &body])
        .arg(url);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let headers = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(headers.starts_with("HTTP/"), "{headers}");
    let header = |name: &str| {
        headers.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    // The edge's id is the correlation id (API Gateway's request id).
    let id = header("x-correlation-id").unwrap();
    assert_eq!(header("apigw-requestid").unwrap(), id);
    let same = |s: Option<&str>| s == Some(id.as_str());

    let lines: Vec<Value> = captured
        .lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let of_query: Vec<&Value> = lines
        .iter()
        .filter(|l| same(field(l, "correlation_id")) || same(field(l, "request_id")))
        .collect();
    let message = |l: &Value| {
        l["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    // The front's access line and the gateway's.
    assert!(
        of_query
            .iter()
            .any(|l| same(l["fields"]["request_id"].as_str()) && message(l) == "request"),
        "the front's line: {lines:#?}"
    );
    assert!(
        of_query.iter().any(|l| message(l) == "answered"),
        "the gateway's line: {lines:#?}"
    );
    // Every step, under its own span's correlation id.
    let steps: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l["span"]["name"] == "step" && same(l["span"]["correlation_id"].as_str()))
        .filter_map(|l| l["span"]["step"].as_str())
        .collect();
    assert_eq!(
        steps,
        BTreeSet::from([
            "audit",
            "compile_answer",
            "fetch_benefit",
            "lookup_person",
            "validate"
        ])
    );
    // A WARN line per failed registry, with its benefit code and the correlation id.
    for (benefit, _) in &failing {
        let warns = of_query
            .iter()
            .filter(|l| l["level"] == "WARN" && field(l, "benefit") == Some(benefit.code()))
            .count();
        // The step retries within the query's budget (each try at DEBUG) and logs its
        // end once.
        assert_eq!(warns, 1, "{benefit:?}: {lines:#?}");
    }
    assert!(
        !of_query
            .iter()
            .any(|l| l["level"] == "WARN" && field(l, "benefit") == Some("FK:BOB")),
        "a registry that answered is not a warning"
    );
    // The audit record: its id and its correlation id are the edge's.
    let record = r.gateway.store.get(&id).await.unwrap().unwrap();
    assert_eq!(record.correlation_id, id);

    // No personnummer (12 or 10 digits, with or without its dash) nor the partner's
    // organisation number in any line of the run.
    let raw = captured.lines().join("\n");
    assert!(raw.len() > 1_000, "the run logged: {raw}");
    for secret in [
        SEED_PNR,
        "5001019420",
        "500101-9420",
        "19500101-9420",
        "2120000142",
        "212000-0142",
    ] {
        assert!(!raw.contains(secret), "{secret} in the logs: {raw}");
    }
}
