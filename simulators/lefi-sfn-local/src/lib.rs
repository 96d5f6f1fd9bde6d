//! A local AWS Step Functions executor: runs the same ASL file the service deploys,
//! in-process, with the tasks, the sleeping, the clock and the jitter seed injected.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use lefi_sfn_local::{Executor, Resources, StateMachine, Status, TaskError};
//! # struct Lambdas;
//! # #[async_trait::async_trait]
//! # impl Resources for Lambdas {
//! #     async fn invoke(&self, _: &str, input: serde_json::Value) -> Result<serde_json::Value, TaskError> { Ok(input) }
//! # }
//! # async fn demo(asl: &str) -> Result<(), lefi_sfn_local::DefinitionError> {
//! let machine = StateMachine::parse(asl)?;
//! let executor = Executor::new(machine, Arc::new(Lambdas));
//! let execution = executor.run(serde_json::json!({"pnr": "…"})).await;
//! if let Status::Succeeded(output) = execution.status { /* … */ }
//! # Ok(()) }
//! ```
//!
//! # The supported subset (JSONPath query language only)
//!
//! Anything not listed is refused by [`StateMachine::parse`] with a [`DefinitionError`]
//! naming the state and the field; nothing is silently ignored.
//!
//! - **Top level:** `StartAt`, `States`, `Comment`, `TimeoutSeconds` (the execution ends
//!   [`Status::TimedOut`]), `Version` (`"1.0"`), `QueryLanguage` (`"JSONPath"`).
//! - **States and their fields** (every state also takes `Type`, `Comment`,
//!   `QueryLanguage: "JSONPath"`):
//!   - `Task`: `Resource`, `Parameters`, `ResultSelector`, `ResultPath`, `InputPath`,
//!     `OutputPath`, `TimeoutSeconds` (enforced: `States.Timeout`), `Retry`, `Catch`,
//!     `Next`/`End`. The resource string goes to [`Resources::invoke`] as written.
//!   - `Pass`: `Result`, `Parameters`, `ResultPath`, `InputPath`, `OutputPath`, `Next`/`End`.
//!   - `Choice`: `Choices`, `Default`, `InputPath`, `OutputPath`.
//!   - `Wait`: `Seconds` or `SecondsPath`, `InputPath`, `OutputPath`, `Next`/`End`.
//!   - `Succeed`: `InputPath`, `OutputPath`. `Fail`: `Error` (required here), `Cause`.
//!   - `Map` (inline): `ItemProcessor` {`ProcessorConfig` {`Mode: "INLINE"`},
//!     `StartAt`, `States`}, `ItemsPath`, `ItemSelector`, `MaxConcurrency` (0 = no
//!     limit), `ResultSelector`, `ResultPath`, `InputPath`, `OutputPath`, `Retry`,
//!     `Catch`, `Next`/`End`.
//!   - `Parallel`: `Branches`, `Parameters`, `ResultSelector`, `ResultPath`,
//!     `InputPath`, `OutputPath`, `Retry`, `Catch`, `Next`/`End`.
//! - **Paths:** reference paths only: `$`, `$.a.b`, `$['a b']`, `$.a[0]`, and `$$.…`
//!   for the context object. `InputPath`/`OutputPath` may be `null` (`{}`), `ResultPath`
//!   may be `null` (keep the input) and merges into the raw input, creating missing
//!   objects. Wildcards, filters, slices, unions, `..` are refused (see
//!   [JSONPath](#jsonpath) below for why there is no JSONPath crate).
//! - **Context object:** `$$.Execution.Id`, `.Name`, `.Input` (and paths below it),
//!   `.StartTime`; `$$.State.Name`, `.EnteredTime`, `.RetryCount`; `$$.StateMachine.Id`;
//!   `$$.Map.Item.Index` and `$$.Map.Item.Value` (and below) — the last two only in a
//!   Map's `ItemSelector`.
//! - **Choice operators:** `String{Equals,LessThan,GreaterThan,LessThanEquals,GreaterThanEquals}`,
//!   the same for `Numeric…`, `BooleanEquals`, each with its `…Path` form;
//!   `StringMatches`; `IsPresent`, `IsNull`, `IsString`, `IsNumeric`, `IsBoolean`;
//!   `And`, `Or`, `Not`. Timestamp operators are refused.
//! - **Intrinsic functions:** `States.Format`, `States.StringToJson`,
//!   `States.JsonToString`, `States.Array`, `States.ArrayLength`, `States.ArrayGetItem`,
//!   `States.ArrayContains`, `States.MathAdd`, `States.JsonMerge` (shallow). Others
//!   (`States.UUID`, `States.MathRandom`, `States.Hash`, `States.Base64…`,
//!   `States.StringSplit`, `States.ArrayPartition`, `States.ArrayRange`,
//!   `States.ArrayUnique`) are refused.
//! - **Retry:** `ErrorEquals`, `IntervalSeconds` (default 1), `MaxAttempts` (default 3,
//!   0 = never), `BackoffRate` (default 2.0), `MaxDelaySeconds`, `JitterStrategy`
//!   (`FULL`: uniform in `[0, delay]` from a seeded PCG, so a run replays; `NONE`).
//!   **Catch:** `ErrorEquals`, `Next`, `ResultPath` (receives `{"Error", "Cause"}`).
//!   `States.ALL` matches everything but `States.Runtime` and `States.DataLimitExceeded`
//!   and must stand alone in the last Retrier/Catcher; `States.TaskFailed` matches
//!   everything but `States.Timeout`, `States.Runtime` and `States.DataLimitExceeded`;
//!   other names match exactly (a task's [`TaskError::error`]).
//! - **Payload quota:** as in AWS, an execution's input, a task's input (after
//!   `Parameters`), a task's or Map/Parallel's result and a state's output may be at most
//!   [`PAYLOAD_LIMIT_BYTES`] (256 KiB) of JSON; over it the state fails with
//!   `States.DataLimitExceeded`, which only a Retrier or Catcher naming it can take (AWS
//!   calls it terminal). [`Execution::peak_payload_bytes`] reports the largest payload,
//!   so a test can see how close a workflow comes; `Executor::with_payload_limit(None)`
//!   turns both off.
//!
//! **Refused:** other state types' fields (`HeartbeatSeconds`, `TimeoutSecondsPath`,
//! `Credentials`, `ErrorPath`/`CausePath`, Wait `Timestamp`/`TimestampPath`), JSONata
//! (`QueryLanguage: "JSONata"`, `Arguments`, `Output`, `Assign`, `Items`), distributed Map
//! (`ItemReader`, `ItemBatcher`, `ResultWriter`, `ToleratedFailure…`, `Label`, Mode
//! `DISTRIBUTED`), the legacy Map `Iterator` and Map `Parameters`, `MaxConcurrencyPath`,
//! `.waitForTaskToken`/`.sync` resources, unknown `States.` error names, dangling
//! `Next`/`Default`/`StartAt`, unreachable states, duplicate state names.
//!
//! **Known differences from AWS:** objects keep serde_json's sorted key order, so
//! `States.JsonToString` of an object lists keys sorted, where AWS keeps input order.
//! `States.Runtime` (a path that matches nothing, a wrong type where a field needs one)
//! always fails the execution, as AWS says; `States.IntrinsicFailure` can be caught.
//!
//! # JSONPath
//!
//! ASL's JSONPath use is reference paths plus, in a few fields, general JSONPath whose
//! multi-match results AWS itself restricts. A hand-written parser for reference paths
//! is about 150 lines, resolves paths once at load time into field/index steps (no
//! per-call parsing), can refuse everything else with a precise message, and resolves
//! `$$` against the executor's own context fields without building a context object
//! per state. `serde_json_path` would accept the whole RFC 9535 language, which we would
//! then have to fence back in.
//!
//! # Concurrency and cost
//!
//! An execution is one future: Map iterations and Parallel branches run concurrently
//! inside it (`FuturesUnordered`), with no spawning and no locks; a [`Resources`]
//! implementation that wants threads can spawn. Definitions are compiled once (paths to
//! steps, templates to trees, state names to indices); a state's input is moved, not
//! copied, into its ResultPath. Timeouts (Task and execution `TimeoutSeconds`) and the
//! default [`TokioSleeper`] need a tokio runtime with the time driver. About 2 µs per
//! state visit (`benches/executor.rs`, BENCHMARKS.md).

mod choice;
mod definition;
pub mod errors;
mod executor;
mod intrinsic;
mod path;
mod ports;
mod template;

pub use definition::{DefinitionError, StateMachine};
pub use executor::{
    DEFAULT_STATE_MACHINE_ARN, Event, Execution, Executor, PAYLOAD_LIMIT_BYTES, Status,
};
pub use ports::{
    Clock, FixedClock, InstantSleeper, Resources, Sleeper, SystemClock, TaskError, TokioSleeper,
};
