//! Load through the HTTPS front (issue 6's benchmark): full v9 queries over keep-alive
//! connections with mutual TLS, side by side with the same queries over plain TLS to
//! the same process; then the fan-out ratio with every benefit registry slowed down;
//! then (issue 17) full queries with every benefit registry failing and hanging.
//! Client and service share this process and the machine's cores: the figures are an
//! upper bound on the edge's cost, not a capacity plan.

use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use lefi_local::load::{connect, connector, ms, percentiles, post_json};
use lefi_local::{Options, start};
use tokio_rustls::TlsConnector;

#[derive(Debug, Parser)]
struct Args {
    /// Queries per mode.
    #[arg(long, default_value_t = 4000)]
    requests: usize,
    /// Keep-alive connections, each sending its queries one after the other.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Latency of every benefit registry for the fan-out run, in ms.
    #[arg(long, default_value_t = 100)]
    fanout_latency_ms: u64,
    /// Queries for the fan-out run.
    #[arg(long, default_value_t = 20)]
    fanout_requests: usize,
    /// Queries for the faults run (issue 17): every benefit registry answers 20 % of
    /// its calls with 500 and holds 10 % for 10 s; 0 skips the run.
    #[arg(long, default_value_t = 200)]
    faults_requests: usize,
    /// Queries in flight at once in the faults run.
    #[arg(long, default_value_t = 16)]
    faults_concurrency: usize,
    /// Only the faults run.
    #[arg(long)]
    faults_only: bool,
    /// Only the flood run (issue 17, item 5): one certificate sends this many malformed
    /// requests at once while another partner queries; 0 skips it in the full run.
    #[arg(long, default_value_t = 1000)]
    flood_requests: usize,
    #[arg(long)]
    flood_only: bool,
}

const QUERY_PATH: &str =
    "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga";

const ALL_BENEFITS: &str = r#"{"personnummer":"195001019420","period":{"from":"2025-01-01","tom":"2025-12-31"},
 "formansinformation":["FK:AS","FK:YL","FK:SA","FK:PROG","FK:FP","FK:NP","FK:SJP","FK:SBP","FK:DPE","FK:GP","FK:RBE","FK:TFP","FK:ABB","FK:HE","FK:US","FK:VB","FK:BOB"],
 "ansprak":["PM:EF","PM:BTI","PM:AP"],"beslut":["PM:EF","PM:BTI","PM:AP"],
 "ovrigInformation":["FK:GEPI","PM:PBH","FK:SGI","PM:LINT","PM:PU"],"utbetalningar":["FK:SJP","FK:ABB","PM:AP"]}"#;

/// One keep-alive connection sending `n` queries; each query's latency.
/// What each request is: a full query (POST) or a trivial GET.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Query,
    Health,
}

async fn connection(
    addr: std::net::SocketAddr,
    tls: TlsConnector,
    kind: Kind,
    n: usize,
) -> Vec<Duration> {
    let mut sender = connect(addr, &tls).await;
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        let request = match kind {
            Kind::Query => hyper::Request::post(QUERY_PATH)
                .header("content-type", "application/json")
                .header("host", "localhost")
                .body(Full::new(Bytes::from_static(ALL_BENEFITS.as_bytes()))),
            Kind::Health => hyper::Request::get("/health")
                .header("host", "localhost")
                .body(Full::new(Bytes::new())),
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let t = Instant::now();
        let response = sender
            .send_request(request)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        let _ = response.into_body().collect().await;
        latencies.push(t.elapsed());
        assert!(status.is_success(), "status {status}");
    }
    latencies
}

/// One query's answer in the faults run: its latency, status and deviations.
struct Answered {
    latency: Duration,
    status: u16,
    /// `avvikelse.kod` of every deviation.
    deviations: Vec<String>,
    /// Whether the answer carries `formansinformation` (the delivered data).
    body_ok: bool,
}

/// Queries `n` times over one keep-alive connection, keeping each answer's facts.
async fn faulty_connection(
    addr: std::net::SocketAddr,
    tls: TlsConnector,
    n: usize,
) -> Vec<Answered> {
    let mut sender = connect(addr, &tls).await;
    let mut answers = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let (status, body) = post_json(&mut sender, QUERY_PATH, ALL_BENEFITS.as_bytes()).await;
        let latency = t.elapsed();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let deviations = json["avvikelser"]
            .as_object()
            .into_iter()
            .flat_map(|lists| lists.values())
            .filter_map(serde_json::Value::as_array)
            .flatten()
            .filter_map(|d| d["avvikelse"]["kod"].as_str().map(str::to_owned))
            .collect();
        answers.push(Answered {
            latency,
            status,
            deviations,
            body_ok: json["formansinformation"].is_object(),
        });
    }
    answers
}

/// Issue 17's fault run: every benefit registry at 20 % errors and 10 % timeouts (held
/// 10 s), `n` full queries, `concurrency` at a time.
#[allow(clippy::print_stdout)]
async fn faults_run(running: &lefi_local::Running, n: usize, concurrency: usize) {
    for id in lefi_registry_sim::RegistryId::all().skip(1) {
        let mut faults = running.registry.state().faults(id);
        faults.error_rate = 0.2;
        faults.timeout_rate = 0.1;
        faults.timeout_hold_ms = 10_000;
        running.registry.state().set_faults(id, faults);
    }
    let mtls = connector(&running.pki, Some("kommun"));
    let per = n.div_ceil(concurrency);
    let t = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| tokio::spawn(faulty_connection(running.addr, mtls.clone(), per)))
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    let elapsed = t.elapsed();
    let server_errors = all.iter().filter(|a| a.status >= 500).count();
    let not_ok = all.iter().filter(|a| a.status != 200 || !a.body_ok).count();
    let internt_fel: usize = all
        .iter()
        .map(|a| a.deviations.iter().filter(|d| *d == "INTERNT_FEL").count())
        .sum();
    // The municipality may not see one of the 24 benefits: exactly one OBEHORIG each.
    let other: usize = all
        .iter()
        .map(|a| {
            a.deviations
                .iter()
                .filter(|d| *d != "INTERNT_FEL" && *d != "OBEHORIG")
                .count()
        })
        .sum();
    let obehorig_ok = all
        .iter()
        .all(|a| a.deviations.iter().filter(|d| *d == "OBEHORIG").count() == 1);
    let (p50, p99) = percentiles(all.iter().map(|a| a.latency).collect());
    println!(
        "faults: every benefit registry at 20 % errors + 10 % timeouts (held 10 s), {} full queries, {concurrency} at a time, {:.1} s",
        all.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  p50 {p50:.0} ms  p99 {p99:.0} ms  max {:.0} ms; 5xx: {server_errors}; not 200 with data: {not_ok}; INTERNT_FEL benefits: {internt_fel} ({:.1} per query); other deviations than INTERNT_FEL/the one OBEHORIG: {other}; one OBEHORIG in every answer: {obehorig_ok}",
        all.iter().map(|a| ms(a.latency)).fold(0.0, f64::max),
        internt_fel as f64 / all.len() as f64,
    );
}

/// Issue 17's flood run: the municipality's queries alone, then again while another
/// certificate (Kronofogden's) sends `n` malformed requests over 8 connections; and
/// what the flood cost the audit.
#[allow(clippy::print_stdout)]
async fn flood_run(running: &lefi_local::Running, n: usize) {
    let kommun = connector(&running.pki, Some("kommun"));
    let flooder = connector(&running.pki, Some("kronofogden"));
    let addr = running.addr;
    let quiet = measure(addr, kommun.clone(), Kind::Query, 200, 2).await;
    let audit_before = audit_count(running).await;
    let t = Instant::now();
    // At least `n`, and on until the other partner's queries are done.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flood: Vec<_> = (0..8)
        .map(|_| {
            tokio::spawn(malformed(
                addr,
                flooder.clone(),
                n.div_ceil(8),
                done.clone(),
            ))
        })
        .collect();
    let during = measure(addr, kommun, Kind::Query, 200, 2).await;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for task in flood {
        for status in task.await.unwrap_or_else(|e| panic!("{e}")) {
            *statuses.entry(status).or_default() += 1;
        }
    }
    let flood_s = t.elapsed().as_secs_f64();
    let sent: usize = statuses.values().sum();
    // The municipality's 200 queries are audited one each, as always.
    let written = audit_count(running).await - audit_before - 200;
    let limits = lefi_gateway::RefusalLimits::default();
    println!(
        "flood: {sent} malformed requests from one certificate over 8 connections in {flood_s:.1} s (limit {}/s, burst {}): statuses {statuses:?}; audit records written for them: {written} (bound: burst + rate × time + 1 = {:.0})",
        limits.per_second,
        limits.burst,
        f64::from(limits.burst) + f64::from(limits.per_second) * flood_s + 1.0
    );
    println!(
        "  another partner's full queries (2 connections): alone p50 {:.1} ms p99 {:.1} ms; during the flood p50 {:.1} ms p99 {:.1} ms",
        quiet.p50, quiet.p99, during.p50, during.p99
    );
}

/// Today's audit records (Stockholm), through the store's own port.
async fn audit_count(running: &lefi_local::Running) -> usize {
    let today = lefi_domain::tz::stockholm_date(chrono::Utc::now());
    running
        .gateway
        .store
        .by_day(today)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .len()
}

/// Malformed v9 queries over one keep-alive connection, at least `n` and on until
/// `done`; their statuses.
async fn malformed(
    addr: std::net::SocketAddr,
    tls: TlsConnector,
    n: usize,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> Vec<u16> {
    let mut sender = connect(addr, &tls).await;
    let mut statuses = Vec::with_capacity(n);
    while statuses.len() < n || !done.load(std::sync::atomic::Ordering::Relaxed) {
        let path =
            "/lefi-extern-formansinformation/v9/aktorer/kronofogden/formansinformation/fraga";
        statuses.push(post_json(&mut sender, path, b"{not json").await.0);
    }
    statuses
}

/// p50 and p99 in ms.
struct Report {
    p50: f64,
    p99: f64,
    qps: f64,
}

async fn measure(
    addr: std::net::SocketAddr,
    tls: TlsConnector,
    kind: Kind,
    requests: usize,
    connections: usize,
) -> Report {
    let per = requests.div_ceil(connections);
    let t = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(addr, tls.clone(), kind, per)))
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap_or_else(|e| panic!("{e}")));
    }
    let elapsed = t.elapsed();
    let qps = all.len() as f64 / elapsed.as_secs_f64();
    let (p50, p99) = percentiles(all);
    Report { p50, p99, qps }
}

#[allow(clippy::print_stdout)]
#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("lefi-edge-load-{}", std::process::id()));
    let options = Options {
        listen: ([127, 0, 0, 1], 0).into(),
        plain_listen: Some(([127, 0, 0, 1], 0).into()),
        pki_dir: dir.join("pki"),
        population: 100_000,
        // Far above what one machine sends; the limiter still runs on every query.
        limits: lefi_local::load::UNLIMITED,
        ..Options::default()
    };
    let running = start(options.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    if args.flood_only {
        flood_run(&running, args.flood_requests).await;
        drop(running);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    if args.faults_only {
        faults_run(&running, args.faults_requests, args.faults_concurrency).await;
        drop(running);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let plain_addr = running
        .plain_addr
        .unwrap_or_else(|| panic!("no plain listener"));
    // The municipality: it may see every benefit but one, so the query fetches 23.
    let mtls = connector(&running.pki, Some("kommun"));
    let plain = connector(&running.pki, None);
    // Warm up every path once.
    measure(running.addr, mtls.clone(), Kind::Query, 200, 4).await;
    measure(plain_addr, plain.clone(), Kind::Health, 200, 4).await;

    let (n, c) = (args.requests, args.connections);
    println!(
        "{n} requests per row over {c} keep-alive connections; client and service share this process"
    );
    let rows = [
        (
            "full query, 24 benefits, mTLS",
            running.addr,
            mtls.clone(),
            Kind::Query,
        ),
        ("GET /health, mTLS", running.addr, mtls, Kind::Health),
        ("GET /health, plain TLS", plain_addr, plain, Kind::Health),
    ];
    let mut reports = Vec::new();
    for (name, addr, tls, kind) in rows {
        let r = measure(addr, tls, kind, n, c).await;
        println!(
            "  {name:<32} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>7.0} req/s",
            r.p50, r.p99, r.qps
        );
        reports.push(r);
    }
    println!(
        "  full query over mTLS / plain-TLS request: p50 {:.2}x, p99 {:.2}x",
        reports[0].p50 / reports[2].p50,
        reports[0].p99 / reports[2].p99
    );
    drop(running);

    // P1 fan-out: every benefit registry slowed down; one query at a time.
    let latency = Duration::from_millis(args.fanout_latency_ms);
    let slow = start(Options {
        benefit_registry_latency: latency,
        pki_dir: dir.join("pki"),
        ..options.clone()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let mtls = connector(&slow.pki, Some("kommun"));
    measure(slow.addr, mtls.clone(), Kind::Query, 2, 1).await;
    let r = measure(slow.addr, mtls, Kind::Query, args.fanout_requests, 1).await;
    println!(
        "fan-out: 24 benefits, every benefit registry at {} ms, {} queries one at a time: p50 {:.1} ms ({:.2}x the registry latency), p99 {:.1} ms",
        args.fanout_latency_ms,
        args.fanout_requests,
        r.p50,
        r.p50 / ms(latency),
        r.p99
    );
    drop(slow);
    if args.faults_requests > 0 {
        let running = start(Options {
            pki_dir: dir.join("pki"),
            ..options
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        faults_run(&running, args.faults_requests, args.faults_concurrency).await;
        drop(running);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
