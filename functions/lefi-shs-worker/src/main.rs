use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_gateway::{Gateway, SystemClock};
use lefi_store::DynamoStore;
use lefi_workflow::SfnWorkflow;
use lefi_workflow::lambda::{LambdaAws, ProcessEnv};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = lefi_shs_worker::Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let gateway = Arc::new(Gateway::new(
        Arc::new(DynamoStore::from_conf(
            &aws,
            config.gateway.table_prefix.clone(),
        )),
        Arc::new(SfnWorkflow::from_config(&aws, &config.gateway.workflow)),
        config.gateway.keys.protector(&aws).await?,
        Arc::new(SystemClock),
        config.gateway.gateway(),
    ));
    let (gateway, max_receives) = (&gateway, config.max_receives);
    run(service_fn(move |event: LambdaEvent<SqsEvent>| async move {
        Ok::<_, Error>(lefi_shs_worker::handle(gateway, event.payload, max_receives).await)
    }))
    .await
}
