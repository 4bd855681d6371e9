//! Checks the budget and goal requests share.

use kakeibo_core::FieldError;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

const MAX_NAME_CHARS: usize = 80;

/// Absent stays `None`; `null` becomes `Some(None)`.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

pub fn finish(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub fn check_name(errors: &mut Vec<FieldError>, name: &str) {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        errors.push(FieldError::new(
            "name",
            format!("1 to {MAX_NAME_CHARS} printable characters"),
        ));
    }
}

/// A positive amount that fits `money_amount` (numeric(19,4)).
pub fn check_amount(errors: &mut Vec<FieldError>, field: &str, amount: Decimal) {
    if amount <= Decimal::ZERO
        || amount.normalize().scale() > 4
        || amount >= Decimal::from(1_000_000_000_000_000i64)
    {
        errors.push(FieldError::new(
            field,
            "positive, at most 4 decimal places and 15 digits before the point",
        ));
    }
}

pub fn check_currency(errors: &mut Vec<FieldError>, currency: &str) {
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        errors.push(FieldError::new(
            "currency",
            "an ISO 4217 code in capitals, such as EUR",
        ));
    }
}
