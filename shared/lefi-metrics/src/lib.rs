//! The service's metrics (issue 17, item 7): one catalogue ([`Metric`]), one event per
//! request or registry call ([`Event`]), and two sinks behind one port ([`Metrics`]):
//!
//! - [`Emf`], in Lambda: each event is one line of CloudWatch's Embedded Metric Format
//!   on stdout, which CloudWatch Logs turns into metrics in the `LEFI` namespace — no
//!   API call, no agent, nothing on the request's path but a print.
//! - [`Tally`], locally: the same events aggregated in memory, by the same dimension
//!   sets CloudWatch uses, so lefi-local's `/metrics` answers what the dashboard shows.
//!
//! Dimensions are `&'static str` pairs: keys and values can only be literals of the code
//! (a channel, an outcome class, a stop's kind, a registry's name), never a partner's
//! query, a personnummer or an organisation number read at run time. That keeps personal
//! data out of every dimension by construction, and keeps CloudWatch's metric count
//! bounded.
//!
//! Our own writer rather than the `metrics` facade with `metrics_cloudwatch_embedded`:
//! that facade takes run-time label values (the guarantee above would be a convention)
//! and one global recorder per process (tests and the local service could not each
//! hold their own); EMF is one documented JSON shape (ARCHITECTURE.md).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value, json};

/// The CloudWatch namespace of every metric here.
pub const NAMESPACE: &str = "LEFI";

/// Every metric the service emits. Terraform's alarms and dashboard name them
/// (`infra/modules/alarms`); a test there reads this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// A request to a partner (or portal) endpoint, by `Channel` and `Outcome`.
    Queries,
    /// Its time in the edge, from the request to its answer, in milliseconds.
    Latency,
    /// A request ended for something its caller did, by `Reason` (the stop's kind).
    Refusals,
    /// A refused request over its certificate's refusal limit (answered 429).
    Limited,
    /// An audit record that could not be written: the request was answered 500 with no
    /// data (P5, fail closed). Emitted as 0 or 1 with every request.
    AuditFailClosed,
    /// One registry call of a workflow step (all its tries and hedges), by `Registry`.
    RegistryCalls,
    /// A registry call that failed after its tries (the benefit is `INTERNT_FEL`, or the
    /// person register a 503).
    RegistryFailures,
    /// A registry call the query's time budget ran out on (SPEC §3 step 5).
    BudgetExhausted,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Queries,
        Metric::Latency,
        Metric::Refusals,
        Metric::Limited,
        Metric::AuditFailClosed,
        Metric::RegistryCalls,
        Metric::RegistryFailures,
        Metric::BudgetExhausted,
    ];

    /// Its name in CloudWatch.
    pub fn name(self) -> &'static str {
        match self {
            Self::Queries => "Queries",
            Self::Latency => "Latency",
            Self::Refusals => "Refusals",
            Self::Limited => "Limited",
            Self::AuditFailClosed => "AuditFailClosed",
            Self::RegistryCalls => "RegistryCalls",
            Self::RegistryFailures => "RegistryFailures",
            Self::BudgetExhausted => "BudgetExhausted",
        }
    }

    /// Its CloudWatch unit.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Latency => "Milliseconds",
            _ => "Count",
        }
    }

    /// The dimension sets CloudWatch keeps it by: each set is one metric series per
    /// combination of its values (`[]` is the total). The alarms use the smaller sets.
    pub fn dimension_sets(self) -> &'static [&'static [&'static str]] {
        match self {
            Self::Queries => &[&[CHANNEL, OUTCOME], &[OUTCOME]],
            Self::Latency => &[&[CHANNEL, OUTCOME]],
            Self::Refusals => &[&[CHANNEL, REASON], &[REASON]],
            Self::Limited => &[&[CHANNEL]],
            Self::AuditFailClosed => &[&[]],
            Self::RegistryCalls | Self::RegistryFailures | Self::BudgetExhausted => &[&[REGISTRY]],
        }
    }
}

/// The dimensions' names.
pub const CHANNEL: &str = "Channel";
pub const OUTCOME: &str = "Outcome";
pub const REASON: &str = "Reason";
pub const REGISTRY: &str = "Registry";

/// What one request (or one registry call) observed: values under dimensions. Written
/// as one EMF document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    dimensions: Vec<(&'static str, &'static str)>,
    values: Vec<(Metric, f64)>,
}

impl Event {
    pub fn new() -> Self {
        Self::default()
    }

    /// A dimension's value (a later value of the same key replaces it).
    #[must_use]
    pub fn dimension(mut self, key: &'static str, value: &'static str) -> Self {
        self.dimensions.retain(|(k, _)| *k != key);
        self.dimensions.push((key, value));
        self
    }

    /// A metric's value in this event.
    #[must_use]
    pub fn value(mut self, metric: Metric, value: f64) -> Self {
        self.values.retain(|(m, _)| *m != metric);
        self.values.push((metric, value));
        self
    }

    /// `value(metric, 1)` when `happened`, else 0: a count the alarms can tell from
    /// missing data.
    #[must_use]
    pub fn count(self, metric: Metric, happened: bool) -> Self {
        self.value(metric, if happened { 1.0 } else { 0.0 })
    }

    pub fn dimension_value(&self, key: &str) -> Option<&'static str> {
        self.dimensions
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    /// Each of the event's values under each of its metric's dimension sets whose
    /// dimensions the event has — the series CloudWatch will add it to.
    fn series(
        &self,
    ) -> impl Iterator<Item = (Metric, Vec<(&'static str, &'static str)>, f64)> + '_ {
        self.values.iter().flat_map(move |&(metric, value)| {
            metric.dimension_sets().iter().filter_map(move |set| {
                let dims: Option<Vec<_>> = set
                    .iter()
                    .map(|key| self.dimension_value(key).map(|v| (*key, v)))
                    .collect();
                dims.map(|d| (metric, d, value))
            })
        })
    }

    /// The event as an EMF document at `timestamp_ms` (ms since the epoch): one
    /// directive per metric, naming only the dimension sets the event can fill (a set
    /// naming a missing member makes CloudWatch drop the whole document).
    pub fn emf(&self, timestamp_ms: i64) -> Value {
        let mut root = Map::new();
        let directives: Vec<Value> = self
            .values
            .iter()
            .filter_map(|&(metric, _)| {
                let sets: Vec<&[&str]> = metric
                    .dimension_sets()
                    .iter()
                    .copied()
                    .filter(|set| set.iter().all(|k| self.dimension_value(k).is_some()))
                    .collect();
                (!sets.is_empty()).then(|| {
                    json!({
                        "Namespace": NAMESPACE,
                        "Dimensions": sets,
                        "Metrics": [{"Name": metric.name(), "Unit": metric.unit()}],
                    })
                })
            })
            .collect();
        root.insert(
            "_aws".into(),
            json!({"Timestamp": timestamp_ms, "CloudWatchMetrics": directives}),
        );
        for (key, value) in &self.dimensions {
            root.insert((*key).into(), json!(value));
        }
        for (metric, value) in &self.values {
            root.insert(metric.name().into(), json!(value));
        }
        Value::Object(root)
    }
}

/// Where events go.
pub trait Metrics: Send + Sync {
    fn record(&self, event: &Event);
}

/// In Lambda: each event is one EMF line on stdout (CloudWatch Logs extracts it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Emf;

impl Metrics for Emf {
    fn record(&self, event: &Event) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        // `println!` locks stdout for the line, so a log line never splits it; and a test
        // harness captures it.
        #[allow(clippy::print_stdout, reason = "EMF is read from stdout: its purpose")]
        {
            println!("{}", event.emf(now));
        }
    }
}

/// Nowhere: for tests that do not look.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Metrics for Discard {
    fn record(&self, _: &Event) {}
}

/// How many recent values of a series are kept for its percentiles.
const RECENT: usize = 1024;

/// Locally: every event aggregated in memory by the same series CloudWatch keeps.
#[derive(Debug, Default)]
pub struct Tally {
    series: Mutex<BTreeMap<(Metric, Dimensions), Stat>>,
}

/// One series' dimensions: (name, value) pairs.
type Dimensions = Vec<(&'static str, &'static str)>;

#[derive(Debug, Default)]
struct Stat {
    samples: u64,
    sum: f64,
    max: f64,
    recent: VecDeque<f64>,
}

impl Metrics for Tally {
    fn record(&self, event: &Event) {
        let mut series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        for (metric, dims, value) in event.series() {
            let stat = series.entry((metric, dims)).or_default();
            stat.samples += 1;
            stat.sum += value;
            stat.max = stat.max.max(value);
            if stat.recent.len() == RECENT {
                stat.recent.pop_front();
            }
            stat.recent.push_back(value);
        }
    }
}

impl Tally {
    pub fn new() -> Self {
        Self::default()
    }

    /// The sum of a series (what a CloudWatch `Sum` statistic gives over all time); 0
    /// for a series never seen. `dims` in any order.
    pub fn sum(&self, metric: Metric, dims: &[(&str, &str)]) -> f64 {
        let mut wanted: Vec<(&str, &str)> = dims.to_vec();
        wanted.sort_unstable();
        let series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        series
            .iter()
            .filter(|((m, d), _)| {
                let mut d: Vec<(&str, &str)> = d.clone();
                d.sort_unstable();
                *m == metric && d == wanted
            })
            .map(|(_, s)| s.sum)
            .sum()
    }

    /// Every series: name, unit, dimensions, samples, sum, max and — over its last
    /// 1,024 values — p50 and p99. The local front's `/metrics`.
    pub fn summary(&self) -> Value {
        let series = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let rows: Vec<Value> = series
            .iter()
            .map(|((metric, dims), stat)| {
                let mut sorted: Vec<f64> = stat.recent.iter().copied().collect();
                sorted.sort_unstable_by(f64::total_cmp);
                let at = |q: usize| sorted.get((sorted.len() * q / 100).min(sorted.len() - 1));
                let dimensions: Map<String, Value> = dims
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), json!(v)))
                    .collect();
                json!({
                    "metric": metric.name(),
                    "unit": metric.unit(),
                    "dimensions": dimensions,
                    "samples": stat.samples,
                    "sum": stat.sum,
                    "max": stat.max,
                    "p50": at(50),
                    "p99": at(99),
                })
            })
            .collect();
        json!({"namespace": NAMESPACE, "series": rows})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Event {
        Event::new()
            .dimension(CHANNEL, "system/v9-json")
            .dimension(OUTCOME, "ANSWERED")
            .count(Metric::Queries, true)
            .value(Metric::Latency, 42.0)
            .count(Metric::AuditFailClosed, false)
    }

    /// The document as CloudWatch's EMF specification requires: `_aws` with a
    /// millisecond timestamp and directives; every dimension a set names and every
    /// metric a directive names is a root member.
    #[test]
    fn item7_an_event_is_an_emf_document_cloudwatch_accepts() {
        let doc = request().emf(1_765_000_000_000);
        let aws = &doc["_aws"];
        assert_eq!(aws["Timestamp"], 1_765_000_000_000_i64);
        let directives = aws["CloudWatchMetrics"].as_array().unwrap();
        assert_eq!(directives.len(), 3);
        for d in directives {
            assert_eq!(d["Namespace"], "LEFI");
            for set in d["Dimensions"].as_array().unwrap() {
                for key in set.as_array().unwrap() {
                    assert!(doc[key.as_str().unwrap()].is_string(), "{key} not a member");
                }
            }
            for m in d["Metrics"].as_array().unwrap() {
                assert!(doc[m["Name"].as_str().unwrap()].is_number());
                assert!(["Count", "Milliseconds"].contains(&m["Unit"].as_str().unwrap()));
            }
        }
        assert_eq!(doc["Queries"], 1.0);
        assert_eq!(doc["Latency"], 42.0);
        assert_eq!(doc["Channel"], "system/v9-json");
    }

    /// A dimension set the event cannot fill is left out of the directive (CloudWatch
    /// would drop the whole document), and a metric with no set left is not declared.
    #[test]
    fn item7_sets_naming_a_missing_dimension_are_left_out() {
        let doc = Event::new()
            .dimension(OUTCOME, "FAILED")
            .count(Metric::Queries, true)
            .value(Metric::Latency, 3.0)
            .emf(0);
        let directives = doc["_aws"]["CloudWatchMetrics"].as_array().unwrap();
        assert_eq!(directives.len(), 1, "{doc}");
        assert_eq!(directives[0]["Dimensions"], json!([["Outcome"]]));
    }

    #[test]
    fn item7_the_tally_keeps_the_series_cloudwatch_keeps() {
        let tally = Tally::new();
        tally.record(&request());
        tally.record(
            &request()
                .dimension(OUTCOME, "FAILED")
                .count(Metric::AuditFailClosed, true),
        );
        tally.record(
            &Event::new()
                .dimension(REGISTRY, "FK:SJP")
                .count(Metric::RegistryCalls, true),
        );
        assert_eq!(tally.sum(Metric::Queries, &[(OUTCOME, "ANSWERED")]), 1.0);
        assert_eq!(
            tally.sum(
                Metric::Queries,
                &[(OUTCOME, "FAILED"), (CHANNEL, "system/v9-json")]
            ),
            1.0
        );
        assert_eq!(tally.sum(Metric::AuditFailClosed, &[]), 1.0);
        assert_eq!(
            tally.sum(Metric::RegistryCalls, &[(REGISTRY, "FK:SJP")]),
            1.0
        );
        assert_eq!(
            tally.sum(Metric::RegistryCalls, &[(REGISTRY, "FK:TFP")]),
            0.0
        );
        let summary = tally.summary();
        let latency = summary["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["metric"] == "Latency" && s["dimensions"]["Outcome"] == "ANSWERED")
            .unwrap();
        assert_eq!(latency["p50"], 42.0);
        assert_eq!(latency["samples"], 1);
    }
}
