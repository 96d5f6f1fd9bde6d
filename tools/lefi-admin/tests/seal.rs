//! `audit seal` and `audit verify` (A3) through `lefi_admin::run`, as the CLI and the
//! local service run them: against the embedded store with the local seal.

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use lefi_admin::{AdminError, Command, Ctx, run};
use lefi_seal::{Seal, sample};
use lefi_store::{AuditLog, EmbeddedStore};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).expect("day")
}

fn ctx(store: Arc<EmbeddedStore>, seal: Option<Seal>) -> Ctx {
    Ctx {
        store,
        protector: None,
        operator: "test-operator".into(),
        now: sample::day_start(day() + Days::new(1)) + chrono::Duration::hours(1),
        seal,
    }
}

fn temp_dir(case: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lefi-admin-seal-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[tokio::test]
async fn a3_audit_verify_lists_each_changed_added_and_removed_record_and_fails() {
    let dir = temp_dir("tamper");
    let store = Arc::new(EmbeddedStore::new());
    let records = sample::day(day(), 25);
    for r in &records {
        store.append(r).await.expect("append");
    }
    let ctx = ctx(store.clone(), Some(Seal::local(&dir).expect("seal")));

    let sealed = run(Command::AuditSeal { day: day() }, &ctx)
        .await
        .expect("seal");
    assert!(!sealed.failed);
    assert!(
        sealed
            .text
            .starts_with("Dag 2026-12-06 förseglad: 25 poster"),
        "{}",
        sealed.text
    );
    let again = run(Command::AuditSeal { day: day() }, &ctx)
        .await
        .expect("again");
    assert!(again.text.contains("redan förseglad"), "{}", again.text);

    let clean = run(Command::AuditVerify { day: day() }, &ctx)
        .await
        .expect("verify");
    assert!(!clean.failed, "{}", clean.text);
    assert!(
        clean
            .text
            .contains("Resultat: oförändrad sedan förseglingen.")
    );

    let mut altered = records[4].clone();
    altered.caller = "cert-annan".into();
    store.tamper_replace_audit(altered).expect("alter");
    store.tamper_remove_audit(&records[9].id).expect("remove");
    let mut late = sample::record(day(), 500);
    late.id = "efterhand".into();
    store.append(&late).await.expect("add");

    let out = run(Command::AuditVerify { day: day() }, &ctx)
        .await
        .expect("verify");
    assert!(out.failed, "{}", out.text);
    let findings: Vec<&str> = out
        .text
        .lines()
        .filter(|l| {
            l.starts_with("ändrad") || l.starts_with("tillagd") || l.starts_with("borttagen")
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            format!("ändrad     {}", records[4].id).as_str(),
            "tillagd    efterhand",
            format!("borttagen  {}", records[9].id).as_str(),
        ]
    );
    assert!(out.text.contains("Signatur: giltig"), "{}", out.text);
    assert!(out.text.contains("3 poster skiljer sig"), "{}", out.text);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_audit_verify_of_a_day_never_sealed_fails_and_says_so() {
    let dir = temp_dir("never");
    let store = Arc::new(EmbeddedStore::new());
    let ctx = ctx(store, Some(Seal::local(&dir).expect("seal")));
    let out = run(Command::AuditVerify { day: day() }, &ctx)
        .await
        .expect("verify");
    assert!(out.failed);
    assert!(out.text.contains("inte förseglad"), "{}", out.text);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_audit_commands_need_the_seal() {
    let store = Arc::new(EmbeddedStore::new());
    let err = run(Command::AuditVerify { day: day() }, &ctx(store, None))
        .await
        .expect_err("no seal");
    assert!(matches!(err, AdminError::NeedsSeal), "{err}");
}

#[test]
fn a3_audit_commands_travel_as_json() {
    // The local service receives commands as JSON (lefi-local's operator endpoint).
    let json = serde_json::to_string(&Command::AuditVerify { day: day() }).expect("json");
    assert_eq!(json, r#"{"command":"audit_verify","day":"2026-12-06"}"#);
    let back: Command = serde_json::from_str(&json).expect("back");
    assert_eq!(back, Command::AuditVerify { day: day() });
}

/// The binary, in-process against DynamoDB, KMS and S3 (moto, or what `lefi_test_aws`
/// finds): seal a day, delete one record straight from the table, verify fails naming it.
#[tokio::test]
async fn a3_the_cli_seals_and_verifies_a_day_in_aws() {
    let Some(aws) = lefi_test_aws::aws("a3_the_cli_seals_and_verifies").await else {
        return;
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let prefix = format!("t{}-{nanos}-cli", std::process::id());
    let store = lefi_store::DynamoStore::new(aws_sdk_dynamodb_client(&aws.config), &prefix);
    store.create_tables().await.expect("tables");
    let records = sample::day(day(), 6);
    for r in &records {
        store.append(r).await.expect("append");
    }
    let key = aws_sdk_kms::Client::new(&aws.config)
        .create_key()
        .key_spec(aws_sdk_kms::types::KeySpec::EccNistP256)
        .key_usage(aws_sdk_kms::types::KeyUsageType::SignVerify)
        .send()
        .await
        .expect("key")
        .key_metadata
        .and_then(|m| m.arn)
        .expect("arn");
    let bucket = format!("{prefix}-seal").to_lowercase();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&aws.config)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket()
        .bucket(&bucket)
        .object_lock_enabled_for_bucket(true)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuNorth1)
                .build(),
        )
        .send()
        .await
        .expect("bucket");

    let cli = |command: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lefi-admin"))
            .args(["--dynamodb", "audit", command, "--day", "2026-12-06"])
            .env("AWS_ENDPOINT_URL", &aws.endpoint)
            .env("AWS_REGION", "eu-north-1")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("LEFI_TABLE_PREFIX", &prefix)
            .env("LEFI_SEAL_KEY_ID", &key)
            .env("LEFI_SEAL_BUCKET", &bucket)
            .env("LEFI_SEAL_RETENTION_DAYS", "1")
            .output()
            .expect("run lefi-admin");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = cli("seal");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("förseglad: 6 poster"), "{stdout}");
    let (code, stdout, stderr) = cli("verify");
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    aws_sdk_dynamodb_client(&aws.config)
        .delete_item()
        .table_name(format!("{prefix}-audit"))
        .key(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S(records[2].id.clone()),
        )
        .send()
        .await
        .expect("delete");
    let (code, stdout, stderr) = cli("verify");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("borttagen  {}", records[2].id)),
        "{stdout}"
    );
}

fn aws_sdk_dynamodb_client(config: &aws_types::SdkConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(config)
}
