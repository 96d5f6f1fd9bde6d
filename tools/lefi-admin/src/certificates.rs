//! `certificates key PEM` (A1, P2): the keys the directory may map a partner's
//! certificate by, derived by the gateway's own code.

use lefi_gateway::identity::ClientCertificate;
use lefi_store::CertificateKey;

use crate::{AdminError, Output};

/// One line per key, most specific first, in the form a partner file names them.
pub fn keys(pem: &str) -> Result<Output, AdminError> {
    let cert = ClientCertificate::from_pem(pem)
        .map_err(|e| AdminError::Invalid(format!("certifikatet: {e}")))?;
    // In the partner file's own form (docs/partner-file.md): paste any one line under
    // `certificates:`.
    let mut text =
        String::from("# certifikatets nycklar, mest specifik först; välj en för partnerfilen\n");
    for key in &cert.keys {
        text.push_str(&match key {
            CertificateKey::SerialNumber {
                issuer,
                serial_number,
            } => format!(
                "  - serial_number: {{ issuer: {issuer:?}, serial_number: {serial_number:?} }}\n"
            ),
            CertificateKey::OrganizationIdentifier { issuer, identifier } => format!(
                "  - organization_identifier: {{ issuer: {issuer:?}, identifier: {identifier:?} }}\n"
            ),
            CertificateKey::Fingerprint { sha256 } => format!("  - fingerprint: {sha256:?}\n"),
        });
    }
    if let Some(org) = &cert.organisation_number {
        text.push_str(&format!("# organisationsnummer i certifikatet: {org}\n"));
    }
    Ok(Output::ok(text))
}
