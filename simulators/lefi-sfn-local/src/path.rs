//! The JSONPath subset ASL needs: reference paths (spec "Paths", "Reference Paths").
//!
//! `$` is the state's input (or whatever the field applies to), `$$` the context object.
//! After the root come `.name`, `['name']` / `["name"]` and `[n]` steps, nothing else:
//! wildcards, filters, slices, unions, negative indices and `..` are refused when the
//! definition loads. Context paths are resolved against the fields the executor offers
//! (listed in [`ContextField`]); any other context path is refused too.

use serde_json::{Map, Value};

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Field(Box<str>),
    Index(usize),
}

/// A field of the context object the executor fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContextField {
    ExecutionId,
    ExecutionName,
    ExecutionInput,
    ExecutionStartTime,
    StateName,
    StateEnteredTime,
    StateRetryCount,
    StateMachineId,
    MapItemIndex,
    MapItemValue,
}

impl ContextField {
    /// The context fields, by their path below `$$`.
    const ALL: [(&'static [&'static str], ContextField); 10] = [
        (&["Execution", "Id"], ContextField::ExecutionId),
        (&["Execution", "Name"], ContextField::ExecutionName),
        (&["Execution", "Input"], ContextField::ExecutionInput),
        (
            &["Execution", "StartTime"],
            ContextField::ExecutionStartTime,
        ),
        (&["State", "Name"], ContextField::StateName),
        (&["State", "EnteredTime"], ContextField::StateEnteredTime),
        (&["State", "RetryCount"], ContextField::StateRetryCount),
        (&["StateMachine", "Id"], ContextField::StateMachineId),
        (&["Map", "Item", "Index"], ContextField::MapItemIndex),
        (&["Map", "Item", "Value"], ContextField::MapItemValue),
    ];

    /// Whether steps may follow the field (`$$.Execution.Input.a`, `$$.Map.Item.Value[0]`).
    fn has_children(self) -> bool {
        matches!(
            self,
            ContextField::ExecutionInput | ContextField::MapItemValue
        )
    }
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Path {
    /// `$…`: steps into the value the path is applied to.
    Input { text: Box<str>, steps: Box<[Step]> },
    /// `$$.…`: a context field, then steps into it.
    Context {
        text: Box<str>,
        field: ContextField,
        rest: Box<[Step]>,
    },
}

impl Path {
    /// Parses a path, with the reason it is outside the subset if it is.
    pub(crate) fn parse(text: &str) -> Result<Path, String> {
        let (context, rest) = match text.strip_prefix("$$") {
            Some(rest) => (true, rest),
            None => match text.strip_prefix('$') {
                Some(rest) => (false, rest),
                None => return Err(format!("`{text}` is not a path: a path starts with `$`")),
            },
        };
        let steps = parse_steps(text, rest)?;
        if !context {
            return Ok(Path::Input {
                text: text.into(),
                steps: steps.into(),
            });
        }
        for (names, field) in ContextField::ALL {
            let prefix_matches = steps.len() >= names.len()
                && names
                    .iter()
                    .zip(&steps)
                    .all(|(name, step)| matches!(step, Step::Field(f) if **f == **name));
            if prefix_matches {
                let rest = &steps[names.len()..];
                if !rest.is_empty() && !field.has_children() {
                    break;
                }
                return Ok(Path::Context {
                    text: text.into(),
                    field,
                    rest: rest.into(),
                });
            }
        }
        Err(format!(
            "context path `{text}` is outside the supported subset; supported: {}",
            ContextField::ALL
                .iter()
                .map(|(names, _)| format!("$$.{}", names.join(".")))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// The path as written in the definition.
    pub(crate) fn text(&self) -> &str {
        match self {
            Path::Input { text, .. } | Path::Context { text, .. } => text,
        }
    }

    /// The steps of an input path; `None` for a context path.
    pub(crate) fn input_steps(&self) -> Option<&[Step]> {
        match self {
            Path::Input { steps, .. } => Some(steps),
            Path::Context { .. } => None,
        }
    }

    /// The context field a path reads, if it is a context path.
    pub(crate) fn context_field(&self) -> Option<ContextField> {
        match self {
            Path::Input { .. } => None,
            Path::Context { field, .. } => Some(*field),
        }
    }
}

fn parse_steps(text: &str, mut rest: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let outside = |what: &str| {
        format!(
            "`{text}`: {what} is outside the supported JSONPath subset (reference paths: `$.a.b`, `$['a']`, `$.a[0]`)"
        )
    };
    while let Some(c) = rest.chars().next() {
        match c {
            '.' => {
                rest = &rest[1..];
                if rest.starts_with('.') {
                    return Err(outside("recursive descent `..`"));
                }
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let name = &rest[..end];
                if name.is_empty() {
                    return Err(format!("`{text}`: a `.` must be followed by a field name"));
                }
                if name == "*" {
                    return Err(outside("the wildcard `*`"));
                }
                if let Some(bad) = name.chars().find(|c| {
                    matches!(
                        c,
                        '*' | '?' | '@' | '(' | ')' | ',' | ':' | '\'' | '"' | ']'
                    ) || c.is_whitespace()
                }) {
                    return Err(outside(&format!(
                        "the character `{bad}` in a dotted field name"
                    )));
                }
                steps.push(Step::Field(name.into()));
                rest = &rest[end..];
            }
            '[' => {
                let close = rest
                    .find(']')
                    .ok_or_else(|| format!("`{text}`: `[` without `]`"))?;
                let inner = &rest[1..close];
                let quoted = inner.len() >= 2
                    && ((inner.starts_with('\'') && inner.ends_with('\''))
                        || (inner.starts_with('"') && inner.ends_with('"')));
                if quoted {
                    let name = &inner[1..inner.len() - 1];
                    if name.contains(['\'', '"', '\\']) {
                        return Err(outside(
                            "a quote or backslash inside a bracketed field name",
                        ));
                    }
                    steps.push(Step::Field(name.into()));
                } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                    let index = inner
                        .parse()
                        .map_err(|_| format!("`{text}`: index `{inner}` is too large"))?;
                    steps.push(Step::Index(index));
                } else {
                    return Err(outside(&format!("the selector `[{inner}]`")));
                }
                rest = &rest[close + 1..];
            }
            _ => return Err(format!("`{text}`: unexpected `{c}`")),
        }
    }
    Ok(steps)
}

/// The value at `steps` below `value`, if there is one.
pub(crate) fn get<'v>(mut value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    for step in steps {
        value = match (step, value) {
            (Step::Field(name), Value::Object(map)) => map.get(&**name)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Takes the value at `steps` out of `value`, if there is one.
pub(crate) fn take(mut value: Value, steps: &[Step]) -> Option<Value> {
    let mut node = &mut value;
    for step in steps {
        node = match (step, node) {
            (Step::Field(name), Value::Object(map)) => map.get_mut(&**name)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node.take())
}

/// Whether [`set`] would succeed, checked without changing anything.
pub(crate) fn can_set(target: &Value, steps: &[Step]) -> bool {
    let Some((first, rest)) = steps.split_first() else {
        return true;
    };
    match (first, target) {
        (Step::Field(name), Value::Object(map)) => match map.get(&**name) {
            // Missing objects are created, and an index cannot step into a new object.
            None => rest.iter().all(|s| matches!(s, Step::Field(_))),
            Some(child) => rest.is_empty() || can_set(child, rest),
        },
        (Step::Index(i), Value::Array(items)) => items.get(*i).is_some_and(|c| can_set(c, rest)),
        _ => false,
    }
}

/// Puts `result` at `steps` in `target` (ResultPath): missing objects on the way are
/// created; `false` if the path runs into something that is not an object (or an array
/// index that is absent), which is `States.ResultPathMatchFailure`.
pub(crate) fn set(target: &mut Value, steps: &[Step], result: Value) -> bool {
    let Some((first, rest)) = steps.split_first() else {
        *target = result;
        return true;
    };
    match (first, target) {
        (Step::Field(name), Value::Object(map)) => {
            if rest.is_empty() {
                map.insert(name.to_string(), result);
                return true;
            }
            let child = map
                .entry(name.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            set(child, rest, result)
        }
        (Step::Index(i), Value::Array(items)) => match items.get_mut(*i) {
            Some(child) => set(child, rest, result),
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn steps(text: &str) -> Vec<Step> {
        Path::parse(text).unwrap().input_steps().unwrap().to_vec()
    }

    #[test]
    fn dotted_bracketed_and_indexed_steps_parse() {
        assert_eq!(steps("$"), vec![]);
        assert_eq!(
            steps("$.a.b[0]['c d'][\"e\"]"),
            vec![
                Step::Field("a".into()),
                Step::Field("b".into()),
                Step::Index(0),
                Step::Field("c d".into()),
                Step::Field("e".into()),
            ]
        );
    }

    #[test]
    fn paths_outside_the_subset_are_refused() {
        for bad in [
            "$..a",
            "$.a[*]",
            "$.*",
            "$.a[?(@.b)]",
            "$.a[0:2]",
            "$.a[-1]",
            "$.a[0,1]",
            "a.b",
            "$.",
            "$.a[",
            "$a",
        ] {
            assert!(Path::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn context_paths_name_a_supported_field() {
        let p = Path::parse("$$.Execution.Input.a[1]").unwrap();
        assert_eq!(p.context_field(), Some(ContextField::ExecutionInput));
        assert_eq!(
            Path::parse("$$.Map.Item.Index").unwrap().context_field(),
            Some(ContextField::MapItemIndex)
        );
        for bad in [
            "$$",
            "$$.Execution",
            "$$.Task.Token",
            "$$.State.Name.x",
            "$$.Map.Item",
        ] {
            let err = Path::parse(bad).unwrap_err();
            assert!(err.contains("outside the supported subset"), "{bad}: {err}");
        }
    }

    #[test]
    fn get_follows_fields_and_indices_and_misses_cleanly() {
        let v = json!({"a": {"b": [10, {"c": true}]}});
        assert_eq!(get(&v, &steps("$.a.b[1].c")), Some(&json!(true)));
        assert_eq!(get(&v, &steps("$.a.b[2]")), None);
        assert_eq!(get(&v, &steps("$.a.x")), None);
        assert_eq!(get(&v, &steps("$.a.b.c")), None);
        assert_eq!(take(v, &steps("$.a.b[0]")), Some(json!(10)));
    }

    #[test]
    fn can_set_agrees_with_set() {
        let doc = json!({"a": 1, "o": {"l": [1, {"x": 2}]}, "s": "text"});
        for p in [
            "$",
            "$.a",
            "$.new.deeper",
            "$.a.b",
            "$.o.l[1].x",
            "$.o.l[1].y.z",
            "$.o.l[2]",
            "$.o.l[0].x",
            "$.new[0]",
            "$.s.x",
            "$.o.l",
        ] {
            let steps = steps(p);
            let mut copy = doc.clone();
            assert_eq!(
                can_set(&doc, &steps),
                set(&mut copy, &steps, json!(0)),
                "{p}"
            );
        }
    }

    #[test]
    fn set_creates_missing_objects_and_refuses_non_objects() {
        let mut v = json!({"a": 1});
        assert!(set(&mut v, &steps("$.b.c"), json!(2)));
        assert_eq!(v, json!({"a": 1, "b": {"c": 2}}));
        assert!(set(&mut v, &steps("$.a"), json!("replaced")));
        assert_eq!(v["a"], json!("replaced"));
        assert!(!set(&mut v, &steps("$.a.deeper"), json!(3)));
        let mut s = json!("text");
        assert!(!set(&mut s, &steps("$.x"), json!(1)));
        let mut whole = json!({"a": 1});
        assert!(set(&mut whole, &[], json!([1])));
        assert_eq!(whole, json!([1]));
        let mut arr = json!({"l": [1, 2]});
        assert!(set(&mut arr, &steps("$.l[1]"), json!(5)));
        assert!(!set(&mut arr, &steps("$.l[2]"), json!(5)));
        assert_eq!(arr, json!({"l": [1, 5]}));
    }
}
