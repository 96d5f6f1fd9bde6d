//! Personnummer at rest and in logs (P5): never in clear.
//!
//! A [`PersonRef`] carries two things:
//! - `hash`: HMAC-SHA256 of the canonical 12 digits under a secret key. The same person
//!   always gets the same hash, so logs can be correlated and the audit log searched
//!   ("every query about this person") by someone who holds the key — but the hash
//!   cannot be reversed by trying all ~40 million numbers without it.
//! - `sealed`: the number encrypted with AES-256-GCM (random 96-bit nonce, the hash as
//!   associated data so a sealed value cannot be moved to another record's hash). Only
//!   an authorised audit reader with the sealing key can [`Protector::reveal`] it.
//!
//! Keys come from configuration (in AWS: a secret; locally: [`Protector::development`],
//! which says so loudly wherever it is used).

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use lefi_domain::{Personnummer, Purpose};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// A person as the store and the logs know them: a keyed hash and a sealed number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonRef {
    /// HMAC-SHA256, lower-case hex.
    pub hash: String,
    /// Nonce then ciphertext (with tag), lower-case hex.
    pub sealed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtectError {
    #[error("nyckeln ska vara 32 byte hex")]
    BadKey,
    #[error("den skyddade uppgiften kan inte öppnas med den här nyckeln")]
    CannotReveal,
}

/// Holds the keys. Its `Debug` never shows them.
#[derive(Clone)]
pub struct Protector {
    mac_key: [u8; 32],
    cipher: Aes256Gcm,
    development: bool,
}

impl std::fmt::Debug for Protector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Protector")
            .field("development", &self.development)
            .finish_non_exhaustive()
    }
}

const NONCE_LEN: usize = 12;

/// The associated data of a record's sealed purpose: a kind, a NUL, the record id.
fn purpose_context(record_id: &str) -> Vec<u8> {
    [b"purpose\0".as_slice(), record_id.as_bytes()].concat()
}

impl Protector {
    pub fn new(mac_key: [u8; 32], seal_key: [u8; 32]) -> Self {
        Self {
            mac_key,
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&seal_key)),
            development: false,
        }
    }

    /// Keys as 64 hex digits each (configuration, secrets).
    pub fn from_hex(mac_key: &str, seal_key: &str) -> Result<Self, ProtectError> {
        Ok(Self::new(key_from_hex(mac_key)?, key_from_hex(seal_key)?))
    }

    /// Fixed, public keys for local development only: data protected with them is not
    /// protected at all. [`Protector::is_development`] lets callers warn.
    pub fn development() -> Self {
        Self {
            development: true,
            ..Self::new([0x11; 32], [0x22; 32])
        }
    }

    pub fn is_development(&self) -> bool {
        self.development
    }

    /// The keyed hash of a person: what logs and traces carry instead of the number.
    pub fn hash(&self, pnr: &Personnummer) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(pnr.expose().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn protect(&self, pnr: &Personnummer) -> PersonRef {
        let hash = self.hash(pnr);
        let sealed = self.seal(pnr.expose().as_bytes(), hash.as_bytes());
        PersonRef { hash, sealed }
    }

    /// For authorised audit readers: the number behind a reference.
    pub fn reveal(&self, r: &PersonRef) -> Result<Personnummer, ProtectError> {
        let plain = self.open(&r.sealed, r.hash.as_bytes())?;
        let text = String::from_utf8(plain).map_err(|_| ProtectError::CannotReveal)?;
        Personnummer::parse_canonical(&text).map_err(|_| ProtectError::CannotReveal)
    }

    /// A keyed digest (HMAC-SHA256, hex) of anything that holds personal data, for
    /// lookups that must not reveal it: an unkeyed hash of a query could be reversed by
    /// trying every personnummer. `purpose` keeps kinds apart (it is prefixed with a
    /// NUL, which no personnummer [`hash`](Self::hash) input contains).
    pub fn digest(&self, purpose: &str, data: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Seals bytes with AES-256-GCM (fresh random nonce) bound to `context`: it opens
    /// only with the same key and the same context. Nonce then ciphertext, hex.
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plain,
            aad: context,
        };
        match self.cipher.encrypt(&nonce, payload) {
            Ok(ciphertext) => hex::encode([nonce.as_slice(), &ciphertext].concat()),
            Err(_) => unreachable!("AES-GCM encrypts messages up to 64 GB"),
        }
    }

    /// A4: a query's purpose, legal basis and case reference as the audit keeps them,
    /// sealed and bound to the record's id (so it cannot be moved to another record);
    /// `None` when nothing was stated. Bounded first ([`Purpose::bounded`]).
    pub fn seal_purpose(&self, purpose: &Purpose, record_id: &str) -> Option<String> {
        let bounded = purpose.bounded();
        if bounded.is_empty() {
            return None;
        }
        let json = serde_json::to_vec(&bounded)
            .unwrap_or_else(|_| unreachable!("three optional strings serialize"));
        Some(self.seal(&json, &purpose_context(record_id)))
    }

    /// For the agency's auditors and the person's own view: what
    /// [`seal_purpose`](Self::seal_purpose) sealed for this record.
    pub fn open_purpose(&self, sealed: &str, record_id: &str) -> Result<Purpose, ProtectError> {
        let plain = self.open(sealed, &purpose_context(record_id))?;
        serde_json::from_slice(&plain).map_err(|_| ProtectError::CannotReveal)
    }

    /// What [`seal`](Self::seal) sealed, given the same context.
    pub fn open(&self, sealed: &str, context: &[u8]) -> Result<Vec<u8>, ProtectError> {
        let bytes = hex::decode(sealed).map_err(|_| ProtectError::CannotReveal)?;
        if bytes.len() <= NONCE_LEN {
            return Err(ProtectError::CannotReveal);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context,
        };
        self.cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| ProtectError::CannotReveal)
    }
}

fn key_from_hex(s: &str) -> Result<[u8; 32], ProtectError> {
    hex::decode(s.trim())
        .ok()
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .ok_or(ProtectError::BadKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pnr(s: &str) -> Personnummer {
        Personnummer::parse(s, chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap()
    }

    #[test]
    fn p5_the_number_never_appears_in_a_reference_and_comes_back_with_the_key() {
        let p = Protector::from_hex(&"ab".repeat(32), &"cd".repeat(32)).unwrap();
        let r = p.protect(&pnr("195001019420"));
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("195001019420") && !json.contains("5001019420"));
        assert_eq!(p.reveal(&r).unwrap().expose(), "195001019420");
    }

    #[test]
    fn p5_the_hash_is_stable_per_person_and_key_and_the_seal_is_not() {
        let p = Protector::development();
        let a = p.protect(&pnr("195001019420"));
        let b = p.protect(&pnr("195001019420"));
        assert_eq!(a.hash, b.hash, "same person, same hash: logs correlate");
        assert_ne!(a.sealed, b.sealed, "fresh nonce each time");
        assert_ne!(a.hash, p.hash(&pnr("198003149872")));
        let other_key = Protector::from_hex(&"01".repeat(32), &"22".repeat(32)).unwrap();
        assert_ne!(other_key.hash(&pnr("195001019420")), a.hash);
    }

    #[test]
    fn a4_a_purpose_is_sealed_bound_to_its_record_and_opens_with_the_key() {
        let p = Protector::development();
        let stated = Purpose::new(
            Some("Utredning om Anna Andersson".into()),
            Some("4 kap. 1 § SoL".into()),
            Some("SOC 2026/17".into()),
        );
        let sealed = p.seal_purpose(&stated, "rec-1").unwrap();
        assert!(!sealed.contains("Anna") && !sealed.to_lowercase().contains(&hex::encode("Anna")));
        assert_eq!(p.open_purpose(&sealed, "rec-1").unwrap(), stated);
        // Moved to another record, or read with another key: it does not open.
        assert_eq!(
            p.open_purpose(&sealed, "rec-2"),
            Err(ProtectError::CannotReveal)
        );
        let stranger = Protector::from_hex(&"11".repeat(32), &"33".repeat(32)).unwrap();
        assert!(stranger.open_purpose(&sealed, "rec-1").is_err());
        // Nothing stated, nothing sealed.
        assert_eq!(p.seal_purpose(&Purpose::default(), "rec-1"), None);
    }

    #[test]
    fn p5_a_seal_moved_to_another_hash_or_key_does_not_open() {
        let p = Protector::development();
        let mut r = p.protect(&pnr("195001019420"));
        r.hash = p.hash(&pnr("198003149872"));
        assert_eq!(p.reveal(&r), Err(ProtectError::CannotReveal));
        let r = p.protect(&pnr("195001019420"));
        let stranger = Protector::from_hex(&"11".repeat(32), &"33".repeat(32)).unwrap();
        assert_eq!(stranger.reveal(&r), Err(ProtectError::CannotReveal));
    }

    #[test]
    fn p5_sealed_bytes_open_only_with_the_same_key_and_context() {
        let p = Protector::development();
        let answer = br#"{"personnummer":"195001019420","belopp":1234}"#;
        let sealed = p.seal(answer, b"key-1");
        assert!(!sealed.contains("195001019420"));
        assert_ne!(sealed, p.seal(answer, b"key-1"), "fresh nonce each time");
        assert_eq!(p.open(&sealed, b"key-1").unwrap(), answer);
        assert_eq!(p.open(&sealed, b"key-2"), Err(ProtectError::CannotReveal));
        let stranger = Protector::from_hex(&"11".repeat(32), &"33".repeat(32)).unwrap();
        assert_eq!(
            stranger.open(&sealed, b"key-1"),
            Err(ProtectError::CannotReveal)
        );
        assert_eq!(p.open("zz", b"key-1"), Err(ProtectError::CannotReveal));
    }

    #[test]
    fn p5_a_digest_depends_on_key_and_purpose_and_is_never_a_person_hash() {
        let p = Protector::development();
        let n = pnr("195001019420");
        let d = p.digest("idempotency", n.expose().as_bytes());
        assert_eq!(d, p.digest("idempotency", n.expose().as_bytes()));
        assert_ne!(d, p.digest("other", n.expose().as_bytes()));
        assert_ne!(d, p.hash(&n));
        let stranger = Protector::from_hex(&"12".repeat(32), &"33".repeat(32)).unwrap();
        assert_ne!(d, stranger.digest("idempotency", n.expose().as_bytes()));
    }

    #[test]
    fn keys_are_checked_and_never_printed() {
        assert_eq!(
            Protector::from_hex("abc", &"cd".repeat(32)).unwrap_err(),
            ProtectError::BadKey
        );
        let p = Protector::from_hex(&"ab".repeat(32), &"cd".repeat(32)).unwrap();
        let shown = format!("{p:?}");
        assert!(!shown.contains("ab") && !shown.contains("171"), "{shown}");
        assert!(Protector::development().is_development());
    }
}
