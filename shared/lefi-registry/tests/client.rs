//! The HTTP client against the real simulator on a random loopback port: answers, and
//! every kind of failure mapped to its stable error name.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use std::time::Duration;

use chrono::NaiveDate;
use lefi_domain::{Benefit, Personnummer};
use lefi_registry::{HttpRegistries, PersonAnswer, Registries, RegistryError};
use lefi_registry_sim::{Faults, RegistryId, ServerHandle, SimConfig, spawn};

async fn sim() -> (HttpRegistries, ServerHandle) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut config = SimConfig::new(as_of);
    config.registers.population = 1_000;
    let (addr, handle) = spawn(&config).await.unwrap();
    let client =
        HttpRegistries::new(&format!("http://{addr}"), Duration::from_millis(300)).unwrap();
    (client, handle)
}

fn pnr(s: &str) -> Personnummer {
    Personnummer::parse(s, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap()
}

#[tokio::test]
async fn answers_come_back_typed() {
    let (client, _sim) = sim().await;
    let PersonAnswer::Found {
        customer_ids,
        person,
        ..
    } = client.lookup_person(&pnr("195001019420")).await.unwrap()
    else {
        panic!("the seed's example is not found");
    };
    assert_eq!(person.personnummer.as_deref(), Some("195001019420"));
    let sgi = client
        .fetch(Benefit::SjukpenninggrundandeInkomst, &customer_ids[0])
        .await
        .unwrap();
    assert!(
        sgi.formansinformation
            .is_some_and(|fi| fi.sjukpenninggrundande_inkomstuppgift.is_some())
    );
    // Pensionsmyndigheten's benefits come back in PM's model.
    let forecast = client
        .fetch(Benefit::Pensionsprognos, &customer_ids[0])
        .await
        .unwrap();
    assert_eq!(forecast.formansinformation, None);
    let entries = forecast.ovrig_information.unwrap();
    assert_eq!(
        entries[0].informationstyp.as_ref().map(|t| t.kod.code()),
        Some("PM:PBH")
    );
    assert_eq!(
        client.lookup_person(&pnr("191212121212")).await.unwrap(),
        PersonAnswer::NotFound
    );
    assert_eq!(
        client.fetch(Benefit::Sjukpenning, "K9999999999").await,
        Err(RegistryError::UnknownCustomer)
    );
}

#[tokio::test]
async fn every_failure_has_its_stable_name() {
    let (client, sim) = sim().await;
    let set = |faults: Faults| {
        sim.state()
            .set_faults(RegistryId::Benefit(Benefit::Sjukpenning), faults)
    };
    let fetch = || client.fetch(Benefit::Sjukpenning, "F-SEED");

    set(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    });
    assert_eq!(fetch().await.unwrap_err().error_type(), "RegistryThrottled");
    set(Faults {
        outage: true,
        ..Faults::default()
    });
    assert_eq!(
        fetch().await.unwrap_err().error_type(),
        "RegistryUnavailable"
    );
    set(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    assert_eq!(
        fetch().await.unwrap_err().error_type(),
        "RegistryUnavailable"
    );
    // The simulator holds the call longer than the client waits.
    set(Faults {
        timeout_rate: 1.0,
        timeout_hold_ms: 2_000,
        ..Faults::default()
    });
    assert_eq!(fetch().await.unwrap_err(), RegistryError::Timeout);
    set(Faults {
        latency_ms: 1_000,
        ..Faults::default()
    });
    assert_eq!(fetch().await.unwrap_err(), RegistryError::Timeout);
    set(Faults::default());
    assert!(fetch().await.is_ok());
    // Another registry was never touched by any of this.
    assert_eq!(
        sim.state()
            .counters(RegistryId::Benefit(Benefit::Barnbidrag))
            .calls,
        0
    );
}

#[tokio::test]
async fn a_registry_that_is_not_there_is_unavailable() {
    let client = HttpRegistries::new("http://127.0.0.1:9", Duration::from_millis(300)).unwrap();
    let err = client
        .lookup_person(&pnr("195001019420"))
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), "RegistryUnavailable");
    assert!(!err.to_string().contains("195001019420"));
}

// HTTPS (issue 13, item 6): the simulator behind a TLS front whose server certificate the
// development PKI (`lefi_apigw_local::pki`) issued for localhost and 127.0.0.1. The
// registries' personnummer travel in these requests, so the client must speak TLS and
// must refuse a server its trust does not cover (S2: nothing leaves to an impostor).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use lefi_apigw_local::pki::DevPki;
use lefi_apigw_local::{FrontConfig, tls_config};
use lefi_registry::RegistryTrust;
use tokio::net::{TcpListener, TcpStream};

/// A fresh development PKI (own CA, localhost server certificate) in its own folder.
fn pki(name: &str) -> DevPki {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("lefi-registry-tls-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    DevPki::ensure(&dir, &[]).unwrap()
}

/// Terminates TLS with `server`'s certificate on `ip` and forwards the bytes to `upstream`.
async fn tls_front(server: &DevPki, upstream: SocketAddr, ip: &str) -> SocketAddr {
    let config = FrontConfig::plain(
        server.server.cert_pem.clone(),
        server.server.key_pem.clone(),
    );
    let mut tls = tls_config(&config).unwrap();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake simply ends the connection, as a real server's would.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                if let Ok(mut plain) = TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    addr
}

/// The simulator, served over HTTPS with `server`'s certificate on `ip`.
async fn https_sim(server: &DevPki, ip: &str) -> (SocketAddr, ServerHandle) {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut config = SimConfig::new(as_of);
    config.registers.population = 1_000;
    let (plain, handle) = spawn(&config).await.unwrap();
    (tls_front(server, plain, ip).await, handle)
}

#[tokio::test]
async fn s2_registry_client_speaks_https_to_a_registry_of_the_configured_ca() {
    let dev = pki("trusted");
    let (front, _sim) = https_sim(&dev, "127.0.0.1").await;
    let url = format!("https://localhost:{}", front.port());
    let trust = RegistryTrust::from_pem(&dev.ca.cert_pem).unwrap();
    let client = HttpRegistries::with_trust(&url, Duration::from_secs(5), &trust).unwrap();
    let found = client.lookup_person(&pnr("195001019420")).await.unwrap();
    let PersonAnswer::Found { customer_ids, .. } = found else {
        panic!("the seed's example is not found over HTTPS");
    };
    assert!(
        client
            .fetch(Benefit::Sjukpenning, &customer_ids[0])
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn s2_registry_client_refuses_a_certificate_of_another_ca() {
    let ours = pki("ours");
    let theirs = pki("theirs");
    // The registry's certificate is valid for the name, but issued by a CA we do not trust.
    let (front, sim) = https_sim(&theirs, "127.0.0.1").await;
    let url = format!("https://localhost:{}", front.port());
    let trust = RegistryTrust::from_pem(&ours.ca.cert_pem).unwrap();
    let client = HttpRegistries::with_trust(&url, Duration::from_secs(5), &trust).unwrap();
    let err = client
        .lookup_person(&pnr("195001019420"))
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), "RegistryUnavailable");
    assert!(err.to_string().contains("certifikat"), "{err}");
    assert!(!err.to_string().contains("195001019420"));
    // The request never reached the registry: the number did not leave.
    assert_eq!(sim.state().counters(RegistryId::Person).calls, 0);

    // Nor do the system's public roots trust a development CA.
    let system = HttpRegistries::new(&url, Duration::from_secs(5)).unwrap();
    let err = system
        .lookup_person(&pnr("195001019420"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("certifikat"), "{err}");
    assert_eq!(sim.state().counters(RegistryId::Person).calls, 0);
}

#[tokio::test]
async fn s2_registry_client_refuses_a_certificate_for_another_name() {
    let dev = pki("name");
    // Same CA, but the server is asked for by an address its certificate does not carry
    // (it names localhost, 127.0.0.1 and ::1).
    let (front, sim) = https_sim(&dev, "127.0.0.2").await;
    let wrong = format!("https://127.0.0.2:{}", front.port());
    let trust = RegistryTrust::from_pem(&dev.ca.cert_pem).unwrap();
    let client = HttpRegistries::with_trust(&wrong, Duration::from_secs(5), &trust).unwrap();
    let err = client
        .lookup_person(&pnr("195001019420"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("certifikat"), "{err}");
    assert_eq!(sim.state().counters(RegistryId::Person).calls, 0);
}

#[test]
fn s2_a_registry_ca_must_be_pem_with_a_certificate() {
    assert!(RegistryTrust::from_pem("").is_err());
    assert!(RegistryTrust::from_pem("not a certificate").is_err());
    let dev = pki("pem");
    assert!(matches!(
        RegistryTrust::from_pem(&dev.ca.cert_pem),
        Ok(RegistryTrust::Only(cas)) if cas.len() == 1
    ));
}
