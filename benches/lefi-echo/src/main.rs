//! The floor a function's cold start is measured against (`scripts/coldstart.py --echo`):
//! the same runtime, tokio set-up and logging as the functions in `functions/`, and no
//! work — the event comes back as the answer (aws-lambda-rust-runtime's basic example).

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<_, Error>(event.payload)
    }))
    .await
}
