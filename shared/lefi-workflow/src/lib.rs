//! The query workflow (issue 5; SPEC §3): Validate → LookupPerson → Map(FetchBenefit) →
//! Compile → Audit, as one ASL definition (`infra/modules/workflow/lefi-query.asl.json`)
//! whose steps are the library functions of [`steps`]. [`local::LocalWorkflow`] runs that
//! very file in-process with `lefi-sfn-local`.

pub mod lambda;
pub mod local;
pub mod model;
pub mod steps;

pub use local::{LocalWorkflow, RunError};
pub use model::{QueryInput, QueryOutcome, WorkflowOutput};
