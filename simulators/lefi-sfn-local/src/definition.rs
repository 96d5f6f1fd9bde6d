//! Loading a definition: parse, check every field against the subset, resolve names.
//!
//! Rules checked here (spec "Structure of a State Machine", "States", "Errors"): `StartAt`
//! and every `Next`, `Default` and Catcher `Next` name a state of the same level (a Map's
//! ItemProcessor and each Parallel branch are their own level); state names are unique
//! across the whole definition and at most 80 characters; every state is reachable from
//! its level's `StartAt`; a state that continues has exactly one of `Next` and
//! `End: true`; `States.ALL` stands alone in the last Retrier or Catcher; `ErrorEquals`
//! names no unknown `States.` error; `$$.Map.Item.*` appears only in a Map's
//! `ItemSelector`. A field the subset does not implement is refused, naming the state
//! and the field; nothing is ignored.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::choice::Rule;
use crate::errors;
use crate::path::{ContextField, Path, Step};
use crate::template::Template;

/// Why a definition was refused: the state (none for the top level), the field and the
/// reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct DefinitionError {
    /// The state the error is in; `None` for the top level of the definition.
    pub state: Option<String>,
    /// The field, as a path inside the state (`Retry[0].JitterStrategy`); empty when the
    /// error is about the state as a whole.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

fn describe(e: &DefinitionError) -> String {
    match (&e.state, e.field.is_empty()) {
        (Some(s), false) => format!("state `{s}`, field `{}`: {}", e.field, e.message),
        (Some(s), true) => format!("state `{s}`: {}", e.message),
        (None, false) => format!("field `{}`: {}", e.field, e.message),
        (None, true) => e.message.clone(),
    }
}

/// A loaded, checked state machine, ready to run any number of times.
#[derive(Debug, Clone)]
pub struct StateMachine {
    pub(crate) root: Graph,
    pub(crate) timeout: Option<Duration>,
    /// Whether any path reads `$$.State.EnteredTime` (else the clock is not read per state).
    pub(crate) uses_entered_time: bool,
    /// Whether any path reads `$$.Execution.Input` (else the input is not kept aside).
    pub(crate) uses_execution_input: bool,
}

/// One level of states: the machine, a Map's ItemProcessor or a Parallel branch.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    pub(crate) states: Vec<State>,
    pub(crate) start: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) name: Arc<str>,
    /// The name as a JSON string, for `$$.State.Name`.
    pub(crate) name_value: Value,
    pub(crate) kind: Kind,
    pub(crate) input_path: Select,
    pub(crate) parameters: Option<Template>,
    pub(crate) result_selector: Option<Template>,
    pub(crate) result_path: ResultPath,
    pub(crate) output_path: Select,
    /// `None`: the state ends its level (`End: true`, Succeed, or decided by Choice/Fail).
    pub(crate) next: Option<usize>,
    pub(crate) retry: Vec<Retrier>,
    pub(crate) catch: Vec<Catcher>,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Pass {
        result: Option<Value>,
    },
    Task {
        resource: Arc<str>,
        timeout: Option<Duration>,
    },
    Choice {
        rules: Vec<(Rule, usize)>,
        default: Option<usize>,
    },
    Wait(WaitFor),
    Succeed,
    Fail {
        error: String,
        cause: Option<String>,
    },
    Map {
        items_path: Option<Path>,
        item_selector: Option<Template>,
        /// 0: no limit.
        max_concurrency: usize,
        processor: Graph,
    },
    Parallel {
        branches: Vec<Graph>,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum WaitFor {
    Seconds(u64),
    Path(Path),
}

/// `InputPath` / `OutputPath`.
#[derive(Debug, Clone)]
pub(crate) enum Select {
    /// Absent or `$`: everything.
    All,
    /// `null`: an empty object.
    Empty,
    At {
        text: Box<str>,
        steps: Box<[Step]>,
    },
}

/// `ResultPath`.
#[derive(Debug, Clone)]
pub(crate) enum ResultPath {
    /// Absent or `$`: the result replaces the input.
    Replace,
    /// `null`: the result is discarded, the input passes through.
    Discard,
    /// The result is placed at the path in the input.
    At(Box<[Step]>),
}

#[derive(Debug, Clone)]
pub(crate) enum ErrorMatch {
    All,
    Names(Vec<String>),
}

impl ErrorMatch {
    /// Whether a (retriable/catchable) error of this name matches.
    pub(crate) fn matches(&self, error: &str) -> bool {
        // Terminal for the wildcards (AWS): only its own name catches it.
        let terminal = error == errors::DATA_LIMIT_EXCEEDED;
        match self {
            ErrorMatch::All => !terminal,
            ErrorMatch::Names(names) => names.iter().any(|n| {
                n == error || (n == errors::TASK_FAILED && error != errors::TIMEOUT && !terminal)
            }),
        }
    }

    /// Whether this names `error` itself (not through a wildcard).
    pub(crate) fn names(&self, error: &str) -> bool {
        matches!(self, ErrorMatch::Names(names) if names.iter().any(|n| n == error))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Retrier {
    pub(crate) errors: ErrorMatch,
    pub(crate) interval_seconds: f64,
    pub(crate) max_attempts: u32,
    pub(crate) backoff_rate: f64,
    pub(crate) max_delay_seconds: Option<f64>,
    pub(crate) full_jitter: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Catcher {
    pub(crate) errors: ErrorMatch,
    pub(crate) next: usize,
    pub(crate) result_path: ResultPath,
}

impl StateMachine {
    /// Parses and checks an ASL definition (JSON).
    ///
    /// # Errors
    /// A [`DefinitionError`] naming the state and field of the first thing that is not
    /// valid ASL or not in the supported subset.
    pub fn parse(json: &str) -> Result<StateMachine, DefinitionError> {
        let value: Value = serde_json::from_str(json).map_err(|e| DefinitionError {
            state: None,
            field: String::new(),
            message: format!("the definition is not JSON: {e}"),
        })?;
        StateMachine::from_value(&value)
    }

    /// As [`StateMachine::parse`], from a JSON value.
    ///
    /// # Errors
    /// As [`StateMachine::parse`].
    pub fn from_value(value: &Value) -> Result<StateMachine, DefinitionError> {
        let top = Fields::new(None, value, "")?;
        top.only(
            &[
                "StartAt",
                "States",
                "Comment",
                "TimeoutSeconds",
                "Version",
                "QueryLanguage",
            ],
            "the top level",
        )?;
        if let Some(v) = top.get("Version")
            && v != "1.0"
        {
            return Err(top.err("Version", "only Version \"1.0\" exists"));
        }
        top.query_language()?;
        let timeout = top.positive_int("TimeoutSeconds")?.map(Duration::from_secs);
        let mut loader = Loader {
            names: HashSet::new(),
            uses_entered_time: false,
            uses_execution_input: false,
        };
        let root = loader.graph(&top)?;
        Ok(StateMachine {
            root,
            timeout,
            uses_entered_time: loader.uses_entered_time,
            uses_execution_input: loader.uses_execution_input,
        })
    }
}

/// A JSON object being read, with the state it belongs to (for errors).
struct Fields<'a> {
    state: Option<&'a str>,
    map: &'a Map<String, Value>,
    /// Prefix for field names (`ItemProcessor.`).
    prefix: String,
}

impl<'a> Fields<'a> {
    fn new(
        state: Option<&'a str>,
        value: &'a Value,
        at: &str,
    ) -> Result<Fields<'a>, DefinitionError> {
        match value {
            Value::Object(map) => Ok(Fields {
                state,
                map,
                prefix: if at.is_empty() {
                    String::new()
                } else {
                    format!("{at}.")
                },
            }),
            _ => Err(DefinitionError {
                state: state.map(str::to_string),
                field: at.to_string(),
                message: "must be a JSON object".into(),
            }),
        }
    }

    fn err(&self, field: &str, message: impl Into<String>) -> DefinitionError {
        DefinitionError {
            state: self.state.map(str::to_string),
            field: format!("{}{field}", self.prefix),
            message: message.into(),
        }
    }

    fn get(&self, k: &str) -> Option<&'a Value> {
        self.map.get(k)
    }

    /// Refuses every field but `allowed`, telling refused ASL features from typos.
    fn only(&self, allowed: &[&str], what: &str) -> Result<(), DefinitionError> {
        for key in self.map.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let why = match key.as_str() {
                "Arguments" | "Output" | "Assign" | "Items" => {
                    "JSONata and workflow variables are outside the supported subset (JSONPath only)".into()
                }
                "HeartbeatSeconds" | "HeartbeatSecondsPath" => {
                    "heartbeats (callback tasks) are outside the supported subset".into()
                }
                "TimeoutSecondsPath" | "MaxConcurrencyPath" => {
                    format!("`{key}` is outside the supported subset; give a literal value")
                }
                "Credentials" => "cross-account task credentials are outside the supported subset".into(),
                "Iterator" => "the legacy `Iterator` is refused: use `ItemProcessor`".into(),
                "ItemReader" | "ItemBatcher" | "ResultWriter" | "ToleratedFailurePercentage"
                | "ToleratedFailurePercentagePath" | "ToleratedFailureCount"
                | "ToleratedFailureCountPath" | "Label" => {
                    "distributed Map is outside the supported subset (inline Map only)".into()
                }
                "Timestamp" | "TimestampPath" => {
                    "Wait until a timestamp is outside the supported subset (use Seconds or SecondsPath)".into()
                }
                "ErrorPath" | "CausePath" => {
                    "ErrorPath and CausePath are outside the supported subset: give Error and Cause".into()
                }
                _ => format!("`{key}` is not a field of {what}"),
            };
            return Err(self.err(key, why));
        }
        Ok(())
    }

    fn query_language(&self) -> Result<(), DefinitionError> {
        match self.get("QueryLanguage") {
            None => Ok(()),
            Some(Value::String(s)) if s == "JSONPath" => Ok(()),
            Some(Value::String(s)) if s == "JSONata" => Err(self.err(
                "QueryLanguage",
                "JSONata is outside the supported subset (JSONPath only)",
            )),
            Some(_) => Err(self.err("QueryLanguage", "must be \"JSONPath\"")),
        }
    }

    fn string(&self, k: &str) -> Result<Option<&'a str>, DefinitionError> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(k, "must be a string")),
        }
    }

    fn required_string(&self, k: &str) -> Result<&'a str, DefinitionError> {
        self.string(k)?.ok_or_else(|| self.err(k, "is required"))
    }

    fn non_negative_int(&self, k: &str) -> Result<Option<u64>, DefinitionError> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.err(k, "must be a non-negative integer")),
        }
    }

    fn positive_int(&self, k: &str) -> Result<Option<u64>, DefinitionError> {
        match self.non_negative_int(k) {
            Ok(Some(0)) | Err(_) => Err(self.err(k, "must be a positive integer")),
            other => other,
        }
    }
}

struct Loader {
    names: HashSet<String>,
    uses_entered_time: bool,
    uses_execution_input: bool,
}

/// Where a path may appear, for the context checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PathUse {
    /// Anything but `$$.Map.Item.*`.
    Data,
    /// A Map's ItemSelector: `$$.Map.Item.*` too.
    ItemSelector,
    /// A reference into the state's data only: no `$$`.
    InputOnly,
}

impl Loader {
    /// Loads a level (`StartAt` + `States`) from `f`.
    fn graph(&mut self, f: &Fields<'_>) -> Result<Graph, DefinitionError> {
        let start = f.required_string("StartAt")?;
        let Some(Value::Object(states)) = f.get("States") else {
            return Err(f.err("States", "is required and must be an object of states"));
        };
        if states.is_empty() {
            return Err(f.err("States", "must hold at least one state"));
        }
        let mut index = HashMap::with_capacity(states.len());
        for (i, name) in states.keys().enumerate() {
            let err = |message: &str| DefinitionError {
                state: Some(name.clone()),
                field: String::new(),
                message: message.into(),
            };
            if name.is_empty() || name.chars().count() > 80 {
                return Err(err("a state name has 1 to 80 characters"));
            }
            if !self.names.insert(name.clone()) {
                return Err(err(
                    "state names must be unique across the whole definition, nested levels included",
                ));
            }
            index.insert(name.as_str(), i);
        }
        let start = *index.get(start).ok_or_else(|| {
            f.err(
                "StartAt",
                format!("names `{start}`, which is not a state of this level"),
            )
        })?;
        let mut compiled = Vec::with_capacity(states.len());
        for (name, value) in states {
            compiled.push(self.state(name, value, &index)?);
        }
        let graph = Graph {
            states: compiled,
            start,
        };
        check_reachable(&graph)?;
        Ok(graph)
    }

    fn state(
        &mut self,
        name: &str,
        value: &Value,
        index: &HashMap<&str, usize>,
    ) -> Result<State, DefinitionError> {
        let f = Fields::new(Some(name), value, "")?;
        let ty_name = f.required_string("Type")?;
        let Some(ty) = Ty::by_name(ty_name) else {
            return Err(f.err(
                "Type",
                format!(
                    "state type `{ty_name}` is outside the supported subset (Task, Choice, Map, Pass, Wait, Succeed, Fail, Parallel)"
                ),
            ));
        };
        const IO: [&str; 2] = ["InputPath", "OutputPath"];
        const FLOW: [&str; 2] = ["Next", "End"];
        const RESULT: [&str; 2] = ["ResultPath", "ResultSelector"];
        const ERRORS: [&str; 2] = ["Retry", "Catch"];
        let specific: &[&str] = match ty {
            Ty::Pass => &["Parameters", "Result", "ResultPath"],
            Ty::Task => &["Parameters", "Resource", "TimeoutSeconds"],
            Ty::Choice => &["Choices", "Default"],
            Ty::Wait => &["Seconds", "SecondsPath"],
            Ty::Succeed => &[],
            Ty::Fail => &["Error", "Cause"],
            Ty::Map => &[
                "ItemProcessor",
                "ItemsPath",
                "ItemSelector",
                "MaxConcurrency",
            ],
            Ty::Parallel => &["Parameters", "Branches"],
        };
        let mut allowed = vec!["Type", "Comment", "QueryLanguage"];
        allowed.extend_from_slice(specific);
        if ty != Ty::Fail {
            allowed.extend_from_slice(&IO);
        }
        if !matches!(ty, Ty::Choice | Ty::Succeed | Ty::Fail) {
            allowed.extend_from_slice(&FLOW);
        }
        if matches!(ty, Ty::Task | Ty::Map | Ty::Parallel) {
            allowed.extend_from_slice(&RESULT);
            allowed.extend_from_slice(&ERRORS);
        }
        if ty == Ty::Map && f.get("Parameters").is_some() {
            return Err(f.err(
                "Parameters",
                "`Parameters` on a Map state is the legacy form and is refused: use `ItemSelector`",
            ));
        }
        f.only(&allowed, &format!("a {ty_name} state"))?;
        f.query_language()?;

        let next = if allowed.contains(&"Next") {
            match (f.get("Next"), f.get("End")) {
                (Some(_), Some(_)) => return Err(f.err("End", "a state has Next or End, not both")),
                (Some(_), None) => Some(resolve(&f, "Next", f.required_string("Next")?, index)?),
                (None, Some(Value::Bool(true))) => None,
                (None, Some(_)) => return Err(f.err("End", "must be true (or give Next)")),
                (None, None) => return Err(f.err("Next", "a state needs Next or End: true")),
            }
        } else {
            None
        };

        let input_path = self.select(&f, "InputPath")?;
        let output_path = self.select(&f, "OutputPath")?;
        let result_path = result_path(&f, "ResultPath", f.get("ResultPath"))?;
        let parameters = self.template(&f, "Parameters", PathUse::Data)?;
        let result_selector = self.template(&f, "ResultSelector", PathUse::Data)?;
        let retry = self.retriers(&f)?;
        let catch = self.catchers(&f, index)?;

        let kind = match ty {
            Ty::Pass => Kind::Pass {
                result: f.get("Result").cloned(),
            },
            Ty::Task => {
                let resource = f.required_string("Resource")?;
                for suffix in [".waitForTaskToken", ".sync", ".sync:2"] {
                    if resource.ends_with(suffix) {
                        return Err(f.err(
                            "Resource",
                            format!("the `{suffix}` integration pattern is outside the supported subset (request-response only)"),
                        ));
                    }
                }
                if resource.is_empty() {
                    return Err(f.err("Resource", "must not be empty"));
                }
                Kind::Task {
                    resource: resource.into(),
                    timeout: f.positive_int("TimeoutSeconds")?.map(Duration::from_secs),
                }
            }
            Ty::Choice => {
                let Some(Value::Array(choices)) = f.get("Choices") else {
                    return Err(f.err("Choices", "is required and must be an array of rules"));
                };
                if choices.is_empty() {
                    return Err(f.err("Choices", "needs at least one rule"));
                }
                let mut rules = Vec::with_capacity(choices.len());
                for (i, c) in choices.iter().enumerate() {
                    let at = format!("Choices[{i}]");
                    let (rule, next) =
                        Rule::compile(c, &at, true).map_err(|(field, why)| f.err(&field, why))?;
                    let mut bad = None;
                    rule.for_each_path(&mut |p| {
                        if bad.is_none() {
                            bad = self.check_path(p, PathUse::Data).err();
                        }
                    });
                    if let Some(why) = bad {
                        return Err(f.err(&at, why));
                    }
                    let next = next.unwrap_or_default();
                    rules.push((rule, resolve(&f, &format!("{at}.Next"), &next, index)?));
                }
                let default = match f.string("Default")? {
                    Some(d) => Some(resolve(&f, "Default", d, index)?),
                    None => None,
                };
                Kind::Choice { rules, default }
            }
            Ty::Wait => match (f.get("Seconds"), f.string("SecondsPath")?) {
                (Some(_), None) => Kind::Wait(WaitFor::Seconds(
                    f.non_negative_int("Seconds")?.unwrap_or_default(),
                )),
                (None, Some(p)) => {
                    let path = Path::parse(p).map_err(|why| f.err("SecondsPath", why))?;
                    self.check_path(&path, PathUse::Data)
                        .map_err(|why| f.err("SecondsPath", why))?;
                    Kind::Wait(WaitFor::Path(path))
                }
                _ => {
                    return Err(f.err(
                        "Seconds",
                        "a Wait state needs exactly one of Seconds and SecondsPath",
                    ));
                }
            },
            Ty::Succeed => Kind::Succeed,
            Ty::Fail => {
                let error = f.required_string("Error").map_err(|_| {
                    f.err(
                        "Error",
                        "this subset needs an Error on every Fail state, so callers can match it",
                    )
                })?;
                Kind::Fail {
                    error: error.to_string(),
                    cause: f.string("Cause")?.map(str::to_string),
                }
            }
            Ty::Map => {
                let items_path = match f.string("ItemsPath")? {
                    Some(p) => {
                        let path = Path::parse(p).map_err(|why| f.err("ItemsPath", why))?;
                        self.check_path(&path, PathUse::Data)
                            .map_err(|why| f.err("ItemsPath", why))?;
                        Some(path)
                    }
                    None => None,
                };
                let item_selector = self.template(&f, "ItemSelector", PathUse::ItemSelector)?;
                let max_concurrency = f.non_negative_int("MaxConcurrency")?.unwrap_or(0);
                let Some(processor) = f.get("ItemProcessor") else {
                    return Err(f.err("ItemProcessor", "is required"));
                };
                let p = Fields::new(Some(name), processor, "ItemProcessor")?;
                p.only(
                    &["StartAt", "States", "ProcessorConfig", "Comment"],
                    "an ItemProcessor",
                )?;
                if let Some(config) = p.get("ProcessorConfig") {
                    let c = Fields::new(Some(name), config, "ItemProcessor.ProcessorConfig")?;
                    c.only(&["Mode"], "a ProcessorConfig (inline Map only)")?;
                    match c.string("Mode")? {
                        None | Some("INLINE") => {}
                        Some(_) => {
                            return Err(c.err("Mode", "distributed Map is outside the supported subset (Mode must be INLINE)"));
                        }
                    }
                }
                Kind::Map {
                    items_path,
                    item_selector,
                    max_concurrency: usize::try_from(max_concurrency).unwrap_or(usize::MAX),
                    processor: self.graph(&p)?,
                }
            }
            Ty::Parallel => {
                let Some(Value::Array(branches)) = f.get("Branches") else {
                    return Err(f.err("Branches", "is required and must be an array"));
                };
                if branches.is_empty() {
                    return Err(f.err("Branches", "needs at least one branch"));
                }
                let mut graphs = Vec::with_capacity(branches.len());
                for (i, b) in branches.iter().enumerate() {
                    let at = format!("Branches[{i}]");
                    let bf = Fields::new(Some(name), b, &at)?;
                    bf.only(&["StartAt", "States", "Comment"], "a Parallel branch")?;
                    graphs.push(self.graph(&bf)?);
                }
                Kind::Parallel { branches: graphs }
            }
        };

        Ok(State {
            name: name.into(),
            name_value: Value::String(name.to_string()),
            kind,
            input_path,
            parameters,
            result_selector,
            result_path,
            output_path,
            next,
            retry,
            catch,
        })
    }

    fn check_path(&mut self, path: &Path, use_: PathUse) -> Result<(), String> {
        match path.context_field() {
            None => Ok(()),
            Some(_) if use_ == PathUse::InputOnly => Err(format!(
                "`{}`: this field takes a path into the state's data (`$…`), not the context object",
                path.text()
            )),
            Some(ContextField::MapItemIndex | ContextField::MapItemValue)
                if use_ != PathUse::ItemSelector =>
            {
                Err(format!(
                    "`{}`: `$$.Map.Item.*` is available only in a Map state's ItemSelector",
                    path.text()
                ))
            }
            Some(ContextField::StateEnteredTime) => {
                self.uses_entered_time = true;
                Ok(())
            }
            Some(ContextField::ExecutionInput) => {
                self.uses_execution_input = true;
                Ok(())
            }
            Some(_) => Ok(()),
        }
    }

    fn template(
        &mut self,
        f: &Fields<'_>,
        field: &str,
        use_: PathUse,
    ) -> Result<Option<Template>, DefinitionError> {
        let Some(v) = f.get(field) else {
            return Ok(None);
        };
        let t = Template::compile(v).map_err(|(at, why)| f.err(&format!("{field}.{at}"), why))?;
        let mut bad = None;
        t.for_each_path(&mut |p| {
            if bad.is_none() {
                bad = self.check_path(p, use_).err();
            }
        });
        match bad {
            Some(why) => Err(f.err(field, why)),
            None => Ok(Some(t)),
        }
    }

    fn select(&mut self, f: &Fields<'_>, field: &str) -> Result<Select, DefinitionError> {
        match f.get(field) {
            None => Ok(Select::All),
            Some(Value::Null) => Ok(Select::Empty),
            Some(Value::String(text)) => {
                let path = Path::parse(text).map_err(|why| f.err(field, why))?;
                self.check_path(&path, PathUse::InputOnly)
                    .map_err(|why| f.err(field, why))?;
                let steps = path.input_steps().unwrap_or_default();
                Ok(if steps.is_empty() {
                    Select::All
                } else {
                    Select::At {
                        text: text.as_str().into(),
                        steps: steps.into(),
                    }
                })
            }
            Some(_) => Err(f.err(field, "must be a path string or null")),
        }
    }

    fn retriers(&mut self, f: &Fields<'_>) -> Result<Vec<Retrier>, DefinitionError> {
        let Some(v) = f.get("Retry") else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = v else {
            return Err(f.err("Retry", "must be an array of Retriers"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, r) in items.iter().enumerate() {
            let at = format!("{}Retry[{i}]", f.prefix);
            let rf = Fields::new(f.state, r, &at)?;
            rf.only(
                &[
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                    "Comment",
                ],
                "a Retrier",
            )?;
            let errors = error_match(&rf, i + 1 == items.len())?;
            let backoff_rate = match rf.get("BackoffRate") {
                None => 2.0,
                Some(b) => match b.as_f64() {
                    Some(b) if b >= 1.0 => b,
                    _ => return Err(rf.err("BackoffRate", "must be a number of at least 1.0")),
                },
            };
            let max_attempts = rf.non_negative_int("MaxAttempts")?.unwrap_or(3);
            #[allow(clippy::cast_precision_loss)]
            out.push(Retrier {
                errors,
                interval_seconds: rf.positive_int("IntervalSeconds")?.unwrap_or(1) as f64,
                max_attempts: u32::try_from(max_attempts)
                    .map_err(|_| rf.err("MaxAttempts", "is too large"))?,
                backoff_rate,
                max_delay_seconds: rf.positive_int("MaxDelaySeconds")?.map(|d| d as f64),
                full_jitter: match rf.string("JitterStrategy")? {
                    None | Some("NONE") => false,
                    Some("FULL") => true,
                    Some(_) => return Err(rf.err("JitterStrategy", "must be FULL or NONE")),
                },
            });
        }
        Ok(out)
    }

    fn catchers(
        &mut self,
        f: &Fields<'_>,
        index: &HashMap<&str, usize>,
    ) -> Result<Vec<Catcher>, DefinitionError> {
        let Some(v) = f.get("Catch") else {
            return Ok(Vec::new());
        };
        let Value::Array(items) = v else {
            return Err(f.err("Catch", "must be an array of Catchers"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, c) in items.iter().enumerate() {
            let at = format!("{}Catch[{i}]", f.prefix);
            let cf = Fields::new(f.state, c, &at)?;
            cf.only(
                &["ErrorEquals", "Next", "ResultPath", "Comment"],
                "a Catcher",
            )?;
            let errors = error_match(&cf, i + 1 == items.len())?;
            let next = resolve(&cf, "Next", cf.required_string("Next")?, index)?;
            out.push(Catcher {
                errors,
                next,
                result_path: result_path(&cf, "ResultPath", cf.get("ResultPath"))?,
            });
        }
        Ok(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Pass,
    Task,
    Choice,
    Wait,
    Succeed,
    Fail,
    Map,
    Parallel,
}

impl Ty {
    fn by_name(name: &str) -> Option<Ty> {
        Some(match name {
            "Pass" => Ty::Pass,
            "Task" => Ty::Task,
            "Choice" => Ty::Choice,
            "Wait" => Ty::Wait,
            "Succeed" => Ty::Succeed,
            "Fail" => Ty::Fail,
            "Map" => Ty::Map,
            "Parallel" => Ty::Parallel,
            _ => return None,
        })
    }
}

fn resolve(
    f: &Fields<'_>,
    field: &str,
    target: &str,
    index: &HashMap<&str, usize>,
) -> Result<usize, DefinitionError> {
    index.get(target).copied().ok_or_else(|| {
        f.err(
            field,
            format!("names `{target}`, which is not a state of this level"),
        )
    })
}

fn result_path(
    f: &Fields<'_>,
    field: &str,
    value: Option<&Value>,
) -> Result<ResultPath, DefinitionError> {
    match value {
        None => Ok(ResultPath::Replace),
        Some(Value::Null) => Ok(ResultPath::Discard),
        Some(Value::String(text)) => {
            let path = Path::parse(text).map_err(|why| f.err(field, why))?;
            match path.input_steps() {
                None => Err(f.err(
                    field,
                    "ResultPath is a reference path into the state's input (`$…`), not the context object",
                )),
                Some([]) => Ok(ResultPath::Replace),
                Some(steps) => Ok(ResultPath::At(steps.into())),
            }
        }
        Some(_) => Err(f.err(field, "must be a path string or null")),
    }
}

fn error_match(f: &Fields<'_>, last: bool) -> Result<ErrorMatch, DefinitionError> {
    let Some(Value::Array(names)) = f.get("ErrorEquals") else {
        return Err(f.err(
            "ErrorEquals",
            "is required and must be an array of error names",
        ));
    };
    if names.is_empty() {
        return Err(f.err("ErrorEquals", "must name at least one error"));
    }
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let Value::String(n) = n else {
            return Err(f.err("ErrorEquals", "error names are strings"));
        };
        if n.starts_with("States.") && !errors::KNOWN.contains(&n.as_str()) {
            return Err(f.err(
                "ErrorEquals",
                format!(
                    "`{n}` is not a predefined error; names starting with `States.` are reserved"
                ),
            ));
        }
        out.push(n.clone());
    }
    if out.iter().any(|n| n == errors::ALL) {
        if out.len() > 1 {
            return Err(f.err("ErrorEquals", "States.ALL must stand alone"));
        }
        if !last {
            return Err(f.err(
                "ErrorEquals",
                "States.ALL may appear only in the last Retrier or Catcher",
            ));
        }
        return Ok(ErrorMatch::All);
    }
    Ok(ErrorMatch::Names(out))
}

fn check_reachable(graph: &Graph) -> Result<(), DefinitionError> {
    let mut seen = vec![false; graph.states.len()];
    let mut stack = vec![graph.start];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let s = &graph.states[i];
        stack.extend(s.next);
        stack.extend(s.catch.iter().map(|c| c.next));
        if let Kind::Choice { rules, default } = &s.kind {
            stack.extend(rules.iter().map(|(_, n)| *n));
            stack.extend(*default);
        }
    }
    match seen.iter().position(|s| !s) {
        Some(i) => Err(DefinitionError {
            state: Some(graph.states[i].name.to_string()),
            field: String::new(),
            message: "the state is unreachable from StartAt".into(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(def: Value) -> DefinitionError {
        StateMachine::from_value(&def).unwrap_err()
    }

    fn one_state(state: Value) -> Value {
        json!({"StartAt": "S", "States": {"S": state}})
    }

    fn assert_refused(def: Value, state: Option<&str>, field: &str, says: &str) {
        let e = refused(def);
        assert_eq!(e.state.as_deref(), state, "{e}");
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains(says), "{e}");
        assert!(e.to_string().contains(field), "{e}");
    }

    #[test]
    fn a_small_definition_loads() {
        let m = StateMachine::from_value(&json!({
            "Comment": "x", "StartAt": "A", "TimeoutSeconds": 5, "QueryLanguage": "JSONPath",
            "States": {
                "A": {"Type": "Pass", "Next": "B"},
                "B": {"Type": "Succeed"}
            }
        }))
        .unwrap();
        assert_eq!(m.root.states.len(), 2);
        assert_eq!(m.timeout, Some(Duration::from_secs(5)));
    }

    #[test]
    fn unknown_and_unsupported_state_types_are_refused() {
        assert_refused(
            one_state(json!({"Type": "Sleep", "End": true})),
            Some("S"),
            "Type",
            "outside the supported subset",
        );
    }

    #[test]
    fn unknown_fields_are_refused_naming_state_and_field() {
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "Reslt": 1})),
            Some("S"),
            "Reslt",
            "not a field of a Pass state",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "ResultSelector": {}})),
            Some("S"),
            "ResultSelector",
            "not a field of a Pass state",
        );
        assert_refused(
            one_state(json!({"Type": "Succeed", "Next": "S"})),
            Some("S"),
            "Next",
            "not a field of a Succeed state",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {"S": {"Type": "Succeed"}}, "Extra": 1}),
            None,
            "Extra",
            "not a field of the top level",
        );
    }

    #[test]
    fn asl_features_outside_the_subset_are_refused_naming_state_and_field() {
        let task = |extra: Value| {
            let mut t = json!({"Type": "Task", "Resource": "arn:aws:lambda:eu-north-1:0:function:f", "End": true});
            t.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            one_state(t)
        };
        assert_refused(
            task(json!({"HeartbeatSeconds": 5})),
            Some("S"),
            "HeartbeatSeconds",
            "heartbeats",
        );
        assert_refused(
            task(json!({"TimeoutSecondsPath": "$.t"})),
            Some("S"),
            "TimeoutSecondsPath",
            "literal",
        );
        assert_refused(
            task(json!({"Arguments": {}})),
            Some("S"),
            "Arguments",
            "JSONata",
        );
        assert_refused(
            task(json!({"Assign": {}})),
            Some("S"),
            "Assign",
            "variables",
        );
        assert_refused(
            task(json!({"QueryLanguage": "JSONata"})),
            Some("S"),
            "QueryLanguage",
            "JSONata",
        );
        assert_refused(
            task(json!({"Credentials": {}})),
            Some("S"),
            "Credentials",
            "credentials",
        );
        assert_refused(
            one_state(
                json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "End": true}),
            ),
            Some("S"),
            "Resource",
            ".waitForTaskToken",
        );
        assert_refused(
            one_state(
                json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": true}),
            ),
            Some("S"),
            "Resource",
            ".sync:2",
        );
        assert_refused(
            task(json!({"Parameters": {"x.$": "States.UUID()"}})),
            Some("S"),
            "Parameters.x.$",
            "States.UUID",
        );
        assert_refused(
            task(json!({"ResultSelector": {"x.$": "$..a"}})),
            Some("S"),
            "ResultSelector.x.$",
            "recursive descent",
        );
        assert_refused(
            task(json!({"Parameters": {"x.$": "$$.Task.Token"}})),
            Some("S"),
            "Parameters.x.$",
            "context path",
        );
        assert_refused(
            one_state(json!({"Type": "Wait", "Timestamp": "2026-01-01T00:00:00Z", "End": true})),
            Some("S"),
            "Timestamp",
            "timestamp",
        );
        assert_refused(
            one_state(json!({"Type": "Fail", "ErrorPath": "$.e"})),
            Some("S"),
            "ErrorPath",
            "ErrorPath",
        );
        assert_refused(
            one_state(json!({"Type": "Fail", "Cause": "c"})),
            Some("S"),
            "Error",
            "needs an Error",
        );
        assert_refused(
            json!({"StartAt": "S", "QueryLanguage": "JSONata", "States": {"S": {"Type": "Succeed"}}}),
            None,
            "QueryLanguage",
            "JSONata",
        );
    }

    fn map(extra: Value) -> Value {
        let mut m = json!({
            "Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}
        });
        m.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        one_state(m)
    }

    #[test]
    fn distributed_and_legacy_map_forms_are_refused() {
        assert_refused(
            map(json!({"Parameters": {}})),
            Some("S"),
            "Parameters",
            "ItemSelector",
        );
        assert_refused(
            map(json!({"Iterator": {}})),
            Some("S"),
            "Iterator",
            "ItemProcessor",
        );
        assert_refused(
            map(json!({"ItemReader": {}})),
            Some("S"),
            "ItemReader",
            "distributed Map",
        );
        assert_refused(
            map(json!({"ToleratedFailureCount": 1})),
            Some("S"),
            "ToleratedFailureCount",
            "distributed Map",
        );
        assert_refused(
            map(json!({"MaxConcurrencyPath": "$.n"})),
            Some("S"),
            "MaxConcurrencyPath",
            "literal",
        );
        assert_refused(
            map(
                json!({"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
            ),
            Some("S"),
            "ItemProcessor.ProcessorConfig.ExecutionType",
            "inline Map only",
        );
        assert_refused(
            map(
                json!({"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
            ),
            Some("S"),
            "ItemProcessor.ProcessorConfig.Mode",
            "distributed Map",
        );
        assert!(
            StateMachine::from_value(&map(json!({"ItemSelector": {"v.$": "$$.Map.Item.Value"}})))
                .is_ok()
        );
    }

    #[test]
    fn map_item_context_is_only_for_item_selector() {
        assert_refused(
            map(
                json!({"ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"i.$": "$$.Map.Item.Index"}, "End": true}}}}),
            ),
            Some("I"),
            "Parameters",
            "only in a Map state's ItemSelector",
        );
        assert_refused(
            map(json!({"ResultSelector": {"i.$": "$$.Map.Item.Index"}})),
            Some("S"),
            "ResultSelector",
            "only in a Map state's ItemSelector",
        );
    }

    #[test]
    fn references_must_resolve_within_their_level() {
        assert_refused(
            json!({"StartAt": "X", "States": {"S": {"Type": "Succeed"}}}),
            None,
            "StartAt",
            "`X`",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "Next": "Nowhere"})),
            Some("S"),
            "Next",
            "`Nowhere`",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "T"}], "Default": "Gone"},
                "T": {"Type": "Succeed"}}}),
            Some("S"),
            "Default",
            "`Gone`",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "Gone"}]}}}),
            Some("S"),
            "Choices[0].Next",
            "`Gone`",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Task", "Resource": "r", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}]}}}),
            Some("S"),
            "Catch[0].Next",
            "`Gone`",
        );
        // A Map's inner states cannot jump out to the outer level.
        assert_refused(
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Map", "Next": "After", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Next": "After"}}}},
                "After": {"Type": "Succeed"}}}),
            Some("I"),
            "Next",
            "`After`",
        );
    }

    #[test]
    fn structure_rules() {
        assert_refused(
            one_state(json!({"Type": "Pass"})),
            Some("S"),
            "Next",
            "Next or End",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "Next": "S"})),
            Some("S"),
            "End",
            "not both",
        );
        assert_refused(
            json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}),
            Some("B"),
            "",
            "unreachable",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}}}}),
            Some("S"),
            "",
            "unique",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {}}),
            None,
            "States",
            "at least one",
        );
        assert_refused(
            json!({"StartAt": "S", "States": {"S": {"Type": "Succeed"}}, "TimeoutSeconds": 0}),
            None,
            "TimeoutSeconds",
            "positive",
        );
        let long = "x".repeat(81);
        assert_refused(
            json!({"StartAt": long, "States": {long.clone(): {"Type": "Succeed"}}}),
            Some(long.as_str()),
            "",
            "80",
        );
        assert!(
            StateMachine::parse("{")
                .unwrap_err()
                .message
                .contains("not JSON")
        );
    }

    #[test]
    fn retriers_and_catchers_are_checked() {
        let task = |retry: Value, catch: Value| {
            json!({"StartAt": "S", "States": {
                "S": {"Type": "Task", "Resource": "r", "End": true, "Retry": retry, "Catch": catch},
                "H": {"Type": "Succeed"}}})
        };
        let ok_catch = json!([{"ErrorEquals": ["States.ALL"], "Next": "H"}]);
        assert_refused(
            task(
                json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].ErrorEquals",
            "last",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["States.ALL", "X"]}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].ErrorEquals",
            "alone",
        );
        assert_refused(
            task(json!([{"ErrorEquals": ["States.Bogus"]}]), ok_catch.clone()),
            Some("S"),
            "Retry[0].ErrorEquals",
            "reserved",
        );
        assert_refused(
            task(json!([{"ErrorEquals": []}]), ok_catch.clone()),
            Some("S"),
            "Retry[0].ErrorEquals",
            "at least one",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].JitterStrategy",
            "FULL or NONE",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["X"], "BackoffRate": 0.5}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].BackoffRate",
            "1.0",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["X"], "IntervalSeconds": 0}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].IntervalSeconds",
            "positive",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["X"], "MaxAttempts": -1}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].MaxAttempts",
            "non-negative",
        );
        assert_refused(
            task(
                json!([{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}]),
                ok_catch.clone(),
            ),
            Some("S"),
            "Retry[0].MaxDelaySeconds",
            "positive",
        );
        assert_refused(
            task(json!([{"ErrorEquals": ["X"], "Wait": 1}]), ok_catch.clone()),
            Some("S"),
            "Retry[0].Wait",
            "not a field of a Retrier",
        );
        assert_refused(
            task(
                json!([]),
                json!([{"ErrorEquals": ["X"], "Next": "H", "Output": {}}]),
            ),
            Some("S"),
            "Catch[0].Output",
            "JSONata",
        );
        assert_refused(
            task(
                json!([]),
                json!([{"ErrorEquals": ["X"], "Next": "H", "ResultPath": "$$.Execution.Input"}]),
            ),
            Some("S"),
            "Catch[0].ResultPath",
            "reference path",
        );
    }

    #[test]
    fn paths_are_checked_where_they_are_read() {
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "InputPath": "$.a[*]"})),
            Some("S"),
            "InputPath",
            "[*]",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "OutputPath": "$$.Execution.Input"})),
            Some("S"),
            "OutputPath",
            "not the context object",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "ResultPath": "$$.Execution.Input"})),
            Some("S"),
            "ResultPath",
            "reference path",
        );
        assert_refused(
            one_state(json!({"Type": "Pass", "End": true, "ResultPath": 3})),
            Some("S"),
            "ResultPath",
            "path string or null",
        );
        assert_refused(
            one_state(
                json!({"Type": "Choice", "Choices": [{"Variable": "$$.Map.Item.Value", "IsNull": true, "Next": "S"}]}),
            ),
            Some("S"),
            "Choices[0]",
            "ItemSelector",
        );
    }
}
