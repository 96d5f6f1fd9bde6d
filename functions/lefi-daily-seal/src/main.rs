use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_seal::Seal;
use lefi_store::DynamoStore;
use lefi_workflow::lambda::{LambdaAws, ProcessEnv};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = lefi_daily_seal::Config::from_env(&ProcessEnv)?;
    let aws = LambdaAws::from_env(&ProcessEnv)?.sdk_config();
    let store = DynamoStore::from_conf(&aws, config.table_prefix);
    let seal = Seal::aws(&aws, config.key_id, config.bucket, config.retention_days);
    let (store, seal) = (&store, &seal);
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            let now = std::time::SystemTime::now().into();
            lefi_daily_seal::handle(store, seal, event, now).await
        },
    ))
    .await
}
