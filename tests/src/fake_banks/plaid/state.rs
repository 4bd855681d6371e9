//! The fake's bank and its Items. One person's bank (two accounts and their transactions);
//! each Item linked to it has its own account ids and its own change log, which
//! `/transactions/sync` cursors point into.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use rand::Rng;
use rand::distributions::Alphanumeric;
use rust_decimal::Decimal;
use serde_json::Value;

use super::error::ApiError;
use super::{FakeAccount, FakeFailure, FakeTransaction};

pub(super) struct State {
    pub client_id: String,
    pub secret: String,
    pub accounts: Vec<BankAccount>,
    /// The bank's current transactions; removed ones are gone from here.
    pub transactions: Vec<FakeTransaction>,
    pub items: HashMap<String, Item>,
    /// Access token → item id (kept after `/item/remove`, so the Item reads as not found).
    pub access_tokens: HashMap<String, String>,
    pub public_tokens: HashMap<String, PublicToken>,
    pub link_tokens: HashMap<String, LinkSession>,
    pub next_failure: Option<FakeFailure>,
    /// Add a transaction right after the next page served with `has_more`.
    pub mutate_after_next_page: bool,
    pub calls: HashMap<String, usize>,
    pub last_bodies: HashMap<String, Value>,
}

pub(super) struct BankAccount {
    pub account: FakeAccount,
    pub name: &'static str,
    pub official_name: &'static str,
    pub kind: &'static str,
    pub subtype: &'static str,
    pub mask: &'static str,
    /// Plaid's sign: a card's `current` is the amount owed, positive.
    pub current: Decimal,
    pub available: Decimal,
    pub limit: Option<Decimal>,
}

pub(super) struct Item {
    pub item_id: String,
    pub institution_id: &'static str,
    pub login_required: bool,
    pub removed: bool,
    pub account_ids: Vec<(FakeAccount, String)>,
    pub log: Vec<Change>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(super) enum Change {
    Added(String),
    Modified(String),
    Removed { id: String, account: FakeAccount },
}

pub(super) struct PublicToken {
    pub item_id: String,
    pub created_at: DateTime<Utc>,
}

pub(super) struct LinkSession {
    /// The Item being repaired when Link was opened in update mode.
    pub update_item: Option<String>,
}

/// One page of `/transactions/sync`, before rendering.
pub(super) struct SyncAnswer {
    pub added: Vec<FakeTransaction>,
    pub modified: Vec<FakeTransaction>,
    pub removed: Vec<(String, FakeAccount)>,
    pub next_cursor: String,
    pub has_more: bool,
}

/// Sandbox institutions `/sandbox/public_token/create` accepts.
pub(super) const INSTITUTIONS: &[(&str, &str)] = &[
    ("ins_109508", "First Platypus Bank"),
    ("ins_109509", "First Gingham Credit Union"),
    ("ins_109510", "Tattersall Federal Credit Union"),
    ("ins_109511", "Tartan Bank"),
    ("ins_109512", "Houndstooth Bank"),
];

/// A Plaid-looking id: 37 case-sensitive alphanumerics.
pub(super) fn plaid_id(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

impl Item {
    pub fn account_id(&self, account: FakeAccount) -> &str {
        self.account_ids
            .iter()
            .find(|(a, _)| *a == account)
            .map(|(_, id)| id.as_str())
            .expect("every item has every bank account")
    }

    pub fn account_for(&self, account_id: &str) -> Option<FakeAccount> {
        self.account_ids
            .iter()
            .find(|(_, id)| id == account_id)
            .map(|(a, _)| *a)
    }
}

impl State {
    /// A new Item over the bank: its log starts with every current transaction.
    pub fn create_item(&mut self, institution_id: &'static str) -> String {
        let item_id = plaid_id(37);
        let mut current: Vec<&FakeTransaction> = self.transactions.iter().collect();
        current.sort_by_key(|t| t.date);
        let item = Item {
            item_id: item_id.clone(),
            institution_id,
            login_required: false,
            removed: false,
            account_ids: self
                .accounts
                .iter()
                .map(|a| (a.account, plaid_id(37)))
                .collect(),
            log: current
                .into_iter()
                .map(|t| Change::Added(t.transaction_id.clone()))
                .collect(),
            created_at: Utc::now(),
        };
        self.items.insert(item_id.clone(), item);
        item_id
    }

    fn record(&mut self, change: Change) {
        for item in self.items.values_mut().filter(|i| !i.removed) {
            item.log.push(change.clone());
        }
    }

    pub fn add(&mut self, transaction: FakeTransaction) -> String {
        let id = transaction.transaction_id.clone();
        self.transactions.push(transaction);
        self.record(Change::Added(id.clone()));
        id
    }

    pub fn modify(&mut self, id: &str, edit: impl FnOnce(&mut FakeTransaction)) {
        let t = self
            .transactions
            .iter_mut()
            .find(|t| t.transaction_id == id)
            .unwrap_or_else(|| panic!("no transaction {id} at the fake Plaid"));
        edit(t);
        t.transaction_id = id.to_string();
        self.record(Change::Modified(id.to_string()));
    }

    pub fn remove(&mut self, id: &str) -> FakeTransaction {
        let at = self
            .transactions
            .iter()
            .position(|t| t.transaction_id == id)
            .unwrap_or_else(|| panic!("no transaction {id} at the fake Plaid"));
        let gone = self.transactions.remove(at);
        self.record(Change::Removed {
            id: id.to_string(),
            account: gone.account,
        });
        gone
    }

    /// The Item behind an access token, if the token is one the fake issued.
    pub fn item_for(&mut self, access_token: &str) -> Result<&mut Item, ApiError> {
        let item_id = self
            .access_tokens
            .get(access_token)
            .ok_or_else(ApiError::invalid_access_token)?;
        let item = self
            .items
            .get_mut(item_id)
            .ok_or_else(ApiError::invalid_access_token)?;
        if item.removed {
            return Err(ApiError::item_not_found());
        }
        Ok(item)
    }

    /// An Item whose data can be read now (not waiting for the person to sign in again).
    pub fn usable_item(&mut self, access_token: &str) -> Result<&mut Item, ApiError> {
        let item = self.item_for(access_token)?;
        if item.login_required {
            return Err(ApiError::item_login_required());
        }
        Ok(item)
    }

    /// Updates after `cursor`, `count` log entries at most, collapsed per transaction to
    /// its latest change and current data.
    pub fn sync(
        &self,
        item_id: &str,
        cursor: Option<&str>,
        count: usize,
        account: Option<FakeAccount>,
    ) -> Result<SyncAnswer, ApiError> {
        let item = &self.items[item_id];
        let from = match cursor {
            None | Some("") => 0,
            Some("now") => item.log.len(),
            Some(c) => {
                let (cursor_item, position, snapshot) = decode_cursor(c)
                    .ok_or_else(|| ApiError::invalid_field("cursor is not a valid cursor"))?;
                if cursor_item != item_id || position > item.log.len() {
                    return Err(ApiError::invalid_field(
                        "cursor does not belong to this access_token",
                    ));
                }
                // A mid-pagination cursor is only good while the log is as it was.
                if snapshot.is_some_and(|len| len != item.log.len()) {
                    return Err(ApiError::mutation_during_pagination());
                }
                position
            }
        };
        let to = (from + count).min(item.log.len());
        let has_more = to < item.log.len();

        // Latest change per transaction, ordered by when that change happened.
        let mut latest: Vec<(String, &Change)> = Vec::new();
        for change in &item.log[from..to] {
            let id = match change {
                Change::Added(id) | Change::Modified(id) | Change::Removed { id, .. } => id,
            };
            let first = latest
                .iter()
                .position(|(seen, _)| seen == id)
                .map(|at| latest.remove(at).1);
            // Added then modified since the cursor is still news: added, as it is now.
            let merged = match (first, change) {
                (Some(added @ Change::Added(_)), Change::Modified(_)) => added,
                _ => change,
            };
            latest.push((id.clone(), merged));
        }

        let mut answer = SyncAnswer {
            added: Vec::new(),
            modified: Vec::new(),
            removed: Vec::new(),
            next_cursor: encode_cursor(item_id, to, has_more.then_some(item.log.len())),
            has_more,
        };
        for (id, change) in latest {
            let current = self.transactions.iter().find(|t| t.transaction_id == id);
            match (change, current) {
                (Change::Removed { account: a, .. }, _)
                    if account.is_none_or(|wanted| wanted == *a) =>
                {
                    answer.removed.push((id, *a));
                }
                (Change::Removed { .. }, _) => {}
                (_, Some(t)) if account.is_none_or(|wanted| wanted == t.account) => {
                    if matches!(change, Change::Added(_)) {
                        answer.added.push(t.clone());
                    } else {
                        answer.modified.push(t.clone());
                    }
                }
                _ => {}
            }
        }
        Ok(answer)
    }
}

/// `base64("<item_id>:<position>:<log length when paging, or ->")`: opaque to clients,
/// like Plaid's, and short of Plaid's 256-character bound.
fn encode_cursor(item_id: &str, position: usize, snapshot: Option<usize>) -> String {
    let snapshot = snapshot.map_or_else(|| "-".to_string(), |n| n.to_string());
    BASE64.encode(format!("{item_id}:{position}:{snapshot}"))
}

fn decode_cursor(cursor: &str) -> Option<(String, usize, Option<usize>)> {
    let text = String::from_utf8(BASE64.decode(cursor).ok()?).ok()?;
    let mut parts = text.split(':');
    let item_id = parts.next()?.to_string();
    let position = parts.next()?.parse().ok()?;
    let snapshot = match parts.next()? {
        "-" => None,
        n => Some(n.parse().ok()?),
    };
    parts
        .next()
        .is_none()
        .then_some((item_id, position, snapshot))
}
