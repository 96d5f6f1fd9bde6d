//! What the executor needs from outside: the task resources, a way to wait, and the time.
//! The executor itself does no I/O, reads no clock and draws no entropy.

use std::fmt;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// A failed task: the error name that `ErrorEquals` matches (a Lambda function's
/// `errorType`) and the cause (its `errorMessage`, or whatever text explains it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct TaskError {
    /// The error name; empty means `States.TaskFailed`.
    pub error: String,
    /// The cause, passed on as `Cause`.
    pub cause: String,
}

impl TaskError {
    /// A task error with this name and cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> TaskError {
        TaskError {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

/// The task resources of a definition: what a `Task` state's `Resource` runs.
///
/// `resource` is the `Resource` string exactly as written (a Lambda ARN, say). The input
/// is the state's effective input (after `InputPath` and `Parameters`); the output is the
/// task's result (before `ResultSelector`, `ResultPath`, `OutputPath`).
#[async_trait]
pub trait Resources: Send + Sync {
    /// Runs the resource.
    ///
    /// # Errors
    /// A [`TaskError`] whose `error` the state's `Retry` and `Catch` match.
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError>;
}

/// Waits: between retries and in `Wait` states.
#[async_trait]
pub trait Sleeper: Send + Sync + fmt::Debug {
    /// Waits `delay` (or pretends to).
    async fn sleep(&self, delay: Duration);
}

/// Really waits, with tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

#[async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, delay: Duration) {
        tokio::time::sleep(delay).await;
    }
}

/// Returns at once: for tests, which read the computed delays from the events.
#[derive(Debug, Clone, Copy, Default)]
pub struct InstantSleeper;

#[async_trait]
impl Sleeper for InstantSleeper {
    async fn sleep(&self, _delay: Duration) {}
}

/// The time, for `$$.Execution.StartTime` and `$$.State.EnteredTime`.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::<Utc>::from(SystemTime::now())
    }
}

/// Always the same instant: for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
