//! Soak (issue 17, item 8): the whole local service at a fixed rate for minutes, every
//! registry at a realistic latency (50–150 ms) and the benefit registries failing 2 % of
//! their calls; every answer must be a 200 with data. Reports p50/p99 and the process's
//! resident memory after warm-up and at the end. With `--dynamodb PREFIX` (and
//! `AWS_ENDPOINT_URL`, e.g. moto) the kept records live outside the process, so its RSS
//! must stay flat; with the embedded store (the default) it grows with every audit
//! record by design, and the growth per record is reported.
//!
//! Client and service share this process and its cores: bounded, loopback only.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use clap::Parser;
use lefi_local::load::{connect, connector, percentiles, post_json, rss_kb};
use lefi_local::{Options, StoreChoice, start};
use lefi_registry_sim::{Jitter, RegistryId};
use tokio_rustls::TlsConnector;

#[derive(Debug, Parser)]
struct Args {
    /// How long to soak, after the warm-up.
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,
    /// Warm-up before the first RSS sample, in seconds.
    #[arg(long, default_value_t = 60)]
    warmup_s: u64,
    /// Queries per second, over `connections` keep-alive connections.
    #[arg(long, default_value_t = 10)]
    rate: u32,
    #[arg(long, default_value_t = 8)]
    connections: u32,
    /// The store in DynamoDB under this table prefix (AWS_ENDPOINT_URL, region and
    /// credentials from the environment), instead of the embedded store.
    #[arg(long, value_name = "TABLE_PREFIX")]
    dynamodb: Option<String>,
    /// Fail-closed run (embedded store only): after the warm-up the store's audit appends
    /// fail for this many seconds, then work again. Every answer meanwhile must be a 500
    /// without data, and none may hold the personnummer.
    #[arg(long, value_name = "SECONDS")]
    fail_store_s: Option<u64>,
}

const PNR: &str = "195001019420";
const QUERY_PATH: &str =
    "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga";
const QUERY: &str = r#"{"personnummer":"195001019420","period":{"from":"2025-01-01","tom":"2025-12-31"},
 "formansinformation":["FK:SJP","FK:FP","FK:BOB","FK:AS"],"ansprak":["PM:AP"],
 "ovrigInformation":["FK:GEPI","FK:SGI"],"utbetalningar":["FK:SJP"]}"#;

/// One answer: when it was asked, how long it took, its status (0: a 200 without data),
/// and whether its body holds the queried personnummer.
type Seen = (Instant, Duration, u16, bool);

/// One connection's queries at `every`, until `until`.
async fn connection(
    addr: std::net::SocketAddr,
    tls: TlsConnector,
    every: Duration,
    until: Instant,
) -> Vec<Seen> {
    let mut sender = connect(addr, &tls).await;
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut seen = Vec::new();
    while Instant::now() < until {
        tick.tick().await;
        let t = Instant::now();
        let (status, body) = post_json(&mut sender, QUERY_PATH, QUERY.as_bytes()).await;
        let data = serde_json::from_slice::<serde_json::Value>(&body)
            .is_ok_and(|v| v["formansinformation"].is_object());
        let text = String::from_utf8_lossy(&body);
        let leaked = text.contains(PNR) || text.contains(&PNR[2..]);
        let status = if status == 200 && !data { 0 } else { status };
        seen.push((t, t.elapsed(), status, leaked));
    }
    seen
}

#[allow(clippy::print_stdout)]
#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("lefi-soak-{}", std::process::id()));
    let store = match &args.dynamodb {
        Some(prefix) => StoreChoice::Dynamo {
            table_prefix: prefix.clone(),
        },
        None => StoreChoice::Embedded,
    };
    let running = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        store,
        limits: lefi_local::load::UNLIMITED,
        ..Options::default()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    for id in RegistryId::all() {
        let mut faults = running.registry.state().faults(id);
        faults.latency_ms = 50;
        faults.jitter = Jitter::Uniform { max_ms: 100 };
        if id != RegistryId::Person {
            faults.error_rate = 0.02;
        }
        running.registry.state().set_faults(id, faults);
    }
    let tls = connector(&running.pki, Some("kommun"));
    let warm_at = Instant::now() + Duration::from_secs(args.warmup_s);
    let until = warm_at + Duration::from_secs_f64(args.minutes * 60.0);
    let every = Duration::from_secs_f64(f64::from(args.connections) / f64::from(args.rate));
    let tasks: Vec<_> = (0..args.connections)
        .map(|_| tokio::spawn(connection(running.addr, tls.clone(), every, until)))
        .collect();

    tokio::time::sleep_until(warm_at.into()).await;
    let warm_rss = rss_kb();
    let failing = args.fail_store_s.map(|s| {
        let store = running
            .embedded
            .clone()
            .unwrap_or_else(|| panic!("--fail-store-s needs the embedded store"));
        store.fail_appends(true);
        let back = Instant::now() + Duration::from_secs(s);
        tokio::spawn(async move {
            tokio::time::sleep_until(back.into()).await;
            store.fail_appends(false);
        });
        (warm_at, back)
    });
    let mut samples = vec![(0u64, warm_rss)];
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_secs(30).min(until - Instant::now())).await;
        samples.push((warm_at.elapsed().as_secs(), rss_kb()));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    let end_rss = rss_kb();
    let after_warmup: Vec<_> = all.iter().filter(|(t, ..)| *t >= warm_at).collect();
    let mut statuses = BTreeMap::<u16, usize>::new();
    for (_, _, s, _) in &after_warmup {
        *statuses.entry(*s).or_default() += 1;
    }
    let (p50, p99) = percentiles(after_warmup.iter().map(|(_, d, ..)| *d).collect());
    let store = if args.dynamodb.is_some() {
        "DynamoDB"
    } else {
        "embedded"
    };
    println!(
        "soak: {store} store, {} queries/s over {} connections, {:.1} min after {} s warm-up; registries 50–150 ms, benefit registries 2 % errors",
        args.rate, args.connections, args.minutes, args.warmup_s
    );
    println!(
        "  {} queries after warm-up: statuses {statuses:?} (0 = no data); p50 {p50:.0} ms, p99 {p99:.0} ms",
        after_warmup.len()
    );
    let growth = end_rss.saturating_sub(warm_rss);
    println!(
        "  RSS after warm-up {} MiB, at the end {} MiB ({:+.1} %); {:.2} kB per query after warm-up",
        warm_rss / 1024,
        end_rss / 1024,
        (end_rss as f64 / warm_rss.max(1) as f64 - 1.0) * 100.0,
        growth as f64 / after_warmup.len().max(1) as f64
    );
    println!("  RSS samples (s after warm-up, kB): {samples:?}");
    if let Some((from, to)) = failing {
        // A query asked while the store failed (and answered before it worked again).
        let during: Vec<_> = all
            .iter()
            .filter(|(t, d, ..)| *t >= from && *t + *d < to)
            .collect();
        let mut statuses = BTreeMap::<u16, usize>::new();
        for (_, _, s, _) in &during {
            *statuses.entry(*s).or_default() += 1;
        }
        let leaked = during.iter().filter(|(.., l)| *l).count();
        let after: Vec<_> = all.iter().filter(|(t, ..)| *t >= to).collect();
        let ok_after = after.iter().filter(|(_, _, s, _)| *s == 200).count();
        let records = running
            .embedded
            .as_ref()
            .map_or(0, |e| e.audit_records().map_or(0, |r| r.len()));
        println!(
            "  store failing for {} s: {} queries, statuses {statuses:?}, answers holding the personnummer: {leaked}; after: {ok_after} of {} answered 200; audit records in the store: {records}",
            (to - from).as_secs(),
            during.len(),
            after.len()
        );
    }
    drop(running);
    let _ = std::fs::remove_dir_all(&dir);
}
