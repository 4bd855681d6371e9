//! Brings the demo bank into a user's accounts: one `demo` connection, its four accounts,
//! and every transaction up to now through the same importer as files and real providers.
//! Running it again adds what is new and posts what was pending.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::demo::DemoBank;
use crate::import::{self, ImportError, ImportSource};
use crate::statement::{Statement, StatementLine};

/// The demo user gets this much history on its first sync.
pub const HISTORY_DAYS: i64 = 2 * 365;

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct DemoSyncReport {
    pub accounts: usize,
    pub rows_added: usize,
    pub rows_posted: usize,
}

pub async fn sync(
    db: &PgPool,
    user_id: Uuid,
    seed: u64,
    as_of: DateTime<Utc>,
) -> Result<DemoSyncReport, ImportError> {
    let bank = DemoBank::new(seed);
    let mut tx = db.begin().await?;
    let connection_id: Uuid = match sqlx::query_scalar(
        "SELECT id FROM bank_connections WHERE user_id = $1 AND provider = 'demo' AND status <> 'disconnected'",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    {
        Some(id) => id,
        None => {
            sqlx::query_scalar(
                "INSERT INTO bank_connections (user_id, provider, institution_id, institution_name, status)
                 VALUES ($1, 'demo', 'demo', 'Demo Bank', 'active') RETURNING id",
            )
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let balances = bank.balances(as_of);
    let from = (as_of - Duration::days(HISTORY_DAYS)).date_naive();
    let transactions = bank.transactions(from, as_of);
    let mut report = DemoSyncReport::default();
    for account in bank.accounts() {
        let balance = balances
            .iter()
            .find(|(id, _)| *id == account.id)
            .map(|(_, b)| *b);
        let account_id: Uuid = sqlx::query_scalar(
            "INSERT INTO accounts (user_id, connection_id, provider_account_id, name, kind, currency, iban, mask,
                                   current_balance, balance_updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (user_id, connection_id, provider_account_id) WHERE provider_account_id IS NOT NULL
             DO UPDATE SET current_balance = EXCLUDED.current_balance, balance_updated_at = EXCLUDED.balance_updated_at
             RETURNING id",
        )
        .bind(user_id)
        .bind(connection_id)
        .bind(&account.id)
        .bind(&account.name)
        .bind(account.kind)
        .bind(account.currency)
        .bind(&account.iban)
        .bind(&account.mask)
        .bind(balance)
        .bind(as_of)
        .fetch_one(&mut *tx)
        .await?;
        let lines: Vec<StatementLine> = transactions
            .iter()
            .filter(|t| t.account_id == account.id)
            .enumerate()
            .map(|(n, t)| StatementLine {
                source_line: n + 1,
                booked_on: t.booked_on,
                amount: t.amount,
                currency: Some(t.currency.clone()),
                payee: t.payee.clone(),
                description: t.description.clone(),
                source_id: Some(t.id.clone()),
                pending: t.pending,
            })
            .collect();
        let statement = Statement {
            lines,
            currency: Some(account.currency.to_string()),
            ..Default::default()
        };
        let source = ImportSource {
            kind: "demo",
            format: None,
            filename: None,
        };
        let imported = import::import_in(&mut tx, user_id, account_id, &statement, source).await?;
        report.accounts += 1;
        report.rows_added += imported.rows_added;
        report.rows_posted += imported.rows_posted;
    }
    sqlx::query("UPDATE bank_connections SET last_synced_at = $2, last_error = NULL, consecutive_failures = 0 WHERE id = $1")
        .bind(connection_id)
        .bind(as_of)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}
