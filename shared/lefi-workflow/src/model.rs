//! The workflow's state: what enters it, what each step adds (under its `ResultPath`),
//! and what leaves it. JSON, camelCase, as Step Functions carries it between steps.

use chrono::{DateTime, NaiveDate, Utc};
use lefi_contract::answer::Answer;
use lefi_contract::v9::Uppgifter;
use lefi_domain::{Agreement, Benefit, Plan, RawQuery};
use lefi_registry::PersonAnswer;
use lefi_store::PartnerId;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Stable names of the workflow's own errors, shared by the code and the ASL.
pub mod error_names {
    /// A step got input it cannot read: a bug between the ASL and the code.
    pub const STEP_INPUT: &str = "StepInputInvalid";
    /// The audit record (or the usage count) could not be written: no data leaves (P5).
    pub const AUDIT_FAILED: &str = "AuditFailed";
    /// The query's time budget ended before a registry call could start (SPEC §3 step 5):
    /// not retried; that benefit is `INTERNT_FEL`, or the query a 503 if it was the person.
    pub const BUDGET: &str = "BudgetExhausted";
}

/// What starts an execution: one query, with who asked and under which agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryInput {
    pub correlation_id: String,
    pub received_at: DateTime<Utc>,
    pub partner: PartnerId,
    /// Certificate caller id, or `portal` for a portal user.
    pub caller: String,
    /// The portal user who asked, protected (P5 "which user"); `None` for a system
    /// caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<lefi_store::PersonRef>,
    /// E.g. `system/v9-json`, `portal`.
    pub channel: String,
    pub query: RawQuery,
    pub agreement: Agreement,
    /// How long fetching the person and the benefits may take, in milliseconds from the
    /// execution's start (SPEC §3 step 5; configuration, default 3 s): see
    /// [`crate::budget`].
    pub budget_ms: u32,
}

/// A registry-calling step's budget: the execution's start (`$$.Execution.StartTime`,
/// the same in every step) and the query's budget. The deadline is their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Budget {
    pub started_at: DateTime<Utc>,
    pub ms: u32,
}

impl Budget {
    /// The instant fetching must end by.
    pub fn deadline(&self) -> DateTime<Utc> {
        self.started_at + chrono::TimeDelta::milliseconds(i64::from(self.ms))
    }
}

/// One violated rule, as the answer reports it (V9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationOut {
    pub code: String,
    pub field: String,
}

/// Validate's verdict. Invalid and unauthorised queries are verdicts, not errors, so
/// that they too reach Audit (P5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Validation {
    #[serde(rename_all = "camelCase")]
    Valid {
        personnummer: String,
        birth_year: i32,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        /// The benefits to fetch: exactly the plan's (P3). The Map iterates over them.
        fetch: Vec<Benefit>,
        /// The one authorization of the query: what each benefit may show, and the
        /// asked-for codes answered with a deviation.
        plan: Plan,
    },
    Invalid {
        violations: Vec<ViolationOut>,
    },
    NotAuthorized {
        reason: String,
    },
}

/// LookupPerson's input. The ASL also passes the query's `correlationId`, which
/// [`crate::run`] reads for the step's logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonnummerInput {
    pub personnummer: String,
    pub budget: Budget,
}

/// One Map iteration's input. The ASL also passes the query's `correlationId`, which
/// [`crate::run`] reads for the step's logs (with the benefit code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchItem {
    pub benefit: Benefit,
    pub customer_ids: Vec<String>,
    /// What the query may show, from Validate: with it, FetchBenefit returns only that
    /// (see [`crate::steps::fetch_benefit`]); without it, everything the registry sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<FetchScope>,
    pub budget: Budget,
}

/// The part of Validate's verdict that says what a benefit's answer may show: the
/// period, the person's birth year (H3), today, and the one authorization's plan (P3).
/// No personnummer: FetchBenefit knows the person by customer id only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchScope {
    pub birth_year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub plan: Plan,
}

/// One Map iteration's result: the data (in its authority's model) — as far as the query
/// may show it, when the item had a scope — or (from the Catch) that the registry failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fetched {
    pub benefit: Benefit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Uppgifter>,
    #[serde(default)]
    pub failed: bool,
    /// The error name, when failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Compile's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Compiled {
    /// The v9 answer with our additive fields.
    pub answer: Answer,
    /// What was delivered, as `list/code` of what asked for it (P5).
    pub delivered: Vec<String>,
    pub failed: Vec<Benefit>,
}

/// A caught error, as Step Functions hands it to the Catch's `ResultPath`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaughtError {
    #[serde(rename = "Error")]
    pub error: String,
    #[serde(rename = "Cause", default)]
    pub cause: Option<String>,
}

/// The whole state as Compile and Audit see it; each step fills its part. The ASL drops
/// what later steps no longer need (see [`Data`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    #[serde(flatten)]
    pub input: QueryInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_error: Option<CaughtError>,
    /// The query's data: what the registries gave, then what Compile made of it.
    #[serde(default, skip_serializing_if = "Data::is_empty")]
    pub data: Data,
    /// Why there is no compiled answer although the person was looked up: the data did
    /// not fit in the state (`States.DataLimitExceeded`) or Compile failed. Audit records
    /// the query as failed (P5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_error: Option<CaughtError>,
}

/// The state's one slot for the query's data (`$.data`): FetchBenefits puts the
/// registries' answers in it (`fetched`), Compile replaces them with the answer
/// (`compiled`). One slot, so the state never carries both: Step Functions fails a state
/// over 256 KiB (`States.DataLimitExceeded`), and a long history would come near that
/// twice over (issue 13).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Data {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<Vec<Fetched>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compiled: Option<Compiled>,
}

impl Data {
    pub fn is_empty(&self) -> bool {
        self.fetched.is_none() && self.compiled.is_none()
    }
}

/// How a query ended, as the edge renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QueryOutcome {
    /// 200 with data.
    Answered,
    /// 200 with no data and `PERSON_NOT_FOUND`.
    PersonNotFound,
    /// 400 `INVALID_QUERY`.
    Invalid,
    /// 403 `NOT_AUTHORIZED`.
    NotAuthorized,
    /// 503 with `Retry-After`: the person register could not answer (within the budget);
    /// nothing to answer with (SPEC §3 step 5).
    Unavailable,
    /// 500: a fault of ours (the answer could not be made); nothing to answer with.
    Failed,
}

/// What the workflow returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowOutput {
    pub correlation_id: String,
    pub outcome: QueryOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<ViolationOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The name of what failed, when the outcome is `UNAVAILABLE` or `FAILED` (for the
    /// edge's log; never a value of the query).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A complete example of the workflow's input as Step Functions delivers it (JSON): the
/// shape for documentation and for the Lambda shells' tests. Query fields are the
/// caller's; `benefits` are codes of the `formansinformation` list.
pub fn example_input(personnummer: &str, benefits: &[&str]) -> Value {
    serde_json::json!({
        "correlationId": "c-1", "receivedAt": "2026-11-26T10:00:00Z", "partner": "kommun-1",
        "caller": "cert", "channel": "system/v9-json", "budgetMs": 3000,
        "query": {"personnummer": personnummer, "from": "2025-01-01", "to": "2025-12-31",
            "asked": benefits.iter().map(|c| serde_json::json!({"list": "formansinformation", "code": c})).collect::<Vec<_>>()},
        "agreement": {"id": "kommun-1", "organisation": "2120000142", "name": "K", "kind": "kommun",
            "benefits": ["FK:SJP"], "channels": ["system"],
            "limits": {"per_second": 1, "burst": 1, "per_day": 10}, "pricing": {"kind": "free"},
            "valid_from": "2024-01-01"}
    })
}
