use std::sync::Arc;

use lambda_http::{Error, Request, run, service_fn};
use lefi_gateway::{Config, Gateway, SystemClock};
use lefi_store::DynamoStore;
use lefi_workflow::SfnWorkflow;
use lefi_workflow::lambda::{LambdaAws, ProcessEnv};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let gateway = Gateway::new(
        Arc::new(DynamoStore::from_conf(&aws, config.table_prefix.clone())),
        Arc::new(SfnWorkflow::from_config(&aws, &config.workflow)),
        config.keys.protector(&aws).await?,
        Arc::new(SystemClock),
        lefi_gateway::GatewayConfig {
            public_url: lefi_gateway::config::public_url(&ProcessEnv)?,
            ..config.gateway()
        },
    );
    let gateway = match lefi_gateway::config::shs_queue_url(&ProcessEnv) {
        Some(url) => gateway.with_shs_queue(Arc::new(lefi_gateway::sqs::SqsQueue::new(&aws, url))),
        None => gateway,
    };
    let gateway = &gateway;
    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(lefi_gateway::handle(gateway, request).await)
    }))
    .await
}
