//! The server's shared state: the registers, and per registry its knobs and counters.
//!
//! Counters count every call a registry receives, whatever happens to it, and each
//! outcome, so a test can prove that a benefit outside an agreement was never fetched
//! (P3): its registry reads 0 calls.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use chrono::NaiveDate;
use lefi_domain::Benefit;
use lefi_registry_data::{History, Registers, RegistersConfig};
use serde::Serialize;

use crate::config::{ConfigError, SimConfig};
use crate::faults::{Draws, Faults, Plan, stream_key};

/// One simulated registry: the person register or a benefit's registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryId {
    Person,
    Benefit(Benefit),
}

impl RegistryId {
    /// The person register's name in URLs, knobs and logs.
    pub const PERSON: &'static str = "person";
    /// The name that addresses every registry at once in knobs.
    pub const ALL_NAME: &'static str = "*";

    /// The person register, then the benefit registries in catalogue order.
    pub fn all() -> impl Iterator<Item = RegistryId> {
        std::iter::once(RegistryId::Person).chain(Benefit::ALL.into_iter().map(Self::Benefit))
    }

    /// `person` or the benefit's catalogue code (`FK:SJP`, `PM:AP`, `LEFI:UTB` …).
    pub fn name(self) -> &'static str {
        match self {
            RegistryId::Person => Self::PERSON,
            RegistryId::Benefit(b) => b.code(),
        }
    }

    pub fn name_sv(self) -> &'static str {
        match self {
            RegistryId::Person => "Personregistret",
            RegistryId::Benefit(b) => b.name_sv(),
        }
    }

    pub fn parse(name: &str) -> Option<RegistryId> {
        if name == Self::PERSON {
            Some(RegistryId::Person)
        } else {
            Benefit::from_code(name).ok().map(RegistryId::Benefit)
        }
    }

    fn index(self) -> usize {
        match self {
            RegistryId::Person => 0,
            RegistryId::Benefit(b) => {
                1 + Benefit::ALL
                    .iter()
                    .position(|&x| x == b)
                    .unwrap_or_default()
            }
        }
    }
}

/// What became of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered with data (200).
    Ok,
    /// Nobody by that number (200 `NOT_FOUND`), or an unknown customer id (404).
    NotFound,
    /// Malformed request (400).
    BadRequest,
    /// Simulated internal error (500).
    Error,
    /// Simulated timeout (504 after the hold).
    Timeout,
    /// Simulated throttling (429).
    Throttled,
    /// Simulated outage (503).
    Outage,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Ok,
        Outcome::NotFound,
        Outcome::BadRequest,
        Outcome::Error,
        Outcome::Timeout,
        Outcome::Throttled,
        Outcome::Outage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::NotFound => "not_found",
            Outcome::BadRequest => "bad_request",
            Outcome::Error => "error",
            Outcome::Timeout => "timeout",
            Outcome::Throttled => "throttled",
            Outcome::Outage => "outage",
        }
    }
}

#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    outcomes: [AtomicU64; Outcome::ALL.len()],
}

/// A registry's counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CounterSnapshot {
    pub calls: u64,
    pub ok: u64,
    pub not_found: u64,
    pub bad_request: u64,
    pub error: u64,
    pub timeout: u64,
    pub throttled: u64,
    pub outage: u64,
}

#[derive(Debug)]
struct Registry {
    id: RegistryId,
    faults: RwLock<Faults>,
    counters: Counters,
}

#[derive(Debug)]
struct Inner {
    registers: RwLock<Registers>,
    registries: Vec<Registry>,
}

/// Shared by every request; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// A registry as `GET /admin/state` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryView {
    pub name: &'static str,
    pub faults: Faults,
    pub counters: CounterSnapshot,
}

/// `GET /admin/state`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateView {
    pub seed: u64,
    pub population: u64,
    pub as_of: NaiveDate,
    /// By registry name (`person`, `FK:SJP` …).
    pub registries: BTreeMap<&'static str, RegistryView>,
}

/// A call that has been counted and given its plan.
#[derive(Debug)]
pub struct Admitted {
    pub registry: RegistryId,
    pub plan: Plan,
    pub registers: Registers,
    /// The registry's `history` knob when the call came in.
    pub history: History,
}

impl AppState {
    /// Builds the registers and sets each registry's knobs from `config`.
    pub fn new(config: &SimConfig) -> Result<Self, ConfigError> {
        let knobs = config.faults.resolve()?;
        let registries = RegistryId::all()
            .map(|id| Registry {
                id,
                faults: RwLock::new(knobs.get(&id).cloned().unwrap_or_default()),
                counters: Counters::default(),
            })
            .collect();
        Ok(Self(Arc::new(Inner {
            registers: RwLock::new(Registers::new(config.registers)),
            registries,
        })))
    }

    pub fn registers(&self) -> Registers {
        *self
            .0
            .registers
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn registry(&self, id: RegistryId) -> &Registry {
        &self.0.registries[id.index()]
    }

    /// Counts a call to `id` and decides what happens to it.
    pub fn admit(&self, id: RegistryId) -> Admitted {
        let registry = self.registry(id);
        let call = registry.counters.calls.fetch_add(1, Ordering::Relaxed);
        let registers = self.registers();
        let faults = registry
            .faults
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let draws = Draws::for_call(stream_key(registers.population().seed(), id.name()), call);
        Admitted {
            registry: id,
            plan: faults.plan(draws),
            registers,
            history: faults.history,
        }
    }

    pub fn record(&self, id: RegistryId, outcome: Outcome) {
        let i = Outcome::ALL
            .iter()
            .position(|&o| o == outcome)
            .unwrap_or_default();
        self.registry(id).counters.outcomes[i].fetch_add(1, Ordering::Relaxed);
    }

    pub fn faults(&self, id: RegistryId) -> Faults {
        self.registry(id)
            .faults
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces a registry's knobs; the next call sees them.
    pub fn set_faults(&self, id: RegistryId, faults: Faults) {
        *self
            .registry(id)
            .faults
            .write()
            .unwrap_or_else(PoisonError::into_inner) = faults;
    }

    pub fn counters(&self, id: RegistryId) -> CounterSnapshot {
        let c = &self.registry(id).counters;
        let [
            ok,
            not_found,
            bad_request,
            error,
            timeout,
            throttled,
            outage,
        ] = c.outcomes.each_ref().map(|a| a.load(Ordering::Relaxed));
        CounterSnapshot {
            calls: c.calls.load(Ordering::Relaxed),
            ok,
            not_found,
            bad_request,
            error,
            timeout,
            throttled,
            outage,
        }
    }

    /// Zeroes every counter, which also restarts every registry's random stream
    /// (the draws are numbered by call). With `seed`, rebuilds the registers and the
    /// streams from it.
    pub fn reset(&self, seed: Option<u64>) {
        if let Some(seed) = seed {
            let mut registers = self
                .0
                .registers
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            *registers = Registers::new(RegistersConfig {
                seed,
                population: registers.population().size(),
                as_of: registers.as_of(),
            });
        }
        for r in &self.0.registries {
            r.counters.calls.store(0, Ordering::Relaxed);
            for o in &r.counters.outcomes {
                o.store(0, Ordering::Relaxed);
            }
        }
    }

    pub fn view(&self) -> StateView {
        let registers = self.registers();
        StateView {
            seed: registers.population().seed(),
            population: registers.population().size(),
            as_of: registers.as_of(),
            registries: self
                .0
                .registries
                .iter()
                .map(|r| {
                    let view = RegistryView {
                        name: r.id.name_sv(),
                        faults: self.faults(r.id),
                        counters: self.counters(r.id),
                    };
                    (r.id.name(), view)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_has_a_distinct_name_and_index() {
        let all: Vec<RegistryId> = RegistryId::all().collect();
        assert_eq!(all.len(), 25);
        for (i, id) in all.iter().enumerate() {
            assert_eq!(id.index(), i);
            assert_eq!(RegistryId::parse(id.name()), Some(*id));
        }
        assert_eq!(RegistryId::parse("FK:XYZ"), None);
        assert_eq!(RegistryId::parse("*"), None);
    }
}
