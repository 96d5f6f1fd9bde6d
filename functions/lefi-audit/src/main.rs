use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_store::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let prefix = std::env::var("LEFI_TABLE_PREFIX")?;
    let aws = lefi_workflow::lambda::aws_config().await;
    let store = DynamoStore::from_conf(&aws, prefix);
    let protector = lefi_workflow::lambda::protector_from_env(&aws).await?;
    let (store, protector) = (&store, &protector);
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            lefi_audit::handle(store, protector, event).await
        },
    ))
    .await
}
