//! A local GoCardless Bank Account Data (formerly Nordigen) API at `/api/v2`, answering as its
//! docs say: the token pair (expiry honoured, so refreshing is exercised), institutions,
//! end-user agreements, requisitions with a consent `link`, and account details, balances and
//! transactions with the documented errors. Seeded with Sandbox Finance
//! (`SANDBOXFINANCE_SFIN0000`, GoCardless's sandbox bank) holding two EUR accounts.
//!
//! The requisition `link` points at this server's consent page: opening it is the person
//! consenting at their bank (`consent`), which links the accounts and redirects back.

mod accounts;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use kakeibo_core::config::GoCardlessSettings;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use self::routes::Shared;
use self::state::{State, TokenKind};

/// GoCardless's documented sandbox bank; the fake's accounts are there.
pub const SANDBOX_INSTITUTION: &str = "SANDBOXFINANCE_SFIN0000";
/// `HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET` on the fake's answers: seconds until the bank's
/// daily allowance comes back.
pub const RATE_LIMIT_RESET_SECS: u32 = 21_600;

/// A failure for the next call that reaches the bank (account details, balances or
/// transactions), as GoCardless documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeFailure {
    /// 429 `RateLimitError` with the account rate-limit headers.
    RateLimited,
    /// 503 `ServiceError`: "Institution service unavailable".
    InstitutionDown,
}

/// A transaction to put in an account, in GoCardless's (Berlin Group) shape.
#[derive(Debug, Clone)]
pub struct FakeTransaction {
    /// `transactionId`, the bank's id.
    pub id: Option<String>,
    /// `internalTransactionId`, GoCardless's own.
    pub internal_id: Option<String>,
    pub date: NaiveDate,
    /// Signed, as the API writes it: "-12.50" is money out.
    pub amount: String,
    pub currency: String,
    /// The creditor for money out, the debtor for money in.
    pub counterparty: String,
    /// `remittanceInformationUnstructured` (left out when empty).
    pub text: String,
    /// `remittanceInformationUnstructuredArray` (left out when empty).
    pub text_array: Vec<String>,
    /// `merchantCategoryCode` (left out when `None`), as card rows carry it.
    pub merchant_category_code: Option<String>,
}

impl FakeTransaction {
    pub fn new(date: NaiveDate, amount: &str, counterparty: &str, text: &str) -> Self {
        let serial = uuid::Uuid::new_v4().as_u128() % 100_000_000;
        Self {
            id: Some(format!("{}{serial:08}-1", date.format("%Y%m%d"))),
            internal_id: Some(uuid::Uuid::new_v4().simple().to_string()),
            date,
            amount: amount.to_string(),
            currency: "EUR".into(),
            counterparty: counterparty.to_string(),
            text: text.to_string(),
            text_array: Vec::new(),
            merchant_category_code: None,
        }
    }

    /// A card payment with its merchant category code.
    pub fn with_merchant_category_code(mut self, code: &str) -> Self {
        self.merchant_category_code = Some(code.to_string());
        self
    }

    /// No ids at all, as pending rows usually come.
    pub fn without_id(mut self) -> Self {
        self.id = None;
        self.internal_id = None;
        self
    }

    /// Only GoCardless's `internalTransactionId`, as some banks give booked rows.
    pub fn internal_id_only(mut self) -> Self {
        self.id = None;
        self
    }

    pub fn with_text_array(mut self, parts: &[&str]) -> Self {
        self.text_array = parts.iter().map(|p| p.to_string()).collect();
        self
    }

    fn json(&self, pending: bool) -> Value {
        let mut row = json!({
            "transactionAmount": {"amount": self.amount, "currency": self.currency},
            "valueDate": self.date.to_string(),
        });
        if !pending {
            row["bookingDate"] = json!(self.date.to_string());
            row["bankTransactionCode"] = json!("PMNT");
        }
        let name = if self.amount.starts_with('-') {
            "creditorName"
        } else {
            "debtorName"
        };
        row[name] = json!(self.counterparty);
        if let Some(id) = &self.id {
            row["transactionId"] = json!(id);
        }
        if let Some(id) = &self.internal_id {
            row["internalTransactionId"] = json!(id);
        }
        if !self.text.is_empty() {
            row["remittanceInformationUnstructured"] = json!(self.text);
        }
        if !self.text_array.is_empty() {
            row["remittanceInformationUnstructuredArray"] = json!(self.text_array);
        }
        if let Some(code) = &self.merchant_category_code {
            row["merchantCategoryCode"] = json!(code);
        }
        row
    }
}

pub struct FakeGoCardless {
    addr: SocketAddr,
    state: Shared,
    server: JoinHandle<()>,
}

impl Drop for FakeGoCardless {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeGoCardless {
    /// Listens on 127.0.0.1, port 0, in this test's runtime.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::new(format!("http://{addr}"))));
        let app = routes::router(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake GoCardless serves");
        });
        Self {
            addr,
            state,
            server,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// `http://127.0.0.1:<port>` (the API is under `/api/v2`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Settings with this server's valid user secrets.
    pub fn settings(&self) -> GoCardlessSettings {
        let state = self.state();
        GoCardlessSettings {
            base_url: format!("{}/api/v2", self.url()),
            secret_id: state.secret_id.clone(),
            secret_key: SecretString::from(state.secret_key.clone()),
        }
    }

    /// The seeded accounts at Sandbox Finance: the current account, then the savings one.
    pub fn account_ids(&self) -> Vec<String> {
        self.state().accounts.iter().map(|a| a.id.clone()).collect()
    }

    /// The person consents at the bank: opens `link` without following the redirect, and
    /// gets back where the bank sends them (the requisition's redirect with `?ref=`).
    pub async fn consent(&self, link: &str) -> String {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = client.get(link).send().await.expect("consent page answers");
        assert_eq!(
            response.status(),
            reqwest::StatusCode::FOUND,
            "consent at {link}"
        );
        response.headers()[reqwest::header::LOCATION]
            .to_str()
            .expect("ASCII location")
            .to_string()
    }

    pub fn add_booked(&self, account_id: &str, transaction: FakeTransaction) {
        let row = transaction.json(false);
        self.state().account_mut(account_id).booked.push(row);
    }

    pub fn add_pending(&self, account_id: &str, transaction: FakeTransaction) {
        let row = transaction.json(true);
        self.state().account_mut(account_id).pending.push(row);
    }

    /// A pending row books, as banks report it: it leaves `pending`, and a booked row with the
    /// bank's own `transactionId` (and the booking date) appears in `booked`. The pending row
    /// is the one whose `remittanceInformationUnstructured` is `text`. Returns the new id.
    pub fn book_pending(&self, account_id: &str, text: &str, booked_on: NaiveDate) -> String {
        let mut state = self.state();
        let account = state.account_mut(account_id);
        let at = account
            .pending
            .iter()
            .position(|r| r["remittanceInformationUnstructured"] == text)
            .unwrap_or_else(|| panic!("no pending row {text:?} in {account_id}"));
        let pending = account.pending.remove(at);
        let amount = pending["transactionAmount"]["amount"].as_str().unwrap();
        let counterparty = pending["creditorName"]
            .as_str()
            .or(pending["debtorName"].as_str())
            .unwrap_or_default();
        let booked = FakeTransaction::new(booked_on, amount, counterparty, text);
        let id = booked.id.clone().expect("booked rows carry the bank's id");
        account.booked.push(booked.json(false));
        id
    }

    /// An account's booked rows as the API holds them.
    pub fn booked(&self, account_id: &str) -> Vec<Value> {
        self.state().account_mut(account_id).booked.clone()
    }

    /// Lifetimes, in seconds, of the tokens issued from now on (`access_expires`,
    /// `refresh_expires`; the API's are a day and 30 days).
    pub fn set_token_lifetimes(&self, access: u64, refresh: u64) {
        let mut state = self.state();
        state.access_expires = access;
        state.refresh_expires = refresh;
    }

    /// Access tokens stop working before their stated expiry (as when secrets are rotated).
    pub fn revoke_access_tokens(&self) {
        self.state()
            .tokens
            .retain(|_, t| t.kind != TokenKind::Access);
    }

    /// Every end-user agreement's access period ends: the accounts answer the documented
    /// `EUA … has expired`, their status is EXPIRED, linked requisitions are EX.
    pub fn expire_agreement(&self) {
        let mut state = self.state();
        state.agreements.values_mut().for_each(|a| a.expired = true);
        for requisition in state.requisitions.values_mut() {
            if requisition.status == "LN" {
                requisition.status = "EX";
            }
        }
    }

    pub fn fail_next(&self, failure: FakeFailure) {
        self.state().next_failure = Some(failure);
    }

    /// `METHOD /path` of every request so far, e.g. `POST /api/v2/token/refresh/`.
    pub fn calls(&self) -> Vec<String> {
        self.state().calls.clone()
    }

    /// How many requests were exactly `call` (`METHOD /path`).
    pub fn count(&self, call: &str) -> usize {
        self.state().calls.iter().filter(|c| *c == call).count()
    }

    /// A requisition as `GET /requisitions/{id}/` shows it; `None` once deleted.
    pub fn requisition(&self, id: &str) -> Option<Value> {
        self.state().requisitions.get(id).map(|r| r.json())
    }

    /// An end-user agreement as `GET /agreements/enduser/{id}/` shows it.
    pub fn agreement(&self, id: &str) -> Option<Value> {
        self.state().agreements.get(id).map(|a| a.json())
    }
}
