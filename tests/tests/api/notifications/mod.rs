//! Notifications: the in-app feed and marking read, preferences and their bad input, alerts
//! from imports, quiet hours, and the outbox's delivery (once, with retries).

mod delivery;
mod email;
mod feed;
mod from_imports;
mod preferences;
mod producers;
mod weekly;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use kakeibo_core::chat::ChatSender;
use kakeibo_core::jobs::JobContext;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

/// A fixed instant: far enough ahead that the release tick of workers running in a test
/// (which reads the wall clock) never reaches what these tests hold.
pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("an RFC 3339 instant")
        .with_timezone(&Utc)
}

/// The job context the app's workers build, with `chat` as the linked-chat transport.
pub fn context(app: &TestApp, chat: Option<Arc<dyn ChatSender>>) -> anyhow::Result<JobContext> {
    Ok(JobContext {
        replica: None,
        db: app.db.pool.clone(),
        settings: Arc::new(app.settings.clone()),
        mailer: kakeibo_server::jobs::mailer(&app.settings)?,
        chat,
        summaries: Some(Arc::new(
            kakeibo_analytics::weekly_summary::WeeklySummaries {
                db: app.db.pool.clone(),
            },
        )),
    })
}

/// Emits a budget alert at `now` with its own dedupe key.
pub async fn emit(
    app: &TestApp,
    user_id: Uuid,
    key: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<kakeibo_notifications::Notified> {
    let mut conn = app.db.pool.acquire().await?;
    Ok(kakeibo_notifications::notify_at(
        &mut conn,
        user_id,
        kakeibo_notifications::kinds::BUDGET_THRESHOLD,
        key,
        json!({ "budget_name": key, "threshold_percent": 80, "spent": "80", "available": "100", "currency": "EUR" }),
        now,
    )
    .await?)
}

/// (status, attempts, last_error) of each of the user's rows on `channel`, oldest first.
pub async fn rows_on(
    app: &TestApp,
    user_id: Uuid,
    channel: &str,
) -> anyhow::Result<Vec<(String, i32, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT status, attempts, last_error FROM notifications
         WHERE user_id = $1 AND channel = $2 ORDER BY created_at, id",
    )
    .bind(user_id)
    .bind(channel)
    .fetch_all(&app.db.pool)
    .await?)
}

/// Imports `csv` into `account` through `POST /imports`, which must answer 201.
pub async fn import(
    app: &TestApp,
    user: &TestUser,
    account: uuid::Uuid,
    csv: &str,
) -> anyhow::Result<()> {
    let form = Form::new()
        .part(
            "file",
            Part::bytes(csv.as_bytes().to_vec()).file_name("statement.csv"),
        )
        .text("account_id", account.to_string());
    let response = app
        .as_user(user, Method::POST, "/imports")
        .multipart(form)
        .send()
        .await?;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await?
    );
    Ok(())
}
