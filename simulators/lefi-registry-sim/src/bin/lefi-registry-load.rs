//! `lefi-registry-load`: a bounded load generator for the simulator (loopback only).

use std::io::Write;

use clap::Parser;
use lefi_registry_sim::load::{LoadArgs, run};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = LoadArgs::parse();
    let report = run(&args).await?;
    writeln!(std::io::stdout().lock(), "{report}")?;
    Ok(())
}
