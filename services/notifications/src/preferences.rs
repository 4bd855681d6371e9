//! A user's notification preferences: which kinds go to which channels, quiet hours, instant
//! or daily digest, and the thresholds of the large-transaction and low-balance alerts.
//! Stored sparsely (only what the user changed); defaults come from `kinds::default_enabled`.

use std::collections::BTreeMap;

use chrono::NaiveTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::kinds;

/// Instant delivery, or one message a day at `digest_time`.
pub const INSTANT: &str = "instant";
pub const DAILY_DIGEST: &str = "daily_digest";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuietHours {
    pub enabled: bool,
    /// Local time in the user's zone, `HH:MM`; the window may wrap midnight (22:00–07:00).
    #[schema(value_type = String, example = "22:00")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "07:00")]
    pub end: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LargeTransactionThreshold {
    pub currency: String,
    /// An outgoing payment of at least this much (in `currency`) is an alert.
    #[schema(value_type = String, example = "500.00")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LowBalanceThreshold {
    pub account_id: Uuid,
    /// A balance below this (in the account's currency) is an alert.
    #[schema(value_type = String, example = "100.00")]
    pub amount: Decimal,
}

/// Everything a user can set, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Preferences {
    /// kind → channel → on. Every kind and channel is listed.
    pub channels: BTreeMap<String, BTreeMap<String, bool>>,
    pub quiet_hours: QuietHours,
    /// `instant` or `daily_digest`.
    pub delivery: String,
    /// When the daily digest goes out, local time `HH:MM`.
    #[schema(value_type = String, example = "08:00")]
    pub digest_time: NaiveTime,
    pub large_transaction: Vec<LargeTransactionThreshold>,
    pub low_balance: Vec<LowBalanceThreshold>,
    /// When the weekly summary is e-mailed (its `enabled` is `channels.weekly_summary.email`).
    pub weekly_summary: crate::summary_schedule::WeeklySummary,
}

/// The timing part, read by `notify` for every notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub quiet_hours: QuietHours,
    pub delivery: String,
    pub digest_time: NaiveTime,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            quiet_hours: QuietHours {
                enabled: false,
                start: NaiveTime::from_hms_opt(22, 0, 0).expect("a valid time"),
                end: NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time"),
            },
            delivery: INSTANT.to_string(),
            digest_time: NaiveTime::from_hms_opt(8, 0, 0).expect("a valid time"),
        }
    }
}

/// The channels `kind` goes to for this user, their choices over the defaults.
pub async fn enabled_channels(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
) -> Result<Vec<&'static str>, sqlx::Error> {
    let set: Vec<(String, bool)> = sqlx::query_as(
        "SELECT channel, enabled FROM notification_channel_prefs WHERE user_id = $1 AND kind = $2",
    )
    .bind(user_id)
    .bind(kind)
    .fetch_all(conn)
    .await?;
    Ok(kinds::CHANNELS
        .into_iter()
        .filter(|channel| {
            set.iter()
                .find(|(c, _)| c == channel)
                .map_or_else(|| kinds::default_enabled(kind, channel), |(_, on)| *on)
        })
        .collect())
}

pub async fn timing(conn: &mut PgConnection, user_id: Uuid) -> Result<Timing, sqlx::Error> {
    let row: Option<(bool, NaiveTime, NaiveTime, String, NaiveTime)> = sqlx::query_as(
        "SELECT quiet_enabled, quiet_start, quiet_end, delivery, digest_time
         FROM notification_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map_or_else(
        Timing::default,
        |(enabled, start, end, delivery, digest_time)| Timing {
            quiet_hours: QuietHours {
                enabled,
                start,
                end,
            },
            delivery,
            digest_time,
        },
    ))
}

/// The user's preferences, defaults filled in (for the API and the bot's `/settings`).
pub async fn preferences(db: &PgPool, user_id: Uuid) -> Result<Preferences, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let set: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT kind, channel, enabled FROM notification_channel_prefs WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut channels = BTreeMap::new();
    for kind in kinds::ALL {
        let per_channel = kinds::CHANNELS
            .into_iter()
            .map(|channel| {
                let on = set
                    .iter()
                    .find(|(k, c, _)| k == kind && c == channel)
                    .map_or_else(|| kinds::default_enabled(kind, channel), |(_, _, on)| *on);
                (channel.to_string(), on)
            })
            .collect();
        channels.insert(kind.to_string(), per_channel);
    }
    let timing = timing(&mut conn, user_id).await?;
    let large_transaction = sqlx::query_as::<_, (String, Decimal)>(
        "SELECT currency::text, amount FROM notification_large_thresholds WHERE user_id = $1 ORDER BY currency",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(currency, amount)| LargeTransactionThreshold { currency, amount })
    .collect();
    let low_balance = sqlx::query_as::<_, (Uuid, Decimal)>(
        "SELECT account_id, amount FROM notification_low_balance WHERE user_id = $1 ORDER BY account_id",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(account_id, amount)| LowBalanceThreshold { account_id, amount })
    .collect();
    let weekly_summary = crate::summary_schedule::weekly_summary(&mut conn, user_id).await?;
    Ok(Preferences {
        channels,
        quiet_hours: timing.quiet_hours,
        delivery: timing.delivery,
        digest_time: timing.digest_time,
        large_transaction,
        low_balance,
        weekly_summary,
    })
}

/// Why a setting was refused (the bot shows it; the API maps it to a 422).
#[derive(Debug, thiserror::Error)]
pub enum PreferenceError {
    #[error("unknown notification kind {0:?}")]
    UnknownKind(String),
    #[error("unknown channel {0:?}")]
    UnknownChannel(String),
    #[error("quiet hours must start and end at different times")]
    EmptyQuietHours,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Turns `kind` on or off on `channel` for the user.
pub async fn set_channel_enabled(
    db: &PgPool,
    user_id: Uuid,
    kind: &str,
    channel: &str,
    enabled: bool,
) -> Result<(), PreferenceError> {
    if !kinds::is_known(kind) {
        return Err(PreferenceError::UnknownKind(kind.to_string()));
    }
    if !kinds::is_channel(channel) {
        return Err(PreferenceError::UnknownChannel(channel.to_string()));
    }
    let mut conn = db.acquire().await?;
    store_channel(&mut conn, user_id, kind, channel, enabled).await?;
    Ok(())
}

pub(crate) async fn store_channel(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: &str,
    channel: &str,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_channel_prefs (user_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()",
    )
    .bind(user_id)
    .bind(kind)
    .bind(channel)
    .bind(enabled)
    .execute(conn)
    .await?;
    Ok(())
}

/// Quiet hours on with these local start and end times, or off (`None`; the last times are
/// kept for when they are turned on again).
pub async fn set_quiet_hours(
    db: &PgPool,
    user_id: Uuid,
    window: Option<(NaiveTime, NaiveTime)>,
) -> Result<(), PreferenceError> {
    let mut timing = timing(&mut *db.acquire().await?, user_id).await?;
    match window {
        Some((start, end)) if start == end => return Err(PreferenceError::EmptyQuietHours),
        Some((start, end)) => {
            timing.quiet_hours = QuietHours {
                enabled: true,
                start,
                end,
            }
        }
        None => timing.quiet_hours.enabled = false,
    }
    let mut conn = db.acquire().await?;
    store_timing(&mut conn, user_id, &timing).await?;
    Ok(())
}

pub(crate) async fn store_timing(
    conn: &mut PgConnection,
    user_id: Uuid,
    timing: &Timing,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_settings (user_id, quiet_enabled, quiet_start, quiet_end, delivery, digest_time)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET quiet_enabled = EXCLUDED.quiet_enabled,
             quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
             delivery = EXCLUDED.delivery, digest_time = EXCLUDED.digest_time, updated_at = now()",
    )
    .bind(user_id)
    .bind(timing.quiet_hours.enabled)
    .bind(timing.quiet_hours.start)
    .bind(timing.quiet_hours.end)
    .bind(&timing.delivery)
    .bind(timing.digest_time)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the user's large-transaction thresholds.
pub(crate) async fn store_large_thresholds(
    conn: &mut PgConnection,
    user_id: Uuid,
    thresholds: &[LargeTransactionThreshold],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM notification_large_thresholds WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let currencies: Vec<&str> = thresholds.iter().map(|t| t.currency.as_str()).collect();
    let amounts: Vec<Decimal> = thresholds.iter().map(|t| t.amount).collect();
    sqlx::query(
        "INSERT INTO notification_large_thresholds (user_id, currency, amount)
         SELECT $1, c, a FROM UNNEST($2::text[], $3::numeric[]) AS t(c, a)",
    )
    .bind(user_id)
    .bind(&currencies)
    .bind(&amounts)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the user's low-balance thresholds. Answers the account ids that are not the
/// user's (nothing is stored then).
pub(crate) async fn store_low_balance(
    conn: &mut PgConnection,
    user_id: Uuid,
    thresholds: &[LowBalanceThreshold],
) -> Result<Vec<usize>, sqlx::Error> {
    let mut foreign = Vec::new();
    for (index, threshold) in thresholds.iter().enumerate() {
        // bank-sync's published lookup: another user's account is simply not found.
        let found: Option<Uuid> = sqlx::query_scalar("SELECT id FROM user_account($1, $2)")
            .bind(user_id)
            .bind(threshold.account_id)
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none() {
            foreign.push(index);
        }
    }
    if !foreign.is_empty() {
        return Ok(foreign);
    }
    sqlx::query("DELETE FROM notification_low_balance WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let accounts: Vec<Uuid> = thresholds.iter().map(|t| t.account_id).collect();
    let amounts: Vec<Decimal> = thresholds.iter().map(|t| t.amount).collect();
    sqlx::query(
        "INSERT INTO notification_low_balance (user_id, account_id, amount)
         SELECT $1, a, m FROM UNNEST($2::uuid[], $3::numeric[]) AS t(a, m)",
    )
    .bind(user_id)
    .bind(&accounts)
    .bind(&amounts)
    .execute(conn)
    .await?;
    Ok(foreign)
}

/// The user's large-transaction threshold in `currency`, if they set one.
pub async fn large_transaction_threshold(
    conn: &mut PgConnection,
    user_id: Uuid,
    currency: &str,
) -> Result<Option<Decimal>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT amount FROM notification_large_thresholds WHERE user_id = $1 AND currency = $2",
    )
    .bind(user_id)
    .bind(currency)
    .fetch_optional(conn)
    .await
}

/// The low-balance threshold of one account, if the user set one.
pub async fn low_balance_threshold(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
) -> Result<Option<Decimal>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT amount FROM notification_low_balance WHERE user_id = $1 AND account_id = $2",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}
