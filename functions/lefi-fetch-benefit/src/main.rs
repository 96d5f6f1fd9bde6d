use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_workflow::lambda::ProcessEnv;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let config = lefi_fetch_benefit::Config::from_env(&ProcessEnv)?;
    let registries = config.registries.connect()?;
    let registries = &registries;
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            lefi_fetch_benefit::handle(registries, &lefi_metrics::Emf, event).await
        },
    ))
    .await
}
