//! The whole service on one machine (issue 6): the registry simulators, the one ASL
//! definition on the local executor, the embedded store (or DynamoDB), the gateway
//! Lambda's handler behind the local mutual-TLS front, a development PKI and four demo
//! partners — a municipality, the Enforcement Authority, an insurance company and a
//! third-party supplier acting for two municipalities.
//!
//! [`start`] is what `cargo run` runs and what the end-to-end tests start.

pub mod load;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use lefi_apigw_local::pki::{DemoClient, DevPki, IssuedCert};
use lefi_apigw_local::{FrontConfig, Handler};
use lefi_domain::agreement::{Agreement, Channel, PartnerKind, Pricing, TrafficLimits};
use lefi_domain::opening::OpeningHours;
use lefi_domain::{Benefit, Organisationsnummer};
use lefi_gateway::identity::ClientCertificate;
use lefi_gateway::{Clock, Gateway, GatewayConfig, SystemClock};
use lefi_registry::HttpRegistries;
use lefi_registry_sim::{History, SimConfig};
use lefi_store::{
    Caller, CertificateKey, DynamoStore, EmbeddedStore, PartnerId, PortalUser, Protector, Store,
};
use lefi_workflow::LocalWorkflow;
use lefi_workflow::local::StepHandlers;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub mod operator;

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreChoice {
    /// In memory: nothing to set up, gone when the process ends.
    Embedded,
    /// DynamoDB at `AWS_ENDPOINT_URL` (LocalStack, moto, AWS), tables with this prefix;
    /// created if missing.
    Dynamo { table_prefix: String },
}

/// How to start.
#[derive(Clone)]
pub struct Options {
    /// The mutual-TLS front's address (port 0: any free port).
    pub listen: SocketAddr,
    /// A second listener with plain TLS (no client certificate), for comparisons.
    pub plain_listen: Option<SocketAddr>,
    /// The registry simulator's address.
    pub registry_listen: SocketAddr,
    /// Where the development CA and certificates are kept (reused across runs).
    pub pki_dir: PathBuf,
    pub store: StoreChoice,
    /// O4. Off by default locally, and then every answer says so.
    pub enforce_opening_hours: bool,
    /// People in the simulated population register.
    pub population: u64,
    /// Every benefit registry's answer delayed by this much (0: none). The person
    /// register stays fast: its lookup must come before the fan-out.
    pub benefit_registry_latency: Duration,
    /// Whether the benefit registries cut their answers to the history windows (as the
    /// real ones do) or return raw history, older data too (the simulator's `history`
    /// knob, for every registry; it can still be changed per registry at run time).
    pub registry_history: History,
    /// Every demo partner's traffic limits (C3).
    pub limits: TrafficLimits,
    /// Each query's time budget for the person and the benefits (SPEC §3 step 5).
    pub query_budget: Duration,
    /// Refused or malformed requests per certificate (or address) before 429 and
    /// bounded auditing (issue 17, item 5).
    pub refusal_limits: lefi_gateway::RefusalLimits,
    /// Where a step of infra/functions.json without in-process code runs: a Lambda
    /// Invoke API endpoint such as `cargo lambda watch` (`http://127.0.0.1:9000`).
    pub lambda_endpoint: Option<String>,
    /// The portal's front (TLS without client certificates, its own port as it has its
    /// own domain in AWS).
    pub portal_listen: SocketAddr,
    /// The identity provider simulator (HTTPS).
    pub idp_listen: SocketAddr,
    /// The operator endpoint (A1): loopback only, the PKI's operator certificate only.
    pub operator_listen: SocketAddr,
    /// The service's clock (the edge, the portal's sessions, the identity provider's
    /// tokens): tests move it.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("listen", &self.listen)
            .field("portal_listen", &self.portal_listen)
            .field("idp_listen", &self.idp_listen)
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            listen: ([127, 0, 0, 1], 8443).into(),
            plain_listen: None,
            registry_listen: ([127, 0, 0, 1], 0).into(),
            pki_dir: PathBuf::from("target/lefi-local/pki"),
            store: StoreChoice::Embedded,
            enforce_opening_hours: false,
            population: 100_000,
            benefit_registry_latency: Duration::ZERO,
            query_budget: lefi_gateway::DEFAULT_QUERY_BUDGET,
            refusal_limits: lefi_gateway::RefusalLimits::default(),
            registry_history: History::Windowed,
            limits: TrafficLimits {
                per_second: 20,
                burst: 40,
                per_day: 100_000,
            },
            lambda_endpoint: None,
            // Any free port; `cargo run` (main.rs) asks for 8444 and 8445.
            portal_listen: ([127, 0, 0, 1], 0).into(),
            idp_listen: ([127, 0, 0, 1], 0).into(),
            operator_listen: ([127, 0, 0, 1], 0).into(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// A demo partner: its agreement, and the certificate of whoever calls for it.
#[derive(Debug, Clone)]
pub struct DemoPartner {
    /// The v9 path's `aktorsId`.
    pub aktors_id: &'static str,
    /// The certificate's file stem in the PKI folder.
    pub cert: &'static str,
    pub description: &'static str,
}

/// The demo partners, as `start` seeds them.
pub const DEMO_PARTNERS: [DemoPartner; 5] = [
    DemoPartner {
        aktors_id: "exempelkommunen",
        cert: "kommun",
        description: "a municipality (free; every benefit but the pension forecast)",
    },
    DemoPartner {
        aktors_id: "kronofogden",
        cert: "kronofogden",
        description: "the Enforcement Authority (free; income-related benefits)",
    },
    DemoPartner {
        aktors_id: "exempelforsakringar",
        cert: "forsakring",
        description: "an insurance company (pays per query; sickness and work injury)",
    },
    DemoPartner {
        aktors_id: "exempelkommunen",
        cert: "leverantor",
        description: "a third-party supplier acting for Exempelkommunen and Andra kommunen",
    },
    DemoPartner {
        aktors_id: "andrakommunen",
        cert: "leverantor",
        description: "the same supplier, for the second municipality",
    },
];

/// The running service.
pub struct Running {
    /// The mutual-TLS front.
    pub addr: SocketAddr,
    /// The plain-TLS listener, when asked for.
    pub plain_addr: Option<SocketAddr>,
    pub registry_addr: SocketAddr,
    pub pki: DevPki,
    pub registry: lefi_registry_sim::ServerHandle,
    pub gateway: Arc<Gateway>,
    /// The portal's front: `https://localhost:<port>`.
    pub portal_addr: SocketAddr,
    /// The identity provider simulator's issuer, `https://localhost:<port>`.
    pub idp_issuer: String,
    /// Its test people (name, personnummer, whom they may act for).
    pub idp_identities: Vec<lefi_idp_sim::TestIdentity>,
    /// The operator endpoint: `https://localhost:<port>/operator` (lefi-admin `--local`).
    pub operator_addr: SocketAddr,
    /// The embedded store, when it is the store: the soak fails its audit appends
    /// (`EmbeddedStore::fail_appends`) to show the audit failing closed under load.
    pub embedded: Option<Arc<EmbeddedStore>>,
    /// The metrics of every request and registry call (the operator endpoint's
    /// `/metrics`).
    pub metrics: Arc<lefi_metrics::Tally>,
    tasks: Vec<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("addr", &self.addr)
            .field("registry_addr", &self.registry_addr)
            .finish_non_exhaustive()
    }
}

impl Running {
    /// The certificate file of a demo client (`kommun`, `kronofogden`, …).
    pub fn client(&self, name: &str) -> Option<&IssuedCert> {
        self.pki.client(name)
    }

    /// Waits until a listener stops (it does not, unless it fails).
    pub async fn wait(mut self) -> std::io::Result<()> {
        if let Some(task) = self.tasks.pop() {
            task.await.map_err(std::io::Error::other)??;
        }
        Ok(())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Why the service did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("kunde inte skapa certifikaten: {0}")]
    Pki(#[from] lefi_apigw_local::pki::PkiError),
    #[error("kunde inte starta registersimulatorn: {0}")]
    Registry(String),
    #[error("lagringen svarar inte: {0}")]
    Store(#[from] lefi_store::StoreError),
    #[error("kunde inte lyssna på {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("konfigurationsfel: {0}")]
    Config(String),
}

fn demo_clients() -> Vec<DemoClient> {
    vec![
        DemoClient::new(
            "kommun",
            "Exempelkommunen LEFI",
            "Exempelkommunen",
            "2120000142",
        ),
        DemoClient::new(
            "kronofogden",
            "Kronofogden LEFI",
            "Kronofogdemyndigheten",
            "2021006297",
        ),
        DemoClient::new(
            "forsakring",
            "Exempelförsäkringar LEFI",
            "Exempelförsäkringar AB",
            "5565971479",
        ),
        // Trusted by the front, mapped to no caller: answered 403 (P2).
        DemoClient::new("okand", "Okänd aktör LEFI", "Okänd aktör AB", "5560000001"),
        DemoClient::new(
            "leverantor",
            "Systemleverantören LEFI",
            "Systemleverantören AB",
            "5566778899",
        ),
    ]
}

/// How many SHS queries run at once (the worker function's reserved concurrency in AWS):
/// the registries' protection, whatever the size of a mass query.
pub const SHS_WORKERS: usize = 4;

/// The portal's client at the identity provider (locally; in AWS a Cognito app client).
pub const PORTAL_CLIENT_ID: &str = "lefi-portal";
const PORTAL_CLIENT_SECRET: &str = "lokal-portalhemlighet";

/// Starts everything and seeds the demo partners.
pub async fn start(options: Options) -> Result<Running, StartError> {
    // The operator endpoint changes partners and reads the audit: never off this machine.
    if !options.operator_listen.ip().is_loopback() {
        return Err(StartError::Config(format!(
            "operatörsadressen ska vara en loopback-adress, inte {}",
            options.operator_listen
        )));
    }
    let today = lefi_domain::tz::stockholm_date(options.clock.now());
    let pki = DevPki::ensure(&options.pki_dir, &demo_clients())?;

    let mut sim = SimConfig::new(today);
    sim.registers.population = options.population;
    sim.faults = sim.faults.with_history(options.registry_history);
    let (registry_addr, registry) = lefi_registry_sim::spawn_on(options.registry_listen, &sim)
        .await
        .map_err(|e| StartError::Registry(e.to_string()))?;
    if !options.benefit_registry_latency.is_zero() {
        for id in lefi_registry_sim::RegistryId::all().skip(1) {
            let mut faults = registry.state().faults(id);
            faults.latency_ms =
                u64::try_from(options.benefit_registry_latency.as_millis()).unwrap_or(u64::MAX);
            registry.state().set_faults(id, faults);
        }
    }
    let registries = Arc::new(
        HttpRegistries::new(&format!("http://{registry_addr}"), Duration::from_secs(5))
            .map_err(|e| StartError::Registry(e.to_string()))?,
    );

    let mut embedded = None;
    let store: Arc<dyn Store> = match &options.store {
        StoreChoice::Embedded => {
            let store = Arc::new(EmbeddedStore::new());
            embedded = Some(store.clone());
            store
        }
        StoreChoice::Dynamo { table_prefix } => {
            // The SDK's default chain: region, credentials, `AWS_ENDPOINT_URL`.
            let aws = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .load()
                .await;
            let store = DynamoStore::from_conf(&aws, table_prefix.clone());
            store.create_tables().await?;
            Arc::new(store)
        }
    };
    let protector = Protector::development();
    // Every request's and registry call's metrics, as the Lambdas write them in AWS:
    // the operator endpoint's `/metrics`.
    let metrics = Arc::new(lefi_metrics::Tally::new());
    let mut steps = StepHandlers::new(registries, store.clone(), protector.clone())
        .with_metrics(metrics.clone());
    let identities = lefi_idp_sim::test_identities();
    if let Some(endpoint) = &options.lambda_endpoint {
        steps = steps.with_lambda_endpoint(endpoint.clone());
    }
    let workflow =
        LocalWorkflow::with_steps(steps).map_err(|e| StartError::Config(e.to_string()))?;
    seed(store.as_ref(), &pki, options.limits).await?;
    seed_portal_users(store.as_ref(), &protector, &identities, today).await?;

    let workflow: Arc<dyn lefi_workflow::Workflow> = Arc::new(workflow);
    // The partners' front is bound first: the WSDL names its address (configuration,
    // never the request's Host header).
    let (front, addr) = bind(options.listen).await?;
    let edge = || {
        Gateway::new(
            store.clone(),
            workflow.clone(),
            protector.clone(),
            options.clock.clone(),
            GatewayConfig {
                opening: OpeningHours::new(Vec::new()),
                enforce_opening_hours: options.enforce_opening_hours,
                public_url: format!("https://localhost:{}", addr.port()),
                query_budget: options.query_budget,
                refusal_limits: options.refusal_limits,
                ..GatewayConfig::default()
            },
        )
        .with_metrics(metrics.clone())
    };
    // SHS mass queries (issue 18): the partners' edge queues them in this process, and
    // workers here run them, as SQS and the worker function do in AWS.
    let (shs_queue, shs_work) = lefi_gateway::shs::InProcessQueue::new();
    let gateway = Arc::new(edge().with_shs_queue(Arc::new(shs_queue)));
    // The audit seal (A3) with a local key. Per run: the store lives in memory, so a
    // day sealed in an earlier run would verify as every record removed.
    static STARTS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let start_no = STARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let seal_dir =
        std::env::temp_dir().join(format!("lefi-local-seal-{}-{start_no}", std::process::id()));
    let seal = lefi_seal::Seal::local(&seal_dir).map_err(|e| StartError::Config(e.to_string()))?;
    let operator = Arc::new(operator::Operator {
        store: store.clone(),
        protector: protector.clone(),
        clock: options.clock.clone(),
        seal,
        operator_fingerprint: ClientCertificate::from_pem(&pki.operator.cert_pem)
            .map_err(|e| StartError::Config(e.to_string()))?
            .fingerprint,
        metrics: metrics.clone(),
    });
    let operator_handler: Arc<dyn Handler> = Arc::new(move |request| {
        let operator = operator.clone();
        async move { operator::handle(&operator, request).await }
    });
    let handler: Arc<dyn Handler> = {
        let gateway = gateway.clone();
        Arc::new(move |request| {
            let gateway = gateway.clone();
            async move { lefi_gateway::handle(&gateway, request).await }
        })
    };

    let mut tasks = Vec::new();
    let worker = gateway.clone();
    tasks.push(tokio::spawn(async move {
        lefi_gateway::shs::drain(worker, shs_work, SHS_WORKERS).await;
        Ok(())
    }));
    let mtls = FrontConfig::mtls(
        pki.server.cert_pem.clone(),
        pki.server.key_pem.clone(),
        pki.ca.cert_pem.clone(),
    );
    tasks.push(serve_on(front, addr, mtls.clone(), handler.clone())?);
    let (operator_addr, task) = listen(options.operator_listen, mtls, operator_handler).await?;
    tasks.push(task);
    let plain_addr = match options.plain_listen {
        Some(at) => {
            let plain = FrontConfig::plain(pki.server.cert_pem.clone(), pki.server.key_pem.clone());
            let (a, task) = listen(at, plain, handler).await?;
            tasks.push(task);
            Some(a)
        }
        None => None,
    };

    // The identity provider and the portal, both HTTPS with the development server
    // certificate, both at `localhost` (the certificate's name).
    let err = |addr| move |source| StartError::Listen { addr, source };
    let idp_listener = TcpListener::bind(options.idp_listen)
        .await
        .map_err(err(options.idp_listen))?;
    let idp_port = idp_listener
        .local_addr()
        .map_err(err(options.idp_listen))?
        .port();
    let portal_listener = TcpListener::bind(options.portal_listen)
        .await
        .map_err(err(options.portal_listen))?;
    let portal_addr = portal_listener
        .local_addr()
        .map_err(err(options.portal_listen))?;
    let portal_url = format!("https://localhost:{}", portal_addr.port());
    let idp_issuer = format!("https://localhost:{idp_port}");
    let mut idp_config = lefi_idp_sim::IdpConfig::new(
        idp_issuer.clone(),
        vec![lefi_idp_sim::RegisteredClient {
            client_id: PORTAL_CLIENT_ID.into(),
            client_secret: PORTAL_CLIENT_SECRET.into(),
            name: "LEFI Online".into(),
            redirect_uris: vec![format!("{portal_url}{}", lefi_portal::CALLBACK)],
            post_logout_redirect_uris: vec![format!("{portal_url}{}", lefi_portal::LOGGED_OUT)],
        }],
    );
    idp_config.identities = identities.clone();
    let clock = options.clock.clone();
    idp_config.clock = Arc::new(move || clock.now());
    let idp =
        lefi_idp_sim::IdpSim::new(idp_config).map_err(|e| StartError::Config(e.to_string()))?;
    let server_tls = Arc::new(
        lefi_apigw_local::tls_config(&FrontConfig::plain(
            pki.server.cert_pem.clone(),
            pki.server.key_pem.clone(),
        ))
        .map_err(err(options.idp_listen))?,
    );
    tasks.push(tokio::spawn(async move {
        idp.serve_https(idp_listener, server_tls, std::future::pending())
            .await
    }));
    let roots = lefi_portal::oidc::roots(&pki.ca.cert_pem)
        .map_err(|e| StartError::Config(e.to_string()))?;
    let oidc = lefi_portal::oidc::Oidc::new(
        &idp_issuer,
        PORTAL_CLIENT_ID,
        PORTAL_CLIENT_SECRET,
        &format!("{portal_url}{}", lefi_portal::CALLBACK),
        roots,
        options.clock.clone(),
    )
    .map_err(|e| StartError::Config(e.to_string()))?
    // As in AWS (Cognito): straight to the federation, and "Logga ut" ends the
    // provider's login too.
    .with_identity_provider(Some(lefi_idp_sim::FEDERATION.to_owned()))
    .with_logout_endpoint(Some(format!("{idp_issuer}/logout")));
    let portal = Arc::new(lefi_portal::Portal {
        edge: edge(),
        oidc,
        origin: portal_url,
    });
    let portal_handler: Arc<dyn Handler> = Arc::new(move |request| {
        let portal = portal.clone();
        async move { lefi_portal::handle(&portal, request).await }
    });
    tasks.push(tokio::spawn(lefi_apigw_local::serve(
        portal_listener,
        FrontConfig::plain(pki.server.cert_pem.clone(), pki.server.key_pem.clone()),
        portal_handler,
        std::future::pending(),
    )));
    Ok(Running {
        embedded,
        metrics,
        addr,
        plain_addr,
        registry_addr,
        pki,
        registry,
        gateway,
        portal_addr,
        idp_issuer,
        idp_identities: identities,
        operator_addr,
        tasks,
    })
}

/// The portal's users (P2, C2): each test person with an organisation may act for the
/// demo partners whose organisation numbers their affiliations name.
async fn seed_portal_users(
    store: &dyn Store,
    protector: &Protector,
    identities: &[lefi_idp_sim::TestIdentity],
    today: NaiveDate,
) -> Result<(), StartError> {
    let partner_of = |orgnr: &str| match orgnr {
        "2120000142" => Some("exempelkommunen"),
        "2120000159" => Some("andrakommunen"),
        "2021006297" => Some("kronofogden"),
        "5565971479" => Some("exempelforsakringar"),
        _ => None,
    };
    for person in identities {
        let partners: BTreeSet<PartnerId> = person
            .affiliations
            .iter()
            .filter_map(|a| partner_of(&a.org_number))
            .map(|p| PartnerId(p.into()))
            .collect();
        if partners.is_empty() {
            continue;
        }
        let pnr = lefi_domain::Personnummer::parse(&person.personal_identity_number, today)
            .map_err(|e| StartError::Config(format!("testpersonens personnummer: {e:?}")))?;
        store
            .put_portal_user(&protector.hash(&pnr), &PortalUser { partners })
            .await?;
    }
    Ok(())
}

async fn listen(
    at: SocketAddr,
    config: FrontConfig,
    handler: Arc<dyn Handler>,
) -> Result<(SocketAddr, JoinHandle<std::io::Result<()>>), StartError> {
    let (listener, addr) = bind(at).await?;
    Ok((addr, serve_on(listener, addr, config, handler)?))
}

/// The listener first, where its address is needed before its handler exists.
async fn bind(at: SocketAddr) -> Result<(TcpListener, SocketAddr), StartError> {
    let err = |source| StartError::Listen { addr: at, source };
    let listener = TcpListener::bind(at).await.map_err(err)?;
    let addr = listener.local_addr().map_err(err)?;
    Ok((listener, addr))
}

fn serve_on(
    listener: TcpListener,
    addr: SocketAddr,
    config: FrontConfig,
    handler: Arc<dyn Handler>,
) -> Result<JoinHandle<std::io::Result<()>>, StartError> {
    lefi_apigw_local::tls_config(&config).map_err(|source| StartError::Listen { addr, source })?;
    Ok(tokio::spawn(lefi_apigw_local::serve(
        listener,
        config,
        handler,
        std::future::pending(),
    )))
}

fn agreement(
    limits: TrafficLimits,
    id: &str,
    orgnr: &str,
    name: &str,
    kind: PartnerKind,
    benefits: BTreeSet<Benefit>,
    pricing: Pricing,
) -> Result<Agreement, StartError> {
    let organisation = Organisationsnummer::parse(orgnr)
        .map_err(|e| StartError::Config(format!("{orgnr}: {e:?}")))?;
    Agreement::new(
        id,
        organisation,
        name,
        kind,
        benefits,
        [Channel::System, Channel::Portal].into(),
        limits,
        pricing,
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        None,
        Default::default(),
    )
    .map_err(|e| StartError::Config(e.to_string()))
}

/// The demo partners' agreements and certificate mappings — one per way P2 allows:
/// issuer + serialNumber, issuer + organizationIdentifier, fingerprint.
async fn seed(store: &dyn Store, pki: &DevPki, limits: TrafficLimits) -> Result<(), StartError> {
    let all: BTreeSet<Benefit> = Benefit::ALL.into_iter().collect();
    let kommun: BTreeSet<Benefit> = all
        .iter()
        .copied()
        .filter(|b| *b != Benefit::Pensionsprognos)
        .collect();
    use Benefit as B;
    let kronofogden = [
        B::Sjukpenning,
        B::Foraldrapenning,
        B::TillfalligForaldrapenning,
        B::SjukpenninggrundandeInkomst,
        B::SjukersattningAktivitetsersattning,
        B::Pension,
        B::Arbetsskadelivranta,
        B::Utbetalning,
    ]
    .into_iter()
    .collect();
    let forsakring = [
        B::Sjukpenning,
        B::SjukersattningAktivitetsersattning,
        B::Arbetsskadelivranta,
        B::Rehabiliteringsersattning,
    ]
    .into_iter()
    .collect();
    let agreements = [
        agreement(
            limits,
            "exempelkommunen",
            "2120000142",
            "Exempelkommunen",
            PartnerKind::Kommun,
            kommun.clone(),
            Pricing::Free,
        )?,
        agreement(
            limits,
            "andrakommunen",
            "2120000159",
            "Andra kommunen",
            PartnerKind::Kommun,
            kommun,
            Pricing::Free,
        )?,
        // System to system only: its portal users are refused (C2, P1).
        Agreement {
            channels: [Channel::System].into(),
            ..agreement(
                limits,
                "kronofogden",
                "2021006297",
                "Kronofogdemyndigheten",
                PartnerKind::Kronofogden,
                kronofogden,
                Pricing::Free,
            )?
        },
        agreement(
            limits,
            "exempelforsakringar",
            "5565971479",
            "Exempelförsäkringar AB",
            PartnerKind::Forsakringsbolag,
            forsakring,
            Pricing::Paid {
                connection_fee_ore: 2_500_000,
                per_query_ore: 1_200,
            },
        )?,
    ];
    for a in &agreements {
        store.put_agreement(a).await?;
    }
    let callers = [
        (
            "kommun",
            "exempelkommunen",
            "Exempelkommunen",
            &["exempelkommunen"][..],
            KeyKind::Serial,
        ),
        (
            "kronofogden",
            "kronofogden",
            "Kronofogdemyndigheten",
            &["kronofogden"][..],
            KeyKind::OrgId,
        ),
        (
            "forsakring",
            "exempelforsakringar",
            "Exempelförsäkringar AB",
            &["exempelforsakringar"][..],
            KeyKind::Fingerprint,
        ),
        (
            "leverantor",
            "systemleverantoren",
            "Systemleverantören AB",
            &["exempelkommunen", "andrakommunen"][..],
            KeyKind::Serial,
        ),
    ];
    for (cert, id, name, represents, kind) in callers {
        let issued = pki
            .client(cert)
            .ok_or_else(|| StartError::Config(format!("certifikatet {cert} saknas")))?;
        let read = ClientCertificate::from_pem(&issued.cert_pem)
            .map_err(|e| StartError::Config(e.to_string()))?;
        let key = read
            .keys
            .iter()
            .find(|k| kind.matches(k))
            .cloned()
            .ok_or_else(|| {
                StartError::Config(format!("certifikatet {cert} saknar nyckeln {kind:?}"))
            })?;
        let caller = Caller {
            id: id.into(),
            name: name.into(),
            represents: represents.iter().map(|p| PartnerId((*p).into())).collect(),
        };
        store.put_caller(&key, &caller).await?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum KeyKind {
    Serial,
    OrgId,
    Fingerprint,
}

impl KeyKind {
    fn matches(self, key: &CertificateKey) -> bool {
        matches!(
            (self, key),
            (Self::Serial, CertificateKey::SerialNumber { .. })
                | (Self::OrgId, CertificateKey::OrganizationIdentifier { .. })
                | (Self::Fingerprint, CertificateKey::Fingerprint { .. })
        )
    }
}
