//! Which server certificates the browser accepts: the SPKI SHA-256 hashes Chromium's
//! `--ignore-certificate-errors-spki-list` takes, instead of `acceptInsecureCerts`
//! (which would accept any certificate, and so test nothing about TLS).
//!
//! Chromium compares the list with the certificates the *server sends*: the leaf and any
//! intermediates in its chain. A CA's hash therefore helps only when the server sends the
//! CA in its chain; for a server that sends its leaf alone (the local front,
//! `lefi-apigw-local`, does), trust the server certificate itself.

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use crate::Error;

/// The base64 SHA-256 of one certificate's SubjectPublicKeyInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spki(String);

impl Spki {
    /// The hash of every certificate in `pem` (a server certificate, a chain or a CA).
    pub fn of_pem(pem: &str) -> Result<Vec<Spki>, Error> {
        let mut hashes = Vec::new();
        for block in x509_parser::pem::Pem::iter_from_buffer(pem.as_bytes()) {
            let block = block.map_err(|e| Error::Certificate(format!("PEM: {e}")))?;
            if block.label == "CERTIFICATE" {
                hashes.push(Self::of_der(&block.contents)?);
            }
        }
        if hashes.is_empty() {
            return Err(Error::Certificate("no CERTIFICATE in the PEM text".into()));
        }
        Ok(hashes)
    }

    /// The hash of one DER certificate.
    pub fn of_der(der: &[u8]) -> Result<Spki, Error> {
        let (_, cert) = x509_parser::parse_x509_certificate(der)
            .map_err(|e| Error::Certificate(format!("X.509: {e}")))?;
        let digest = Sha256::digest(cert.tbs_certificate.subject_pki.raw);
        Ok(Spki(
            base64::engine::general_purpose::STANDARD.encode(digest),
        ))
    }

    /// The hash as Chromium's flag takes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
