//! The front, driven by real `curl` over real TLS (C1, P2).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt as _, Response};
use lefi_apigw_local::pki::{DemoClient, DevPki};
use lefi_apigw_local::{FrontConfig, Handler, MAX_BODY_BYTES, spawn};
use serde_json::{Value, json};

fn pki_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("lefi-apigw-local-pki")
}

fn demo_clients() -> Vec<DemoClient> {
    vec![
        DemoClient::new(
            "kommun",
            "Exempelkommunen API",
            "Exempelkommunen",
            "212000-0142",
        ),
        DemoClient::new(
            "forsakring",
            "Försäkringsbolaget Integration",
            "Försäkrings AB Exempel",
            "5560000001",
        ),
    ]
}

fn pki() -> &'static DevPki {
    static PKI: OnceLock<DevPki> = OnceLock::new();
    PKI.get_or_init(|| DevPki::ensure(&pki_dir(), &demo_clients()).unwrap())
}

/// Echoes what the handler received, as JSON; counts calls; `/panic` panics, `/slow`
/// sleeps past the front's timeout.
#[derive(Clone, Default)]
struct Echo {
    calls: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl Handler for Echo {
    async fn handle(&self, request: Request) -> Response<Body> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match request.uri().path() {
            "/panic" => panic!("the handler panicked on purpose"),
            "/slow" => tokio::time::sleep(Duration::from_secs(30)).await,
            _ => {}
        }
        let client_cert = match request.request_context() {
            RequestContext::ApiGatewayV2(ctx) => {
                let cert = ctx
                    .authentication
                    .as_ref()
                    .and_then(|a| a.client_cert.as_ref());
                cert.map(|c| {
                    json!({
                        "clientCertPem": c.client_cert_pem,
                        "subjectDN": c.subject_dn,
                        "issuerDN": c.issuer_dn,
                        "serialNumber": c.serial_number,
                        "notBefore": c.validity.not_before,
                        "notAfter": c.validity.not_after,
                    })
                })
                .unwrap_or(Value::Null)
            }
            _ => json!("not an API Gateway v2 context"),
        };
        let request_id = match request.request_context() {
            RequestContext::ApiGatewayV2(ctx) => ctx.request_id,
            _ => None,
        };
        let headers: serde_json::Map<String, Value> = request
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), json!(v.to_str().unwrap_or("?"))))
            .collect();
        let body_kind = match request.body() {
            Body::Empty => "empty",
            Body::Text(_) => "text",
            Body::Binary(_) => "binary",
            _ => "other",
        };
        let echo = json!({
            "method": request.method().as_str(),
            "path": request.raw_http_path(),
            "query": request.uri().query(),
            "queryParameters": request.query_string_parameters().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
            "headers": headers,
            "bodyKind": body_kind,
            "bodyBase64": BASE64.encode(request.body().as_ref()),
            "clientCert": client_cert,
            "requestId": request_id,
            "lambdaRequestId": request.lambda_context_ref().map(|c| c.request_id.clone()),
        });
        Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-echo", "1")
            .body(Body::Text(echo.to_string()))
            .unwrap()
    }
}

struct Front {
    port: u16,
    echo: Echo,
    _handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn front(mtls: bool) -> Front {
    let pki = pki();
    let mut config = if mtls {
        FrontConfig::mtls(
            pki.server.cert_pem.clone(),
            pki.server.key_pem.clone(),
            pki.ca.cert_pem.clone(),
        )
    } else {
        FrontConfig::plain(pki.server.cert_pem.clone(), pki.server.key_pem.clone())
    };
    config.handler_timeout = Duration::from_secs(2);
    let echo = Echo::default();
    let (addr, handle) = spawn(config, Arc::new(echo.clone())).await.unwrap();
    Front {
        port: addr.port(),
        echo,
        _handle: handle,
    }
}

struct CurlOut {
    code: Option<i32>,
    /// What `-w` printed (the status code, by default).
    written: String,
    body: Vec<u8>,
    stderr: String,
}

/// `curl` against the front; `cert` is a PKI name (`kommun`, `untrusted`) or none.
async fn curl(port: u16, cert: Option<&str>, path: &str, extra: &[&str]) -> CurlOut {
    let pki = pki();
    let out_file = tempfile_path("body");
    let mut cmd = tokio::process::Command::new("curl");
    cmd.arg("-sS")
        .arg("--max-time")
        .arg("60")
        .arg("--cacert")
        .arg(&pki.ca.cert_path);
    if let Some(name) = cert {
        let c = if name == "untrusted" {
            &pki.untrusted
        } else {
            pki.client(name).unwrap()
        };
        cmd.arg("--cert")
            .arg(&c.cert_path)
            .arg("--key")
            .arg(&c.key_path);
    }
    cmd.arg("-o").arg(&out_file).arg("-w").arg("%{http_code}");
    cmd.args(extra);
    cmd.arg(format!("https://127.0.0.1:{port}{path}"));
    let output = cmd.output().await.unwrap();
    let body = std::fs::read(&out_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    CurlOut {
        code: output.status.code(),
        written: String::from_utf8_lossy(&output.stdout).into_owned(),
        body,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn tempfile_path(what: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("apigw-{what}-{}-{n}", std::process::id()))
}

fn json_of(out: &CurlOut) -> Value {
    serde_json::from_slice(&out.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.body)))
}

#[tokio::test]
async fn c1_demo_client_reaches_the_handler_with_its_certificate_in_the_context() {
    let f = front(true).await;
    let out = curl(
        f.port,
        Some("kommun"),
        "/v9/personer/x%20y?b=2&a=1&a=3",
        &[
            "-H",
            "X-Multi: one",
            "-H",
            "X-Multi: two",
            "-b",
            "s=abc; t=def",
            "-A",
            "lefi-test/1",
        ],
    )
    .await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.written, "200");
    let echo = json_of(&out);
    let kommun = pki().client("kommun").unwrap();
    let cert = &echo["clientCert"];
    assert_eq!(cert["clientCertPem"], kommun.cert_pem.as_str());
    let subject = cert["subjectDN"].as_str().unwrap();
    assert!(
        subject.contains("organizationIdentifier=NTRSE-2120000142"),
        "{subject}"
    );
    assert!(subject.contains("serialNumber=162120000142"), "{subject}");
    assert!(subject.starts_with("C=SE,O=Exempelkommunen,"), "{subject}");
    assert!(subject.ends_with(",CN=Exempelkommunen API"), "{subject}");
    assert_eq!(cert["subjectDN"], kommun.subject_dn.as_str());
    assert_eq!(cert["issuerDN"], pki().ca.subject_dn.as_str());
    assert_eq!(cert["issuerDN"], kommun.issuer_dn.as_str());
    assert_eq!(cert["serialNumber"], kommun.serial_number.as_str());
    assert!(cert["notAfter"].as_str().unwrap().ends_with(" GMT"));

    assert_eq!(echo["method"], "GET");
    assert_eq!(echo["path"], "/v9/personer/x%20y");
    assert_eq!(echo["query"], "b=2&a=1&a=3");
    assert_eq!(echo["headers"]["x-multi"], "one,two");
    assert_eq!(echo["headers"]["cookie"], "s=abc; t=def");
    assert_eq!(echo["headers"]["user-agent"], "lefi-test/1");
    assert_eq!(echo["bodyKind"], "empty");
    let request_id = echo["requestId"].as_str().unwrap();
    assert_eq!(request_id.len(), 16);
    assert_eq!(echo["lambdaRequestId"], request_id);
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn c1_post_bodies_arrive_intact_text_and_binary() {
    let f = front(true).await;
    let text = r#"{"personnummer":"191212121212","fran":"2024-01-01"}"#;
    let out = curl(
        f.port,
        Some("forsakring"),
        "/v9/fraga",
        &[
            "-X",
            "POST",
            "-H",
            "content-type: application/json",
            "--data-binary",
            text,
        ],
    )
    .await;
    assert_eq!(out.written, "200", "{}", out.stderr);
    let echo = json_of(&out);
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["bodyKind"], "text");
    assert_eq!(
        BASE64.decode(echo["bodyBase64"].as_str().unwrap()).unwrap(),
        text.as_bytes()
    );

    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let file = tempfile_path("binary");
    std::fs::write(&file, &binary).unwrap();
    let data = format!("@{}", file.display());
    let out = curl(
        f.port,
        Some("forsakring"),
        "/upload",
        &[
            "-X",
            "POST",
            "-H",
            "content-type: application/octet-stream",
            "--data-binary",
            &data,
        ],
    )
    .await;
    std::fs::remove_file(&file).unwrap();
    assert_eq!(out.written, "200", "{}", out.stderr);
    let echo = json_of(&out);
    assert_eq!(echo["bodyKind"], "binary");
    assert_eq!(
        BASE64.decode(echo["bodyBase64"].as_str().unwrap()).unwrap(),
        binary
    );
}

#[tokio::test]
async fn p2_no_client_certificate_fails_the_handshake() {
    let f = front(true).await;
    let out = curl(f.port, None, "/", &[]).await;
    assert_ne!(out.code, Some(0));
    assert_eq!(out.written, "000", "no HTTP status may come back");
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn p2_certificate_from_an_untrusted_ca_fails_the_handshake() {
    let f = front(true).await;
    let out = curl(f.port, Some("untrusted"), "/", &[]).await;
    assert_ne!(out.code, Some(0));
    assert_eq!(out.written, "000", "no HTTP status may come back");
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn body_over_10_mb_or_an_event_over_lambdas_6_mib_is_413_and_never_reaches_the_handler() {
    let f = front(true).await;
    let file = tempfile_path("big");
    std::fs::write(&file, vec![b'x'; MAX_BODY_BYTES + 1]).unwrap();
    let data = format!("@{}", file.display());
    // HTTP/1.1: curl 7.88 takes HTTP/2's RST_STREAM after an early answer for a failure.
    let args = [
        "--http1.1",
        "-X",
        "POST",
        "-H",
        "content-type: application/octet-stream",
        "--data-binary",
        &data,
    ];
    let out = curl(f.port, Some("kommun"), "/big", &args).await;
    assert_eq!(out.written, "413", "{}", out.stderr);
    assert_eq!(
        json_of(&out),
        json!({"message": "Request Entity Too Large"})
    );

    // Without a Content-Length the front reads up to the limit and stops.
    let mut chunked = args.to_vec();
    chunked.extend(["-H", "Transfer-Encoding: chunked"]);
    let out = curl(f.port, Some("kommun"), "/big", &chunked).await;
    assert_eq!(out.written, "413", "{}", out.stderr);
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);

    // Exactly 10 MB passes API Gateway's limit, but its event (base64) is over what
    // Lambda takes: refused all the same, the handler never called.
    std::fs::write(&file, vec![b'y'; MAX_BODY_BYTES]).unwrap();
    let out = curl(f.port, Some("kommun"), "/big", &args).await;
    assert_eq!(out.written, "413", "{}", out.stderr);
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);

    // 4 MB of binary, 5.3 MiB as base64 in the event: Lambda takes it.
    std::fs::write(&file, vec![b'z'; 4_000_000]).unwrap();
    let out = curl(f.port, Some("kommun"), "/big", &args).await;
    std::fs::remove_file(&file).unwrap();
    assert_eq!(out.written, "200", "{}", out.stderr);
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_the_front_lives_on() {
    let f = front(true).await;
    let out = curl(f.port, Some("kommun"), "/panic", &[]).await;
    assert_eq!(out.written, "500", "{}", out.stderr);
    assert_eq!(json_of(&out), json!({"message": "Internal Server Error"}));
    let out = curl(f.port, Some("kommun"), "/after", &[]).await;
    assert_eq!(out.written, "200", "{}", out.stderr);
}

#[tokio::test]
async fn a_handler_past_the_timeout_is_a_504() {
    let f = front(true).await;
    let out = curl(f.port, Some("kommun"), "/slow", &[]).await;
    assert_eq!(out.written, "504", "{}", out.stderr);
    let out = curl(f.port, Some("kommun"), "/after", &[]).await;
    assert_eq!(out.written, "200", "{}", out.stderr);
}

#[tokio::test]
async fn keep_alive_serves_two_requests_on_one_connection() {
    let f = front(true).await;
    let pki = pki();
    let kommun = pki.client("kommun").unwrap();
    let output = tokio::process::Command::new("curl")
        .arg("-sS")
        .arg("--http1.1")
        .arg("--cacert")
        .arg(&pki.ca.cert_path)
        .arg("--cert")
        .arg(&kommun.cert_path)
        .arg("--key")
        .arg(&kommun.key_path)
        .arg("-w")
        .arg("%{http_code} %{num_connects}\n")
        .arg("-o")
        .arg("/dev/null")
        .arg(format!("https://127.0.0.1:{}/one", f.port))
        .arg("-o")
        .arg("/dev/null")
        .arg(format!("https://127.0.0.1:{}/two", f.port))
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout, "200 1\n200 0\n",
        "the second request must reuse the connection"
    );
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn http2_is_offered_and_works() {
    let f = front(true).await;
    let out = curl(
        f.port,
        Some("kommun"),
        "/h2",
        &["--http2", "-w", "%{http_code} %{http_version}"],
    )
    .await;
    assert_eq!(out.written, "200 2", "{}", out.stderr);
    let echo = json_of(&out);
    assert_eq!(echo["headers"]["host"], format!("127.0.0.1:{}", f.port));
}

#[tokio::test]
async fn plain_tls_listener_serves_the_same_handler_without_a_certificate() {
    let f = front(false).await;
    let out = curl(f.port, None, "/plain", &[]).await;
    assert_eq!(out.written, "200", "{}", out.stderr);
    let echo = json_of(&out);
    assert_eq!(echo["clientCert"], Value::Null);
    assert_eq!(echo["path"], "/plain");
}

#[test]
fn p2_dev_pki_shapes_and_reuse() {
    let dir = tempfile_path("pki");
    let clients = demo_clients();
    let first = DevPki::ensure(&dir, &clients).unwrap();
    let again = DevPki::ensure(&dir, &clients).unwrap();
    assert_eq!(
        first.ca.sha256_fingerprint, again.ca.sha256_fingerprint,
        "a valid CA is reused"
    );
    assert_eq!(
        first.clients[0].sha256_fingerprint,
        again.clients[0].sha256_fingerprint
    );
    assert_eq!(
        first.untrusted.sha256_fingerprint,
        again.untrusted.sha256_fingerprint
    );

    let f = first.client("forsakring").unwrap();
    assert_eq!(
        f.subject_dn,
        "C=SE,O=Försäkrings AB Exempel,organizationIdentifier=NTRSE-5560000001,serialNumber=165560000001,CN=Försäkringsbolaget Integration"
    );
    assert_eq!(
        f.issuer_dn,
        "C=SE,O=LEFI Online development,CN=LEFI Online dev CA"
    );
    assert_eq!(f.sha256_fingerprint.len(), 64);
    assert!(
        f.sha256_fingerprint
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_ne!(first.untrusted.issuer_dn, first.ca.subject_dn);
    for name in [
        "ca.pem",
        "server.pem",
        "kommun.pem",
        "forsakring.pem",
        "untrusted.pem",
    ] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        for key in [
            "ca-key.pem",
            "server-key.pem",
            "kommun-key.pem",
            "forsakring-key.pem",
            "untrusted-key.pem",
        ] {
            let mode = std::fs::metadata(dir.join(key))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{key}");
        }
    }

    // A damaged client certificate is issued anew; the CA and the others stay.
    std::fs::write(dir.join("kommun.pem"), "garbage").unwrap();
    let third = DevPki::ensure(&dir, &clients).unwrap();
    assert_eq!(third.ca.sha256_fingerprint, first.ca.sha256_fingerprint);
    assert_ne!(
        third.clients[0].sha256_fingerprint,
        first.clients[0].sha256_fingerprint
    );
    assert_eq!(
        third.clients[1].sha256_fingerprint,
        first.clients[1].sha256_fingerprint
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn serve_stops_accepting_when_shutdown_completes() {
    let pki = pki();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = FrontConfig::mtls(
        pki.server.cert_pem.clone(),
        pki.server.key_pem.clone(),
        pki.ca.cert_pem.clone(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(lefi_apigw_local::serve(
        listener,
        config,
        Arc::new(Echo::default()),
        async {
            let _ = stopped.await;
        },
    ));
    assert_eq!(curl(port, Some("kommun"), "/", &[]).await.written, "200");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    let out = curl(port, Some("kommun"), "/", &[]).await;
    assert_eq!(out.written, "000", "nobody listens any more");
}

#[tokio::test]
async fn a_closure_is_a_handler() {
    let pki = pki();
    let config = FrontConfig::plain(pki.server.cert_pem.clone(), pki.server.key_pem.clone());
    let handler = |request: Request| async move {
        Response::builder()
            .status(201)
            .body(Body::from(format!("hello {}", request.uri().path())))
            .unwrap()
    };
    let (addr, _handle) = spawn(config, Arc::new(handler)).await.unwrap();
    let out = curl(addr.port(), None, "/world", &[]).await;
    assert_eq!(out.written, "201", "{}", out.stderr);
    assert_eq!(out.body, b"hello /world");
}

#[tokio::test]
async fn a_bad_server_key_is_refused_at_spawn() {
    let pki = pki();
    let config = FrontConfig::plain(pki.server.cert_pem.clone(), "not a key".to_owned());
    let err = spawn(config, Arc::new(Echo::default())).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

// Issue 17, item 4: no client can hold the front open.

/// A plain-TLS front with short limits, for the slow-client tests.
async fn strict_front(max_connections: usize) -> Front {
    let pki = pki();
    let mut config = FrontConfig::plain(pki.server.cert_pem.clone(), pki.server.key_pem.clone());
    config.header_read_timeout = Duration::from_millis(400);
    config.body_read_timeout = Duration::from_millis(400);
    config.idle_timeout = Duration::from_millis(600);
    config.max_connections = max_connections;
    let echo = Echo::default();
    let (addr, handle) = spawn(config, Arc::new(echo.clone())).await.unwrap();
    Front {
        port: addr.port(),
        echo,
        _handle: handle,
    }
}

type Tls = tokio_rustls::client::TlsStream<tokio::net::TcpStream>;

/// A TLS connection to the front that trusts the development CA; `None` when the
/// front closed it before the handshake ended.
async fn tls_connect(port: u16) -> Option<Tls> {
    use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject as _};
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(pki().ca.cert_pem.as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .ok()
}

/// Reads until the front closes the connection; how long that took and what came.
async fn until_closed(tls: &mut Tls, patience: Duration) -> (Duration, String) {
    use tokio::io::AsyncReadExt as _;
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(patience, tls.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("still open after {patience:?}"),
        }
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&got).into_owned(),
    )
}

#[tokio::test]
async fn c4_a_client_that_sends_nothing_or_trickles_its_headers_loses_the_connection() {
    use tokio::io::AsyncWriteExt as _;
    let f = strict_front(16).await;
    // Ten connections that say nothing after the handshake.
    let mut silent = Vec::new();
    for _ in 0..10 {
        silent.push(tls_connect(f.port).await.expect("handshake"));
    }
    for tls in &mut silent {
        let (after, _) = until_closed(tls, Duration::from_secs(5)).await;
        assert!(after < Duration::from_secs(3), "silent for {after:?}");
    }
    // One that trickles its headers, a byte every 100 ms.
    let mut slow = tls_connect(f.port).await.expect("handshake");
    let trickle = async {
        for b in b"GET /echo HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".iter() {
            if slow.write_all(&[*b]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let started = std::time::Instant::now();
    let _ = tokio::time::timeout(Duration::from_secs(8), trickle).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the trickling client kept its connection for {:?}",
        started.elapsed()
    );
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);
    // The front still serves.
    let out = curl(f.port, None, "/after", &[]).await;
    assert_eq!(out.written, "200", "{}", out.stderr);
}

#[tokio::test]
async fn c4_a_body_slower_than_its_limit_is_408_and_never_reaches_the_handler() {
    use tokio::io::AsyncWriteExt as _;
    let f = strict_front(16).await;
    let mut tls = tls_connect(f.port).await.expect("handshake");
    tls.write_all(
        b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nonly ten b",
    )
    .await
    .unwrap();
    let (_, answer) = until_closed(&mut tls, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(f.echo.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn c4_connections_over_the_cap_are_closed_at_once_and_an_idle_one_after_its_timeout() {
    use tokio::io::AsyncWriteExt as _;
    let f = strict_front(2).await;
    let mut first = tls_connect(f.port).await.expect("first");
    let _second = tls_connect(f.port).await.expect("second");
    assert!(
        tls_connect(f.port).await.is_none(),
        "a third connection over the cap of two"
    );
    // A request on a connection, then silence: closed after the idle timeout.
    first
        .write_all(b"GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let (after, answer) = until_closed(&mut first, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(after < Duration::from_secs(3), "kept {after:?}");
    // Once the idle ones are gone, there is room again.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let out = curl(f.port, None, "/after", &[]).await;
    assert_eq!(out.written, "200", "{}", out.stderr);
}
