use lambda_runtime::{Error, run, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    run(service_fn(lefi_validate::handle)).await
}
