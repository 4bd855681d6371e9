//! Checks a model's JSON reply against the JSON schema it was asked to follow.
//!
//! Servers without `json_schema` output only promise some JSON object, and even servers that
//! accept a schema do not all enforce it, so every structured reply is checked here. Only
//! the subset OpenAI's strict mode allows is supported; a schema using any other keyword is
//! refused rather than half-checked.

use serde_json::Value;

/// Keywords that only describe and never constrain.
const ANNOTATIONS: &[&str] = &["description", "title", "$comment"];

/// `Ok` when `value` matches `schema`; otherwise where and why it does not.
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    check(schema, value, "$")
}

fn check(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = match schema {
        Value::Bool(true) => return Ok(()),
        Value::Bool(false) => return Err(format!("{at}: nothing is allowed here")),
        Value::Object(map) => map,
        _ => return Err(format!("{at}: the schema is not an object")),
    };
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "type" => check_type(rule, value, at)?,
            "enum" => {
                let options = rule.as_array().ok_or(format!("{at}: enum is not a list"))?;
                if !options.contains(value) {
                    return Err(format!("{at}: {value} is not one of the allowed values"));
                }
            }
            "const" if rule != value => {
                return Err(format!("{at}: {value} is not {rule}"));
            }
            "const" => {}
            "anyOf" => {
                let options = rule
                    .as_array()
                    .ok_or(format!("{at}: anyOf is not a list"))?;
                if !options.iter().any(|s| check(s, value, at).is_ok()) {
                    return Err(format!("{at}: {value} matches none of the allowed shapes"));
                }
            }
            "properties" | "required" | "additionalProperties" => {
                if value.is_object() {
                    check_object(schema, value, at)?;
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        check(rule, item, &format!("{at}[{i}]"))?;
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let Some(items) = value.as_array() {
                    let limit = rule
                        .as_u64()
                        .ok_or(format!("{at}: {keyword} is not a count"))?;
                    let n = items.len() as u64;
                    if (keyword == "minItems" && n < limit) || (keyword == "maxItems" && n > limit)
                    {
                        return Err(format!("{at}: {n} items break {keyword} {limit}"));
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(n), Some(limit)) = (value.as_f64(), rule.as_f64())
                    && ((keyword == "minimum" && n < limit) || (keyword == "maximum" && n > limit))
                {
                    return Err(format!("{at}: {n} breaks {keyword} {limit}"));
                }
            }
            k if ANNOTATIONS.contains(&k) => {}
            other => {
                return Err(format!(
                    "{at}: the schema keyword {other:?} is not supported"
                ));
            }
        }
    }
    Ok(())
}

fn check_type(rule: &Value, value: &Value, at: &str) -> Result<(), String> {
    let allowed: Vec<&str> = match rule {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return Err(format!("{at}: type is neither a name nor a list")),
    };
    let fits = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    if allowed.iter().any(|t| fits(t)) {
        Ok(())
    } else {
        Err(format!("{at}: {value} is not of type {rule}"))
    }
}

/// `properties`, `required` and `additionalProperties` of one object, checked together
/// (whether a key is "additional" depends on `properties`).
fn check_object(
    schema: &serde_json::Map<String, Value>,
    value: &Value,
    at: &str,
) -> Result<(), String> {
    let Some(object) = value.as_object() else {
        return Ok(());
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                return Err(format!("{at}: {name:?} is missing"));
            }
        }
    }
    for (key, item) in object {
        let path = format!("{at}.{key}");
        match (
            properties.and_then(|p| p.get(key)),
            schema.get("additionalProperties"),
        ) {
            (Some(sub), _) => check(sub, item, &path)?,
            (None, Some(extra)) => check(extra, item, &path)?,
            (None, None) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::validate;

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "properties": {
                "results": {
                    "type": "array",
                    "maxItems": 2,
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": ["string", "null"], "enum": ["a", "b", null]},
                            "confidence": {"type": "number", "minimum": 0, "maximum": 1}
                        },
                        "required": ["id", "confidence"],
                        "additionalProperties": false
                    }
                }
            },
            "required": ["results"],
            "additionalProperties": false
        })
    }

    #[test]
    fn a_matching_reply_passes() {
        let reply =
            json!({"results": [{"id": "a", "confidence": 0.9}, {"id": null, "confidence": 0}]});
        validate(&schema(), &reply).unwrap();
    }

    #[test]
    fn each_kind_of_mismatch_is_named() {
        for (reply, expected) in [
            (
                json!({"results": [{"id": "c", "confidence": 0.9}]}),
                "allowed values",
            ),
            (
                json!({"results": [{"id": "a"}]}),
                "\"confidence\" is missing",
            ),
            (
                json!({"results": [{"id": "a", "confidence": 2}]}),
                "maximum",
            ),
            (
                json!({"results": [{"id": "a", "confidence": 1, "x": 1}]}),
                "nothing is allowed",
            ),
            (json!({"results": "a"}), "not of type"),
            (
                json!({"results": [{"id": "a", "confidence": 1}, {"id": "a", "confidence": 1}, {"id": "a", "confidence": 1}]}),
                "maxItems",
            ),
            (json!([]), "not of type"),
        ] {
            let err = validate(&schema(), &reply).unwrap_err();
            assert!(err.contains(expected), "{reply}: {err}");
        }
    }

    #[test]
    fn unsupported_keywords_are_refused_not_skipped() {
        let err = validate(&json!({"type": "string", "pattern": "^a"}), &json!("b")).unwrap_err();
        assert!(err.contains("pattern"), "{err}");
    }

    #[test]
    fn any_of_takes_the_first_shape_that_fits() {
        let schema = json!({"anyOf": [{"type": "string", "enum": ["x"]}, {"type": "null"}]});
        validate(&schema, &json!("x")).unwrap();
        validate(&schema, &json!(null)).unwrap();
        assert!(validate(&schema, &json!("y")).is_err());
    }
}
