//! The workflow run locally: the very ASL file Terraform deploys, executed by
//! `lefi-sfn-local`, with its Task resources resolved to the steps in-process.

use std::sync::Arc;

use async_trait::async_trait;
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

/// The steps, by the placeholder each Task's `Resource` names.
pub const STEPS: [&str; 5] = [
    "validate",
    "lookup_person",
    "fetch_benefit",
    "compile_answer",
    "audit",
];

/// The local ARN a step's placeholder becomes (what `cargo lambda watch` would serve).
pub fn local_arn(step: &str) -> String {
    format!(
        "arn:aws:lambda:eu-north-1:000000000000:function:lefi-{}",
        step.replace('_', "-")
    )
}

/// The definition with every placeholder replaced, as Terraform's `templatefile` does.
pub fn render(arn: impl Fn(&str) -> String) -> String {
    STEPS.iter().fold(DEFINITION.to_owned(), |text, step| {
        text.replace(&format!("${{{step}_arn}}"), &arn(step))
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
    STEPS.iter().copied().find(|s| local_arn(s) == resource)
}

/// The steps in-process, with their dependencies, shared by every execution: what
/// [`LocalWorkflow`] resolves its Task resources to, and what a test can serve over HTTP
/// to another ASL interpreter (one dispatch, so the two cannot drift).
pub struct StepHandlers<S: ?Sized> {
    registries: Arc<dyn Registries>,
    store: Arc<S>,
    protector: Protector,
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
            store,
            protector,
        }
    }

    /// Runs one step (a name of [`STEPS`]) on its JSON input, as its Lambda would.
    ///
    /// # Errors
    /// The step's error, named as its Lambda names it (`errorType`), or
    /// `Lambda.ResourceNotFoundException` for an unknown step.
    pub async fn dispatch(&self, step: &str, input: Value) -> Result<Value, TaskError> {
        let registries = self.registries.as_ref();
        let ran = match step {
            "validate" => run::validate(input).await,
            "lookup_person" => run::lookup_person(registries, input).await,
            "fetch_benefit" => run::fetch_benefit(registries, input).await,
            "compile_answer" => run::compile(input).await,
            "audit" => run::audit(self.store.as_ref(), &self.protector, input).await,
            other => {
                return Err(TaskError::new(
                    "Lambda.ResourceNotFoundException",
                    other.to_owned(),
                ));
            }
        };
        ran.map_err(|e| TaskError::new(e.error_type(), e.to_string()))
    }
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
        let machine = StateMachine::parse(&render(local_arn))?;
        let resources: Arc<dyn Resources> =
            Arc::new(StepHandlers::new(registries, store, protector));
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
        let input = match serde_json::to_value(input) {
            Ok(v) => v,
            Err(e) => return (Err(RunError::Output(e.to_string())), 0),
        };
        let execution = self.executor.run(input).await;
        let output = match execution.status {
            Status::Succeeded(output) => {
                serde_json::from_value(output).map_err(|e| RunError::Output(e.to_string()))
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
