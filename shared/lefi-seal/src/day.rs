//! Sealing and verifying one Stockholm day of the audit (A3), over the ports.

use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, Utc};
use lefi_domain::tz::stockholm_date;
use lefi_store::AuditLog;

use crate::error::SealError;
use crate::manifest::{Manifest, Report, Unsigned, verify};
use crate::ports::{SealStore, Signer};

/// The signer and the seal store, together: what sealing and verifying need besides
/// the audit log.
#[derive(Clone)]
pub struct Seal {
    pub signer: Arc<dyn Signer>,
    pub seals: Arc<dyn SealStore>,
}

impl Seal {
    /// The local adapters under `dir`: the key `seal-key.p8` (made at first use) and the
    /// manifests in `seals/` — what `cargo run` (lefi-local) uses.
    pub fn local(dir: &std::path::Path) -> Result<Self, SealError> {
        Ok(Self {
            signer: Arc::new(crate::local::LocalSigner::open(&dir.join("seal-key.p8"))?),
            seals: Arc::new(crate::local::DirSealStore::new(dir.join("seals"))),
        })
    }

    /// The AWS adapters: the KMS key and the Object Lock bucket the stack made (the seal
    /// function's LEFI_SEAL_KEY_ID, LEFI_SEAL_BUCKET, LEFI_SEAL_RETENTION_DAYS).
    #[cfg(feature = "aws")]
    pub fn aws(
        config: &aws_types::SdkConfig,
        key_id: impl Into<String>,
        bucket: impl Into<String>,
        retention_days: u32,
    ) -> Self {
        Self {
            signer: Arc::new(crate::aws::KmsSigner::new(config, key_id)),
            seals: Arc::new(crate::aws::S3SealStore::new(
                config,
                bucket,
                "",
                retention_days,
            )),
        }
    }
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seal")
            .field("key_id", &self.signer.key_id())
            .finish_non_exhaustive()
    }
}

/// The day before `day`.
fn previous(day: NaiveDate) -> Option<NaiveDate> {
    day.checked_sub_days(Days::new(1))
}

/// Seals `day`: every record `by_day` gives, chained to the day before's root if that
/// day is sealed. Only a day that is over in Stockholm at `now`; never twice.
pub async fn seal_day(
    audit: &dyn AuditLog,
    seal: &Seal,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Manifest, SealError> {
    if day >= stockholm_date(now) {
        return Err(SealError::DayNotOver(day));
    }
    // Checked first so a repeated run neither reads the day nor signs anything.
    if seal.seals.get(day).await?.is_some() {
        return Err(SealError::AlreadySealed(day));
    }
    let previous_root = match previous(day) {
        Some(p) => seal.seals.get(p).await?.map(|m| m.root),
        None => None,
    };
    let records = audit.by_day(day).await?;
    let unsigned = Unsigned::new(day, records, previous_root, seal.signer.key_id());
    let signature = seal.signer.sign(&unsigned.statement()).await?;
    let manifest = unsigned.signed(&signature);
    seal.seals.put(&manifest).await?;
    tracing::info!(%day, count = manifest.count, root = %manifest.root, "audit day sealed");
    Ok(manifest)
}

/// Verifies `day` against what the store holds now, with the signer's public key and
/// the day before's manifest for the chain.
pub async fn verify_day(
    audit: &dyn AuditLog,
    seal: &Seal,
    day: NaiveDate,
) -> Result<Report, SealError> {
    let manifest = seal
        .seals
        .get(day)
        .await?
        .ok_or(SealError::NotSealed(day))?;
    let previous_root = match previous(day) {
        Some(p) => seal.seals.get(p).await?.map(|m| m.root),
        None => None,
    };
    let public_key = seal.signer.public_key().await?;
    let records = audit.by_day(day).await?;
    Ok(verify(
        &manifest,
        &records,
        &public_key,
        previous_root.as_deref(),
    ))
}
