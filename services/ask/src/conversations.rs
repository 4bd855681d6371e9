//! Conversations: each turn (the question, what it was read as, the tool calls, the answer)
//! stored per user, so follow-ups read the previous turn and the user can list and delete
//! them. A conversation expires `retention.ask_conversations_days` after its last turn (0:
//! never): reads leave expired ones out, the user's next question deletes theirs, and the
//! retention sweep deletes everyone's ([`prune_older_than`]; docs/decisions.md, "Ask").

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

/// How much of the first question names the conversation.
const TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Conversation {
    pub id: Uuid,
    /// The first question (its first 200 characters).
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it is deleted unless another question is asked in it; null when conversations
    /// are kept until the user deletes them.
    pub expires_at: Option<DateTime<Utc>>,
    /// Questions asked in it (`turns` in a conversation's detail lists them).
    pub questions: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Turn {
    pub position: i32,
    pub question: String,
    /// en, de, fr, es or it.
    pub language: String,
    /// What the question was read as; null when nothing was.
    #[schema(value_type = Option<Object>)]
    pub intent: Option<Value>,
    /// The tool calls made: name, arguments, summary.
    #[schema(value_type = Vec<Object>)]
    pub tools: Value,
    pub answer: String,
    /// The table and chart behind the answer.
    #[schema(value_type = Object)]
    pub data: Value,
    pub created_at: DateTime<Utc>,
}

/// What one turn stores.
#[derive(Debug, Clone)]
pub struct NewTurn<'a> {
    pub question: &'a str,
    pub language: &'a str,
    pub intent: Option<Value>,
    pub tools: Value,
    pub answer: &'a str,
    pub data: Value,
}

/// Deletes the user's expired conversations (their turns go with them).
pub async fn prune(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM ask_conversations WHERE user_id = $1 AND expires_at <= $2")
            .bind(user_id)
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Retention sweep (issue 23): deletes every user's conversations that expired by `now`, and
/// those whose last question is `keep_days` or more before `now` (a period shortened since
/// they were stamped applies at once; 0 adds nothing). Turns go with them. Idempotent.
pub async fn prune_older_than(
    conn: &mut PgConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let cutoff = (keep_days > 0).then(|| now - Duration::days(i64::from(keep_days)));
    Ok(
        sqlx::query("DELETE FROM ask_conversations WHERE expires_at <= $1 OR updated_at <= $2")
            .bind(now)
            .bind(cutoff)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// A live conversation of the user; `None` when it is another user's, unknown or expired.
pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Conversation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.title, c.created_at, c.updated_at, c.expires_at,
                (SELECT count(*) FROM ask_turns t WHERE t.user_id = c.user_id AND t.conversation_id = c.id) AS questions
         FROM ask_conversations c WHERE c.user_id = $1 AND c.id = $2 AND (c.expires_at IS NULL OR c.expires_at > $3)",
    )
    .bind(user_id)
    .bind(id)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// The conversation's turns in order.
pub async fn turns(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Vec<Turn>, sqlx::Error> {
    sqlx::query_as(
        "SELECT position, question, language, intent, tools, answer, data, created_at
         FROM ask_turns WHERE user_id = $1 AND conversation_id = $2 ORDER BY position",
    )
    .bind(user_id)
    .bind(id)
    .fetch_all(conn)
    .await
}

/// The last turn of a live conversation (what a follow-up reads).
pub async fn last_turn(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Turn>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.position, t.question, t.language, t.intent, t.tools, t.answer, t.data, t.created_at
         FROM ask_turns t JOIN ask_conversations c ON c.user_id = t.user_id AND c.id = t.conversation_id
         WHERE t.user_id = $1 AND t.conversation_id = $2 AND (c.expires_at IS NULL OR c.expires_at > $3)
         ORDER BY t.position DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(id)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// One page of the user's live conversations, most recently used first, after `before`.
pub async fn page(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Conversation>, sqlx::Error> {
    let (time, id) = before.unzip();
    sqlx::query_as(
        "SELECT c.id, c.title, c.created_at, c.updated_at, c.expires_at,
                (SELECT count(*) FROM ask_turns t WHERE t.user_id = c.user_id AND t.conversation_id = c.id) AS questions
         FROM ask_conversations c
         WHERE c.user_id = $1 AND (c.expires_at IS NULL OR c.expires_at > $2)
           AND ($3::timestamptz IS NULL OR (c.updated_at, c.id) < ($3, $4))
         ORDER BY c.updated_at DESC, c.id DESC LIMIT $5",
    )
    .bind(user_id)
    .bind(now)
    .bind(time)
    .bind(id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Deletes one conversation; false when the user has no such (live) conversation.
pub async fn delete(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM ask_conversations WHERE user_id = $1 AND id = $2
         AND (expires_at IS NULL OR expires_at > $3)",
    )
    .bind(user_id)
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Stores a turn: in `conversation` when given (it must be the user's and live), else in a
/// new conversation named by the question. Answers the conversation's id, or `None` when
/// `conversation` is not the user's live conversation. The conversation then expires
/// `keep_days` after `now` (0: never).
pub async fn record(
    conn: &mut PgConnection,
    user_id: Uuid,
    conversation: Option<Uuid>,
    turn: &NewTurn<'_>,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let expires = (keep_days > 0).then(|| now + Duration::days(i64::from(keep_days)));
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let id: Option<Uuid> = match conversation {
        Some(id) => {
            sqlx::query_scalar(
                "UPDATE ask_conversations SET updated_at = $3, expires_at = $4
                 WHERE user_id = $1 AND id = $2 AND (expires_at IS NULL OR expires_at > $3)
                 RETURNING id",
            )
            .bind(user_id)
            .bind(id)
            .bind(now)
            .bind(expires)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => {
            let title: String = turn.question.trim().chars().take(TITLE_CHARS).collect();
            Some(
                sqlx::query_scalar(
                    "INSERT INTO ask_conversations (user_id, title, created_at, updated_at, expires_at)
                     VALUES ($1, $2, $3, $3, $4) RETURNING id",
                )
                .bind(user_id)
                .bind(title)
                .bind(now)
                .bind(expires)
                .fetch_one(&mut *tx)
                .await?,
            )
        }
    };
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO ask_turns (user_id, conversation_id, position, question, language, intent, tools, answer, data, created_at)
         SELECT $1, $2, COALESCE(max(position), 0) + 1, $3, $4, $5, $6, $7, $8, $9
         FROM ask_turns WHERE user_id = $1 AND conversation_id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(turn.question)
    .bind(turn.language)
    .bind(&turn.intent)
    .bind(&turn.tools)
    .bind(turn.answer)
    .bind(&turn.data)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The user's conversations and their turns, for the data export (issue 23).
pub async fn export_user(
    conn: &mut PgConnection,
    sink: &mut dyn kakeibo_core::export::RecordSink,
    user_id: Uuid,
) -> Result<(), kakeibo_core::export::ExportError> {
    kakeibo_core::export::stream_tables(
        conn,
        sink,
        user_id,
        &[
            (
                "ask_conversation",
                "SELECT (to_jsonb(c) - 'user_id')::text FROM ask_conversations c WHERE user_id = $1 ORDER BY created_at, id",
            ),
            (
                "ask_turn",
                "SELECT (to_jsonb(t) - 'user_id')::text FROM ask_turns t WHERE user_id = $1
                 ORDER BY conversation_id, position",
            ),
        ],
    )
    .await
}

/// Imports one record of an export if it is a conversation or a turn; answers whether it
/// was (portability, issue 23).
pub async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &Value,
) -> Result<bool, sqlx::Error> {
    let sql = match kind {
        "ask_conversation" => {
            "INSERT INTO ask_conversations SELECT * FROM jsonb_populate_record(NULL::ask_conversations, $1)"
        }
        "ask_turn" => {
            "INSERT INTO ask_turns SELECT * FROM jsonb_populate_record(NULL::ask_turns, $1)"
        }
        _ => return Ok(false),
    };
    kakeibo_core::export::insert_record(conn, sql, record).await?;
    Ok(true)
}

/// Deletes everything this crate keeps about the user (erasure, issue 23).
pub async fn erase_user(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    // Turns go with their conversation (ON DELETE CASCADE).
    sqlx::query("DELETE FROM ask_conversations WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
