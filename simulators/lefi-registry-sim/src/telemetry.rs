//! Log set-up: human-readable lines locally, JSON in Lambda. Both go to stderr and take
//! their level from `RUST_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Human format, for the command-line server and the load generator.
pub fn init_human() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_writer(std::io::stderr)
        .try_init();
}

/// JSON lines, for Lambda (CloudWatch reads them as structured logs).
pub fn init_json() {
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter())
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .try_init();
}
