//! `cargo run`: the whole service on this machine, with no setup.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use lefi_local::{DEMO_PARTNERS, Options, Running, StoreChoice, start};
use lefi_registry_sim::History;
use lefi_registry_sim::config::parse_history;

/// LEFI Online, locally: registry simulators, the workflow on the local executor, the
/// store, and the gateway behind a mutual-TLS front. Prints ready-to-paste examples.
#[derive(Debug, Parser)]
#[command(name = "lefi-local", version)]
struct Args {
    /// Address of the mutual-TLS front.
    #[arg(long, env = "LEFI_LISTEN", default_value = "127.0.0.1:8443")]
    listen: SocketAddr,
    /// Also serve plain TLS (no client certificate) here, for comparisons.
    #[arg(long)]
    plain_listen: Option<SocketAddr>,
    /// Address of the registry simulator (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    registry_listen: SocketAddr,
    /// Folder for the development CA and the certificates (kept between runs).
    #[arg(long, env = "LEFI_PKI_DIR", default_value = "target/lefi-local/pki")]
    pki_dir: PathBuf,
    /// Keep the store in DynamoDB at AWS_ENDPOINT_URL (LocalStack, moto, AWS) instead of
    /// in memory; tables are created with this prefix if missing.
    #[arg(long, value_name = "TABLE_PREFIX")]
    dynamodb: Option<String>,
    /// Enforce opening hours (O4). Off by default locally; every answer then says so.
    #[arg(long)]
    enforce_opening_hours: bool,
    /// People in the simulated population register.
    #[arg(long, default_value_t = 100_000)]
    population: u64,
    /// Delay every benefit registry's answer by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    benefit_registry_latency_ms: u64,
    /// Each query's time budget for the person and the benefits, in milliseconds (SPEC
    /// §3 step 5; as the deployed edge's LEFI_QUERY_BUDGET_MS).
    #[arg(long, env = "LEFI_QUERY_BUDGET_MS", default_value_t = 3_000,
          value_parser = clap::value_parser!(u64).range(500..=8_000))]
    query_budget_ms: u64,
    /// The benefit registries' history: `windowed` (cut to the H-rules' windows, as the
    /// real registries are) or `raw` (older data too, for the service itself to cut).
    #[arg(long, default_value = "windowed", value_name = "windowed|raw", value_parser = |s: &str| parse_history(s).map_err(|e| e.to_string()))]
    registry_history: History,
    /// A Lambda Invoke API endpoint (e.g. `cargo lambda watch`'s, http://127.0.0.1:9000)
    /// for the steps of infra/functions.json that have no in-process code.
    #[arg(long, env = "LEFI_LAMBDA_ENDPOINT")]
    lambda_endpoint: Option<String>,
    /// Address of the portal (TLS without client certificates).
    #[arg(long, env = "LEFI_PORTAL_LISTEN", default_value = "127.0.0.1:8444")]
    portal_listen: SocketAddr,
    /// Address of the identity provider simulator (the portal's e-legitimation).
    #[arg(long, env = "LEFI_IDP_LISTEN", default_value = "127.0.0.1:8445")]
    idp_listen: SocketAddr,
    /// Address of the operator endpoint (lefi-admin; loopback only, operator certificate).
    #[arg(long, env = "LEFI_OPERATOR_LISTEN", default_value = "127.0.0.1:8446")]
    operator_listen: SocketAddr,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,lefi_apigw_local=warn".into()),
        )
        .init();
    let args = Args::parse();
    let options = Options {
        listen: args.listen,
        plain_listen: args.plain_listen,
        registry_listen: args.registry_listen,
        pki_dir: args.pki_dir,
        store: match args.dynamodb {
            Some(table_prefix) => StoreChoice::Dynamo { table_prefix },
            None => StoreChoice::Embedded,
        },
        enforce_opening_hours: args.enforce_opening_hours,
        population: args.population,
        benefit_registry_latency: Duration::from_millis(args.benefit_registry_latency_ms),
        query_budget: Duration::from_millis(args.query_budget_ms),
        registry_history: args.registry_history,
        lambda_endpoint: args.lambda_endpoint,
        portal_listen: args.portal_listen,
        idp_listen: args.idp_listen,
        operator_listen: args.operator_listen,
        ..Options::default()
    };
    let store = options.store.clone();
    let running = match start(options).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("LEFI Online startade inte: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    banner(
        &running,
        &store,
        args.enforce_opening_hours,
        args.registry_history,
    );
    tokio::select! {
        result = running.wait() => {
            if let Err(e) = result {
                tracing::error!("fronten stannade: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
        () = lefi_registry_sim::shutdown_signal() => tracing::info!("stänger"),
    }
    std::process::ExitCode::SUCCESS
}

#[allow(clippy::print_stdout)] // Printing the examples is this program's job.
fn banner(r: &Running, store: &StoreChoice, enforce: bool, history: History) {
    let base = format!("https://localhost:{}", r.addr.port());
    let pki = r.pki.dir.display();
    let tls = |cert: &str| {
        format!("--cacert {pki}/ca.pem --cert {pki}/{cert}.pem --key {pki}/{cert}-key.pem")
    };
    println!("\nLEFI Online körs lokalt.\n");
    println!("  mTLS-front         {base}   (kräver klientcertifikat)");
    if let Some(plain) = r.plain_addr {
        println!("  TLS utan klientcert https://localhost:{}", plain.port());
    }
    println!("  registersimulator  http://{}", r.registry_addr);
    if history == History::Raw {
        println!("  registren svarar med RÅ HISTORIK (äldre än fönstren; tjänsten klipper själv)");
    }
    println!(
        "  certifikat         {pki}/  (ca.pem, server.pem, kommun.pem, kronofogden.pem, forsakring.pem, leverantor.pem, untrusted.pem, operator.pem)"
    );
    match store {
        StoreChoice::Embedded => {
            println!("  lagring            i minnet (försvinner när programmet avslutas)")
        }
        StoreChoice::Dynamo { table_prefix } => {
            println!("  lagring            DynamoDB, tabeller {table_prefix}*")
        }
    }
    if !enforce {
        println!(
            "  ÖPPETTIDER TILLÄMPAS INTE (lokal utveckling; --enforce-opening-hours slår på dem)"
        );
    }
    println!(
        "\nPortalen (C2): https://localhost:{}/   (webbläsaren ska lita på {pki}/ca.pem, eller godkänn certifikatet)",
        r.portal_addr.port()
    );
    println!(
        "  e-legitimation     {} (simulator; välj en testperson)",
        r.idp_issuer
    );
    for person in &r.idp_identities {
        println!("  {:<18} {}", person.name(), person.description);
    }
    println!("\nDemoaktörer (aktorsId ← certifikat):");
    for p in DEMO_PARTNERS {
        println!("  {:<20} ← {:<12} {}", p.aktors_id, p.cert, p.description);
    }
    let query = r#"{"personnummer":"195001019420","period":{"from":"2025-01-01","tom":"2025-12-31"},"formansinformation":["FK:SJP"],"ovrigInformation":["FK:GEPI","FK:SGI"]}"#;
    println!("\n# v9 JSON: fråga om sjukpenning och SGI för seedens exempelperson");
    println!(
        "curl {} -H 'content-type: application/json' -H 'idempotency-key: fraga-1' \\\n  -d '{query}' \\\n  {base}/lefi-extern-formansinformation/v9/aktorer/exempelkommunen/formansinformation/fraga",
        tls("kommun")
    );
    println!("\n# v9 JSON: vad får aktören fråga om?");
    println!(
        "curl {} {base}/lefi-extern-formansinformation/v9/aktorer/kronofogden/tillgangligaInformationstyper",
        tls("kronofogden")
    );
    println!("\n# Tredjepartsleverantör för en annan kommun");
    println!(
        "curl {} -H 'content-type: application/json' -d '{query}' \\\n  {base}/lefi-extern-formansinformation/v9/aktorer/andrakommunen/formansinformation/fraga",
        tls("leverantor")
    );
    let fraga = r#"<Fraga xmlns="urn:se:forsakringskassan:lefi-online:1"><FrageId>xml-1</FrageId><AktorsId>exempelkommunen</AktorsId><Personnummer>195001019420</Personnummer><Period><From>2025-01-01</From><Tom>2025-12-31</Tom></Period><Formansinformation><Kod>FK:SJP</Kod></Formansinformation></Fraga>"#;
    println!("\n# XML-webbtjänsten (schema: {base}/lefi-xml/v1/lefi-online.xsd)");
    println!(
        "curl {} -H 'content-type: application/xml' \\\n  --data-binary '{fraga}' \\\n  {base}/lefi-xml/v1/fraga",
        tls("kommun")
    );
    let envelope = format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ssek="http://schemas.ssek.org/ssek/2006-05-10/"><soap:Header><ssek:SSEK><ssek:SenderId ssek:Type="ORGNR">2120000142</ssek:SenderId><ssek:ReceiverId ssek:Type="ORGNR">2021005521</ssek:ReceiverId><ssek:TxId>ssek-1</ssek:TxId></ssek:SSEK></soap:Header><soap:Body>{}</soap:Body></soap:Envelope>"#,
        fraga.replace("<FrageId>xml-1</FrageId>", "")
    );
    println!("\n# SSEK 2.0 (WSDL: {base}/ssek/v1/lefi?wsdl)");
    println!(
        "curl {} -H 'content-type: text/xml; charset=utf-8' \\\n  --data-binary '{envelope}' \\\n  {base}/ssek/v1/lefi",
        tls("kommun")
    );
    let shs_message = format!(
        "--lefi\ncontent-type: text/xml\n\n<shs.label version=\"1.2\" tx.id=\"shs-1\" corr.id=\"shs-1\" transfer-type=\"synch\" sequence-type=\"request\"><originator value=\"urn:X-shs:2120000142\"/><to>urn:X-shs:2021005521</to><product>{}</product><datetime>2026-12-07T10:00:00</datetime><content content.id=\"fraga-1\"><data datapartType=\"xml\"/></content></shs.label>\n--lefi\ncontent-type: text/xml\n\n{}\n--lefi--\n",
        lefi_contract::shs::PRODUCT_ID,
        fraga.replace("<FrageId>xml-1</FrageId>", "")
    );
    println!(
        "\n# SHS 1.2, synkront (produkttyp {})",
        lefi_contract::shs::PRODUCT_ID
    );
    println!(
        "curl {} -H 'content-type: multipart/mixed; boundary=lefi' \\\n  --data-binary '{shs_message}' \\\n  {base}/shs/rs",
        tls("kommun")
    );
    println!(
        "\n# SHS asynkront: samma meddelande med transfer-type=\"asynch\" (och nytt tx.id) ger 202;\n# svaret hamnar i brevlådan:"
    );
    println!(
        "curl {} {base}/shs/ds/urn:X-shs:2120000142\ncurl {} {base}/shs/ds/urn:X-shs:2120000142/<tx.id>\ncurl {} -X POST '{base}/shs/ds/urn:X-shs:2120000142/<tx.id>?action=ack'",
        tls("kommun"),
        tls("kommun"),
        tls("kommun")
    );
    println!(
        "\n# Operatörens verktyg (A1, A2) mot den här tjänsten: https://localhost:{}/operator (certifikatet {pki}/operator.pem)",
        r.operator_addr.port()
    );
    // The tool's defaults are this program's: say only what differs.
    let mut to_here = String::new();
    if r.operator_addr.port() != 8446 {
        to_here.push_str(&format!(
            " --local https://localhost:{}",
            r.operator_addr.port()
        ));
    }
    if r.pki.dir != std::path::Path::new("target/lefi-local/pki") {
        to_here.push_str(&format!(" --pki-dir {pki}"));
    }
    println!("cargo run -p lefi-admin --{to_here} agreements list");
    println!(
        "\n# Projektets OpenAPI: curl {} {base}/openapi.yaml",
        tls("kommun")
    );
    println!();
}
