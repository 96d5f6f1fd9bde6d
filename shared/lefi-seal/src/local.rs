//! The local adapters: a P-256 key in a file and manifests in a directory, for
//! `cargo run` and tests. The directory is write-once by the same rule as the bucket
//! (a day is never replaced), not by anything the file system enforces.

use std::io::Write;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use chrono::NaiveDate;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use sha2::{Digest, Sha256};

use crate::error::SealError;
use crate::manifest::Manifest;
use crate::ports::{SealStore, Signer, object_name, parse, render};

/// An ECDSA P-256 key whose PKCS#8 document lies in a file, made at first use.
#[derive(Debug)]
pub struct LocalSigner {
    key: EcdsaKeyPair,
    key_id: String,
    rng: SystemRandom,
}

impl LocalSigner {
    /// Reads the key at `path`, or makes one there (readable by the owner only).
    pub fn open(path: &Path) -> Result<Self, SealError> {
        let rng = SystemRandom::new();
        let pkcs8 = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let doc = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng)
                    .map_err(|_| SealError::Signer("nyckeln kunde inte skapas".into()))?;
                write_new(path, doc.as_ref())
                    .map_err(|e| SealError::Signer(format!("{}: {e}", path.display())))?;
                doc.as_ref().to_vec()
            }
            Err(e) => return Err(SealError::Signer(format!("{}: {e}", path.display()))),
        };
        Self::from_pkcs8(&pkcs8)
    }

    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, SealError> {
        let rng = SystemRandom::new();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8, &rng)
            .map_err(|e| SealError::Signer(format!("nyckeln kan inte läsas: {e}")))?;
        let fingerprint = Sha256::digest(key.public_key().as_ref());
        let key_id = format!("local:{}", hex::encode(&fingerprint[..8]));
        Ok(Self { key, key_id, rng })
    }
}

/// Creates `path` with `bytes`, failing if it exists; owner-only where that exists.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[async_trait]
impl Signer for LocalSigner {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    async fn sign(&self, statement: &[u8]) -> Result<Vec<u8>, SealError> {
        self.key
            .sign(&self.rng, statement)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| SealError::Signer("signeringen misslyckades".into()))
    }

    async fn public_key(&self) -> Result<Vec<u8>, SealError> {
        Ok(self.key.public_key().as_ref().to_vec())
    }
}

/// Manifests as files `audit-seal-YYYY-MM-DD.json` in one directory.
#[derive(Debug, Clone)]
pub struct DirSealStore {
    dir: PathBuf,
}

impl DirSealStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn path(&self, day: NaiveDate) -> PathBuf {
        self.dir.join(object_name(day))
    }
}

#[async_trait]
impl SealStore for DirSealStore {
    async fn put(&self, manifest: &Manifest) -> Result<(), SealError> {
        let bytes = render(manifest)?;
        let path = self.path(manifest.day);
        let store = |e: std::io::Error| SealError::SealStore(format!("{}: {e}", path.display()));
        std::fs::create_dir_all(&self.dir).map_err(store)?;
        // Written aside, then linked into place: the link fails if the day exists, and
        // nobody ever sees half a manifest.
        let aside = self.dir.join(format!(
            ".{}.{}",
            object_name(manifest.day),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&aside);
        write_new(&aside, &bytes).map_err(store)?;
        let linked = std::fs::hard_link(&aside, &path);
        let _ = std::fs::remove_file(&aside);
        match linked {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(SealError::AlreadySealed(manifest.day))
            }
            Err(e) => Err(store(e)),
        }
    }

    async fn get(&self, day: NaiveDate) -> Result<Option<Manifest>, SealError> {
        match std::fs::read(self.path(day)) {
            Ok(bytes) => parse(&bytes).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(SealError::SealStore(format!(
                "{}: {e}",
                self.path(day).display()
            ))),
        }
    }
}
