//! The `BankProvider` trait every bank connection goes through (demo, Plaid, GoCardless,
//! SimpleFIN), and the types they share. A provider only talks to its bank: storing,
//! matching and scheduling are the sync engine's (`crate::sync`), the same for all.
//!
//! Credentials are provider-specific JSON (an access token, an access URL, a requisition id)
//! that the engine seals with AES-256-GCM before storing (`crate::credentials`).

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::statement::StatementLine;

pub mod demo;
pub mod gocardless;
pub mod plaid;
pub mod simplefin;

/// What the person connecting asked for.
#[derive(Clone, Default)]
pub struct ConnectRequest {
    /// Starts with Kakeibo's connection id, unique per attempt: the reference a provider
    /// echoes back (GoCardless `reference`; Plaid's `client_user_id` is the user id).
    pub reference: String,
    pub user_id: String,
    /// The bank, for providers where Kakeibo picks it (GoCardless institution id).
    pub institution_id: Option<String>,
    /// Where the provider sends the person back after they consent at their bank.
    pub redirect_url: String,
    /// Credentials of a connection being re-linked (Plaid update mode, a new requisition).
    pub existing: Option<Value>,
}

/// What the person has to do next to finish connecting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectStep {
    /// Open `url` (the bank's consent page); the bank sends the person back to the redirect.
    Redirect { url: String },
    /// Open the provider's widget with this token (Plaid Link); it yields a public token to
    /// pass to `complete`.
    LinkToken {
        link_token: String,
        expiration: Option<DateTime<Utc>>,
    },
    /// Paste the token the provider gave (SimpleFIN setup token) to `complete`.
    PasteToken,
    /// Nothing: `complete` can be called at once (demo).
    Ready,
}

/// `connect`'s answer: the step, and what `complete` will need (stored sealed meanwhile).
#[derive(Clone)]
pub struct Started {
    pub step: ConnectStep,
    pub pending: Value,
    pub institution_name: Option<String>,
}

/// A finished connection: what to store (sealed), and the bank it reaches.
#[derive(Clone)]
pub struct Linked {
    pub credentials: Value,
    pub institution_id: Option<String>,
    pub institution_name: String,
}

// By hand: `existing`, `pending` and `credentials` hold provider secrets (access tokens, requisition
// ids, SimpleFIN access URLs), which must never reach a log or an error.
impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Started")
            .field("step", &self.step)
            .field("pending", &"[redacted]")
            .field("institution_name", &self.institution_name)
            .finish()
    }
}

impl std::fmt::Debug for ConnectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectRequest")
            .field("reference", &self.reference)
            .field("user_id", &self.user_id)
            .field("institution_id", &self.institution_id)
            .field("redirect_url", &self.redirect_url)
            .field("existing", &self.existing.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl std::fmt::Debug for Linked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linked")
            .field("credentials", &"[redacted]")
            .field("institution_id", &self.institution_id)
            .field("institution_name", &self.institution_name)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Institution {
    pub id: String,
    pub name: String,
    pub countries: Vec<String>,
    pub logo: Option<String>,
    /// Days of history the bank gives.
    pub transaction_total_days: Option<u32>,
}

/// Kakeibo's account kinds (the `accounts.kind` check constraint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Checking,
    Savings,
    CreditCard,
    Cash,
    Investment,
    Loan,
    Other,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Checking => "checking",
            Self::Savings => "savings",
            Self::CreditCard => "credit_card",
            Self::Cash => "cash",
            Self::Investment => "investment",
            Self::Loan => "loan",
            Self::Other => "other",
        }
    }
}

/// An account as the provider reports it, with its balances.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderAccount {
    /// The provider's account id (stable across syncs).
    pub id: String,
    pub name: String,
    pub kind: AccountKind,
    /// ISO 4217.
    pub currency: String,
    pub iban: Option<String>,
    /// Last digits of the account number, for display.
    pub mask: Option<String>,
    /// Signed like transactions: what the person has (negative: owes, e.g. a card).
    pub current_balance: Option<Decimal>,
    pub available_balance: Option<Decimal>,
}

/// Where a sync starts: the cursor the last one returned, or a date for providers that
/// page by date. Providers use whichever they support.
#[derive(Debug, Clone, Copy)]
pub struct SyncFrom<'a> {
    pub cursor: Option<&'a str>,
    pub since: NaiveDate,
}

/// A transaction for one of the connection's accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderTransaction {
    pub account_id: String,
    /// `source_id` is the provider's transaction id; `source_line` counts from 1 in the
    /// provider's answer.
    pub line: StatementLine,
}

/// Everything new since `SyncFrom`, all pages fetched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncPage {
    pub added: Vec<ProviderTransaction>,
    /// Rows the provider changed (amount, date, text, pending → posted with the same id).
    pub modified: Vec<ProviderTransaction>,
    /// Provider transaction ids that no longer exist (e.g. a pending row that vanished).
    pub removed: Vec<String>,
    /// Stored and passed back next time; `None` keeps the old one.
    pub next_cursor: Option<String>,
    /// Set by providers that answer with everything since a date, not with changes
    /// (GoCardless, SimpleFIN, demo): every pending row the bank still holds from this day on
    /// is in `added`, so a stored pending row from then on that is not there was cancelled.
    pub complete_since: Option<chrono::NaiveDate>,
}

/// How a provider call failed, in the terms the sync engine acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The person must sign in at their bank again (Plaid ITEM_LOGIN_REQUIRED, an expired
    /// GoCardless agreement, a revoked SimpleFIN access URL). Retrying does not help.
    #[error("the bank needs you to reconnect: {0}")]
    ReauthRequired(String),
    /// Too many calls; retry after the given time if the provider said.
    #[error("the provider's rate limit was reached: {message}")]
    RateLimited {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The bank or the provider is down; retry later.
    #[error("the bank is not answering: {0}")]
    InstitutionDown(String),
    /// What the person gave is wrong (a bad public or setup token, an unknown institution).
    #[error("{0}")]
    Rejected(String),
    /// The provider has no keys in the configuration.
    #[error("{0} is not configured on this server")]
    NotConfigured(&'static str),
    /// Anything else (network, an answer not as documented); retried.
    #[error("provider error: {0}")]
    Other(String),
}

impl ProviderError {
    /// Worth trying again later without the person doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::InstitutionDown(_) | Self::Other(_)
        )
    }
}

impl From<reqwest::Error> for ProviderError {
    fn from(e: reqwest::Error) -> Self {
        // No URL in the message: SimpleFIN access URLs carry credentials.
        Self::Other(e.without_url().to_string())
    }
}

#[async_trait]
pub trait BankProvider: Send + Sync {
    /// `demo`, `plaid`, `gocardless`, `simplefin` (the `bank_connections.provider` value).
    fn id(&self) -> &'static str;
    fn display_name(&self) -> &'static str;

    /// Banks one can pick (GoCardless); empty for providers where the widget or the person
    /// picks the bank.
    async fn institutions(
        &self,
        _country: Option<&str>,
    ) -> Result<Vec<Institution>, ProviderError> {
        Ok(Vec::new())
    }

    /// Begin connecting (or re-linking `request.existing`).
    async fn connect(&self, request: &ConnectRequest) -> Result<Started, ProviderError>;

    /// Finish connecting: exchange a public token, claim a setup token, or check that the
    /// person consented. `token` is what the person brought back, if the step asks for one.
    async fn complete(&self, pending: &Value, token: Option<&str>)
    -> Result<Linked, ProviderError>;

    async fn accounts(&self, credentials: &Value) -> Result<Vec<ProviderAccount>, ProviderError>;

    async fn transactions(
        &self,
        credentials: &Value,
        from: SyncFrom<'_>,
    ) -> Result<SyncPage, ProviderError>;

    /// Revoke access at the provider. The connection is removed here whatever it says.
    async fn disconnect(&self, credentials: &Value) -> Result<(), ProviderError>;
}

/// Credentials JSON into a provider's own type; a mismatch means stored data is damaged.
pub fn credentials_as<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, ProviderError> {
    serde_json::from_value(value.clone())
        .map_err(|e| ProviderError::Other(format!("stored credentials are not readable: {e}")))
}

/// The HTTP client providers use: timeouts so a hung bank cannot hold a sync forever.
pub fn http_client() -> reqwest::Client {
    // reqwest is built without a TLS provider of its own (STACK.md 1); tests and tools that
    // do not go through `kakeibo` still need one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("kakeibo/", env!("CARGO_PKG_VERSION")))
        // A provider's redirect must not carry credentials to a host nobody vetted.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client with only timeouts set builds")
}

/// The providers this server offers: demo always, the others when configured.
#[derive(Clone)]
pub struct Providers {
    list: Vec<std::sync::Arc<dyn BankProvider>>,
}

impl Providers {
    pub fn from_settings(bank: &kakeibo_core::config::BankSettings) -> Self {
        let mut list: Vec<std::sync::Arc<dyn BankProvider>> =
            vec![std::sync::Arc::new(demo::DemoProvider::new())];
        add_configured_providers(bank, &mut list);
        Self { list }
    }

    /// Exactly these (tests pin the demo bank's clock this way).
    pub fn with(list: Vec<std::sync::Arc<dyn BankProvider>>) -> Self {
        Self { list }
    }

    pub fn get(&self, id: &str) -> Option<&std::sync::Arc<dyn BankProvider>> {
        self.list.iter().find(|p| p.id() == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &std::sync::Arc<dyn BankProvider>> {
        self.list.iter()
    }
}

fn add_configured_providers(
    bank: &kakeibo_core::config::BankSettings,
    list: &mut Vec<std::sync::Arc<dyn BankProvider>>,
) {
    if plaid::PlaidProvider::is_configured(&bank.plaid) {
        list.push(std::sync::Arc::new(plaid::PlaidProvider::new(&bank.plaid)));
    }
    if gocardless::GoCardlessProvider::is_configured(&bank.gocardless) {
        list.push(std::sync::Arc::new(gocardless::GoCardlessProvider::new(
            &bank.gocardless,
        )));
    }
    if bank.simplefin.enabled {
        list.push(std::sync::Arc::new(simplefin::SimpleFinProvider::new(
            &bank.simplefin,
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_credentials_stay_out_of_debug() {
        let secret = serde_json::json!({ "access_token": "access-sandbox-0xdead" });
        let linked = Linked {
            credentials: secret.clone(),
            institution_id: Some("ins_1".into()),
            institution_name: "First Bank".into(),
        };
        let started = Started {
            step: ConnectStep::Ready,
            pending: secret.clone(),
            institution_name: None,
        };
        let request = ConnectRequest {
            existing: Some(secret),
            ..ConnectRequest::default()
        };
        for shown in [
            format!("{linked:?}"),
            format!("{started:#?}"),
            format!("{request:?}"),
        ] {
            assert!(!shown.contains("0xdead"), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
        assert!(format!("{linked:?}").contains("First Bank"));
    }
}
