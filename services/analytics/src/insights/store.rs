//! Stored insights: one row per fact key; the user's status (read, dismissed) survives every
//! recompute.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Insight {
    pub id: Uuid,
    /// category_above_average, new_recurring, price_increase, missed_payment,
    /// large_transaction, new_merchant or spending_spike.
    pub kind: String,
    /// The numbers behind the text, computed in code.
    #[schema(value_type = Object)]
    pub facts: Value,
    pub text: String,
    /// template or llm.
    pub worded_by: String,
    /// new, read or dismissed.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, kind, facts, text, worded_by, status, created_at, updated_at";

/// The stored facts of these keys.
pub async fn stored_facts(
    conn: &mut PgConnection,
    user_id: Uuid,
    keys: &[&str],
) -> Result<HashMap<String, Value>, sqlx::Error> {
    let rows: Vec<(String, Value)> = sqlx::query_as(
        "SELECT insight_key, facts FROM insights WHERE user_id = $1 AND insight_key = ANY($2)",
    )
    .bind(user_id)
    .bind(keys)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

pub struct NewInsight<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub facts: Value,
    pub text: String,
    pub worded_by: &'a str,
}

/// Adds new facts and refreshes changed ones (text included); status stays as the user left it.
pub async fn upsert(
    conn: &mut PgConnection,
    user_id: Uuid,
    rows: &[NewInsight<'_>],
) -> Result<(), sqlx::Error> {
    let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind).collect();
    let facts: Vec<String> = rows.iter().map(|r| r.facts.to_string()).collect();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let by: Vec<&str> = rows.iter().map(|r| r.worded_by).collect();
    sqlx::query(
        "INSERT INTO insights (user_id, insight_key, kind, facts, text, worded_by)
         SELECT $1, u.key, u.kind, u.facts::jsonb, u.text, u.by
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(key, kind, facts, text, by)
         ON CONFLICT (user_id, insight_key) DO UPDATE
             SET facts = EXCLUDED.facts, text = EXCLUDED.text, worded_by = EXCLUDED.worded_by
             WHERE insights.facts IS DISTINCT FROM EXCLUDED.facts",
    )
    .bind(user_id)
    .bind(&keys)
    .bind(&kinds)
    .bind(&facts)
    .bind(&texts)
    .bind(&by)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's insights, newest first; dismissed ones only when asked.
pub async fn list(
    conn: &mut PgConnection,
    user_id: Uuid,
    include_dismissed: bool,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Insight>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM insights
         WHERE user_id = $1 AND ($2 OR status <> 'dismissed')
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $5"
    )))
    .bind(user_id)
    .bind(include_dismissed)
    .bind(before.map(|b| b.0))
    .bind(before.map(|b| b.1))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Marks an insight read, dismissed, or new again; `None` when the user has no such insight.
pub async fn set_status(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    status: &str,
) -> Result<Option<Insight>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE insights SET status = $3 WHERE user_id = $1 AND id = $2 RETURNING {COLUMNS}"
    )))
    .bind(user_id)
    .bind(id)
    .bind(status)
    .fetch_optional(conn)
    .await
}
