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
    /// Förseglar en dag (Stockholmstid) av granskningsloggen; dagen måste vara slut.
    Seal {
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        day: chrono::NaiveDate,
        #[command(flatten)]
        aws: SealAws,
    },
    /// Verifierar en förseglad dag mot lagringen och visar varje post som ändrats,
    /// lagts till eller tagits bort sedan förseglingen (avslutar med 1 om något skiljer).
    Verify {
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        day: chrono::NaiveDate,
        #[command(flatten)]
        aws: SealAws,
    },
}

/// Where the seal is in AWS: the stack's tables, key and bucket (the seal function's own
/// variables), with aws-config's default credentials.
#[derive(clap::Args)]
struct SealAws {
    #[arg(long, env = "LEFI_TABLE_PREFIX")]
    table_prefix: String,
    /// The KMS key's ARN (terraform output seal.key_arn).
    #[arg(long, env = "LEFI_SEAL_KEY_ID")]
    seal_key_id: String,
    #[arg(long, env = "LEFI_SEAL_BUCKET")]
    seal_bucket: String,
    #[arg(long, env = "LEFI_SEAL_RETENTION_DAYS", default_value_t = 3653)]
    seal_retention_days: u32,
}

impl Audit {
    fn command(&self) -> lefi_admin::Command {
        match self {
            Self::Seal { day, .. } => lefi_admin::Command::AuditSeal { day: *day },
            Self::Verify { day, .. } => lefi_admin::Command::AuditVerify { day: *day },
        }
    }

    fn aws(&self) -> &SealAws {
        match self {
            Self::Seal { aws, .. } | Self::Verify { aws, .. } => aws,
        }
    }
}

/// Runs an audit command in-process against DynamoDB, KMS and S3.
async fn run_audit(audit: &Audit) -> Result<lefi_admin::Output, lefi_admin::AdminError> {
    let aws = audit.aws();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    let ctx = lefi_admin::Ctx {
        store: std::sync::Arc::new(lefi_store::DynamoStore::from_conf(
            &config,
            &aws.table_prefix,
        )),
        protector: None,
        operator: "lefi-admin".into(),
        now: std::time::SystemTime::now().into(),
        seal: Some(lefi_seal::Seal::aws(
            &config,
            &aws.seal_key_id,
            &aws.seal_bucket,
            aws.seal_retention_days,
        )),
    };
    lefi_admin::run(audit.command(), &ctx).await
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
        Top::Audit(audit) => match tokio::runtime::Runtime::new() {
            Ok(rt) => rt.block_on(run_audit(&audit)),
            Err(e) => Err(lefi_admin::AdminError::Invalid(e.to_string())),
        },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a3_audit_verify_parses_into_its_command() {
        let cli = Cli::try_parse_from([
            "lefi-admin",
            "audit",
            "verify",
            "--day",
            "2026-12-06",
            "--table-prefix",
            "lefi",
            "--seal-key-id",
            "arn:aws:kms:eu-north-1:111122223333:key/k",
            "--seal-bucket",
            "lefi-audit-seal",
        ])
        .map_err(|e| e.to_string());
        let Ok(Cli {
            command: Top::Audit(audit),
        }) = cli
        else {
            panic!("not an audit command: {:?}", cli.err());
        };
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("day");
        assert_eq!(audit.command(), lefi_admin::Command::AuditVerify { day });
        assert!(
            Cli::try_parse_from(["lefi-admin", "audit", "seal", "--day", "6/12"]).is_err(),
            "a day is YYYY-MM-DD"
        );
    }
}
