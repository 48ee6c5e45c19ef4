//! The JSON Schema of `export --format json` (printed by `claimgraph
//! schema`), and a checker for the part of JSON Schema it uses, so the
//! tests can hold the schema to what the export actually writes.

use serde_json::Value;

/// JSON Schema (draft 2020-12) of [`super::json::to_string`]'s output.
pub const EXPORT_SCHEMA: &str = include_str!("export.schema.json");

/// Where `value` breaks `schema`, as `path: problem` lines (empty when it
/// conforms). Understands `type`, `enum`, `required`, `properties`,
/// `additionalProperties: false`, `items`, `minimum`, `pattern` and local
/// `$ref`s (`#/$defs/…`); other keywords are descriptions to it.
pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, value, "$", &mut errors);
    errors
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_ok(want: &str, v: &Value) -> bool {
    let got = type_name(v);
    got == want || (want == "number" && got == "integer")
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match r.strip_prefix("#/").map(|p| p.split('/').try_fold(root, |s, k| s.get(k))) {
            Some(Some(target)) => return check(root, target, v, path, errors),
            _ => return errors.push(format!("{path}: unresolvable $ref {r}")),
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => {
            return errors.push(format!("{path}: expected {t}, found {}", type_name(v)));
        }
        Some(Value::Array(ts)) if !ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)) => {
            return errors.push(format!("{path}: expected one of {ts:?}, found {}", type_name(v)));
        }
        _ => {}
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        errors.push(format!("{path}: {v} is not one of {options:?}"));
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && n < min
    {
        errors.push(format!("{path}: {n} is below {min}"));
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
        match regex::Regex::new(p) {
            Ok(re) if !re.is_match(s) => errors.push(format!("{path}: {s:?} does not match {p}")),
            Ok(_) => {}
            Err(e) => errors.push(format!("{path}: bad pattern {p}: {e}")),
        }
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for key in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !obj.contains_key(key) {
                errors.push(format!("{path}: missing {key}"));
            }
        }
        for (key, item) in obj {
            match props.and_then(|p| p.get(key)) {
                Some(sub) => check(root, sub, item, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected field {key}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(root, items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_is_json_and_checker_catches_what_it_claims() {
        let schema: Value = serde_json::from_str(EXPORT_SCHEMA).unwrap();
        let ok = json!({"statements": [], "stances": [], "actors": [{"name": "Ada", "kind": "person", "member_of": null, "rule": "r", "gender": "female"}], "topics": [], "articles": []});
        assert_eq!(validate(&schema, &ok), Vec::<String>::new());
        let bad = json!({"statements": [{"id": 1}], "stances": [], "actors": [{"name": "Ada", "kind": "robot", "member_of": null, "rule": "r"}], "topics": [], "articles": [], "extra": true});
        let errors = validate(&schema, &bad).join("\n");
        for expected in ["$.statements[0].id: expected string", "$.statements[0]: missing speaker", "robot", "unexpected field extra"] {
            assert!(errors.contains(expected), "{expected} not in\n{errors}");
        }
        let bad_date = json!({"statements": [], "stances": [], "actors": [], "topics": [], "articles": [{"id": "a", "file": "f", "path": "p", "title": "t", "date": "May 2", "source": null, "byline": null, "hash": "h", "len": 1}]});
        assert!(validate(&schema, &bad_date)[0].contains("does not match"));
    }
}
