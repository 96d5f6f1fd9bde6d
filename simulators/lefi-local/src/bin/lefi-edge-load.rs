//! Load through the HTTPS front (issue 6's benchmark): full v9 queries over keep-alive
//! connections with mutual TLS, side by side with the same queries over plain TLS to
//! the same process; then the fan-out ratio with every benefit registry slowed down.
//! Client and service share this process and the machine's cores: the figures are an
//! upper bound on the edge's cost, not a capacity plan.

use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use lefi_local::load::{connect, connector, ms, percentiles};
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
        limits: lefi_domain::agreement::TrafficLimits {
            per_second: 1_000_000,
            burst: 1_000_000,
            per_day: 1_000_000_000,
        },
        ..Options::default()
    };
    let running = start(options.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
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
        ..options
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
    let _ = std::fs::remove_dir_all(&dir);
}
