use lambda_runtime::{Error, run, service_fn};
use lefi_workflow::lambda::ProcessEnv;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    lefi_compile_answer::Config::from_env(&ProcessEnv)?;
    run(service_fn(lefi_compile_answer::handle)).await
}
