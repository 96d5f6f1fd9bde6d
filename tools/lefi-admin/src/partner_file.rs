//! The partner file (A1; P1, P2, P4, C2, V5): a partner's whole configuration in one
//! reviewable YAML file — agreement, certificate mappings, portal users — read and
//! checked with every error reported at once (V9 style: a stable code, the field path,
//! a Swedish message). The agreement's rules are the domain's (`Agreement::problems`
//! and its parsers); this module only walks the document. The format is documented in
//! docs/partner-file.md; `examples/partner.yaml` is checked by a test.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::period::parse_iso_date;
use lefi_domain::{Benefit, Organisationsnummer, PeriodLimit, Personnummer};
use lefi_store::CertificateKey;
use serde_norway::{Mapping, Value};

/// One problem of a partner file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// Stable: tests and operators match on it.
    pub code: &'static str,
    /// Where in the file: `pricing.per_query_ore`, `certificates[1].fingerprint`.
    pub field: String,
    /// For people, in Swedish. Never a personnummer.
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<22} {:<34} {}", self.code, self.field, self.message)
    }
}

/// A certificate mapping of the file: this key is the caller, who may act for the
/// file's partner (and, if the caller is a supplier, for the partners of other files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertMapping {
    pub key: CertificateKey,
    pub caller: String,
    pub caller_name: String,
}

/// A valid partner file.
#[derive(Debug, Clone)]
pub struct PartnerFile {
    pub agreement: Agreement,
    pub certificates: Vec<CertMapping>,
    /// Each may act for the partner in the portal (P2, C2).
    pub portal_users: Vec<Personnummer>,
}

const TOP: &[&str] = &[
    "partner",
    "organisation",
    "name",
    "kind",
    "benefits",
    "channels",
    "limits",
    "pricing",
    "valid_from",
    "valid_until",
    "period_exceptions",
    "required_purpose",
    "certificates",
    "portal_users",
];

struct Errors(Vec<FileError>);

impl Errors {
    fn push(&mut self, code: &'static str, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FileError {
            code,
            field: field.into(),
            message: message.into(),
        });
    }
}

/// A scalar as text: YAML reads `195001019420` or `2026` as numbers.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(Value::String(key.to_owned()))
        .filter(|v| !v.is_null())
}

fn required_text(map: &Mapping, key: &str, path: &str, e: &mut Errors) -> Option<String> {
    match get(map, key) {
        None => {
            e.push("MISSING", path, "fältet saknas");
            None
        }
        Some(v) => match text(v) {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(_) => {
                e.push("MISSING", path, "fältet är tomt");
                None
            }
            None => {
                e.push("NOT_TEXT", path, "ska vara en text");
                None
            }
        },
    }
}

fn number(map: &Mapping, key: &str, path: &str, e: &mut Errors) -> Option<u64> {
    match get(map, key) {
        None => {
            e.push("MISSING", path, "fältet saknas");
            None
        }
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
        Some(_) => {
            e.push("NOT_A_NUMBER", path, "ska vara ett heltal, 0 eller större");
            None
        }
    }
}

fn date(map: &Mapping, key: &str, path: &str, e: &mut Errors) -> Option<NaiveDate> {
    let s = required_text(map, key, path, e)?;
    let parsed = parse_iso_date(&s);
    if parsed.is_none() {
        e.push(
            "DATE_FORMAT",
            path,
            "datumet ska skrivas ÅÅÅÅ-MM-DD och finnas i kalendern",
        );
    }
    parsed
}

fn list<'a>(map: &'a Mapping, key: &str, e: &mut Errors) -> Vec<&'a Value> {
    match get(map, key) {
        None => Vec::new(),
        Some(Value::Sequence(items)) => items.iter().collect(),
        Some(_) => {
            e.push("NOT_A_LIST", key, "ska vara en lista");
            Vec::new()
        }
    }
}

fn mapping<'a>(v: &'a Value, path: &str, e: &mut Errors) -> Option<&'a Mapping> {
    match v {
        Value::Mapping(m) => Some(m),
        _ => {
            e.push(
                "NOT_A_MAPPING",
                path,
                "ska vara en samling fält (nyckel: värde)",
            );
            None
        }
    }
}

fn unknown_keys(map: &Mapping, known: &[&str], prefix: &str, e: &mut Errors) {
    for k in map.keys() {
        let name = text(k).unwrap_or_default();
        if !known.contains(&name.as_str()) {
            let field = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            e.push("UNKNOWN_FIELD", field, "okänt fält (stavfel?)");
        }
    }
}

/// Reads a partner file. `today` judges the portal users' personnummer (V1).
pub fn parse(source: &str, today: NaiveDate) -> Result<PartnerFile, Vec<FileError>> {
    let mut e = Errors(Vec::new());
    let doc: Value = match serde_norway::from_str(source) {
        Ok(v) => v,
        Err(err) => {
            // The parser's message may quote the file: only its position is given.
            let at = err
                .location()
                .map(|l| format!("rad {}, kolumn {}", l.line(), l.column()))
                .unwrap_or_else(|| "okänd plats".into());
            e.push("FILE_SYNTAX", at, "filen är inte giltig YAML");
            return Err(e.0);
        }
    };
    let Some(top) = mapping(&doc, "(filen)", &mut e) else {
        return Err(e.0);
    };
    unknown_keys(top, TOP, "", &mut e);

    let partner = required_text(top, "partner", "partner", &mut e);
    let organisation = required_text(top, "organisation", "organisation", &mut e).and_then(|s| {
        Organisationsnummer::parse(&s)
            .map_err(|err| e.push("ORGNR", "organisation", err.to_string()))
            .ok()
    });
    let name = required_text(top, "name", "name", &mut e);
    let kind = required_text(top, "kind", "kind", &mut e).and_then(|s| {
        let found = PartnerKind::ALL
            .into_iter()
            .find(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)) == Some(s.clone()));
        if found.is_none() {
            e.push(
                "UNKNOWN_KIND",
                "kind",
                "okänd aktörstyp (kommun, kronofogden, forsakringsbolag, arbetsformedlingen, csn, arbetsloshetskassa)",
            );
        }
        found
    });

    let mut benefits = BTreeSet::new();
    for (i, v) in list(top, "benefits", &mut e).into_iter().enumerate() {
        let path = format!("benefits[{i}]");
        match text(v).map(|c| (Benefit::from_code(&c), c)) {
            Some((Ok(b), _)) => {
                if !benefits.insert(b) {
                    e.push("DUPLICATE_CODE", path, "förmånen står två gånger");
                }
            }
            Some((Err(_), _)) => e.push("UNKNOWN_BENEFIT", path, "okänd förmånskod i katalogen"),
            None => e.push("NOT_TEXT", path, "ska vara en förmånskod, t.ex. FK:SJP"),
        }
    }
    let mut channels = BTreeSet::new();
    for (i, v) in list(top, "channels", &mut e).into_iter().enumerate() {
        match text(v).as_deref() {
            Some("system") => {
                channels.insert(Channel::System);
            }
            Some("portal") => {
                channels.insert(Channel::Portal);
            }
            _ => e.push(
                "UNKNOWN_CHANNEL",
                format!("channels[{i}]"),
                "kanalen ska vara system eller portal",
            ),
        }
    }

    let limits = match get(top, "limits") {
        None => {
            e.push("MISSING", "limits", "fältet saknas");
            None
        }
        Some(v) => mapping(v, "limits", &mut e).and_then(|m| {
            unknown_keys(m, &["per_second", "burst", "per_day"], "limits", &mut e);
            let as_u32 = |n: Option<u64>, path: &str, e: &mut Errors| {
                n.and_then(|n| {
                    let v = u32::try_from(n).ok().filter(|v| *v > 0);
                    if v.is_none() {
                        e.push(
                            "LIMIT",
                            path,
                            "gränsen ska vara minst 1 och högst 4294967295",
                        );
                    }
                    v
                })
            };
            let per_second = as_u32(
                number(m, "per_second", "limits.per_second", &mut e),
                "limits.per_second",
                &mut e,
            );
            let burst = as_u32(
                number(m, "burst", "limits.burst", &mut e),
                "limits.burst",
                &mut e,
            );
            let per_day = as_u32(
                number(m, "per_day", "limits.per_day", &mut e),
                "limits.per_day",
                &mut e,
            );
            Some(TrafficLimits {
                per_second: per_second?,
                burst: burst?,
                per_day: per_day?,
            })
        }),
    };

    let pricing = match get(top, "pricing") {
        None => {
            e.push("MISSING", "pricing", "fältet saknas");
            None
        }
        Some(v) => mapping(v, "pricing", &mut e).and_then(|m| {
            unknown_keys(
                m,
                &["kind", "connection_fee_ore", "per_query_ore"],
                "pricing",
                &mut e,
            );
            match required_text(m, "kind", "pricing.kind", &mut e).as_deref() {
                Some("free") => {
                    for k in ["connection_fee_ore", "per_query_ore"] {
                        if get(m, k).is_some() {
                            e.push(
                                "PRICE_FOR_FREE",
                                format!("pricing.{k}"),
                                "en avgiftsfri aktör har inga priser",
                            );
                        }
                    }
                    Some(Pricing::Free)
                }
                Some("paid") => {
                    let fee = number(
                        m,
                        "connection_fee_ore",
                        "pricing.connection_fee_ore",
                        &mut e,
                    );
                    let per = number(m, "per_query_ore", "pricing.per_query_ore", &mut e);
                    Some(Pricing::Paid {
                        connection_fee_ore: fee?,
                        per_query_ore: per?,
                    })
                }
                Some(_) => {
                    e.push(
                        "UNKNOWN_PRICING",
                        "pricing.kind",
                        "prissättningen ska vara free eller paid",
                    );
                    None
                }
                None => None,
            }
        }),
    };

    // A4: the purpose fields the agreement makes mandatory (none when absent).
    let mut required_purpose = std::collections::BTreeSet::new();
    for (i, v) in list(top, "required_purpose", &mut e)
        .into_iter()
        .enumerate()
    {
        match text(v).as_deref() {
            Some("purpose") => {
                required_purpose.insert(lefi_domain::PurposeField::Purpose);
            }
            Some("legal_basis") => {
                required_purpose.insert(lefi_domain::PurposeField::LegalBasis);
            }
            Some("case_reference") => {
                required_purpose.insert(lefi_domain::PurposeField::CaseReference);
            }
            _ => e.push(
                "UNKNOWN_PURPOSE_FIELD",
                format!("required_purpose[{i}]"),
                "ska vara purpose, legal_basis eller case_reference",
            ),
        }
    }

    let valid_from = date(top, "valid_from", "valid_from", &mut e);
    let valid_until = match get(top, "valid_until") {
        None => Some(None),
        Some(_) => date(top, "valid_until", "valid_until", &mut e).map(Some),
    };

    let mut period_exceptions = BTreeMap::new();
    if let Some(v) = get(top, "period_exceptions")
        && let Some(m) = mapping(v, "period_exceptions", &mut e)
    {
        for (k, v) in m {
            let code = text(k).unwrap_or_default();
            let path = format!("period_exceptions.{code}");
            let benefit = Benefit::from_code(&code).ok();
            if benefit.is_none() {
                e.push(
                    "UNKNOWN_BENEFIT",
                    path.clone(),
                    "okänd förmånskod i katalogen",
                );
            }
            let months = v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0);
            if months.is_none() {
                e.push("NOT_A_NUMBER", path, "ska vara ett antal månader");
            }
            if let (Some(b), Some(n)) = (benefit, months) {
                period_exceptions.insert(b, PeriodLimit::months(n));
            }
        }
    }

    let certificates = certificates(top, partner.as_deref(), &mut e);

    let mut portal_users = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, v) in list(top, "portal_users", &mut e).into_iter().enumerate() {
        let path = format!("portal_users[{i}].personnummer");
        let Some(m) = mapping(v, &format!("portal_users[{i}]"), &mut e) else {
            continue;
        };
        unknown_keys(m, &["personnummer"], &format!("portal_users[{i}]"), &mut e);
        let Some(s) = required_text(m, "personnummer", &path, &mut e) else {
            continue;
        };
        match Personnummer::parse(&s, today) {
            Ok(p) => {
                if !seen.insert(p.expose().to_owned()) {
                    e.push("DUPLICATE_USER", path, "personen står två gånger");
                } else {
                    portal_users.push(p);
                }
            }
            Err(errs) => {
                for err in errs {
                    let code = match err {
                        lefi_domain::pnr::PnrError::Format => "PNR_FORMAT",
                        lefi_domain::pnr::PnrError::Checksum => "PNR_CHECKSUM",
                        lefi_domain::pnr::PnrError::Date => "PNR_DATE",
                    };
                    e.push(code, path.clone(), err.to_string());
                }
            }
        }
    }

    // The domain's own consistency rules, every one (P1, P4, V5).
    let agreement = match (
        partner,
        organisation,
        name,
        kind,
        limits,
        pricing,
        valid_from,
        valid_until,
    ) {
        (
            Some(id),
            Some(organisation),
            Some(name),
            Some(kind),
            Some(limits),
            Some(pricing),
            Some(valid_from),
            Some(valid_until),
        ) => {
            let candidate = Agreement {
                id,
                organisation,
                name,
                kind,
                benefits,
                channels,
                limits,
                pricing,
                valid_from,
                valid_until,
                period_exceptions,
                required_purpose,
            };
            for p in candidate.problems() {
                e.push(p.code(), p.field(), p.to_string());
            }
            Some(candidate)
        }
        _ => {
            // Still judge what can be judged without the missing parts.
            if benefits.is_empty() {
                e.push("NO_BENEFIT", "benefits", "avtalet omfattar ingen förmån");
            }
            if channels.is_empty() {
                e.push("NO_CHANNEL", "channels", "avtalet omfattar ingen kanal");
            }
            None
        }
    };
    match agreement {
        Some(agreement) if e.0.is_empty() => Ok(PartnerFile {
            agreement,
            certificates,
            portal_users,
        }),
        _ => Err(e.0),
    }
}

fn certificates(top: &Mapping, partner: Option<&str>, e: &mut Errors) -> Vec<CertMapping> {
    let mut out: Vec<CertMapping> = Vec::new();
    for (i, v) in list(top, "certificates", e).into_iter().enumerate() {
        let at = format!("certificates[{i}]");
        let Some(m) = mapping(v, &at, e) else {
            continue;
        };
        unknown_keys(
            m,
            &[
                "caller",
                "caller_name",
                "serial_number",
                "organization_identifier",
                "fingerprint",
            ],
            &at,
            e,
        );
        let caller = match get(m, "caller") {
            // The partner itself is the usual caller.
            None => partner.map(str::to_owned),
            Some(_) => required_text(m, "caller", &format!("{at}.caller"), e),
        };
        let caller_name = get(m, "caller_name").and_then(text);
        let mut keys = Vec::new();
        if let Some(v) = get(m, "serial_number") {
            let path = format!("{at}.serial_number");
            if let Some(k) = mapping(v, &path, e) {
                unknown_keys(k, &["issuer", "serial_number"], &path, e);
                let issuer = required_text(k, "issuer", &format!("{path}.issuer"), e);
                let serial = required_text(k, "serial_number", &format!("{path}.serial_number"), e);
                if let (Some(issuer), Some(serial_number)) = (issuer, serial) {
                    keys.push(CertificateKey::SerialNumber {
                        issuer,
                        serial_number,
                    });
                }
            }
        }
        if let Some(v) = get(m, "organization_identifier") {
            let path = format!("{at}.organization_identifier");
            if let Some(k) = mapping(v, &path, e) {
                unknown_keys(k, &["issuer", "identifier"], &path, e);
                let issuer = required_text(k, "issuer", &format!("{path}.issuer"), e);
                let identifier = required_text(k, "identifier", &format!("{path}.identifier"), e);
                if let (Some(issuer), Some(identifier)) = (issuer, identifier) {
                    keys.push(CertificateKey::OrganizationIdentifier { issuer, identifier });
                }
            }
        }
        if get(m, "fingerprint").is_some() {
            let path = format!("{at}.fingerprint");
            if let Some(fp) = required_text(m, "fingerprint", &path, e) {
                let fp = fp.replace(':', "").to_ascii_lowercase();
                if fp.len() == 64 && fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                    keys.push(CertificateKey::Fingerprint { sha256: fp });
                } else {
                    e.push(
                        "FINGERPRINT",
                        path,
                        "SHA-256-fingeravtrycket ska vara 64 hexadecimala tecken",
                    );
                }
            }
        }
        if keys.len() != 1 {
            e.push(
                "CERT_KEY",
                at.clone(),
                "ange exakt en nyckel: serial_number, organization_identifier eller fingerprint (som `certificates key` skriver dem)",
            );
            continue;
        }
        let key = keys.remove(0);
        if out.iter().any(|o| o.key == key) {
            e.push(
                "DUPLICATE_CERT",
                at,
                "samma certifikatnyckel står två gånger",
            );
            continue;
        }
        if let Some(caller) = caller {
            out.push(CertMapping {
                caller_name: caller_name.unwrap_or_else(|| caller.clone()),
                caller,
                key,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn a1_the_documented_example_file_is_valid() {
        let file = parse(include_str!("../examples/partner.yaml"), today()).unwrap();
        assert_eq!(file.agreement.id, "nyaforsakringar");
        assert_eq!(file.certificates.len(), 3);
        assert_eq!(file.portal_users.len(), 1);
        assert!(file.agreement.pricing.is_billable());
    }

    #[test]
    fn a1_every_error_of_a_file_is_reported_with_its_field() {
        let bad = r#"
partner: trasig
organisation: 556036-0794
name: Trasig AB
kind: forsakringsbolag
benefits: [FK:SJP, FK:XYZ, FK:SJP]
channels: [system, fax]
limits: { per_second: 0, burst: 10 }
pricing: { kind: free }
valid_from: 2026-02-30
valid_until: 2025-01-01
colour: blue
certificates:
  - fingerprint: "zz"
  - caller: x
portal_users:
  - personnummer: "195001019421"
"#;
        let errors = parse(bad, today()).unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.code, e.field.as_str())).collect();
        for want in [
            ("ORGNR", "organisation"),
            ("UNKNOWN_BENEFIT", "benefits[1]"),
            ("DUPLICATE_CODE", "benefits[2]"),
            ("UNKNOWN_CHANNEL", "channels[1]"),
            ("LIMIT", "limits.per_second"),
            ("MISSING", "limits.per_day"),
            ("DATE_FORMAT", "valid_from"),
            ("UNKNOWN_FIELD", "colour"),
            ("FINGERPRINT", "certificates[0].fingerprint"),
            ("CERT_KEY", "certificates[1]"),
            ("PNR_CHECKSUM", "portal_users[0].personnummer"),
        ] {
            assert!(got.contains(&want), "{want:?} missing in {got:?}");
        }
        // No message repeats the personnummer.
        assert!(errors.iter().all(|e| !e.message.contains("19500101")));
    }

    #[test]
    fn a1_the_domains_consistency_rules_are_all_reported() {
        let bad = include_str!("../examples/partner.yaml")
            .replace("kind: paid", "kind: free")
            .replace("  connection_fee_ore: 2500000\n", "")
            .replace("  per_query_ore: 1200\n", "")
            .replace("valid_until: 2027-12-31", "valid_until: 2025-12-31");
        let errors = parse(&bad, today()).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["ENDS_BEFORE_START", "WRONG_PRICING"], "{errors:?}");
    }

    #[test]
    fn a1_a_file_that_is_not_yaml_is_named_by_position_only() {
        let errors = parse("partner: [unclosed\nname: 195001019420", today()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "FILE_SYNTAX");
        assert!(errors[0].field.starts_with("rad "), "{:?}", errors[0]);
    }
}
