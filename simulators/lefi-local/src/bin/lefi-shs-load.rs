//! SHS through the HTTPS front (issue 18's benchmarks), client and service in one
//! process:
//!
//! - **Latency**: the same query as a synchronous SHS message and as v9 JSON, in
//!   alternating blocks over one keep-alive connection each; p50 and p99 of both.
//! - **Mass query**: one asynchronous message of `--mass` queries; the time until the
//!   last reply is in the mailbox, at the demo partner's SLA rate (`--rate 0`: the
//!   default agreement's 20 a second) or unlimited (`--unlimited`), and the process's
//!   resident memory meanwhile.

use std::time::{Duration, Instant};

use clap::Parser;
use lefi_contract::shs::{self, DataDescription, DataPart, Label, SequenceType, TransferType};
use lefi_local::load::{Sender, UNLIMITED, connect, connector, ms, percentiles, post, rss_kb};
use lefi_local::{Options, start};

#[derive(Debug, Parser)]
struct Args {
    /// Queries per channel in the latency run; 0 skips it.
    #[arg(long, default_value_t = 400)]
    latency_requests: usize,
    /// Queries in the mass query; 0 skips it.
    #[arg(long, default_value_t = 10_000)]
    mass: usize,
    /// The mass query without the agreement's rate (limits far above it).
    #[arg(long)]
    unlimited: bool,
}

const V9_PATH: &str =
    "/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga";
const V9_QUERY: &str = r#"{"personnummer":"195001019420","period":{"from":"2025-01-01","tom":"2025-12-31"},"formansinformation":["FK:SJP","FK:FP"],"ovrigInformation":["FK:GEPI","FK:SGI"]}"#;
const FRAGA: &str = r#"<Fraga xmlns="urn:se:forsakringskassan:lefi-online:1"><AktorsId>exempelkommunen</AktorsId><Personnummer>195001019420</Personnummer><Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period><Formansinformation><Kod>FK:SJP</Kod><Kod>FK:FP</Kod></Formansinformation><OvrigInformation><Kod>FK:GEPI</Kod><Kod>FK:SGI</Kod></OvrigInformation></Fraga>"#;

/// An SHS message of these data parts.
fn message(tx_id: &str, transfer: TransferType, documents: Vec<Vec<u8>>) -> Vec<u8> {
    let label = Label {
        tx_id: tx_id.into(),
        corr_id: tx_id.into(),
        transfer_type: transfer,
        sequence_type: SequenceType::Request,
        status: Some("test".into()),
        originator: Some(shs::address("2120000142")),
        from: None,
        to: Some(shs::address("2021005521")),
        product: shs::PRODUCT_ID.into(),
        subject: None,
        datetime: "2026-12-07T10:00:00".into(),
        content_id: tx_id.into(),
        data: documents
            .iter()
            .map(|d| DataDescription {
                datapart_type: "xml".into(),
                filename: None,
                no_of_bytes: Some(d.len() as u64),
            })
            .collect(),
    };
    let data: Vec<DataPart> = documents
        .into_iter()
        .map(|body| DataPart {
            content_type: "text/xml; charset=UTF-8".into(),
            filename: None,
            body,
        })
        .collect();
    shs::render_message(&label, &data)
}

/// A mass query of `n` as one `Massfraga`: 10 000 as data parts would exceed what Lambda
/// takes (docs/shs.md).
fn massfraga(n: usize) -> Vec<u8> {
    format!(
        "<Massfraga xmlns=\"{}\">{}</Massfraga>",
        lefi_contract::xml::NAMESPACE,
        FRAGA.repeat(n)
    )
    .into_bytes()
}

async fn status_of(sender: &mut Sender, path: &str, content_type: &str, body: Vec<u8>) -> u16 {
    post(sender, path, content_type, body).await.0
}

#[allow(clippy::print_stdout)] // The benchmark's report.
async fn latency(n: usize) {
    let dir = std::env::temp_dir().join(format!("lefi-shs-load-{}", std::process::id()));
    let running = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        limits: UNLIMITED,
        ..Options::default()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let tls = connector(&running.pki, Some("kommun"));
    let mut v9 = connect(running.addr, &tls).await;
    let mut shs_conn = connect(running.addr, &tls).await;
    // Warm up both paths.
    for i in 0..20 {
        status_of(&mut v9, V9_PATH, "application/json", V9_QUERY.into()).await;
        let m = message(
            &format!("warm-{i}"),
            TransferType::Synch,
            vec![FRAGA.as_bytes().to_vec()],
        );
        status_of(&mut shs_conn, "/shs/rs", shs::CONTENT_TYPE, m).await;
    }
    let (mut t_v9, mut t_shs) = (Vec::new(), Vec::new());
    for block in 0..n.div_ceil(50) {
        for i in 0..50.min(n - block * 50) {
            let at = Instant::now();
            let s = status_of(&mut v9, V9_PATH, "application/json", V9_QUERY.into()).await;
            t_v9.push(at.elapsed());
            assert_eq!(s, 200);
            let m = message(
                &format!("l-{block}-{i}"),
                TransferType::Synch,
                vec![FRAGA.as_bytes().to_vec()],
            );
            let at = Instant::now();
            let s = status_of(&mut shs_conn, "/shs/rs", shs::CONTENT_TYPE, m).await;
            t_shs.push(at.elapsed());
            assert_eq!(s, 200);
        }
    }
    let (v9_50, v9_99) = percentiles(t_v9);
    let (shs_50, shs_99) = percentiles(t_shs);
    println!("latency, {n} queries each, one keep-alive connection each, alternating:");
    println!("  v9 JSON        p50 {v9_50:7.2} ms  p99 {v9_99:7.2} ms");
    println!("  SHS synch      p50 {shs_50:7.2} ms  p99 {shs_99:7.2} ms");
    println!(
        "  ratio          p50 {:.2}×  p99 {:.2}×",
        shs_50 / v9_50,
        shs_99 / v9_99
    );
}

#[allow(clippy::print_stdout)] // The benchmark's report.
async fn mass(n: usize, unlimited: bool) {
    let dir = std::env::temp_dir().join(format!("lefi-shs-mass-{}", std::process::id()));
    let defaults = Options::default();
    let limits = if unlimited {
        UNLIMITED
    } else {
        defaults.limits
    };
    let running = start(Options {
        listen: ([127, 0, 0, 1], 0).into(),
        pki_dir: dir.join("pki"),
        limits,
        ..defaults
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let store = running
        .embedded
        .clone()
        .unwrap_or_else(|| panic!("embedded"));
    let tls = connector(&running.pki, Some("kommun"));
    let mut sender = connect(running.addr, &tls).await;
    let before = rss_kb();
    let body = message("mass-1", TransferType::Asynch, vec![massfraga(n)]);
    let size = body.len();
    let started = Instant::now();
    let (status, answer) = post(&mut sender, "/shs/rs", shs::CONTENT_TYPE, body).await;
    let accepted = started.elapsed();
    assert_eq!(status, 202, "{}", String::from_utf8_lossy(&answer));
    let mut peak = rss_kb();
    let mut delivered = 0;
    while delivered < n {
        tokio::time::sleep(Duration::from_millis(250)).await;
        peak = peak.max(rss_kb());
        delivered = lefi_store::Mailbox::waiting(store.as_ref(), "2120000142", chrono::Utc::now())
            .await
            .unwrap_or_default()
            .len();
    }
    let took = started.elapsed();
    println!(
        "mass query of {n} ({:.1} MB), limits {} a second (burst {}):",
        size as f64 / 1_048_576.0,
        limits.per_second,
        limits.burst
    );
    println!("  accepted (202)      {:.0} ms", ms(accepted));
    println!(
        "  last reply in box   {:.1} s ({:.0} queries a second)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
    println!(
        "  RSS                 {:.1} MiB before, {:.1} MiB peak, {:.1} MiB at the end",
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        rss_kb() as f64 / 1024.0
    );
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.latency_requests > 0 {
        latency(args.latency_requests).await;
    }
    if args.mass > 0 {
        mass(args.mass, args.unlimited).await;
    }
}
