//! The workflow run locally: the very ASL file Terraform deploys, executed by
//! `lefi-sfn-local`, with its Task resources resolved to the steps in-process.

use std::sync::Arc;

use async_trait::async_trait;
use lefi_metrics::Metrics;
use lefi_registry::Registries;
use lefi_sfn_local::{
    DefinitionError, Executor, PAYLOAD_LIMIT_BYTES, Resources, Sleeper, StateMachine, Status,
    TaskError,
};
use lefi_store::{Protector, Store};
use serde_json::Value;

use crate::model::*;
use crate::run;
use crate::{RunError, Workflow};

/// The workflow definition, with `${…_arn}` placeholders for `templatefile`.
pub const DEFINITION: &str = include_str!("../../../infra/modules/workflow/lefi-query.asl.json");

/// The one list of the stack's functions, which Terraform and the scripts read too:
/// `scripts/functions` writes it from each crate's `[package.metadata.lefi]`.
pub const FUNCTIONS: &str = include_str!("../../../infra/functions.json");

/// One step of [`FUNCTIONS`]: its key (the ASL's placeholder is `${<key>_arn}`) and the
/// binary its crate builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub key: String,
    pub binary: String,
}

/// The workflow's steps: the functions of [`FUNCTIONS`] whose kind is `step`, by key.
pub fn steps() -> &'static [Step] {
    static STEPS: std::sync::OnceLock<Vec<Step>> = std::sync::OnceLock::new();
    STEPS.get_or_init(|| {
        let list: Value = serde_json::from_str(FUNCTIONS).expect("infra/functions.json is JSON");
        let functions = list["functions"]
            .as_object()
            .expect("infra/functions.json has a functions object");
        functions
            .iter()
            .filter(|(_, f)| f["kind"] == "step")
            .map(|(key, f)| Step {
                key: key.clone(),
                binary: f["binary"].as_str().unwrap_or(key).to_owned(),
            })
            .collect()
    })
}

/// The local ARN a step's placeholder becomes: its binary's name, which is what `cargo
/// lambda watch` serves (see [`StepHandlers::with_lambda_endpoint`]).
pub fn local_arn(step: &str) -> String {
    let binary = steps().iter().find(|s| s.key == step).map_or_else(
        || format!("lefi-{}", step.replace('_', "-")),
        |s| s.binary.clone(),
    );
    format!("arn:aws:lambda:eu-north-1:000000000000:function:{binary}")
}

/// The definition with every step's placeholder replaced, as Terraform's `templatefile`
/// does.
pub fn render(arn: impl Fn(&str) -> String) -> String {
    steps().iter().fold(DEFINITION.to_owned(), |text, step| {
        text.replace(&format!("${{{}_arn}}", step.key), &arn(&step.key))
    })
}

/// The name of the Map state whose `MaxConcurrency` [`set_max_concurrency`] sets.
pub const FETCH_MAP_STATE: &str = "FetchBenefits";

/// Sets the fan-out's `MaxConcurrency` in a parsed definition (0 = no limit). The ASL
/// file keeps a number there (24) so that it stays valid JSON for asl-validator;
/// Terraform does the same as this: `templatefile` → `jsondecode` → `merge` →
/// `jsonencode`.
pub fn set_max_concurrency(definition: &mut Value, max_concurrency: u32) {
    if let Some(map) = definition
        .get_mut("States")
        .and_then(|states| states.get_mut(FETCH_MAP_STATE))
        .and_then(Value::as_object_mut)
    {
        map.insert("MaxConcurrency".into(), max_concurrency.into());
    }
}

/// The step a Task `Resource` names, if it is one of [`local_arn`]'s.
pub fn step_of(resource: &str) -> Option<&'static str> {
    steps()
        .iter()
        .find(|s| local_arn(&s.key) == resource)
        .map(|s| s.key.as_str())
}

/// The steps whose code runs in-process ([`StepHandlers::dispatch`]); any other step of
/// the list runs as its own Lambda binary behind a Lambda endpoint, when one is given.
pub const IN_PROCESS: [&str; 5] = [
    "validate",
    "lookup_person",
    "fetch_benefit",
    "compile_answer",
    "audit",
];

/// The steps in-process, with their dependencies, shared by every execution: what
/// [`LocalWorkflow`] resolves its Task resources to, and what a test can serve over HTTP
/// to another ASL interpreter (one dispatch, so the two cannot drift).
pub struct StepHandlers<S: ?Sized> {
    registries: Arc<dyn Registries>,
    /// Where the registry calls' metrics go (issue 17, item 7); nowhere unless
    /// [`StepHandlers::with_metrics`].
    metrics: Arc<dyn Metrics>,
    store: Arc<S>,
    protector: Protector,
    lambda_endpoint: Option<String>,
}

impl<S: ?Sized> std::fmt::Debug for StepHandlers<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepHandlers").finish_non_exhaustive()
    }
}

impl<S: Store + ?Sized + 'static> StepHandlers<S> {
    pub fn new(registries: Arc<dyn Registries>, store: Arc<S>, protector: Protector) -> Self {
        Self {
            registries,
            metrics: Arc::new(lefi_metrics::Discard),
            store,
            protector,
            lambda_endpoint: None,
        }
    }

    /// The same handlers, the registry calls' metrics going to `metrics`.
    #[must_use]
    pub fn with_metrics(mut self, metrics: Arc<dyn Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    /// Where the steps without in-process code ([`IN_PROCESS`]) run: a server of the
    /// Lambda Invoke API, such as `cargo lambda watch --invoke-port N`
    /// (`http://127.0.0.1:N`, started in the crate's folder), which builds and serves a
    /// function crate by its binary's name. So a new step crate runs locally with no
    /// edit here.
    pub fn with_lambda_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.lambda_endpoint = Some(endpoint.into().trim_end_matches('/').to_owned());
        self
    }

    /// Runs one step (a key of [`steps`]) on its JSON input, as its Lambda would.
    ///
    /// # Errors
    /// The step's error, named as its Lambda names it (`errorType`), or
    /// `Lambda.ResourceNotFoundException` for a step not in the list, or one that has no
    /// in-process code when no Lambda endpoint is given.
    pub async fn dispatch(&self, step: &str, input: Value) -> Result<Value, TaskError> {
        let registries = self.registries.as_ref();
        let ran = match step {
            "validate" => run::validate(input).await,
            "lookup_person" => run::lookup_person(registries, self.metrics.as_ref(), input).await,
            "fetch_benefit" => run::fetch_benefit(registries, self.metrics.as_ref(), input).await,
            "compile_answer" => run::compile(input).await,
            "audit" => run::audit(self.store.as_ref(), &self.protector, input).await,
            other => return self.invoke_lambda(other, input).await,
        };
        ran.map_err(|e| TaskError::new(e.error_type(), e.to_string()))
    }

    /// A step without in-process code, through the Lambda endpoint.
    async fn invoke_lambda(&self, step: &str, input: Value) -> Result<Value, TaskError> {
        let not_found = |why: &str| {
            TaskError::new("Lambda.ResourceNotFoundException", format!("{step}: {why}"))
        };
        let binary = steps()
            .iter()
            .find(|s| s.key == step)
            .map(|s| s.binary.clone())
            .ok_or_else(|| not_found("inte en funktion i infra/functions.json"))?;
        let endpoint = self.lambda_endpoint.as_deref().ok_or_else(|| {
            not_found("ingen kod i processen och ingen Lambda-ändpunkt (cargo lambda watch)")
        })?;
        invoke(endpoint, &binary, input).await
    }
}

/// One call of the Lambda Invoke API. A function error comes back as its `errorType`
/// (real Lambda answers 200 with `X-Amz-Function-Error`, `cargo lambda watch` 500: both
/// carry the same body).
async fn invoke(endpoint: &str, function: &str, input: Value) -> Result<Value, TaskError> {
    let url = format!("{endpoint}/2015-03-31/functions/{function}/invocations");
    let service = |e: reqwest::Error| TaskError::new("Lambda.ServiceException", e.to_string());
    lefi_registry::install_ring_provider();
    let answer = reqwest::Client::new()
        .post(url)
        .json(&input)
        .send()
        .await
        .map_err(service)?;
    let failed =
        !answer.status().is_success() || answer.headers().contains_key("x-amz-function-error");
    let body: Value = answer.json().await.map_err(service)?;
    if failed {
        let text = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
        let error = Some(text("errorType"))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Lambda.Unknown".to_owned());
        return Err(TaskError::new(error, text("errorMessage")));
    }
    Ok(body)
}

#[async_trait]
impl<S: Store + ?Sized + 'static> Resources for StepHandlers<S> {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        let step = step_of(resource).ok_or_else(|| {
            TaskError::new("Lambda.ResourceNotFoundException", resource.to_owned())
        })?;
        self.dispatch(step, input).await
    }
}

/// Runs queries through the local executor.
pub struct LocalWorkflow {
    executor: Executor,
    resources: Arc<dyn Resources>,
    sleeper: Option<Arc<dyn Sleeper>>,
    payload_limit: Option<usize>,
}

impl std::fmt::Debug for LocalWorkflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalWorkflow").finish_non_exhaustive()
    }
}

impl LocalWorkflow {
    pub fn new<S: Store + ?Sized + 'static>(
        registries: Arc<dyn Registries>,
        store: Arc<S>,
        protector: Protector,
    ) -> Result<Self, DefinitionError> {
        Self::with_steps(StepHandlers::new(registries, store, protector))
    }

    /// Runs queries with these steps (e.g. [`StepHandlers::with_lambda_endpoint`]).
    pub fn with_steps<S: Store + ?Sized + 'static>(
        steps: StepHandlers<S>,
    ) -> Result<Self, DefinitionError> {
        let machine = StateMachine::parse(&render(local_arn))?;
        let resources: Arc<dyn Resources> = Arc::new(steps);
        Ok(Self {
            executor: Executor::new(machine, resources.clone()),
            resources,
            sleeper: None,
            payload_limit: Some(PAYLOAD_LIMIT_BYTES),
        })
    }

    /// Holds payloads to `limit` bytes instead of Step Functions' 256 KiB
    /// ([`PAYLOAD_LIMIT_BYTES`], the default); `None` neither limits nor measures.
    pub fn with_payload_limit(mut self, limit: Option<usize>) -> Self {
        self.executor = self.executor.with_payload_limit(limit);
        self.payload_limit = limit;
        self
    }

    /// Runs one query like [`Workflow::run`], and says how large the state grew: the
    /// largest payload of the execution, in bytes of JSON (what AWS holds against its
    /// 256 KiB quota).
    pub async fn run_measured(
        &self,
        input: &QueryInput,
    ) -> (Result<WorkflowOutput, RunError>, usize) {
        let name = input.correlation_id.clone();
        let input = match serde_json::to_value(input) {
            Ok(v) => v,
            Err(e) => return (Err(RunError::Output(e.to_string())), 0),
        };
        // Named by the query, as in AWS: each query's retries get their own jitter.
        let execution = self.executor.run_named(&name, input).await;
        let output = match execution.status {
            Status::Succeeded(output) => {
                serde_json::from_value(output).map_err(|e| RunError::unreadable(&e))
            }
            Status::Failed { error, cause } => Err(RunError::Failed { error, cause }),
            Status::TimedOut => Err(RunError::TimedOut),
        };
        (output, execution.peak_payload_bytes)
    }

    /// Retry waits go through `sleeper` (tests make them instant).
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.executor = self.executor.with_sleeper(sleeper.clone());
        self.sleeper = Some(sleeper);
        self
    }

    /// At most `max_concurrency` benefits fetched at once (0 = no limit; the file says
    /// 24), by rewriting the definition as Terraform does ([`set_max_concurrency`]).
    ///
    /// # Errors
    /// Only if the rewritten definition does not load (it always should).
    pub fn with_max_concurrency(mut self, max_concurrency: u32) -> Result<Self, DefinitionError> {
        let mut definition: Value =
            serde_json::from_str(&render(local_arn)).map_err(|e| DefinitionError {
                state: None,
                field: String::new(),
                message: e.to_string(),
            })?;
        set_max_concurrency(&mut definition, max_concurrency);
        let mut executor = Executor::new(
            StateMachine::from_value(&definition)?,
            self.resources.clone(),
        )
        .with_payload_limit(self.payload_limit);
        if let Some(sleeper) = &self.sleeper {
            executor = executor.with_sleeper(sleeper.clone());
        }
        self.executor = executor;
        Ok(self)
    }
}

#[async_trait]
impl Workflow for LocalWorkflow {
    async fn run(&self, input: &QueryInput) -> Result<WorkflowOutput, RunError> {
        self.run_measured(input).await.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_of_the_definition_is_a_step_of_the_list_with_code_in_process() {
        let rendered = render(local_arn);
        assert!(
            !rendered.contains("${"),
            "a placeholder no step of infra/functions.json fills"
        );
        let definition: Value = serde_json::from_str(&rendered).unwrap();
        let mut named = Vec::new();
        let mut states = vec![&definition["States"]];
        while let Some(s) = states.pop() {
            for state in s.as_object().unwrap().values() {
                if let Some(resource) = state["Resource"].as_str() {
                    named.push(step_of(resource).unwrap_or_else(|| panic!("{resource}")));
                }
                if let Some(inner) = state.get("ItemProcessor") {
                    states.push(&inner["States"]);
                }
            }
        }
        named.sort_unstable();
        let mut in_process = IN_PROCESS.to_vec();
        in_process.sort_unstable();
        assert_eq!(named, in_process);
    }

    /// Issue 17, item 3: every Task retries the Lambda service errors AWS advises
    /// retrying, with backoff and full jitter, before anything else decides.
    #[test]
    fn every_task_retries_the_lambda_service_errors_first_with_jitter() {
        let definition: Value = serde_json::from_str(&render(local_arn)).unwrap();
        let lambda = [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException",
        ];
        let mut tasks = 0;
        let mut states = vec![&definition["States"]];
        while let Some(s) = states.pop() {
            for (name, state) in s.as_object().unwrap() {
                if let Some(inner) = state.get("ItemProcessor") {
                    states.push(&inner["States"]);
                }
                if state["Type"] != "Task" {
                    continue;
                }
                tasks += 1;
                let first = &state["Retry"][0];
                assert_eq!(first["ErrorEquals"], serde_json::json!(lambda), "{name}");
                assert_eq!(first["JitterStrategy"], "FULL", "{name}");
                assert!(first["BackoffRate"].as_f64().unwrap() > 1.0, "{name}");
            }
        }
        assert_eq!(tasks, 5);
    }

    #[test]
    fn the_list_names_each_steps_binary() {
        assert!(steps().iter().any(|s| s.key == "fetch_benefit"));
        assert_eq!(
            local_arn("compile_answer"),
            "arn:aws:lambda:eu-north-1:000000000000:function:lefi-compile-answer"
        );
        assert_eq!(step_of(&local_arn("audit")), Some("audit"));
        assert_eq!(
            step_of("arn:aws:lambda:eu-north-1:000000000000:function:x"),
            None
        );
    }

    /// A step with no code in-process goes to the Lambda endpoint by its binary's name;
    /// its function error keeps its name (the ASL's Retry/Catch match on it).
    #[tokio::test]
    async fn a_step_without_in_process_code_runs_behind_the_lambda_endpoint() {
        use axum::{Json, Router, extract::Path, http::StatusCode, routing::post};
        let app = Router::new().route(
            "/2015-03-31/functions/{name}/invocations",
            post(
                |Path(name): Path<String>, Json(input): Json<Value>| async move {
                    if name == "lefi-failing" {
                        let body =
                            serde_json::json!({"errorType": "StepFailed", "errorMessage": "nej"});
                        (StatusCode::INTERNAL_SERVER_ERROR, Json(body))
                    } else {
                        (
                            StatusCode::OK,
                            Json(serde_json::json!({"ran": name, "input": input})),
                        )
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });

        let out = invoke(&endpoint, "lefi-dummy", serde_json::json!({"a": 1}))
            .await
            .unwrap();
        assert_eq!(
            out,
            serde_json::json!({"ran": "lefi-dummy", "input": {"a": 1}})
        );
        let err = invoke(&endpoint, "lefi-failing", Value::Null)
            .await
            .unwrap_err();
        assert_eq!(
            (err.error.as_str(), err.cause.as_str()),
            ("StepFailed", "nej")
        );

        // Without an endpoint, a step that is not in-process is not found, by name.
        let steps = StepHandlers::new(
            Arc::new(
                lefi_registry::HttpRegistries::new(
                    "http://127.0.0.1:9",
                    std::time::Duration::from_millis(100),
                )
                .unwrap(),
            ),
            Arc::new(lefi_store::EmbeddedStore::new()),
            Protector::development(),
        );
        let err = steps
            .dispatch("no_such_step", Value::Null)
            .await
            .unwrap_err();
        assert_eq!(err.error, "Lambda.ResourceNotFoundException");
    }
}
