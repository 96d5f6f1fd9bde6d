//! The HTTP API payload format 2.0 event, built the way API Gateway builds it, and the
//! `lambda_http::Request` the Lambda runtime would make of it (C1, P2).
//!
//! AWS's documented shape (HTTP API "Working with AWS Lambda proxy integrations",
//! payload format 2.0; `aws_lambda_events`' fixtures carry the same example):
//! repeated headers and query parameters are combined with commas, header names are
//! lower case, cookies move from the `cookie` header to `cookies`, and with mutual TLS
//! `requestContext.authentication.clientCert` holds the peer's leaf certificate:
//! `subjectDN`/`issuerDN` as `C=US,ST=Washington,…,CN=My Client` (the certificate's
//! RDN order, no spaces), `serialNumber` as colon-separated hex bytes, and the validity
//! dates in OpenSSL's form (`May 28 12:30:02 2019 GMT`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayV2httpRequest, ApiGatewayV2httpRequestContext,
    ApiGatewayV2httpRequestContextAuthentication,
    ApiGatewayV2httpRequestContextAuthenticationClientCert,
    ApiGatewayV2httpRequestContextHttpDescription,
};
use lambda_http::aws_lambda_events::query_map::QueryMap;
use lambda_http::http::header::{COOKIE, HOST, USER_AGENT};
use lambda_http::http::{HeaderMap, HeaderValue, Method, Version};
use lambda_http::request::LambdaRequest;
use lambda_http::{Context, RequestExt as _};
use sha2::{Digest as _, Sha256};
use x509_parser::prelude::{FromDer as _, X509Certificate};
use x509_parser::x509::X509Name;

/// What the front knows about the API and the connection, beside the request itself.
#[derive(Debug, Clone)]
pub struct EventContext {
    /// `requestContext.accountId`.
    pub account_id: String,
    /// `requestContext.apiId` (the first label of the execute-api host name).
    pub api_id: String,
    /// `requestContext.domainName`: the custom domain (or the `Host` the client used).
    pub domain_name: String,
    /// The peer's address (`requestContext.http.sourceIp`, `x-forwarded-for`).
    pub source_ip: IpAddr,
    /// The port the client connected to (`x-forwarded-port`).
    pub local_port: u16,
    /// The instant the request arrived.
    pub now: SystemTime,
}

/// The request as the front read it off the wire.
#[derive(Debug)]
pub struct WireRequest<'a> {
    pub method: &'a Method,
    /// Path and query exactly as sent (`/a%20b?x=1`).
    pub path_and_query: &'a str,
    pub version: Version,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Why an event could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("client certificate is not valid X.509: {0}")]
    Certificate(String),
    #[error("the event does not convert to a lambda_http request: {0}")]
    Convert(String),
    #[error(
        "the event is {0} bytes: Lambda takes at most {LAMBDA_PAYLOAD_MAX} in a synchronous invocation"
    )]
    TooLarge(usize),
}

/// Lambda's limit on a synchronous invocation's payload (6 MiB): the whole event, with a
/// binary body base64-encoded in it — so a body well under API Gateway's 10 MB can still
/// be refused. AWS refuses it; so does this front.
pub const LAMBDA_PAYLOAD_MAX: usize = 6 * 1024 * 1024;

/// The `clientCert` block API Gateway adds for a connection with a client certificate.
pub fn client_cert(
    der: &[u8],
) -> Result<ApiGatewayV2httpRequestContextAuthenticationClientCert, EventError> {
    let (_, cert) =
        X509Certificate::from_der(der).map_err(|e| EventError::Certificate(e.to_string()))?;
    let mut out = ApiGatewayV2httpRequestContextAuthenticationClientCert::default();
    out.client_cert_pem = Some(pem_of(der));
    out.subject_dn = Some(dn_string(cert.subject()));
    out.issuer_dn = Some(dn_string(cert.issuer()));
    out.serial_number = Some(serial_string(cert.raw_serial()));
    out.validity.not_before = Some(openssl_time(cert.validity().not_before.timestamp()));
    out.validity.not_after = Some(openssl_time(cert.validity().not_after.timestamp()));
    Ok(out)
}

/// PEM of one certificate, 64 columns, `\n` line ends (what API Gateway puts in
/// `clientCertPem`, and what rcgen and OpenSSL write).
pub fn pem_of(der: &[u8]) -> String {
    let b64 = BASE64.encode(der);
    let mut pem = String::with_capacity(b64.len() + b64.len() / 64 + 60);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// A distinguished name in AWS's form: RDNs in certificate order, `,` between them,
/// `+` inside a multi-valued RDN, attribute names as OpenSSL spells them (dotted OID
/// when it has none), RFC 4514 escaping of the value.
pub fn dn_string(name: &X509Name<'_>) -> String {
    let mut rdns = Vec::new();
    for rdn in name.iter() {
        let parts: Vec<String> = rdn
            .iter()
            .map(|atv| {
                let oid = atv.attr_type().to_id_string();
                let key = attribute_name(&oid).map_or(oid, str::to_owned);
                let value = match atv.as_str() {
                    Ok(s) => escape_dn_value(s),
                    Err(_) => format!("#{}", hex::encode(atv.attr_value().data)),
                };
                format!("{key}={value}")
            })
            .collect();
        rdns.push(parts.join("+"));
    }
    rdns.join(",")
}

fn attribute_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.42" => "GN",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        _ => return None,
    })
}

fn escape_dn_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == value.chars().count() && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Serial number as colon-separated lower-case hex bytes (`a1:a1:…`), leading zero
/// bytes of the DER integer dropped.
pub fn serial_string(raw: &[u8]) -> String {
    let trimmed = match raw.iter().position(|b| *b != 0) {
        Some(i) => &raw[i..],
        None => &raw[raw.len().saturating_sub(1)..],
    };
    trimmed
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// OpenSSL's `ASN1_TIME_print` form: `May 28 12:30:02 2019 GMT` (day padded with a space).
pub fn openssl_time(unix_seconds: i64) -> String {
    DateTime::<Utc>::from_timestamp(unix_seconds, 0)
        .map(|t| t.format("%b %e %H:%M:%S %Y GMT").to_string())
        .unwrap_or_default()
}

/// A request id in API Gateway's style (16 base64 characters, like `JKJaXmPLvHcESHA=`),
/// unique within the process.
pub fn new_request_id(now: SystemTime) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let digest = Sha256::new()
        .chain_update(nanos.to_be_bytes())
        .chain_update(n.to_be_bytes())
        .chain_update(std::process::id().to_be_bytes())
        .finalize();
    // 9 bytes of hash + 1 byte of counter: the counter keeps ids distinct even if the
    // hash prefix ever collided within one process.
    let mut raw = [0u8; 10];
    raw[..9].copy_from_slice(&digest[..9]);
    raw[9] = n.to_be_bytes()[7];
    BASE64.encode(raw)
}

/// An X-Ray trace id: `Root=1-<epoch seconds, 8 hex>-<24 hex>`.
fn trace_id(now: SystemTime, request_id: &str) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let digest = Sha256::digest(request_id.as_bytes());
    format!(
        "Root=1-{:08x}-{}",
        secs & 0xffff_ffff,
        hex::encode(&digest[..12])
    )
}

fn protocol(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2.0",
        Version::HTTP_3 => "HTTP/3.0",
        _ => "HTTP/1.1",
    }
}

/// Is this body shipped as text? API Gateway base64-encodes what is not text; we call a
/// body text when its content type is textual and it is valid UTF-8.
fn is_text(headers: &HeaderMap, body: &[u8]) -> bool {
    let ct = headers
        .get(lambda_http::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let textual = ct.is_empty()
        || ct.starts_with("text/")
        || ct.contains("json")
        || ct.contains("xml")
        || ct.contains("javascript")
        || ct.starts_with("application/x-www-form-urlencoded");
    textual && std::str::from_utf8(body).is_ok()
}

/// Percent-decode a query component (`+` is a space, as API Gateway reads it).
fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2]))
            {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// The payload format 2.0 event for one request. `peer_cert` is the DER of the client's
/// leaf certificate (mutual TLS), if any.
pub fn build_event(
    req: &WireRequest<'_>,
    peer_cert: Option<&[u8]>,
    ctx: &EventContext,
    request_id: &str,
) -> Result<ApiGatewayV2httpRequest, EventError> {
    let (raw_path, raw_query) = match req.path_and_query.split_once('?') {
        Some((p, q)) => (p, q),
        None => (req.path_and_query, ""),
    };
    let raw_path = if raw_path.is_empty() { "/" } else { raw_path };

    // Headers: lower-case names (HeaderMap already is), repeated ones joined with ','.
    // Cookies leave the headers for `cookies`.
    let mut headers = HeaderMap::new();
    let mut cookies = Vec::new();
    for name in req.headers.keys() {
        let values: Vec<String> = req
            .headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if name == COOKIE {
            for v in &values {
                cookies.extend(
                    v.split(';')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned),
                );
            }
            continue;
        }
        if let Ok(value) = HeaderValue::from_str(&values.join(",")) {
            headers.insert(name.clone(), value);
        }
    }
    // HTTP/2 carries the host in :authority; API Gateway still shows a host header.
    if !headers.contains_key(HOST)
        && let Ok(v) = HeaderValue::from_str(&ctx.domain_name)
    {
        headers.insert(HOST, v);
    }

    // What API Gateway adds on its way in (it replaces any the client sent).
    let forwarded = [
        ("x-forwarded-for", ctx.source_ip.to_string()),
        ("x-forwarded-port", ctx.local_port.to_string()),
        ("x-forwarded-proto", "https".to_owned()),
        ("x-amzn-trace-id", trace_id(ctx.now, request_id)),
    ];
    for (name, value) in forwarded {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }

    let mut query: HashMap<String, Vec<String>> = HashMap::new();
    for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        query
            .entry(decode_component(k))
            .or_default()
            .push(decode_component(v));
    }
    let query: HashMap<String, String> = query.into_iter().map(|(k, v)| (k, v.join(","))).collect();

    let since_epoch = ctx.now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let time_epoch = i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX);
    let time = DateTime::<Utc>::from_timestamp_millis(time_epoch)
        .map(|t| t.format("%d/%b/%Y:%H:%M:%S +0000").to_string())
        .unwrap_or_default();

    let mut http = ApiGatewayV2httpRequestContextHttpDescription::default();
    http.method = req.method.clone();
    http.path = Some(raw_path.to_owned());
    http.protocol = Some(protocol(req.version).to_owned());
    http.source_ip = Some(ctx.source_ip.to_string());
    http.user_agent = Some(
        req.headers
            .get(USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default(),
    );

    let mut rc = ApiGatewayV2httpRequestContext::default();
    rc.route_key = Some("$default".to_owned());
    rc.account_id = Some(ctx.account_id.clone());
    rc.stage = Some("$default".to_owned());
    rc.request_id = Some(request_id.to_owned());
    rc.apiid = Some(ctx.api_id.clone());
    rc.domain_name = Some(ctx.domain_name.clone());
    rc.domain_prefix = Some(
        ctx.domain_name
            .split('.')
            .next()
            .unwrap_or_default()
            .to_owned(),
    );
    rc.time = Some(time);
    rc.time_epoch = time_epoch;
    rc.http = http;
    if let Some(der) = peer_cert {
        let mut auth = ApiGatewayV2httpRequestContextAuthentication::default();
        auth.client_cert = Some(client_cert(der)?);
        rc.authentication = Some(auth);
    }

    let mut event = ApiGatewayV2httpRequest::default();
    event.version = Some("2.0".to_owned());
    event.route_key = Some("$default".to_owned());
    event.raw_path = Some(raw_path.to_owned());
    event.raw_query_string = Some(raw_query.to_owned());
    event.cookies = if cookies.is_empty() {
        None
    } else {
        Some(cookies)
    };
    event.headers = headers;
    event.query_string_parameters = QueryMap::from(query);
    event.request_context = rc;
    if !req.body.is_empty() {
        if is_text(req.headers, req.body) {
            event.body = Some(String::from_utf8_lossy(req.body).into_owned());
            event.is_base64_encoded = false;
        } else {
            event.body = Some(BASE64.encode(req.body));
            event.is_base64_encoded = true;
        }
    }
    Ok(event)
}

/// The event as JSON, as the Lambda service hands it to the function.
pub fn event_json(event: &ApiGatewayV2httpRequest) -> Result<String, EventError> {
    serde_json::to_string(event).map_err(|e| EventError::Convert(e.to_string()))
}

/// Turn the event into a `lambda_http::Request` exactly as the Lambda runtime does: JSON
/// → `LambdaRequest` (its own untagged probing, API Gateway v1 first) → `Request`, then
/// the invocation's `Context` (request id, deadline) as an extension.
pub fn to_lambda_request(
    event: &ApiGatewayV2httpRequest,
    deadline: SystemTime,
) -> Result<lambda_http::Request, EventError> {
    let json = event_json(event)?;
    if json.len() > LAMBDA_PAYLOAD_MAX {
        return Err(EventError::TooLarge(json.len()));
    }
    let lambda: LambdaRequest =
        serde_json::from_str(&json).map_err(|e| EventError::Convert(e.to_string()))?;
    let request: lambda_http::Request = lambda.into();
    let mut context = Context::default();
    context.request_id = event.request_context.request_id.clone().unwrap_or_default();
    context.deadline = deadline
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0));
    context.invoked_function_arn = format!(
        "arn:aws:lambda:eu-north-1:{}:function:lefi-gateway",
        event
            .request_context
            .account_id
            .as_deref()
            .unwrap_or("000000000000")
    );
    Ok(request.with_lambda_context(context))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use lambda_http::request::RequestContext;
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
        SerialNumber,
    };
    use serde_json::{Value, json};
    use std::time::Duration;

    /// The client certificate of AWS's example: subject `…,CN=My Client`, issuer
    /// `…,CN=My Private CA`, serial `a1:…:a1`, valid Aug 29 2020 – Aug 5 2120.
    fn aws_example_cert() -> Vec<u8> {
        let dn = |cn: &str| {
            let mut dn = DistinguishedName::new();
            dn.push(DnType::CountryName, "US");
            dn.push(DnType::StateOrProvinceName, "Washington");
            dn.push(DnType::LocalityName, "Seattle");
            dn.push(DnType::OrganizationName, "Amazon Web Services");
            dn.push(DnType::OrganizationalUnitName, "Security");
            dn.push(DnType::CommonName, cn);
            dn
        };
        let mut ca = CertificateParams::default();
        ca.distinguished_name = dn("My Private CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let issuer = Issuer::new(ca, KeyPair::generate().unwrap());
        let mut leaf = CertificateParams::default();
        leaf.distinguished_name = dn("My Client");
        leaf.serial_number = Some(SerialNumber::from_slice(&[0xa1; 16]));
        leaf.not_before = time::OffsetDateTime::from_unix_timestamp(1_598_660_901).unwrap(); // 2020-08-29T00:28:21Z
        leaf.not_after = time::OffsetDateTime::from_unix_timestamp(4_752_260_901).unwrap(); // 2120-08-05T00:28:21Z
        leaf.signed_by(&KeyPair::generate().unwrap(), &issuer)
            .unwrap()
            .der()
            .to_vec()
    }

    #[test]
    fn c1_event_matches_the_aws_payload_2_0_example_field_by_field() {
        let der = aws_example_cert();
        let mut headers = HeaderMap::new();
        headers.insert("Header1", HeaderValue::from_static("value1"));
        headers.append("header2", HeaderValue::from_static("value1"));
        headers.append("header2", HeaderValue::from_static("value2"));
        headers.insert("cookie", HeaderValue::from_static("cookie1; cookie2"));
        headers.insert("user-agent", HeaderValue::from_static("agent"));
        let method = Method::POST;
        let wire = WireRequest {
            method: &method,
            path_and_query: "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
            version: Version::HTTP_11,
            headers: &headers,
            body: b"Hello from Lambda",
        };
        let now = UNIX_EPOCH + Duration::from_millis(1_583_348_638_390);
        let ctx = EventContext {
            account_id: "123456789012".into(),
            api_id: "api-id".into(),
            domain_name: "id.execute-api.us-east-1.amazonaws.com".into(),
            source_ip: "192.0.2.1".parse().unwrap(),
            local_port: 443,
            now,
        };
        let event = build_event(&wire, Some(&der), &ctx, "id").unwrap();
        let v: Value = serde_json::from_str(&event_json(&event).unwrap()).unwrap();

        let pem = pem_of(&der);
        let expected = [
            ("/version", json!("2.0")),
            ("/routeKey", json!("$default")),
            ("/rawPath", json!("/my/path")),
            (
                "/rawQueryString",
                json!("parameter1=value1&parameter1=value2&parameter2=value"),
            ),
            ("/cookies", json!(["cookie1", "cookie2"])),
            ("/headers/header1", json!("value1")),
            ("/headers/header2", json!("value1,value2")),
            ("/headers/user-agent", json!("agent")),
            (
                "/headers/host",
                json!("id.execute-api.us-east-1.amazonaws.com"),
            ),
            ("/headers/x-forwarded-for", json!("192.0.2.1")),
            ("/headers/x-forwarded-port", json!("443")),
            ("/headers/x-forwarded-proto", json!("https")),
            ("/queryStringParameters/parameter1", json!("value1,value2")),
            ("/queryStringParameters/parameter2", json!("value")),
            ("/requestContext/accountId", json!("123456789012")),
            ("/requestContext/apiId", json!("api-id")),
            (
                "/requestContext/authentication/clientCert/clientCertPem",
                json!(pem),
            ),
            (
                "/requestContext/authentication/clientCert/subjectDN",
                json!(
                    "C=US,ST=Washington,L=Seattle,O=Amazon Web Services,OU=Security,CN=My Client"
                ),
            ),
            (
                "/requestContext/authentication/clientCert/issuerDN",
                json!(
                    "C=US,ST=Washington,L=Seattle,O=Amazon Web Services,OU=Security,CN=My Private CA"
                ),
            ),
            (
                "/requestContext/authentication/clientCert/serialNumber",
                json!("a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1"),
            ),
            (
                "/requestContext/authentication/clientCert/validity/notBefore",
                json!("Aug 29 00:28:21 2020 GMT"),
            ),
            (
                "/requestContext/authentication/clientCert/validity/notAfter",
                json!("Aug  5 00:28:21 2120 GMT"),
            ),
            (
                "/requestContext/domainName",
                json!("id.execute-api.us-east-1.amazonaws.com"),
            ),
            ("/requestContext/domainPrefix", json!("id")),
            ("/requestContext/http/method", json!("POST")),
            ("/requestContext/http/path", json!("/my/path")),
            ("/requestContext/http/protocol", json!("HTTP/1.1")),
            ("/requestContext/http/sourceIp", json!("192.0.2.1")),
            ("/requestContext/http/userAgent", json!("agent")),
            ("/requestContext/requestId", json!("id")),
            ("/requestContext/routeKey", json!("$default")),
            ("/requestContext/stage", json!("$default")),
            ("/requestContext/time", json!("04/Mar/2020:19:03:58 +0000")),
            ("/requestContext/timeEpoch", json!(1_583_348_638_390_i64)),
            ("/body", json!("Hello from Lambda")),
            ("/isBase64Encoded", json!(false)),
        ];
        for (pointer, want) in expected {
            assert_eq!(v.pointer(pointer), Some(&want), "{pointer}");
        }
        assert_eq!(
            v.pointer("/headers/cookie"),
            None,
            "cookies travel in `cookies`"
        );
        assert_eq!(v.pointer("/requestContext/authorizer"), None);
        assert!(
            pem.starts_with("-----BEGIN CERTIFICATE-----\n")
                && pem.ends_with("-----END CERTIFICATE-----\n")
        );

        // The runtime's path: JSON → LambdaRequest → Request, an API Gateway v2 context.
        let request = to_lambda_request(&event, now + Duration::from_secs(30)).unwrap();
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.uri().path(), "/my/path");
        assert_eq!(
            request.uri().query(),
            Some("parameter1=value1&parameter1=value2&parameter2=value")
        );
        assert_eq!(request.headers()["cookie"], "cookie1; cookie2");
        assert_eq!(
            request.query_string_parameters().all("parameter1"),
            Some(vec!["value1", "value2"])
        );
        assert_eq!(request.body().as_ref(), b"Hello from Lambda");
        assert_eq!(request.lambda_context_ref().unwrap().request_id, "id");
        match request.request_context() {
            RequestContext::ApiGatewayV2(rc) => {
                let cert = rc.authentication.unwrap().client_cert.unwrap();
                assert_eq!(cert.client_cert_pem.as_deref(), Some(pem.as_str()));
                assert_eq!(
                    cert.serial_number.as_deref(),
                    Some("a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1")
                );
                assert_eq!(rc.http.source_ip.as_deref(), Some("192.0.2.1"));
            }
            other => panic!("expected an API Gateway v2 context, got {other:?}"),
        }
    }

    /// A request to the local front, now.
    fn local_context() -> EventContext {
        EventContext {
            account_id: "1".into(),
            api_id: "a".into(),
            domain_name: "localhost".into(),
            source_ip: "::1".parse().unwrap(),
            local_port: 8443,
            now: SystemTime::now(),
        }
    }

    #[test]
    fn a_binary_body_under_10_mb_is_refused_when_its_base64_event_exceeds_6_mib() {
        let method = Method::POST;
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("message/rfc822"));
        let ctx = local_context();
        let event_of = |n: usize| {
            let body = vec![b'a'; n];
            let wire = WireRequest {
                method: &method,
                path_and_query: "/shs/rs",
                version: Version::HTTP_11,
                headers: &headers,
                body: &body,
            };
            to_lambda_request(
                &build_event(&wire, None, &ctx, "r").unwrap(),
                SystemTime::now(),
            )
        };
        // 4.4 MB encodes to 5.9 MiB: taken. 4.8 MB, under API Gateway's 10 MB, is 6.4 MB.
        assert!(event_of(4_608_000).is_ok());
        assert!(
            matches!(event_of(4_800_000), Err(EventError::TooLarge(n)) if n > LAMBDA_PAYLOAD_MAX)
        );
    }

    #[test]
    fn binary_bodies_are_base64_and_text_stays_text() {
        let method = Method::PUT;
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/octet-stream"),
        );
        let body = [0u8, 159, 146, 150, 255];
        let wire = WireRequest {
            method: &method,
            path_and_query: "/",
            version: Version::HTTP_2,
            headers: &headers,
            body: &body,
        };
        let ctx = local_context();
        let event = build_event(&wire, None, &ctx, "r").unwrap();
        assert!(event.is_base64_encoded);
        assert_eq!(event.body.as_deref(), Some(BASE64.encode(body).as_str()));
        assert_eq!(
            event.request_context.http.protocol.as_deref(),
            Some("HTTP/2.0")
        );
        assert!(event.request_context.authentication.is_none());
        let request = to_lambda_request(&event, SystemTime::now()).unwrap();
        assert!(matches!(request.body(), lambda_http::Body::Binary(b) if b == &body));
    }

    #[test]
    fn dn_values_are_escaped_and_serials_trimmed() {
        assert_eq!(escape_dn_value("Bolag, AB"), "Bolag\\, AB");
        assert_eq!(escape_dn_value("#1 "), "\\#1\\ ");
        assert_eq!(serial_string(&[0x00, 0x8f, 0x01]), "8f:01");
        assert_eq!(serial_string(&[0x00]), "00");
        assert_eq!(openssl_time(0), "Jan  1 00:00:00 1970 GMT");
        assert_eq!(decode_component("a%20b+c%zz%C3%A5"), "a b c%zzå");
        let a = new_request_id(SystemTime::now());
        let b = new_request_id(SystemTime::now());
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
    }
}
