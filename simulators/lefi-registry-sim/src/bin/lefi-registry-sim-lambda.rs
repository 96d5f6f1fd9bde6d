//! `lefi-registry-sim-lambda`: the same router behind a Lambda function URL or API
//! Gateway. Configuration from `LEFI_SIM_SEED`, `LEFI_SIM_POPULATION`, `LEFI_SIM_AS_OF`
//! and `LEFI_SIM_FAULTS` (JSON); JSON logs. Counters and runtime knob changes live per
//! Lambda instance.

use std::time::SystemTime;

use lefi_registry_sim::telemetry;
use lefi_registry_sim::{AppState, SimConfig, router};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    let today = lefi_domain::tz::stockholm_date(SystemTime::now().into());
    let config = SimConfig::from_env(today)?;
    let state = AppState::new(&config)?;
    lambda_http::run(router(state)).await
}
