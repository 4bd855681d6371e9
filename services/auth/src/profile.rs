//! What other services read of a user's profile (`users` is auth's table; the user's
//! calendar is in `local_time`).

use sqlx::PgConnection;
use uuid::Uuid;

/// The currency the user's totals are shown in when nothing else is asked for; `None` for
/// an unknown user.
pub async fn base_currency(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT base_currency::text FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// The user's language tag (`en`, `de-CH`, …); `None` for an unknown user.
pub async fn locale(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// How to reach the user and in which language: for notifications' deliveries.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Contact {
    pub email: String,
    pub email_verified: bool,
    pub locale: String,
    pub time_zone: String,
}

/// The user's address, language and zone; `None` for an unknown user.
pub async fn contact(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<Contact>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, email_verified_at IS NOT NULL AS email_verified, locale, time_zone
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Every user with a confirmed address, with their time zone: who the scheduled e-mails (the
/// weekly summary) may go to. A deleted account is simply absent.
pub async fn verified_time_zones(
    conn: &mut PgConnection,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, time_zone FROM users WHERE email_verified_at IS NOT NULL ORDER BY id",
    )
    .fetch_all(conn)
    .await
}
