//! The AWS adapters: the signing key in KMS, the manifests in S3 under Object Lock.
//!
//! KMS signs the statement as `MessageType::Raw` with `ECDSA_SHA_256`: KMS hashes it
//! with SHA-256 and signs that, which is exactly `Digest` of our own SHA-256, but moto
//! (the tests' AWS) ignores `Digest` and would hash the digest again; the statement is a
//! few hundred bytes, far below Raw's 4096. Verification uses `GetPublicKey`'s key
//! locally with ring, so a verifier needs only `kms:GetPublicKey`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{MessageType, SigningAlgorithmSpec};
use aws_sdk_s3::primitives::{ByteStream, DateTime};
use aws_sdk_s3::types::{ChecksumAlgorithm, ObjectLockMode};
use chrono::NaiveDate;
use tokio::sync::OnceCell;

use crate::error::SealError;
use crate::manifest::Manifest;
use crate::ports::{SealStore, Signer, object_name, parse, render};

/// The DER prefix of every P-256 SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, a
/// 66-byte BIT STRING): what follows is the uncompressed point ring verifies with.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// The uncompressed point inside a P-256 SubjectPublicKeyInfo, or `None` for any other.
pub fn p256_point(spki_der: &[u8]) -> Option<&[u8]> {
    let point = spki_der.strip_prefix(&P256_SPKI_PREFIX[..])?;
    (point.len() == 65 && point[0] == 0x04).then_some(point)
}

/// An asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`).
#[derive(Debug)]
pub struct KmsSigner {
    client: aws_sdk_kms::Client,
    key_id: String,
    public_key: OnceCell<Vec<u8>>,
}

impl KmsSigner {
    /// `key_id`: the key's ARN (what the manifest names), or an alias for tests.
    pub fn new(config: &aws_types::SdkConfig, key_id: impl Into<String>) -> Self {
        Self {
            client: aws_sdk_kms::Client::new(config),
            key_id: key_id.into(),
            public_key: OnceCell::new(),
        }
    }
}

fn signer_error(e: impl std::error::Error) -> SealError {
    SealError::Signer(aws_sdk_kms::error::DisplayErrorContext(e).to_string())
}

#[async_trait]
impl Signer for KmsSigner {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    async fn sign(&self, statement: &[u8]) -> Result<Vec<u8>, SealError> {
        let out = self
            .client
            .sign()
            .key_id(&self.key_id)
            .message(Blob::new(statement))
            .message_type(MessageType::Raw)
            .signing_algorithm(SigningAlgorithmSpec::EcdsaSha256)
            .send()
            .await
            .map_err(signer_error)?;
        out.signature
            .map(Blob::into_inner)
            .ok_or_else(|| SealError::Signer("KMS gav ingen signatur".into()))
    }

    async fn public_key(&self) -> Result<Vec<u8>, SealError> {
        self.public_key
            .get_or_try_init(|| async {
                let out = self
                    .client
                    .get_public_key()
                    .key_id(&self.key_id)
                    .send()
                    .await
                    .map_err(signer_error)?;
                // The DER names the curve, so the prefix check is the key-spec check
                // (moto answers only the deprecated CustomerMasterKeySpec field).
                out.public_key()
                    .and_then(|k| p256_point(k.as_ref()))
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| {
                        SealError::Signer("nyckeln är inte en ECC_NIST_P256-nyckel".into())
                    })
            })
            .await
            .cloned()
    }
}

/// Manifests as objects `<prefix>audit-seal-YYYY-MM-DD.json` in a bucket with Object
/// Lock: each put in compliance mode, kept `retention_days` from sealing; nobody, not
/// even the account's root, can delete or overwrite the version before then.
#[derive(Debug, Clone)]
pub struct S3SealStore {
    client: aws_sdk_s3::Client,
    bucket: String,
    prefix: String,
    retention_days: u32,
}

impl S3SealStore {
    pub fn new(
        config: &aws_types::SdkConfig,
        bucket: impl Into<String>,
        prefix: impl Into<String>,
        retention_days: u32,
    ) -> Self {
        // Path-style addressing: the bucket in the path works for AWS and for a local
        // endpoint alike (moto has no per-bucket host names).
        let conf = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build();
        Self {
            client: aws_sdk_s3::Client::from_conf(conf),
            bucket: bucket.into(),
            prefix: prefix.into(),
            retention_days,
        }
    }

    fn key(&self, day: NaiveDate) -> String {
        format!("{}{}", self.prefix, object_name(day))
    }
}

fn store_error(e: impl std::error::Error) -> SealError {
    SealError::SealStore(aws_sdk_s3::error::DisplayErrorContext(e).to_string())
}

#[async_trait]
impl SealStore for S3SealStore {
    async fn put(&self, manifest: &Manifest) -> Result<(), SealError> {
        let until =
            SystemTime::now() + Duration::from_secs(u64::from(self.retention_days) * 24 * 60 * 60);
        let until = until
            .duration_since(UNIX_EPOCH)
            .map_err(|e| SealError::SealStore(e.to_string()))?;
        let result = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(self.key(manifest.day))
            .content_type("application/json")
            .body(ByteStream::from(render(manifest)?))
            .object_lock_mode(ObjectLockMode::Compliance)
            .object_lock_retain_until_date(DateTime::from_secs(until.as_secs() as i64))
            // S3 refuses an Object Lock put without a checksum (Content-MD5 or this).
            .checksum_algorithm(ChecksumAlgorithm::Sha256)
            // Write-once even against a racing second run: S3 answers 412 if the key
            // exists.
            .if_none_match("*")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 412) => {
                Err(SealError::AlreadySealed(manifest.day))
            }
            Err(e) => Err(store_error(e)),
        }
    }

    /// The day's **first** version: a versioned bucket takes a later PutObject without
    /// `If-None-Match` as a new current version, and Object Lock keeps only the old one
    /// from change, so the sealed manifest is the oldest version, never simply the latest.
    async fn get(&self, day: NaiveDate) -> Result<Option<Manifest>, SealError> {
        let key = self.key(day);
        let mut versions = Vec::new();
        let (mut key_marker, mut version_marker) = (None, None);
        loop {
            let out = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(&key)
                .set_key_marker(key_marker)
                .set_version_id_marker(version_marker)
                .send()
                .await
                .map_err(store_error)?;
            versions.extend(
                out.versions()
                    .iter()
                    .filter(|v| v.key() == Some(key.as_str()))
                    .filter_map(|v| v.version_id().map(str::to_owned)),
            );
            if out.is_truncated() != Some(true) {
                break;
            }
            key_marker = out.next_key_marker;
            version_marker = out.next_version_id_marker;
        }
        // S3 lists a key's versions newest first: the seal is the last.
        let Some(first) = versions.last() else {
            return Ok(None);
        };
        if versions.len() > 1 {
            tracing::warn!(%day, versions = versions.len(), "the seal's object has later versions; the first is the seal");
        }
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .version_id(first)
            .send()
            .await
            .map_err(store_error)?;
        let bytes = out.body.collect().await.map_err(store_error)?.into_bytes();
        parse(&bytes).map(Some)
    }
}
