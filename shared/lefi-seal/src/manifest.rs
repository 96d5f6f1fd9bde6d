//! The seal's format and its verification (A3), pure: no I/O, no clock, no AWS types.
//!
//! - A record's **leaf** is `SHA-256(0x00 ‖ "lefi-audit-record-v1" ‖ 0x00 ‖ json)`, where
//!   `json` is the record's serde JSON exactly as lefi-store writes it (`serde_json`,
//!   fields in declaration order, optional additions skipped when absent). Chosen over a
//!   hand-made encoding because it is the stored form: a field added later with
//!   `skip_serializing_if` leaves every older record's leaf unchanged; a field that
//!   changed how old records serialise would break every seal, and the tests would say so.
//! - The **tree** is RFC 6962's Merkle Tree Hash over the leaves in
//!   [`lefi_store::audit_order`]: `0x00` prefixes a leaf, `0x01 ‖ left ‖ right` a node,
//!   the left subtree holds the largest power of two below `n`, and the empty tree's root
//!   is `SHA-256("")`.
//! - The **manifest** lists every (record id, leaf) in that order, the root, the previous
//!   day's root (the chain) and the signature over [`Manifest::statement`].
//!
//! [`verify`] recomputes the day from the records the store holds now and names every
//! record changed, added or removed, and checks the manifest's root and signature.

use std::collections::HashMap;

use chrono::NaiveDate;
use lefi_store::{AuditRecord, audit_order};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest format this code writes and reads.
pub const FORMAT: u32 = 1;
/// The one signature algorithm: ECDSA on P-256 over SHA-256 of the statement, the
/// signature DER-encoded (KMS's `ECDSA_SHA_256`, ring's `ECDSA_P256_SHA256_ASN1`).
pub const ALGORITHM: &str = "ECDSA_P256_SHA256";
/// Separates a record's hash from any other SHA-256 the service computes.
const LEAF_DOMAIN: &[u8] = b"lefi-audit-record-v1\0";

/// A SHA-256 value.
pub type Hash = [u8; 32];

/// The leaf of one record (see the module's doc for the encoding).
pub fn leaf(record: &AuditRecord) -> Hash {
    // Serialising a plain struct of strings, dates and enums cannot fail.
    let json = serde_json::to_vec(record).unwrap_or_default();
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(LEAF_DOMAIN);
    h.update(&json);
    h.finalize().into()
}

fn node(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// RFC 6962 §2.1 Merkle Tree Hash over leaf hashes (already `0x00`-prefixed).
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            // The largest power of two strictly below n.
            let k = 1usize << (usize::BITS - 1 - (n - 1).leading_zeros());
            node(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// One record as sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// The leaf, lower-case hex.
    pub leaf: String,
}

/// A day's seal, as kept write-once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The Stockholm day whose records this seals.
    pub day: NaiveDate,
    pub count: u64,
    /// Merkle root, lower-case hex.
    pub root: String,
    /// The root of the day before's manifest; `None` when there was none at sealing.
    pub previous_root: Option<String>,
    /// Which key signed: a KMS key ARN, or `local:` and the key file's fingerprint.
    pub key_id: String,
    pub algorithm: String,
    /// DER signature over [`Manifest::statement`], lower-case hex.
    pub signature: String,
    /// Every record in audit order.
    pub entries: Vec<Entry>,
}

/// A manifest before it is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsigned {
    pub day: NaiveDate,
    pub root: Hash,
    pub previous_root: Option<String>,
    pub key_id: String,
    pub entries: Vec<Entry>,
}

impl Unsigned {
    /// The day's records (any order; sorted here), chained to the previous day's root.
    pub fn new(
        day: NaiveDate,
        mut records: Vec<AuditRecord>,
        previous_root: Option<String>,
        key_id: impl Into<String>,
    ) -> Self {
        records.sort_by(audit_order);
        let leaves: Vec<Hash> = records.iter().map(leaf).collect();
        let entries = records
            .iter()
            .zip(&leaves)
            .map(|(r, l)| Entry {
                id: r.id.clone(),
                leaf: hex::encode(l),
            })
            .collect();
        Self {
            day,
            root: root(&leaves),
            previous_root,
            key_id: key_id.into(),
            entries,
        }
    }

    /// What the key signs.
    pub fn statement(&self) -> Vec<u8> {
        statement(
            self.day,
            self.entries.len() as u64,
            &hex::encode(self.root),
            self.previous_root.as_deref(),
            &self.key_id,
        )
    }

    pub fn signed(self, signature: &[u8]) -> Manifest {
        Manifest {
            format: FORMAT,
            day: self.day,
            count: self.entries.len() as u64,
            root: hex::encode(self.root),
            previous_root: self.previous_root,
            key_id: self.key_id,
            algorithm: ALGORITHM.to_owned(),
            signature: hex::encode(signature),
            entries: self.entries,
        }
    }
}

/// Exactly what is signed: six lines of ASCII, each ending in `\n`:
///
/// ```text
/// lefi-audit-seal-v1
/// day=2026-12-06
/// count=1234
/// root=<64 hex>
/// previous=<64 hex or "none">
/// key=<key id>
/// ```
///
/// The key id is inside so a signature cannot be passed off as another key's. The
/// entries are not: the root commits to them.
pub fn statement(
    day: NaiveDate,
    count: u64,
    root_hex: &str,
    previous: Option<&str>,
    key_id: &str,
) -> Vec<u8> {
    format!(
        "lefi-audit-seal-v1\nday={day}\ncount={count}\nroot={root_hex}\nprevious={}\nkey={key_id}\n",
        previous.unwrap_or("none")
    )
    .into_bytes()
}

impl Manifest {
    pub fn statement(&self) -> Vec<u8> {
        statement(
            self.day,
            self.count,
            &self.root,
            self.previous_root.as_deref(),
            &self.key_id,
        )
    }
}

/// Whether a signature holds under a P-256 public key (an uncompressed SEC1 point).
pub fn signature_holds(public_key: &[u8], message: &[u8], signature_der: &[u8]) -> bool {
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, public_key)
        .verify(message, signature_der)
        .is_ok()
}

/// How the manifest's link to the day before looks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Chain {
    /// The previous root equals the day before's manifest's root.
    Linked,
    /// Neither: no previous root and no manifest for the day before (the first day).
    Start,
    /// The manifest names a previous root and the day before's manifest has another, or
    /// none; or the manifest names none although the day before is sealed.
    Broken {
        claimed: Option<String>,
        found: Option<String>,
    },
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub day: NaiveDate,
    /// Ids in the manifest and in the store whose leaf differs, in manifest order.
    pub changed: Vec<String>,
    /// Ids in the store but not in the manifest, in audit order.
    pub added: Vec<String>,
    /// Ids in the manifest but not in the store, in manifest order.
    pub removed: Vec<String>,
    /// The manifest is internally sound: known format and algorithm, its count and root
    /// are those of its own entries, no id twice.
    pub manifest_consistent: bool,
    pub signature_valid: bool,
    pub chain: Chain,
    /// The root of the records the store holds now.
    pub current_root: String,
}

impl Report {
    /// Nothing changed since sealing and the seal itself holds.
    pub fn ok(&self) -> bool {
        self.changed.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.manifest_consistent
            && self.signature_valid
            && !matches!(self.chain, Chain::Broken { .. })
    }
}

/// Compares a manifest with the day's records as the store holds them now (any order),
/// with the trusted public key (never the manifest's own say) and the root of the day
/// before's manifest, if that day is sealed.
pub fn verify(
    manifest: &Manifest,
    current: &[AuditRecord],
    public_key: &[u8],
    previous_day_root: Option<&str>,
) -> Report {
    let mut current: Vec<&AuditRecord> = current.iter().collect();
    current.sort_by(|a, b| audit_order(a, b));
    let current_leaves: Vec<Hash> = current.iter().map(|r| leaf(r)).collect();

    let sealed: HashMap<&str, &str> = manifest
        .entries
        .iter()
        .map(|e| (e.id.as_str(), e.leaf.as_str()))
        .collect();
    let now: HashMap<&str, String> = current
        .iter()
        .zip(&current_leaves)
        .map(|(r, l)| (r.id.as_str(), hex::encode(l)))
        .collect();

    let mut changed = Vec::new();
    let mut removed = Vec::new();
    for e in &manifest.entries {
        match now.get(e.id.as_str()) {
            Some(l) if *l != e.leaf => changed.push(e.id.clone()),
            Some(_) => {}
            None => removed.push(e.id.clone()),
        }
    }
    let added = current
        .iter()
        .filter(|r| !sealed.contains_key(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect();

    let manifest_leaves: Option<Vec<Hash>> = manifest
        .entries
        .iter()
        .map(|e| parse_hash(&e.leaf))
        .collect();
    let manifest_consistent = manifest.format == FORMAT
        && manifest.algorithm == ALGORITHM
        && sealed.len() == manifest.entries.len()
        && manifest.count == manifest.entries.len() as u64
        && manifest_leaves.is_some_and(|l| hex::encode(root(&l)) == manifest.root);
    let signature_valid = hex::decode(&manifest.signature)
        .is_ok_and(|sig| signature_holds(public_key, &manifest.statement(), &sig));
    let chain = match (manifest.previous_root.as_deref(), previous_day_root) {
        (None, None) => Chain::Start,
        (Some(claimed), Some(found)) if claimed == found => Chain::Linked,
        (claimed, found) => Chain::Broken {
            claimed: claimed.map(str::to_owned),
            found: found.map(str::to_owned),
        },
    };

    Report {
        day: manifest.day,
        changed,
        added,
        removed,
        manifest_consistent,
        signature_valid,
        chain,
        current_root: hex::encode(root(&current_leaves)),
    }
}

fn parse_hash(hex_str: &str) -> Option<Hash> {
    hex::decode(hex_str).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use proptest::prelude::*;
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default()
    }

    struct Key(EcdsaKeyPair);

    impl Key {
        fn new() -> Self {
            let rng = SystemRandom::new();
            let doc =
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).expect("key");
            Self(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, doc.as_ref(), &rng)
                    .expect("key"),
            )
        }
        fn public(&self) -> Vec<u8> {
            self.0.public_key().as_ref().to_vec()
        }
        fn seal(&self, records: Vec<AuditRecord>, previous: Option<String>) -> Manifest {
            let unsigned = Unsigned::new(day(), records, previous, "local:test");
            let sig = self
                .0
                .sign(&SystemRandom::new(), &unsigned.statement())
                .expect("sign");
            unsigned.signed(sig.as_ref())
        }
    }

    fn leaf_of(data: &[u8]) -> Hash {
        let mut h = Sha256::new();
        h.update([0x00]);
        h.update(data);
        h.finalize().into()
    }

    #[test]
    fn a3_tree_is_rfc6962_merkle_tree_hash() {
        // The certificate-transparency reference vectors (merkle_tree_test.cc).
        let inputs: [&[u8]; 8] = [
            b"",
            &[0x00],
            &[0x10],
            &[0x20, 0x21],
            &[0x30, 0x31],
            &[0x40, 0x41, 0x42, 0x43],
            &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            &[
                0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
                0x6e, 0x6f,
            ],
        ];
        let leaves: Vec<Hash> = inputs.iter().map(|d| leaf_of(d)).collect();
        let expected = [
            (
                0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                1,
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            ),
            (
                2,
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            ),
            (
                3,
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            ),
            (
                4,
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ),
            (
                5,
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            ),
            (
                6,
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            ),
            (
                7,
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            ),
            (
                8,
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
            ),
        ];
        for (n, root_hex) in expected {
            assert_eq!(hex::encode(root(&leaves[..n])), root_hex, "{n} leaves");
        }
    }

    #[test]
    fn a3_statement_is_exactly_the_documented_lines() {
        let s = statement(day(), 3, "ab", None, "local:k");
        assert_eq!(
            String::from_utf8(s).expect("ascii"),
            "lefi-audit-seal-v1\nday=2026-12-06\ncount=3\nroot=ab\nprevious=none\nkey=local:k\n"
        );
    }

    #[test]
    fn a3_leaf_is_domain_separated_serde_json_of_the_record() {
        let r = sample::record(day(), 1);
        let json = serde_json::to_vec(&r).expect("json");
        let mut bytes = vec![0x00];
        bytes.extend_from_slice(b"lefi-audit-record-v1\0");
        bytes.extend_from_slice(&json);
        assert_eq!(leaf(&r), <Hash>::from(Sha256::digest(&bytes)));
        // And not the plain RFC 6962 leaf of the same JSON.
        assert_ne!(leaf(&r), leaf_of(&json));
    }

    #[test]
    fn a3_an_untouched_day_verifies() {
        let key = Key::new();
        let records = sample::day(day(), 50);
        let m = key.seal(records.clone(), None);
        let report = verify(&m, &records, &key.public(), None);
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.current_root, m.root);
        assert_eq!(report.chain, Chain::Start);
    }

    #[test]
    fn a3_a_forged_or_foreign_signature_fails() {
        let key = Key::new();
        let records = sample::day(day(), 5);
        let mut m = key.seal(records.clone(), None);
        // Another key's signature over the same statement.
        let other = Key::new();
        assert!(!verify(&m, &records, &other.public(), None).signature_valid);
        // A manifest whose statement was changed after signing (a later key id).
        m.key_id = "local:other".into();
        let report = verify(&m, &records, &key.public(), None);
        assert!(!report.signature_valid);
        assert!(!report.ok());
    }

    #[test]
    fn a3_a_manifest_edited_to_match_tampered_records_is_not_consistent() {
        let key = Key::new();
        let mut records = sample::day(day(), 5);
        let mut m = key.seal(records.clone(), None);
        // The attacker changes a record and writes its new leaf into the manifest.
        records[2].caller = "someone-else".into();
        m.entries[2].leaf = hex::encode(leaf(&records[2]));
        let report = verify(&m, &records, &key.public(), None);
        assert!(report.changed.is_empty());
        assert!(
            !report.manifest_consistent,
            "root no longer matches the entries"
        );
        assert!(!report.ok());
        // Recomputing the root too breaks the signature instead.
        let leaves: Vec<Hash> = m
            .entries
            .iter()
            .filter_map(|e| parse_hash(&e.leaf))
            .collect();
        m.root = hex::encode(root(&leaves));
        let report = verify(&m, &records, &key.public(), None);
        assert!(report.manifest_consistent);
        assert!(!report.signature_valid);
    }

    #[test]
    fn a3_the_chain_links_to_the_day_before() {
        let key = Key::new();
        let records = sample::day(day(), 3);
        let linked = key.seal(records.clone(), Some("aa".repeat(32)));
        let aa = "aa".repeat(32);
        let bb = "bb".repeat(32);
        assert_eq!(
            verify(&linked, &records, &key.public(), Some(&aa)).chain,
            Chain::Linked
        );
        let broken = verify(&linked, &records, &key.public(), Some(&bb));
        assert!(matches!(broken.chain, Chain::Broken { .. }) && !broken.ok());
        // A day that claims to be the first although the day before is sealed.
        let first = key.seal(records.clone(), None);
        let report = verify(&first, &records, &key.public(), Some(&aa));
        assert_eq!(
            report.chain,
            Chain::Broken {
                claimed: None,
                found: Some(aa.clone())
            }
        );
        // And one that names a previous root when the day before has no seal.
        let report = verify(&linked, &records, &key.public(), None);
        assert!(matches!(report.chain, Chain::Broken { found: None, .. }));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever records are changed, removed and added, verify names exactly those.
        #[test]
        fn a3_verify_names_exactly_what_changed_was_added_or_removed(
            n in 0u64..60,
            changes in proptest::collection::vec((0u64..60, 0u8..3), 0..12),
            added in 0u64..4,
        ) {
            let key = Key::new();
            let sealed = sample::day(day(), n);
            let m = key.seal(sealed.clone(), None);
            let mut now: std::collections::BTreeMap<String, AuditRecord> =
                sealed.iter().map(|r| (r.id.clone(), r.clone())).collect();
            let mut want_changed = std::collections::BTreeSet::new();
            let mut want_removed = std::collections::BTreeSet::new();
            for (i, kind) in changes {
                let Some(r) = sealed.get(i as usize) else { continue };
                if want_removed.contains(&r.id) { continue }
                match kind {
                    0 => {
                        let mut r2 = r.clone();
                        r2.delivered.push("FK:EXTRA".into());
                        now.insert(r.id.clone(), r2);
                        want_changed.insert(r.id.clone());
                    }
                    1 => {
                        let mut r2 = r.clone();
                        r2.at += chrono::Duration::milliseconds(1);
                        now.insert(r.id.clone(), r2);
                        want_changed.insert(r.id.clone());
                    }
                    _ => {
                        now.remove(&r.id);
                        want_changed.remove(&r.id);
                        want_removed.insert(r.id.clone());
                    }
                }
            }
            let mut want_added = std::collections::BTreeSet::new();
            for j in 0..added {
                let r = sample::record(day(), 1000 + j);
                want_added.insert(r.id.clone());
                now.insert(r.id.clone(), r);
            }
            let current: Vec<AuditRecord> = now.into_values().collect();
            let report = verify(&m, &current, &key.public(), None);
            prop_assert_eq!(report.changed.iter().cloned().collect::<std::collections::BTreeSet<_>>(), want_changed.clone());
            prop_assert_eq!(report.removed.iter().cloned().collect::<std::collections::BTreeSet<_>>(), want_removed.clone());
            prop_assert_eq!(report.added.iter().cloned().collect::<std::collections::BTreeSet<_>>(), want_added.clone());
            prop_assert!(report.signature_valid && report.manifest_consistent);
            let untouched = want_changed.is_empty() && want_removed.is_empty() && want_added.is_empty();
            prop_assert_eq!(report.ok(), untouched);
            prop_assert_eq!(report.current_root == m.root, untouched);
        }

        /// The root is the same whatever order the store hands the records in.
        #[test]
        fn a3_the_root_does_not_depend_on_the_order_read(n in 1u64..40, seed in any::<u64>()) {
            let records = sample::day(day(), n);
            let mut shuffled = records.clone();
            let len = shuffled.len();
            for i in 0..len {
                let j = ((seed.wrapping_mul(i as u64 + 1)) % len as u64) as usize;
                shuffled.swap(i, j);
            }
            let a = Unsigned::new(day(), records, None, "k");
            let b = Unsigned::new(day(), shuffled, None, "k");
            prop_assert_eq!(a.root, b.root);
            prop_assert_eq!(a.entries, b.entries);
        }
    }
}
