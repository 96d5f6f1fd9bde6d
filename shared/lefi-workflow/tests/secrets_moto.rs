//! The personnummer keys from Secrets Manager (`protector_from_secret`), against the
//! AWS-compatible server `lefi_test_aws` finds (moto in `scripts/test`). Skipped locally
//! without one, loudly; CI must run them.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use lefi_domain::Personnummer;
use lefi_store::Protector;
use lefi_workflow::lambda::protector_from_secret;

const MAC: &str = "0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a09080706050403020100f";
const SEAL: &str = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0";

async fn secrets(case: &str) -> Option<aws_sdk_secretsmanager::Client> {
    let aws = lefi_test_aws::aws(&format!("secrets_moto::{case}")).await?;
    Some(aws_sdk_secretsmanager::Client::new(&aws.config))
}

/// A secret of its own for each test; returns its ARN.
async fn secret(client: &aws_sdk_secretsmanager::Client, case: &str, value: &str) -> String {
    client
        .create_secret()
        .name(format!("lefi-t{}-{case}", std::process::id()))
        .secret_string(value)
        .send()
        .await
        .unwrap()
        .arn
        .unwrap()
}

fn pnr() -> Personnummer {
    Personnummer::parse(
        "195001019420",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn the_keys_come_from_the_secret_and_protect_as_the_same_keys_given_directly() {
    let Some(client) = secrets("keys").await else {
        return;
    };
    let arn = secret(
        &client,
        "keys",
        &format!(r#"{{"mac_key":"{MAC}","seal_key":"{SEAL}"}}"#),
    )
    .await;
    let from_secret = protector_from_secret(&client, &arn).await.unwrap();
    let direct = Protector::from_hex(MAC, SEAL).unwrap();
    assert!(!from_secret.is_development());
    assert_eq!(from_secret.hash(&pnr()), direct.hash(&pnr()));
    // Sealed with one, opened with the other: the seal key is the same too.
    let sealed = from_secret.protect(&pnr());
    assert_eq!(direct.reveal(&sealed).unwrap().expose(), "195001019420");
}

#[tokio::test]
async fn a_malformed_secret_is_refused_without_repeating_its_value() {
    let Some(client) = secrets("malformed").await else {
        return;
    };
    // Not JSON, a JSON string (serde's own message would quote it), JSON without the
    // fields, and a key of the wrong length: each carries a marker the error must not show.
    for (i, value) in [
        "hemlig-nyckel-XYZZY".to_owned(),
        r#""hemlig-nyckel-XYZZY""#.to_owned(),
        r#"{"mac":"XYZZY"}"#.to_owned(),
        format!(r#"{{"mac_key":"XYZZY{MAC}","seal_key":"{SEAL}"}}"#),
    ]
    .iter()
    .enumerate()
    {
        let arn = secret(&client, &format!("malformed{i}"), value).await;
        let err = protector_from_secret(&client, &arn).await.err().unwrap();
        let text = format!("{err} {err:?}");
        assert_eq!(err.name, "LEFI_PNR_KEYS_SECRET", "{text}");
        assert!(!text.contains("XYZZY"), "{text}");
        assert!(!text.contains(SEAL), "{text}");
    }
}

#[tokio::test]
async fn a_missing_secret_is_a_configuration_error_that_names_the_setting() {
    let Some(client) = secrets("missing").await else {
        return;
    };
    let err = protector_from_secret(&client, "lefi-finns-inte")
        .await
        .err()
        .unwrap();
    assert_eq!(err.name, "LEFI_PNR_KEYS_SECRET");
    assert!(err.to_string().contains("kan inte läsas"), "{err}");
}
