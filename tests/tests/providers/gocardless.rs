//! The GoCardless provider (through the `BankProvider` trait) against the local GoCardless
//! Bank Account Data server: institutions, the agreement → requisition → consent → linked
//! flow, accounts and transactions, the token pair's renewal, and the documented errors.

mod connect;
mod data;
mod failures;

use chrono::{NaiveDate, Utc};
use kakeibo_bank_sync::provider::gocardless::GoCardlessProvider;
use kakeibo_bank_sync::provider::{
    BankProvider, ConnectRequest, ConnectStep, ProviderError, ProviderTransaction, SyncFrom,
};
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, SANDBOX_INSTITUTION};
use serde_json::Value;

const REDIRECT: &str = "https://kakeibo.test/bank/callback";
const TOKEN_NEW: &str = "POST /api/v2/token/new/";
const TOKEN_REFRESH: &str = "POST /api/v2/token/refresh/";

fn day(days_ago: i64) -> NaiveDate {
    Utc::now().date_naive() - chrono::Duration::days(days_ago)
}

fn request(institution: Option<&str>, reference: &str) -> ConnectRequest {
    ConnectRequest {
        reference: reference.into(),
        user_id: "user-1".into(),
        institution_id: institution.map(str::to_string),
        redirect_url: REDIRECT.into(),
        existing: None,
    }
}

/// Connect to Sandbox Finance, consent, complete: the credentials a connection stores.
async fn linked(fake: &FakeGoCardless, provider: &GoCardlessProvider) -> anyhow::Result<Value> {
    let started = provider
        .connect(&request(Some(SANDBOX_INSTITUTION), "conn-1"))
        .await?;
    let ConnectStep::Redirect { url } = started.step else {
        anyhow::bail!("not a redirect: {:?}", started.step);
    };
    fake.consent(&url).await;
    Ok(provider.complete(&started.pending, None).await?.credentials)
}

async fn transactions_since(
    provider: &GoCardlessProvider,
    credentials: &Value,
    since: NaiveDate,
) -> Result<Vec<ProviderTransaction>, ProviderError> {
    let from = SyncFrom {
        cursor: None,
        since,
    };
    Ok(provider.transactions(credentials, from).await?.added)
}
