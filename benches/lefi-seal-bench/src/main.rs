//! `cargo run --release -p lefi-seal-bench -- [N]` (default 1 000 000): fills the embedded
//! store with N records of one day, seals the day with the local adapters (a key file
//! and a manifest directory under the system's temp dir), verifies it untouched, then
//! changes one record and verifies again. Prints each phase's time and the process's
//! peak resident memory after it (VmHWM).

#![allow(clippy::print_stdout)] // Printing the figures is this program's job.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use lefi_seal::{Seal, sample, seal_day, verify_day};
use lefi_store::{AuditLog, EmbeddedStore};

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(|| "?".to_owned(), |kb| format!("{:.0} MB", kb / 1024.0))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let day = NaiveDate::from_ymd_opt(2026, 12, 6).ok_or("day")?;
    let dir = std::env::temp_dir().join(format!("lefi-seal-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let seal = Seal::local(&dir)?;
    let store = EmbeddedStore::new();

    let t = Instant::now();
    for i in 0..n {
        store.append(&sample::record(day, i)).await?;
    }
    println!(
        "fill    {n} records: {:>8.2?}  peak RSS {}",
        t.elapsed(),
        peak_rss_mb()
    );

    let now = sample::day_start(day + Days::new(1));
    let t = Instant::now();
    let manifest = seal_day(&store, &seal, day, now).await?;
    let size = std::fs::metadata(dir.join("seals").join(lefi_seal::ports::object_name(day)))?.len();
    println!(
        "seal    {} records: {:>8.2?}  peak RSS {}  manifest {:.1} MB",
        manifest.count,
        t.elapsed(),
        peak_rss_mb(),
        size as f64 / 1e6
    );

    let t = Instant::now();
    let report = verify_day(&store, &seal, day).await?;
    println!(
        "verify  untouched:       {:>8.2?}  peak RSS {}  ok={}",
        t.elapsed(),
        peak_rss_mb(),
        report.ok()
    );
    assert!(report.ok());

    let mut changed = sample::record(day, n / 2);
    changed.caller = "cert-annan".into();
    store.tamper_replace_audit(changed.clone())?;
    let t = Instant::now();
    let report = verify_day(&store, &seal, day).await?;
    println!(
        "verify  one changed:     {:>8.2?}  peak RSS {}  changed={:?}",
        t.elapsed(),
        peak_rss_mb(),
        report.changed
    );
    assert_eq!(report.changed, vec![changed.id]);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
