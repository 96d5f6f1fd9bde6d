//! A1 in AWS's shape: the tool's binary with `--dynamodb` against the AWS-compatible
//! server `lefi_test_aws` finds (moto in `scripts/test`): the operator in the audit is
//! STS's caller identity, and the personnummer keys come from Secrets Manager only when
//! the file needs them.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::process::Command;

use lefi_domain::tz::stockholm_date;
use lefi_store::{AuditLog as _, DynamoStore, Outcome, PartnerId};

const FILE: &str = r#"partner: dynamopartner
organisation: 556036-0793
name: Nya Försäkringar AB
kind: forsakringsbolag
benefits: [FK:SJP]
channels: [system, portal]
limits: { per_second: 5, burst: 10, per_day: 5000 }
pricing: { kind: paid, connection_fee_ore: 2500000, per_query_ore: 1200 }
valid_from: 2026-01-01
certificates:
  - fingerprint: "6bac40e3d921d6533f2ef0b7d87d2ef161fda57ecb657f1d5764d1d091835b3f"
portal_users:
  - personnummer: "195001019420"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a1_the_tool_runs_against_dynamodb_as_the_callers_iam_identity() {
    let Some(aws) = lefi_test_aws::aws("a1_the_tool_runs_against_dynamodb").await else {
        return;
    };
    let prefix = format!("admin-cli-{}", std::process::id());
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&aws.config), prefix.clone());
    store.create_tables().await.unwrap();
    let secret = format!("{prefix}-pnr-keys");
    aws_sdk_secretsmanager::Client::new(&aws.config)
        .create_secret()
        .name(&secret)
        .secret_string(format!(
            r#"{{"mac_key":"{}","seal_key":"{}"}}"#,
            "ab".repeat(32),
            "cd".repeat(32)
        ))
        .send()
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("lefi-admin-dynamo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("partner.yaml");
    std::fs::write(&file, FILE).unwrap();
    // Portal users need the keys: without the secret, refused and nothing written.
    let file = file.to_str().unwrap();
    let out = admin(
        &aws.endpoint,
        &prefix,
        &["agreements", "apply", "--yes", file],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("personnummernycklarna"));
    let out = admin(
        &aws.endpoint,
        &prefix,
        &[
            "--pnr-keys-secret",
            &secret,
            "agreements",
            "apply",
            "--yes",
            file,
        ],
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("+ portal_users: 19500101-****"), "{stdout}");
    assert!(!stdout.contains("195001019420"), "{stdout}");

    // The record names the IAM identity STS gave.
    let now = lefi_gateway::Clock::now(&lefi_gateway::SystemClock);
    let records = store
        .by_partner_and_day(&PartnerId("dynamopartner".into()), stockholm_date(now))
        .await
        .unwrap();
    let configured: Vec<_> = records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Configured { .. }))
        .collect();
    assert_eq!(configured.len(), 1);
    assert!(
        configured[0].caller.starts_with("arn:aws:"),
        "{}",
        configured[0].caller
    );
    assert_eq!(configured[0].channel, "operator/lefi-admin");
}

/// The binary with `--dynamodb`, at the test's server (the SDK's default chain reads
/// the environment; test credentials and region where none are set).
async fn admin(endpoint: &str, prefix: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lefi-admin"));
    cmd.env("AWS_ENDPOINT_URL", endpoint);
    for (var, default) in [
        ("AWS_REGION", "eu-north-1"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ] {
        if std::env::var_os(var).is_none() {
            cmd.env(var, default);
        }
    }
    cmd.args(["--dynamodb", "--table-prefix", prefix])
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}
