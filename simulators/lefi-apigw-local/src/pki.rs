//! A development PKI for the local front (P2): one CA, a server certificate for
//! `localhost`, one client certificate per demo partner shaped like a Swedish
//! organisation e-certificate, and one client certificate from a CA nobody trusts.
//!
//! Client subjects carry what the gateway maps certificates by (SPEC P2):
//! `C=SE,O=<organisation>,organizationIdentifier=NTRSE-<orgnr>,serialNumber=16<orgnr>,CN=<name>`
//! (the issuer plus `serialNumber`, the `organizationIdentifier`, or the SHA-256
//! fingerprint of the DER).
//!
//! Files are reused while they are intact, chain to the CA in `dir` and stay valid for
//! at least one more day; anything else is issued anew. Private keys are written with
//! mode 0600.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rcgen::string::PrintableString;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, PublicKeyData as _,
    SerialNumber,
};
use sha2::{Digest as _, Sha256};
use x509_parser::prelude::{FromDer as _, X509Certificate};

use crate::event::dn_string;

/// `serialNumber` (X.520), where Swedish e-certificates put `16` + organisation number.
const OID_SERIAL_NUMBER: [u64; 4] = [2, 5, 4, 5];
/// `organizationIdentifier` (X.520), `NTRSE-` + organisation number.
const OID_ORGANIZATION_IDENTIFIER: [u64; 4] = [2, 5, 4, 97];
/// Reuse a certificate only while it has at least this much life left.
const MIN_REMAINING_SECS: i64 = 24 * 3600;
const CA_DAYS: i64 = 3650;
const LEAF_DAYS: i64 = 825;

/// A partner that gets a client certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoClient {
    /// File name stem: `<name>.pem`, `<name>-key.pem`.
    pub name: String,
    /// The subject's CN.
    pub common_name: String,
    /// The subject's O.
    pub organisation: String,
    /// Ten digits (`NNNNNN-NNNN` is accepted; the dash is dropped).
    pub organisation_number: String,
}

impl DemoClient {
    pub fn new(
        name: &str,
        common_name: &str,
        organisation: &str,
        organisation_number: &str,
    ) -> Self {
        Self {
            name: name.to_owned(),
            common_name: common_name.to_owned(),
            organisation: organisation.to_owned(),
            organisation_number: organisation_number.to_owned(),
        }
    }

    fn digits(&self) -> String {
        self.organisation_number
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    }
}

/// One certificate on disk, with what a caller seeds certificate mappings from.
#[derive(Debug, Clone)]
pub struct IssuedCert {
    pub name: String,
    pub cert_path: PathBuf,
    pub key_path: PathBuf,
    pub cert_pem: String,
    pub key_pem: String,
    /// Lower-case hex SHA-256 of the certificate's DER.
    pub sha256_fingerprint: String,
    /// As the front puts it in `clientCert.subjectDN`.
    pub subject_dn: String,
    /// As the front puts it in `clientCert.issuerDN`.
    pub issuer_dn: String,
    /// As the front puts it in `clientCert.serialNumber`.
    pub serial_number: String,
}

/// The development PKI in one directory.
#[derive(Debug, Clone)]
pub struct DevPki {
    pub dir: PathBuf,
    /// `ca.pem` / `ca-key.pem`: the truststore of the mTLS front.
    pub ca: IssuedCert,
    /// `server.pem` / `server-key.pem`: `localhost`, `127.0.0.1`, `::1`.
    pub server: IssuedCert,
    /// One per demo client, in the order given.
    pub clients: Vec<IssuedCert>,
    /// `untrusted.pem` / `untrusted-key.pem`: signed by a throw-away CA.
    pub untrusted: IssuedCert,
    /// `operator.pem` / `operator-key.pem`: the operator tool's certificate for the local
    /// service's operator endpoint (A1); no organisation number, so it maps to no caller.
    pub operator: IssuedCert,
}

/// The operator certificate's subject CN: the operator the local audit names.
pub const OPERATOR_CN: &str = "LEFI lokal operator";

/// Why the PKI could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("certificate generation failed: {0}")]
    Rcgen(#[from] rcgen::Error),
    #[error("demo client {0:?}: {1}")]
    Client(String, &'static str),
}

impl DevPki {
    /// Creates what is missing or stale in `dir`, reuses the rest.
    pub fn ensure(dir: &Path, partners: &[DemoClient]) -> Result<DevPki, PkiError> {
        fs::create_dir_all(dir).map_err(|source| PkiError::Io {
            path: dir.to_owned(),
            source,
        })?;
        for p in partners {
            if p.name.is_empty()
                || p.name.contains(['/', '\\'])
                || ["ca", "server", "untrusted", "operator"].contains(&p.name.as_str())
            {
                return Err(PkiError::Client(
                    p.name.clone(),
                    "name must be a plain file stem other than ca/server/untrusted/operator",
                ));
            }
            if p.digits().len() != 10 {
                return Err(PkiError::Client(
                    p.name.clone(),
                    "organisation number must have ten digits",
                ));
            }
        }
        let now = unix_now();

        // The CA: reuse when intact, else start over (everything it signed goes too).
        let ca_paths = paths(dir, "ca");
        let (ca_pem, ca_key_pem, ca_fresh) = match reuse(&ca_paths, now, None, None) {
            Some((pem, key)) => (pem, key, false),
            None => {
                let key = KeyPair::generate()?;
                let cert = ca_params("LEFI Online dev CA", now)?.self_signed(&key)?;
                (cert.pem(), key.serialize_pem(), true)
            }
        };
        let ca = store(dir, "ca", &ca_pem, &ca_key_pem)?;
        let ca_key = KeyPair::from_pem(&ca_key_pem)?;
        let issuer = Issuer::from_ca_cert_pem(&ca_pem, ca_key)?;
        let ca_der = der_of(&ca_pem).unwrap_or_default();

        let leaf = |name: &str, params: CertificateParams| -> Result<IssuedCert, PkiError> {
            let p = paths(dir, name);
            let expected = dn_of(&params);
            let reused = if ca_fresh {
                None
            } else {
                reuse(&p, now, Some(&ca_der), Some(&expected))
            };
            let (pem, key) = match reused {
                Some(pair) => pair,
                None => {
                    let key = KeyPair::generate()?;
                    let cert = params.signed_by(&key, &issuer)?;
                    (cert.pem(), key.serialize_pem())
                }
            };
            store(dir, name, &pem, &key)
        };

        let mut server_params = CertificateParams::new(vec![
            "localhost".to_owned(),
            "127.0.0.1".to_owned(),
            "::1".to_owned(),
        ])?;
        server_params.distinguished_name = {
            let mut dn = DistinguishedName::new();
            dn.push(DnType::CountryName, printable("SE")?);
            dn.push(DnType::OrganizationName, "LEFI Online development");
            dn.push(DnType::CommonName, "localhost");
            dn
        };
        leaf_common(
            &mut server_params,
            now,
            ExtendedKeyUsagePurpose::ServerAuth,
            "server",
        );
        let server = leaf("server", server_params)?;

        let mut operator_params = CertificateParams::default();
        operator_params.distinguished_name = {
            let mut dn = DistinguishedName::new();
            dn.push(DnType::CountryName, printable("SE")?);
            dn.push(DnType::OrganizationName, "LEFI Online development");
            dn.push(DnType::CommonName, OPERATOR_CN);
            dn
        };
        leaf_common(
            &mut operator_params,
            now,
            ExtendedKeyUsagePurpose::ClientAuth,
            "operator",
        );
        let operator = leaf("operator", operator_params)?;

        let mut clients = Vec::with_capacity(partners.len());
        for p in partners {
            clients.push(leaf(&p.name, client_params(p, now)?)?);
        }

        // The untrusted client: same shape, but its CA is thrown away at once. Reused while
        // it is valid and does *not* chain to our CA.
        let untrusted_client =
            DemoClient::new("untrusted", "Untrusted Client", "Nobody AB", "5599999999");
        let up = paths(dir, "untrusted");
        let untrusted =
            match reuse(&up, now, None, None).filter(|(pem, _)| !issued_by(pem, &ca_der)) {
                Some((pem, key)) => store(dir, "untrusted", &pem, &key)?,
                None => {
                    let rogue_key = KeyPair::generate()?;
                    let rogue_params = ca_params("Rogue CA", now)?;
                    let rogue = Issuer::new(rogue_params, rogue_key);
                    let key = KeyPair::generate()?;
                    let cert = client_params(&untrusted_client, now)?.signed_by(&key, &rogue)?;
                    store(dir, "untrusted", &cert.pem(), &key.serialize_pem())?
                }
            };

        Ok(DevPki {
            dir: dir.to_owned(),
            ca,
            server,
            clients,
            untrusted,
            operator,
        })
    }

    /// The demo client of that name.
    pub fn client(&self, name: &str) -> Option<&IssuedCert> {
        self.clients.iter().find(|c| c.name == name)
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn offset(unix: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn printable(s: &str) -> Result<DnValue, rcgen::Error> {
    Ok(DnValue::PrintableString(PrintableString::try_from(s)?))
}

/// A serial of 16 bytes, unpredictable enough for a dev PKI, positive.
fn serial(seed: &str) -> SerialNumber {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let digest = Sha256::new()
        .chain_update(seed.as_bytes())
        .chain_update(nanos.to_be_bytes())
        .chain_update(std::process::id().to_be_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[0] = (bytes[0] & 0x7f) | 0x10;
    SerialNumber::from_slice(&bytes)
}

fn ca_params(cn: &str, now: i64) -> Result<CertificateParams, rcgen::Error> {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, printable("SE")?);
    dn.push(DnType::OrganizationName, "LEFI Online development");
    dn.push(DnType::CommonName, cn);
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = offset(now - 3600);
    params.not_after = offset(now + CA_DAYS * 86_400);
    params.serial_number = Some(serial(cn));
    Ok(params)
}

fn leaf_common(params: &mut CertificateParams, now: i64, eku: ExtendedKeyUsagePurpose, seed: &str) {
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![eku];
    params.not_before = offset(now - 3600);
    params.not_after = offset(now + LEAF_DAYS * 86_400);
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(serial(seed));
}

fn client_params(p: &DemoClient, now: i64) -> Result<CertificateParams, rcgen::Error> {
    let digits = p.digits();
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, printable("SE")?);
    dn.push(DnType::OrganizationName, p.organisation.as_str());
    dn.push(
        DnType::CustomDnType(OID_ORGANIZATION_IDENTIFIER.to_vec()),
        format!("NTRSE-{digits}"),
    );
    dn.push(
        DnType::CustomDnType(OID_SERIAL_NUMBER.to_vec()),
        printable(&format!("16{digits}"))?,
    );
    dn.push(DnType::CommonName, p.common_name.as_str());
    params.distinguished_name = dn;
    leaf_common(
        &mut params,
        now,
        ExtendedKeyUsagePurpose::ClientAuth,
        &p.name,
    );
    Ok(params)
}

/// The subject DN a certificate made from `params` has, in the front's form.
fn dn_of(params: &CertificateParams) -> String {
    // Sign a throw-away certificate and read its subject back: one formatting path.
    let rendered = KeyPair::generate()
        .ok()
        .and_then(|k| params.self_signed(&k).ok())
        .and_then(|c| {
            X509Certificate::from_der(c.der())
                .ok()
                .map(|(_, x)| dn_string(x.subject()))
        });
    rendered.unwrap_or_default()
}

fn paths(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{name}.pem")),
        dir.join(format!("{name}-key.pem")),
    )
}

fn der_of(pem: &str) -> Option<Vec<u8>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    CertificateDer::from_pem_slice(pem.as_bytes())
        .ok()
        .map(|d| d.as_ref().to_vec())
}

fn issued_by(pem: &str, ca_der: &[u8]) -> bool {
    let (Some(der), Ok((_, ca))) = (der_of(pem), X509Certificate::from_der(ca_der)) else {
        return false;
    };
    let Ok((_, cert)) = X509Certificate::from_der(&der) else {
        return false;
    };
    cert.issuer().as_raw() == ca.subject().as_raw()
        && cert.verify_signature(Some(ca.public_key())).is_ok()
}

/// The PEM pair at `paths` if both files are there, the key belongs to the certificate,
/// it stays valid for a day more, and (when asked) chains to `ca_der` with the expected
/// subject.
fn reuse(
    (cert_path, key_path): &(PathBuf, PathBuf),
    now: i64,
    ca_der: Option<&[u8]>,
    expected_subject: Option<&str>,
) -> Option<(String, String)> {
    let pem = fs::read_to_string(cert_path).ok()?;
    let key_pem = fs::read_to_string(key_path).ok()?;
    let der = der_of(&pem)?;
    let (_, cert) = X509Certificate::from_der(&der).ok()?;
    let key = KeyPair::from_pem(&key_pem).ok()?;
    if cert.public_key().raw != key.subject_public_key_info().as_slice() {
        return None;
    }
    let validity = cert.validity();
    if validity.not_before.timestamp() > now
        || validity.not_after.timestamp() < now + MIN_REMAINING_SECS
    {
        return None;
    }
    if let Some(ca_der) = ca_der
        && !issued_by(&pem, ca_der)
    {
        return None;
    }
    if let Some(expected) = expected_subject
        && dn_string(cert.subject()) != expected
    {
        return None;
    }
    Some((pem, key_pem))
}

fn write_file(path: &Path, contents: &str, private: bool) -> Result<(), PkiError> {
    let err = |source| PkiError::Io {
        path: path.to_owned(),
        source,
    };
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(err)?;
        }
        return Ok(());
    }
    let tmp = path.with_extension("pem.tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    let mut file = options.open(&tmp).map_err(err)?;
    file.write_all(contents.as_bytes()).map_err(err)?;
    file.sync_all().map_err(err)?;
    drop(file);
    fs::rename(&tmp, path).map_err(err)
}

fn store(dir: &Path, name: &str, pem: &str, key_pem: &str) -> Result<IssuedCert, PkiError> {
    let (cert_path, key_path) = paths(dir, name);
    write_file(&key_path, key_pem, true)?;
    write_file(&cert_path, pem, false)?;
    let der = der_of(pem).unwrap_or_default();
    let (subject_dn, issuer_dn, serial_number) = match X509Certificate::from_der(&der) {
        Ok((_, c)) => (
            dn_string(c.subject()),
            dn_string(c.issuer()),
            crate::event::serial_string(c.raw_serial()),
        ),
        Err(_) => Default::default(),
    };
    Ok(IssuedCert {
        name: name.to_owned(),
        cert_path,
        key_path,
        cert_pem: pem.to_owned(),
        key_pem: key_pem.to_owned(),
        sha256_fingerprint: hex::encode(Sha256::digest(&der)),
        subject_dn,
        issuer_dn,
        serial_number,
    })
}
