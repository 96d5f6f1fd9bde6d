//! The client side of the load generators (`src/bin/lefi-edge-load.rs`,
//! `lefi-portal-load.rs`, `lefi-soak.rs`): TLS to the running service with the development PKI,
//! keep-alive HTTP/1.1 connections, percentiles.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use lefi_apigw_local::pki::DevPki;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// Traffic limits far above what one machine sends: the limiter still runs on every query.
pub const UNLIMITED: lefi_domain::agreement::TrafficLimits =
    lefi_domain::agreement::TrafficLimits {
        per_second: 1_000_000,
        burst: 1_000_000,
        per_day: 1_000_000_000,
    };

/// POSTs a JSON body over the connection: the answer's status and body.
///
/// # Panics
/// The connection fails: a broken benchmark set-up.
pub async fn post_json(sender: &mut Sender, path: &str, body: &'static [u8]) -> (u16, Bytes) {
    post(sender, path, "application/json", Bytes::from_static(body)).await
}

/// POSTs a body of `content_type` over the connection: the answer's status and body.
///
/// # Panics
/// The connection fails: a broken benchmark set-up.
pub async fn post(
    sender: &mut Sender,
    path: &str,
    content_type: &str,
    body: impl Into<Bytes>,
) -> (u16, Bytes) {
    let request = hyper::Request::post(path)
        .header("content-type", content_type)
        .header("host", "localhost")
        .body(Full::new(body.into()))
        .unwrap_or_else(|e| panic!("{e}"));
    let response = sender
        .send_request(request)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (status, body)
}

/// One keep-alive connection's sending half.
pub type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// TLS trusting the development CA; with `client`, the demo client certificate of that
/// name (mutual TLS to the partners' front).
///
/// # Panics
/// The PKI has no such client, or its PEM does not read: a broken benchmark set-up.
pub fn connector(pki: &DevPki, client: Option<&str>) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(pki.ca.cert_pem.as_bytes()).flatten() {
        let _ = roots.add(c);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| panic!("{e}"))
        .with_root_certificates(roots);
    let config = match client {
        Some(name) => {
            let c = pki
                .client(name)
                .unwrap_or_else(|| panic!("no {name} certificate"));
            let chain = CertificateDer::pem_slice_iter(c.cert_pem.as_bytes())
                .flatten()
                .collect();
            let key = PrivateKeyDer::from_pem_slice(c.key_pem.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
            builder
                .with_client_auth_cert(chain, key)
                .unwrap_or_else(|e| panic!("{e}"))
        }
        None => builder.with_no_client_auth(),
    };
    TlsConnector::from(Arc::new(config))
}

/// A keep-alive HTTP/1.1 connection to `localhost` at `addr`.
///
/// # Panics
/// The connection or the handshake fails.
pub async fn connect(addr: SocketAddr, tls: &TlsConnector) -> Sender {
    let tcp = TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tcp.set_nodelay(true).ok();
    let name = ServerName::try_from("localhost").unwrap_or_else(|e| panic!("{e}"));
    let stream = tls
        .connect(name, tcp)
        .await
        .unwrap_or_else(|e| panic!("handshake: {e}"));
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(conn);
    sender
}

/// p50 and p99 in milliseconds.
pub fn percentiles(mut all: Vec<Duration>) -> (f64, f64) {
    all.sort();
    let pick = |p: f64| ms(all[((all.len() as f64 * p) as usize).min(all.len() - 1)]);
    (pick(0.50), pick(0.99))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The process's resident set, from /proc (Linux), in kB.
pub fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
