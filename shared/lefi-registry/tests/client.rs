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
