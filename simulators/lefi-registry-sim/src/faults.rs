//! Fault knobs: how a simulated registry misbehaves, and the per-call decision.
//!
//! Each registry has one [`Faults`] value. For every call the server takes two uniform
//! draws in `[0, 1)` from a PCG generator seeded by (global seed, registry name, call
//! number) — [`Draws::for_call`] — and [`Faults::plan`] turns them into what happens.
//! The decision is a pure function of the knobs and the draws, so the n-th call to a
//! registry gets the same outcome in every run with the same seed and knobs: a failing
//! run can be replayed. Both draws are taken on every call, whatever the knobs, so
//! changing one registry's knobs never shifts another call's draws.
//!
//! The rates partition the calls: a draw `u` below `error_rate` is an error, below
//! `error_rate + timeout_rate` a timeout, below that `+ throttle_rate` a throttle,
//! otherwise a normal answer. Their sum must not exceed 1.
//!
//! One knob is not a fault: `history` says whether a benefit registry's answers are
//! cut to the windows (H2–H9, the default) or return the raw history, older data
//! included, as a registry that kept everything might. It takes no draw.

use std::time::Duration;

use lefi_registry_data::History;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// How long a timed-out call is held by default: longer than any sensible client
/// timeout, so the caller's own timeout fires first.
pub const DEFAULT_TIMEOUT_HOLD_MS: u64 = 30_000;
/// Upper limit for every duration knob: one hour.
pub const MAX_DURATION_MS: u64 = 3_600_000;
/// Default cap of exponential jitter, in means.
pub const EXPONENTIAL_CAP_IN_MEANS: u64 = 10;

/// The knobs of one registry. Every field is optional in JSON; an absent one takes its
/// default (no latency, no faults), so a `PUT` replaces the knobs as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Fixed delay before every answered call (200, 404, 400) and every error (500).
    pub latency_ms: u64,
    /// Random delay on top of `latency_ms`.
    pub jitter: Jitter,
    /// Share of calls answered 500.
    pub error_rate: f64,
    /// Share of calls held `timeout_hold_ms`, then answered 504.
    pub timeout_rate: f64,
    pub timeout_hold_ms: u64,
    /// Share of calls answered 429 at once, with `Retry-After: retry_after_s`.
    pub throttle_rate: f64,
    pub retry_after_s: u64,
    /// Every call answered 503 at once.
    pub outage: bool,
    /// `windowed` (default): answers cut to the history windows, as the real
    /// registries' are; `raw`: everything up to today, however old, so the service's
    /// own window code is what cuts. The person register has no history to return.
    pub history: History,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            jitter: Jitter::None,
            error_rate: 0.0,
            timeout_rate: 0.0,
            timeout_hold_ms: DEFAULT_TIMEOUT_HOLD_MS,
            throttle_rate: 0.0,
            retry_after_s: 1,
            outage: false,
            history: History::Windowed,
        }
    }
}

/// The random part of the delay. JSON: `"none"`, `{"uniform": {"max_ms": 20}}`,
/// `{"exponential": {"mean_ms": 10}}` or `{"exponential": {"mean_ms": 10, "max_ms": 50}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Jitter {
    #[default]
    None,
    /// Uniform in `[0, max_ms)`.
    Uniform { max_ms: u64 },
    /// Exponential with mean `mean_ms`, cut at `max_ms` (default ten means, which moves
    /// the mean by less than 0.01 %).
    Exponential {
        mean_ms: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_ms: Option<u64>,
    },
}

impl Jitter {
    /// The jitter for a uniform draw `u` in `[0, 1)`, in milliseconds. Exponential by
    /// inversion: `-mean · ln(1 - u)`, finite because `1 - u > 0`.
    pub fn sample_ms(self, u: f64) -> f64 {
        match self {
            Jitter::None => 0.0,
            Jitter::Uniform { max_ms } => u * max_ms as f64,
            Jitter::Exponential { mean_ms, max_ms } => {
                let cap = max_ms.unwrap_or(mean_ms.saturating_mul(EXPONENTIAL_CAP_IN_MEANS));
                (-(mean_ms as f64) * (1.0 - u).ln()).min(cap as f64)
            }
        }
    }

    /// The largest jitter this can give, in milliseconds.
    pub fn bound_ms(self) -> u64 {
        match self {
            Jitter::None => 0,
            Jitter::Uniform { max_ms } => max_ms,
            Jitter::Exponential { mean_ms, max_ms } => {
                max_ms.unwrap_or(mean_ms.saturating_mul(EXPONENTIAL_CAP_IN_MEANS))
            }
        }
    }
}

/// Knobs that make no sense. Messages are Swedish: they reach operators.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaultsError {
    #[error("{0} måste vara ett tal mellan 0 och 1")]
    RateOutOfRange(&'static str),
    #[error("error_rate + timeout_rate + throttle_rate får inte överstiga 1")]
    RatesAboveOne,
    #[error("{0} får vara högst {MAX_DURATION_MS} ms")]
    TooLong(&'static str),
}

impl Faults {
    /// Checks the knobs: rates in `[0, 1]` summing to at most 1, durations at most an
    /// hour. Every problem is reported.
    pub fn validate(&self) -> Result<(), Vec<FaultsError>> {
        let mut errors = Vec::new();
        let rates = [
            ("error_rate", self.error_rate),
            ("timeout_rate", self.timeout_rate),
            ("throttle_rate", self.throttle_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                errors.push(FaultsError::RateOutOfRange(name));
            }
        }
        if errors.is_empty() && rates.iter().map(|(_, r)| r).sum::<f64>() > 1.0 + 1e-9 {
            errors.push(FaultsError::RatesAboveOne);
        }
        let durations = [
            ("latency_ms", self.latency_ms),
            ("timeout_hold_ms", self.timeout_hold_ms),
            ("jitter", self.jitter.bound_ms()),
            ("retry_after_s", self.retry_after_s.saturating_mul(1000)),
        ];
        for (name, ms) in durations {
            if ms > MAX_DURATION_MS {
                errors.push(FaultsError::TooLong(name));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// What happens to a call with these draws.
    pub fn plan(&self, draws: Draws) -> Plan {
        if self.outage {
            return Plan::Outage;
        }
        let u = draws.outcome;
        let delay = millis(self.latency_ms as f64 + self.jitter.sample_ms(draws.jitter));
        if u < self.error_rate {
            Plan::Fail { delay }
        } else if u < self.error_rate + self.timeout_rate {
            Plan::Timeout {
                hold: Duration::from_millis(self.timeout_hold_ms),
            }
        } else if u < self.error_rate + self.timeout_rate + self.throttle_rate {
            Plan::Throttle {
                retry_after_s: self.retry_after_s,
            }
        } else {
            Plan::Answer { delay }
        }
    }
}

fn millis(ms: f64) -> Duration {
    Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::ZERO)
}

/// What the server does with one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Wait `delay`, then answer for real.
    Answer { delay: Duration },
    /// Wait `delay`, then 500.
    Fail { delay: Duration },
    /// Hold the call, then 504.
    Timeout { hold: Duration },
    /// 429 at once.
    Throttle { retry_after_s: u64 },
    /// 503 at once.
    Outage,
}

/// The two uniform draws of one call, each in `[0, 1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draws {
    pub outcome: f64,
    pub jitter: f64,
}

impl Draws {
    /// The draws of call number `call` (0-based) to the registry whose stream is
    /// `stream` (see [`stream_key`]).
    pub fn for_call(stream: u64, call: u64) -> Self {
        let mut rng = Pcg64Mcg::seed_from_u64(mix(stream ^ mix(call)));
        Self {
            outcome: rng.random(),
            jitter: rng.random(),
        }
    }
}

/// The key of a registry's random stream: the global seed and the registry's name.
pub fn stream_key(seed: u64, registry: &str) -> u64 {
    // FNV-1a over the name: stable across Rust versions, unlike `DefaultHasher`.
    let name = registry.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    mix(seed ^ mix(name))
}

fn mix(z: u64) -> u64 {
    lefi_registry_data::population::mix(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniforms(n: usize) -> impl Iterator<Item = f64> {
        let mut rng = Pcg64Mcg::seed_from_u64(42);
        (0..n).map(move |_| rng.random::<f64>())
    }

    #[test]
    fn uniform_jitter_stays_in_bounds_and_centres_on_half_the_maximum() {
        let j = Jitter::Uniform { max_ms: 40 };
        let samples: Vec<f64> = uniforms(100_000).map(|u| j.sample_ms(u)).collect();
        assert!(samples.iter().all(|&s| (0.0..40.0).contains(&s)));
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        assert!((mean - 20.0).abs() < 0.5, "{mean}");
        assert_eq!(j.sample_ms(0.0), 0.0);
    }

    #[test]
    fn exponential_jitter_has_its_mean_and_respects_its_cap() {
        let j = Jitter::Exponential {
            mean_ms: 10,
            max_ms: None,
        };
        let samples: Vec<f64> = uniforms(200_000).map(|u| j.sample_ms(u)).collect();
        assert!(samples.iter().all(|&s| (0.0..=100.0).contains(&s)));
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        assert!((mean - 10.0).abs() < 0.2, "{mean}");
        // About e^-1 of the samples exceed the mean.
        let above = samples.iter().filter(|&&s| s > 10.0).count() as f64 / 200_000.0;
        assert!((above - (-1.0f64).exp()).abs() < 0.01, "{above}");

        let capped = Jitter::Exponential {
            mean_ms: 10,
            max_ms: Some(12),
        };
        assert!(uniforms(10_000).all(|u| capped.sample_ms(u) <= 12.0));
        assert_eq!(capped.sample_ms(0.999_999_999), 12.0);
        assert_eq!(capped.bound_ms(), 12);
    }

    #[test]
    fn no_jitter_is_zero() {
        assert!(uniforms(100).all(|u| Jitter::None.sample_ms(u) == 0.0));
    }

    #[test]
    fn rates_partition_the_calls() {
        let f = Faults {
            error_rate: 0.2,
            timeout_rate: 0.1,
            throttle_rate: 0.3,
            ..Faults::default()
        };
        let mut counts = [0usize; 4];
        for call in 0..100_000 {
            let i = match f.plan(Draws::for_call(7, call)) {
                Plan::Fail { .. } => 0,
                Plan::Timeout { .. } => 1,
                Plan::Throttle { .. } => 2,
                Plan::Answer { .. } => 3,
                Plan::Outage => unreachable!(),
            };
            counts[i] += 1;
        }
        let shares = counts.map(|c| c as f64 / 100_000.0);
        for (share, want) in shares.iter().zip([0.2, 0.1, 0.3, 0.4]) {
            assert!((share - want).abs() < 0.01, "{shares:?}");
        }
    }

    #[test]
    fn rate_one_always_and_rate_zero_never() {
        let always = Faults {
            error_rate: 1.0,
            ..Faults::default()
        };
        let never = Faults::default();
        for call in 0..10_000 {
            let d = Draws::for_call(1, call);
            assert!(matches!(always.plan(d), Plan::Fail { .. }));
            assert!(matches!(never.plan(d), Plan::Answer { .. }));
        }
    }

    #[test]
    fn outage_wins_over_everything() {
        let f = Faults {
            outage: true,
            error_rate: 1.0,
            latency_ms: 10_000,
            ..Faults::default()
        };
        assert_eq!(f.plan(Draws::for_call(1, 0)), Plan::Outage);
    }

    #[test]
    fn the_delay_is_latency_plus_jitter() {
        let f = Faults {
            latency_ms: 100,
            jitter: Jitter::Uniform { max_ms: 10 },
            ..Faults::default()
        };
        let d = Draws {
            outcome: 0.5,
            jitter: 0.5,
        };
        assert_eq!(
            f.plan(d),
            Plan::Answer {
                delay: Duration::from_millis(105)
            }
        );
    }

    #[test]
    fn draws_replay_per_seed_registry_and_call() {
        let a = stream_key(1, "FK:SJP");
        assert_eq!(Draws::for_call(a, 5), Draws::for_call(a, 5));
        assert_ne!(Draws::for_call(a, 5), Draws::for_call(a, 6));
        assert_ne!(a, stream_key(2, "FK:SJP"));
        assert_ne!(a, stream_key(1, "FK:FP"));
        assert!(uniforms(1).all(|u| (0.0..1.0).contains(&u)));
    }

    #[test]
    fn invalid_knobs_are_all_reported() {
        let f = Faults {
            error_rate: 1.5,
            throttle_rate: -0.1,
            latency_ms: MAX_DURATION_MS + 1,
            ..Faults::default()
        };
        let errors = f.validate().unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        let sum = Faults {
            error_rate: 0.6,
            timeout_rate: 0.6,
            ..Faults::default()
        };
        assert_eq!(sum.validate(), Err(vec![FaultsError::RatesAboveOne]));
        let nan = Faults {
            error_rate: f64::NAN,
            ..Faults::default()
        };
        assert!(nan.validate().is_err());
        assert_eq!(Faults::default().validate(), Ok(()));
    }

    #[test]
    fn knobs_read_from_json_with_defaults_and_reject_typos() {
        let f: Faults = serde_json::from_str(
            r#"{"latency_ms": 5, "jitter": {"exponential": {"mean_ms": 3}}, "outage": true}"#,
        )
        .unwrap();
        assert_eq!(f.latency_ms, 5);
        assert_eq!(
            f.jitter,
            Jitter::Exponential {
                mean_ms: 3,
                max_ms: None
            }
        );
        assert!(f.outage);
        assert_eq!(f.timeout_hold_ms, DEFAULT_TIMEOUT_HOLD_MS);
        let none: Faults = serde_json::from_str(r#"{"jitter": "none"}"#).unwrap();
        assert_eq!(none, Faults::default());
        assert!(serde_json::from_str::<Faults>(r#"{"latency": 5}"#).is_err());
        let back: Faults = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(back, f);
    }
}
