//! A bounded load generator: N person lookups with concurrency C against a simulator on
//! a loopback address, then a report of throughput and latency percentiles.
//!
//! It picks people of the server's own population by index (the population is derived
//! from the seed, nothing is stored), so every lookup should be `FOUND`.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use lefi_registry_data::population::{Population, mix};

use crate::api::Health;

pub const MAX_REQUESTS: u64 = 10_000_000;
pub const MAX_CONCURRENCY: usize = 1024;

/// Sends person lookups to a simulator and reports requests/s and latency percentiles.
#[derive(Debug, Clone, Parser)]
#[command(name = "lefi-registry-load", version)]
pub struct LoadArgs {
    /// The simulator's address; loopback only (e.g. 127.0.0.1:7400).
    pub target: SocketAddr,
    /// Number of lookups to send (at most 10 000 000).
    #[arg(short = 'n', long, default_value_t = 10_000)]
    pub requests: u64,
    /// Lookups in flight at once (at most 1024).
    #[arg(short = 'c', long, default_value_t = 32)]
    pub concurrency: usize,
    /// Seed of the population; default: the server's, from /health.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Size of the population; default: the server's, from /health.
    #[arg(long)]
    pub population: Option<u64>,
    /// Seed of the choice of people.
    #[arg(long, default_value_t = 1)]
    pub pick_seed: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("only a loopback address may be loaded, not {0}")]
    NotLoopback(SocketAddr),
    #[error("requests must be 1..={MAX_REQUESTS} and concurrency 1..={MAX_CONCURRENCY}")]
    OutOfBounds,
    #[error("the population is empty")]
    EmptyPopulation,
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    pub requests: u64,
    pub concurrency: usize,
    pub elapsed: Duration,
    /// Responses by status code; 0 for transport errors.
    pub statuses: Vec<(u16, u64)>,
    pub found: u64,
    /// Sorted latencies of all requests.
    latencies: Vec<Duration>,
}

impl Report {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// Nearest-rank percentile, `p` in `[0, 100]`.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(
            f,
            "requests {}  concurrency {}  elapsed {:.2} s  throughput {:.0} req/s",
            self.requests,
            self.concurrency,
            self.elapsed.as_secs_f64(),
            self.requests_per_second()
        )?;
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        writeln!(f, "status {}  found {}", statuses.join(", "), self.found)?;
        write!(
            f,
            "latency ms  p50 {:.3}  p90 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.percentile(99.9)),
            ms(self.percentile(100.0)),
        )
    }
}

/// Runs the load and reports; refuses anything but a loopback target.
pub async fn run(args: &LoadArgs) -> Result<Report, LoadError> {
    if !args.target.ip().is_loopback() {
        return Err(LoadError::NotLoopback(args.target));
    }
    if !(1..=MAX_REQUESTS).contains(&args.requests)
        || !(1..=MAX_CONCURRENCY).contains(&args.concurrency)
    {
        return Err(LoadError::OutOfBounds);
    }
    lefi_registry::install_ring_provider();
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let base = format!("http://{}", args.target);
    let health: Health = client
        .get(format!("{base}/health"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let population = Population::new(
        args.seed.unwrap_or(health.seed),
        args.population.unwrap_or(health.population),
    );
    if population.size() == 0 {
        return Err(LoadError::EmptyPopulation);
    }
    let next = Arc::new(AtomicU64::new(0));
    let url = Arc::new(format!("{base}/v1/person"));
    let started = Instant::now();
    let workers: Vec<_> = (0..args.concurrency)
        .map(|_| {
            let (client, next, url) = (client.clone(), next.clone(), url.clone());
            let (requests, pick_seed) = (args.requests, args.pick_seed);
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let index = mix(pick_seed ^ mix(i)) % population.size();
                    let Some(member) = population.nth(index) else {
                        continue;
                    };
                    let body = format!(r#"{{"personnummer":"{}"}}"#, member.personnummer.expose());
                    let sent = Instant::now();
                    let result = client
                        .post(url.as_str())
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await;
                    let (status, found) = match result {
                        Ok(r) => {
                            let status = r.status().as_u16();
                            let text = r.bytes().await.unwrap_or_default();
                            let found = text.windows(16).any(|w| w == br#""status":"FOUND""#);
                            (status, found)
                        }
                        Err(_) => (0, false),
                    };
                    tally.add(status, found, sent.elapsed());
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for w in workers {
        if let Ok(t) = w.await {
            total.merge(t);
        }
    }
    let elapsed = started.elapsed();
    total.latencies.sort_unstable();
    let mut statuses: Vec<(u16, u64)> = total.statuses.into_iter().collect();
    statuses.sort_unstable();
    Ok(Report {
        requests: total.latencies.len() as u64,
        concurrency: args.concurrency,
        elapsed,
        statuses,
        found: total.found,
        latencies: total.latencies,
    })
}

#[derive(Debug, Default)]
struct Tally {
    statuses: std::collections::HashMap<u16, u64>,
    found: u64,
    latencies: Vec<Duration>,
}

impl Tally {
    fn add(&mut self, status: u16, found: bool, latency: Duration) {
        *self.statuses.entry(status).or_default() += 1;
        self.found += u64::from(found);
        self.latencies.push(latency);
    }

    fn merge(&mut self, other: Tally) {
        for (s, n) in other.statuses {
            *self.statuses.entry(s).or_default() += n;
        }
        self.found += other.found;
        self.latencies.extend(other.latencies);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let report = Report {
            requests: 100,
            concurrency: 1,
            elapsed: Duration::from_secs(1),
            statuses: vec![(200, 100)],
            found: 100,
            latencies: (1..=100).map(Duration::from_millis).collect(),
        };
        assert_eq!(report.percentile(50.0), Duration::from_millis(50));
        assert_eq!(report.percentile(99.0), Duration::from_millis(99));
        assert_eq!(report.percentile(100.0), Duration::from_millis(100));
        assert_eq!(report.percentile(0.0), Duration::from_millis(1));
        assert!((report.requests_per_second() - 100.0).abs() < 1e-9);
    }

    #[tokio::test]
    async fn only_loopback_targets_are_loaded() {
        let args = LoadArgs::try_parse_from(["lefi-registry-load", "192.0.2.1:7400"]).unwrap();
        assert!(matches!(run(&args).await, Err(LoadError::NotLoopback(_))));
        let args =
            LoadArgs::try_parse_from(["lefi-registry-load", "127.0.0.1:1", "-n", "0"]).unwrap();
        assert!(matches!(run(&args).await, Err(LoadError::OutOfBounds)));
    }
}
