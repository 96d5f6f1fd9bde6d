//! What the front calls: the gateway Lambda's handler, in-process.

use std::future::Future;

use async_trait::async_trait;
use lambda_http::{Body, Request, Response};

/// A `lambda_http` handler: gets the request exactly as the Lambda runtime would build
/// it from API Gateway's event, answers with a response.
///
/// Any `Fn(Request) -> impl Future<Output = Response<Body>>` is one.
#[async_trait]
pub trait Handler: Send + Sync + 'static {
    async fn handle(&self, request: Request) -> Response<Body>;
}

#[async_trait]
impl<F, Fut> Handler for F
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    async fn handle(&self, request: Request) -> Response<Body> {
        (self)(request).await
    }
}
