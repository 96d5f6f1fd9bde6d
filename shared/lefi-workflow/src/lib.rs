//! The query workflow (issue 5; SPEC §3): Validate → LookupPerson → Map(FetchBenefit) →
//! Compile → Audit, as one ASL definition (`infra/modules/workflow/lefi-query.asl.json`)
//! whose steps are the library functions of [`steps`]. [`local::LocalWorkflow`] runs that
//! very file in-process with `lefi-sfn-local`; [`sfn::SfnWorkflow`] runs the deployed
//! EXPRESS state machine with `StartSyncExecution`.
//!
//! The core ([`model`], [`steps`]) has no AWS or simulator dependency; the rest comes
//! behind features, turned on only where used: `lambda` (the Lambda shells' shared
//! setup), `sfn` (the edge's way to Step Functions), `local` (the local runner).

pub mod budget;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "local")]
pub mod local;
pub mod model;
pub mod run;
#[cfg(feature = "sfn")]
pub mod sfn;
pub mod steps;

#[cfg(feature = "local")]
pub use local::LocalWorkflow;
pub use model::{QueryInput, QueryOutcome, WorkflowOutput};
#[cfg(feature = "sfn")]
pub use sfn::SfnWorkflow;

use async_trait::async_trait;

/// Runs one query through the workflow and returns its output: [`LocalWorkflow`] in
/// process, or Step Functions in AWS. The edge (gateway, portal) holds one of these.
#[async_trait]
pub trait Workflow: Send + Sync {
    async fn run(&self, input: &QueryInput) -> Result<WorkflowOutput, RunError>;
}

/// Why a run did not produce an output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The execution failed (e.g. `AuditFailed`): no data may leave (P5).
    #[error("arbetsflödet avbröts: {error}")]
    Failed {
        error: String,
        cause: Option<String>,
    },
    /// The execution itself ran past its `TimeoutSeconds`: it ended without its Audit
    /// step's output.
    #[error("arbetsflödet tog för lång tid")]
    TimedOut,
    /// The edge stopped waiting for the execution (the call's operation timeout). The
    /// execution may still be running; if it reaches Audit later, the record the edge
    /// writes under the same id is already there, so it fails closed and bills nothing.
    #[error("arbetsflödet svarade inte i tid; svaret väntas inte längre")]
    Abandoned,
    #[error("arbetsflödets svar kan inte läsas: {0}")]
    Output(String),
    /// The workflow service could not be reached or refused the call.
    #[error("arbetsflödet kunde inte startas: {0}")]
    Unavailable(String),
}

impl RunError {
    /// An output that does not read as the workflow's, named by kind and place only:
    /// serde's message may quote a value of the answer, such as a personnummer.
    pub fn unreadable(e: &serde_json::Error) -> Self {
        Self::Output(format!(
            "{:?} på rad {}, kolumn {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    }
}
