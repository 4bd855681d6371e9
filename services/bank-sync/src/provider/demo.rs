//! The demo bank as a provider: the embedded default, needing no keys. Connecting is
//! immediate; each connection's bank is deterministic from its seed, and new transactions
//! appear as the clock moves on.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    AccountKind, BankProvider, ConnectRequest, ConnectStep, Linked, ProviderAccount, ProviderError,
    ProviderTransaction, Started, SyncFrom, SyncPage, credentials_as,
};
use crate::demo::DemoBank;
use crate::statement::StatementLine;

/// What a demo connection stores: only the seed of its bank.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct DemoCredentials {
    seed: u64,
}

pub struct DemoProvider {
    /// `None`: the wall clock. Fixed in tests and for reproducible demo data.
    fixed_now: Option<DateTime<Utc>>,
}

impl DemoProvider {
    pub fn new() -> Self {
        Self { fixed_now: None }
    }

    pub fn at(now: DateTime<Utc>) -> Self {
        Self {
            fixed_now: Some(now),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }
}

impl Default for DemoProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// A user's demo bank differs from another's, and stays the same across reconnects.
fn seed_for(user_id: &str) -> u64 {
    user_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn account_kind(kind: &str) -> AccountKind {
    match kind {
        "savings" => AccountKind::Savings,
        "credit_card" => AccountKind::CreditCard,
        _ => AccountKind::Checking,
    }
}

#[async_trait]
impl BankProvider for DemoProvider {
    fn id(&self) -> &'static str {
        "demo"
    }

    fn display_name(&self) -> &'static str {
        "Demo Bank"
    }

    async fn connect(&self, request: &ConnectRequest) -> Result<Started, ProviderError> {
        let seed = match &request.existing {
            Some(existing) => credentials_as::<DemoCredentials>(existing)?.seed,
            None => seed_for(&request.user_id),
        };
        Ok(Started {
            step: ConnectStep::Ready,
            pending: serde_json::to_value(DemoCredentials { seed }).expect("serializes"),
            institution_name: Some("Demo Bank".into()),
        })
    }

    async fn complete(
        &self,
        pending: &Value,
        _token: Option<&str>,
    ) -> Result<Linked, ProviderError> {
        credentials_as::<DemoCredentials>(pending)?;
        Ok(Linked {
            credentials: pending.clone(),
            institution_id: Some("demo".into()),
            institution_name: "Demo Bank".into(),
        })
    }

    async fn accounts(&self, credentials: &Value) -> Result<Vec<ProviderAccount>, ProviderError> {
        let bank = DemoBank::new(credentials_as::<DemoCredentials>(credentials)?.seed);
        let balances = bank.balances(self.now());
        Ok(bank
            .accounts()
            .into_iter()
            .map(|account| {
                let balance = balances
                    .iter()
                    .find(|(id, _)| *id == account.id)
                    .map(|(_, b)| *b);
                ProviderAccount {
                    kind: account_kind(account.kind),
                    currency: account.currency.to_string(),
                    iban: account.iban,
                    mask: Some(account.mask),
                    current_balance: balance,
                    available_balance: balance,
                    id: account.id,
                    name: account.name,
                }
            })
            .collect())
    }

    async fn transactions(
        &self,
        credentials: &Value,
        from: SyncFrom<'_>,
    ) -> Result<SyncPage, ProviderError> {
        let bank = DemoBank::new(credentials_as::<DemoCredentials>(credentials)?.seed);
        let added = bank
            .transactions(from.since, self.now())
            .into_iter()
            .enumerate()
            .map(|(n, t)| ProviderTransaction {
                line: StatementLine {
                    source_line: n + 1,
                    booked_on: t.booked_on,
                    amount: t.amount,
                    currency: Some(t.currency),
                    payee: t.payee,
                    description: t.description,
                    source_id: Some(t.id),
                    pending: t.pending,
                    merchant_category_code: t.merchant_category_code.map(str::to_string),
                },
                account_id: t.account_id,
            })
            .collect();
        // No cursor: the demo bank pages by date, and the matcher drops what is already in.
        Ok(SyncPage {
            added,
            complete_since: Some(from.since),
            ..Default::default()
        })
    }

    async fn disconnect(&self, _credentials: &Value) -> Result<(), ProviderError> {
        Ok(())
    }
}
