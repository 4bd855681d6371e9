//! The fake's data in the shapes Plaid's API reference documents (AccountBase, Transaction,
//! Item, Institution), with every documented field present.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde_json::{Number, Value, json};

use super::FakeTransaction;
use super::error::ApiError;
use super::state::{BankAccount, INSTITUTIONS, Item};

/// Plaid sends amounts as JSON numbers; made from the decimal's text, never from a float
/// computation.
pub(super) fn number(d: Decimal) -> Value {
    Value::Number(Number::from_str(&d.to_string()).expect("a decimal is a JSON number"))
}

pub(super) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn account(item: &Item, a: &BankAccount) -> Value {
    json!({
        "account_id": item.account_id(a.account),
        "balances": {
            "available": number(a.available),
            "current": number(a.current),
            "limit": a.limit.map(number),
            "iso_currency_code": "USD",
            "unofficial_currency_code": null,
            "last_updated_datetime": null,
        },
        "mask": a.mask,
        "name": a.name,
        "official_name": a.official_name,
        "type": a.kind,
        "subtype": a.subtype,
        "verification_status": null,
        "holder_category": "personal",
    })
}

pub(super) fn transaction(item: &Item, t: &FakeTransaction, original_description: bool) -> Value {
    json!({
        "account_id": item.account_id(t.account),
        "amount": number(t.amount),
        "iso_currency_code": "USD",
        "unofficial_currency_code": null,
        "check_number": null,
        "date": t.date.to_string(),
        "datetime": null,
        "authorized_date": t.authorized_date.map(|d| d.to_string()),
        "authorized_datetime": null,
        "location": {
            "address": null, "city": null, "region": null, "postal_code": null,
            "country": null, "lat": null, "lon": null, "store_number": null,
        },
        "name": t.name,
        "merchant_name": t.merchant_name,
        "merchant_entity_id": null,
        "logo_url": null,
        "website": null,
        // Only sent when asked for with `options.include_original_description`.
        "original_description": original_description.then_some(&t.original_description),
        "payment_meta": {
            "by_order_of": null, "payee": null, "payer": null, "payment_method": null,
            "payment_processor": null, "ppd_id": null, "reason": null, "reference_number": null,
        },
        "payment_channel": t.payment_channel,
        "pending": t.pending,
        "pending_transaction_id": t.pending_transaction_id,
        "account_owner": null,
        "transaction_id": t.transaction_id,
        "transaction_type": match t.payment_channel.as_str() {
            "online" => "digital",
            "in store" => "place",
            _ => "special",
        },
        "transaction_code": null,
        "personal_finance_category": {
            "primary": t.category.0,
            "detailed": t.category.1,
            "confidence_level": "VERY_HIGH",
        },
        "personal_finance_category_icon_url":
            format!("https://plaid-category-icons.plaid.com/PFC_{}.png", t.category.0),
        "counterparties": [],
    })
}

pub(super) fn institution_name(id: &str) -> Option<&'static str> {
    INSTITUTIONS.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

pub(super) fn item(item: &Item) -> Value {
    json!({
        "item_id": item.item_id,
        "institution_id": item.institution_id,
        "institution_name": institution_name(item.institution_id),
        "webhook": null,
        "auth_method": null,
        "error": item.login_required.then(|| ApiError::item_login_required().object()),
        "available_products": ["balance"],
        "billed_products": ["transactions"],
        "products": ["transactions"],
        "consented_products": ["transactions"],
        "consent_expiration_time": null,
        "update_type": "background",
        "created_at": timestamp(item.created_at),
    })
}

pub(super) fn institution(id: &str, name: &str) -> Value {
    json!({
        "institution_id": id,
        "name": name,
        "products": ["assets", "auth", "balance", "identity", "investments", "liabilities",
                     "transactions"],
        "country_codes": ["US"],
        "url": null,
        "primary_color": null,
        "logo": null,
        "routing_numbers": [],
        "dtc_numbers": [],
        "oauth": false,
    })
}
