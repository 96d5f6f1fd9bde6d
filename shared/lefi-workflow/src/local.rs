//! The workflow run locally: the very ASL file Terraform deploys, executed by
//! `lefi-sfn-local`, with its Task resources resolved to the steps in-process.

use std::sync::Arc;

use async_trait::async_trait;
use lefi_registry::Registries;
use lefi_sfn_local::{
    DefinitionError, Executor, Resources, Sleeper, StateMachine, Status, TaskError,
};
use lefi_store::{Protector, Store};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::*;
use crate::steps::{self, StepError};
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

/// The steps' dependencies, shared by every execution.
struct Steps<S: ?Sized> {
    registries: Arc<dyn Registries>,
    store: Arc<S>,
    protector: Protector,
}

fn read<T: DeserializeOwned>(input: Value) -> Result<T, TaskError> {
    serde_json::from_value(input)
        .map_err(|e| TaskError::new(error_names::STEP_INPUT, e.to_string()))
}

fn task_error(e: StepError) -> TaskError {
    TaskError::new(e.error_type(), e.to_string())
}

fn write<T: serde::Serialize>(value: &T) -> Result<Value, TaskError> {
    serde_json::to_value(value).map_err(|e| TaskError::new(error_names::STEP_INPUT, e.to_string()))
}

#[async_trait]
impl<S: Store + ?Sized + 'static> Resources for Steps<S> {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        let step = STEPS
            .iter()
            .find(|s| local_arn(s) == resource)
            .ok_or_else(|| {
                TaskError::new("Lambda.ResourceNotFoundException", resource.to_owned())
            })?;
        match *step {
            "validate" => write(&steps::validate(&read(input)?)),
            "lookup_person" => {
                let i: PersonnummerInput = read(input)?;
                write(
                    &steps::lookup_person(self.registries.as_ref(), &i.personnummer)
                        .await
                        .map_err(task_error)?,
                )
            }
            "fetch_benefit" => write(
                &steps::fetch_benefit(self.registries.as_ref(), &read(input)?)
                    .await
                    .map_err(task_error)?,
            ),
            "compile_answer" => write(&steps::compile(&read(input)?).map_err(task_error)?),
            _ => write(
                &steps::audit(self.store.as_ref(), &self.protector, &read(input)?)
                    .await
                    .map_err(task_error)?,
            ),
        }
    }
}

/// Runs queries through the local executor.
pub struct LocalWorkflow {
    executor: Executor,
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
        let steps = Steps {
            registries,
            store,
            protector,
        };
        Ok(Self {
            executor: Executor::new(machine, Arc::new(steps)),
        })
    }

    /// Retry waits go through `sleeper` (tests make them instant).
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.executor = self.executor.with_sleeper(sleeper);
        self
    }
}

#[async_trait]
impl Workflow for LocalWorkflow {
    async fn run(&self, input: &QueryInput) -> Result<WorkflowOutput, RunError> {
        let input = serde_json::to_value(input).map_err(|e| RunError::Output(e.to_string()))?;
        let execution = self.executor.run(input).await;
        match execution.status {
            Status::Succeeded(output) => {
                serde_json::from_value(output).map_err(|e| RunError::Output(e.to_string()))
            }
            Status::Failed { error, cause } => Err(RunError::Failed { error, cause }),
            Status::TimedOut => Err(RunError::TimedOut),
        }
    }
}
