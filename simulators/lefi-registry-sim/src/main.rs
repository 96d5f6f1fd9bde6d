//! `lefi-registry-sim`: the simulated registries on a local port. Init and run only;
//! everything else is in the library.

use std::io::Write;
use std::time::SystemTime;

use clap::Parser;
use lefi_registry_sim::cli::Args;
use lefi_registry_sim::server::{Server, shutdown_signal};
use lefi_registry_sim::telemetry;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    telemetry::init_human();
    let args = Args::parse();
    // The edge may read the clock: the registers' default "today" (V4).
    let today = lefi_domain::tz::stockholm_date(SystemTime::now().into());
    let config = args.config(today)?;
    let server = Server::bind(args.bind, &config).await?;
    let addr = server.local_addr()?;
    tracing::info!(%addr, population = config.registers.population, seed = config.registers.seed, as_of = %config.registers.as_of, "registry simulator started");
    let mut out = std::io::stdout().lock();
    writeln!(out, "lefi-registry-sim listening on http://{addr}")?;
    out.flush()?;
    drop(out);
    server.run_until(shutdown_signal()).await?;
    Ok(())
}
