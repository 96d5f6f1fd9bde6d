//! Intrinsic functions in `.$` fields (AWS "Intrinsic functions" for JSONPath states).
//!
//! Supported: `States.Format`, `States.StringToJson`, `States.JsonToString`,
//! `States.Array`, `States.ArrayLength`, `States.ArrayGetItem`, `States.ArrayContains`,
//! `States.MathAdd`, `States.JsonMerge` (shallow only, as in AWS). Any other function is
//! refused when the definition loads, as is a wrong number of arguments. Arguments are
//! string literals in single quotes (escapes `\'`, `\{`, `\}`, `\\`), numbers, `true`,
//! `false`, `null`, paths (`$…`, `$$…`) and nested calls. A call that fails at run time
//! (wrong argument type, unparsable JSON, index out of range) fails the state with
//! `States.IntrinsicFailure`.

use std::borrow::Cow;

use serde_json::Value;

use crate::path::Path;
use crate::template::{EvalError, Scope, json_eq, lookup};

/// The supported functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayLength,
    ArrayGetItem,
    ArrayContains,
    MathAdd,
    JsonMerge,
}

impl Func {
    fn by_name(name: &str) -> Option<Func> {
        Some(match name {
            "States.Format" => Func::Format,
            "States.StringToJson" => Func::StringToJson,
            "States.JsonToString" => Func::JsonToString,
            "States.Array" => Func::Array,
            "States.ArrayLength" => Func::ArrayLength,
            "States.ArrayGetItem" => Func::ArrayGetItem,
            "States.ArrayContains" => Func::ArrayContains,
            "States.MathAdd" => Func::MathAdd,
            "States.JsonMerge" => Func::JsonMerge,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Func::Format => "States.Format",
            Func::StringToJson => "States.StringToJson",
            Func::JsonToString => "States.JsonToString",
            Func::Array => "States.Array",
            Func::ArrayLength => "States.ArrayLength",
            Func::ArrayGetItem => "States.ArrayGetItem",
            Func::ArrayContains => "States.ArrayContains",
            Func::MathAdd => "States.MathAdd",
            Func::JsonMerge => "States.JsonMerge",
        }
    }

    /// (fewest, most) arguments.
    fn arity(self) -> (usize, usize) {
        match self {
            Func::Format => (1, usize::MAX),
            Func::Array => (0, usize::MAX),
            Func::StringToJson | Func::JsonToString | Func::ArrayLength => (1, 1),
            Func::ArrayGetItem | Func::ArrayContains | Func::MathAdd => (2, 2),
            Func::JsonMerge => (3, 3),
        }
    }
}

/// A piece of a `States.Format` template.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Placeholder,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    /// A number, `true`, `false` or `null`.
    Literal(Value),
    /// A string literal: its value, and its text with the escapes still in.
    Str {
        value: Value,
        raw: Box<str>,
    },
    Path(Path),
    Call(Box<Call>),
}

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    func: Func,
    args: Vec<Arg>,
    /// A Format template given as a string literal, split once at load time.
    template: Option<Vec<Piece>>,
}

impl Call {
    /// Parses `States.Name(args…)`, with the reason when it is outside the subset.
    pub(crate) fn parse(text: &str) -> Result<Call, String> {
        let mut parser = Parser { text, pos: 0 };
        let call = parser.call()?;
        parser.skip_ws();
        if parser.pos != text.len() {
            return Err(format!(
                "`{text}`: unexpected `{}` after the call",
                &text[parser.pos..]
            ));
        }
        Ok(call)
    }

    /// Every path the call reads, nested calls included.
    pub(crate) fn for_each_path(&self, f: &mut dyn FnMut(&Path)) {
        for arg in &self.args {
            match arg {
                Arg::Path(p) => f(p),
                Arg::Call(c) => c.for_each_path(f),
                Arg::Literal(_) | Arg::Str { .. } => {}
            }
        }
    }

    pub(crate) fn eval(&self, input: &Value, scope: &dyn Scope) -> Result<Value, EvalError> {
        let mut values: Vec<Cow<'_, Value>> = Vec::with_capacity(self.args.len());
        for arg in &self.args {
            values.push(match arg {
                Arg::Literal(v) | Arg::Str { value: v, .. } => Cow::Borrowed(v),
                Arg::Path(p) => lookup(p, input, scope).ok_or_else(|| {
                    EvalError::runtime(format!(
                        "the JSONPath `{}` in an argument of {} matched nothing",
                        p.text(),
                        self.func.name()
                    ))
                })?,
                Arg::Call(c) => Cow::Owned(c.eval(input, scope)?),
            });
        }
        let fail = |why: String| EvalError::intrinsic(format!("{}: {why}", self.func.name()));
        match self.func {
            Func::Format => {
                let template_pieces;
                let pieces = match &self.template {
                    Some(pieces) => pieces,
                    None => {
                        let Value::String(t) = &*values[0] else {
                            return Err(fail("the template must be a string".into()));
                        };
                        template_pieces = split_template(t, false).map_err(fail)?;
                        &template_pieces
                    }
                };
                let wanted = pieces.iter().filter(|p| **p == Piece::Placeholder).count();
                if wanted != values.len() - 1 {
                    return Err(fail(format!(
                        "the template has {wanted} placeholders but {} values were given",
                        values.len() - 1
                    )));
                }
                let mut out = String::new();
                let mut next = values[1..].iter();
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Placeholder => {
                            if let Some(v) = next.next() {
                                format_value(&mut out, v).map_err(fail)?;
                            }
                        }
                    }
                }
                Ok(Value::String(out))
            }
            Func::StringToJson => match &*values[0] {
                Value::String(s) => serde_json::from_str(s)
                    .map_err(|e| fail(format!("the string is not JSON: {e}"))),
                _ => Err(fail("the argument must be a string".into())),
            },
            Func::JsonToString => Ok(Value::String(values[0].to_string())),
            Func::Array => Ok(Value::Array(
                values.into_iter().map(Cow::into_owned).collect(),
            )),
            Func::ArrayLength => match &*values[0] {
                Value::Array(a) => Ok(Value::from(a.len())),
                _ => Err(fail("the argument must be an array".into())),
            },
            Func::ArrayGetItem => {
                let Value::Array(a) = &*values[0] else {
                    return Err(fail("the first argument must be an array".into()));
                };
                let index = values[1]
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .ok_or_else(|| fail("the index must be a non-negative integer".into()))?;
                a.get(index)
                    .cloned()
                    .ok_or_else(|| fail(format!("index {index} is out of range")))
            }
            Func::ArrayContains => {
                let Value::Array(a) = &*values[0] else {
                    return Err(fail("the first argument must be an array".into()));
                };
                Ok(Value::Bool(a.iter().any(|item| json_eq(item, &values[1]))))
            }
            Func::MathAdd => match (values[0].as_i64(), values[1].as_i64()) {
                (Some(a), Some(b)) => a
                    .checked_add(b)
                    .map(Value::from)
                    .ok_or_else(|| fail("the sum overflows".into())),
                _ => Err(fail("both arguments must be integers".into())),
            },
            Func::JsonMerge => {
                let (Value::Object(a), Value::Object(b)) = (&*values[0], &*values[1]) else {
                    return Err(fail("the first two arguments must be objects".into()));
                };
                let mut merged = a.clone();
                for (k, v) in b {
                    merged.insert(k.clone(), v.clone());
                }
                Ok(Value::Object(merged))
            }
        }
    }
}

/// Writes a Format value: strings as they are, numbers, booleans and null as JSON.
fn format_value(out: &mut String, v: &Value) -> Result<(), String> {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Number(n) => match n.as_f64() {
            // 3.0 prints as 3, as JavaScript and Java print whole doubles.
            Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                #[allow(clippy::cast_possible_truncation)]
                out.push_str(&(f as i64).to_string());
            }
            _ => out.push_str(&n.to_string()),
        },
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::Array(_) | Value::Object(_) => {
            return Err("values must be strings, numbers, booleans or null".into());
        }
    }
    Ok(())
}

/// Splits a Format template into text and `{}` placeholders. In a string literal
/// (`escaped`), `\{` and `\}` are literal braces and a lone `{` or `}` is refused.
fn split_template(t: &str, escaped: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escaped => match chars.next() {
                Some(e) => text.push(e),
                None => return Err("the template ends with `\\`".into()),
            },
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Placeholder);
            }
            '{' | '}' if escaped => {
                return Err(format!(
                    "a lone `{c}` in the template must be escaped as `\\{c}`"
                ));
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

struct Parser<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
    }

    fn call(&mut self) -> Result<Call, String> {
        let text = self.text;
        let open = self
            .rest()
            .find('(')
            .ok_or_else(|| format!("`{text}` is not an intrinsic function call: no `(`"))?;
        let name = self.rest()[..open].trim();
        let func = Func::by_name(name).ok_or_else(|| {
            format!(
                "intrinsic function `{name}` is outside the supported subset (supported: \
                 States.Format, States.StringToJson, States.JsonToString, States.Array, \
                 States.ArrayLength, States.ArrayGetItem, States.ArrayContains, \
                 States.MathAdd, States.JsonMerge)"
            )
        })?;
        self.pos += open + 1;
        let mut args = Vec::new();
        self.skip_ws();
        if let Some(r) = self.rest().strip_prefix(')') {
            self.pos = self.text.len() - r.len();
        } else {
            loop {
                self.skip_ws();
                args.push(self.arg()?);
                self.skip_ws();
                match self.rest().chars().next() {
                    Some(',') => self.pos += 1,
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(format!("`{text}`: expected `,` or `)` in {name}(…)")),
                }
            }
        }
        let (least, most) = func.arity();
        if args.len() < least || args.len() > most {
            let wanted = if least == most {
                format!("{least}")
            } else if most == usize::MAX {
                format!("at least {least}")
            } else {
                format!("{least} to {most}")
            };
            return Err(format!(
                "`{text}`: {name} takes {wanted} arguments, not {}",
                args.len()
            ));
        }
        let mut template = None;
        if func == Func::Format {
            match &args[0] {
                Arg::Str { raw, .. } => {
                    template =
                        Some(split_template(raw, true).map_err(|e| format!("`{text}`: {e}"))?);
                }
                Arg::Path(_) | Arg::Call(_) => {}
                Arg::Literal(_) => {
                    return Err(format!("`{text}`: the Format template must be a string"));
                }
            }
        }
        if func == Func::JsonMerge && args[2] != Arg::Literal(Value::Bool(false)) {
            return Err(format!(
                "`{text}`: States.JsonMerge supports only a shallow merge: its third argument must be `false`"
            ));
        }
        Ok(Call {
            func,
            args,
            template,
        })
    }

    fn arg(&mut self) -> Result<Arg, String> {
        let text = self.text;
        let rest = self.rest();
        if rest.starts_with('\'') {
            return self.string();
        }
        if rest.starts_with("States.") {
            return Ok(Arg::Call(Box::new(self.call()?)));
        }
        // Paths and plain literals run to the next `,` or `)` outside brackets and quotes.
        let mut depth = 0usize;
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '[') => depth += 1,
                (None, ']') => depth = depth.saturating_sub(1),
                (None, ',' | ')') if depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let token = rest[..end].trim();
        self.pos += end;
        if token.starts_with('$') {
            return Path::parse(token).map(Arg::Path);
        }
        match serde_json::from_str::<Value>(token) {
            Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => Ok(Arg::Literal(v)),
            _ => Err(format!(
                "`{text}`: argument `{token}` is not a string in single quotes, a number, true, false, null, a path or a call"
            )),
        }
    }

    fn string(&mut self) -> Result<Arg, String> {
        let text = self.text;
        let body_start = self.pos + 1;
        let mut escaped = false;
        let mut end = None;
        for (i, c) in self.text[body_start..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => {
                    end = Some(body_start + i);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or_else(|| format!("`{text}`: unterminated string literal"))?;
        let raw = &self.text[body_start..end];
        self.pos = end + 1;
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(e) = chars.next() {
                    value.push(e);
                }
            } else {
                value.push(c);
            }
        }
        Ok(Arg::Str {
            value: Value::String(value),
            raw: raw.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::{ContextField, Step};
    use serde_json::json;

    struct NoContext;
    impl Scope for NoContext {
        fn context<'s>(&'s self, _: ContextField, _: &[Step]) -> Option<Cow<'s, Value>> {
            None
        }
    }

    fn eval(call: &str, input: Value) -> Result<Value, EvalError> {
        Call::parse(call).unwrap().eval(&input, &NoContext)
    }

    #[test]
    fn format_fills_placeholders_and_keeps_escaped_braces() {
        assert_eq!(
            eval(
                r"States.Format('Hej {}, du har {} ärenden \{ok\} \'x\'', $.name, $.n)",
                json!({"name": "Anna", "n": 3})
            )
            .unwrap(),
            json!("Hej Anna, du har 3 ärenden {ok} 'x'")
        );
        assert_eq!(
            eval(
                "States.Format('{} {} {} {}', 1.5, 2.0, true, null)",
                json!({})
            )
            .unwrap(),
            json!("1.5 2 true null")
        );
        let wrong_count = eval("States.Format('{}', 1, 2)", json!({})).unwrap_err();
        assert_eq!(wrong_count.error, "States.IntrinsicFailure");
        let object = eval("States.Format('{}', $)", json!({"a": 1})).unwrap_err();
        assert_eq!(object.error, "States.IntrinsicFailure");
    }

    #[test]
    fn json_string_round_trip() {
        assert_eq!(
            eval("States.StringToJson($.s)", json!({"s": "{\"a\":[1,2]}"})).unwrap(),
            json!({"a": [1, 2]})
        );
        assert_eq!(
            eval("States.JsonToString($.o)", json!({"o": {"a": [1, "x"]}})).unwrap(),
            json!("{\"a\":[1,\"x\"]}")
        );
        assert_eq!(
            eval("States.StringToJson($.s)", json!({"s": "{"}))
                .unwrap_err()
                .error,
            "States.IntrinsicFailure"
        );
    }

    #[test]
    fn array_functions() {
        let input = json!({"l": [1, 2, {"a": 3}], "i": 2});
        assert_eq!(
            eval(
                "States.Array($.i, 'x', States.ArrayLength($.l))",
                input.clone()
            )
            .unwrap(),
            json!([2, "x", 3])
        );
        assert_eq!(eval("States.Array()", input.clone()).unwrap(), json!([]));
        assert_eq!(
            eval("States.ArrayGetItem($.l, $.i)", input.clone()).unwrap(),
            json!({"a": 3})
        );
        assert!(eval("States.ArrayGetItem($.l, 3)", input.clone()).is_err());
        assert_eq!(
            eval("States.ArrayContains($.l, 2.0)", input.clone()).unwrap(),
            json!(true)
        );
        assert_eq!(
            eval("States.ArrayContains($.l, 'a')", input).unwrap(),
            json!(false)
        );
    }

    #[test]
    fn math_add_and_json_merge() {
        assert_eq!(
            eval("States.MathAdd($.a, -1)", json!({"a": 111})).unwrap(),
            json!(110)
        );
        assert!(eval("States.MathAdd($.a, 1)", json!({"a": 1.5})).is_err());
        assert_eq!(
            eval(
                "States.JsonMerge($.a, $.b, false)",
                json!({"a": {"x": 1, "y": {"z": 1}}, "b": {"y": {"w": 2}}})
            )
            .unwrap(),
            json!({"x": 1, "y": {"w": 2}})
        );
    }

    #[test]
    fn a_path_that_matches_nothing_is_a_runtime_error() {
        let err = eval("States.Array($.missing)", json!({})).unwrap_err();
        assert_eq!(err.error, "States.Runtime");
    }

    #[test]
    fn unknown_functions_and_bad_arities_are_refused() {
        for (bad, why) in [
            ("States.UUID()", "outside the supported subset"),
            ("States.Hash($.a, 'SHA-1')", "outside the supported subset"),
            ("States.MathRandom(1, 2)", "outside the supported subset"),
            ("States.ArrayLength($.a, $.b)", "takes 1 arguments"),
            ("States.Format()", "takes at least 1 arguments"),
            ("States.JsonMerge($.a, $.b, true)", "shallow merge"),
            ("States.Format('{', $.a)", "lone `{`"),
            (
                "States.Array($.a[*])",
                "outside the supported JSONPath subset",
            ),
            ("States.Array(x)", "is not a string"),
            ("States.Array('x'", "expected `,` or `)`"),
        ] {
            let err = Call::parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
