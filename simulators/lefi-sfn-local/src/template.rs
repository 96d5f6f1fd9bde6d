//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` (spec "Payload
//! Template").
//!
//! A field whose name ends in `.$` takes its value from a path (`$…` into the state's
//! data, `$$…` into the context object) or an intrinsic function call; the `.$` is
//! dropped from the name. Nested objects and arrays are templates too. Subtrees without
//! any `.$` field are kept as one static value and cloned, not walked, at run time.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::intrinsic::Call;
use crate::path::{self, ContextField, Path, Step};

/// Where context paths are resolved: the executor's view of the running state.
pub(crate) trait Scope {
    /// The context field, then `rest` below it; `None` when absent.
    fn context<'s>(&'s self, field: ContextField, rest: &[Step]) -> Option<Cow<'s, Value>>;
}

/// Resolves a path against the state data `input` or the context.
pub(crate) fn lookup<'s>(
    path: &Path,
    input: &'s Value,
    scope: &'s dyn Scope,
) -> Option<Cow<'s, Value>> {
    match path {
        Path::Input { steps, .. } => path::get(input, steps).map(Cow::Borrowed),
        Path::Context { field, rest, .. } => scope.context(*field, rest),
    }
}

/// A failure while evaluating a path, template or intrinsic: the error name and cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvalError {
    pub(crate) error: &'static str,
    pub(crate) cause: String,
}

impl EvalError {
    pub(crate) fn runtime(cause: String) -> EvalError {
        EvalError {
            error: crate::errors::RUNTIME,
            cause,
        }
    }

    pub(crate) fn intrinsic(cause: String) -> EvalError {
        EvalError {
            error: crate::errors::INTRINSIC_FAILURE,
            cause,
        }
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// A compiled payload template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Template {
    Static(Value),
    Object(Vec<(Box<str>, Template)>),
    Array(Vec<Template>),
    Path { key: Box<str>, path: Path },
    Call(Call),
}

impl Template {
    /// Compiles a template; errors name the offending key (`a.b.c.$`).
    pub(crate) fn compile(value: &Value) -> Result<Template, (String, String)> {
        compile_at(value, "")
    }

    /// Every path the template reads, in intrinsic calls too.
    pub(crate) fn for_each_path(&self, f: &mut dyn FnMut(&Path)) {
        match self {
            Template::Static(_) => {}
            Template::Object(fields) => fields.iter().for_each(|(_, t)| t.for_each_path(f)),
            Template::Array(items) => items.iter().for_each(|t| t.for_each_path(f)),
            Template::Path { path, .. } => f(path),
            Template::Call(call) => call.for_each_path(f),
        }
    }

    pub(crate) fn eval(&self, input: &Value, scope: &dyn Scope) -> Result<Value, EvalError> {
        Ok(match self {
            Template::Static(v) => v.clone(),
            Template::Object(fields) => {
                let mut out = Map::new();
                for (name, t) in fields {
                    out.insert(name.to_string(), t.eval(input, scope)?);
                }
                Value::Object(out)
            }
            Template::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|t| t.eval(input, scope))
                    .collect::<Result<_, _>>()?,
            ),
            Template::Path { key, path } => lookup(path, input, scope)
                .ok_or_else(|| {
                    EvalError::runtime(format!(
                        "the JSONPath `{}` specified for the field `{key}` matched nothing",
                        path.text()
                    ))
                })?
                .into_owned(),
            Template::Call(call) => call.eval(input, scope)?,
        })
    }
}

fn has_dynamic_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.ends_with(".$") || has_dynamic_key(v)),
        Value::Array(items) => items.iter().any(has_dynamic_key),
        _ => false,
    }
}

fn compile_at(value: &Value, at: &str) -> Result<Template, (String, String)> {
    if !has_dynamic_key(value) {
        return Ok(Template::Static(value.clone()));
    }
    match value {
        Value::Object(map) => {
            let mut fields = Vec::with_capacity(map.len());
            for (key, v) in map {
                let here = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match key.strip_suffix(".$") {
                    Some(name) => {
                        if map.contains_key(name) {
                            return Err((here, format!("both `{name}` and `{key}` are given")));
                        }
                        let Value::String(expr) = v else {
                            return Err((
                                here,
                                "a field ending in `.$` needs a string: a path or an intrinsic function".into(),
                            ));
                        };
                        let t = if expr.starts_with('$') {
                            Template::Path {
                                key: key.as_str().into(),
                                path: Path::parse(expr).map_err(|e| (here.clone(), e))?,
                            }
                        } else if expr.starts_with("States.") {
                            Template::Call(Call::parse(expr).map_err(|e| (here.clone(), e))?)
                        } else {
                            return Err((
                                here,
                                format!(
                                    "`{expr}` is neither a path (`$…`) nor an intrinsic function (`States.…`)"
                                ),
                            ));
                        };
                        fields.push((name.into(), t));
                    }
                    None => fields.push((key.as_str().into(), compile_at(v, &here)?)),
                }
            }
            Ok(Template::Object(fields))
        }
        Value::Array(items) => Ok(Template::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| compile_at(v, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        _ => Ok(Template::Static(value.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Ctx(Value);
    impl Scope for Ctx {
        fn context<'s>(&'s self, field: ContextField, rest: &[Step]) -> Option<Cow<'s, Value>> {
            match field {
                ContextField::ExecutionInput => path::get(&self.0, rest).map(Cow::Borrowed),
                ContextField::StateName => Some(Cow::Owned(json!("S"))),
                _ => None,
            }
        }
    }

    #[test]
    fn dynamic_fields_read_paths_context_and_intrinsics() {
        let t = Template::compile(&json!({
            "static": {"x": [1, 2]},
            "a.$": "$.a",
            "nested": {"b.$": "$.b[1]", "list": [{"c.$": "$$.Execution.Input.c"}, 5]},
            "name.$": "$$.State.Name",
            "msg.$": "States.Format('{}-{}', $.a, $$.State.Name)"
        }))
        .unwrap();
        let out = t
            .eval(&json!({"a": "A", "b": [0, "B"]}), &Ctx(json!({"c": true})))
            .unwrap();
        assert_eq!(
            out,
            json!({
                "static": {"x": [1, 2]},
                "a": "A",
                "nested": {"b": "B", "list": [{"c": true}, 5]},
                "name": "S",
                "msg": "A-S"
            })
        );
    }

    #[test]
    fn a_missing_path_is_a_runtime_error_naming_the_field() {
        let t = Template::compile(&json!({"x.$": "$.nope"})).unwrap();
        let err = t.eval(&json!({}), &Ctx(json!({}))).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
        assert!(err.cause.contains("x.$"), "{}", err.cause);
    }

    #[test]
    fn bad_templates_name_the_key() {
        for (bad, key) in [
            (json!({"a": {"b.$": 1}}), "a.b.$"),
            (json!({"a.$": "nope"}), "a.$"),
            (json!({"l": [{"a.$": "$.x[*]"}]}), "l[0].a.$"),
            (json!({"a": 1, "a.$": "$.a"}), "a.$"),
            (json!({"a.$": "States.UUID()"}), "a.$"),
        ] {
            let (at, why) = Template::compile(&bad).unwrap_err();
            assert_eq!(at, key, "{why}");
        }
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(json_eq(&json!([1, {"a": 2}]), &json!([1.0, {"a": 2.0}])));
        assert!(!json_eq(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }
}
