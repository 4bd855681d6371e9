//! Bank Account Data JSON (Berlin Group fields for accounts, balances and transactions) and
//! its mapping to Kakeibo's types. Amounts are strings in this JSON ("-45.00"); they are read
//! with `Decimal::from_str`, never through a float.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use crate::provider::{AccountKind, Institution, ProviderAccount, ProviderError};
use crate::statement::StatementLine;

#[derive(Debug, Deserialize)]
pub(super) struct InstitutionJson {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub countries: Vec<String>,
    pub logo: Option<String>,
    /// Strings in the API ("730"); read leniently.
    pub transaction_total_days: Option<Value>,
    pub max_access_valid_for_days: Option<Value>,
}

impl InstitutionJson {
    pub fn total_days(&self) -> Option<u32> {
        days(self.transaction_total_days.as_ref())
    }

    pub fn max_access_days(&self) -> Option<u32> {
        days(self.max_access_valid_for_days.as_ref())
    }

    pub fn into_institution(self) -> Institution {
        Institution {
            transaction_total_days: self.total_days(),
            id: self.id,
            name: self.name,
            countries: self.countries,
            logo: self.logo.filter(|l| !l.is_empty()),
        }
    }
}

fn days(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    }
    .filter(|d| *d > 0)
}

#[derive(Debug, Deserialize)]
pub(super) struct Created {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct RequisitionJson {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub accounts: Vec<String>,
}

/// `GET /accounts/{id}/`: GoCardless's own record of the account.
#[derive(Debug, Deserialize)]
pub(super) struct AccountMeta {
    pub iban: Option<String>,
    /// DISCOVERED, PROCESSING, READY, ERROR, EXPIRED, SUSPENDED.
    pub status: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct DetailsJson {
    pub account: Details,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Details {
    pub currency: Option<String>,
    pub iban: Option<String>,
    pub bban: Option<String>,
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub product: Option<String>,
    /// ISO 20022 ExternalCashAccountType1Code.
    pub cash_account_type: Option<String>,
    pub masked_pan: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct BalancesJson {
    #[serde(default)]
    pub balances: Vec<Balance>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Balance {
    pub balance_amount: Amount,
    pub balance_type: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Amount {
    pub amount: String,
    pub currency: Option<String>,
}

impl Amount {
    fn decimal(&self) -> Result<Decimal, ProviderError> {
        Decimal::from_str(self.amount.trim()).map_err(|_| {
            ProviderError::Other(format!(
                "GoCardless sent an amount that is not a number: {:?}",
                self.amount
            ))
        })
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct TransactionsJson {
    pub transactions: Transactions,
}

#[derive(Debug, Deserialize)]
pub(super) struct Transactions {
    #[serde(default)]
    pub booked: Vec<Transaction>,
    #[serde(default)]
    pub pending: Vec<Transaction>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Transaction {
    transaction_id: Option<String>,
    internal_transaction_id: Option<String>,
    booking_date: Option<NaiveDate>,
    value_date: Option<NaiveDate>,
    booking_date_time: Option<String>,
    value_date_time: Option<String>,
    transaction_amount: Amount,
    creditor_name: Option<String>,
    debtor_name: Option<String>,
    remittance_information_unstructured: Option<String>,
    #[serde(default)]
    remittance_information_unstructured_array: Vec<String>,
    remittance_information_structured: Option<String>,
    #[serde(default)]
    remittance_information_structured_array: Vec<String>,
    additional_information: Option<String>,
    /// ISO 18245, on card rows of the banks that pass it on.
    merchant_category_code: Option<String>,
}

/// A non-empty, trimmed string.
fn text(value: Option<&String>) -> Option<String> {
    value
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn joined(values: &[String]) -> Option<String> {
    let parts: Vec<&str> = values
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `2024-03-01T10:15:00Z` → 2024-03-01.
fn date_of(datetime: Option<&String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(datetime?.get(..10)?, "%Y-%m-%d").ok()
}

impl Transaction {
    /// `None` when the row has no date at all (not as documented; nothing to file it under).
    pub fn into_line(
        self,
        source_line: usize,
        pending: bool,
    ) -> Result<Option<StatementLine>, ProviderError> {
        let amount = self.transaction_amount.decimal()?;
        let Some(booked_on) = self
            .booking_date
            .or(self.value_date)
            .or_else(|| date_of(self.booking_date_time.as_ref()))
            .or_else(|| date_of(self.value_date_time.as_ref()))
        else {
            return Ok(None);
        };
        let description = text(self.remittance_information_unstructured.as_ref())
            .or_else(|| joined(&self.remittance_information_unstructured_array))
            .or_else(|| text(self.remittance_information_structured.as_ref()))
            .or_else(|| joined(&self.remittance_information_structured_array))
            .or_else(|| text(self.additional_information.as_ref()))
            .unwrap_or_default();
        // Money out names who was paid (the creditor), money in who paid (the debtor).
        let (counterparty, other) = if amount.is_sign_negative() {
            (&self.creditor_name, &self.debtor_name)
        } else {
            (&self.debtor_name, &self.creditor_name)
        };
        let payee = text(counterparty.as_ref())
            .or_else(|| text(other.as_ref()))
            .unwrap_or_else(|| description.clone());
        Ok(Some(StatementLine {
            source_line,
            booked_on,
            amount,
            currency: text(self.transaction_amount.currency.as_ref()),
            payee,
            description,
            source_id: text(self.transaction_id.as_ref())
                .or_else(|| text(self.internal_transaction_id.as_ref())),
            pending,
            merchant_category_code: self
                .merchant_category_code
                .as_deref()
                .and_then(crate::statement::merchant_category_code),
        }))
    }
}

/// ISO 20022 cash account types. PSD2 only reaches payment accounts, and a bank that leaves
/// the type out is nearly always answering for a current account.
fn kind(code: Option<&str>) -> AccountKind {
    match code.map(str::to_ascii_uppercase).as_deref() {
        None | Some("CACC" | "TRAN" | "CASH" | "SACC" | "NREX" | "SLRY" | "ODFT") => {
            AccountKind::Checking
        }
        Some("SVGS" | "MOMA" | "TRAS" | "ONDP") => AccountKind::Savings,
        Some("CARD") => AccountKind::CreditCard,
        Some("LOAN" | "MGLD") => AccountKind::Loan,
        Some(_) => AccountKind::Other,
    }
}

/// The first balance of the given types (in that order) in the account's currency.
fn first_of(
    balances: &[Balance],
    types: &[&str],
    currency: &str,
) -> Result<Option<Decimal>, ProviderError> {
    for wanted in types {
        let found = balances.iter().find(|b| {
            b.balance_type.eq_ignore_ascii_case(wanted)
                && b.balance_amount
                    .currency
                    .as_deref()
                    .is_none_or(|c| c.eq_ignore_ascii_case(currency))
        });
        if let Some(balance) = found {
            return balance.balance_amount.decimal().map(Some);
        }
    }
    Ok(None)
}

pub(super) fn account(
    id: &str,
    meta: AccountMeta,
    details: Details,
    balances: &[Balance],
) -> Result<ProviderAccount, ProviderError> {
    // "XXX" is ISO 4217's "no currency": honest when a bank sends neither field.
    let currency = text(details.currency.as_ref())
        .or_else(|| {
            balances
                .iter()
                .find_map(|b| text(b.balance_amount.currency.as_ref()))
        })
        .unwrap_or_else(|| "XXX".into())
        .to_ascii_uppercase();
    let iban = text(details.iban.as_ref()).or_else(|| text(meta.iban.as_ref()));
    let number = iban
        .clone()
        .or_else(|| text(details.bban.as_ref()))
        .or_else(|| text(details.masked_pan.as_ref()));
    let mask = number.map(|n| {
        let digits: Vec<char> = n.chars().filter(char::is_ascii_alphanumeric).collect();
        digits[digits.len().saturating_sub(4)..].iter().collect()
    });
    let kind = kind(details.cash_account_type.as_deref());
    let name = text(details.display_name.as_ref())
        .or_else(|| text(details.name.as_ref()))
        .or_else(|| text(meta.name.as_ref()))
        .or_else(|| text(details.product.as_ref()))
        .unwrap_or_else(|| format!("{} account", kind.as_str().replace('_', " ")));
    // Booked is what the account holds; interim balances are more recent than closing ones.
    let current = first_of(
        balances,
        &[
            "interimBooked",
            "closingBooked",
            "expected",
            "openingBooked",
        ],
        &currency,
    )?;
    let available = first_of(
        balances,
        &[
            "interimAvailable",
            "closingAvailable",
            "forwardAvailable",
            "openingAvailable",
        ],
        &currency,
    )?;
    Ok(ProviderAccount {
        id: id.to_string(),
        name,
        kind,
        currency,
        iban,
        mask,
        current_balance: current,
        available_balance: available,
    })
}
