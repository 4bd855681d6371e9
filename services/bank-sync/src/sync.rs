//! Syncing one connection: ask its provider for accounts and transactions, then write
//! everything in one transaction through the same importer as statement files. A failure
//! is recorded on the connection (status, last error, backoff), and a connection that keeps
//! failing tells its user.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use kakeibo_transactions::provider_changes::{self, ProviderChange};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::credentials::{Aad, CredentialError, Keyring};
use crate::import::{self, ImportError, ImportSource};
use crate::provider::{ProviderAccount, ProviderError, ProviderTransaction, Providers, SyncFrom};
use crate::statement::Statement;

/// History asked for on a connection's first sync.
pub const HISTORY_DAYS: i64 = 2 * 365;
/// Later syncs look this far behind the last one, for rows the bank books late.
const OVERLAP_DAYS: i64 = 10;
/// Failures in a row before the user is told.
pub const FAILURES_BEFORE_ALERT: i32 = 3;
/// First retry after a transient failure; doubles each time, up to the sync interval.
const FIRST_BACKOFF_MINUTES: i64 = 5;
pub const FAILING_NOTIFICATION: &str = kakeibo_notifications::kinds::CONNECTION_FAILING;

/// What a sync needs besides the database.
#[derive(Clone)]
pub struct SyncContext {
    pub db: PgPool,
    pub keyring: Arc<Keyring>,
    pub providers: Providers,
    pub interval: Duration,
}

impl SyncContext {
    /// The keyring (created on first use) and the providers the settings enable.
    pub fn from_settings(
        settings: &kakeibo_core::Settings,
        db: PgPool,
    ) -> Result<Self, CredentialError> {
        Ok(Self {
            db,
            keyring: Arc::new(Keyring::load_or_create(
                &settings.bank.credential_keys_file,
            )?),
            providers: Providers::from_settings(&settings.bank),
            interval: Duration::hours(i64::from(settings.bank.sync_interval_hours)),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SyncReport {
    pub accounts: usize,
    pub rows_added: usize,
    pub rows_posted: usize,
    pub rows_modified: usize,
    pub rows_removed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no such connection")]
    NotFound,
    #[error("the connection is {0}; it needs no sync until it is connected again")]
    NotActive(String),
    #[error("provider {0} is not available on this server")]
    UnknownProvider(String),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("another sync of this connection finished first")]
    Superseded,
}

struct ConnectionRow {
    user_id: Uuid,
    provider: String,
    status: String,
    credentials: Option<Vec<u8>>,
    key_id: Option<String>,
    cursor: Option<String>,
    last_synced_at: Option<DateTime<Utc>>,
}

/// Syncs and records the outcome on the connection either way.
pub async fn sync_connection(
    ctx: &SyncContext,
    connection_id: Uuid,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let result = fetch_and_write(ctx, connection_id, now).await;
    match &result {
        Ok(report) => tracing::info!(%connection_id, ?report, "bank sync done"),
        Err(SyncError::NotFound | SyncError::NotActive(_) | SyncError::Superseded) => {}
        Err(error) => {
            tracing::warn!(%connection_id, %error, "bank sync failed");
            record_failure(&ctx.db, connection_id, error, ctx.interval, now).await?;
        }
    }
    result
}

async fn fetch_and_write(
    ctx: &SyncContext,
    connection_id: Uuid,
    now: DateTime<Utc>,
) -> Result<SyncReport, SyncError> {
    let row = load(&ctx.db, connection_id).await?;
    if !matches!(row.status.as_str(), "active" | "error") {
        return Err(SyncError::NotActive(row.status));
    }
    let provider = ctx
        .providers
        .get(&row.provider)
        .ok_or_else(|| SyncError::UnknownProvider(row.provider.clone()))?;
    let (Some(sealed), Some(key_id)) = (&row.credentials, &row.key_id) else {
        return Err(SyncError::NotActive("missing its credentials".into()));
    };
    let credentials =
        ctx.keyring
            .open(key_id, sealed, &Aad::connection(row.user_id, connection_id))?;

    let since = match row.last_synced_at {
        Some(last) => last.date_naive() - Duration::days(OVERLAP_DAYS),
        None => (now - Duration::days(HISTORY_DAYS)).date_naive(),
    };
    let accounts = provider.accounts(&credentials).await?;
    let page = provider
        .transactions(
            &credentials,
            SyncFrom {
                cursor: row.cursor.as_deref(),
                since,
            },
        )
        .await?;

    let mut tx = ctx.db.begin().await?;
    // Optimistic: if another sync moved the cursor meanwhile, its write wins and ours is
    // dropped (writing ours too would apply the same changes twice for cursor providers).
    let cursor_now: Option<String> =
        sqlx::query_scalar("SELECT sync_cursor FROM bank_connections WHERE id = $1 FOR UPDATE")
            .bind(connection_id)
            .fetch_one(&mut *tx)
            .await?;
    if cursor_now != row.cursor {
        return Err(SyncError::Superseded);
    }
    let account_ids = upsert_accounts(&mut tx, row.user_id, connection_id, &accounts, now).await?;
    let mut report = SyncReport {
        accounts: accounts.len(),
        ..Default::default()
    };
    // What this sync wrote or recognised: the pending rows a snapshot still holds.
    let (mut kept, mut imports) = (Vec::new(), Vec::new());
    for (provider_account, lines) in group_by_account(&page.added) {
        let Some(&account_id) = account_ids.get(provider_account) else {
            tracing::warn!(%connection_id, "transactions for an account the provider did not list; skipped");
            continue;
        };
        let statement = Statement {
            lines,
            ..Default::default()
        };
        let source = ImportSource {
            kind: provider.id(),
            format: None,
            filename: None,
        };
        let imported =
            import::import_in(&mut tx, None, row.user_id, account_id, &statement, source).await?;
        report.rows_added += imported.rows_added;
        report.rows_posted += imported.rows_posted;
        kept.extend(imported.matched_ids);
        imports.push(imported.import_id);
    }
    if let Some(since) = page.complete_since {
        report.rows_removed +=
            drop_cancelled_pending(&mut tx, row.user_id, &account_ids, since, &kept, &imports)
                .await?;
    }
    report.rows_modified =
        apply_modified(&mut tx, row.user_id, &account_ids, &page.modified).await?;
    report.rows_removed += remove(&mut tx, row.user_id, &account_ids, &page.removed).await?;

    sqlx::query(
        "UPDATE bank_connections
         SET sync_cursor = COALESCE($2, sync_cursor), last_synced_at = $3, next_sync_at = $4,
             status = 'active', last_error = NULL, consecutive_failures = 0
         WHERE id = $1",
    )
    .bind(connection_id)
    .bind(&page.next_cursor)
    .bind(now)
    .bind(now + ctx.interval)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// user, provider, status, sealed credentials, their key, the provider's cursor, last sync.
type StoredConnection = (
    Uuid,
    String,
    String,
    Option<Vec<u8>>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
);

async fn load(db: &PgPool, connection_id: Uuid) -> Result<ConnectionRow, SyncError> {
    let row: Option<StoredConnection> =
        sqlx::query_as(
            "SELECT user_id, provider, status, credentials, credentials_key_id, sync_cursor, last_synced_at
             FROM bank_connections WHERE id = $1",
        )
        .bind(connection_id)
        .fetch_optional(db)
        .await?;
    let (user_id, provider, status, credentials, key_id, cursor, last_synced_at) =
        row.ok_or(SyncError::NotFound)?;
    Ok(ConnectionRow {
        user_id,
        provider,
        status,
        credentials,
        key_id,
        cursor,
        last_synced_at,
    })
}

/// Creates accounts seen for the first time, refreshes balances of known ones, and records
/// today's balance for net worth. Returns provider account id → Kakeibo account id.
async fn upsert_accounts(
    conn: &mut PgConnection,
    user_id: Uuid,
    connection_id: Uuid,
    accounts: &[ProviderAccount],
    now: DateTime<Utc>,
) -> Result<HashMap<String, Uuid>, sqlx::Error> {
    let mut ids = HashMap::new();
    for account in accounts {
        let id: Uuid = sqlx::query_scalar(
            "INSERT INTO accounts (user_id, connection_id, provider_account_id, name, kind, currency, iban, mask,
                                   current_balance, available_balance, balance_updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (user_id, connection_id, provider_account_id) WHERE provider_account_id IS NOT NULL
             DO UPDATE SET current_balance = EXCLUDED.current_balance,
                           available_balance = EXCLUDED.available_balance,
                           balance_updated_at = EXCLUDED.balance_updated_at
             RETURNING id",
        )
        .bind(user_id)
        .bind(connection_id)
        .bind(&account.id)
        .bind(&account.name)
        .bind(account.kind.as_str())
        .bind(&account.currency)
        .bind(&account.iban)
        .bind(&account.mask)
        .bind(account.current_balance)
        .bind(account.available_balance)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        if let Some(balance) = account.current_balance {
            sqlx::query(
                "INSERT INTO account_balances (user_id, account_id, as_of, balance, currency)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (user_id, account_id, as_of) DO UPDATE SET balance = EXCLUDED.balance",
            )
            .bind(user_id)
            .bind(id)
            .bind(now.date_naive())
            .bind(balance)
            .bind(&account.currency)
            .execute(&mut *conn)
            .await?;
            kakeibo_notifications::producers::balance_updated(
                conn,
                user_id,
                id,
                &account.name,
                balance,
                &account.currency,
                now.date_naive(),
            )
            .await?;
        }
        ids.insert(account.id.clone(), id);
    }
    Ok(ids)
}

fn group_by_account(
    rows: &[ProviderTransaction],
) -> Vec<(&str, Vec<crate::statement::StatementLine>)> {
    let mut groups: Vec<(&str, Vec<_>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(id, _)| *id == row.account_id) {
            Some((_, lines)) => lines.push(row.line.clone()),
            None => groups.push((&row.account_id, vec![row.line.clone()])),
        }
    }
    groups
}

/// The provider changed rows it sent before: take its amount, text, date and state. The
/// user's own fields (category, notes, tags, merchant) are other columns and stay.
async fn apply_modified(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_ids: &HashMap<String, Uuid>,
    rows: &[ProviderTransaction],
) -> Result<usize, sqlx::Error> {
    let mut changed = 0;
    for row in rows {
        let (Some(account_id), Some(source_id)) =
            (account_ids.get(&row.account_id), &row.line.source_id)
        else {
            continue;
        };
        let booked_at = row
            .line
            .booked_on
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc();
        let change = ProviderChange {
            account_id: *account_id,
            provider_transaction_id: source_id,
            booked_at,
            amount: row.line.amount,
            payee: &row.line.payee,
            description: &row.line.description,
            pending: row.line.pending,
        };
        changed += provider_changes::apply_change(conn, user_id, &change).await? as usize;
    }
    Ok(changed)
}

/// The provider says these rows no longer exist (mostly pending rows that posted under a
/// new id, or were cancelled): they go, in this connection's accounts only.
async fn remove(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_ids: &HashMap<String, Uuid>,
    removed: &[String],
) -> Result<usize, sqlx::Error> {
    if removed.is_empty() {
        return Ok(0);
    }
    let accounts: Vec<Uuid> = account_ids.values().copied().collect();
    provider_changes::delete_by_provider_ids(conn, user_id, &accounts, removed).await
}

/// A snapshot no longer holds these pending rows: the bank cancelled the hold (a hotel
/// deposit, a fuel pre-authorisation). Posted rows are history and are never touched here.
async fn drop_cancelled_pending(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_ids: &HashMap<String, Uuid>,
    since: chrono::NaiveDate,
    kept: &[Uuid],
    imports: &[Uuid],
) -> Result<usize, sqlx::Error> {
    let accounts: Vec<Uuid> = account_ids.values().copied().collect();
    let from = since
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    provider_changes::delete_vanished_pending(conn, user_id, &accounts, from, kept, imports).await
}

/// Records a failed sync: status, error, when to try again, and — on the third failure in
/// a row, or at once when only the user can fix it — a notification.
async fn record_failure(
    db: &PgPool,
    connection_id: Uuid,
    error: &SyncError,
    interval: Duration,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let needs_user = matches!(
        error,
        SyncError::Provider(ProviderError::ReauthRequired(_))
            | SyncError::Credentials(_)
            | SyncError::UnknownProvider(_)
    );
    let mut tx = db.begin().await?;
    let Some((user_id, failures, last_synced_at, institution)): Option<(Uuid, i32, Option<DateTime<Utc>>, String)> =
        sqlx::query_as(
            "UPDATE bank_connections SET consecutive_failures = consecutive_failures + 1, last_error = $2,
                    status = CASE WHEN $3 THEN 'reauth_required' ELSE 'error' END
             WHERE id = $1
             RETURNING user_id, consecutive_failures, last_synced_at, institution_name",
        )
        .bind(connection_id)
        .bind(error.to_string())
        .bind(needs_user)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(());
    };
    let next = if needs_user {
        None
    } else {
        let retry_after = match error {
            SyncError::Provider(ProviderError::RateLimited {
                retry_after: Some(after),
                ..
            }) => Duration::from_std(*after).unwrap_or(interval),
            _ => Duration::zero(),
        };
        Some(now + backoff(failures, interval).max(retry_after))
    };
    sqlx::query("UPDATE bank_connections SET next_sync_at = $2 WHERE id = $1")
        .bind(connection_id)
        .bind(next)
        .execute(&mut *tx)
        .await?;
    if needs_user || failures >= FAILURES_BEFORE_ALERT {
        // One notification per failure streak: the key names the last success.
        let streak =
            last_synced_at.map_or_else(|| "never".to_string(), |t| t.timestamp().to_string());
        kakeibo_notifications::notify(
            &mut tx,
            user_id,
            FAILING_NOTIFICATION,
            &format!("{FAILING_NOTIFICATION}:{connection_id}:{streak}"),
            serde_json::json!({
                "connection_id": connection_id,
                "institution": institution,
                "failures": failures,
                "needs_reconnect": needs_user,
                "error": error.to_string(),
            }),
        )
        .await?;
    }
    tx.commit().await
}

/// 5 min, 10, 20, … never longer than the regular interval.
pub fn backoff(failures: i32, interval: Duration) -> Duration {
    let doublings = failures.clamp(1, 16) - 1;
    (Duration::minutes(FIRST_BACKOFF_MINUTES) * 2_i32.pow(doublings as u32)).min(interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_interval() {
        let six_hours = Duration::hours(6);
        let minutes: Vec<i64> = (1..=8)
            .map(|n| backoff(n, six_hours).num_minutes())
            .collect();
        assert_eq!(minutes, [5, 10, 20, 40, 80, 160, 320, 360]);
    }
}
