//! The user's own calendar: what day it is where the user lives (`users.time_zone`), for
//! features that read "today" or "last month" as the user means it.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Today in the user's time zone. The database knows the zone rules (the same list `PATCH
/// /me` checks against), so the date is computed there; an unknown user gets UTC's date.
pub async fn today(conn: &mut PgConnection, user_id: Uuid) -> Result<NaiveDate, sqlx::Error> {
    let today: Option<NaiveDate> =
        sqlx::query_scalar("SELECT (now() AT TIME ZONE time_zone)::date FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(today.unwrap_or_else(|| Utc::now().date_naive()))
}

/// The user's time zone and their date at `at`; `None` for an unknown user.
pub async fn zone_and_date(
    conn: &mut PgConnection,
    user_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<(String, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT time_zone, ($2::timestamptz AT TIME ZONE time_zone)::date FROM users WHERE id = $1",
    )
    .bind(user_id)
    .bind(at)
    .fetch_optional(conn)
    .await
}
