//! The HTTPS front: TLS (optionally mutual), HTTP/1.1 with keep-alive and HTTP/2, API
//! Gateway's limits, the event, the handler, the response (C1, P2).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use lambda_http::Body;
use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tracing::{debug, info, warn};

use crate::event::{self, EventContext, WireRequest};
use crate::handler::Handler;

/// API Gateway's payload limit for HTTP APIs: 10 MB.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// API Gateway's (HTTP API) longest integration timeout: 30 s.
pub const HANDLER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take over the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's line and headers (HTTP/1.1): a
/// client that trickles them (slowloris) loses the connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body once its headers are in: 408.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// A connection with no request in flight for this long is closed (keep-alive and an
/// HTTP/2 client that sends nothing alike). API Gateway does not publish its own.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once; one more is closed as soon as it is accepted.
pub const MAX_CONNECTIONS: usize = 1024;

/// How a front is set up.
#[derive(Debug, Clone)]
pub struct FrontConfig {
    /// The server's certificate chain, leaf first (PEM).
    pub server_cert_pem: String,
    /// The server's private key (PEM, PKCS#8, SEC1 or PKCS#1).
    pub server_key_pem: String,
    /// The truststore: CA certificates a client certificate must chain to. `None` is
    /// plain TLS (no client certificate asked for, no `authentication` in the event).
    pub client_ca_pem: Option<String>,
    /// Request bodies over this size get 413 without reaching the handler.
    pub max_body_bytes: usize,
    /// A handler slower than this gets the client a 504.
    pub handler_timeout: Duration,
    /// See [`HEADER_READ_TIMEOUT`], [`BODY_READ_TIMEOUT`], [`IDLE_TIMEOUT`],
    /// [`MAX_CONNECTIONS`]: so that no client can hold the front open.
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    /// `requestContext.accountId`.
    pub account_id: String,
    /// `requestContext.apiId`.
    pub api_id: String,
    /// `requestContext.domainName`; `None` takes the host the client asked for.
    pub domain_name: Option<String>,
}

impl FrontConfig {
    /// Mutual TLS: clients must present a certificate issued by `client_ca_pem`.
    pub fn mtls(server_cert_pem: String, server_key_pem: String, client_ca_pem: String) -> Self {
        Self {
            client_ca_pem: Some(client_ca_pem),
            ..Self::plain(server_cert_pem, server_key_pem)
        }
    }

    /// Plain TLS: no client certificate.
    pub fn plain(server_cert_pem: String, server_key_pem: String) -> Self {
        Self {
            server_cert_pem,
            server_key_pem,
            client_ca_pem: None,
            max_body_bytes: MAX_BODY_BYTES,
            handler_timeout: HANDLER_TIMEOUT,
            header_read_timeout: HEADER_READ_TIMEOUT,
            body_read_timeout: BODY_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            account_id: "123456789012".to_owned(),
            api_id: "lefilocal".to_owned(),
            domain_name: None,
        }
    }
}

/// Builds the rustls configuration (ring provider, chosen explicitly: no process-wide
/// default is needed or installed).
pub fn tls_config(config: &FrontConfig) -> io::Result<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(config.server_cert_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| invalid(format!("server certificate: {e}")))?;
    let key = PrivateKeyDer::from_pem_slice(config.server_key_pem.as_bytes())
        .map_err(|e| invalid(format!("server key: {e}")))?;
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(e.to_string()))?;
    let builder = match &config.client_ca_pem {
        Some(ca_pem) => {
            let mut roots = RootCertStore::empty();
            for ca in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
                let ca = ca.map_err(|e| invalid(format!("client CA: {e}")))?;
                roots
                    .add(ca)
                    .map_err(|e| invalid(format!("client CA: {e}")))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| invalid(format!("client verifier: {e}")))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut tls = builder
        .with_single_cert(certs, key)
        .map_err(|e| invalid(format!("server certificate: {e}")))?;
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tls)
}

/// When a connection last had a request in flight, and how many it has now.
struct Activity {
    in_flight: AtomicUsize,
    last: std::sync::Mutex<tokio::time::Instant>,
}

/// Ends one request's claim on its connection.
struct Busy<'a>(&'a Activity);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Activity {
    fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            last: std::sync::Mutex::new(tokio::time::Instant::now()),
        }
    }

    fn begin(&self) -> Busy<'_> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        self.touch();
        Busy(self)
    }

    fn touch(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = tokio::time::Instant::now();
        }
    }

    fn last(&self) -> tokio::time::Instant {
        self.last
            .lock()
            .map_or_else(|_| tokio::time::Instant::now(), |l| *l)
    }

    /// When the connection will have been idle for `timeout`, if nothing happens.
    fn idle_deadline(&self, timeout: Duration) -> tokio::time::Instant {
        self.last() + timeout
    }

    fn is_idle_for(&self, timeout: Duration) -> bool {
        self.in_flight.load(Ordering::SeqCst) == 0 && self.last().elapsed() >= timeout
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

struct Shared {
    handler: Arc<dyn Handler>,
    config: FrontConfig,
}

/// Serves until `shutdown` completes: accepts connections, refuses handshakes without
/// a trusted client certificate (when `client_ca_pem` is set), and answers each request
/// through `handler`. Connections already open finish on their own.
pub async fn serve(
    listener: TcpListener,
    config: FrontConfig,
    handler: Arc<dyn Handler>,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let acceptor = TlsAcceptor::from(Arc::new(tls_config(&config)?));
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let shared = Arc::new(Shared { handler, config });
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, go on.
                    warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            warn!(%peer, max = shared.config.max_connections, "connection refused: too many open");
            drop(tcp);
            continue;
        };
        let acceptor = acceptor.clone();
        let shared = shared.clone();
        let local_port = tcp.local_addr().map_or(0, |a| a.port());
        tokio::spawn(async move {
            let _permit = permit;
            let _ = tcp.set_nodelay(true);
            let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(e)) => {
                    debug!(%peer, error = %e, "TLS handshake refused");
                    return;
                }
                Err(_) => {
                    debug!(%peer, "TLS handshake timed out");
                    return;
                }
            };
            let peer_cert: Option<Arc<[u8]>> = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|chain| chain.first())
                .map(|leaf| Arc::from(leaf.as_ref()));
            let activity = Arc::new(Activity::new());
            let idle_timeout = shared.config.idle_timeout;
            let mut builder = auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(shared.config.header_read_timeout);
            let service = {
                let activity = activity.clone();
                service_fn(move |req| {
                    let shared = shared.clone();
                    let peer_cert = peer_cert.clone();
                    let activity = activity.clone();
                    async move {
                        let _busy = activity.begin();
                        let conn = Conn {
                            source_ip: peer.ip(),
                            local_port,
                            peer_cert: peer_cert.as_deref(),
                        };
                        Ok::<_, Infallible>(answer(req, &conn, &shared).await)
                    }
                })
            };
            let connection = builder.serve_connection(TokioIo::new(tls), service);
            tokio::pin!(connection);
            let mut closing = false;
            loop {
                let wake = if closing {
                    // A client that does not let a graceful close finish is cut off.
                    tokio::time::Instant::now() + Duration::from_secs(1)
                } else {
                    activity.idle_deadline(idle_timeout)
                };
                tokio::select! {
                    ended = connection.as_mut() => {
                        if let Err(e) = ended {
                            debug!(%peer, error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    () = tokio::time::sleep_until(wake) => {
                        if closing {
                            debug!(%peer, "connection cut off after its graceful close");
                            break;
                        }
                        if activity.is_idle_for(idle_timeout) {
                            debug!(%peer, "idle connection closed");
                            connection.as_mut().graceful_shutdown();
                            closing = true;
                        }
                    }
                }
            }
        });
    }
}

/// Binds `127.0.0.1:0` and serves there until the handle is aborted (tests, benches).
pub async fn spawn(
    config: FrontConfig,
    handler: Arc<dyn Handler>,
) -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    let listener = TcpListener::bind(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)).await?;
    let addr = listener.local_addr()?;
    // Fail here, not in the task, on a bad certificate or key.
    tls_config(&config)?;
    let handle = tokio::spawn(serve(listener, config, handler, std::future::pending()));
    Ok((addr, handle))
}

/// An answer of API Gateway's own (`{"message":"…"}`).
fn gateway_error(status: StatusCode, message: &str, request_id: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    insert_request_id(&mut response, request_id);
    response
}

fn insert_request_id(response: &mut Response<Full<Bytes>>, request_id: &str) {
    if let Ok(v) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("apigw-requestid", v);
    }
}

/// What the front knows of the connection a request came on.
struct Conn<'a> {
    source_ip: IpAddr,
    local_port: u16,
    /// DER of the client's leaf certificate (mutual TLS).
    peer_cert: Option<&'a [u8]>,
}

async fn answer(req: Request<Incoming>, conn: &Conn<'_>, shared: &Shared) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let now = SystemTime::now();
    let request_id = event::new_request_id(now);
    let method = req.method().clone();
    let path = redact_path(req.uri().path());
    let response = answer_inner(req, conn, shared, now, &request_id).await;
    info!(
        request_id = %request_id,
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

async fn answer_inner(
    req: Request<Incoming>,
    conn: &Conn<'_>,
    shared: &Shared,
    now: SystemTime,
    request_id: &str,
) -> Response<Full<Bytes>> {
    let config = &shared.config;
    let (mut parts, body) = req.into_parts();
    // HTTP/2 carries the host in `:authority`; API Gateway shows it as `host`.
    if !parts.headers.contains_key(HOST)
        && let Some(v) = parts
            .uri
            .authority()
            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
    {
        parts.headers.insert(HOST, v);
    }

    // 413 before reading when the client announces too much; otherwise read at most
    // the limit and stop.
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body_bytes as u64) {
        return too_large(request_id);
    }
    let read = Limited::new(body, config.max_body_bytes).collect();
    let body = match tokio::time::timeout(config.body_read_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(request_id),
        Ok(Err(e)) => {
            debug!(request_id, error = %e, "request body could not be read");
            return gateway_error(StatusCode::BAD_REQUEST, "Bad Request", request_id);
        }
        Err(_) => {
            debug!(request_id, "request body too slow");
            return gateway_error(StatusCode::REQUEST_TIMEOUT, "Request Timeout", request_id);
        }
    };

    let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok());
    let domain_name = config
        .domain_name
        .clone()
        .unwrap_or_else(|| host.map(strip_port).unwrap_or("localhost").to_owned());
    let ctx = EventContext {
        account_id: config.account_id.clone(),
        api_id: config.api_id.clone(),
        domain_name,
        source_ip: conn.source_ip,
        local_port: conn.local_port,
        now,
    };
    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let wire = WireRequest {
        method: &parts.method,
        path_and_query,
        version: parts.version,
        headers: &parts.headers,
        body: &body,
    };
    let lambda_request = match event::build_event(&wire, conn.peer_cert, &ctx, request_id)
        .and_then(|event| event::to_lambda_request(&event, now + config.handler_timeout))
    {
        Ok(r) => r,
        Err(e @ event::EventError::TooLarge(_)) => {
            warn!(request_id, error = %e, "Lambda would refuse the event");
            return too_large(request_id);
        }
        Err(e) => {
            warn!(request_id, error = %e, "could not build the event");
            return gateway_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                request_id,
            );
        }
    };

    // The handler runs in its own task: a panic there is a failed invocation (500), not
    // a dead connection; past the timeout the task is dropped (504).
    let handler = shared.handler.clone();
    let mut task = tokio::spawn(async move { handler.handle(lambda_request).await });
    let response = match tokio::time::timeout(config.handler_timeout, &mut task).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            warn!(request_id, panicked = e.is_panic(), "handler failed");
            return gateway_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                request_id,
            );
        }
        Err(_) => {
            task.abort();
            warn!(request_id, "handler timed out");
            return gateway_error(
                StatusCode::GATEWAY_TIMEOUT,
                "Service Unavailable",
                request_id,
            );
        }
    };

    let (parts, body) = response.into_parts();
    let bytes = match body {
        Body::Empty => Bytes::new(),
        Body::Text(text) => Bytes::from(text),
        Body::Binary(bin) => Bytes::from(bin),
        _ => Bytes::new(),
    };
    let mut out = Response::from_parts(parts, Full::new(bytes));
    // hyper computes the length of a Full body itself; a handler's own value could lie.
    out.headers_mut().remove(CONTENT_LENGTH);
    insert_request_id(&mut out, request_id);
    out
}

/// The path for a log line: runs of six or more digits (with `-`/`+` inside, as in
/// `556000-0001` or `19121212-1212`) become `***`, so an organisation number or a
/// personnummer in a path never reaches the log in clear (STYLE, "Logs and traces").
pub(crate) fn redact_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(char::is_ascii_digit).count() >= 6 {
            out.push_str("***");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in path.chars() {
        if c.is_ascii_digit() || (!run.is_empty() && (c == '-' || c == '+')) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn too_large(request_id: &str) -> Response<Full<Bytes>> {
    gateway_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Request Entity Too Large",
        request_id,
    )
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:443
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_logs_hide_organisation_numbers_and_personnummer() {
        assert_eq!(
            redact_path("/v9/aktorer/556000-0001/fragor"),
            "/v9/aktorer/***/fragor"
        );
        assert_eq!(redact_path("/x/191212121212"), "/x/***");
        assert_eq!(redact_path("/x/19121212-1212/y"), "/x/***/y");
        assert_eq!(redact_path("/v9/health-2024"), "/v9/health-2024");
        assert_eq!(strip_port("localhost:8443"), "localhost");
        assert_eq!(strip_port("[::1]:8443"), "::1");
        assert_eq!(strip_port("api.example"), "api.example");
    }
}
