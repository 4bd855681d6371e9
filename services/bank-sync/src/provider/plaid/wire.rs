//! Plaid's answers, only the fields Kakeibo reads, and their mapping to the provider types.
//! Plaid sends amounts as JSON numbers; they are read through their decimal text, never
//! through float arithmetic.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::api::PlaidError;
use crate::provider::{AccountKind, ProviderAccount, ProviderError, ProviderTransaction};
use crate::statement::StatementLine;

/// What a Plaid connection stores (sealed): the Item's access token and id.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Credentials {
    pub access_token: String,
    pub item_id: String,
}

/// `connect`'s pending state: empty for a new Item, the Item's credentials in update mode.
#[derive(Default, Deserialize)]
pub(super) struct Pending {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub item_id: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct LinkTokenCreated {
    pub link_token: String,
    pub expiration: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
pub(super) struct Exchanged {
    pub access_token: String,
    pub item_id: String,
}

#[derive(Deserialize)]
pub(super) struct ItemGet {
    pub item: Item,
}

#[derive(Deserialize)]
pub(super) struct Item {
    pub item_id: String,
    #[serde(default)]
    pub institution_id: Option<String>,
    #[serde(default)]
    pub institution_name: Option<String>,
    /// Set when the Item is in an error state (only `/item/get` reports it this way).
    #[serde(default)]
    pub error: Option<PlaidError>,
}

#[derive(Deserialize)]
pub(super) struct InstitutionGet {
    pub institution: Institution,
}

#[derive(Deserialize)]
pub(super) struct Institution {
    pub name: String,
}

#[derive(Deserialize)]
pub(super) struct BalanceGet {
    pub accounts: Vec<Account>,
}

#[derive(Deserialize)]
pub(super) struct Account {
    account_id: String,
    balances: Balances,
    #[serde(default)]
    mask: Option<String>,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    subtype: Option<String>,
}

#[derive(Deserialize)]
struct Balances {
    #[serde(default)]
    available: Option<Number>,
    #[serde(default)]
    current: Option<Number>,
    #[serde(default)]
    iso_currency_code: Option<String>,
    #[serde(default)]
    unofficial_currency_code: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct SyncResponse {
    #[serde(default)]
    pub added: Vec<Transaction>,
    #[serde(default)]
    pub modified: Vec<Transaction>,
    #[serde(default)]
    pub removed: Vec<Removed>,
    /// Empty while Plaid has no transactions for the Item yet.
    pub next_cursor: String,
    pub has_more: bool,
}

#[derive(Deserialize)]
pub(super) struct Removed {
    pub transaction_id: String,
}

#[derive(Deserialize)]
pub(super) struct Transaction {
    transaction_id: String,
    account_id: String,
    /// Positive is money out of the account (Plaid's convention, the opposite of ours).
    amount: Number,
    #[serde(default)]
    iso_currency_code: Option<String>,
    #[serde(default)]
    unofficial_currency_code: Option<String>,
    /// The posting date (the date it happened while pending); `authorized_date` is when
    /// the card was used, not when the account moved.
    date: NaiveDate,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    merchant_name: Option<String>,
    /// Sent because Kakeibo asks for `include_original_description`.
    #[serde(default)]
    original_description: Option<String>,
    pending: bool,
}

/// A JSON number as a `Decimal`, through its text (`84.27`, or `1e-7` for tiny values).
fn decimal(n: &Number) -> Result<Decimal, ProviderError> {
    let text = n.to_string();
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| {
            ProviderError::Other(format!("Plaid sent an amount that is not a number: {text}"))
        })
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn account_kind(kind: &str, subtype: Option<&str>) -> AccountKind {
    match (kind, subtype) {
        ("depository", Some("savings" | "money market" | "cd" | "hsa" | "cash isa")) => {
            AccountKind::Savings
        }
        ("depository", _) => AccountKind::Checking,
        ("credit", _) => AccountKind::CreditCard,
        ("loan", _) => AccountKind::Loan,
        // `brokerage` is the name before API version 2018-05-22.
        ("investment" | "brokerage", _) => AccountKind::Investment,
        _ => AccountKind::Other,
    }
}

impl Account {
    pub fn into_provider(self) -> Result<ProviderAccount, ProviderError> {
        let kind = account_kind(&self.kind, self.subtype.as_deref());
        let current = self.balances.current.as_ref().map(decimal).transpose()?;
        let available = self.balances.available.as_ref().map(decimal).transpose()?;
        // Plaid's credit and loan `current` is the amount owed, positive; ours is what the
        // person has. `available` on a card is the credit left to spend, kept as it is.
        let owed = matches!(self.kind.as_str(), "credit" | "loan");
        Ok(ProviderAccount {
            id: self.account_id,
            name: self.name,
            kind,
            currency: non_empty(self.balances.iso_currency_code)
                .or(non_empty(self.balances.unofficial_currency_code))
                .ok_or_else(|| {
                    ProviderError::Other("Plaid sent an account without a currency".into())
                })?,
            iban: None,
            mask: non_empty(self.mask),
            current_balance: if owed { current.map(|c| -c) } else { current },
            available_balance: available,
        })
    }
}

impl Transaction {
    /// `line`: 1-based position in this sync's answer.
    pub fn into_provider(self, line: usize) -> Result<ProviderTransaction, ProviderError> {
        let name = non_empty(self.name);
        Ok(ProviderTransaction {
            account_id: self.account_id,
            line: StatementLine {
                source_line: line,
                booked_on: self.date,
                amount: -decimal(&self.amount)?,
                currency: non_empty(self.iso_currency_code)
                    .or(non_empty(self.unofficial_currency_code)),
                payee: non_empty(self.merchant_name)
                    .or_else(|| name.clone())
                    .unwrap_or_default(),
                description: non_empty(self.original_description)
                    .or(name)
                    .unwrap_or_default(),
                source_id: Some(self.transaction_id),
                pending: self.pending,
                merchant_category_code: None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_become_exact_decimals() {
        let n: Number = serde_json::from_str("2307.21").unwrap();
        assert_eq!(decimal(&n).unwrap(), Decimal::new(230_721, 2));
        let n: Number = serde_json::from_str("-0.1").unwrap();
        assert_eq!(decimal(&n).unwrap(), Decimal::new(-1, 1));
        let n: Number = serde_json::from_str("1e-7").unwrap();
        assert_eq!(decimal(&n).unwrap(), Decimal::new(1, 7));
    }

    #[test]
    fn plaid_types_map_to_kakeibo_kinds() {
        assert_eq!(
            account_kind("depository", Some("checking")),
            AccountKind::Checking
        );
        assert_eq!(
            account_kind("depository", Some("money market")),
            AccountKind::Savings
        );
        assert_eq!(
            account_kind("credit", Some("credit card")),
            AccountKind::CreditCard
        );
        assert_eq!(account_kind("loan", Some("mortgage")), AccountKind::Loan);
        assert_eq!(account_kind("brokerage", None), AccountKind::Investment);
        assert_eq!(account_kind("other", None), AccountKind::Other);
    }
}
