//! The seal end to end (A3): seal a generated day, then alter, add and delete one record
//! each, as someone with write access to the table could, and verify names each one —
//! against the embedded store with the local adapters, and against DynamoDB, KMS and S3
//! (moto, or whatever `lefi_test_aws` finds) with the AWS adapters.

use std::sync::Arc;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Days, NaiveDate, Utc};
use lefi_seal::aws::{KmsSigner, S3SealStore};
use lefi_seal::local::{DirSealStore, LocalSigner};
use lefi_seal::manifest::signature_holds;
use lefi_seal::{Chain, Seal, SealError, SealStore, Signer, sample, seal_day, verify_day};
use lefi_store::{AuditLog, DynamoStore, EmbeddedStore};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).expect("date")
}

/// Noon the day after `day()`, when it is over.
fn after() -> DateTime<Utc> {
    sample::day_start(day() + Days::new(1)) + chrono::Duration::hours(12)
}

fn unique(case: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("t{}-{nanos}-{}", std::process::id(), case.replace('_', "-"))
}

fn temp_dir(case: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lefi-seal-{}", unique(case)));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn local_seal(dir: &std::path::Path) -> Seal {
    Seal {
        signer: Arc::new(LocalSigner::open(&dir.join("seal-key.p8")).expect("key")),
        seals: Arc::new(DirSealStore::new(dir.join("seals"))),
    }
}

/// A day of records, plus one just before and one just after it that the day's seal
/// must not cover.
async fn fill(audit: &dyn AuditLog, n: u64) -> Vec<lefi_store::AuditRecord> {
    let records = sample::day(day(), n);
    for r in &records {
        audit.append(r).await.expect("append");
    }
    let mut before = sample::record(day() - Days::new(1), 0);
    before.at = sample::day_start(day()) - chrono::Duration::milliseconds(1);
    audit.append(&before).await.expect("append");
    let mut next = sample::record(day() + Days::new(1), 0);
    next.at = sample::day_start(day() + Days::new(1));
    audit.append(&next).await.expect("append");
    records
}

/// A record added after sealing, inside the sealed day.
fn late_record() -> lefi_store::AuditRecord {
    let mut r = sample::record(day(), 999_999);
    r.id = "inserted-after-sealing".into();
    r
}

#[tokio::test]
async fn a3_embedded_store_verify_names_the_altered_added_and_deleted_record() {
    let dir = temp_dir("embedded");
    let store = EmbeddedStore::new();
    let records = fill(&store, 40).await;
    let seal = local_seal(&dir);

    let manifest = seal_day(&store, &seal, day(), after()).await.expect("seal");
    assert_eq!(manifest.count, 40, "the day's records only");
    let clean = verify_day(&store, &seal, day()).await.expect("verify");
    assert!(clean.ok(), "{clean:?}");

    let mut altered = records[7].clone();
    altered.delivered.push("FK:ABB".into());
    store.tamper_replace_audit(altered).expect("alter");
    assert!(store.tamper_remove_audit(&records[21].id).expect("delete"));
    store.append(&late_record()).await.expect("add");

    let report = verify_day(&store, &seal, day()).await.expect("verify");
    assert_eq!(report.changed, vec![records[7].id.clone()]);
    assert_eq!(report.removed, vec![records[21].id.clone()]);
    assert_eq!(report.added, vec!["inserted-after-sealing".to_owned()]);
    assert!(report.signature_valid && report.manifest_consistent);
    assert!(!report.ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_a_day_is_sealed_once_and_only_when_it_is_over() {
    let dir = temp_dir("once");
    let store = EmbeddedStore::new();
    fill(&store, 3).await;
    let seal = local_seal(&dir);
    let during = sample::day_start(day()) + chrono::Duration::hours(23);
    assert_eq!(
        seal_day(&store, &seal, day(), during).await,
        Err(SealError::DayNotOver(day()))
    );
    let first = seal_day(&store, &seal, day(), after()).await.expect("seal");
    // A record arriving later must not slip in through a second seal.
    store.append(&late_record()).await.expect("add");
    let again = seal_day(&store, &seal, day(), after()).await;
    assert_eq!(again, Err(SealError::AlreadySealed(day())));
    assert_eq!(
        again.err().map(|e| e.error_type()),
        Some("SEAL_ALREADY_SEALED")
    );
    assert_eq!(seal.seals.get(day()).await.expect("get"), Some(first));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_verifying_a_day_never_sealed_says_so() {
    let dir = temp_dir("never");
    let store = EmbeddedStore::new();
    fill(&store, 3).await;
    let seal = local_seal(&dir);
    let err = verify_day(&store, &seal, day())
        .await
        .expect_err("not sealed");
    assert_eq!(err, SealError::NotSealed(day()));
    assert_eq!(err.error_type(), "SEAL_NOT_SEALED");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_a_manifest_with_a_bad_signature_fails_verification() {
    let dir = temp_dir("badsig");
    let store = EmbeddedStore::new();
    fill(&store, 5).await;
    let seal = local_seal(&dir);
    seal_day(&store, &seal, day(), after()).await.expect("seal");
    // Someone with access to the seal directory re-signs nothing but flips a byte.
    let path = DirSealStore::new(dir.join("seals")).path(day());
    let mut manifest: lefi_seal::Manifest =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    let mut sig = hex::decode(&manifest.signature).expect("hex");
    let last = sig.len() - 1;
    sig[last] ^= 0x01;
    manifest.signature = hex::encode(sig);
    std::fs::write(&path, serde_json::to_vec(&manifest).expect("json")).expect("write");

    let report = verify_day(&store, &seal, day()).await.expect("verify");
    assert!(!report.signature_valid);
    assert!(report.changed.is_empty() && report.added.is_empty() && report.removed.is_empty());
    assert!(!report.ok());

    // A manifest signed by another key fails the same way.
    let other_dir = temp_dir("badsig-other");
    let other = local_seal(&other_dir);
    assert_ne!(other.signer.key_id(), seal.signer.key_id());
    let report = verify_day(
        &store,
        &Seal {
            signer: other.signer.clone(),
            seals: seal.seals.clone(),
        },
        day(),
    )
    .await
    .expect("verify");
    assert!(!report.signature_valid);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other_dir);
}

#[tokio::test]
async fn a3_days_chain_and_a_replaced_previous_day_breaks_the_chain() {
    let dir = temp_dir("chain");
    let store = EmbeddedStore::new();
    fill(&store, 4).await;
    let seal = local_seal(&dir);
    let first_day = day() - Days::new(1);
    let first = seal_day(&store, &seal, first_day, after())
        .await
        .expect("seal");
    assert_eq!(first.previous_root, None);
    let second = seal_day(&store, &seal, day(), after()).await.expect("seal");
    assert_eq!(second.previous_root.as_deref(), Some(first.root.as_str()));
    assert_eq!(
        verify_day(&store, &seal, day())
            .await
            .expect("verify")
            .chain,
        Chain::Linked
    );
    assert_eq!(
        verify_day(&store, &seal, first_day)
            .await
            .expect("verify")
            .chain,
        Chain::Start
    );

    // The day before is replaced by a seal over other records (its file deleted and a
    // new day sealed in its place): the later day no longer links to it.
    std::fs::remove_file(DirSealStore::new(dir.join("seals")).path(first_day)).expect("rm");
    let mut forged = sample::record(first_day, 5);
    forged.id = "forged".into();
    store.append(&forged).await.expect("append");
    seal_day(&store, &seal, first_day, after())
        .await
        .expect("reseal");
    let report = verify_day(&store, &seal, day()).await.expect("verify");
    assert!(
        matches!(&report.chain, Chain::Broken { claimed: Some(c), found: Some(f) } if *c == first.root && *f != first.root),
        "{:?}",
        report.chain
    );
    assert!(!report.ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_the_local_key_is_made_at_first_use_and_kept() {
    let dir = temp_dir("key");
    let path = dir.join("keys").join("seal-key.p8");
    let first = LocalSigner::open(&path).expect("make");
    assert!(path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner only");
    }
    let again = LocalSigner::open(&path).expect("read");
    assert_eq!(first.key_id(), again.key_id());
    let sig = first.sign(b"statement").await.expect("sign");
    let public = again.public_key().await.expect("public");
    assert!(signature_holds(&public, b"statement", &sig));
    assert!(!signature_holds(&public, b"statemenT", &sig));
    let _ = std::fs::remove_dir_all(dir);
}

// --- AWS (moto) ---

async fn kms_key(config: &aws_types::SdkConfig) -> String {
    let kms = aws_sdk_kms::Client::new(config);
    let key = kms
        .create_key()
        .key_spec(aws_sdk_kms::types::KeySpec::EccNistP256)
        .key_usage(aws_sdk_kms::types::KeyUsageType::SignVerify)
        .send()
        .await
        .expect("create key");
    key.key_metadata.and_then(|m| m.arn).expect("the key's ARN")
}

async fn locked_bucket(config: &aws_types::SdkConfig, case: &str) -> String {
    let s3 = s3_client(config);
    let bucket = unique(case).to_lowercase();
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
        .expect("create bucket");
    bucket
}

fn s3_client(config: &aws_types::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

#[tokio::test]
async fn a3_kms_signs_with_an_asymmetric_p256_key_and_the_public_key_verifies() {
    let Some(aws) = lefi_test_aws::aws("a3_kms_signs").await else {
        return;
    };
    let arn = kms_key(&aws.config).await;
    let signer = KmsSigner::new(&aws.config, &arn);
    assert_eq!(signer.key_id(), arn);
    let statement = b"lefi-audit-seal-v1\nday=2026-12-06\n";
    let sig = signer.sign(statement).await.expect("sign");
    let public = signer.public_key().await.expect("public key");
    assert_eq!(public.len(), 65);
    assert!(signature_holds(&public, statement, &sig));
    assert!(!signature_holds(&public, b"another statement", &sig));
    // KMS itself agrees.
    let verified = aws_sdk_kms::Client::new(&aws.config)
        .verify()
        .key_id(&arn)
        .message(aws_sdk_kms::primitives::Blob::new(&statement[..]))
        .message_type(aws_sdk_kms::types::MessageType::Raw)
        .signature(aws_sdk_kms::primitives::Blob::new(sig))
        .signing_algorithm(aws_sdk_kms::types::SigningAlgorithmSpec::EcdsaSha256)
        .send()
        .await
        .expect("verify");
    assert!(verified.signature_valid);
}

#[tokio::test]
async fn a3_s3_keeps_a_manifest_write_once_under_compliance_lock() {
    let Some(aws) = lefi_test_aws::aws("a3_s3_write_once").await else {
        return;
    };
    let bucket = locked_bucket(&aws.config, "a3-s3").await;
    let seals = S3SealStore::new(&aws.config, &bucket, "seals/", 30);
    let dir = temp_dir("s3");
    let seal = Seal {
        signer: Arc::new(LocalSigner::open(&dir.join("k.p8")).expect("key")),
        seals: Arc::new(seals.clone()),
    };
    let store = EmbeddedStore::new();
    fill(&store, 3).await;
    let manifest = seal_day(&store, &seal, day(), after()).await.expect("seal");
    assert_eq!(seals.get(day()).await.expect("get"), Some(manifest.clone()));
    assert_eq!(seals.get(day() - Days::new(1)).await.expect("get"), None);

    // The adapter refuses a second manifest for the day even when it skips its own
    // check (S3's If-None-Match).
    assert_eq!(
        seals.put(&manifest).await,
        Err(SealError::AlreadySealed(day()))
    );

    let s3 = s3_client(&aws.config);
    let key = format!("seals/{}", lefi_seal::ports::object_name(day()));
    // (moto answers GetObjectRetention with the object itself; HEAD carries the lock.)
    let head = s3
        .head_object()
        .bucket(&bucket)
        .key(&key)
        .send()
        .await
        .expect("head");
    assert_eq!(
        head.object_lock_mode,
        Some(aws_sdk_s3::types::ObjectLockMode::Compliance)
    );
    let until = head.object_lock_retain_until_date.expect("until").secs();
    let in_29_days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
        + 29 * 24 * 3600;
    assert!(until > in_29_days, "kept 30 days from sealing");

    // The locked version cannot be deleted.
    let deleted = s3
        .delete_object()
        .bucket(&bucket)
        .key(&key)
        .set_version_id(head.version_id)
        .send()
        .await;
    assert!(deleted.is_err(), "a compliance-locked version was deleted");
    assert_eq!(seals.get(day()).await.expect("get"), Some(manifest.clone()));

    // A later version put over it (no If-None-Match: S3 takes it as the current one) is
    // not the seal: the first version is.
    let mut forged = manifest.clone();
    forged.entries.clear();
    forged.count = 0;
    s3.put_object()
        .bucket(&bucket)
        .key(&key)
        .body(serde_json::to_vec(&forged).expect("json").into())
        .checksum_algorithm(aws_sdk_s3::types::ChecksumAlgorithm::Sha256)
        .send()
        .await
        .expect("a later version");
    assert_eq!(seals.get(day()).await.expect("get"), Some(manifest));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a3_dynamodb_verify_names_the_altered_added_and_deleted_record() {
    let Some(aws) = lefi_test_aws::aws("a3_dynamodb_verify").await else {
        return;
    };
    let prefix = unique("a3-seal");
    let dynamodb = aws_sdk_dynamodb::Client::new(&aws.config);
    let store = DynamoStore::new(dynamodb.clone(), &prefix);
    store.create_tables().await.expect("tables");
    let records = fill(&store, 40).await;
    let seal = Seal {
        signer: Arc::new(KmsSigner::new(&aws.config, kms_key(&aws.config).await)),
        seals: Arc::new(S3SealStore::new(
            &aws.config,
            locked_bucket(&aws.config, "a3-ddb").await,
            "",
            1,
        )),
    };
    let manifest = seal_day(&store, &seal, day(), after()).await.expect("seal");
    assert_eq!(manifest.count, 40);
    assert!(verify_day(&store, &seal, day()).await.expect("verify").ok());

    // Straight to the table, past the append-only port: change one record's document,
    // delete another, and append one more for the day.
    let table = format!("{prefix}-audit");
    let mut altered = records[3].clone();
    altered.outcome = lefi_store::Outcome::PersonNotFound;
    dynamodb
        .update_item()
        .table_name(&table)
        .key("id", AttributeValue::S(altered.id.clone()))
        .update_expression("SET #d = :d")
        .expression_attribute_names("#d", "doc")
        .expression_attribute_values(
            ":d",
            AttributeValue::S(serde_json::to_string(&altered).expect("json")),
        )
        .send()
        .await
        .expect("alter");
    dynamodb
        .delete_item()
        .table_name(&table)
        .key("id", AttributeValue::S(records[30].id.clone()))
        .send()
        .await
        .expect("delete");
    store.append(&late_record()).await.expect("add");

    let report = verify_day(&store, &seal, day()).await.expect("verify");
    assert_eq!(report.changed, vec![records[3].id.clone()]);
    assert_eq!(report.removed, vec![records[30].id.clone()]);
    assert_eq!(report.added, vec!["inserted-after-sealing".to_owned()]);
    assert!(report.signature_valid && report.manifest_consistent);
    assert_eq!(report.chain, Chain::Start);
    assert!(!report.ok());
}
