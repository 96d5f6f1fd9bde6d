use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lefi_workflow::model::FetchItem;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let registries = lefi_workflow::lambda::registries_from_env()?;
    let registries = &registries;
    run(service_fn(
        move |event: LambdaEvent<FetchItem>| async move {
            lefi_fetch_benefit::handle(registries, event).await
        },
    ))
    .await
}
