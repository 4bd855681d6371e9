//! HTTP: the in-app feed, marking read, and the preferences.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::{NaiveTime, Utc};
use kakeibo_core::page::Page;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::feed::{self, FeedItem};
use crate::kinds;
use crate::preferences::{
    self, DAILY_DIGEST, INSTANT, LargeTransactionThreshold, LowBalanceThreshold, Preferences,
};
use crate::summary_schedule;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(mark_read))
        .routes(routes!(get_preferences, put_preferences))
        .routes(routes!(crate::history::list_deliveries))
        .merge(crate::unsubscribe_api::router())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    pub notifications: Vec<FeedItem>,
    /// In-app notifications not yet read (all of them, not only this page's).
    pub unread: i64,
    pub next_cursor: Option<String>,
}

/// Your in-app notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/notifications", tag = "notifications", security(("bearer" = [])),
    params(Page), responses((status = 200, body = NotificationPage), (status = 400)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<NotificationPage>, ApiError> {
    let keyset = page.keyset()?;
    let mut conn = state.db.acquire().await?;
    let notifications = feed::page(&mut conn, user.user_id, keyset).await?;
    let unread = feed::unread(&mut conn, user.user_id).await?;
    let next_cursor = keyset.next_cursor(
        notifications.len(),
        notifications.last().map(|n| (n.created_at, n.id)),
    );
    Ok(Json(NotificationPage {
        notifications,
        unread,
        next_cursor,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These notifications; ids that are not yours are ignored.
    pub ids: Option<Vec<Uuid>>,
    /// Every notification instead (then `ids` must be absent).
    #[serde(default)]
    pub all: bool,
}

impl Validate for MarkRead {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match (&self.ids, self.all) {
            (Some(_), true) => Err(vec![FieldError::new("all", "give ids or all, not both")]),
            (None, false) => Err(vec![FieldError::new("ids", "give ids, or all: true")]),
            (Some(ids), false) if ids.len() > 500 => {
                Err(vec![FieldError::new("ids", "at most 500 at once")])
            }
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
    pub unread: i64,
}

/// Marks notifications read: some by id, or all.
#[utoipa::path(post, path = "/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead, responses((status = 200, body = MarkedRead), (status = 422)))]
pub async fn mark_read(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<MarkRead>,
) -> Result<Json<MarkedRead>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let marked = feed::mark_read(&mut conn, user.user_id, req.ids.as_deref(), Utc::now()).await?;
    let unread = feed::unread(&mut conn, user.user_id).await?;
    Ok(Json(MarkedRead { marked, unread }))
}

/// Your notification preferences, defaults filled in.
#[utoipa::path(get, path = "/notifications/preferences", tag = "notifications",
    security(("bearer" = [])), responses((status = 200, body = Preferences)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Preferences>, ApiError> {
    Ok(Json(
        preferences::preferences(&state.db, user.user_id).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursUpdate {
    pub enabled: bool,
    /// Local time `HH:MM`.
    pub start: String,
    pub end: String,
}

/// What to change; parts left out stay as they are. Lists replace the whole list.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesUpdate {
    /// kind → channel → on; only the pairs given change.
    pub channels: Option<BTreeMap<String, BTreeMap<String, bool>>>,
    pub quiet_hours: Option<QuietHoursUpdate>,
    /// `instant` or `daily_digest`.
    pub delivery: Option<String>,
    /// Local time `HH:MM`.
    pub digest_time: Option<String>,
    pub large_transaction: Option<Vec<LargeTransactionThreshold>>,
    pub low_balance: Option<Vec<LowBalanceThreshold>>,
    pub weekly_summary: Option<WeeklySummaryUpdate>,
}

/// The weekly summary's schedule; fields left out stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklySummaryUpdate {
    /// Whether it is e-mailed (the same switch as `channels.weekly_summary.email`).
    pub enabled: Option<bool>,
    /// `monday` … `sunday`.
    pub day: Option<String>,
    /// Local hour 0–23.
    pub hour: Option<i16>,
    /// `short` or `none`: what a week with no transactions gets.
    pub empty_week: Option<String>,
}

fn parse_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M").ok()
}

impl Validate for PreferencesUpdate {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        for (kind, channels) in self.channels.iter().flatten() {
            if !kinds::is_known(kind) {
                errors.push(FieldError::new(
                    format!("channels.{kind}"),
                    "unknown notification kind",
                ));
            }
            for channel in channels.keys().filter(|c| !kinds::is_channel(c)) {
                errors.push(FieldError::new(
                    format!("channels.{kind}.{channel}"),
                    "unknown channel (in_app, telegram, email)",
                ));
            }
        }
        if let Some(quiet) = &self.quiet_hours {
            let start = parse_time(&quiet.start);
            let end = parse_time(&quiet.end);
            if start.is_none() {
                errors.push(FieldError::new("quiet_hours.start", "a local time HH:MM"));
            }
            if end.is_none() {
                errors.push(FieldError::new("quiet_hours.end", "a local time HH:MM"));
            }
            if start.is_some() && start == end {
                errors.push(FieldError::new(
                    "quiet_hours.end",
                    "must differ from the start",
                ));
            }
        }
        if let Some(delivery) = &self.delivery
            && delivery != INSTANT
            && delivery != DAILY_DIGEST
        {
            errors.push(FieldError::new("delivery", "instant or daily_digest"));
        }
        if let Some(time) = &self.digest_time
            && parse_time(time).is_none()
        {
            errors.push(FieldError::new("digest_time", "a local time HH:MM"));
        }
        for (i, t) in self.large_transaction.iter().flatten().enumerate() {
            if !(t.currency.len() == 3 && t.currency.bytes().all(|b| b.is_ascii_uppercase())) {
                errors.push(FieldError::new(
                    format!("large_transaction[{i}].currency"),
                    "an ISO 4217 code such as EUR",
                ));
            }
            if t.amount <= Decimal::ZERO {
                errors.push(FieldError::new(
                    format!("large_transaction[{i}].amount"),
                    "must be more than 0",
                ));
            }
            if self
                .large_transaction
                .iter()
                .flatten()
                .take(i)
                .any(|o| o.currency == t.currency)
            {
                errors.push(FieldError::new(
                    format!("large_transaction[{i}].currency"),
                    "listed twice",
                ));
            }
        }
        for (i, t) in self.low_balance.iter().flatten().enumerate() {
            if t.amount < Decimal::ZERO {
                errors.push(FieldError::new(
                    format!("low_balance[{i}].amount"),
                    "must not be negative",
                ));
            }
            if self
                .low_balance
                .iter()
                .flatten()
                .take(i)
                .any(|o| o.account_id == t.account_id)
            {
                errors.push(FieldError::new(
                    format!("low_balance[{i}].account_id"),
                    "listed twice",
                ));
            }
        }
        if let Some(weekly) = &self.weekly_summary {
            if let Some(day) = &weekly.day
                && summary_schedule::weekday_of(day).is_none()
            {
                errors.push(FieldError::new(
                    "weekly_summary.day",
                    "a day of the week: monday … sunday",
                ));
            }
            if let Some(hour) = weekly.hour
                && !(0..=23).contains(&hour)
            {
                errors.push(FieldError::new("weekly_summary.hour", "an hour 0–23"));
            }
            if let Some(empty) = &weekly.empty_week
                && empty != summary_schedule::EMPTY_WEEK_SHORT
                && empty != summary_schedule::EMPTY_WEEK_NONE
            {
                errors.push(FieldError::new(
                    "weekly_summary.empty_week",
                    "short or none",
                ));
            }
            let both = self
                .channels
                .as_ref()
                .and_then(|c| c.get(kinds::WEEKLY_SUMMARY))
                .and_then(|c| c.get(kinds::EMAIL));
            if let (Some(a), Some(b)) = (both, weekly.enabled)
                && *a != b
            {
                errors.push(FieldError::new(
                    "weekly_summary.enabled",
                    "contradicts channels.weekly_summary.email",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Changes your notification preferences; answers them as they are now.
#[utoipa::path(put, path = "/notifications/preferences", tag = "notifications",
    security(("bearer" = [])), request_body = PreferencesUpdate,
    responses((status = 200, body = Preferences), (status = 422)))]
pub async fn put_preferences(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<PreferencesUpdate>,
) -> Result<Json<Preferences>, ApiError> {
    let mut tx = state.db.begin().await?;
    for (kind, channels) in req.channels.iter().flatten() {
        for (channel, on) in channels {
            preferences::store_channel(&mut tx, user.user_id, kind, channel, *on).await?;
        }
    }
    let mut timing = preferences::timing(&mut tx, user.user_id).await?;
    if let Some(quiet) = &req.quiet_hours {
        timing.quiet_hours = preferences::QuietHours {
            enabled: quiet.enabled,
            start: parse_time(&quiet.start).ok_or(ApiError::Validation(vec![]))?,
            end: parse_time(&quiet.end).ok_or(ApiError::Validation(vec![]))?,
        };
    }
    if let Some(delivery) = &req.delivery {
        timing.delivery = delivery.clone();
    }
    if let Some(time) = req.digest_time.as_deref().and_then(parse_time) {
        timing.digest_time = time;
    }
    preferences::store_timing(&mut tx, user.user_id, &timing).await?;
    if let Some(large) = &req.large_transaction {
        preferences::store_large_thresholds(&mut tx, user.user_id, large).await?;
    }
    if let Some(low) = &req.low_balance {
        let foreign = preferences::store_low_balance(&mut tx, user.user_id, low).await?;
        if !foreign.is_empty() {
            // Nothing of this request is kept: the transaction is dropped uncommitted.
            return Err(ApiError::Validation(
                foreign
                    .into_iter()
                    .map(|i| {
                        FieldError::new(
                            format!("low_balance[{i}].account_id"),
                            "not one of your accounts",
                        )
                    })
                    .collect(),
            ));
        }
    }
    if let Some(weekly) = &req.weekly_summary {
        if let Some(on) = weekly.enabled {
            preferences::store_channel(
                &mut tx,
                user.user_id,
                kinds::WEEKLY_SUMMARY,
                kinds::EMAIL,
                on,
            )
            .await?;
        }
        let mut schedule = summary_schedule::schedule(&mut tx, user.user_id).await?;
        if let Some(day) = weekly.day.as_deref().and_then(summary_schedule::weekday_of) {
            schedule.weekday = day;
        }
        if let Some(hour) = weekly.hour {
            schedule.hour = hour;
        }
        if let Some(empty) = &weekly.empty_week {
            schedule.empty_week = empty.clone();
        }
        summary_schedule::store_schedule(&mut tx, user.user_id, &schedule).await?;
    }
    tx.commit().await?;
    Ok(Json(
        preferences::preferences(&state.db, user.user_id).await?,
    ))
}
