//! The command line of `lefi-registry-sim`.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;
use lefi_registry_data::{History, RegistersConfig};

use crate::config::{
    ConfigError, ENV_AS_OF, ENV_HISTORY, ENV_POPULATION, ENV_SEED, FaultsFile, SimConfig,
    parse_history,
};

/// Simulated person register and benefit registries over HTTP, with fault knobs.
#[derive(Debug, Parser)]
#[command(name = "lefi-registry-sim", version)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7400")]
    pub bind: SocketAddr,
    /// Seed of the population and of the fault decisions.
    #[arg(long, env = ENV_SEED, default_value_t = RegistersConfig::DEFAULT_SEED)]
    pub seed: u64,
    /// Number of people in the generated population.
    #[arg(long, env = ENV_POPULATION, default_value_t = RegistersConfig::DEFAULT_POPULATION)]
    pub population: u64,
    /// The registers' "today" (YYYY-MM-DD); default: today in Europe/Stockholm.
    #[arg(long, env = ENV_AS_OF)]
    pub as_of: Option<NaiveDate>,
    /// JSON file of fault knobs by registry: {"FK:SJP": {...}, "*": {...}}.
    #[arg(long, value_name = "FILE")]
    pub faults: Option<PathBuf>,
    /// Every registry's history: `windowed` (cut to the H-rules' windows) or `raw`
    /// (older data too); over the knobs file's `history`.
    #[arg(long, env = ENV_HISTORY, value_name = "windowed|raw", value_parser = |s: &str| parse_history(s).map_err(|e| e.to_string()))]
    pub history: Option<History>,
}

impl Args {
    /// The configuration these arguments give; `today` stands in for a missing date.
    pub fn config(&self, today: NaiveDate) -> Result<SimConfig, ConfigError> {
        let faults = match &self.faults {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
                FaultsFile::from_json(&text)?
            }
            None => FaultsFile::default(),
        };
        let faults = match self.history {
            Some(history) => faults.with_history(history),
            None => faults,
        };
        faults.resolve()?;
        Ok(SimConfig {
            registers: RegistersConfig {
                seed: self.seed,
                population: self.population,
                as_of: self.as_of.unwrap_or(today),
            },
            faults,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Args::command().debug_assert();
    }

    #[test]
    fn flags_set_the_configuration() {
        let args = Args::try_parse_from([
            "lefi-registry-sim",
            "--bind",
            "127.0.0.1:0",
            "--seed",
            "5",
            "--population",
            "10",
            "--as-of",
            "2026-02-03",
        ])
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let config = args.config(today).unwrap();
        assert_eq!(config.registers.seed, 5);
        assert_eq!(config.registers.population, 10);
        assert_eq!(config.registers.as_of.to_string(), "2026-02-03");
        assert_eq!(config.faults, FaultsFile::default());

        let raw = Args::try_parse_from(["lefi-registry-sim", "--history", "raw"]).unwrap();
        let knobs = raw.config(today).unwrap().faults.resolve().unwrap();
        assert!(knobs.values().all(|f| f.history == History::Raw));
        assert!(Args::try_parse_from(["lefi-registry-sim", "--history", "old"]).is_err());
    }
}
