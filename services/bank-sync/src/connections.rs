//! A person's bank connections: start one, finish it after consenting at the bank, list,
//! re-link, sync on demand, remove. The API and the CLI both go through here.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::credentials::{Aad, CredentialError};
use crate::provider::{ConnectRequest, ConnectStep, ProviderError};
use crate::sync::{self, SyncContext, SyncError, SyncReport};

/// The sync job queue (the worker lives in the server's jobs).
pub const SYNC_QUEUE: &str = "kakeibo.bank_sync";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SyncJob {
    pub connection_id: Uuid,
    /// A sync that finished after this makes the job redundant.
    #[serde(default)]
    pub queued_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Connection {
    pub id: Uuid,
    pub provider: String,
    pub institution_id: Option<String>,
    pub institution_name: String,
    /// pending (consent not finished), active, error (retrying), reauth_required.
    pub status: String,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub next_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: i32,
    pub created_at: DateTime<Utc>,
}

/// A started connection and what the person must do next.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Started {
    pub connection: Connection,
    pub next_step: ConnectStep,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    #[error("no such connection")]
    NotFound,
    #[error("provider {0:?} is not available on this server")]
    UnknownProvider(String),
    #[error("{0}")]
    WrongState(String),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const COLUMNS: &str =
    "id, provider, institution_id, institution_name, status, last_synced_at, next_sync_at,
                       last_error, consecutive_failures, created_at";

pub async fn list(db: &PgPool, user_id: Uuid) -> Result<Vec<Connection>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM bank_connections WHERE user_id = $1 ORDER BY created_at, id"
    )))
    .bind(user_id)
    .fetch_all(db)
    .await
}

pub async fn get(db: &PgPool, user_id: Uuid, id: Uuid) -> Result<Connection, ConnectionError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM bank_connections WHERE user_id = $1 AND id = $2"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(ConnectionError::NotFound)
}

/// Begins a connection; it stays `pending` until `complete`.
pub async fn start(
    ctx: &SyncContext,
    user_id: Uuid,
    provider_id: &str,
    institution_id: Option<&str>,
    redirect_url: &str,
) -> Result<Started, ConnectionError> {
    let provider = ctx
        .providers
        .get(provider_id)
        .ok_or_else(|| ConnectionError::UnknownProvider(provider_id.to_string()))?;
    let id = Uuid::new_v4();
    let started = provider
        .connect(&ConnectRequest {
            reference: id.to_string(),
            user_id: user_id.to_string(),
            institution_id: institution_id.map(str::to_string),
            redirect_url: redirect_url.to_string(),
            existing: None,
        })
        .await?;
    let (key_id, sealed) = ctx
        .keyring
        .seal(&started.pending, &Aad::connection(user_id, id));
    sqlx::query(
        "INSERT INTO bank_connections (id, user_id, provider, institution_id, institution_name, status,
                                       credentials, credentials_key_id)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)",
    )
    .bind(id)
    .bind(user_id)
    .bind(provider.id())
    .bind(institution_id)
    .bind(started.institution_name.as_deref().unwrap_or(provider.display_name()))
    .bind(sealed)
    .bind(key_id)
    .execute(&ctx.db)
    .await?;
    Ok(Started {
        connection: get(&ctx.db, user_id, id).await?,
        next_step: started.step,
    })
}

/// Finishes connecting with what the person brought back (a public or setup token, or
/// nothing), and queues the first sync in the same transaction.
pub async fn complete(
    ctx: &SyncContext,
    user_id: Uuid,
    id: Uuid,
    token: Option<&str>,
) -> Result<Connection, ConnectionError> {
    let (provider_id, status, sealed, key_id) = sealed_row(&ctx.db, user_id, id).await?;
    if status != "pending" {
        return Err(ConnectionError::WrongState(format!(
            "the connection is {status}, not waiting to be completed"
        )));
    }
    let provider = ctx
        .providers
        .get(&provider_id)
        .ok_or_else(|| ConnectionError::UnknownProvider(provider_id.clone()))?;
    let aad = Aad::connection(user_id, id);
    let pending = ctx.keyring.open(&key_id, &sealed, &aad)?;
    let linked = provider.complete(&pending, token).await?;
    let (key_id, sealed) = ctx.keyring.seal(&linked.credentials, &aad);
    let mut tx = ctx.db.begin().await?;
    // The first sync is queued below; the schedule starts after it. Due now, the scheduler
    // could queue a second one before a worker takes the first, spending a bank's few calls
    // a day (GoCardless) twice.
    sqlx::query(
        "UPDATE bank_connections
         SET status = 'active', credentials = $3, credentials_key_id = $4,
             institution_id = COALESCE($5, institution_id), institution_name = $6,
             last_error = NULL, consecutive_failures = 0, next_sync_at = $7
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(sealed)
    .bind(key_id)
    .bind(&linked.institution_id)
    .bind(&linked.institution_name)
    .bind(Utc::now() + ctx.interval)
    .execute(&mut *tx)
    .await?;
    enqueue_sync_in(&mut tx, id, &format!("complete:{}", Uuid::new_v4())).await?;
    tx.commit().await?;
    get(&ctx.db, user_id, id).await
}

/// Starts consent again for a connection the bank stopped honouring (Plaid update mode, a
/// new GoCardless requisition, a new SimpleFIN setup token). Accounts and history stay.
pub async fn reconnect(
    ctx: &SyncContext,
    user_id: Uuid,
    id: Uuid,
    redirect_url: &str,
) -> Result<Started, ConnectionError> {
    let (provider_id, _status, sealed, key_id) = sealed_row(&ctx.db, user_id, id).await?;
    let provider = ctx
        .providers
        .get(&provider_id)
        .ok_or_else(|| ConnectionError::UnknownProvider(provider_id.clone()))?;
    let aad = Aad::connection(user_id, id);
    let existing = ctx.keyring.open(&key_id, &sealed, &aad)?;
    let connection = get(&ctx.db, user_id, id).await?;
    let started = provider
        .connect(&ConnectRequest {
            // GoCardless wants a reference of its own for each requisition; the connection
            // id still leads it.
            reference: format!("{id}-{}", Utc::now().timestamp()),
            user_id: user_id.to_string(),
            institution_id: connection.institution_id.clone(),
            redirect_url: redirect_url.to_string(),
            existing: Some(existing),
        })
        .await?;
    let (key_id, sealed) = ctx.keyring.seal(&started.pending, &aad);
    sqlx::query(
        "UPDATE bank_connections SET status = 'pending', credentials = $3, credentials_key_id = $4
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(sealed)
    .bind(key_id)
    .execute(&ctx.db)
    .await?;
    Ok(Started {
        connection: get(&ctx.db, user_id, id).await?,
        next_step: started.step,
    })
}

/// Queues a sync now. At most one on-demand sync per connection per minute is queued;
/// asking again within the minute is a no-op. Returns whether one was queued.
pub async fn request_sync(
    db: &PgPool,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, ConnectionError> {
    let connection = get(db, user_id, id).await?;
    if !matches!(connection.status.as_str(), "active" | "error") {
        return Err(ConnectionError::WrongState(format!(
            "the connection is {}; reconnect it before syncing",
            connection.status
        )));
    }
    let mut tx = db.begin().await?;
    let queued = enqueue_sync_in(&mut tx, id, &format!("manual:{}", now.timestamp() / 60)).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Revokes access at the provider (best effort: the connection goes either way) and
/// removes the connection. Its accounts and their history stay, as manual accounts.
pub async fn remove(ctx: &SyncContext, user_id: Uuid, id: Uuid) -> Result<(), ConnectionError> {
    let (provider_id, status, sealed, key_id) = sealed_row(&ctx.db, user_id, id).await?;
    if status != "pending"
        && let Some(provider) = ctx.providers.get(&provider_id)
    {
        let credentials = ctx
            .keyring
            .open(&key_id, &sealed, &Aad::connection(user_id, id))?;
        if let Err(error) = provider.disconnect(&credentials).await {
            tracing::warn!(connection_id = %id, %error, "the provider did not confirm the disconnect");
        }
    }
    sqlx::query("DELETE FROM bank_connections WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(&ctx.db)
        .await?;
    Ok(())
}

/// A connection's provider, status, sealed credentials and the id of the key that sealed them.
type SealedRow = (String, String, Vec<u8>, String);
/// The same as stored, where the credentials may be missing.
type StoredRow = (String, String, Option<Vec<u8>>, Option<String>);

async fn sealed_row(db: &PgPool, user_id: Uuid, id: Uuid) -> Result<SealedRow, ConnectionError> {
    let row: Option<StoredRow> = sqlx::query_as(
        "SELECT provider, status, credentials, credentials_key_id FROM bank_connections WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(ConnectionError::NotFound),
        Some((provider, status, Some(sealed), Some(key_id))) => {
            Ok((provider, status, sealed, key_id))
        }
        Some(_) => Err(ConnectionError::WrongState(
            "the connection has no stored credentials; remove it and connect again".into(),
        )),
    }
}

/// Queues a sync of `connection_id`; the key makes repeated requests one job.
/// Runs a queued sync, unless one finished after it was queued: `kakeibo bank complete`
/// syncs at once while the first sync is queued too, and a user's "sync now" can meet a
/// scheduled sync. Providers count calls (GoCardless allows a few a day); none is wasted.
pub async fn run_queued(
    ctx: &SyncContext,
    job: &SyncJob,
    now: DateTime<Utc>,
) -> Result<Option<SyncReport>, SyncError> {
    if let Some(queued_at) = job.queued_at {
        let last: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT last_synced_at FROM bank_connections WHERE id = $1")
                .bind(job.connection_id)
                .fetch_optional(&ctx.db)
                .await?;
        if matches!(last, Some(Some(synced)) if synced >= queued_at) {
            return Ok(None);
        }
    }
    sync::sync_connection(ctx, job.connection_id, now)
        .await
        .map(Some)
}

pub async fn enqueue_sync_in(
    conn: &mut PgConnection,
    connection_id: Uuid,
    key: &str,
) -> Result<bool, sqlx::Error> {
    kakeibo_core::jobs::enqueue_in(
        conn,
        SYNC_QUEUE,
        &SyncJob {
            connection_id,
            queued_at: Some(Utc::now()),
        },
        Some(&format!("{connection_id}:{key}")),
    )
    .await
}

/// Whose connection this is; `None` when there is no such connection. For administrators'
/// commands, which name a connection without a user.
pub async fn owner(db: &PgPool, connection_id: Uuid) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM bank_connections WHERE id = $1")
        .bind(connection_id)
        .fetch_optional(db)
        .await
}

/// Every connection due for a sync now, whatever its user (`kakeibo bank sync --due`).
pub async fn due_now(db: &PgPool) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM bank_connections WHERE status IN ('active', 'error') AND next_sync_at <= now()",
    )
    .fetch_all(db)
    .await
}

/// The scheduler's tick: queue every connection whose time has come, and push its next
/// time out so the next tick does not queue it again (the sync sets the real one).
pub async fn enqueue_due(
    db: &PgPool,
    now: DateTime<Utc>,
    interval: chrono::Duration,
) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let due: Vec<(Uuid, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, next_sync_at FROM bank_connections
         WHERE status IN ('active', 'error') AND next_sync_at <= $1
         ORDER BY next_sync_at LIMIT 1000 FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for (id, due_at) in &due {
        enqueue_sync_in(&mut tx, *id, &format!("scheduled:{}", due_at.timestamp())).await?;
        sqlx::query("UPDATE bank_connections SET next_sync_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now + interval)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}
