//! Running a state machine (spec "Input and Output Processing", "Errors", "Map State",
//! "Parallel State").
//!
//! Per state: `InputPath` → `Parameters` → the work → `ResultSelector` → `ResultPath`
//! (into the state's raw input) → `OutputPath`. A failure is matched against the
//! Retriers in order (the first whose `ErrorEquals` matches decides; each Retrier counts
//! its own attempts), then the Catchers; a caught error becomes `{"Error", "Cause"}`
//! placed by the Catcher's `ResultPath` into the raw input, and `OutputPath` is not
//! applied. `States.Runtime` is never retried or caught.
//!
//! Map iterations and Parallel branches run concurrently inside the execution's own
//! task (no spawning, no locks): up to `MaxConcurrency` at once (0: all). Results keep
//! item order. The first failure to happen fails the state with that error and cancels
//! the iterations still running.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde_json::{Map, Value};

use crate::definition::{Graph, Kind, ResultPath, Retrier, Select, State, StateMachine, WaitFor};
use crate::errors;
use crate::path::{self, ContextField, Step};
use crate::ports::{Clock, Resources, Sleeper, SystemClock, TokioSleeper};
use crate::template::{EvalError, Scope, lookup};

/// How an execution ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The output of the last state.
    Succeeded(Value),
    /// An error nothing caught, or a Fail state.
    Failed {
        /// The error name.
        error: String,
        /// The cause, when there is one.
        cause: Option<String>,
    },
    /// The definition's top-level `TimeoutSeconds` passed.
    TimedOut,
}

/// A finished execution: how it ended and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The history. Events of Map iterations and Parallel branches follow their state's
    /// `StateEntered`, grouped per iteration in item order (not interleaved in time).
    pub events: Vec<Event>,
    /// The largest payload the execution carried, in bytes of compact JSON: its input,
    /// a state's input after `Parameters`, a task's or Map's result, a state's output —
    /// what AWS holds against [`PAYLOAD_LIMIT_BYTES`]. 0 when the executor does not
    /// measure ([`Executor::with_payload_limit`] `None`).
    pub peak_payload_bytes: usize,
}

/// Step Functions' payload quota: 256 KiB for an execution's input, a state's input and
/// output and a task's result (UTF-8 JSON). Over it, `States.DataLimitExceeded`.
pub const PAYLOAD_LIMIT_BYTES: usize = 256 * 1024;

/// One entry of an execution's history.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// A state started (once per visit, not per retry).
    StateEntered { state: Arc<str> },
    /// A state finished and passed its output on.
    StateExited { state: Arc<str> },
    /// A state failed and nothing in it retried or caught the error.
    StateFailed { state: Arc<str>, error: String },
    /// A Task state called its resource.
    TaskScheduled { state: Arc<str>, resource: Arc<str> },
    /// The resource returned a result.
    TaskSucceeded { state: Arc<str>, resource: Arc<str> },
    /// The resource returned an error.
    TaskFailed {
        state: Arc<str>,
        resource: Arc<str>,
        error: String,
        cause: String,
    },
    /// The resource did not answer within the state's `TimeoutSeconds`.
    TaskTimedOut { state: Arc<str>, resource: Arc<str> },
    /// A Retrier matched: the state runs again after `delay`. `attempt` counts this
    /// Retrier's retries, from 1.
    RetryScheduled {
        state: Arc<str>,
        error: String,
        retrier: usize,
        attempt: u32,
        delay: Duration,
    },
    /// A Catcher matched: the execution goes on at `next`.
    Caught {
        state: Arc<str>,
        error: String,
        catcher: usize,
        next: Arc<str>,
    },
    /// A Wait state waited.
    Waited { state: Arc<str>, delay: Duration },
    /// A Map iteration started.
    MapIterationStarted { state: Arc<str>, index: usize },
    /// A Map iteration succeeded.
    MapIterationSucceeded { state: Arc<str>, index: usize },
    /// A Map iteration failed (and failed the Map state).
    MapIterationFailed {
        state: Arc<str>,
        index: usize,
        error: String,
    },
    /// A Parallel branch started.
    BranchStarted { state: Arc<str>, index: usize },
    /// A Parallel branch succeeded.
    BranchSucceeded { state: Arc<str>, index: usize },
    /// A Parallel branch failed (and failed the Parallel state).
    BranchFailed {
        state: Arc<str>,
        index: usize,
        error: String,
    },
}

/// Runs a [`StateMachine`] against a set of [`Resources`].
///
/// Built once, run many times (`run` takes `&self`; runs share nothing but the
/// definition, the resources and the options).
pub struct Executor {
    machine: Arc<StateMachine>,
    resources: Arc<dyn Resources>,
    sleeper: Arc<dyn Sleeper>,
    clock: Arc<dyn Clock>,
    seed: u64,
    state_machine_arn: String,
    execution_name: String,
    payload_limit: Option<usize>,
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Executor")
            .field("state_machine_arn", &self.state_machine_arn)
            .field("execution_name", &self.execution_name)
            .field("seed", &self.seed)
            .field("payload_limit", &self.payload_limit)
            .field("sleeper", &self.sleeper)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

/// The state machine ARN an [`Executor`] reports unless told otherwise.
pub const DEFAULT_STATE_MACHINE_ARN: &str =
    "arn:aws:states:eu-north-1:000000000000:stateMachine:lefi-local";

impl Executor {
    /// An executor that really sleeps (tokio), reads the system clock for the context
    /// object's times, seeds jitter with 0, names executions `local` and holds payloads
    /// to AWS's quota ([`PAYLOAD_LIMIT_BYTES`]).
    pub fn new(machine: impl Into<Arc<StateMachine>>, resources: Arc<dyn Resources>) -> Executor {
        Executor {
            machine: machine.into(),
            resources,
            sleeper: Arc::new(TokioSleeper),
            clock: Arc::new(SystemClock),
            seed: 0,
            state_machine_arn: DEFAULT_STATE_MACHINE_ARN.into(),
            execution_name: "local".into(),
            payload_limit: Some(PAYLOAD_LIMIT_BYTES),
        }
    }

    /// Fails a payload over `limit` bytes with `States.DataLimitExceeded`, as AWS does at
    /// [`PAYLOAD_LIMIT_BYTES`], and reports the largest one
    /// ([`Execution::peak_payload_bytes`]); `None` neither measures nor limits (each
    /// measurement serialises the payload once).
    #[must_use]
    pub fn with_payload_limit(mut self, limit: Option<usize>) -> Executor {
        self.payload_limit = limit;
        self
    }

    /// Waits (retries, Wait states) with this sleeper, e.g. [`crate::InstantSleeper`].
    #[must_use]
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Executor {
        self.sleeper = sleeper;
        self
    }

    /// Reads times for `$$.Execution.StartTime` / `$$.State.EnteredTime` from this clock.
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Executor {
        self.clock = clock;
        self
    }

    /// Seeds the `JitterStrategy: FULL` random delays. Each execution's generator starts
    /// from this seed mixed with the execution's name, so that concurrent executions do
    /// not retry in lockstep; the same seed, name, definition and task outcomes give
    /// the same delays.
    #[must_use]
    pub fn with_jitter_seed(mut self, seed: u64) -> Executor {
        self.seed = seed;
        self
    }

    /// `$$.StateMachine.Id`; `$$.Execution.Id` is derived from it.
    #[must_use]
    pub fn with_state_machine_arn(mut self, arn: impl Into<String>) -> Executor {
        self.state_machine_arn = arn.into();
        self
    }

    /// `$$.Execution.Name` for [`Executor::run`].
    #[must_use]
    pub fn with_execution_name(mut self, name: impl Into<String>) -> Executor {
        self.execution_name = name.into();
        self
    }

    /// The definition this executor runs.
    pub fn machine(&self) -> &StateMachine {
        &self.machine
    }

    /// Runs one execution with the configured execution name.
    pub async fn run(&self, input: Value) -> Execution {
        self.run_named(&self.execution_name, input).await
    }

    /// Runs one execution named `name` (`$$.Execution.Name`).
    pub async fn run_named(&self, name: &str, input: Value) -> Execution {
        let machine = &*self.machine;
        let execution_id = match self.state_machine_arn.split_once(":stateMachine:") {
            Some((head, machine_name)) => format!("{head}:execution:{machine_name}:{name}"),
            None => format!("{}:{name}", self.state_machine_arn),
        };
        let run = Run {
            executor: self,
            machine,
            input: machine.uses_execution_input.then(|| input.clone()),
            execution_id: Value::String(execution_id),
            execution_name: Value::String(name.to_string()),
            start_time: Value::String(timestamp(self.clock.now())),
            state_machine_id: Value::String(self.state_machine_arn.clone()),
        };
        let mut frame = Frame::new(execution_seed(self.seed, name));
        let result = match run.payload(&mut frame, "execution input", &input) {
            // AWS refuses such a start; here it is a failed execution that never ran.
            Err(f) => Some(Err(f)),
            Ok(()) => {
                let work = run_graph(&run, &machine.root, input, &mut frame);
                match machine.timeout {
                    Some(limit) => tokio::time::timeout(limit, work).await.ok(),
                    None => Some(work.await),
                }
            }
        };
        let status = match result {
            None => Status::TimedOut,
            Some(Ok(output)) => Status::Succeeded(output),
            Some(Err(f)) => Status::Failed {
                error: f.error,
                cause: f.cause,
            },
        };
        Execution {
            status,
            events: frame.events,
            peak_payload_bytes: frame.peak,
        }
    }
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What one execution shares across its states.
struct Run<'a> {
    executor: &'a Executor,
    machine: &'a StateMachine,
    input: Option<Value>,
    execution_id: Value,
    execution_name: Value,
    start_time: Value,
    state_machine_id: Value,
}

impl Run<'_> {
    /// Measures a payload against the quota: records the peak, and fails it when over.
    fn payload(&self, frame: &mut Frame, what: &str, value: &Value) -> Result<(), Failure> {
        let Some(limit) = self.executor.payload_limit else {
            return Ok(());
        };
        let size = json_size(value);
        frame.peak = frame.peak.max(size);
        if size > limit {
            return Err(Failure::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!("the {what} is {size} bytes, over the payload quota of {limit} bytes"),
            ));
        }
        Ok(())
    }
}

/// The length of a value's compact JSON, without building the text.
fn json_size(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, and a Value always serialises.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// What belongs to one line of control: the execution, a Map iteration or a branch.
struct Frame {
    events: Vec<Event>,
    seed: u64,
    rng: Option<Pcg64Mcg>,
    /// The largest payload measured on this line (children's are folded in).
    peak: usize,
}

impl Frame {
    fn new(seed: u64) -> Frame {
        Frame {
            events: Vec::new(),
            seed,
            rng: None,
            peak: 0,
        }
    }

    fn rng(&mut self) -> &mut Pcg64Mcg {
        let seed = self.seed;
        self.rng
            .get_or_insert_with(|| Pcg64Mcg::seed_from_u64(seed))
    }
}

/// An execution's jitter seed: the executor's seed and the execution's name (FNV-1a),
/// mixed.
fn execution_seed(seed: u64, name: &str) -> u64 {
    let name_hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    mix(seed ^ name_hash)
}

/// SplitMix64's finaliser: child seeds that do not depend on scheduling.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE5_E9B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn child_seed(parent: u64, state: &str, index: usize) -> u64 {
    let name = state.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    });
    mix(parent ^ mix(name ^ mix(index as u64)))
}

/// An error on its way up: name and cause.
#[derive(Debug)]
struct Failure {
    error: String,
    cause: Option<String>,
}

impl Failure {
    fn new(error: &str, cause: String) -> Failure {
        Failure {
            error: error.to_string(),
            cause: Some(cause),
        }
    }

    fn runtime(cause: String) -> Failure {
        Failure::new(errors::RUNTIME, cause)
    }

    fn output(&self) -> Value {
        let mut out = Map::new();
        out.insert("Error".into(), Value::String(self.error.clone()));
        if let Some(cause) = &self.cause {
            out.insert("Cause".into(), Value::String(cause.clone()));
        }
        Value::Object(out)
    }
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Failure {
        Failure::new(e.error, e.cause)
    }
}

/// The context object as one state sees it.
struct StateScope<'a> {
    run: &'a Run<'a>,
    state: &'a State,
    entered: Option<&'a Value>,
    retry_count: u32,
    map_item: Option<(usize, &'a Value)>,
}

impl Scope for StateScope<'_> {
    fn context<'s>(&'s self, field: ContextField, rest: &[Step]) -> Option<Cow<'s, Value>> {
        let run = self.run;
        let value = match field {
            ContextField::ExecutionInput => {
                return path::get(run.input.as_ref()?, rest).map(Cow::Borrowed);
            }
            ContextField::MapItemValue => {
                return path::get(self.map_item?.1, rest).map(Cow::Borrowed);
            }
            ContextField::ExecutionId => Cow::Borrowed(&run.execution_id),
            ContextField::ExecutionName => Cow::Borrowed(&run.execution_name),
            ContextField::ExecutionStartTime => Cow::Borrowed(&run.start_time),
            ContextField::StateMachineId => Cow::Borrowed(&run.state_machine_id),
            ContextField::StateName => Cow::Borrowed(&self.state.name_value),
            ContextField::StateEnteredTime => Cow::Borrowed(self.entered?),
            ContextField::StateRetryCount => Cow::Owned(Value::from(self.retry_count)),
            ContextField::MapItemIndex => Cow::Owned(Value::from(self.map_item?.0)),
        };
        rest.is_empty().then_some(value)
    }
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs one level of states from its StartAt to its end.
fn run_graph<'a>(
    run: &'a Run<'a>,
    graph: &'a Graph,
    input: Value,
    frame: &'a mut Frame,
) -> Boxed<'a, Result<Value, Failure>> {
    Box::pin(async move {
        let mut at = graph.start;
        let mut data = input;
        loop {
            let state = &graph.states[at];
            frame.events.push(Event::StateEntered {
                state: state.name.clone(),
            });
            let (output, next) = run_state(run, state, graph, data, frame).await?;
            frame.events.push(Event::StateExited {
                state: state.name.clone(),
            });
            match next {
                Some(n) => {
                    at = n;
                    data = output;
                }
                None => return Ok(output),
            }
        }
    })
}

/// One visit of a state, with its retries and catchers.
async fn run_state(
    run: &Run<'_>,
    state: &State,
    graph: &Graph,
    mut raw: Value,
    frame: &mut Frame,
) -> Result<(Value, Option<usize>), Failure> {
    let entered = run
        .machine
        .uses_entered_time
        .then(|| Value::String(timestamp(run.executor.clock.now())));
    let mut attempts = vec![0u32; state.retry.len()];
    let mut retry_count = 0u32;
    // An output over the quota fails the state; only a Retrier or Catcher that names
    // States.DataLimitExceeded can take that, and it needs the state's input again, which
    // building the output consumed: kept for such states only.
    let handles_data_limit = run.executor.payload_limit.is_some()
        && (state
            .retry
            .iter()
            .any(|r| r.errors.names(errors::DATA_LIMIT_EXCEEDED))
            || state
                .catch
                .iter()
                .any(|c| c.errors.names(errors::DATA_LIMIT_EXCEEDED)));
    loop {
        let kept = handles_data_limit.then(|| raw.clone());
        let failure = match attempt(run, state, &raw, entered.as_ref(), retry_count, frame).await {
            Ok((Done::Result(result), next)) => match merge(&state.result_path, raw, result) {
                Ok(merged) => {
                    let output = output_path(state, merged)
                        .and_then(|v| run.payload(frame, "state's output", &v).map(|()| v));
                    match (output, kept) {
                        (Err(f), Some(input)) if f.error == errors::DATA_LIMIT_EXCEEDED => {
                            raw = input;
                            f
                        }
                        (output, _) => return leave(state, frame, output, next),
                    }
                }
                Err((f, back)) => {
                    raw = back;
                    f
                }
            },
            Ok((Done::Input, next)) => {
                let output = select_owned(&state.input_path, raw)
                    .and_then(|v| output_path(state, v))
                    .and_then(|v| run.payload(frame, "state's output", &v).map(|()| v));
                return leave(state, frame, output, next);
            }
            Err(f) => f,
        };
        if failure.error != errors::RUNTIME {
            if let Some(i) = state
                .retry
                .iter()
                .position(|r| r.errors.matches(&failure.error))
            {
                let retrier = &state.retry[i];
                if attempts[i] < retrier.max_attempts {
                    let delay = retry_delay(retrier, attempts[i], frame);
                    attempts[i] += 1;
                    retry_count += 1;
                    frame.events.push(Event::RetryScheduled {
                        state: state.name.clone(),
                        error: failure.error,
                        retrier: i,
                        attempt: attempts[i],
                        delay,
                    });
                    run.executor.sleeper.sleep(delay).await;
                    continue;
                }
            }
            if let Some((i, catcher)) = state
                .catch
                .iter()
                .enumerate()
                .find(|(_, c)| c.errors.matches(&failure.error))
            {
                let next = &graph.states[catcher.next];
                frame.events.push(Event::Caught {
                    state: state.name.clone(),
                    error: failure.error.clone(),
                    catcher: i,
                    next: next.name.clone(),
                });
                // The Catcher's ResultPath places the error output; OutputPath is not applied.
                let output = merge(&catcher.result_path, raw, failure.output())
                    .map_err(|(f, _)| f)
                    .and_then(|v| run.payload(frame, "state's output", &v).map(|()| v));
                return leave(state, frame, output, Some(catcher.next));
            }
        }
        return leave(state, frame, Err(failure), None);
    }
}

/// What an attempt produced.
enum Done {
    /// A result, for ResultPath to place into the raw input.
    Result(Value),
    /// The state passes its effective input on (Choice, Wait, Succeed).
    Input,
}

/// Records a state's failure, if it failed, and returns what it produced.
fn leave(
    state: &State,
    frame: &mut Frame,
    output: Result<Value, Failure>,
    next: Option<usize>,
) -> Result<(Value, Option<usize>), Failure> {
    match output {
        Ok(v) => Ok((v, next)),
        Err(f) => {
            frame.events.push(Event::StateFailed {
                state: state.name.clone(),
                error: f.error.clone(),
            });
            Err(f)
        }
    }
}

/// ResultPath: places `result` into `raw` (moved, not copied). On failure `raw` comes back
/// untouched, for a Retrier or Catcher.
fn merge(rp: &ResultPath, mut raw: Value, result: Value) -> Result<Value, (Failure, Value)> {
    match rp {
        ResultPath::Replace => Ok(result),
        ResultPath::Discard => Ok(raw),
        ResultPath::At(steps) => {
            if path::can_set(&raw, steps) {
                path::set(&mut raw, steps, result);
                Ok(raw)
            } else {
                Err((
                    Failure::new(
                        errors::RESULT_PATH_MATCH_FAILURE,
                        "the ResultPath cannot be applied to the state's input".into(),
                    ),
                    raw,
                ))
            }
        }
    }
}

/// The wait before retry number `done + 1` of a Retrier: `IntervalSeconds ×
/// BackoffRate^done`, capped by `MaxDelaySeconds`, then with `FULL` jitter a uniform draw
/// from `[0, that]`.
fn retry_delay(r: &Retrier, done: u32, frame: &mut Frame) -> Duration {
    // AWS caps MaxDelaySeconds below a year; keep an uncapped backoff finite too.
    const YEAR: f64 = 31_622_400.0;
    let base = r.interval_seconds * r.backoff_rate.powi(i32::try_from(done).unwrap_or(i32::MAX));
    let capped = r.max_delay_seconds.map_or(base, |m| base.min(m)).min(YEAR);
    let seconds = if r.full_jitter {
        frame.rng().random_range(0.0..=capped)
    } else {
        capped
    };
    Duration::try_from_secs_f64(seconds).unwrap_or(Duration::ZERO)
}

fn select<'v>(sel: &Select, field: &str, value: &'v Value) -> Result<Cow<'v, Value>, Failure> {
    match sel {
        Select::All => Ok(Cow::Borrowed(value)),
        Select::Empty => Ok(Cow::Owned(Value::Object(Map::new()))),
        Select::At { text, steps } => path::get(value, steps).map(Cow::Borrowed).ok_or_else(|| {
            Failure::runtime(format!(
                "the {field} `{text}` matched nothing in the state's input"
            ))
        }),
    }
}

fn output_path(state: &State, value: Value) -> Result<Value, Failure> {
    match &state.output_path {
        Select::All => Ok(value),
        Select::Empty => Ok(Value::Object(Map::new())),
        Select::At { text, steps } => path::take(value, steps).ok_or_else(|| {
            Failure::runtime(format!(
                "the OutputPath `{text}` matched nothing in the state's output"
            ))
        }),
    }
}

fn select_owned(sel: &Select, value: Value) -> Result<Value, Failure> {
    match sel {
        Select::All => Ok(value),
        Select::Empty => Ok(Value::Object(Map::new())),
        Select::At { text, steps } => path::take(value, steps).ok_or_else(|| {
            Failure::runtime(format!(
                "the InputPath `{text}` matched nothing in the state's input"
            ))
        }),
    }
}

fn parameters(
    state: &State,
    effective: Cow<'_, Value>,
    scope: &dyn Scope,
) -> Result<Value, Failure> {
    match &state.parameters {
        Some(t) => Ok(t.eval(&effective, scope)?),
        None => Ok(effective.into_owned()),
    }
}

/// `ResultSelector`, if any, over a state's result.
fn select_result(state: &State, result: Value, scope: &dyn Scope) -> Result<Done, Failure> {
    Ok(Done::Result(match &state.result_selector {
        Some(t) => t.eval(&result, scope)?,
        None => result,
    }))
}

/// One attempt at a state: InputPath, Parameters, the work and ResultSelector.
async fn attempt(
    run: &Run<'_>,
    state: &State,
    raw: &Value,
    entered: Option<&Value>,
    retry_count: u32,
    frame: &mut Frame,
) -> Result<(Done, Option<usize>), Failure> {
    let scope = StateScope {
        run,
        state,
        entered,
        retry_count,
        map_item: None,
    };
    let effective = select(&state.input_path, "InputPath", raw)?;
    match &state.kind {
        Kind::Pass { result } => {
            let result = match result {
                Some(r) => r.clone(),
                None => parameters(state, effective, &scope)?,
            };
            Ok((Done::Result(result), state.next))
        }
        Kind::Task { resource, timeout } => {
            let input = parameters(state, effective, &scope)?;
            run.payload(frame, "task's input", &input)?;
            frame.events.push(Event::TaskScheduled {
                state: state.name.clone(),
                resource: resource.clone(),
            });
            let call = run.executor.resources.invoke(resource, input);
            let outcome = match timeout {
                None => call.await,
                Some(limit) => match tokio::time::timeout(*limit, call).await {
                    Ok(outcome) => outcome,
                    Err(_) => {
                        frame.events.push(Event::TaskTimedOut {
                            state: state.name.clone(),
                            resource: resource.clone(),
                        });
                        return Err(Failure::new(
                            errors::TIMEOUT,
                            format!("the task ran longer than {} seconds", limit.as_secs()),
                        ));
                    }
                },
            };
            match outcome {
                Ok(result) => {
                    frame.events.push(Event::TaskSucceeded {
                        state: state.name.clone(),
                        resource: resource.clone(),
                    });
                    run.payload(frame, "task's result", &result)?;
                    Ok((select_result(state, result, &scope)?, state.next))
                }
                Err(e) => {
                    let error = if e.error.is_empty() {
                        errors::TASK_FAILED.to_string()
                    } else {
                        e.error
                    };
                    frame.events.push(Event::TaskFailed {
                        state: state.name.clone(),
                        resource: resource.clone(),
                        error: error.clone(),
                        cause: e.cause.clone(),
                    });
                    Err(Failure {
                        error,
                        cause: Some(e.cause),
                    })
                }
            }
        }
        Kind::Choice { rules, default } => {
            for (rule, next) in rules {
                if rule.eval(&effective, &scope)? {
                    return Ok((Done::Input, Some(*next)));
                }
            }
            match default {
                Some(d) => Ok((Done::Input, Some(*d))),
                None => Err(Failure::new(
                    errors::NO_CHOICE_MATCHED,
                    "no Choice rule matched the input and the state has no Default".into(),
                )),
            }
        }
        Kind::Wait(wait) => {
            let seconds = match wait {
                WaitFor::Seconds(s) => *s,
                WaitFor::Path(p) => lookup(p, &effective, &scope)
                    .and_then(|v| v.as_u64())
                    .ok_or_else(|| {
                        Failure::runtime(format!(
                            "the SecondsPath `{}` does not hold a non-negative integer",
                            p.text()
                        ))
                    })?,
            };
            let delay = Duration::from_secs(seconds);
            frame.events.push(Event::Waited {
                state: state.name.clone(),
                delay,
            });
            run.executor.sleeper.sleep(delay).await;
            Ok((Done::Input, state.next))
        }
        Kind::Succeed => Ok((Done::Input, None)),
        Kind::Fail { error, cause } => Err(Failure {
            error: error.clone(),
            cause: cause.clone(),
        }),
        Kind::Map {
            items_path,
            item_selector,
            max_concurrency,
            processor,
        } => {
            let items = match items_path {
                None => Cow::Borrowed(&*effective),
                Some(p) => lookup(p, &effective, &scope).ok_or_else(|| {
                    Failure::runtime(format!("the ItemsPath `{}` matched nothing", p.text()))
                })?,
            };
            let Value::Array(items) = &*items else {
                return Err(Failure::runtime(
                    "the Map state's items (its input, or what ItemsPath selects) are not an array"
                        .into(),
                ));
            };
            let mut jobs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let input = match item_selector {
                    None => item.clone(),
                    Some(t) => {
                        let item_scope = StateScope {
                            map_item: Some((i, item)),
                            ..scope
                        };
                        t.eval(&effective, &item_scope)?
                    }
                };
                jobs.push((processor, input));
            }
            let results =
                Value::Array(fan_out(run, state, jobs, *max_concurrency, frame, Fan::Map).await?);
            run.payload(frame, "Map state's result", &results)?;
            Ok((select_result(state, results, &scope)?, state.next))
        }
        Kind::Parallel { branches } => {
            let input = parameters(state, effective, &scope)?;
            let jobs = branches.iter().map(|b| (b, input.clone())).collect();
            let results = Value::Array(fan_out(run, state, jobs, 0, frame, Fan::Parallel).await?);
            run.payload(frame, "Parallel state's result", &results)?;
            Ok((select_result(state, results, &scope)?, state.next))
        }
    }
}

#[derive(Clone, Copy)]
enum Fan {
    Map,
    Parallel,
}

/// Runs `jobs` with at most `limit` at once (0: all), results in job order; the first
/// failure cancels the rest.
async fn fan_out<'a>(
    run: &'a Run<'a>,
    state: &'a State,
    jobs: Vec<(&'a Graph, Value)>,
    limit: usize,
    frame: &mut Frame,
    fan: Fan,
) -> Result<Vec<Value>, Failure> {
    let count = jobs.len();
    let limit = if limit == 0 { count } else { limit.min(count) };
    let parent_seed = frame.seed;
    let name = &state.name;
    let start = move |(index, (graph, input)): (usize, (&'a Graph, Value))| async move {
        let mut child = Frame::new(child_seed(parent_seed, name, index));
        child.events.push(match fan {
            Fan::Map => Event::MapIterationStarted {
                state: name.clone(),
                index,
            },
            Fan::Parallel => Event::BranchStarted {
                state: name.clone(),
                index,
            },
        });
        let result = run_graph(run, graph, input, &mut child).await;
        (index, child, result)
    };
    let mut pending = jobs.into_iter().enumerate();
    let mut running = FuturesUnordered::new();
    running.extend(pending.by_ref().take(limit).map(start));
    let mut results: Vec<Option<Value>> = vec![None; count];
    let mut histories: Vec<Vec<Event>> = vec![Vec::new(); count];
    let mut failure = None;
    let mut peak = 0;
    while let Some((index, mut child, result)) = running.next().await {
        let name = name.clone();
        match result {
            Ok(v) => {
                child.events.push(match fan {
                    Fan::Map => Event::MapIterationSucceeded { state: name, index },
                    Fan::Parallel => Event::BranchSucceeded { state: name, index },
                });
                results[index] = Some(v);
            }
            Err(f) => {
                let error = f.error.clone();
                child.events.push(match fan {
                    Fan::Map => Event::MapIterationFailed {
                        state: name,
                        index,
                        error,
                    },
                    Fan::Parallel => Event::BranchFailed {
                        state: name,
                        index,
                        error,
                    },
                });
                failure = Some(f);
            }
        }
        histories[index] = child.events;
        peak = peak.max(child.peak);
        if failure.is_some() {
            break;
        }
        running.extend(pending.next().map(start));
    }
    drop(running);
    frame.peak = frame.peak.max(peak);
    for history in histories {
        frame.events.extend(history);
    }
    match failure {
        Some(f) => Err(f),
        None => Ok(results.into_iter().map(Option::unwrap_or_default).collect()),
    }
}

#[cfg(test)]
mod tests;
