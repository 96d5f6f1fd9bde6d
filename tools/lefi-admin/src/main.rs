//! `lefi-admin`: the operator's tool (SPEC §10). The commands live in the library; this
//! is the CLI and its two transports: the running local service (`--local`, the default)
//! or DynamoDB in AWS (`--dynamodb`), where the command runs in this process.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use lefi_admin::billing::Format;
use lefi_admin::remote::Remote;
use lefi_admin::{AdminError, Command, Ctx, Output};

#[derive(Parser)]
#[command(
    name = "lefi-admin",
    about = "LEFI Online: operatörens verktyg (SPEC §10)"
)]
struct Cli {
    #[command(flatten)]
    transport: Transport,
    #[command(subcommand)]
    command: Top,
}

#[derive(Args)]
struct Transport {
    /// Den lokala tjänstens operatörsadress (`cargo run` skriver ut den).
    #[arg(
        long,
        global = true,
        default_value = "https://localhost:8446",
        conflicts_with = "dynamodb"
    )]
    local: String,
    /// Utvecklings-PKI:ns mapp: ca.pem, operator.pem, operator-key.pem.
    #[arg(long, global = true, default_value = "target/lefi-local/pki")]
    pki_dir: PathBuf,
    /// CA-certifikat (annars PKI-mappens ca.pem).
    #[arg(long, global = true)]
    ca: Option<PathBuf>,
    /// Operatörens klientcertifikat (annars PKI-mappens operator.pem).
    #[arg(long, global = true)]
    cert: Option<PathBuf>,
    /// Operatörens nyckel (annars PKI-mappens operator-key.pem).
    #[arg(long, global = true)]
    key: Option<PathBuf>,
    /// Kör mot DynamoDB i AWS (SDK:ns standardkedja för region och behörighet).
    #[arg(long, global = true, requires = "table_prefix")]
    dynamodb: bool,
    /// Tabellprefixet i DynamoDB (`<prefix>-directory` …).
    #[arg(long, global = true, env = "LEFI_TABLE_PREFIX")]
    table_prefix: Option<String>,
    /// Secrets Manager-hemligheten med personnummernycklarna (behövs för portalanvändare).
    #[arg(long, global = true)]
    pnr_keys_secret: Option<String>,
    /// Förseglingens KMS-nyckel i AWS (terraform output seal.key_arn).
    #[arg(long, global = true, env = "LEFI_SEAL_KEY_ID")]
    seal_key_id: Option<String>,
    /// Förseglingarnas bucket i AWS (terraform output seal.bucket).
    #[arg(long, global = true, env = "LEFI_SEAL_BUCKET")]
    seal_bucket: Option<String>,
    /// Hur länge en försegling låses (dagar; som förseglingsfunktionens).
    #[arg(
        long,
        global = true,
        env = "LEFI_SEAL_RETENTION_DAYS",
        default_value_t = 3653
    )]
    seal_retention_days: u32,
    /// Bekräfta utan att fråga.
    #[arg(long, short = 'y', global = true)]
    yes: bool,
}

#[derive(Subcommand)]
enum Top {
    /// Partnerns klientcertifikat (P2).
    #[command(subcommand)]
    Certificates(Certificates),
    /// Avtal, certifikatmappningar och portalanvändare som konfiguration (A1).
    #[command(subcommand)]
    Agreements(Agreements),
    /// Fakturering och användningsrapport (P4, A2).
    #[command(subcommand)]
    Billing(Billing),
    /// Granskningsloggen (A3).
    #[command(subcommand)]
    Audit(Audit),
}

#[derive(Subcommand)]
enum Audit {
    /// Förseglar en dag (Stockholmstid) av granskningsloggen; dagen måste vara slut.
    Seal {
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        day: NaiveDate,
    },
    /// Verifierar en förseglad dag mot lagringen och visar varje post som ändrats,
    /// lagts till eller tagits bort sedan förseglingen (avslutar med 1 om något skiljer).
    Verify {
        #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
        day: NaiveDate,
    },
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
            Audit::Seal { day } => Command::AuditSeal { day },
            Audit::Verify { day } => Command::AuditVerify { day },
        }
    }
}

#[derive(Subcommand)]
enum Certificates {
    /// Skriver ut nycklarna som ett certifikat kan mappas med i en partnerfil.
    Key { pem: PathBuf },
}

#[derive(Subcommand)]
enum Agreements {
    /// Visar ändringarna en partnerfil skulle göra och tillämpar dem efter bekräftelse.
    Apply { file: PathBuf },
    /// Visar bara ändringarna.
    Plan { file: PathBuf },
    /// Alla avtal.
    List,
    /// En aktörs konfiguration.
    Show { partner: String },
    /// Avslutar ett avtal: det gäller inte från DATUM (i dag om inget anges).
    Expire {
        partner: String,
        #[arg(long)]
        from: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
enum Billing {
    /// Faktureringsunderlaget för en månad.
    Report {
        #[arg(long)]
        month: String,
        #[arg(long, value_enum, default_value = "table")]
        format: FormatArg,
        /// Stäm av användningen mot granskningsloggen; misslyckas om någon aktör inte stämmer.
        #[arg(long)]
        check: bool,
    },
    /// Användningsrapport per aktör: frågor per kanal och förmånsgrupp, avvisningar per orsak.
    Usage {
        #[arg(long)]
        month: String,
        #[arg(long)]
        partner: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Table,
    Csv,
    Json,
}

enum Backend {
    Local(Remote),
    Dynamo(Box<Ctx>),
}

impl Backend {
    async fn run(&self, command: Command) -> Result<Output, AdminError> {
        match self {
            Self::Local(remote) => remote.run(&command).await,
            Self::Dynamo(ctx) => {
                // Now, not when the backend was made: a confirmation may have waited.
                let ctx = Ctx {
                    store: ctx.store.clone(),
                    protector: ctx.protector.clone(),
                    operator: ctx.operator.clone(),
                    now: lefi_gateway::Clock::now(&lefi_gateway::SystemClock),
                    seal: ctx.seal.clone(),
                };
                lefi_admin::run(command, &ctx).await
            }
        }
    }
}

async fn backend(t: &Transport, needs_keys: bool) -> Result<Backend, AdminError> {
    if !t.dynamodb {
        let pki = |given: &Option<PathBuf>, name: &str| {
            given.clone().unwrap_or_else(|| t.pki_dir.join(name))
        };
        return Remote::new(
            &t.local,
            &pki(&t.ca, "ca.pem"),
            &pki(&t.cert, "operator.pem"),
            &pki(&t.key, "operator-key.pem"),
        )
        .map(Backend::Local);
    }
    let aws = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    let aws_error = |what: &str, e: String| AdminError::Invalid(format!("{what}: {e}"));
    // The operator named in every audit record is the caller's IAM identity (A1).
    let identity = aws_sdk_sts::Client::new(&aws)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| {
            aws_error(
                "vem kör? (STS)",
                aws_sdk_sts::error::DisplayErrorContext(e).to_string(),
            )
        })?;
    let operator = identity
        .arn()
        .ok_or_else(|| AdminError::Invalid("STS gav ingen ARN".into()))?
        .to_owned();
    let protector = match (&t.pnr_keys_secret, needs_keys) {
        (Some(secret), true) => Some(
            lefi_workflow::lambda::protector_from_secret(
                &aws_sdk_secretsmanager::Client::new(&aws),
                secret,
            )
            .await
            .map_err(|e| aws_error("personnummernycklarna", e.to_string()))?,
        ),
        _ => None,
    };
    let prefix = t.table_prefix.clone().unwrap_or_default();
    let store = lefi_store::DynamoStore::from_conf(&aws, prefix);
    // The seal's key and bucket, for `audit seal` and `audit verify` (A3).
    let seal = match (&t.seal_key_id, &t.seal_bucket) {
        (Some(key), Some(bucket)) => Some(lefi_seal::Seal::aws(
            &aws,
            key,
            bucket,
            t.seal_retention_days,
        )),
        _ => None,
    };
    Ok(Backend::Dynamo(Box::new(Ctx {
        store: Arc::new(store),
        protector,
        operator,
        now: lefi_gateway::Clock::now(&lefi_gateway::SystemClock),
        seal,
    })))
}

fn read(path: &PathBuf) -> Result<String, AdminError> {
    std::fs::read_to_string(path)
        .map_err(|e| AdminError::Invalid(format!("{}: {e}", path.display())))
}

#[allow(clippy::print_stderr)] // The question is for the operator.
fn confirm(question: &str, yes: bool) -> bool {
    if yes {
        return true;
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!("{question} Ingen terminal att fråga i: ange --yes för att bekräfta.");
        return false;
    }
    eprint!("{question} [j/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = stdin.lock().read_line(&mut answer);
    matches!(answer.trim(), "j" | "J" | "ja" | "y" | "yes")
}

#[allow(clippy::print_stdout, clippy::print_stderr)] // Printing is this tool's job.
async fn execute(cli: Cli) -> Result<Output, AdminError> {
    let t = &cli.transport;
    let command = match cli.command {
        Top::Certificates(Certificates::Key { pem }) => {
            return lefi_admin::certificates::keys(&read(&pem)?);
        }
        Top::Agreements(Agreements::Apply { file }) => {
            let file = read(&file)?;
            let backend = backend(t, true).await?;
            let plan = backend
                .run(Command::AgreementsPlan { file: file.clone() })
                .await?;
            let Some(digest) = plan.digest.clone().filter(|_| !plan.failed) else {
                return Ok(plan);
            };
            print!("{}", plan.text);
            if !confirm("Tillämpa ändringarna?", t.yes) {
                return Ok(Output::failed("Ingenting ändrades.\n"));
            }
            return backend.run(Command::AgreementsApply { file, digest }).await;
        }
        Top::Agreements(Agreements::Plan { file }) => {
            Command::AgreementsPlan { file: read(&file)? }
        }
        Top::Agreements(Agreements::List) => Command::AgreementsList,
        Top::Agreements(Agreements::Show { partner }) => Command::AgreementsShow { partner },
        Top::Agreements(Agreements::Expire { partner, from }) => {
            let when = from.map_or_else(|| "i dag".to_owned(), |d| format!("från {d}"));
            if !confirm(&format!("Avsluta avtalet för {partner} {when}?"), t.yes) {
                return Ok(Output::failed("Ingenting ändrades.\n"));
            }
            Command::AgreementsExpire { partner, from }
        }
        Top::Billing(Billing::Report {
            month,
            format,
            check,
        }) => Command::BillingReport {
            month,
            format: match format {
                FormatArg::Table => Format::Table,
                FormatArg::Csv => Format::Csv,
                FormatArg::Json => Format::Json,
            },
            check,
        },
        Top::Billing(Billing::Usage { month, partner }) => Command::BillingUsage { month, partner },
        Top::Audit(audit) => audit.command(),
    };
    let backend = backend(t, command.needs_keys()).await?;
    backend.run(command).await
}

#[allow(clippy::print_stdout, clippy::print_stderr)] // Printing is this tool's job.
fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lefi-admin: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(execute(cli)) {
        Ok(out) => {
            print!("{}", out.text);
            if let Some(notes) = &out.notes {
                eprint!("{notes}");
            }
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
