//! Who is calling (P2): the client certificate that API Gateway (or the local front)
//! verified during the mutual-TLS handshake, turned into every key the directory may
//! know it by: issuer + subject `serialNumber`, issuer + `organizationIdentifier`, and
//! the SHA-256 fingerprint of the certificate.

use lefi_store::CertificateKey;
use sha2::{Digest, Sha256};
use x509_parser::der_parser::oid;
use x509_parser::prelude::*;

/// Why a certificate could not be read. The handshake already proved possession of the
/// key; this only concerns reading what the certificate says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("anropet saknar klientcertifikat")]
    Missing,
    #[error("klientcertifikatet kan inte läsas")]
    Unreadable,
}

/// What the gateway knows about a verified client certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificate {
    /// Lower-case hex SHA-256 of the DER encoding.
    pub fingerprint: String,
    /// Every key the directory may map the certificate by, most specific first.
    pub keys: Vec<CertificateKey>,
    /// The organisation number the subject names (`serialNumber` `16NNNNNNNNNN` or
    /// `organizationIdentifier` `NTRSE-NNNNNNNNNN`), ten digits; SSEK's `SenderId` must
    /// be this.
    pub organisation_number: Option<String>,
    /// The certificate as it came (PEM): an SHS mass query's worker identifies the caller
    /// from it again.
    pub pem: String,
}

impl ClientCertificate {
    /// Reads a PEM certificate as API Gateway passes it in
    /// `requestContext.authentication.clientCert.clientCertPem`.
    pub fn from_pem(pem: &str) -> Result<Self, CertificateError> {
        let text = pem.to_owned();
        let (_, pem) = parse_x509_pem(pem.as_bytes()).map_err(|_| CertificateError::Unreadable)?;
        let (_, cert) =
            X509Certificate::from_der(&pem.contents).map_err(|_| CertificateError::Unreadable)?;
        let fingerprint = hex::encode(Sha256::digest(&pem.contents));
        let issuer = cert.issuer().to_string();
        let subject = cert.subject();
        let attribute = |wanted: &der_parser::oid::Oid<'_>| {
            subject
                .iter_attributes()
                .find(|a| a.attr_type() == wanted)
                .and_then(|a| a.as_str().ok())
                .map(str::to_owned)
        };
        let serial = attribute(&oid!(2.5.4.5));
        let org_id = attribute(&oid!(2.5.4.97));
        let ten_digits = |s: &str| {
            (s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_owned())
        };
        let organisation_number = serial
            .as_deref()
            .and_then(|s| s.strip_prefix("16"))
            .and_then(ten_digits)
            .or_else(|| {
                org_id
                    .as_deref()
                    .and_then(|s| s.strip_prefix("NTRSE-"))
                    .and_then(ten_digits)
            });
        let mut keys = Vec::new();
        // 2.5.4.5 serialNumber, 2.5.4.97 organizationIdentifier.
        if let Some(serial_number) = serial {
            keys.push(CertificateKey::SerialNumber {
                issuer: issuer.clone(),
                serial_number,
            });
        }
        if let Some(identifier) = org_id {
            keys.push(CertificateKey::OrganizationIdentifier { issuer, identifier });
        }
        keys.push(CertificateKey::Fingerprint {
            sha256: fingerprint.clone(),
        });
        Ok(Self {
            fingerprint,
            keys,
            organisation_number,
            pem: text,
        })
    }

    /// A short, stable id for logs and the audit log: the fingerprint's first 16 hex
    /// digits (a certificate is not personal data, but the full PEM is needless).
    pub fn short_id(&self) -> String {
        format!("cert:{}", &self.fingerprint[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, KeyPair};

    fn certificate(serial: Option<&str>, org_id: Option<&str>) -> String {
        let mut params = CertificateParams::new(vec![]).unwrap();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, "Testkommunen LEFI");
        dn.push(DnType::OrganizationName, "Testkommunen");
        if let Some(s) = serial {
            dn.push(
                DnType::CustomDnType(vec![2, 5, 4, 5]),
                DnValue::PrintableString(s.try_into().unwrap()),
            );
        }
        if let Some(o) = org_id {
            dn.push(
                DnType::CustomDnType(vec![2, 5, 4, 97]),
                DnValue::Utf8String(o.into()),
            );
        }
        params.distinguished_name = dn;
        let key = KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn p2_every_key_of_a_certificate_is_derived() {
        let cert = ClientCertificate::from_pem(&certificate(
            Some("162120000142"),
            Some("NTRSE-2120000142"),
        ))
        .unwrap();
        assert_eq!(cert.keys.len(), 3);
        match &cert.keys[0] {
            CertificateKey::SerialNumber {
                issuer,
                serial_number,
            } => {
                assert_eq!(serial_number, "162120000142");
                assert!(issuer.contains("CN=Testkommunen LEFI"), "{issuer}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&cert.keys[1],
            CertificateKey::OrganizationIdentifier { identifier, .. } if identifier == "NTRSE-2120000142"));
        assert_eq!(
            cert.keys[2],
            CertificateKey::Fingerprint {
                sha256: cert.fingerprint.clone()
            }
        );
        assert_eq!(cert.fingerprint.len(), 64);
        assert_eq!(cert.organisation_number.as_deref(), Some("2120000142"));
    }

    #[test]
    fn p2_a_certificate_without_organisation_attributes_has_only_its_fingerprint() {
        let cert = ClientCertificate::from_pem(&certificate(None, None)).unwrap();
        assert_eq!(cert.keys.len(), 1);
        assert_eq!(cert.organisation_number, None);
        assert!(cert.short_id().starts_with("cert:"));
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        assert_eq!(
            ClientCertificate::from_pem(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
            ),
            Err(CertificateError::Unreadable)
        );
        assert_eq!(
            ClientCertificate::from_pem(""),
            Err(CertificateError::Unreadable)
        );
    }
}
