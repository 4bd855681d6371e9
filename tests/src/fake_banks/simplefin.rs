//! A SimpleFIN server (<https://www.simplefin.org/protocol.html>, protocol 1.0 as the Bridge
//! answers it) in the test process, on 127.0.0.1 port 0:
//!
//! - `POST /simplefin/claim/{token}`: one-time; an unknown or used token is 403. Like the
//!   Bridge, it wants `Content-Length: 0` (411 without).
//! - `GET /simplefin/accounts`: basic auth from a claimed access URL (403 when wrong or
//!   revoked); `start-date`, `end-date` (exclusive), `pending=1`, `balances-only=1`,
//!   `account` (repeatable). As the Bridge does, a range over 90 days is cut to the last 90
//!   and no `start-date` means only since yesterday, each noted in `x-api-message`.
//! - `GET /simplefin/info`.
//!
//! Every request is recorded, so tests can check what was (or was not) asked.

mod seed;
mod server;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{NaiveDate, Utc};
use kakeibo_core::config::SimpleFinSettings;
use rust_decimal::Decimal;

use seed::FakeAccount;

pub const ORG_NAME: &str = "Cascade Federal Credit Union";
/// "Everyday Checking", USD, balance 2412.37, available 2350.12.
pub const CHECKING_ID: &str = "ACT-5b1c6a5e-0f3d-4c1e-9a57-2d1f0c8e7b41";
/// "Rewards Visa Credit Card", USD, balance -684.20, available 4315.80.
pub const CARD_ID: &str = "ACT-9d2f4e11-7c2a-4b8e-8f03-6a5e1b9c2d77";
/// The Bridge's date-range cap.
pub const MAX_RANGE_SECS: i64 = 90 * 86_400;

/// How the next `GET /accounts` fails, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeFailure {
    /// 200, no accounts, `errors: ["Connection to <org> may need attention"]`.
    BankNeedsAttention,
    /// 429 with `Retry-After: 3600`.
    RateLimited,
    /// 402, the documented "payment required".
    PaymentRequired,
    /// 503.
    Unavailable,
}

/// A transaction as the fake serves it. `posted` is 0 for a pending row.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeTransaction {
    pub id: String,
    pub posted: i64,
    pub amount: Decimal,
    pub description: String,
    pub payee: Option<String>,
    pub memo: Option<String>,
    pub transacted_at: Option<i64>,
    pub pending: bool,
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub status: u16,
}

impl RecordedRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Fake {
    root: String,
    today: NaiveDate,
    /// Setup token code → claimed yet.
    setup_tokens: HashMap<String, bool>,
    /// Basic-auth pairs of the access URLs handed out and not revoked.
    access: Vec<(String, String)>,
    accounts: Vec<FakeAccount>,
    failures: VecDeque<FakeFailure>,
    /// The Bridge cannot reach the bank: accounts and balances as last seen, no
    /// transactions, and an error saying so.
    bank_unreachable: bool,
    requests: Vec<RecordedRequest>,
    next_id: u32,
}

type Shared = Arc<Mutex<Fake>>;

pub struct FakeSimpleFin {
    addr: SocketAddr,
    state: Shared,
}

impl FakeSimpleFin {
    pub async fn start() -> FakeSimpleFin {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake SimpleFIN server");
        let addr = listener.local_addr().expect("a bound address");
        let today = Utc::now().date_naive();
        let state = Arc::new(Mutex::new(Fake {
            root: format!("http://{addr}/simplefin"),
            today,
            setup_tokens: HashMap::new(),
            access: Vec::new(),
            accounts: seed::accounts(today),
            failures: VecDeque::new(),
            bank_unreachable: false,
            requests: Vec::new(),
            next_id: 1,
        }));
        let app = Router::new()
            .route("/simplefin/info", get(server::info))
            .route("/simplefin/claim/{token}", post(server::claim))
            .route("/simplefin/accounts", get(server::accounts))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                server::record,
            ))
            .with_state(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake SimpleFIN server runs");
        });
        FakeSimpleFin { addr, state }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.state.lock().expect("fake SimpleFIN state")
    }

    /// `http://127.0.0.1:<port>/simplefin`, the server's root URL.
    pub fn root_url(&self) -> String {
        format!("http://{}/simplefin", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The day the seeded transactions are dated from.
    pub fn today(&self) -> NaiveDate {
        self.lock().today
    }

    pub fn settings(&self) -> SimpleFinSettings {
        SimpleFinSettings {
            enabled: true,
            allowed_hosts: vec!["127.0.0.1".into()],
        }
    }

    /// A new one-time setup token: base64 of this server's claim URL.
    pub fn setup_token(&self) -> String {
        let code = server::random_hex(16);
        let mut fake = self.lock();
        let claim_url = format!("{}/claim/{code}", fake.root);
        fake.setup_tokens.insert(code, false);
        STANDARD.encode(claim_url)
    }

    /// Adds a posted transaction (noon UTC of `on`) and returns its id.
    pub fn add_transaction(
        &self,
        account_id: &str,
        on: NaiveDate,
        amount: Decimal,
        description: &str,
    ) -> String {
        let mut fake = self.lock();
        let id = format!("TRN-added-{:04}", fake.next_id);
        fake.next_id += 1;
        let at = on
            .and_hms_opt(12, 0, 0)
            .expect("noon exists")
            .and_utc()
            .timestamp();
        let account = fake
            .accounts
            .iter_mut()
            .find(|a| a.id == account_id)
            .expect("add_transaction to an account the fake has");
        account.transactions.push(FakeTransaction {
            id: id.clone(),
            posted: at,
            amount,
            description: description.into(),
            payee: None,
            memo: None,
            transacted_at: Some(at),
            pending: false,
        });
        account
            .transactions
            .sort_by_key(FakeTransaction::filter_time);
        id
    }

    /// A pending transaction posts (noon UTC of `on`) under the id it had while pending, with
    /// its final amount: `pending` is gone and `posted` is set, as the protocol describes a
    /// posted transaction.
    pub fn post_pending(&self, account_id: &str, id: &str, on: NaiveDate, amount: Decimal) {
        let at = on
            .and_hms_opt(12, 0, 0)
            .expect("noon exists")
            .and_utc()
            .timestamp();
        let mut fake = self.lock();
        let row = fake
            .accounts
            .iter_mut()
            .filter(|a| a.id == account_id)
            .flat_map(|a| a.transactions.iter_mut())
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no transaction {id} in {account_id}"));
        assert!(row.pending, "{id} is not pending");
        row.pending = false;
        row.posted = at;
        row.amount = amount;
    }

    /// The bank drops a pending hold (a deposit released, a pre-authorisation cancelled):
    /// the row is simply no longer in the account set.
    pub fn cancel_pending(&self, account_id: &str, id: &str) {
        let mut fake = self.lock();
        let account = fake
            .accounts
            .iter_mut()
            .find(|a| a.id == account_id)
            .expect("cancel_pending in an account the fake has");
        let before = account.transactions.len();
        account.transactions.retain(|t| !(t.id == id && t.pending));
        assert_eq!(
            account.transactions.len() + 1,
            before,
            "{id} is not a pending row of {account_id}"
        );
    }

    /// Adds an account with no transactions; `currency` may be a custom-currency URL.
    pub fn add_account(&self, id: &str, name: &str, currency: &str, balance: Decimal) {
        self.lock().accounts.push(FakeAccount {
            id: id.into(),
            name: name.into(),
            currency: currency.into(),
            balance,
            available: balance,
            transactions: Vec::new(),
        });
    }

    /// A copy of what an account holds, oldest first.
    pub fn transactions(&self, account_id: &str) -> Vec<FakeTransaction> {
        let fake = self.lock();
        let account = fake.accounts.iter().find(|a| a.id == account_id);
        let mut rows = account.map(|a| a.transactions.clone()).unwrap_or_default();
        rows.sort_by_key(FakeTransaction::filter_time);
        rows
    }

    /// The person disables the app at the Bridge: every access URL answers 403 from now on.
    pub fn revoke_access(&self) {
        self.lock().access.clear();
    }

    /// From now on (or no longer) the Bridge cannot reach the bank: every Account Set
    /// carries the documented error string and no transactions.
    pub fn set_bank_unreachable(&self, unreachable: bool) {
        self.lock().bank_unreachable = unreachable;
    }

    /// The next `GET /accounts` fails this way; later ones answer normally.
    pub fn fail_next(&self, failure: FakeFailure) {
        self.lock().failures.push_back(failure);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }
}
