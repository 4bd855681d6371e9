//! The weekly summary's preferences: the day and local hour it goes out, whether it goes out
//! (the `weekly_summary` × `email` channel preference, which unsubscribing turns off), and
//! what an empty week gets.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::kinds;

/// A week with no transactions gets a short, friendly summary, or none.
pub const EMPTY_WEEK_SHORT: &str = "short";
pub const EMPTY_WEEK_NONE: &str = "none";

/// ISO order: index 0 is Monday (ISO day 1).
pub const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeeklySummary {
    /// Whether the summary is e-mailed at all.
    pub enabled: bool,
    /// `monday` … `sunday`.
    #[schema(example = "monday")]
    pub day: String,
    /// Local hour in your time zone, 0–23.
    #[schema(example = 8)]
    pub hour: i16,
    /// `short` (a short summary when the week had no transactions) or `none`.
    #[schema(example = "short")]
    pub empty_week: String,
}

/// The stored schedule (or the default), without the on/off switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// ISO day: 1 = Monday.
    pub weekday: i16,
    pub hour: i16,
    pub empty_week: String,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            weekday: 1,
            hour: 8,
            empty_week: EMPTY_WEEK_SHORT.into(),
        }
    }
}

pub fn day_name(weekday: i16) -> &'static str {
    DAYS[(weekday.clamp(1, 7) - 1) as usize]
}

/// The ISO day number of a day name.
pub fn weekday_of(name: &str) -> Option<i16> {
    DAYS.iter().position(|d| *d == name).map(|i| i as i16 + 1)
}

pub async fn schedule(conn: &mut PgConnection, user_id: Uuid) -> Result<Schedule, sqlx::Error> {
    let row: Option<(i16, i16, String)> = sqlx::query_as(
        "SELECT weekday, local_hour, empty_week FROM notification_summary_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or_else(Schedule::default, |(weekday, hour, empty_week)| Schedule {
            weekday,
            hour,
            empty_week,
        }),
    )
}

/// Whether the user wants no summary for a week without transactions (for the summary's
/// renderer).
pub async fn skip_empty_week(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, sqlx::Error> {
    Ok(schedule(conn, user_id).await?.empty_week == EMPTY_WEEK_NONE)
}

pub async fn weekly_summary(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<WeeklySummary, sqlx::Error> {
    let enabled = crate::preferences::enabled_channels(conn, user_id, kinds::WEEKLY_SUMMARY)
        .await?
        .contains(&kinds::EMAIL);
    let schedule = schedule(conn, user_id).await?;
    Ok(WeeklySummary {
        enabled,
        day: day_name(schedule.weekday).to_string(),
        hour: schedule.hour,
        empty_week: schedule.empty_week,
    })
}

/// Stores the schedule (validated by the caller: the table's checks refuse anything else).
pub(crate) async fn store_schedule(
    conn: &mut PgConnection,
    user_id: Uuid,
    schedule: &Schedule,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_summary_settings (user_id, weekday, local_hour, empty_week)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET weekday = EXCLUDED.weekday,
             local_hour = EXCLUDED.local_hour, empty_week = EXCLUDED.empty_week, updated_at = now()",
    )
    .bind(user_id)
    .bind(schedule.weekday)
    .bind(schedule.hour)
    .bind(&schedule.empty_week)
    .execute(conn)
    .await?;
    Ok(())
}
