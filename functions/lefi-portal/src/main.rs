use std::sync::Arc;

use lambda_http::{Error, Request, run, service_fn};
use lefi_gateway::{Gateway, SystemClock};
use lefi_portal::config::{Config, SecretConfig};
use lefi_portal::oidc::Oidc;
use lefi_portal::{CALLBACK, Portal};
use lefi_store::DynamoStore;
use lefi_workflow::SfnWorkflow;
use lefi_workflow::lambda::{AWS_ROOTS_PEM, ConfigError, LambdaAws, ProcessEnv};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let client_secret = match &config.client_secret {
        SecretConfig::Text(text) => text.clone(),
        SecretConfig::Secret(id) => aws_sdk_secretsmanager::Client::new(&aws)
            .get_secret_value()
            .secret_id(id)
            .send()
            .await
            .ok()
            .and_then(|v| v.secret_string().map(str::to_owned))
            .ok_or_else(|| {
                ConfigError::malformed(
                    lefi_portal::config::OIDC_CLIENT_SECRET_VAR,
                    "hemligheten kan inte läsas",
                )
            })?,
    };
    // Cognito's endpoints chain to AWS's roots.
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(AWS_ROOTS_PEM.as_bytes()) {
        roots.add(cert?)?;
    }
    let clock = Arc::new(SystemClock);
    let edge = Gateway {
        store: Arc::new(DynamoStore::from_conf(
            &aws,
            config.edge.table_prefix.clone(),
        )),
        workflow: Arc::new(SfnWorkflow::from_config(&aws, &config.edge.workflow)),
        protector: config.edge.keys.protector(&aws).await?,
        clock: clock.clone(),
        config: config.edge.gateway(),
    };
    let oidc = Oidc::new(
        &config.issuer,
        &config.client_id,
        &client_secret,
        &format!("{}{CALLBACK}", config.portal_url),
        roots,
        clock,
    )?;
    let portal = Portal {
        edge,
        oidc,
        origin: config.portal_url.clone(),
    };
    let portal = &portal;
    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(lefi_portal::handle(portal, request).await)
    }))
    .await
}
