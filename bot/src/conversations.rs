//! The ask conversation each chat continues (the conversation itself is the ask engine's).

use sqlx::PgConnection;
use uuid::Uuid;

pub async fn current(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT conversation_id FROM telegram_conversations WHERE chat_id = $1 AND user_id = $2",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

pub async fn remember(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    conversation_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO telegram_conversations (chat_id, user_id, conversation_id) VALUES ($1, $2, $3)
         ON CONFLICT (chat_id) DO UPDATE SET user_id = $2, conversation_id = $3, updated_at = now()",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(conversation_id)
    .execute(conn)
    .await?;
    Ok(())
}
