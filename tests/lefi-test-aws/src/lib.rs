//! Where the integration tests find an AWS-compatible server, in this order:
//!
//! 1. `AWS_ENDPOINT_URL`: the moto server `scripts/test` starts, a LocalStack you
//!    started yourself, or anything else that speaks the AWS APIs;
//! 2. with the `localstack` feature and a Docker engine, a LocalStack container
//!    (testcontainers-modules), started once and kept for every test binary and later
//!    runs (`docker rm -f lefi-test-localstack` removes it);
//! 3. none: the test is skipped, loudly — and fails under `CI`, where it must run.

/// An AWS-compatible server the tests may use.
#[derive(Debug, Clone)]
pub struct AwsTarget {
    /// The server's base URL, without a trailing slash.
    pub endpoint: String,
    /// Region, credentials and endpoint for the SDK clients.
    pub config: aws_config::SdkConfig,
}

impl AwsTarget {
    /// moto only interprets state machines when told to (LocalStack always does, and
    /// answers this with an error, which is ignored). Set it before creating machines.
    pub async fn execute_state_machines(&self) {
        // reqwest comes without a rustls provider of its own (see lefi-registry).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let _ = reqwest::Client::new()
            .post(format!("{}/moto-api/config", self.endpoint))
            .header("content-type", "application/json")
            .body(r#"{"stepfunctions": {"execute_state_machine": true}}"#)
            .send()
            .await;
    }
}

/// The server for the test `case` (named in the skip message), or `None` when there is
/// none and this is not CI.
pub async fn aws(case: &str) -> Option<AwsTarget> {
    let endpoint = match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) => Ok(url),
        Err(_) => container::endpoint().await,
    };
    let endpoint = match endpoint {
        Ok(url) => url.trim_end_matches('/').to_owned(),
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run {case}: {why}"
            );
            eprintln!("SKIPPED {case}: {why} (scripts/test starts moto for you)");
            return None;
        }
    };
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&endpoint)
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(5));
    if std::env::var_os("AWS_REGION").is_none() {
        loader = loader.region(aws_config::Region::new("eu-north-1"));
    }
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        loader = loader.credentials_provider(aws_credential_types::Credentials::new(
            "test",
            "test",
            None,
            None,
            "lefi-test-aws",
        ));
    }
    Some(AwsTarget {
        endpoint,
        config: loader.load().await,
    })
}

#[cfg(feature = "localstack")]
mod container {
    use testcontainers::ReuseDirective;
    use testcontainers_modules::localstack::LocalStack;
    use testcontainers_modules::testcontainers::ImageExt;
    use testcontainers_modules::testcontainers::runners::AsyncRunner;

    const NAME: &str = "lefi-test-localstack";

    /// The container's edge port on the host. Every test of a binary asks; the first
    /// starts (or finds) the container, the rest reuse the answer.
    pub(crate) async fn endpoint() -> Result<String, String> {
        static ENDPOINT: tokio::sync::OnceCell<Result<String, String>> =
            tokio::sync::OnceCell::const_new();
        ENDPOINT.get_or_init(start).await.clone()
    }

    async fn start() -> Result<String, String> {
        let container = LocalStack::default()
            .with_container_name(NAME)
            .with_reuse(ReuseDirective::Always)
            .start()
            .await
            .map_err(|e| {
                format!("AWS_ENDPOINT_URL is not set and LocalStack did not start: {e}")
            })?;
        let host = container.get_host().await.map_err(|e| e.to_string())?;
        let port = container
            .get_host_port_ipv4(4566)
            .await
            .map_err(|e| e.to_string())?;
        // Reuse: dropping the handle leaves the container running for the next test.
        Ok(format!("http://{host}:{port}"))
    }
}

#[cfg(not(feature = "localstack"))]
mod container {
    pub(crate) async fn endpoint() -> Result<String, String> {
        Err("AWS_ENDPOINT_URL is not set".to_owned())
    }
}
