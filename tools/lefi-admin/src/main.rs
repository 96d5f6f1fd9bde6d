//! `lefi-admin`: the operator's tool (SPEC §10). The commands live in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lefi-admin",
    about = "LEFI Online: operatörens verktyg (SPEC §10)"
)]
struct Cli {
    #[command(subcommand)]
    command: Top,
}

#[derive(Subcommand)]
enum Top {
    /// Partnerns klientcertifikat (P2).
    #[command(subcommand)]
    Certificates(Certificates),
}

#[derive(Subcommand)]
enum Certificates {
    /// Skriver ut nycklarna som ett certifikat kan mappas med i en partnerfil.
    Key { pem: PathBuf },
}

#[allow(clippy::print_stdout, clippy::print_stderr)] // Printing is this tool's job.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Top::Certificates(Certificates::Key { pem }) => std::fs::read_to_string(&pem)
            .map_err(|e| lefi_admin::AdminError::Invalid(format!("{}: {e}", pem.display())))
            .and_then(|pem| lefi_admin::certificates::keys(&pem)),
    };
    match result {
        Ok(out) => {
            print!("{}", out.text);
            if out.failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("lefi-admin: {e}");
            ExitCode::from(2)
        }
    }
}
