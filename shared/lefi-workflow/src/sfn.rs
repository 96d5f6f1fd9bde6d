//! The workflow in AWS: the EXPRESS state machine Terraform deploys, run with
//! `StartSyncExecution`. Its output is the same [`WorkflowOutput`] the local runner
//! returns; a failed execution (e.g. `AuditFailed`) is [`RunError::Failed`] with the
//! error's name, so the edge returns no data (P5).
//!
//! The input carries a personnummer: nothing here logs it or puts it in an error — SDK
//! errors are reported by their code only, unreadable output by position only.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_sfn::Client;
use aws_sdk_sfn::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_sfn::config::timeout::TimeoutConfig;
use aws_sdk_sfn::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_sfn::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sfn::types::SyncExecutionStatus;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointPrefix;

use crate::lambda::{ConfigError, Env, millis, required};
use crate::model::{QueryInput, WorkflowOutput};
use crate::{RunError, Workflow};

/// Where [`SfnWorkflow::from_env`] reads the state machine's ARN.
pub const STATE_MACHINE_ARN_VAR: &str = "LEFI_STATE_MACHINE_ARN";

/// Where [`SfnWorkflow::from_env`] reads how long to wait for an execution (ms).
pub const TIMEOUT_VAR: &str = "LEFI_WORKFLOW_TIMEOUT_MS";

/// How long the edge waits for an execution: the `StartSyncExecution` call's operation
/// timeout, retries included. The timeouts nest (issue 13): the workflow's own
/// `TimeoutSeconds` (20 s) < this < the gateway Lambda's timeout (27 s) < API Gateway's
/// integration timeout (29 s), so the execution ends first and reports it, and if it
/// does not, the gateway still has time to audit and free the query id before Lambda
/// stops it. `tests/timeouts.rs` of lefi-gateway checks the chain against the ASL and
/// Terraform.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(24);

/// Runs queries on Step Functions with `StartSyncExecution`.
#[derive(Debug, Clone)]
pub struct SfnWorkflow {
    client: Client,
    state_machine_arn: String,
    timeout: Duration,
}

impl SfnWorkflow {
    /// Waits [`DEFAULT_TIMEOUT`] for an execution.
    pub fn new(client: Client, state_machine_arn: impl Into<String>) -> Self {
        Self {
            client,
            state_machine_arn: state_machine_arn.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Waits at most `timeout` for an execution, then gives up ([`RunError::Abandoned`]).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long [`Workflow::run`] waits.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The state machine of `config`, through the SDK configuration the function built
    /// once ([`crate::lambda::LambdaAws`]).
    pub fn from_config(aws: &aws_types::SdkConfig, config: &SfnConfig) -> Self {
        Self::new(client(aws), config.state_machine_arn.clone()).with_timeout(config.timeout)
    }
}

/// The edge's part of its configuration for the workflow: `LEFI_STATE_MACHINE_ARN` and
/// how long to wait for an execution, `LEFI_WORKFLOW_TIMEOUT_MS` (default
/// [`DEFAULT_TIMEOUT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SfnConfig {
    pub state_machine_arn: String,
    pub timeout: Duration,
}

impl SfnConfig {
    /// # Errors
    /// `LEFI_STATE_MACHINE_ARN` is missing, or `LEFI_WORKFLOW_TIMEOUT_MS` is not a number
    /// of milliseconds; the error names the variable.
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        Ok(Self {
            state_machine_arn: required(env, STATE_MACHINE_ARN_VAR)?,
            timeout: millis(env, TIMEOUT_VAR, DEFAULT_TIMEOUT)?,
        })
    }
}

/// A Step Functions client for `config`. With an endpoint URL set (moto, LocalStack) the
/// `sync-` host prefix of `StartSyncExecution` is not added: `sync-127.0.0.1` resolves
/// nowhere. The Rust SDK has no switch for that (no `disable_host_prefix_injection`, as
/// of aws-sdk-sfn 1.125), so an interceptor removes the prefix the operation sets.
pub fn client(config: &aws_types::SdkConfig) -> Client {
    let mut builder = aws_sdk_sfn::config::Builder::from(config);
    if config.endpoint_url().is_some() {
        builder = builder.interceptor(NoHostPrefix);
    }
    Client::from_conf(builder.build())
}

/// Drops the endpoint prefix an operation asked for (`sync-` for StartSyncExecution).
/// Operations store it before execution; endpoints are applied in each attempt, after
/// this hook.
#[derive(Debug)]
struct NoHostPrefix;

impl Intercept for NoHostPrefix {
    fn name(&self) -> &'static str {
        "NoHostPrefix"
    }

    fn modify_before_retry_loop(
        &self,
        _context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().unset::<EndpointPrefix>();
        Ok(())
    }
}

/// The execution's name: the correlation id when Step Functions accepts it as one (1–80
/// characters, no whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or control
/// characters); otherwise none, and Step Functions picks one.
pub fn execution_name(correlation_id: &str) -> Option<&str> {
    let forbidden =
        |c: char| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c);
    let n = correlation_id.chars().count();
    ((1..=80).contains(&n) && !correlation_id.chars().any(forbidden)).then_some(correlation_id)
}

fn unavailable<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> RunError {
    // The code only: a service message might quote the request.
    let what = match e {
        // Our own operation timeout: we stopped waiting; the execution may go on.
        SdkError::TimeoutError(_) => return RunError::Abandoned,
        SdkError::ServiceError(s) => format!(
            "Step Functions svarade {}",
            s.err().code().unwrap_or("med ett okänt fel")
        ),
        SdkError::DispatchFailure(_) => "Step Functions gick inte att nå".to_owned(),
        SdkError::ResponseError(_) => "svaret från Step Functions gick inte att läsa".to_owned(),
        SdkError::ConstructionFailure(_) => "anropet kunde inte byggas".to_owned(),
        _ => "okänt fel i anropet".to_owned(),
    };
    RunError::Unavailable(what)
}

#[async_trait]
impl Workflow for SfnWorkflow {
    async fn run(&self, input: &QueryInput) -> Result<WorkflowOutput, RunError> {
        let body = serde_json::to_string(input).map_err(|e| RunError::unreadable(&e))?;
        let out = self
            .client
            .start_sync_execution()
            .state_machine_arn(&self.state_machine_arn)
            .set_name(execution_name(&input.correlation_id).map(str::to_owned))
            .input(body)
            .customize()
            .config_override(
                aws_sdk_sfn::config::Config::builder().timeout_config(
                    TimeoutConfig::builder()
                        .operation_timeout(self.timeout)
                        .build(),
                ),
            )
            .send()
            .await
            .map_err(|e| {
                let error = unavailable(&e);
                tracing::warn!(
                    correlation_id = %input.correlation_id,
                    %error,
                    "StartSyncExecution failed"
                );
                error
            })?;
        match out.status() {
            SyncExecutionStatus::Succeeded => {
                let output = out
                    .output()
                    .ok_or_else(|| RunError::Output("utdata saknas".to_owned()))?;
                serde_json::from_str(output).map_err(|e| RunError::unreadable(&e))
            }
            SyncExecutionStatus::Failed => Err(RunError::Failed {
                error: out.error().unwrap_or("States.Runtime").to_owned(),
                cause: out.cause().map(str::to_owned),
            }),
            SyncExecutionStatus::TimedOut => Err(RunError::TimedOut),
            other => Err(RunError::Unavailable(format!(
                "okänd status {}",
                other.as_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{SfnWorkflow, client, execution_name};
    use crate::model::example_input;
    use crate::{QueryInput, RunError, Workflow};

    /// A Step Functions endpoint that accepts the call and never answers, as a state
    /// machine still running would look from the edge.
    async fn silent_endpoint() -> (String, tokio::task::JoinHandle<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((conn, _)) = listener.accept().await {
                open.push(conn); // held, never answered
            }
        });
        (url, held)
    }

    #[tokio::test]
    async fn p5_the_edge_gives_up_on_an_execution_at_its_operation_timeout() {
        let (url, _held) = silent_endpoint().await;
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(url)
            .region(aws_config::Region::new("eu-north-1"))
            .credentials_provider(aws_sdk_sfn::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .load()
            .await;
        let workflow = SfnWorkflow::new(
            client(&config),
            "arn:aws:states:eu-north-1:123456789012:stateMachine:lefi-query",
        )
        .with_timeout(Duration::from_millis(300));
        let input: QueryInput =
            serde_json::from_value(example_input("195001019420", &["FK:SJP"])).unwrap();
        // Without an operation timeout the call would wait for ever (Lambda's own timeout
        // would end the gateway before it could audit or free the query id).
        let outcome = tokio::time::timeout(Duration::from_secs(10), workflow.run(&input)).await;
        assert_eq!(outcome, Ok(Err(RunError::Abandoned)));
    }

    #[test]
    fn a_correlation_id_names_the_execution_when_step_functions_accepts_it() {
        assert_eq!(execution_name("q-1_ABC.9"), Some("q-1_ABC.9"));
        let uuid = "3f2b8c1e-7d4a-4e9b-a2c6-0b5d8e1f9a37";
        assert_eq!(execution_name(uuid), Some(uuid));
        let longest = "x".repeat(80);
        assert_eq!(execution_name(&longest), Some(longest.as_str()));
        for bad in [
            "",
            &"x".repeat(81),
            "has space",
            "a/b",
            "a:b",
            "tab\there",
            "<x>",
            "a*",
            "100%",
            "a\u{7f}",
        ] {
            assert_eq!(execution_name(bad), None, "{bad:?}");
        }
    }
}
