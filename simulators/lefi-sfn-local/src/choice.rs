//! Choice rules (spec "Choice State", "Choice Rules").
//!
//! Supported comparison operators, each also as `…Path` (the right-hand side read from a
//! path) except `StringMatches` and the `Is…` tests: `StringEquals`, `StringLessThan`,
//! `StringGreaterThan`, `StringLessThanEquals`, `StringGreaterThanEquals`,
//! `NumericEquals`, `NumericLessThan`, `NumericGreaterThan`, `NumericLessThanEquals`,
//! `NumericGreaterThanEquals`, `BooleanEquals`; plus `StringMatches` (`*` wildcard, `\*`
//! and `\\` escapes), `IsPresent`, `IsNull`, `IsString`, `IsNumeric`, `IsBoolean`, and
//! the boolean `And`, `Or`, `Not`. Timestamp operators are refused.
//!
//! A comparison whose Variable holds a value of another type is false (the rule does not
//! match). A Variable (or `…Path` operand) that matches nothing is `States.Runtime`,
//! except for `IsPresent`, which exists to test exactly that. `Is…: false` matches when
//! the test fails, as the spec's examples use it.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::path::Path;
use crate::template::{EvalError, Scope, lookup};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

impl Rel {
    fn holds(self, o: Ordering) -> bool {
        match self {
            Rel::Eq => o == Ordering::Equal,
            Rel::Lt => o == Ordering::Less,
            Rel::Gt => o == Ordering::Greater,
            Rel::Le => o != Ordering::Greater,
            Rel::Ge => o != Ordering::Less,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand<T> {
    Literal(T),
    Path(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Present,
    Null,
    String,
    Numeric,
    Boolean,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Glob {
    Text(String),
    Star,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    Str(Rel, Operand<String>),
    Num(Rel, Operand<f64>),
    Bool(Operand<bool>),
    Matches(Vec<Glob>),
    Is(Kind, bool),
}

/// A compiled Choice rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    And(Vec<Rule>),
    Or(Vec<Rule>),
    Not(Box<Rule>),
    Compare { variable: Path, test: Test },
}

const STRING_OPS: [(&str, Rel); 5] = [
    ("StringEquals", Rel::Eq),
    ("StringLessThan", Rel::Lt),
    ("StringGreaterThan", Rel::Gt),
    ("StringLessThanEquals", Rel::Le),
    ("StringGreaterThanEquals", Rel::Ge),
];
const NUMERIC_OPS: [(&str, Rel); 5] = [
    ("NumericEquals", Rel::Eq),
    ("NumericLessThan", Rel::Lt),
    ("NumericGreaterThan", Rel::Gt),
    ("NumericLessThanEquals", Rel::Le),
    ("NumericGreaterThanEquals", Rel::Ge),
];
const TYPE_TESTS: [(&str, Kind); 5] = [
    ("IsPresent", Kind::Present),
    ("IsNull", Kind::Null),
    ("IsString", Kind::String),
    ("IsNumeric", Kind::Numeric),
    ("IsBoolean", Kind::Boolean),
];

/// A compile error: the field (`Choices[0].And[1].NumericEquals`) and the reason.
pub(crate) type RuleError = (String, String);

fn err<T>(at: &str, field: &str, why: impl Into<String>) -> Result<T, RuleError> {
    let field = if field.is_empty() {
        at.to_string()
    } else {
        format!("{at}.{field}")
    };
    Err((field, why.into()))
}

impl Rule {
    /// Compiles the rule at `at` (`Choices[2]`); a top-level rule returns its `Next`.
    pub(crate) fn compile(
        value: &Value,
        at: &str,
        top: bool,
    ) -> Result<(Rule, Option<String>), RuleError> {
        let Value::Object(map) = value else {
            return err(at, "", "a Choice rule must be an object");
        };
        let next = match map.get("Next") {
            Some(_) if !top => {
                return err(at, "Next", "only a top-level Choice rule has a Next");
            }
            Some(Value::String(n)) => Some(n.clone()),
            Some(_) => return err(at, "Next", "Next must be a state name"),
            None if top => return err(at, "Next", "a top-level Choice rule needs a Next"),
            None => None,
        };
        let rule = compile_body(map, at)?;
        Ok((rule, next))
    }

    pub(crate) fn eval(&self, input: &Value, scope: &dyn Scope) -> Result<bool, EvalError> {
        match self {
            Rule::And(rules) => {
                for r in rules {
                    if !r.eval(input, scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Rule::Or(rules) => {
                for r in rules {
                    if r.eval(input, scope)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Rule::Not(r) => Ok(!r.eval(input, scope)?),
            Rule::Compare { variable, test } => {
                let value = lookup(variable, input, scope);
                if let Test::Is(Kind::Present, wanted) = test {
                    return Ok(value.is_some() == *wanted);
                }
                let value = value.ok_or_else(|| {
                    EvalError::runtime(format!(
                        "the Choice rule's Variable `{}` matched nothing",
                        variable.text()
                    ))
                })?;
                let operand = |p: &Path| {
                    lookup(p, input, scope).ok_or_else(|| {
                        EvalError::runtime(format!(
                            "the Choice rule's path `{}` matched nothing",
                            p.text()
                        ))
                    })
                };
                Ok(match test {
                    Test::Str(rel, rhs) => {
                        let Value::String(v) = &*value else {
                            return Ok(false);
                        };
                        match rhs {
                            Operand::Literal(s) => rel.holds(v.as_str().cmp(s.as_str())),
                            Operand::Path(p) => match &*operand(p)? {
                                Value::String(s) => rel.holds(v.as_str().cmp(s.as_str())),
                                _ => false,
                            },
                        }
                    }
                    Test::Num(rel, rhs) => {
                        let Some(v) = value.as_f64() else {
                            return Ok(false);
                        };
                        let rhs = match rhs {
                            Operand::Literal(n) => *n,
                            Operand::Path(p) => match operand(p)?.as_f64() {
                                Some(n) => n,
                                None => return Ok(false),
                            },
                        };
                        v.partial_cmp(&rhs).is_some_and(|o| rel.holds(o))
                    }
                    Test::Bool(rhs) => {
                        let Some(v) = value.as_bool() else {
                            return Ok(false);
                        };
                        match rhs {
                            Operand::Literal(b) => v == *b,
                            Operand::Path(p) => operand(p)?.as_bool() == Some(v),
                        }
                    }
                    Test::Matches(pattern) => match &*value {
                        Value::String(v) => glob_match(pattern, v),
                        _ => false,
                    },
                    Test::Is(kind, wanted) => {
                        let is = match kind {
                            Kind::Present => true,
                            Kind::Null => value.is_null(),
                            Kind::String => value.is_string(),
                            Kind::Numeric => value.is_number(),
                            Kind::Boolean => value.is_boolean(),
                        };
                        is == *wanted
                    }
                })
            }
        }
    }

    /// Every path the rule reads.
    pub(crate) fn for_each_path(&self, f: &mut dyn FnMut(&Path)) {
        match self {
            Rule::And(rules) | Rule::Or(rules) => rules.iter().for_each(|r| r.for_each_path(f)),
            Rule::Not(r) => r.for_each_path(f),
            Rule::Compare { variable, test } => {
                f(variable);
                match test {
                    Test::Str(_, Operand::Path(p))
                    | Test::Num(_, Operand::Path(p))
                    | Test::Bool(Operand::Path(p)) => f(p),
                    _ => {}
                }
            }
        }
    }
}

fn compile_body(map: &Map<String, Value>, at: &str) -> Result<Rule, RuleError> {
    let operators: Vec<&String> = map
        .keys()
        .filter(|k| !matches!(k.as_str(), "Next" | "Comment" | "Variable"))
        .collect();
    let [op] = operators.as_slice() else {
        return if operators.is_empty() {
            err(
                at,
                "",
                "a Choice rule needs one operator (And, Or, Not, StringEquals, …)",
            )
        } else {
            err(
                at,
                operators[1],
                format!("a Choice rule has exactly one operator; found {operators:?}"),
            )
        };
    };
    let op = op.as_str();
    let value = &map[op];
    match op {
        "And" | "Or" => {
            if map.contains_key("Variable") {
                return err(at, "Variable", format!("an {op} rule has no Variable"));
            }
            let Value::Array(items) = value else {
                return err(at, op, format!("{op} takes an array of rules"));
            };
            if items.is_empty() {
                return err(at, op, format!("{op} needs at least one rule"));
            }
            let rules = items
                .iter()
                .enumerate()
                .map(|(i, r)| Rule::compile(r, &format!("{at}.{op}[{i}]"), false).map(|x| x.0))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if op == "And" {
                Rule::And(rules)
            } else {
                Rule::Or(rules)
            })
        }
        "Not" => {
            if map.contains_key("Variable") {
                return err(at, "Variable", "a Not rule has no Variable");
            }
            let (rule, _) = Rule::compile(value, &format!("{at}.Not"), false)?;
            Ok(Rule::Not(Box::new(rule)))
        }
        _ => {
            let test = compile_test(op, value, at)?;
            let variable = match map.get("Variable") {
                Some(Value::String(v)) => {
                    Path::parse(v).map_err(|e| (format!("{at}.Variable"), e))?
                }
                Some(_) => return err(at, "Variable", "Variable must be a path string"),
                None => return err(at, "Variable", format!("{op} needs a Variable")),
            };
            Ok(Rule::Compare { variable, test })
        }
    }
}

fn compile_test(op: &str, value: &Value, at: &str) -> Result<Test, RuleError> {
    let (base, by_path) = match op.strip_suffix("Path") {
        Some(base) => (base, true),
        None => (op, false),
    };
    let path_operand = || match value {
        Value::String(p) => Path::parse(p).map_err(|e| (format!("{at}.{op}"), e)),
        _ => err(at, op, format!("{op} takes a path string")),
    };
    if let Some((_, rel)) = STRING_OPS.iter().find(|(name, _)| *name == base) {
        return Ok(Test::Str(
            *rel,
            if by_path {
                Operand::Path(path_operand()?)
            } else {
                match value {
                    Value::String(s) => Operand::Literal(s.clone()),
                    _ => return err(at, op, format!("{op} takes a string")),
                }
            },
        ));
    }
    if let Some((_, rel)) = NUMERIC_OPS.iter().find(|(name, _)| *name == base) {
        return Ok(Test::Num(
            *rel,
            if by_path {
                Operand::Path(path_operand()?)
            } else {
                match value.as_f64() {
                    Some(n) => Operand::Literal(n),
                    None => return err(at, op, format!("{op} takes a number")),
                }
            },
        ));
    }
    if base == "BooleanEquals" {
        return Ok(Test::Bool(if by_path {
            Operand::Path(path_operand()?)
        } else {
            match value {
                Value::Bool(b) => Operand::Literal(*b),
                _ => return err(at, op, "BooleanEquals takes true or false"),
            }
        }));
    }
    if op == "StringMatches" {
        let Value::String(p) = value else {
            return err(at, op, "StringMatches takes a string pattern");
        };
        return Ok(Test::Matches(parse_glob(p)));
    }
    if let Some((_, kind)) = TYPE_TESTS.iter().find(|(name, _)| *name == op) {
        return match value {
            Value::Bool(b) => Ok(Test::Is(*kind, *b)),
            _ => err(at, op, format!("{op} takes true or false")),
        };
    }
    if op.starts_with("Timestamp") || op == "IsTimestamp" {
        return err(
            at,
            op,
            format!(
                "the Choice operator {op} is outside the supported subset (no timestamp comparisons)"
            ),
        );
    }
    err(at, op, format!("unknown Choice rule field `{op}`"))
}

fn parse_glob(pattern: &str) -> Vec<Glob> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) => text.push(e),
                None => text.push('\\'),
            },
            '*' => {
                if !text.is_empty() {
                    out.push(Glob::Text(std::mem::take(&mut text)));
                }
                if out.last() != Some(&Glob::Star) {
                    out.push(Glob::Star);
                }
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Glob::Text(text));
    }
    out
}

fn glob_match(pattern: &[Glob], s: &str) -> bool {
    match pattern.split_first() {
        None => s.is_empty(),
        Some((Glob::Text(t), rest)) => s
            .strip_prefix(t.as_str())
            .is_some_and(|r| glob_match(rest, r)),
        Some((Glob::Star, rest)) => {
            if rest.is_empty() {
                return true;
            }
            s.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(s.len()))
                .any(|i| glob_match(rest, &s[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::{ContextField, Step};
    use serde_json::json;
    use std::borrow::Cow;

    struct NoContext;
    impl Scope for NoContext {
        fn context<'s>(&'s self, _: ContextField, _: &[Step]) -> Option<Cow<'s, Value>> {
            None
        }
    }

    fn rule(v: Value) -> Rule {
        Rule::compile(&v, "Choices[0]", false).unwrap().0
    }

    fn holds(r: Value, input: Value) -> bool {
        rule(r).eval(&input, &NoContext).unwrap()
    }

    #[test]
    fn string_comparisons_and_their_path_forms() {
        let input = json!({"s": "b", "t": "b", "u": "c", "n": 1});
        assert!(holds(
            json!({"Variable": "$.s", "StringEquals": "b"}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.s", "StringEquals": "B"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringEqualsPath": "$.t"}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.s", "StringEqualsPath": "$.u"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringLessThan": "c"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringGreaterThan": "a"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringLessThanEquals": "b"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringGreaterThanEqualsPath": "$.t"}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.n", "StringEquals": "1"}),
            input
        ));
    }

    #[test]
    fn numeric_comparisons_compare_by_value() {
        let input = json!({"n": 5, "f": 5.0, "m": 7, "s": "5"});
        assert!(holds(
            json!({"Variable": "$.n", "NumericEquals": 5.0}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.n", "NumericEqualsPath": "$.f"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.n", "NumericLessThan": 6}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.n", "NumericLessThan": 5}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.n", "NumericLessThanEquals": 5}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.n", "NumericGreaterThan": 4.5}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.m", "NumericGreaterThanPath": "$.n"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.n", "NumericGreaterThanEquals": 5}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.s", "NumericEquals": 5}),
            input
        ));
    }

    #[test]
    fn boolean_and_matches() {
        let input = json!({"b": true, "c": true, "s": "log-2024*.txt"});
        assert!(holds(
            json!({"Variable": "$.b", "BooleanEquals": true}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.b", "BooleanEqualsPath": "$.c"}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.s", "BooleanEquals": true}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringMatches": "log-*.txt"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringMatches": "*2024\\*.txt"}),
            input.clone()
        ));
        assert!(!holds(
            json!({"Variable": "$.s", "StringMatches": "log-*.csv"}),
            input.clone()
        ));
        assert!(holds(
            json!({"Variable": "$.s", "StringMatches": "*"}),
            input
        ));
    }

    #[test]
    fn type_tests_match_when_the_test_equals_the_flag() {
        let input = json!({"n": null, "s": "x", "i": 1, "b": false});
        for (r, expect) in [
            (json!({"Variable": "$.n", "IsNull": true}), true),
            (json!({"Variable": "$.s", "IsNull": false}), true),
            (json!({"Variable": "$.s", "IsString": true}), true),
            (json!({"Variable": "$.i", "IsString": false}), true),
            (json!({"Variable": "$.i", "IsNumeric": true}), true),
            (json!({"Variable": "$.s", "IsNumeric": true}), false),
            (json!({"Variable": "$.b", "IsBoolean": true}), true),
            (json!({"Variable": "$.x", "IsPresent": true}), false),
            (json!({"Variable": "$.x", "IsPresent": false}), true),
            (json!({"Variable": "$.n", "IsPresent": true}), true),
        ] {
            assert_eq!(holds(r.clone(), input.clone()), expect, "{r}");
        }
    }

    #[test]
    fn and_or_not_combine() {
        let input = json!({"a": 1, "b": "x"});
        let a1 = json!({"Variable": "$.a", "NumericEquals": 1});
        let bx = json!({"Variable": "$.b", "StringEquals": "x"});
        let by = json!({"Variable": "$.b", "StringEquals": "y"});
        assert!(holds(json!({"And": [a1, bx]}), input.clone()));
        assert!(!holds(json!({"And": [a1, by]}), input.clone()));
        assert!(holds(json!({"Or": [by, a1]}), input.clone()));
        assert!(holds(json!({"Not": by}), input.clone()));
        // And stops at the first false rule: the missing variable is never read.
        assert!(!holds(
            json!({"And": [by, {"Variable": "$.missing", "StringEquals": "z"}]}),
            input
        ));
    }

    #[test]
    fn a_missing_variable_is_a_runtime_error() {
        let e = rule(json!({"Variable": "$.x", "StringEquals": "a"}))
            .eval(&json!({}), &NoContext)
            .unwrap_err();
        assert_eq!(e.error, "States.Runtime");
    }

    #[test]
    fn malformed_rules_name_the_field() {
        for (bad, field) in [
            (
                json!({"Variable": "$.a", "TimestampEquals": "2020-01-01T00:00:00Z"}),
                "Choices[0].TimestampEquals",
            ),
            (
                json!({"Variable": "$.a", "StringEquals": 1}),
                "Choices[0].StringEquals",
            ),
            (
                json!({"Variable": "$.a", "Frobnicate": 1}),
                "Choices[0].Frobnicate",
            ),
            (json!({"StringEquals": "x"}), "Choices[0].Variable"),
            (json!({"Variable": "$.a"}), "Choices[0]"),
            (
                json!({"And": [{"Variable": "$.a", "IsNull": true, "Next": "X"}]}),
                "Choices[0].And[0].Next",
            ),
            (json!({"And": []}), "Choices[0].And"),
            (
                json!({"Variable": "$.a[*]", "IsNull": true}),
                "Choices[0].Variable",
            ),
            (
                json!({"Variable": "$.a", "IsNull": true, "StringEquals": "x"}),
                "Choices[0].StringEquals",
            ),
        ] {
            let (at, why) = Rule::compile(&bad, "Choices[0]", false).unwrap_err();
            assert_eq!(at, field, "{bad}: {why}");
        }
        let (at, _) = Rule::compile(
            &json!({"Variable": "$.a", "IsNull": true}),
            "Choices[0]",
            true,
        )
        .unwrap_err();
        assert_eq!(at, "Choices[0].Next");
    }
}
