//! The local stand-in for API Gateway's HTTP API on a custom domain with mutual TLS
//! (SPEC C1, P2).
//!
//! In AWS, API Gateway terminates (mutual) TLS and invokes the gateway Lambda with an
//! HTTP API payload 2.0 event whose `requestContext.authentication.clientCert` describes
//! the client's certificate. Here [`serve`] does the same in-process: it refuses TLS
//! handshakes without a certificate from the configured CA, turns each request into the
//! event API Gateway would send ([`event::build_event`]), converts that into a
//! `lambda_http::Request` through the same JSON path the Lambda runtime takes
//! ([`event::to_lambda_request`]), and calls a [`Handler`]. API Gateway's limits apply:
//! bodies over 10 MB get 413, and so does an event Lambda would refuse (over 6 MiB, a
//! binary body base64-encoded in it), a panicking handler 500, one slower than 30 s 504.
//!
//! [`pki::DevPki`] makes the certificates a local run needs.
//!
//! Not emulated: custom-domain base-path mappings, routes other than `$default`,
//! authorizers, throttling, CORS, truststore versions and certificate revocation.

pub mod event;
mod front;
mod handler;
pub mod pki;

pub use front::{
    BODY_READ_TIMEOUT, FrontConfig, HANDLER_TIMEOUT, HEADER_READ_TIMEOUT, IDLE_TIMEOUT,
    MAX_BODY_BYTES, MAX_CONNECTIONS, serve, spawn, tls_config,
};
pub use handler::Handler;
