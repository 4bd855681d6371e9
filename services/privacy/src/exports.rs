//! The export requests (`privacy_exports`): one row per export a user asked for, its
//! state, and where its zip is. At most one is queued or running per user (a partial
//! unique index), so asking again returns the one in progress. A ready export can be
//! downloaded until `expires_at`; after that it reads as `expired`, and the retention
//! sweep deletes the file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Queue of the export job.
pub const QUEUE: &str = "kakeibo.privacy_export";

/// The job: make the zip of one export request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportJob {
    pub export_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ExportStatus {
    pub id: Uuid,
    /// `queued`, `running`, `ready`, `failed` or `expired`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub ready_at: Option<DateTime<Utc>>,
    /// Until when the file can be downloaded (set once ready).
    pub expires_at: Option<DateTime<Utc>>,
    pub size_bytes: Option<i64>,
}

/// The columns of [`ExportStatus`]; a ready export past its expiry reads as `expired`
/// (`$2` is now) even before the sweep has deleted its file.
const STATUS_COLUMNS: &str =
    "id, CASE WHEN status = 'ready' AND expires_at <= $2 THEN 'expired' ELSE status END AS status,
     created_at, ready_at, expires_at, size_bytes";

/// The zip of export `id` in `dir`.
pub fn file_of(dir: &Path, id: Uuid) -> PathBuf {
    dir.join(format!("{id}.zip"))
}

/// Asks for an export: the one already queued or running, or a new one with its job,
/// queued in the caller's transaction. Answers it and whether it is new.
pub async fn request(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(ExportStatus, bool), sqlx::Error> {
    let id = Uuid::new_v4();
    // The partial unique index turns a second request (even a concurrent one) into no row.
    let added = sqlx::query(
        "INSERT INTO privacy_exports (id, user_id, status, created_at) VALUES ($1, $2, 'queued', $3)
         ON CONFLICT (user_id) WHERE status IN ('queued', 'running') DO NOTHING",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if added {
        kakeibo_core::jobs::enqueue_in(conn, QUEUE, &ExportJob { export_id: id }, None).await?;
    }
    let current: ExportStatus = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {STATUS_COLUMNS} FROM privacy_exports
         WHERE user_id = $1 AND status IN ('queued', 'running')"
    )))
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok((current, added))
}

/// The user's export `id`; `None` for another user's.
pub async fn find(
    db: &PgPool,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<ExportStatus>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {STATUS_COLUMNS} FROM privacy_exports WHERE user_id = $1 AND id = $3"
    )))
    .bind(user_id)
    .bind(now)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The user's exports, newest first.
pub async fn list(
    db: &PgPool,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<ExportStatus>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {STATUS_COLUMNS} FROM privacy_exports WHERE user_id = $1
         ORDER BY created_at DESC, id DESC"
    )))
    .bind(user_id)
    .bind(now)
    .fetch_all(db)
    .await
}

/// Marks the export running; answers its user, or `None` when it is no longer to be made
/// (done, failed, or erased with its user). A job retried after a crash finds it running
/// and makes it again.
pub async fn start(db: &PgPool, id: Uuid, now: DateTime<Utc>) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE privacy_exports SET status = 'running', started_at = $2
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING user_id",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Marks the export ready, downloadable for `expiry_days`; answers when it expires.
pub async fn mark_ready(
    conn: &mut PgConnection,
    id: Uuid,
    now: DateTime<Utc>,
    expiry_days: u32,
    size_bytes: u64,
) -> Result<DateTime<Utc>, sqlx::Error> {
    let expires_at = now + Duration::days(i64::from(expiry_days));
    sqlx::query(
        "UPDATE privacy_exports SET status = 'ready', ready_at = $2, expires_at = $3, size_bytes = $4, error = NULL
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(expires_at)
    .bind(i64::try_from(size_bytes).unwrap_or(i64::MAX))
    .execute(conn)
    .await?;
    Ok(expires_at)
}

pub async fn mark_failed(db: &PgPool, id: Uuid, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE privacy_exports SET status = 'failed', error = $2 WHERE id = $1")
        .bind(id)
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks every ready export past its expiry as expired; answers their ids, whose files
/// the caller deletes.
pub async fn expire_due(db: &PgPool, now: DateTime<Utc>) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE privacy_exports SET status = 'expired'
         WHERE status = 'ready' AND expires_at <= $1 RETURNING id",
    )
    .bind(now)
    .fetch_all(db)
    .await
}

/// Deletes the user's export rows (erasure); answers their ids, whose files the caller
/// deletes after the commit.
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM privacy_exports WHERE user_id = $1 RETURNING id")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// Deletes the zips (and half-written ones) of `ids`; a file already gone is fine.
/// Answers how many went.
pub fn delete_files(dir: &Path, ids: &[Uuid]) -> std::io::Result<usize> {
    let mut removed = 0;
    for id in ids {
        let file = file_of(dir, *id);
        let mut partial = file.clone().into_os_string();
        partial.push(".partial");
        for path in [file, PathBuf::from(partial)] {
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(removed)
}
