//! The running service through its HTTPS front, driven by real clients (issue 6):
//! `curl` with and without client certificates, over mutual TLS.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::path::Path;
use std::process::Command;

use lefi_local::{Options, Running, start};
use serde_json::Value;

const SEED_PNR: &str = "195001019420";

async fn service(dir: &Path) -> Running {
    start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        plain_listen: Some(([127, 0, 0, 1], 0).into()),
        pki_dir: dir.join("pki"),
        population: 1_000,
        ..Options::default()
    })
    .await
    .unwrap()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lefi-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// curl's verdict: exit code, HTTP status (0 when no HTTP happened), body.
struct Curl {
    exit: i32,
    status: u16,
    body: String,
}

/// Runs curl on a blocking thread (the service runs on this test's runtime).
async fn curl(r: &Running, cert: Option<&str>, args: &[&str], path: &str) -> Curl {
    let pki = r.pki.dir.clone();
    let url = format!("https://localhost:{}{path}", r.addr.port());
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--max-time", "30", "-w", "\n%{http_code}"])
        .arg("--cacert")
        .arg(pki.join("ca.pem"));
    if let Some(c) = cert {
        cmd.arg("--cert")
            .arg(pki.join(format!("{c}.pem")))
            .arg("--key")
            .arg(pki.join(format!("{c}-key.pem")));
    }
    cmd.args(args).arg(url);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or(("", "0"));
    Curl {
        exit: out.status.code().unwrap_or(-1),
        status: status.trim().parse().unwrap_or(0),
        body: body.to_owned(),
    }
}

fn query(pnr: &str, codes: &[&str]) -> String {
    serde_json::json!({"personnummer": pnr, "period": {"from": "2025-01-01", "tom": "2025-12-31"},
        "formansinformation": codes, "ovrigInformation": ["FK:GEPI"]})
    .to_string()
}

fn fraga(aktor: &str) -> String {
    format!("/lefi-extern-formansinformation/v9/aktorer/{aktor}/formansinformation/fraga")
}

const JSON: [&str; 2] = ["-H", "content-type: application/json"];

#[tokio::test]
async fn c1_a_partner_with_its_certificate_gets_its_answer() {
    let r = service(&tempdir("ok")).await;
    let body = query(SEED_PNR, &["FK:SJP"]);
    let c = curl(
        &r,
        Some("kommun"),
        &[&JSON[..], &["-d", &body]].concat(),
        &fraga("exempelkommunen"),
    )
    .await;
    assert_eq!((c.exit, c.status), (0, 200), "{}", c.body);
    let answer: Value = serde_json::from_str(&c.body).unwrap();
    assert_eq!(
        answer["formansinformation"]["generellPersoninformation"][0]["personnummer"],
        SEED_PNR
    );
}

#[tokio::test]
async fn p2_without_a_client_certificate_the_handshake_is_refused() {
    let r = service(&tempdir("nocert")).await;
    let c = curl(&r, None, &[], &fraga("exempelkommunen")).await;
    assert_ne!(c.exit, 0);
    assert_eq!(c.status, 0, "no HTTP answer at all");
}

#[tokio::test]
async fn p2_a_certificate_from_another_ca_is_refused_in_the_handshake() {
    let r = service(&tempdir("untrusted")).await;
    let c = curl(&r, Some("untrusted"), &[], &fraga("exempelkommunen")).await;
    assert_ne!(c.exit, 0);
    assert_eq!(c.status, 0);
}

#[tokio::test]
async fn p2_a_trusted_but_unknown_certificate_gets_403() {
    let r = service(&tempdir("unknown")).await;
    let body = query(SEED_PNR, &["FK:SJP"]);
    let c = curl(
        &r,
        Some("okand"),
        &[&JSON[..], &["-d", &body]].concat(),
        &fraga("exempelkommunen"),
    )
    .await;
    assert_eq!((c.exit, c.status), (0, 403), "{}", c.body);
    let felsvar: Value = serde_json::from_str(&c.body).unwrap();
    assert_eq!(felsvar["kod"], "NOT_AUTHORIZED");
}

#[tokio::test]
async fn p2_a_wrong_aktors_id_gets_403_and_a_supplier_may_act_for_the_partners_it_represents() {
    let r = service(&tempdir("aktor")).await;
    let body = query(SEED_PNR, &["FK:SJP"]);
    let args = [&JSON[..], &["-d", &body]].concat();
    let c = curl(&r, Some("kommun"), &args, &fraga("andrakommunen")).await;
    assert_eq!(c.status, 403, "{}", c.body);
    let c = curl(&r, Some("leverantor"), &args, &fraga("andrakommunen")).await;
    assert_eq!(c.status, 200, "{}", c.body);
    let c = curl(&r, Some("leverantor"), &args, &fraga("kronofogden")).await;
    assert_eq!(c.status, 403, "{}", c.body);
}

#[tokio::test]
async fn p2_every_mapping_kind_identifies_its_caller() {
    // kommun: issuer + serialNumber; kronofogden: organizationIdentifier; forsakring:
    // the fingerprint (lefi-local seeds one of each).
    let r = service(&tempdir("kinds")).await;
    for (cert, aktor) in [
        ("kommun", "exempelkommunen"),
        ("kronofogden", "kronofogden"),
        ("forsakring", "exempelforsakringar"),
    ] {
        let path = format!(
            "/lefi-extern-formansinformation/v9/aktorer/{aktor}/tillgangligaInformationstyper"
        );
        let c = curl(&r, Some(cert), &[], &path).await;
        assert_eq!(c.status, 200, "{cert}: {}", c.body);
    }
}

#[tokio::test]
async fn c1_bad_input_over_https_gets_clear_errors() {
    let dir = tempdir("bad");
    let r = service(&dir).await;
    let big_file = dir.join("big.json");
    std::fs::write(&big_file, "x".repeat(200 * 1024)).unwrap();
    let big = format!("@{}", big_file.display());
    let cases: [(&[&str], &str, u16); 4] = [
        (
            &[
                "-H",
                "content-type: application/json",
                "-d",
                "{\"personnummer\":",
            ],
            "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga",
            400,
        ),
        (
            &[
                "-H",
                "content-type: application/json",
                "--data-binary",
                &big,
            ],
            "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga",
            413,
        ),
        (
            &["-X", "DELETE"],
            "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga",
            405,
        ),
        (&[], "/finns/inte", 404),
    ];
    for (args, path, status) in cases {
        let c = curl(&r, Some("kommun"), args, path).await;
        assert_eq!(c.status, status, "{path}: {}", c.body);
        let felsvar: Value = serde_json::from_str(&c.body).unwrap();
        assert!(felsvar["meddelande"].is_string());
    }
}

/// Issue 12, defect 1, as the outside tester saw it: the Enforcement Authority's demo
/// partner asks `utbetalningar: ["FK:SJP"]` for a person who only has barnbidrag. Its
/// agreement (and its own `tillgangligaInformationstyper`) does not cover barnbidrag: no
/// barnbidrag payment may leave, and naming it is `OBEHORIG` (P3, S2).
#[tokio::test]
async fn p3_the_enforcement_authority_gets_no_payment_outside_its_agreement() {
    let r = service(&tempdir("p3-utb")).await;
    let types = curl(
        &r,
        Some("kronofogden"),
        &[],
        "/lefi-extern-formansinformation/v9/aktorer/kronofogden/tillgangligaInformationstyper",
    )
    .await;
    assert_eq!(types.status, 200, "{}", types.body);
    let types: Value = serde_json::from_str(&types.body).unwrap();
    let payable: Vec<&str> = types["utbetalningar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kod"].as_str().unwrap())
        .collect();
    assert!(
        payable.contains(&"FK:SJP") && !payable.contains(&"FK:ABB"),
        "{payable:?}"
    );

    // changed-number: barnbidrag with monthly payments, and nothing else.
    for (codes, deviation) in [(["FK:SJP"], None), (["FK:ABB"], Some("FK:ABB"))] {
        let body = serde_json::json!({"personnummer": "198003149872",
            "period": {"from": "2025-06-01", "tom": "2025-12-31"}, "utbetalningar": codes})
        .to_string();
        let c = curl(
            &r,
            Some("kronofogden"),
            &[&JSON[..], &["-d", &body]].concat(),
            &fraga("kronofogden"),
        )
        .await;
        assert_eq!(c.status, 200, "{}", c.body);
        let answer: Value = serde_json::from_str(&c.body).unwrap();
        assert!(
            answer["formansinformation"]
                .get("utbetalningsuppgift")
                .is_none(),
            "{codes:?}: {}",
            c.body
        );
        let refused = &answer["avvikelser"]["utbetalningar"];
        match deviation {
            Some(code) => {
                assert_eq!(refused[0]["formansgrupp"]["kod"], code);
                assert_eq!(refused[0]["avvikelse"]["kod"], "OBEHORIG");
            }
            None => assert!(refused.is_null(), "{refused}"),
        }
    }
    let abb = r
        .registry
        .state()
        .counters(lefi_registry_sim::RegistryId::Benefit(
            lefi_domain::Benefit::Barnbidrag,
        ))
        .calls;
    assert_eq!(abb, 0, "barnbidrag's registry is never asked");
}
