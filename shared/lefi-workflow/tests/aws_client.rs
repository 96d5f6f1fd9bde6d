//! The deployed functions' one HTTPS client for the AWS SDK (`LambdaAws`, issue 14): AWS's
//! roots compiled in, rustls on ring. It must refuse an endpoint whose certificate chains
//! to none of them, and reach an AWS-compatible server (moto in `scripts/test`) the way a
//! deployed function does.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::sync::Arc;

use aws_sdk_secretsmanager::error::DisplayErrorContext;
use lefi_workflow::lambda::{LambdaAws, Recorder};

/// An HTTPS server with a certificate made now, from a CA nobody trusts; it counts the
/// handshakes that completed.
async fn untrusted_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = done.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            if acceptor.accept(tcp).await.is_ok() {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    (format!("https://localhost:{port}"), done)
}

fn lambda_env(endpoint: Option<&str>) -> Recorder {
    let mut pairs = vec![
        ("AWS_REGION", "eu-north-1"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    if let Some(url) = endpoint {
        pairs.push(("AWS_ENDPOINT_URL", url));
    }
    Recorder::from_pairs(pairs)
}

#[tokio::test]
async fn s2_the_sdk_client_of_a_function_refuses_an_endpoint_outside_awss_roots() {
    let (url, handshakes) = untrusted_server().await;
    // As deployed: no endpoint override, so only AWS's roots; the endpoint is set on this
    // one client only to reach the local server.
    let aws = LambdaAws::from_env(&lambda_env(None)).unwrap().sdk_config();
    assert!(
        aws.http_client().is_some(),
        "the function brings its own client"
    );
    let conf = aws_sdk_secretsmanager::config::Builder::from(&aws)
        .endpoint_url(&url)
        .build();
    let error = aws_sdk_secretsmanager::Client::from_conf(conf)
        .get_secret_value()
        .secret_id("lefi-pnr-keys")
        .send()
        .await
        .expect_err("an unknown issuer must not be trusted");
    let text = format!("{}", DisplayErrorContext(&error));
    assert!(
        text.contains("UnknownIssuer") || text.contains("invalid peer certificate"),
        "refused for its certificate: {text}"
    );
    assert_eq!(handshakes.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_sdk_client_of_a_function_reaches_an_aws_compatible_endpoint() {
    let Some(target) = lefi_test_aws::aws("aws_client::reaches_an_endpoint").await else {
        return;
    };
    let aws = LambdaAws::from_env(&lambda_env(Some(&target.endpoint)))
        .unwrap()
        .sdk_config();
    let client = aws_sdk_secretsmanager::Client::new(&aws);
    let name = format!("lefi-t{}-client", std::process::id());
    client
        .create_secret()
        .name(&name)
        .secret_string("{}")
        .send()
        .await
        .map_err(DisplayErrorContext)
        .unwrap();
    let value = client.get_secret_value().secret_id(&name).send().await;
    assert_eq!(value.unwrap().secret_string(), Some("{}"));
}
