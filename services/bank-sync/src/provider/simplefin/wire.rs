//! The SimpleFIN 1.0 Account Set (<https://www.simplefin.org/protocol.html#account-set>) and
//! its conversion into Kakeibo's account and statement types.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::provider::{AccountKind, ProviderAccount, ProviderError};
use crate::statement::StatementLine;

/// What `GET /accounts` answers.
#[derive(Debug, Deserialize)]
pub(super) struct AccountSet {
    /// Required by the spec; a default keeps an answer that leaves it out readable.
    #[serde(default)]
    pub errors: Vec<String>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Account {
    #[serde(default)]
    pub org: Option<Org>,
    pub id: String,
    pub name: String,
    /// ISO 4217, or the URL of a custom currency (miles, points).
    pub currency: String,
    /// Numeric strings, signed.
    pub balance: String,
    #[serde(rename = "available-balance")]
    pub available_balance: Option<String>,
    /// Left out with `balances-only=1`.
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Org {
    pub name: Option<String>,
    pub domain: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Transaction {
    pub id: String,
    /// Unix seconds; 0 for a pending row.
    pub posted: i64,
    /// Signed numeric string: positive is money into the account.
    pub amount: String,
    pub description: String,
    /// Not in the 1.0 spec, but the Bridge sends them.
    pub payee: Option<String>,
    pub memo: Option<String>,
    pub transacted_at: Option<i64>,
    pub pending: Option<bool>,
}

impl Account {
    /// Custom currencies are URLs; only ISO codes can be booked as money.
    pub fn has_iso_currency(&self) -> bool {
        self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase())
    }

    pub fn org_name(&self) -> &str {
        self.org
            .as_ref()
            .and_then(|o| o.name.as_deref().or(o.domain.as_deref()))
            .unwrap_or("your bank")
    }

    pub fn to_provider(&self) -> Result<ProviderAccount, ProviderError> {
        let balance = money(&self.balance, || format!("account {} balance", self.id))?;
        // "May be omitted if it is the same as balance" (spec).
        let available = match &self.available_balance {
            Some(v) => money(v, || format!("account {} available-balance", self.id))?,
            None => balance,
        };
        Ok(ProviderAccount {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: guess_kind(&self.name),
            currency: self.currency.clone(),
            iban: None,
            mask: None,
            current_balance: Some(balance),
            available_balance: Some(available),
        })
    }
}

impl Transaction {
    /// `today` dates a pending row that carries no date at all.
    pub fn to_line(
        &self,
        account: &Account,
        source_line: usize,
        today: NaiveDate,
    ) -> Result<StatementLine, ProviderError> {
        let pending = self.pending.unwrap_or(false) || self.posted == 0;
        // A pending row's `posted` is 0 or provisional; when it happened is the better date.
        let at = if pending {
            self.transacted_at.filter(|t| *t > 0).unwrap_or(self.posted)
        } else {
            self.posted
        };
        let booked_on = if at > 0 {
            DateTime::from_timestamp(at, 0)
                .ok_or_else(|| {
                    ProviderError::Other(format!(
                        "transaction {}: date {at} is out of range",
                        self.id
                    ))
                })?
                .date_naive()
        } else {
            today
        };
        Ok(StatementLine {
            source_line,
            booked_on,
            amount: money(&self.amount, || format!("transaction {} amount", self.id))?,
            currency: Some(account.currency.clone()),
            payee: non_empty(&self.payee)
                .unwrap_or(&self.description)
                .to_string(),
            description: non_empty(&self.memo)
                .unwrap_or(&self.description)
                .to_string(),
            source_id: Some(self.id.clone()),
            pending,
            merchant_category_code: None,
        })
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// SimpleFIN sends no account type; the name is the only hint.
fn guess_kind(name: &str) -> AccountKind {
    let name = name.to_lowercase();
    if name.contains("credit") || name.contains("card") {
        AccountKind::CreditCard
    } else if name.contains("saving") {
        AccountKind::Savings
    } else {
        AccountKind::Checking
    }
}

fn money(value: &str, what: impl FnOnce() -> String) -> Result<Decimal, ProviderError> {
    Decimal::from_str(value.trim())
        .map_err(|_| ProviderError::Other(format!("{} is not a number: {value:?}", what())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(currency: &str) -> Account {
        serde_json::from_value(serde_json::json!({
            "org": {"domain": "mybank.com", "sfin-url": "https://sfin.mybank.com"},
            "id": "2930002", "name": "Savings", "currency": currency,
            "balance": "100.23", "balance-date": 978366153
        }))
        .unwrap()
    }

    #[test]
    fn available_balance_defaults_to_balance_and_currency_urls_are_not_iso() {
        let a = account("USD");
        let p = a.to_provider().unwrap();
        assert_eq!(p.kind, AccountKind::Savings);
        assert_eq!(p.current_balance, Some(Decimal::new(10023, 2)));
        assert_eq!(p.available_balance, Some(Decimal::new(10023, 2)));
        assert_eq!(a.org_name(), "mybank.com");
        assert!(!account("https://www.example.com/flight-miles").has_iso_currency());
    }

    #[test]
    fn pending_rows_take_the_transacted_date() {
        let t: Transaction = serde_json::from_value(serde_json::json!({
            "id": "t1", "posted": 0, "amount": "-4.50", "description": "COFFEE",
            "transacted_at": 1_700_000_000, "pending": true
        }))
        .unwrap();
        let line = t.to_line(&account("USD"), 1, NaiveDate::MIN).unwrap();
        assert!(line.pending);
        assert_eq!(
            line.booked_on,
            NaiveDate::from_ymd_opt(2023, 11, 14).unwrap()
        );
        assert_eq!(line.amount, Decimal::new(-450, 2));
        assert_eq!(
            (line.payee.as_str(), line.description.as_str()),
            ("COFFEE", "COFFEE")
        );
    }
}
