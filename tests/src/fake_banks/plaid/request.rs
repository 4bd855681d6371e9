//! Reading a request as Plaid's API reference specifies: the keys in the body or the
//! `PLAID-CLIENT-ID`/`PLAID-SECRET` headers, required, unknown and malformed fields.

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::state::State;

/// Link supports these (plaid.com/docs/api/link, `language` and `country_codes`).
pub(super) const LANGUAGES: &[&str] = &[
    "da", "nl", "en", "et", "fr", "de", "hi", "it", "lv", "lt", "no", "pl", "pt", "ro", "es", "sv",
    "vi",
];
const COUNTRIES: &[&str] = &[
    "US", "GB", "ES", "NL", "FR", "IE", "CA", "DE", "IT", "PL", "DK", "NO", "SE", "EE", "LT", "LV",
    "PT", "BE", "AT", "FI",
];
/// Products an Item can be created with; `balance` is not one (it comes with any).
const PRODUCTS: &[&str] = &[
    "assets",
    "auth",
    "employment",
    "identity",
    "income_verification",
    "identity_verification",
    "investments",
    "liabilities",
    "payment_initiation",
    "standing_orders",
    "signal",
    "statements",
    "transactions",
    "transfer",
];

/// Keys in the body win over headers; either place is documented. They are taken out of
/// the body so recorded requests never hold them.
pub(super) fn authenticate(
    state: &State,
    headers: &HeaderMap,
    fields: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let mut key = |field: &str, header: &str| match fields.remove(field) {
        Some(Value::String(s)) => Some(s),
        _ => headers
            .get(header)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    };
    let client_id = key("client_id", "PLAID-CLIENT-ID");
    let secret = key("secret", "PLAID-SECRET");
    match (client_id, secret) {
        (Some(id), Some(secret)) if id == state.client_id && secret == state.secret => Ok(()),
        (Some(_), Some(_)) => Err(ApiError::invalid_api_keys()),
        (None, _) => Err(ApiError::missing_fields(&["client_id"])),
        (_, None) => Err(ApiError::missing_fields(&["secret"])),
    }
}

/// A request body without its keys.
pub(super) struct Req(pub(super) Map<String, Value>);

impl Req {
    pub fn allow(&self, known: &[&str]) -> Result<(), ApiError> {
        let unknown: Vec<&str> = self
            .0
            .keys()
            .map(String::as_str)
            .filter(|k| !known.contains(k))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(ApiError::unknown_fields(&unknown))
        }
    }

    /// Absent and `null` are the same for optional fields.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field).filter(|v| !v.is_null())
    }

    pub fn string(&self, field: &str) -> Result<Option<&str>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::invalid_field(format!("{field} must be a string"))),
        }
    }

    pub fn required(&self, field: &str) -> Result<&str, ApiError> {
        self.string(field)?
            .ok_or_else(|| ApiError::missing_fields(&[field]))
    }

    pub fn strings(&self, field: &str) -> Result<Option<Vec<&str>>, ApiError> {
        let Some(value) = self.get(field) else {
            return Ok(None);
        };
        let list = value
            .as_array()
            .and_then(|items| items.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
            .ok_or_else(|| {
                ApiError::invalid_field(format!("{field} must be an array of strings"))
            })?;
        Ok(Some(list))
    }

    pub fn object(&self, field: &str, known: &[&str]) -> Result<Option<Req>, ApiError> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::Object(o)) => {
                let inner = Req(o.clone());
                inner.allow(known)?;
                Ok(Some(inner))
            }
            Some(_) => Err(ApiError::invalid_field(format!(
                "{field} must be an object"
            ))),
        }
    }
}

pub(super) fn check_countries(codes: &[&str]) -> Result<(), ApiError> {
    if codes.is_empty() {
        return Err(ApiError::invalid_field("country_codes must not be empty"));
    }
    match codes.iter().find(|c| !COUNTRIES.contains(c)) {
        Some(c) => Err(ApiError::invalid_field(format!(
            "invalid country code: {c}"
        ))),
        None => Ok(()),
    }
}

pub(super) fn check_products(products: &[&str]) -> Result<(), ApiError> {
    if products.is_empty() {
        return Err(ApiError::invalid_field("products must not be empty"));
    }
    let bad: Vec<&str> = products
        .iter()
        .copied()
        .filter(|p| !PRODUCTS.contains(p))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_product(&bad))
    }
}
