//! The in-app feed: the user's in-app rows, newest first, worded in the user's language, with
//! the unread count; and marking rows read.

use chrono::{DateTime, Utc};
use kakeibo_core::page::Keyset;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::render::render;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FeedItem {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
    /// What the notification is about (ids, amounts as decimal strings).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// id, kind, payload, created_at, read_at.
type FeedRow = (
    Uuid,
    String,
    serde_json::Value,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// One page of the feed.
pub async fn page(
    conn: &mut PgConnection,
    user_id: Uuid,
    keyset: Keyset,
) -> Result<Vec<FeedItem>, sqlx::Error> {
    let locale = kakeibo_auth::profile::contact(&mut *conn, user_id)
        .await?
        .map_or_else(|| "en".to_string(), |c| c.locale);
    let (before_time, before_id) = keyset.before.unzip();
    let rows: Vec<FeedRow> = sqlx::query_as(
        "SELECT id, kind, payload, created_at, read_at FROM notifications
             WHERE user_id = $1 AND channel = 'in_app'
               AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
             ORDER BY created_at DESC, id DESC
             LIMIT $4",
    )
    .bind(user_id)
    .bind(before_time)
    .bind(before_id)
    .bind(keyset.limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, payload, created_at, read_at)| {
            let (title, body) = render(&kind, &payload, &locale);
            FeedItem {
                id,
                kind,
                title,
                body,
                payload,
                created_at,
                read_at,
            }
        })
        .collect())
}

pub async fn unread(conn: &mut PgConnection, user_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND channel = 'in_app' AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await
}

/// Marks the user's in-app rows read: these ids, or all (`None`). Ids that are not the
/// user's are ignored. Answers how many rows changed.
pub async fn mark_read(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notifications SET read_at = $3
         WHERE user_id = $1 AND channel = 'in_app' AND read_at IS NULL
           AND ($2::uuid[] IS NULL OR id = ANY($2))",
    )
    .bind(user_id)
    .bind(ids)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}
