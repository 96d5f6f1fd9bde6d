//! The daily audit seal (A3) as a Lambda handler over injected ports: the audit log, the
//! signer and the seal store. An EventBridge Scheduler event (`{"scheduled_time": …}`,
//! infra/modules/seal) seals the day before the scheduled time in Stockholm; a payload
//! `{"day": "YYYY-MM-DD"}` seals that day instead (a missed day, by hand). A day already
//! sealed is reported, not sealed again, so retries and repeated runs are harmless.

use chrono::{DateTime, Days, NaiveDate, Utc};
use lambda_runtime::{Diagnostic, LambdaEvent};
use lefi_domain::tz::stockholm_date;
use lefi_seal::{Seal, SealError, seal_day};
use lefi_store::AuditLog;
use lefi_workflow::lambda::{ConfigError, Env, TABLE_PREFIX_VAR, required};
use serde::{Deserialize, Serialize};

pub const KEY_ID_VAR: &str = "LEFI_SEAL_KEY_ID";
pub const BUCKET_VAR: &str = "LEFI_SEAL_BUCKET";
pub const RETENTION_DAYS_VAR: &str = "LEFI_SEAL_RETENTION_DAYS";
/// The stable name of a payload this function cannot read.
pub const BAD_EVENT: &str = "SEAL_BAD_EVENT";

/// The function's configuration, read once at init.
#[derive(Debug, Clone)]
pub struct Config {
    pub table_prefix: String,
    /// The KMS key's ARN (also what every manifest names).
    pub key_id: String,
    pub bucket: String,
    pub retention_days: u32,
}

impl Config {
    pub fn from_env(env: &dyn Env) -> Result<Self, ConfigError> {
        let retention = required(env, RETENTION_DAYS_VAR)?;
        let retention_days = retention
            .parse::<u32>()
            .ok()
            .filter(|d| *d > 0)
            .ok_or_else(|| ConfigError::malformed(RETENTION_DAYS_VAR, "ett antal dagar > 0"))?;
        Ok(Self {
            table_prefix: required(env, TABLE_PREFIX_VAR)?,
            key_id: required(env, KEY_ID_VAR)?,
            bucket: required(env, BUCKET_VAR)?,
            retention_days,
        })
    }
}

/// What the schedule (or an operator) sends.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SealEvent {
    /// The day to seal; default the day before `scheduled_time` (or now) in Stockholm.
    #[serde(default)]
    pub day: Option<NaiveDate>,
    /// EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: a late retry still seals
    /// the day the schedule meant.
    #[serde(default)]
    pub scheduled_time: Option<DateTime<Utc>>,
}

/// What the function answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealResult {
    pub day: NaiveDate,
    /// `sealed`, or `already_sealed` when an earlier run did it.
    pub status: String,
    pub count: Option<u64>,
    pub root: Option<String>,
}

/// The day an event asks for, at `now`.
pub fn day_of(event: &SealEvent, now: DateTime<Utc>) -> NaiveDate {
    event.day.unwrap_or_else(|| {
        let today = stockholm_date(event.scheduled_time.unwrap_or(now));
        today.checked_sub_days(Days::new(1)).unwrap_or(today)
    })
}

fn diagnostic(error_type: &str, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic {
        error_type: error_type.to_owned(),
        error_message: message.to_string(),
    }
}

/// Seals the event's day. `now` is the caller's clock (the Lambda's, or a test's).
pub async fn handle(
    audit: &dyn AuditLog,
    seal: &Seal,
    event: LambdaEvent<serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, Diagnostic> {
    // A schedule without input sends nothing useful: treat null as "yesterday".
    let payload = match event.payload {
        serde_json::Value::Null => serde_json::json!({}),
        p => p,
    };
    let event: SealEvent = serde_json::from_value(payload).map_err(|e| diagnostic(BAD_EVENT, e))?;
    let day = day_of(&event, now);
    let result = match seal_day(audit, seal, day, now).await {
        Ok(m) => SealResult {
            day,
            status: "sealed".into(),
            count: Some(m.count),
            root: Some(m.root),
        },
        Err(SealError::AlreadySealed(_)) => {
            tracing::info!(%day, "audit day already sealed");
            SealResult {
                day,
                status: "already_sealed".into(),
                count: None,
                root: None,
            }
        }
        Err(e) => {
            tracing::error!(%day, error_type = e.error_type(), error = %e, "audit seal failed");
            return Err(diagnostic(e.error_type(), e));
        }
    };
    serde_json::to_value(result).map_err(|e| diagnostic(BAD_EVENT, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;
    use lefi_seal::local::{DirSealStore, LocalSigner};
    use lefi_seal::sample;
    use lefi_store::EmbeddedStore;
    use std::sync::Arc;

    #[test]
    fn config_reads_exactly_the_variables_of_its_metadata_env_list() {
        let env = lefi_workflow::lambda::Recorder::from_pairs([
            (TABLE_PREFIX_VAR, "lefi"),
            (KEY_ID_VAR, "arn:aws:kms:eu-north-1:000000000000:key/x"),
            (BUCKET_VAR, "lefi-audit-seal"),
            (RETENTION_DAYS_VAR, "3650"),
        ]);
        let config = Config::from_env(&env).expect("config");
        assert_eq!(config.retention_days, 3650);
        assert_eq!(
            env.asked(),
            lefi_workflow::lambda::declared_env(env!("CARGO_PKG_NAME"))
        );
        let zero = lefi_workflow::lambda::Recorder::from_pairs([
            (TABLE_PREFIX_VAR, "lefi"),
            (KEY_ID_VAR, "k"),
            (BUCKET_VAR, "b"),
            (RETENTION_DAYS_VAR, "0"),
        ]);
        assert!(Config::from_env(&zero).is_err(), "no retention is no seal");
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a3_the_schedule_seals_yesterday_in_stockholm() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        // 00:30 in Stockholm on 7 December is 23:30 UTC on the 6th: yesterday is the 6th.
        let event = SealEvent {
            scheduled_time: Some(at("2026-12-06T23:30:00Z")),
            ..SealEvent::default()
        };
        assert_eq!(
            day_of(&event, at("2026-12-09T00:00:00Z")),
            day("2026-12-06")
        );
        // Without a scheduled time, the clock; a named day wins.
        assert_eq!(
            day_of(&SealEvent::default(), at("2026-12-07T12:00:00Z")),
            day("2026-12-06")
        );
        let named = SealEvent {
            day: Some(day("2026-11-30")),
            ..event
        };
        assert_eq!(
            day_of(&named, at("2026-12-07T12:00:00Z")),
            day("2026-11-30")
        );
    }

    #[tokio::test]
    async fn a3_a_scheduled_run_seals_once_and_a_repeat_is_reported() {
        let dir = std::env::temp_dir().join(format!("lefi-daily-seal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let seal = Seal {
            signer: Arc::new(LocalSigner::open(&dir.join("k.p8")).expect("key")),
            seals: Arc::new(DirSealStore::new(dir.join("seals"))),
        };
        let store = EmbeddedStore::new();
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).expect("day");
        for r in sample::day(day, 12) {
            store.append(&r).await.expect("append");
        }
        let event = || {
            LambdaEvent::new(
                serde_json::json!({"scheduled_time": "2026-12-07T00:30:00+01:00"}),
                Context::default(),
            )
        };
        let now = at("2026-12-07T00:00:05Z");
        let first: SealResult =
            serde_json::from_value(handle(&store, &seal, event(), now).await.expect("seal"))
                .expect("result");
        assert_eq!(
            (first.day, first.status.as_str(), first.count),
            (day, "sealed", Some(12))
        );
        let again: SealResult =
            serde_json::from_value(handle(&store, &seal, event(), now).await.expect("again"))
                .expect("result");
        assert_eq!(again.status, "already_sealed");

        // Today cannot be sealed; a payload that is not an event is refused by name.
        let today = LambdaEvent::new(serde_json::json!({"day": "2026-12-07"}), Context::default());
        let err = handle(&store, &seal, today, now)
            .await
            .expect_err("not over");
        assert_eq!(err.error_type, "SEAL_DAY_NOT_OVER");
        let bad = LambdaEvent::new(serde_json::json!({"day": "igår"}), Context::default());
        let err = handle(&store, &seal, bad, now).await.expect_err("bad");
        assert_eq!(err.error_type, BAD_EVENT);
        let _ = std::fs::remove_dir_all(dir);
    }
}
