//! Start-up configuration: the registers' seed, size and date, and the knobs per
//! registry, from the command line, a JSON file or environment variables. The
//! `history` knob can also be set for every registry at once ([`ENV_HISTORY`],
//! `--history`), over what the knobs say.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use lefi_registry_data::{History, RegistersConfig};
use serde::{Deserialize, Serialize};

use crate::faults::{Faults, FaultsError};
use crate::state::RegistryId;

/// Environment variables of the Lambda binary (the CLI reads the first three too).
pub const ENV_SEED: &str = "LEFI_SIM_SEED";
pub const ENV_POPULATION: &str = "LEFI_SIM_POPULATION";
pub const ENV_AS_OF: &str = "LEFI_SIM_AS_OF";
/// The knobs as JSON text, in the shape of [`FaultsFile`].
pub const ENV_FAULTS: &str = "LEFI_SIM_FAULTS";
/// `windowed` or `raw`: every registry's `history` knob (the CLI reads it too).
pub const ENV_HISTORY: &str = "LEFI_SIM_HISTORY";

/// `windowed` or `raw`, as the knob is written in JSON.
pub fn parse_history(text: &str) -> Result<History, ConfigError> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_owned()))
        .map_err(|_| ConfigError::History(text.trim().to_owned()))
}

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    pub registers: RegistersConfig,
    pub faults: FaultsFile,
}

impl SimConfig {
    /// Default seed and size, no faults, as of `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        Self {
            registers: RegistersConfig {
                seed: RegistersConfig::DEFAULT_SEED,
                population: RegistersConfig::DEFAULT_POPULATION,
                as_of,
            },
            faults: FaultsFile::default(),
        }
    }

    /// Reads [`ENV_SEED`], [`ENV_POPULATION`], [`ENV_AS_OF`] and [`ENV_FAULTS`] through
    /// `var`; absent ones take their defaults, `today` for the date.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        today: NaiveDate,
    ) -> Result<Self, ConfigError> {
        let mut config = Self::new(today);
        if let Some(s) = var(ENV_SEED) {
            config.registers.seed = s.trim().parse().map_err(|_| ConfigError::Var(ENV_SEED))?;
        }
        if let Some(s) = var(ENV_POPULATION) {
            config.registers.population = s
                .trim()
                .parse()
                .map_err(|_| ConfigError::Var(ENV_POPULATION))?;
        }
        if let Some(s) = var(ENV_AS_OF) {
            config.registers.as_of = s.trim().parse().map_err(|_| ConfigError::Var(ENV_AS_OF))?;
        }
        if let Some(s) = var(ENV_FAULTS) {
            config.faults = FaultsFile::from_json(&s)?;
        }
        if let Some(s) = var(ENV_HISTORY) {
            config.faults = config.faults.with_history(parse_history(&s)?);
        }
        config.faults.resolve()?;
        Ok(config)
    }

    /// [`SimConfig::from_vars`] over the process environment.
    pub fn from_env(today: NaiveDate) -> Result<Self, ConfigError> {
        Self::from_vars(|k| std::env::var(k).ok(), today)
    }
}

/// Knobs by registry name: `person`, a benefit code, or `*` for every registry.
/// `*` is applied first; a named registry's entry replaces it for that registry.
///
/// ```json
/// { "*": {"latency_ms": 20}, "FK:SJP": {"error_rate": 0.1}, "person": {"outage": true} }
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FaultsFile(pub BTreeMap<String, Faults>);

impl FaultsFile {
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        serde_json::from_str(text).map_err(|e| ConfigError::FaultsJson(e.to_string()))
    }

    /// The same knobs with every registry's `history` set to `history`, including
    /// registries the file does not name.
    pub fn with_history(mut self, history: History) -> Self {
        self.0.entry(RegistryId::ALL_NAME.to_owned()).or_default();
        for faults in self.0.values_mut() {
            faults.history = history;
        }
        self
    }

    /// The knobs of each registry named, directly or through `*`; checks every entry.
    pub fn resolve(&self) -> Result<HashMap<RegistryId, Faults>, ConfigError> {
        let mut out = HashMap::new();
        for (name, faults) in &self.0 {
            faults
                .validate()
                .map_err(|errors| ConfigError::Faults(name.clone(), errors))?;
            if name != RegistryId::ALL_NAME && RegistryId::parse(name).is_none() {
                return Err(ConfigError::UnknownRegistry(name.clone()));
            }
        }
        if let Some(all) = self.0.get(RegistryId::ALL_NAME) {
            out.extend(RegistryId::all().map(|id| (id, all.clone())));
        }
        for (name, faults) in &self.0 {
            if let Some(id) = RegistryId::parse(name) {
                out.insert(id, faults.clone());
            }
        }
        Ok(out)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("miljövariabeln {0} har ett ogiltigt värde")]
    Var(&'static str),
    #[error("felinställningarna är inte giltig JSON: {0}")]
    FaultsJson(String),
    #[error("felinställningarna för {0} är ogiltiga: {1:?}")]
    Faults(String, Vec<FaultsError>),
    #[error("okänt register i felinställningarna: {0}")]
    UnknownRegistry(String),
    #[error("kunde inte läsa {0}: {1}")]
    Read(String, std::io::Error),
    #[error("historikläget måste vara windowed eller raw, inte {0:?}")]
    History(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use lefi_domain::Benefit;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn star_applies_to_all_and_a_named_entry_replaces_it() {
        let file = FaultsFile::from_json(
            r#"{"FK:SJP": {"error_rate": 0.5}, "*": {"latency_ms": 20}, "person": {"outage": true}}"#,
        )
        .unwrap();
        let knobs = file.resolve().unwrap();
        assert_eq!(knobs.len(), 25);
        let sjp = &knobs[&RegistryId::Benefit(Benefit::Sjukpenning)];
        assert_eq!((sjp.error_rate, sjp.latency_ms), (0.5, 0));
        assert_eq!(
            knobs[&RegistryId::Benefit(Benefit::Foraldrapenning)].latency_ms,
            20
        );
        assert!(knobs[&RegistryId::Person].outage);
    }

    #[test]
    fn history_raw_applies_to_every_registry_over_the_knobs() {
        let vars: HashMap<&str, &str> = [
            (
                ENV_FAULTS,
                r#"{"FK:SJP": {"error_rate": 0.5, "history": "windowed"}}"#,
            ),
            (ENV_HISTORY, "raw"),
        ]
        .into();
        let config = SimConfig::from_vars(|k| vars.get(k).map(|v| v.to_string()), today()).unwrap();
        let knobs = config.faults.resolve().unwrap();
        assert_eq!(knobs.len(), 25);
        assert!(knobs.values().all(|f| f.history == History::Raw));
        let sjp = &knobs[&RegistryId::Benefit(Benefit::Sjukpenning)];
        assert_eq!(sjp.error_rate, 0.5, "the other knobs stay");

        // Per registry, in the knobs themselves.
        let file = FaultsFile::from_json(r#"{"FK:ABB": {"history": "raw"}}"#).unwrap();
        let knobs = file.resolve().unwrap();
        assert_eq!(
            knobs[&RegistryId::Benefit(Benefit::Barnbidrag)].history,
            History::Raw
        );
        assert!(FaultsFile::from_json(r#"{"*": {"history": "all"}}"#).is_err());
        assert!(
            SimConfig::from_vars(|k| (k == ENV_HISTORY).then(|| "Raw".into()), today()).is_err()
        );
    }

    #[test]
    fn unknown_registries_and_bad_knobs_are_refused() {
        let unknown = FaultsFile::from_json(r#"{"FK:NOPE": {}}"#).unwrap();
        assert!(matches!(
            unknown.resolve(),
            Err(ConfigError::UnknownRegistry(_))
        ));
        let bad = FaultsFile::from_json(r#"{"*": {"error_rate": 3}}"#).unwrap();
        assert!(matches!(bad.resolve(), Err(ConfigError::Faults(..))));
        assert!(FaultsFile::from_json("[]").is_err());
    }

    #[test]
    fn environment_variables_set_the_registers_and_the_knobs() {
        let vars: HashMap<&str, &str> = [
            (ENV_SEED, "7"),
            (ENV_POPULATION, "1000"),
            (ENV_AS_OF, "2026-01-02"),
            (ENV_FAULTS, r#"{"PM:AP": {"throttle_rate": 1}}"#),
        ]
        .into();
        let config = SimConfig::from_vars(|k| vars.get(k).map(|v| v.to_string()), today()).unwrap();
        assert_eq!(config.registers.seed, 7);
        assert_eq!(config.registers.population, 1000);
        assert_eq!(
            config.registers.as_of,
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
        );
        assert_eq!(config.faults.0["PM:AP"].throttle_rate, 1.0);

        let defaults = SimConfig::from_vars(|_| None, today()).unwrap();
        assert_eq!(defaults, SimConfig::new(today()));
        let knobs = defaults.faults.resolve().unwrap();
        assert!(knobs.values().all(|f| f.history == History::Windowed));
        assert!(SimConfig::from_vars(|k| (k == ENV_SEED).then(|| "x".into()), today()).is_err());
    }
}
