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
    /// Granskningsloggen (A3).
    #[command(subcommand)]
    Audit(Audit),
}

#[derive(Subcommand)]
enum Audit {
    /// Söker i granskningsloggen: en partners poster under en period (och ett utfall),
    /// eller posten för ett korrelations-id.
    Search {
        #[arg(long, required_unless_present = "correlation_id")]
        partner: Option<String>,
        /// Första dagen (ÅÅÅÅ-MM-DD, svensk tid).
        #[arg(long, required_unless_present = "correlation_id")]
        from: Option<chrono::NaiveDate>,
        /// Sista dagen (ÅÅÅÅ-MM-DD, svensk tid).
        #[arg(long, required_unless_present = "correlation_id")]
        to: Option<chrono::NaiveDate>,
        /// Bara ett utfall: ANSWERED, REFUSED, INVALID, NOT_SERVED, …
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long, conflicts_with_all = ["partner", "from", "to", "outcome"])]
        correlation_id: Option<String>,
        /// JSON, en post per rad.
        #[arg(long)]
        json: bool,
    },
    /// Alla poster om en person. Kräver personnummernycklarna; sökningen loggas själv.
    Person {
        personnummer: String,
        #[arg(long)]
        json: bool,
    },
}

impl Audit {
    /// The command this invocation asks for (run by the tool's transport).
    fn command(self) -> lefi_admin::Command {
        use lefi_admin::Command;
        match self {
            Audit::Search {
                correlation_id: Some(correlation_id),
                json,
                ..
            } => Command::AuditGet {
                correlation_id,
                json,
            },
            Audit::Search {
                partner,
                from,
                to,
                outcome,
                json,
                ..
            } => Command::AuditSearch {
                partner: partner.unwrap_or_default(),
                from: from.unwrap_or_default(),
                to: to.unwrap_or_default(),
                outcome,
                json,
            },
            Audit::Person { personnummer, json } => Command::AuditPerson {
                personnummer: lefi_admin::audit::GivenPnr(personnummer),
                json,
            },
        }
    }
}

#[derive(Subcommand)]
enum Certificates {
    /// Skriver ut nycklarna som ett certifikat kan mappas med i en partnerfil.
    Key { pem: PathBuf },
}

/// A command that needs the store. The transport (`--local` / `--dynamodb`) is the
/// admin area's; until it is merged, say so rather than run against nothing.
fn run_with_store(
    command: lefi_admin::Command,
) -> Result<lefi_admin::Output, lefi_admin::AdminError> {
    let _ = command;
    Err(lefi_admin::AdminError::Invalid(
        "kommandot behöver en lagring (--local eller --dynamodb), som ännu inte finns i verktyget"
            .into(),
    ))
}

#[allow(clippy::print_stdout, clippy::print_stderr)] // Printing is this tool's job.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Top::Certificates(Certificates::Key { pem }) => std::fs::read_to_string(&pem)
            .map_err(|e| lefi_admin::AdminError::Invalid(format!("{}: {e}", pem.display())))
            .and_then(|pem| lefi_admin::certificates::keys(&pem)),
        // Runs against a store: the local service or DynamoDB (the tool's transport).
        Top::Audit(audit) => run_with_store(audit.command()),
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
