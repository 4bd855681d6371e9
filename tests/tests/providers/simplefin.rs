//! The SimpleFIN client against the local SimpleFIN server: claiming setup tokens and the
//! allow-list that keeps pasted tokens from reaching other hosts (`connect`), balances,
//! date-windowed transactions and the documented failures (`sync`).

mod connect;
mod sync;

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{Days, NaiveDate};
use kakeibo_bank_sync::provider::simplefin::SimpleFinProvider;
use kakeibo_bank_sync::provider::{
    AccountKind, BankProvider, ConnectRequest, ConnectStep, ProviderError, SyncFrom,
};
use kakeibo_tests::fake_banks::simplefin::{
    CARD_ID, CHECKING_ID, FakeFailure, FakeSimpleFin, MAX_RANGE_SECS,
};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

/// A provider for the fake, and the credentials of a claimed connection.
async fn linked(fake: &FakeSimpleFin) -> (SimpleFinProvider, Value) {
    let provider = SimpleFinProvider::new(&fake.settings());
    let linked = provider
        .complete(&json!({}), Some(&fake.setup_token()))
        .await
        .expect("a fresh setup token claims");
    (provider, linked.credentials)
}

fn days_before(fake: &FakeSimpleFin, days: u64) -> NaiveDate {
    fake.today().checked_sub_days(Days::new(days)).unwrap()
}

fn since(date: NaiveDate) -> SyncFrom<'static> {
    SyncFrom {
        cursor: None,
        since: date,
    }
}

fn midnight(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
}

fn accounts_requests(
    fake: &FakeSimpleFin,
) -> Vec<kakeibo_tests::fake_banks::simplefin::RecordedRequest> {
    fake.requests()
        .into_iter()
        .filter(|r| r.path == "/simplefin/accounts")
        .collect()
}
