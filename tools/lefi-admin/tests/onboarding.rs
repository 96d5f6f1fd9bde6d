//! A1 end to end: the local service started in-process, the tool's own binary talking to
//! its operator endpoint with the development PKI's operator certificate, and curl as
//! the partner's system with a certificate made here, signed by the development CA.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::path::{Path, PathBuf};
use std::process::Command;

use lefi_apigw_local::pki::{DemoClient, DevPki};
use lefi_local::{Options, Running, start};
use lefi_store::{Outcome, PartnerId};

const SEED_PNR: &str = "195001019420";
const PARTNER: &str = "nyaforsakringar";

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lefi-admin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn service(dir: &Path) -> Running {
    start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 1_000,
        ..Options::default()
    })
    .await
    .unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The tool's binary, against the running service (on a blocking thread: the service
/// runs on this test's runtime).
async fn admin(r: &Running, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lefi-admin"));
    cmd.arg("--local")
        .arg(format!("https://localhost:{}", r.operator_addr.port()))
        .arg("--pki-dir")
        .arg(&r.pki.dir)
        .args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// curl as the partner's system: HTTP status and body.
async fn query(r: &Running, cert: &str, aktor: &str) -> (u16, String) {
    let pki = r.pki.dir.clone();
    let body = serde_json::json!({"personnummer": SEED_PNR,
        "period": {"from": "2025-01-01", "tom": "2025-12-31"},
        "formansinformation": ["FK:SJP"], "ovrigInformation": ["FK:GEPI"]})
    .to_string();
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--max-time", "30", "-w", "\n%{http_code}"])
        .arg("--cacert")
        .arg(pki.join("ca.pem"))
        .arg("--cert")
        .arg(pki.join(format!("{cert}.pem")))
        .arg("--key")
        .arg(pki.join(format!("{cert}-key.pem")))
        .args(["-H", "content-type: application/json", "-d", &body])
        .arg(format!(
            "https://localhost:{}/lefi-extern-formansinformation/v9/aktorer/{aktor}/formansinformation/fraga",
            r.addr.port()
        ));
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap();
    (status.trim().parse().unwrap_or(0), body.to_owned())
}

fn partner_file(fingerprint_line: &str, per_query_ore: u64) -> String {
    format!(
        r#"partner: {PARTNER}
organisation: 556036-0793
name: Nya Försäkringar AB
kind: forsakringsbolag
benefits: [FK:SJP, FK:SGI]
channels: [system, portal]
limits: {{ per_second: 5, burst: 10, per_day: 5000 }}
pricing: {{ kind: paid, connection_fee_ore: 2500000, per_query_ore: {per_query_ore} }}
valid_from: 2026-01-01
certificates:
{fingerprint_line}
portal_users:
  - personnummer: "{SEED_PNR}"
"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a1_a_new_partner_is_onboarded_from_a_file_and_queries_at_once() {
    let dir = tempdir("onboard");
    let r = service(&dir).await;
    // The partner's certificate, made now and signed by the development CA.
    let pki = DevPki::ensure(
        &r.pki.dir,
        &[DemoClient::new(
            "nypartner",
            "Nya Försäkringar LEFI",
            "Nya Försäkringar AB",
            "5560360793",
        )],
    )
    .unwrap();
    let cert = pki.client("nypartner").unwrap();
    let (status, _) = query(&r, "nypartner", PARTNER).await;
    assert_eq!(status, 403, "unknown before onboarding");

    // The keys, as the tool prints them: the fingerprint line goes into the file.
    let keys = admin(
        &r,
        &["certificates", "key", cert.cert_path.to_str().unwrap()],
    )
    .await;
    assert_eq!(keys.code, 0, "{}", keys.stderr);
    let fingerprint = keys
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("- fingerprint:"))
        .unwrap()
        .to_owned();
    assert!(
        fingerprint.contains(&cert.sha256_fingerprint),
        "{}",
        keys.stdout
    );
    let file = dir.join("partner.yaml");
    std::fs::write(&file, partner_file(&fingerprint, 1200)).unwrap();

    // An invalid file: every error listed, nothing changes.
    let store = r.gateway.store.clone();
    let before = store.agreements().await.unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        partner_file(&fingerprint, 1200)
            .replace("556036-0793", "556036-0794")
            .replace("FK:SGI", "FK:NOPE")
            .replace("valid_from: 2026-01-01", "valid_from: 2026-13-01")
            .replace(SEED_PNR, "195001019421"),
    )
    .unwrap();
    let refused = admin(&r, &["agreements", "apply", "--yes", bad.to_str().unwrap()]).await;
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    for code in ["ORGNR", "UNKNOWN_BENEFIT", "DATE_FORMAT", "PNR_CHECKSUM"] {
        assert!(
            refused.stdout.contains(code),
            "{code} not listed:\n{}",
            refused.stdout
        );
    }
    assert!(refused.stdout.contains("4 fel"), "{}", refused.stdout);
    assert!(!refused.stdout.contains("19500101"), "{}", refused.stdout);
    assert_eq!(store.agreements().await.unwrap(), before, "nothing changed");

    // Without --yes and without a terminal, nothing is applied.
    let unconfirmed = admin(&r, &["agreements", "apply", file.to_str().unwrap()]).await;
    assert_eq!(unconfirmed.code, 1, "{}", unconfirmed.stdout);
    assert_eq!(store.agreements().await.unwrap(), before);

    // Applied: the diff names every field, the portal user masked; the partner queries.
    let applied = admin(
        &r,
        &["agreements", "apply", "--yes", file.to_str().unwrap()],
    )
    .await;
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(
        applied.stdout.contains("Ny aktör för nyaforsakringar"),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.contains("+ portal_users: 19500101-****"),
        "{}",
        applied.stdout
    );
    assert!(!applied.stdout.contains(SEED_PNR), "{}", applied.stdout);
    let (status, body) = query(&r, "nypartner", PARTNER).await;
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        answer["formansinformation"]["generellPersoninformation"][0]["personnummer"],
        SEED_PNR
    );

    // The same file again: no change. One change: exactly that line.
    let again = admin(&r, &["agreements", "plan", file.to_str().unwrap()]).await;
    assert_eq!(again.stdout.trim(), "Inga ändringar för nyaforsakringar.");
    std::fs::write(&file, partner_file(&fingerprint, 1300)).unwrap();
    let changed = admin(
        &r,
        &["agreements", "apply", "--yes", file.to_str().unwrap()],
    )
    .await;
    assert_eq!(changed.code, 0, "{}{}", changed.stdout, changed.stderr);
    let lines: Vec<&str> = changed
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(['+', '~', '-']))
        .map(str::trim)
        .collect();
    assert_eq!(
        lines,
        ["~ pricing.per_query_ore: 1200 → 1300"],
        "{}",
        changed.stdout
    );

    let listed = admin(&r, &["agreements", "list"]).await;
    assert!(
        listed.stdout.contains("nyaforsakringar"),
        "{}",
        listed.stdout
    );
    let shown = admin(&r, &["agreements", "show", PARTNER]).await;
    assert!(
        shown.stdout.contains("pricing.per_query_ore: 1300"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("19500101-****"), "{}", shown.stdout);

    // The queries of this month reconcile with the audit, through the same endpoint.
    let month = lefi_domain::tz::stockholm_date(r.gateway.clock.now())
        .format("%Y-%m")
        .to_string();
    let billing = admin(&r, &["billing", "report", "--month", &month, "--check"]).await;
    assert_eq!(billing.code, 0, "{}{}", billing.stdout, billing.stderr);
    assert!(
        billing.stdout.contains("nyaforsakringar"),
        "{}",
        billing.stdout
    );

    // Expired: refused at once (P1, 403).
    let expired = admin(&r, &["agreements", "expire", "--yes", PARTNER]).await;
    assert_eq!(expired.code, 0, "{}{}", expired.stdout, expired.stderr);
    let (status, body) = query(&r, "nypartner", PARTNER).await;
    assert_eq!(status, 403, "{body}");

    // Every change left a record naming the operator by the certificate's CN (A1, P5).
    let today = lefi_domain::tz::stockholm_date(r.gateway.clock.now());
    let records = store
        .by_partner_and_day(&PartnerId(PARTNER.into()), today)
        .await
        .unwrap();
    let configured: Vec<_> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Configured { .. }))
        .collect();
    assert_eq!(configured.len(), 3, "apply, apply, expire");
    for c in &configured {
        assert_eq!(c.caller, "operator:LEFI lokal operator");
        assert_eq!(c.channel, "operator/lefi-admin");
        assert!(!c.outcome.is_billable());
        assert!(!format!("{:?}", c.outcome).contains(SEED_PNR));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a1_the_operator_endpoint_lets_in_only_the_operator_certificate() {
    let dir = tempdir("endpoint");
    let r = service(&dir).await;
    let pki = r.pki.dir.clone();
    let url = format!("https://localhost:{}/operator", r.operator_addr.port());
    let curl = |cert: &str| {
        let mut cmd = Command::new("curl");
        cmd.args([
            "-sS",
            "--max-time",
            "30",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
        ])
        .arg("--cacert")
        .arg(pki.join("ca.pem"))
        .arg("--cert")
        .arg(pki.join(format!("{cert}.pem")))
        .arg("--key")
        .arg(pki.join(format!("{cert}-key.pem")))
        .args(["-H", "content-type: application/json"])
        .args(["-d", r#"{"command":"agreements_list"}"#])
        .arg(&url);
        cmd
    };
    for (cert, want) in [("kommun", "403"), ("operator", "200")] {
        let mut cmd = curl(cert);
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{cert}");
    }
    // Not on any address but loopback.
    let err = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        population: 1_000,
        operator_listen: ([0, 0, 0, 0], 0).into(),
        ..Options::default()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
}

/// Issue 17 item 7, locally: the operator endpoint's `GET /metrics` shows the same
/// series the Lambdas write as EMF lines — a partner's query by channel and outcome, the
/// registry calls it made — and only to the operator's certificate.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn item7_the_local_metrics_show_queries_and_registry_calls_to_the_operator_only() {
    let dir = tempdir("metrics");
    let r = service(&dir).await;
    let (status, body) = query(&r, "kommun", "exempelkommunen").await;
    assert_eq!(status, 200, "{body}");
    let pki = r.pki.dir.clone();
    let url = format!("https://localhost:{}/metrics", r.operator_addr.port());
    let get = |cert: &str| {
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "--max-time", "30", "-w", "\n%{http_code}"])
            .arg("--cacert")
            .arg(pki.join("ca.pem"))
            .arg("--cert")
            .arg(pki.join(format!("{cert}.pem")))
            .arg("--key")
            .arg(pki.join(format!("{cert}-key.pem")))
            .arg(&url);
        async move {
            let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
                .await
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let (body, status) = text.rsplit_once('\n').unwrap();
            (status.trim().to_owned(), body.to_owned())
        }
    };
    assert_eq!(get("kommun").await.0, "403");
    let (status, body) = get("operator").await;
    assert_eq!(status, "200", "{body}");
    let summary: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(summary["namespace"], "LEFI");
    let series = summary["series"].as_array().unwrap();
    let sum = |metric: &str, key: &str, value: &str| -> f64 {
        series
            .iter()
            .filter(|s| {
                s["metric"] == metric
                    && s["dimensions"].as_object().unwrap().len() == 1
                    && s["dimensions"][key] == value
            })
            .map(|s| s["sum"].as_f64().unwrap())
            .sum()
    };
    assert_eq!(sum("Queries", "Outcome", "ANSWERED"), 1.0, "{body}");
    assert_eq!(sum("RegistryCalls", "Registry", "person"), 1.0, "{body}");
    assert_eq!(sum("RegistryCalls", "Registry", "FK:SJP"), 1.0, "{body}");
    assert_eq!(sum("RegistryFailures", "Registry", "FK:SJP"), 0.0, "{body}");
    let latency = series
        .iter()
        .find(|s| s["metric"] == "Latency")
        .expect("a latency series");
    assert!(latency["p99"].as_f64().unwrap() > 0.0, "{latency}");
    assert!(!body.contains(SEED_PNR));
}
