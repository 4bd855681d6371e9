//! `ApiQuery<T>`: the one way a handler reads its query string. `T` is the `IntoParams`
//! struct the OpenAPI document shows, so the document and the parser cannot drift apart:
//!
//! - a parameter the document does not list is 400 `invalid_query` (a typo must not
//!   silently change an answer);
//! - a value that does not parse, or breaks a bound the document states (`minimum`,
//!   `maximum`, `max_length`), is 422 naming the parameter and saying what it takes;
//! - then `T`'s own [`Validate`] rules (those across parameters) run, also 422.
//!
//! Values are trimmed, and an empty value is the same as leaving an optional parameter out.
//! A parameter given twice is 422 ("give it once") unless it is a list: a list takes the key
//! repeated, a comma list, or both (`account_id=a&account_id=b,c`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::Value;
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

use crate::api_error::{ApiError, FieldError};
use crate::extract::Validate;

/// A query string read into `T` (see the module documentation for the rules).
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + IntoParams + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Self)
    }
}

/// What [`ApiQuery`] does, for a query string at hand (without the `?`).
pub fn parse_query<T>(query: &str) -> Result<T, ApiError>
where
    T: DeserializeOwned + IntoParams + Validate,
{
    let params: Vec<(String, Value)> = T::into_params(|| Some(ParameterIn::Query))
        .into_iter()
        .map(|p| {
            let schema = serde_json::to_value(&p.schema).unwrap_or_default();
            (p.name, schema)
        })
        .collect();
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if !params.iter().any(|(name, _)| *name == key) {
            let known: Vec<&str> = params.iter().map(|(name, _)| name.as_str()).collect();
            return Err(ApiError::bad_request(
                "invalid_query",
                format!(
                    "unknown query parameter {key:?} (known: {})",
                    known.join(", ")
                ),
            ));
        }
        let value = value.trim().to_string();
        match fields.iter_mut().find(|(name, _)| *name == key) {
            Some((_, values)) => values.push(value),
            None => fields.push((key.into_owned(), vec![value])),
        }
    }
    let schema_of = |field: &str| {
        params
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, schema)| schema)
    };
    let value = T::deserialize(Fields(fields.clone())).map_err(|e| e.into_api_error(schema_of))?;
    let mut errors = Vec::new();
    for (name, values) in &fields {
        if let Some(schema) = schema_of(name) {
            check_bounds(name, values, schema, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    value.validate().map_err(ApiError::Validation)?;
    Ok(value)
}

/// What a parameter of this (JSON-encoded) schema takes, in words.
fn expected(schema: &Value) -> String {
    if let Some(items) = schema.get("items") {
        return expected(items);
    }
    for composite in ["oneOf", "anyOf", "allOf"] {
        if let Some(inner) = schema[composite]
            .as_array()
            .and_then(|all| all.iter().find(|s| s["type"] != "null"))
        {
            return expected(inner);
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        return format!("one of {}", names.join(", "));
    }
    let kind = match &schema["type"] {
        Value::String(kind) => kind.as_str(),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or_default(),
        _ => "",
    };
    match (kind, schema["format"].as_str()) {
        ("boolean", _) => "true or false".into(),
        ("integer", _) => match (schema["minimum"].as_i64(), schema["maximum"].as_i64()) {
            (Some(min), Some(max)) => format!("a whole number from {min} to {max}"),
            _ => "a whole number".into(),
        },
        ("number", _) => "a number".into(),
        (_, Some("date")) => "a date like 2026-01-31".into(),
        (_, Some("date-time")) => "a date and time like 2026-01-31T09:30:00Z".into(),
        (_, Some("uuid")) => "an id".into(),
        (_, Some("month")) => "a month like 2026-01".into(),
        (_, Some("decimal")) => "an amount like -12.50".into(),
        (_, Some(other)) => format!("a {other}"),
        _ => "a valid value".into(),
    }
}

/// The bounds the document states, which the types alone do not hold.
fn check_bounds(name: &str, values: &[String], schema: &Value, errors: &mut Vec<FieldError>) {
    let item = schema.get("items").unwrap_or(schema);
    for value in values.iter().filter(|v| !v.is_empty()) {
        let number = value.parse::<f64>().ok();
        let below = item["minimum"]
            .as_f64()
            .zip(number)
            .is_some_and(|(min, n)| n < min);
        let above = item["maximum"]
            .as_f64()
            .zip(number)
            .is_some_and(|(max, n)| n > max);
        if below || above {
            errors.push(FieldError::new(
                name,
                format!("{}, got {value:?}", expected(item)),
            ));
        }
        if let Some(max) = item["maxLength"].as_u64()
            && value.chars().count() as u64 > max
        {
            errors.push(FieldError::new(name, format!("at most {max} characters")));
        }
    }
}

/// Why a query string did not deserialize, and where.
#[derive(Debug)]
pub struct QueryError {
    field: Option<String>,
    value: Option<String>,
    kind: Problem,
}

#[derive(Debug)]
enum Problem {
    Invalid(String),
    Repeated,
    Missing,
}

impl QueryError {
    fn at(mut self, field: &str) -> Self {
        self.field.get_or_insert_with(|| field.to_string());
        self
    }

    fn with_value(mut self, value: &str) -> Self {
        self.value.get_or_insert_with(|| value.to_string());
        self
    }

    fn into_api_error<'a>(self, schema_of: impl Fn(&str) -> Option<&'a Value>) -> ApiError {
        let Some(field) = self.field else {
            return ApiError::bad_request("invalid_query", self.to_string());
        };
        let message = match self.kind {
            Problem::Repeated => "give it once".to_string(),
            Problem::Missing => "required".to_string(),
            Problem::Invalid(_) => {
                let what = schema_of(&field).map_or_else(|| "a valid value".into(), expected);
                match self.value {
                    Some(value) => format!("{what}, got {value:?}"),
                    None => what,
                }
            }
        };
        ApiError::Validation(vec![FieldError::new(field, message)])
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Problem::Invalid(message) => f.write_str(message),
            Problem::Repeated => f.write_str("given more than once"),
            Problem::Missing => f.write_str("missing"),
        }
    }
}

impl std::error::Error for QueryError {}

impl de::Error for QueryError {
    fn custom<M: std::fmt::Display>(message: M) -> Self {
        Self {
            field: None,
            value: None,
            kind: Problem::Invalid(message.to_string()),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            field: Some(field.to_string()),
            value: None,
            kind: Problem::Missing,
        }
    }
}

/// The whole query string: each key once, with its values in order.
struct Fields(Vec<(String, Vec<String>)>);

impl<'de> de::Deserializer<'de> for Fields {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_map(FieldAccess {
            fields: self.0.into_iter(),
            current: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct FieldAccess {
    fields: std::vec::IntoIter<(String, Vec<String>)>,
    current: Option<(String, Vec<String>)>,
}

impl<'de> de::MapAccess<'de> for FieldAccess {
    type Error = QueryError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, QueryError> {
        let Some((key, values)) = self.fields.next() else {
            return Ok(None);
        };
        let name: de::value::StrDeserializer<'_, QueryError> = key.as_str().into_deserializer();
        let name = seed.deserialize(name)?;
        self.current = Some((key, values));
        Ok(Some(name))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, QueryError> {
        let (key, values) = self.current.take().unwrap_or_default();
        seed.deserialize(Values(values)).map_err(|e| e.at(&key))
    }
}

/// The values of one key.
struct Values(Vec<String>);

impl Values {
    fn single(self) -> Result<Scalar, QueryError> {
        let mut values = self.0.into_iter();
        let first = values.next().unwrap_or_default();
        if values.next().is_some() {
            return Err(QueryError {
                field: None,
                value: None,
                kind: Problem::Repeated,
            });
        }
        Ok(Scalar(first))
    }
}

macro_rules! through_single {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
            let scalar = self.single()?;
            let raw = scalar.0.clone();
            scalar.$method(visitor).map_err(|e| e.with_value(&raw))
        })*
    };
}

impl<'de> de::Deserializer<'de> for Values {
    type Error = QueryError;

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        if self.0.iter().all(String::is_empty) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let parts: Vec<String> = self
            .0
            .iter()
            .flat_map(|v| v.split(','))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        visitor.visit_seq(ListParts(parts.into_iter()))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let scalar = self.single()?;
        let raw = scalar.0.clone();
        scalar
            .deserialize_enum(name, variants, visitor)
            .map_err(|e| e.with_value(&raw))
    }

    through_single! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_identifier
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit unit_struct tuple tuple_struct map struct ignored_any
    }
}

/// The parts of a list.
struct ListParts(std::vec::IntoIter<String>);

impl<'de> de::SeqAccess<'de> for ListParts {
    type Error = QueryError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, QueryError> {
        match self.0.next() {
            Some(part) => seed
                .deserialize(Scalar(part.clone()))
                .map(Some)
                .map_err(|e| e.with_value(&part)),
            None => Ok(None),
        }
    }
}

/// One value, read as the type asks.
struct Scalar(String);

macro_rules! parsed {
    ($($method:ident => $visit:ident),*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
            match self.0.parse() {
                Ok(value) => visitor.$visit(value),
                Err(_) => Err(de::Error::custom(format!("not {}", stringify!($visit)))),
            }
        })*
    };
}

impl<'de> de::Deserializer<'de> for Scalar {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_string(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    parsed! {
        deserialize_bool => visit_bool, deserialize_i8 => visit_i8, deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32, deserialize_i64 => visit_i64, deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16, deserialize_u32 => visit_u32, deserialize_u64 => visit_u64,
        deserialize_f32 => visit_f32, deserialize_f64 => visit_f64, deserialize_char => visit_char
    }

    serde::forward_to_deserialize_any! {
        i128 u128 str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde::Deserialize;
    use uuid::Uuid;

    use super::*;

    #[derive(Debug, Deserialize, utoipa::ToSchema)]
    #[serde(rename_all = "lowercase")]
    enum Interval {
        Week,
        Month,
    }

    #[derive(Debug, Deserialize, IntoParams)]
    #[into_params(parameter_in = Query)]
    struct Params {
        from: Option<NaiveDate>,
        account_id: Option<Vec<Uuid>>,
        #[param(inline)]
        interval: Option<Interval>,
        flag: Option<bool>,
        #[param(minimum = 1, maximum = 100)]
        limit: Option<i64>,
        #[param(max_length = 5)]
        text: Option<String>,
    }

    impl Validate for Params {}

    fn field_error(query: &str) -> (String, String) {
        match parse_query::<Params>(query) {
            Err(ApiError::Validation(errors)) => {
                (errors[0].field.clone(), errors[0].message.clone())
            }
            other => panic!("{query}: {other:?}"),
        }
    }

    #[test]
    fn reads_what_the_document_describes() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let p: Params = parse_query(&format!(
            "from=2026-01-31&account_id={a}&account_id=%20{b},&interval=week&flag=true&limit=100&text=+abc+"
        ))
        .unwrap();
        assert_eq!(p.from, NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(p.account_id, Some(vec![a, b]));
        assert!(matches!(p.interval, Some(Interval::Week)));
        assert_eq!((p.flag, p.limit), (Some(true), Some(100)));
        assert_eq!(p.text.as_deref(), Some("abc"));
        let empty: Params = parse_query("from=&interval=").unwrap();
        assert!(empty.from.is_none() && empty.interval.is_none());
        assert!(parse_query::<Params>("").unwrap().account_id.is_none());
    }

    #[test]
    fn unknown_parameters_are_400_and_bad_values_422() {
        assert!(matches!(
            parse_query::<Params>("form=2026-01-01"),
            Err(ApiError::BadRequest {
                code: "invalid_query",
                ..
            })
        ));
        for (query, field, message) in [
            (
                "from=yesterday",
                "from",
                "a date like 2026-01-31, got \"yesterday\"",
            ),
            ("account_id=1,2", "account_id", "an id, got \"1\""),
            (
                "interval=day",
                "interval",
                "one of week, month, got \"day\"",
            ),
            ("flag=maybe", "flag", "true or false, got \"maybe\""),
            (
                "limit=many",
                "limit",
                "a whole number from 1 to 100, got \"many\"",
            ),
            (
                "limit=0",
                "limit",
                "a whole number from 1 to 100, got \"0\"",
            ),
            ("interval=week&interval=month", "interval", "give it once"),
            ("text=abcdef", "text", "at most 5 characters"),
        ] {
            assert_eq!(
                field_error(query),
                (field.to_string(), message.to_string()),
                "{query}"
            );
        }
    }
}
