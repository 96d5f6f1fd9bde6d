use lambda_http::{Error, Request, run, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lefi_workflow::lambda::init_tracing();
    let portal = lefi_portal::from_lambda_env().await?;
    let portal = &portal;
    run(service_fn(move |request: Request| async move {
        Ok::<_, Error>(lefi_portal::handle(portal, request).await)
    }))
    .await
}
