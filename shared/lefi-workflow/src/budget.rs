//! The query's time budget at work (SPEC §3 step 5; issue 17, item 1). The edge sets the
//! budget (configuration, default 3 s) in the workflow's input; the ASL hands each
//! registry-calling step the budget and the execution's start (`$$.Execution.StartTime`),
//! so the deadline is the same instant in every step, in AWS and in the local executor.
//! Each registry call gets what is left of it and is retried — briefly, with jitter —
//! only while enough is left; when nothing is, the step ends with `BudgetExhausted`, which
//! the ASL does not retry. A benefit that misses the deadline is `INTERNT_FEL` alone (the
//! Map's Catch); the person register missing it is a 503 (the Audit step's outcome).
//!
//! Retries of registry errors live here, not in the ASL: Step Functions waits at least a
//! whole second between tries, a third of the default budget. Each try is hedged after
//! the registry's recent p95 (BENCHMARKS.md, "Faults and floods": p50 under faults from
//! 1.6 s to 0.24 s).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lefi_registry::RegistryError;
use tokio::time::Instant;

use crate::model::Budget;
use crate::steps::StepError;

/// The first retry waits up to this long (full jitter), each next one up to twice as long.
const BACKOFF_BASE: Duration = Duration::from_millis(50);
/// No retry waits longer than this.
const BACKOFF_CAP: Duration = Duration::from_millis(400);
/// A try is not started with less than this left: a registry in good health answers in
/// 50–150 ms.
pub const LEAST_TRY: Duration = Duration::from_millis(50);
/// At most this many tries of one call, however much is left: a failing registry is not
/// hammered.
pub const MAX_TRIES: u32 = 4;

/// The instant a query's fetching must end, on tokio's clock (so tests can pause it).
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
}

impl Deadline {
    /// The deadline `budget` sets, read against `now` (the step's clock).
    pub fn of(budget: &Budget, now: DateTime<Utc>) -> Deadline {
        Deadline::after((budget.deadline() - now).to_std().unwrap_or(Duration::ZERO))
    }

    /// `left` from now.
    pub fn after(left: Duration) -> Deadline {
        Deadline {
            at: Instant::now() + left,
        }
    }

    /// What is left of the budget.
    pub fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// One registry call within the budget: tried until it answers, fails for good
    /// (`RegistryProtocol`, `RegistryUnknownCustomer`), has been tried [`MAX_TRIES`]
    /// times, or too little is left for another try. Every try but the last may take
    /// half of what is left, so that a registry that hangs leaves time for a second
    /// try; the last may take all of it. A retryable failure with no time for another
    /// try ends the call with that failure's own name; no time for a first try is
    /// `BudgetExhausted`.
    ///
    /// Each try is hedged: when the registry's recent p95 latency (in this process,
    /// [`recent`]) has passed without an answer, a second request goes out beside the
    /// first and the first answer wins.
    pub async fn call<T, F, Fut>(
        &self,
        registry: &'static str,
        mut attempt: F,
    ) -> Result<T, StepError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, RegistryError>>,
    {
        if self.left() < LEAST_TRY {
            return Err(StepError::Budget);
        }
        let mut tries = 0;
        loop {
            tries += 1;
            let left = self.left();
            let this_try = if tries == MAX_TRIES {
                left
            } else {
                (left / 2).max(LEAST_TRY.min(left))
            };
            let started = Instant::now();
            let hedge = hedge_after(registry).filter(|h| *h + LEAST_TRY < this_try);
            let failure = match tokio::time::timeout(this_try, hedged(&mut attempt, hedge)).await {
                Ok(Ok(answer)) => {
                    remember(registry, started.elapsed());
                    return Ok(answer);
                }
                Ok(Err(e)) if retryable(&e) => e,
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => RegistryError::Timeout,
            };
            let wait = backoff(tries);
            if tries == MAX_TRIES || self.left() < wait + LEAST_TRY {
                return Err(failure.into());
            }
            tracing::debug!(
                error = failure.error_type(),
                tries,
                left_ms = self.left().as_millis(),
                "registry try failed; trying again"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

/// One try: the request, and — if `hedge_after` passes without its answer — a second
/// one beside it. The first answer wins; after a retryable failure of one, the other has
/// `hedge_after` more to answer.
async fn hedged<T, F, Fut>(
    attempt: &mut F,
    hedge_after: Option<Duration>,
) -> Result<T, RegistryError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RegistryError>>,
{
    let first = attempt();
    let Some(after) = hedge_after else {
        return first.await;
    };
    tokio::pin!(first);
    tokio::select! {
        result = &mut first => return result,
        () = tokio::time::sleep(after) => {}
    }
    tracing::debug!(after_ms = after.as_millis(), "registry slow; hedging");
    let second = attempt();
    tokio::pin!(second);
    // One failing leaves the other another p95 to answer, not the whole try: a request
    // that has not answered by then is most likely hung, and the next try is better.
    tokio::select! {
        result = &mut first => match result {
            Err(e) if retryable(&e) => tokio::time::timeout(after, second).await.unwrap_or(Err(e)),
            other => other,
        },
        result = &mut second => match result {
            Err(e) if retryable(&e) => tokio::time::timeout(after, first).await.unwrap_or(Err(e)),
            other => other,
        },
    }
}

/// How many recent latencies of each registry are kept, and how many are needed before
/// their p95 is trusted for hedging.
const RECENT: usize = 200;
const RECENT_ENOUGH: usize = 20;
/// Never hedge sooner than this: below it a second request only doubles the load.
const LEAST_HEDGE: Duration = Duration::from_millis(20);

/// The latencies of each registry's recent answers in this process (a Lambda instance,
/// or the local service), newest last.
fn recent() -> &'static Mutex<HashMap<&'static str, VecDeque<Duration>>> {
    static RECENT_LATENCIES: OnceLock<Mutex<HashMap<&'static str, VecDeque<Duration>>>> =
        OnceLock::new();
    RECENT_LATENCIES.get_or_init(Mutex::default)
}

fn remember(registry: &'static str, latency: Duration) {
    let mut all = recent().lock().unwrap_or_else(PoisonError::into_inner);
    let mine = all.entry(registry).or_default();
    if mine.len() == RECENT {
        mine.pop_front();
    }
    mine.push_back(latency);
}

/// The registry's recent p95, once enough answers are known.
fn hedge_after(registry: &'static str) -> Option<Duration> {
    let all = recent().lock().unwrap_or_else(PoisonError::into_inner);
    let mine = all.get(registry).filter(|m| m.len() >= RECENT_ENOUGH)?;
    let mut sorted: Vec<Duration> = mine.iter().copied().collect();
    sorted.sort_unstable();
    Some(sorted[sorted.len() * 95 / 100].max(LEAST_HEDGE))
}

/// What another try may cure: a timeout, throttling, a registry down for a moment.
fn retryable(e: &RegistryError) -> bool {
    matches!(
        e,
        RegistryError::Timeout | RegistryError::Throttled | RegistryError::Unavailable(_)
    )
}

/// Full jitter: uniform in [0, min(cap, base × 2^(tries−1))], so that the Map's parallel
/// calls (and parallel queries) do not retry in lockstep.
fn backoff(tries: u32) -> Duration {
    let ceiling = BACKOFF_BASE
        .saturating_mul(1 << (tries - 1).min(16))
        .min(BACKOFF_CAP);
    let ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(fastrand::u64(0..=ms))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A registry that fails `failures` times with `error`, then answers; or hangs.
    struct Flaky {
        tries: AtomicU32,
        failures: u32,
        error: Option<RegistryError>,
    }

    impl Flaky {
        fn new(failures: u32, error: Option<RegistryError>) -> Flaky {
            Flaky {
                tries: AtomicU32::new(0),
                failures,
                error,
            }
        }
        async fn call(&self) -> Result<&'static str, RegistryError> {
            let n = self.tries.fetch_add(1, Ordering::SeqCst);
            if n < self.failures {
                match &self.error {
                    Some(e) => return Err(e.clone()),
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok("svar")
        }
        fn tries(&self) -> u32 {
            self.tries.load(Ordering::SeqCst)
        }
    }

    /// A registry name of its own per test: the hedge learns per registry and process.
    const REGISTRY: &str = "test";

    #[tokio::test(start_paused = true)]
    async fn step5_a_slow_try_is_hedged_after_the_registrys_recent_p95() {
        for _ in 0..RECENT_ENOUGH {
            remember("test-hedge", Duration::from_millis(100));
        }
        let registry = Flaky::new(1, None);
        let deadline = Deadline::after(Duration::from_secs(3));
        let started = Instant::now();
        assert_eq!(
            deadline.call("test-hedge", || registry.call()).await,
            Ok("svar")
        );
        assert_eq!(registry.tries(), 2);
        // The hung request is not waited out: the second goes after 100 ms (the p95)
        // and answers 100 ms later.
        assert_eq!(started.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn step5_when_the_hedge_fails_the_hung_request_is_not_waited_out() {
        for _ in 0..RECENT_ENOUGH {
            remember("test-hedge-fails", Duration::from_millis(100));
        }
        // The first request hangs, the second (the hedge) fails, the third answers.
        let tries = AtomicU32::new(0);
        let call = || async {
            match tries.fetch_add(1, Ordering::SeqCst) {
                0 => std::future::pending().await,
                1 => Err(RegistryError::Unavailable("HTTP 500".into())),
                _ => Ok("svar"),
            }
        };
        let deadline = Deadline::after(Duration::from_secs(3));
        let started = Instant::now();
        assert_eq!(deadline.call("test-hedge-fails", call).await, Ok("svar"));
        // Hedge at 100 ms, 100 ms more for the hung one, at most 50 ms of backoff.
        assert!(
            started.elapsed() <= Duration::from_millis(250),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn step5_a_registry_down_for_a_moment_is_retried_within_the_budget() {
        let registry = Flaky::new(2, Some(RegistryError::Unavailable("HTTP 503".into())));
        let deadline = Deadline::after(Duration::from_secs(3));
        assert_eq!(
            deadline.call(REGISTRY, || registry.call()).await,
            Ok("svar")
        );
        assert_eq!(registry.tries(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn step5_a_hanging_registry_is_tried_again_and_the_call_ends_at_the_deadline() {
        let started = Instant::now();
        let registry = Flaky::new(u32::MAX, None);
        let deadline = Deadline::after(Duration::from_secs(3));
        let result = deadline.call("test-hang", || registry.call()).await;
        assert_eq!(result, Err(StepError::Registry(RegistryError::Timeout)));
        // Half the budget for the first try, then what is left, in at most MAX_TRIES.
        assert!(registry.tries() >= 2 && registry.tries() <= MAX_TRIES);
        assert!(
            started.elapsed() <= Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn step5_a_hanging_registry_that_recovers_answers_on_the_second_try() {
        let registry = Flaky::new(1, None);
        let deadline = Deadline::after(Duration::from_secs(3));
        let started = Instant::now();
        assert_eq!(
            deadline.call(REGISTRY, || registry.call()).await,
            Ok("svar")
        );
        assert_eq!(registry.tries(), 2);
        // 1.5 s for the hung try, up to 50 ms of jitter, 100 ms for the answer.
        assert!(started.elapsed() < Duration::from_millis(1_700));
    }

    #[tokio::test(start_paused = true)]
    async fn step5_what_another_try_cannot_cure_is_not_retried() {
        for error in [
            RegistryError::UnknownCustomer,
            RegistryError::Protocol("x".into()),
        ] {
            let registry = Flaky::new(1, Some(error.clone()));
            let deadline = Deadline::after(Duration::from_secs(3));
            assert_eq!(
                deadline.call(REGISTRY, || registry.call()).await,
                Err(StepError::Registry(error))
            );
            assert_eq!(registry.tries(), 1);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn step5_a_failing_registry_is_tried_at_most_max_tries_times() {
        let registry = Flaky::new(u32::MAX, Some(RegistryError::Throttled));
        let deadline = Deadline::after(Duration::from_secs(30));
        assert_eq!(
            deadline.call(REGISTRY, || registry.call()).await,
            Err(StepError::Registry(RegistryError::Throttled))
        );
        assert_eq!(registry.tries(), MAX_TRIES);
    }

    #[tokio::test(start_paused = true)]
    async fn step5_no_budget_left_is_budget_exhausted_without_a_call() {
        let registry = Flaky::new(0, None);
        let budget = Budget {
            started_at: "2026-12-07T10:00:00Z".parse().unwrap(),
            ms: 3_000,
        };
        let now = "2026-12-07T10:00:02.990Z".parse().unwrap();
        let deadline = Deadline::of(&budget, now);
        assert_eq!(
            deadline.call(REGISTRY, || registry.call()).await,
            Err(StepError::Budget)
        );
        assert_eq!(registry.tries(), 0);
        assert_eq!(StepError::Budget.error_type(), "BudgetExhausted");
    }

    #[tokio::test(start_paused = true)]
    async fn step5_the_deadline_is_the_executions_start_plus_the_budget() {
        let budget = Budget {
            started_at: "2026-12-07T10:00:00Z".parse().unwrap(),
            ms: 3_000,
        };
        let now = "2026-12-07T10:00:01Z".parse().unwrap();
        assert_eq!(Deadline::of(&budget, now).left(), Duration::from_secs(2));
        let late = "2026-12-07T10:00:04Z".parse().unwrap();
        assert_eq!(Deadline::of(&budget, late).left(), Duration::ZERO);
    }

    #[test]
    fn step5_backoff_stays_under_its_ceiling() {
        for tries in 1..=MAX_TRIES {
            for _ in 0..200 {
                let ceiling = (BACKOFF_BASE * (1 << (tries - 1))).min(BACKOFF_CAP);
                assert!(backoff(tries) <= ceiling);
            }
        }
    }
}
