use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_store::DynamoStore;
use lefi_workflow::lambda::{LambdaAws, ProcessEnv};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = lefi_audit::Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let store = DynamoStore::from_conf(&aws, config.table_prefix);
    let protector = config.keys.protector(&aws).await?;
    let (store, protector) = (&store, &protector);
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            lefi_audit::handle(store, protector, event).await
        },
    ))
    .await
}
