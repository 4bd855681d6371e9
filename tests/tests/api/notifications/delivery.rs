//! The outbox's delivery: quiet hours hold and then group, e-mail writes one message, a row is
//! sent once by two workers or a retried job, a temporary failure is retried with backoff, a
//! row left in doubt is not resent. The chat transport here is a small stand-in for
//! `ChatSender` (the Telegram one is tested by the bot against a fake Bot API).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Duration;
use kakeibo_core::chat::{ChatDelivered, ChatError, ChatMessage, ChatResult, ChatSender};
use kakeibo_notifications::delivery::{self, Delivery};
use kakeibo_notifications::outbox::{self, Outcome};
use kakeibo_tests::TestApp;
use reqwest::Method;
use serde_json::json;
use tokio::sync::Mutex;
use uuid::Uuid;

use super::{at, context, emit, rows_on};

/// Records what it is asked to send; fails the first `failures` sends temporarily.
#[derive(Default)]
struct RecordingChat {
    failures: AtomicUsize,
    sent: Mutex<Vec<ChatMessage>>,
    calls: AtomicUsize,
}

impl ChatSender for RecordingChat {
    fn send(&self, message: ChatMessage) -> ChatResult<'_> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            // A slow send: a second worker gets its chance to race this one.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if self.failures.load(Ordering::SeqCst) > 0 {
                self.failures.fetch_sub(1, Ordering::SeqCst);
                return Err(ChatError::Temporary(anyhow::anyhow!("502 Bad Gateway")));
            }
            self.sent.lock().await.push(message);
            Ok(ChatDelivered::Sent)
        })
    }
}

/// Telegram on for budget alerts and a chat linked (through the store, as /start does):
/// notify writes no Telegram row for a user with no linked chat.
async fn telegram_only(app: &TestApp, user_id: Uuid) -> anyhow::Result<()> {
    kakeibo_notifications::set_channel_enabled(
        &app.db.pool,
        user_id,
        "budget_threshold",
        "telegram",
        true,
    )
    .await?;
    link_a_chat(app, user_id, 9100).await
}

async fn link_a_chat(app: &TestApp, user_id: Uuid, chat_id: i64) -> anyhow::Result<()> {
    let mut tx = app.db.pool.begin().await?;
    let (code, _) = kakeibo_bot::links::new_code(&mut tx, user_id, chrono::Utc::now()).await?;
    let linked =
        kakeibo_bot::links::redeem(&mut tx, &code, chat_id, None, None, chrono::Utc::now()).await?;
    tx.commit().await?;
    assert_eq!(linked, Ok(user_id));
    Ok(())
}

/// Delivery jobs queued on the Telegram queue.
async fn telegram_jobs(app: &TestApp) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM apalis.jobs WHERE job_type = $1")
            .bind(delivery::TELEGRAM_QUEUE)
            .fetch_one(&app.db.pool)
            .await?,
    )
}

#[tokio::test]
async fn no_linked_chat_means_no_telegram_row_and_no_job() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    let now = at("2099-02-01T12:00:00Z");
    // Telegram is on for budget alerts by default, but nobody could deliver it.
    let before = emit(&app, ana.id, "groceries", now).await?;
    let channels: Vec<&str> = before.rows.iter().map(|(_, c)| *c).collect();
    assert_eq!(channels, ["in_app"]);
    assert!(rows_on(&app, ana.id, "telegram").await?.is_empty());
    assert_eq!(telegram_jobs(&app).await?, 0);

    // Linked: the next alert has its Telegram row and its job.
    link_a_chat(&app, ana.id, 9101).await?;
    let after = emit(&app, ana.id, "fuel", now).await?;
    let channels: Vec<&str> = after.rows.iter().map(|(_, c)| *c).collect();
    assert_eq!(channels, ["in_app", "telegram"]);
    assert_eq!(
        rows_on(&app, ana.id, "telegram").await?,
        [("pending".to_string(), 0, None)]
    );
    assert_eq!(telegram_jobs(&app).await?, 1);
    Ok(())
}

fn job(user_id: Uuid, channel: &str, notified: &kakeibo_notifications::Notified) -> Delivery {
    Delivery {
        user_id,
        channel: channel.to_string(),
        notification_ids: notified
            .rows
            .iter()
            .filter(|(_, c)| *c == channel)
            .map(|(id, _)| *id)
            .collect(),
    }
}

#[tokio::test]
async fn two_workers_and_a_retried_job_send_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    telegram_only(&app, ana.id).await?;
    let now = at("2099-02-01T12:00:00Z");
    let notified = emit(&app, ana.id, "groceries", now).await?;
    let chat = Arc::new(RecordingChat::default());
    let context = context(&app, Some(chat.clone()))?;
    let job = job(ana.id, "telegram", &notified);
    assert_eq!(job.notification_ids.len(), 1);

    let (first, second) = tokio::join!(
        delivery::deliver(&context, &job, now),
        delivery::deliver(&context, &job, now)
    );
    let outcomes = [first?, second?];
    assert!(
        outcomes.contains(&Some(Outcome::Sent)) && outcomes.contains(&None),
        "{outcomes:?}"
    );
    // The job again (apalis retrying it, or the release tick's copy): nothing to send.
    assert_eq!(delivery::deliver(&context, &job, now).await?, None);
    assert_eq!(chat.calls.load(Ordering::SeqCst), 1);
    let sent = chat.sent.lock().await;
    assert_eq!(sent[0].alerts.len(), 1);
    assert_eq!(sent[0].alerts[0].title, "Budget groceries: 80% reached");
    assert_eq!(
        rows_on(&app, ana.id, "telegram").await?,
        [("sent".to_string(), 1, None)]
    );
    Ok(())
}

#[tokio::test]
async fn a_temporary_failure_is_retried_after_backoff_then_sent() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    telegram_only(&app, ana.id).await?;
    let now = at("2099-02-01T12:00:00Z");
    let notified = emit(&app, ana.id, "groceries", now).await?;
    let chat = Arc::new(RecordingChat {
        failures: AtomicUsize::new(1),
        ..Default::default()
    });
    let context = context(&app, Some(chat.clone()))?;
    let job = job(ana.id, "telegram", &notified);

    let first = delivery::deliver(&context, &job, now).await?;
    assert!(
        matches!(first, Some(Outcome::Retry { at, .. }) if at == now + Duration::seconds(30)),
        "{first:?}"
    );
    assert_eq!(
        rows_on(&app, ana.id, "telegram").await?,
        [(
            "pending".to_string(),
            1,
            Some("temporary failure: 502 Bad Gateway".to_string())
        )]
    );
    // Not before the backoff is over; then one job for the row.
    assert_eq!(
        outbox::release_due(&app.db.pool, now + Duration::seconds(29))
            .await?
            .rows,
        0
    );
    let released = outbox::release_due(&app.db.pool, now + Duration::seconds(30)).await?;
    assert_eq!((released.jobs, released.rows), (1, 1));
    assert_eq!(
        delivery::deliver(&context, &job, now + Duration::seconds(31)).await?,
        Some(Outcome::Sent)
    );
    assert_eq!(chat.calls.load(Ordering::SeqCst), 2);
    assert_eq!(chat.sent.lock().await.len(), 1);
    assert_eq!(
        rows_on(&app, ana.id, "telegram").await?,
        [("sent".to_string(), 2, None)]
    );
    Ok(())
}

#[tokio::test]
async fn a_row_left_sending_by_a_dead_worker_is_in_doubt_and_not_resent() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    telegram_only(&app, ana.id).await?;
    let now = at("2099-02-01T12:00:00Z");
    let notified = emit(&app, ana.id, "groceries", now).await?;
    let job = job(ana.id, "telegram", &notified);
    // A worker claims the row, sends, and dies before recording it.
    assert_eq!(outbox::claim(&app.db.pool, &job, now).await?.len(), 1);

    let chat = Arc::new(RecordingChat::default());
    let context = context(&app, Some(chat.clone()))?;
    assert_eq!(
        delivery::deliver(&context, &job, now + Duration::minutes(1)).await?,
        None
    );
    assert_eq!(
        outbox::release_due(&app.db.pool, now + Duration::minutes(5))
            .await?
            .in_doubt,
        0,
        "still within the claim's time"
    );
    let swept = outbox::release_due(&app.db.pool, now + Duration::minutes(11)).await?;
    assert_eq!((swept.in_doubt, swept.jobs), (1, 0));
    assert_eq!(
        delivery::deliver(&context, &job, now + Duration::minutes(12)).await?,
        None
    );
    assert_eq!(chat.calls.load(Ordering::SeqCst), 0);
    assert_eq!(
        rows_on(&app, ana.id, "telegram").await?,
        [("failed".to_string(), 1, Some(outbox::IN_DOUBT.to_string()))]
    );
    Ok(())
}

#[tokio::test]
async fn no_chat_transport_or_no_linked_chat_is_suppressed_and_a_permanent_error_fails()
-> anyhow::Result<()> {
    struct Refusing(Result<ChatDelivered, &'static str>);
    impl ChatSender for Refusing {
        fn send(&self, _: ChatMessage) -> ChatResult<'_> {
            let answer = self.0.map_err(|e| ChatError::Permanent(anyhow::anyhow!(e)));
            Box::pin(async move { answer })
        }
    }
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    telegram_only(&app, ana.id).await?;
    let now = at("2099-02-01T12:00:00Z");
    // Rows written while a chat was linked: the bot token since removed, the chat unlinked
    // before the delivery, the bot blocked.
    let transports: [Option<Arc<dyn ChatSender>>; 3] = [
        None,
        Some(Arc::new(Refusing(Ok(ChatDelivered::NotLinked)))),
        Some(Arc::new(Refusing(Err(
            "403 Forbidden: bot was blocked by the user",
        )))),
    ];
    for (i, chat) in transports.into_iter().enumerate() {
        let notified = emit(
            &app,
            ana.id,
            &format!("budget {i}"),
            now + Duration::minutes(i as i64),
        )
        .await?;
        delivery::deliver(
            &context(&app, chat)?,
            &job(ana.id, "telegram", &notified),
            now,
        )
        .await?;
    }
    let rows = rows_on(&app, ana.id, "telegram").await?;
    let statuses: Vec<(&str, &str)> = rows
        .iter()
        .map(|(s, _, e)| (s.as_str(), e.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        statuses,
        [
            (
                "suppressed",
                "no chat transport configured (telegram.bot_token unset)"
            ),
            ("suppressed", "no linked chat"),
            (
                "failed",
                "permanent failure: 403 Forbidden: bot was blocked by the user"
            ),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn quiet_hours_hold_alerts_then_one_email_lists_them() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    app.as_user(&ana, Method::PATCH, "/me")
        .json(&json!({ "time_zone": "Europe/Berlin" }))
        .send()
        .await?
        .error_for_status()?;
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({
            "channels": { "budget_threshold": { "email": true, "telegram": false } },
            "quiet_hours": { "enabled": true, "start": "22:00", "end": "07:00" },
        }))
        .send()
        .await?
        .error_for_status()?;
    // 00:00 and 00:30 in Berlin (winter time, UTC+1): both inside quiet hours.
    let first = emit(&app, ana.id, "Groceries", at("2099-03-10T23:00:00Z")).await?;
    let second = emit(&app, ana.id, "Restaurants", at("2099-03-10T23:30:00Z")).await?;
    let seven_in_berlin = at("2099-03-11T06:00:00Z");
    assert_eq!(
        (first.held_until, second.held_until),
        (Some(seven_in_berlin), Some(seven_in_berlin))
    );
    // The in-app rows are in the feed at once; nothing goes out by e-mail yet.
    let mails_before = app.mails().await?.len();
    assert_eq!(rows_on(&app, ana.id, "email").await?.len(), 2);
    assert_eq!(
        outbox::release_due(&app.db.pool, seven_in_berlin - Duration::seconds(1))
            .await?
            .rows,
        0
    );

    let released = outbox::release_due(&app.db.pool, seven_in_berlin).await?;
    assert_eq!((released.jobs, released.rows), (1, 2));
    let mails = app.mails().await?;
    assert_eq!(mails.len(), mails_before + 1, "{mails:#?}");
    let grouped = mails.last().unwrap();
    assert!(grouped.to.contains("ana@example.com"), "{grouped:?}");
    assert_eq!(grouped.subject, "Kakeibo: 2 notifications");
    let groceries = grouped
        .body
        .find("Budget Groceries: 80% reached")
        .expect("first alert listed");
    let restaurants = grouped
        .body
        .find("Budget Restaurants: 80% reached")
        .expect("second alert listed");
    assert!(
        groceries < restaurants,
        "in the order they were made: {}",
        grouped.body
    );
    assert!(
        rows_on(&app, ana.id, "email")
            .await?
            .iter()
            .all(|(s, a, _)| s == "sent" && *a == 1)
    );
    // Released once: a later tick finds nothing.
    assert_eq!(
        outbox::release_due(&app.db.pool, seven_in_berlin + Duration::hours(1))
            .await?
            .rows,
        0
    );
    Ok(())
}

#[tokio::test]
async fn a_daily_digest_goes_to_the_chat_as_one_message_with_every_alert() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.register("ana@example.com").await?;
    app.as_user(&ana, Method::PATCH, "/me")
        .json(&json!({ "time_zone": "America/New_York" }))
        .send()
        .await?
        .error_for_status()?;
    telegram_only(&app, ana.id).await?;
    app.as_user(&ana, Method::PUT, "/notifications/preferences")
        .json(&json!({ "delivery": "daily_digest", "digest_time": "08:00" }))
        .send()
        .await?
        .error_for_status()?;
    // 10:00 and 15:00 in New York (UTC−5): both wait for 08:00 the next day.
    let first = emit(&app, ana.id, "Groceries", at("2099-01-05T15:00:00Z")).await?;
    let second = emit(&app, ana.id, "Fuel", at("2099-01-05T20:00:00Z")).await?;
    let eight_next_day = at("2099-01-06T13:00:00Z");
    assert_eq!(first.held_until, Some(eight_next_day));
    assert_eq!(second.held_until, Some(eight_next_day));

    let released = outbox::release_due(&app.db.pool, eight_next_day).await?;
    assert_eq!((released.jobs, released.rows), (1, 2));
    let ids: Vec<Uuid> = [&first, &second]
        .iter()
        .flat_map(|n| {
            n.rows
                .iter()
                .filter(|(_, c)| *c == "telegram")
                .map(|(id, _)| *id)
        })
        .collect();
    let chat = Arc::new(RecordingChat::default());
    let job = Delivery {
        user_id: ana.id,
        channel: "telegram".into(),
        notification_ids: ids.clone(),
    };
    assert_eq!(
        delivery::deliver(&context(&app, Some(chat.clone()))?, &job, eight_next_day).await?,
        Some(Outcome::Sent)
    );
    let sent = chat.sent.lock().await;
    assert_eq!(sent.len(), 1, "one message");
    let alerts: Vec<(Uuid, &str)> = sent[0]
        .alerts
        .iter()
        .map(|a| (a.notification_id, a.title.as_str()))
        .collect();
    assert_eq!(
        alerts,
        [
            (ids[0], "Budget Groceries: 80% reached"),
            (ids[1], "Budget Fuel: 80% reached")
        ]
    );
    Ok(())
}
