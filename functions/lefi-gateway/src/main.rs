use std::sync::Arc;

use lambda_http::{Error, Request, run, service_fn};
use lefi_domain::opening::{OpeningHours, parse_exceptions};
use lefi_gateway::{Gateway, GatewayConfig, SystemClock};
use lefi_store::DynamoStore;
use lefi_workflow::SfnWorkflow;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let aws = lefi_workflow::lambda::aws_config().await;
    let store = DynamoStore::from_conf(&aws, std::env::var("LEFI_TABLE_PREFIX")?);
    // O4's exceptions (maintenance, extra opening), one per line, from the SLA.
    let exceptions =
        parse_exceptions(&std::env::var("LEFI_OPENING_EXCEPTIONS").unwrap_or_default())?;
    let gateway = Gateway {
        store: Arc::new(store),
        workflow: Arc::new(SfnWorkflow::from_env(&aws)?),
        protector: lefi_workflow::lambda::protector_from_env(&aws).await?,
        clock: Arc::new(SystemClock),
        config: GatewayConfig {
            opening: OpeningHours::new(exceptions),
            ..GatewayConfig::default()
        },
    };
    let gateway = &gateway;
    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(lefi_gateway::handle(gateway, request).await)
    }))
    .await
}
