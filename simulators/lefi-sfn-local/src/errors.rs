//! Error names the executor reports or matches (spec Appendix A, AWS "Error names").
//!
//! Errors from tasks keep the name the [`crate::Resources`] implementation gives them
//! (a Lambda function's `errorType`), so `ErrorEquals: ["RegistryTimeout"]` matches a
//! task that fails with `TaskError { error: "RegistryTimeout", .. }`.

/// Matches every error except `States.Runtime` and `States.DataLimitExceeded`; must stand
/// alone, in the last Retrier or Catcher.
pub const ALL: &str = "States.ALL";
/// Matches every error except `States.Timeout`, `States.Runtime` and
/// `States.DataLimitExceeded` (AWS: "acts as a wildcard that matches any known error name
/// except for States.Timeout"); also the name of a task failure that comes without a name.
pub const TASK_FAILED: &str = "States.TaskFailed";
/// A state's input (after `Parameters`), a task's result or a state's output is larger
/// than the payload quota ([`crate::PAYLOAD_LIMIT_BYTES`]). AWS calls it terminal: no
/// wildcard (`States.ALL`, `States.TaskFailed`) matches it, only its own name.
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
/// A Task ran longer than its `TimeoutSeconds`.
pub const TIMEOUT: &str = "States.Timeout";
/// A path matched nothing, or a value had the wrong type for the field that read it.
/// Never retried or caught: it fails the execution.
pub const RUNTIME: &str = "States.Runtime";
/// No Choice rule matched and there is no `Default`.
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
/// A `ResultPath` could not be applied to the state's input.
pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
/// An intrinsic function failed (bad argument type, invalid JSON, index out of range).
pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";

/// Every `States.` error name AWS defines; `ErrorEquals` may name only these among the
/// `States.` names.
pub(crate) const KNOWN: [&str; 17] = [
    ALL,
    DATA_LIMIT_EXCEEDED,
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    INTRINSIC_FAILURE,
    "States.ItemReaderFailed",
    NO_CHOICE_MATCHED,
    "States.ParameterPathFailure",
    "States.Permissions",
    RESULT_PATH_MATCH_FAILURE,
    "States.ResultWriterFailed",
    RUNTIME,
    TASK_FAILED,
    TIMEOUT,
    "States.BranchFailed",
    "States.QueryEvaluationError",
];
