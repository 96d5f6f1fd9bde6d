//! Which people of the default population have the most history (issue 13, item 11), raw
//! (everything, however old: the simulator's `history` knob) and windowed (what real
//! registries hold): the workflow's state-size test runs its query for them. Slow — the
//! whole population through all 24 registries, twice — so run by hand when the generator
//! changes:
//!
//! ```sh
//! cargo test --release -p lefi-registry-data --test largest_history -- --ignored --nocapture
//! ```
//!
//! and put the answers in `LARGEST` (lefi-workflow's `tests/state_size.rs`) and
//! BENCHMARKS.md.

#![allow(clippy::unwrap_used)] // Test helpers: a panic is the failure report.

use chrono::NaiveDate;
use lefi_domain::{Benefit, Personnummer};
use lefi_registry_data::fixtures::FIXTURES;
use lefi_registry_data::{History, PersonAnswer, Registers, RegistersConfig};

/// The registers `cargo run` serves: the default seed and population, as of the day the
/// tests use.
fn registers() -> Registers {
    Registers::new(RegistersConfig {
        seed: RegistersConfig::DEFAULT_SEED,
        population: RegistersConfig::DEFAULT_POPULATION,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    })
}

/// Bytes of JSON the registries hold on a person: the person register's answer and
/// every benefit registry's, for every customer id.
fn history_bytes(r: &Registers, number: &str, history: History) -> usize {
    let answer = r.lookup(&Personnummer::parse_canonical(number).unwrap());
    let person = serde_json::to_vec(&answer).unwrap().len();
    let PersonAnswer::Found { customer_ids, .. } = answer else {
        return person;
    };
    let mut total = person;
    for id in &customer_ids {
        for benefit in Benefit::ALL {
            let data = r.fetch(benefit, id, history).unwrap();
            total += serde_json::to_vec(&data).unwrap().len();
        }
    }
    total
}

#[test]
#[ignore = "scans 100 000 people; run by hand (see the module doc)"]
fn largest_history_of_the_default_population() {
    let r = registers();
    let started = std::time::Instant::now();
    let size = r.population().size();
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    // (raw bytes, windowed bytes, number) for everyone.
    let mut sizes: Vec<(usize, usize, String)> = std::thread::scope(|scope| {
        let r = &r;
        let workers: Vec<_> = (0..threads as u64)
            .map(|t| {
                scope.spawn(move || {
                    (t..size)
                        .step_by(threads)
                        .filter_map(|i| r.population().nth(i))
                        .map(|m| m.personnummer.expose().to_owned())
                        .chain(
                            FIXTURES
                                .iter()
                                .filter(|_| t == 0)
                                .map(|f| f.personnummer.to_owned()),
                        )
                        .map(|n| {
                            let raw = history_bytes(r, &n, History::Raw);
                            (raw, history_bytes(r, &n, History::Windowed), n)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    eprintln!(
        "{size} people and {} fixtures in {:.0?}; the most history (bytes of JSON):",
        FIXTURES.len(),
        started.elapsed()
    );
    sizes.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    for (raw, windowed, number) in sizes.iter().take(3) {
        eprintln!("  raw:      {number}  {raw} (windowed {windowed})");
    }
    sizes.sort_unstable_by_key(|s| std::cmp::Reverse(s.1));
    for (raw, windowed, number) in sizes.iter().take(3) {
        eprintln!("  windowed: {number}  {windowed} (raw {raw})");
    }
    assert!(sizes[0].1 > 0);
}
