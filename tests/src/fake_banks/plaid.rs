//! A local Plaid: an axum server on 127.0.0.1 (port 0) in the test process, answering
//! Link token creation, the public-token exchange, Items, institutions, balances and
//! `/transactions/sync` (real cursors into a per-Item change log, `count` paging,
//! pending rows that post under a new id) as Plaid's API reference documents them, with
//! the documented error objects, plus the Sandbox endpoints `/sandbox/public_token/create`
//! and `/sandbox/item/reset_login`.
//!
//! Tests play the person (finishing Link, re-linking in update mode) and the bank (new,
//! changed and posted transactions), and make the next call fail on purpose.

mod error;
mod render;
mod request;
mod routes;
mod seed;
mod state;

use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use kakeibo_core::config::PlaidSettings;
use rust_decimal::Decimal;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use self::state::{State, plaid_id};

const CLIENT_ID: &str = "5f2a1c9e8d7b6a5f4e3d2c1b";
const SECRET: &str = "fake-plaid-sandbox-secret-3c9d4e";
/// Every Item the fake creates is at this Sandbox institution.
pub const INSTITUTION_ID: &str = "ins_109508";
pub const INSTITUTION_NAME: &str = "First Platypus Bank";

/// The fake bank's accounts (each Item sees them under its own account ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FakeAccount {
    /// Depository checking, USD, mask 0000: current 4210.55, available 4150.55.
    Checking,
    /// Credit card, USD, mask 3333: 612.40 owed, 4387.60 available, limit 5000.
    CreditCard,
}

/// What the next non-Sandbox call answers instead of its result, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeFailure {
    /// HTTP 429, `RATE_LIMIT_EXCEEDED` with the endpoint's code (`TRANSACTIONS_SYNC_LIMIT`,
    /// `ACCOUNTS_BALANCE_GET_LIMIT`, `ITEM_GET_LIMIT`, else `RATE_LIMIT`).
    RateLimited,
    /// HTTP 400, `INSTITUTION_ERROR` / `INSTITUTION_DOWN`.
    InstitutionDown,
    /// HTTP 400, `ITEM_ERROR` / `ITEM_LOGIN_REQUIRED` (once; `reset_login` makes it stick).
    LoginRequired,
}

/// A transaction at the fake bank, in Plaid's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeTransaction {
    pub transaction_id: String,
    pub account: FakeAccount,
    /// Plaid's sign: positive is money out of the account.
    pub amount: Decimal,
    /// Posting date (the purchase date while pending).
    pub date: NaiveDate,
    pub authorized_date: Option<NaiveDate>,
    pub name: String,
    pub merchant_name: Option<String>,
    pub original_description: String,
    pub pending: bool,
    pub pending_transaction_id: Option<String>,
    /// `online`, `in store` or `other`.
    pub payment_channel: String,
    /// Personal finance category (primary, detailed).
    pub category: (String, String),
}

/// A transaction a test adds; `amount` in Plaid's sign (positive is money out).
#[derive(Debug, Clone)]
pub struct NewTransaction {
    pub account: FakeAccount,
    pub amount: Decimal,
    pub date: NaiveDate,
    pub name: String,
    pub merchant_name: Option<String>,
    pub pending: bool,
}

impl NewTransaction {
    pub fn new(account: FakeAccount, amount: Decimal, date: NaiveDate, name: &str) -> Self {
        Self {
            account,
            amount,
            date,
            name: name.into(),
            merchant_name: None,
            pending: false,
        }
    }

    pub fn merchant(mut self, merchant: &str) -> Self {
        self.merchant_name = Some(merchant.into());
        self
    }

    pub fn pending(mut self) -> Self {
        self.pending = true;
        self
    }

    fn into_transaction(self) -> FakeTransaction {
        FakeTransaction {
            transaction_id: plaid_id(37),
            account: self.account,
            amount: self.amount,
            date: self.date,
            authorized_date: Some(self.date),
            original_description: self.name.to_uppercase(),
            name: self.name,
            merchant_name: self.merchant_name,
            pending: self.pending,
            pending_transaction_id: None,
            payment_channel: "online".into(),
            category: (
                "GENERAL_MERCHANDISE".into(),
                "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE".into(),
            ),
        }
    }
}

/// The row the bank adds while a sync is paging (see `mutate_during_next_pagination`).
fn mutation_row() -> FakeTransaction {
    NewTransaction::new(
        FakeAccount::Checking,
        Decimal::new(1_299, 2),
        Utc::now().date_naive(),
        "Spotify USA",
    )
    .merchant("Spotify")
    .into_transaction()
}

pub struct FakePlaid {
    url: String,
    state: Arc<Mutex<State>>,
    http: reqwest::Client,
    server: JoinHandle<()>,
}

impl Drop for FakePlaid {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakePlaid {
    pub async fn start() -> FakePlaid {
        let state = Arc::new(Mutex::new(seed::seeded(CLIENT_ID, SECRET)));
        let app = axum::Router::new()
            .fallback(routes::handle)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Plaid");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Plaid serves");
        });
        FakePlaid {
            url,
            state,
            http: kakeibo_bank_sync::provider::http_client(),
            server,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Settings pointing at the fake, with its valid keys.
    pub fn settings(&self) -> PlaidSettings {
        PlaidSettings {
            base_url: self.url.clone(),
            client_id: CLIENT_ID.into(),
            secret: SecretString::from(SECRET),
            country_codes: vec!["US".into()],
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("fake Plaid state")
    }

    async fn sandbox(&self, path: &str, mut body: Value) -> Value {
        body["client_id"] = CLIENT_ID.into();
        body["secret"] = SECRET.into();
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .expect("the fake Plaid answers");
        let status = response.status();
        let answer: Value = response.json().await.expect("JSON");
        assert!(status.is_success(), "{path}: {status} {answer}");
        answer
    }

    /// The person finished Link for a new Item: a public token to exchange (made with
    /// `/sandbox/public_token/create`, as Plaid's Sandbox does without Link).
    pub async fn public_token(&self) -> String {
        let answer = self
            .sandbox(
                "/sandbox/public_token/create",
                json!({ "institution_id": INSTITUTION_ID, "initial_products": ["transactions"] }),
            )
            .await;
        answer["public_token"]
            .as_str()
            .expect("public_token")
            .into()
    }

    /// `/sandbox/item/reset_login`: the Item answers `ITEM_LOGIN_REQUIRED` until the
    /// person goes through update mode (`finish_update_mode`).
    pub async fn reset_login(&self, access_token: &str) {
        self.sandbox(
            "/sandbox/item/reset_login",
            json!({ "access_token": access_token }),
        )
        .await;
    }

    /// The person signed in again in Link opened with this update-mode link token; the
    /// Item works again under the same access token (no exchange needed).
    pub fn finish_update_mode(&self, link_token: &str) {
        let mut state = self.state();
        let item_id = state
            .link_tokens
            .get(link_token)
            .and_then(|s| s.update_item.clone())
            .unwrap_or_else(|| panic!("{link_token} is not an update-mode link token"));
        state
            .items
            .get_mut(&item_id)
            .expect("the item exists")
            .login_required = false;
    }

    /// The bank books a transaction; returns its `transaction_id`.
    pub fn add_transaction(&self, new: NewTransaction) -> String {
        self.state().add(new.into_transaction())
    }

    /// The bank changes a transaction (same id).
    pub fn modify_transaction(
        &self,
        transaction_id: &str,
        edit: impl FnOnce(&mut FakeTransaction),
    ) {
        self.state().modify(transaction_id, edit);
    }

    /// The bank drops a transaction (e.g. a pending authorization that expired).
    pub fn remove_transaction(&self, transaction_id: &str) {
        self.state().remove(transaction_id);
    }

    /// A pending transaction posts, as Plaid reports it: the pending one is removed and a
    /// posted one is added under a new id with `pending_transaction_id` set. `amount`:
    /// the final amount if it differs (a tip). Returns the posted transaction's id.
    pub fn post_pending(
        &self,
        pending_id: &str,
        posted_on: NaiveDate,
        amount: Option<Decimal>,
    ) -> String {
        let mut state = self.state();
        let pending = state.remove(pending_id);
        assert!(pending.pending, "{pending_id} was not pending");
        state.add(FakeTransaction {
            transaction_id: plaid_id(37),
            amount: amount.unwrap_or(pending.amount),
            date: posted_on,
            pending: false,
            pending_transaction_id: Some(pending_id.to_string()),
            ..pending
        })
    }

    /// The bank's current transactions.
    pub fn transactions(&self) -> Vec<FakeTransaction> {
        self.state().transactions.clone()
    }

    pub fn transaction_named(&self, name: &str) -> FakeTransaction {
        self.transactions()
            .into_iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no transaction named {name}"))
    }

    pub fn fail_next(&self, failure: FakeFailure) {
        self.state().next_failure = Some(failure);
    }

    /// Right after the next `/transactions/sync` page that has more, the bank books a
    /// transaction, so the following page answers `TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION`.
    pub fn mutate_during_next_pagination(&self) {
        self.state().mutate_after_next_page = true;
    }

    /// How many requests `path` received.
    pub fn calls(&self, path: &str) -> usize {
        self.state().calls.get(path).copied().unwrap_or(0)
    }

    /// The last request body `path` received, without `client_id` and `secret`.
    pub fn last_request(&self, path: &str) -> Option<Value> {
        self.state().last_bodies.get(path).cloned()
    }
}
