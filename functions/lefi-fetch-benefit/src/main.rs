use lambda_runtime::{Error, LambdaEvent, run, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let registries = lefi_workflow::lambda::registries_from_env()?;
    let registries = &registries;
    run(service_fn(
        move |event: LambdaEvent<serde_json::Value>| async move {
            lefi_fetch_benefit::handle(registries, event).await
        },
    ))
    .await
}
