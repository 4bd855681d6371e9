//! The outbox with the real TelegramSender against the fake Bot API: a worker killed between
//! Telegram taking the message and the outcome being recorded does not cause a second
//! message, and a Bot API outage is retried until the alert goes out, once.

use std::sync::Arc;

use chrono::Duration;
use kakeibo_bot::TelegramSender;
use kakeibo_notifications::delivery::{self, Delivery};
use kakeibo_notifications::outbox::{self, Outcome};
use kakeibo_tests::fake_telegram::{Outage, Person};

use super::BotWorld;
use super::sender::link_without_polling;
use crate::notifications::{at, context, emit, rows_on};

/// The Telegram delivery of what `emit` wrote.
fn telegram_job(user_id: uuid::Uuid, notified: &kakeibo_notifications::Notified) -> Delivery {
    Delivery {
        user_id,
        channel: "telegram".into(),
        notification_ids: notified
            .rows
            .iter()
            .filter(|(_, channel)| *channel == "telegram")
            .map(|(id, _)| *id)
            .collect(),
    }
}

#[tokio::test]
async fn a_worker_killed_between_send_and_record_leaves_one_message() -> anyhow::Result<()> {
    let world = BotWorld::without_polling(|_| {}).await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(7101, "Ann");
    link_without_polling(&world, &ann, &chat).await?;
    let now = at("2099-02-01T12:00:00Z");
    let notified = emit(&world.app, ann.id, "groceries", now).await?;
    let job = telegram_job(ann.id, &notified);
    assert_eq!(job.notification_ids.len(), 1);
    let context = Arc::new(context(
        &world.app,
        Some(Arc::new(TelegramSender::new(world.ctx.clone()))),
    )?);

    // Telegram takes the message but its answer is held: the worker is then killed, after
    // the send and before it records anything.
    world.fake.hold_send_answers(true);
    let worker = tokio::spawn({
        let context = context.clone();
        let job = job.clone();
        async move { delivery::deliver(&context, &job, now).await }
    });
    world.fake.wait_for_messages(chat.chat_id, 1).await;
    worker.abort();
    assert!(worker.await.unwrap_err().is_cancelled());
    world.fake.hold_send_answers(false);
    assert_eq!(
        rows_on(&world.app, ann.id, "telegram").await?,
        [("sending".to_string(), 1, None)]
    );

    // Restarted, the job runs again (apalis, or the tick's copy): the row is not pending.
    assert_eq!(
        delivery::deliver(&context, &job, now + Duration::minutes(1)).await?,
        None
    );
    // The real workers run the job notify queued: nothing more is sent.
    world.app.drain_jobs().await?;
    // The sweep leaves a claim alone while it may still be in flight, then settles it.
    let early = outbox::release_due(&world.app.db.pool, now + Duration::minutes(5)).await?;
    assert_eq!((early.in_doubt, early.jobs), (0, 0));
    let swept = outbox::release_due(&world.app.db.pool, now + Duration::minutes(11)).await?;
    assert_eq!((swept.in_doubt, swept.jobs), (1, 0));
    assert_eq!(
        delivery::deliver(&context, &job, now + Duration::minutes(12)).await?,
        None
    );

    let messages = world.fake.chat(chat.chat_id);
    assert_eq!(messages.len(), 1, "one message: {messages:#?}");
    assert!(
        messages[0]
            .plain()
            .contains("Budget groceries: 80% reached"),
        "{messages:#?}"
    );
    assert_eq!(world.fake.calls_of("sendMessage").len(), 1);
    assert_eq!(
        rows_on(&world.app, ann.id, "telegram").await?,
        [("failed".to_string(), 1, Some(outbox::IN_DOUBT.to_string()))]
    );
    Ok(())
}

#[tokio::test]
async fn the_bot_api_down_is_retried_and_the_alert_arrives_once() -> anyhow::Result<()> {
    let world = BotWorld::without_polling(|_| {}).await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(7102, "Ann");
    link_without_polling(&world, &ann, &chat).await?;
    let context = context(
        &world.app,
        Some(Arc::new(TelegramSender::new(world.ctx.clone()))),
    )?;

    world.fake.set_outage(Some(Outage::BadGateway));
    let now = at("2099-02-01T12:00:00Z");
    let notified = emit(&world.app, ann.id, "groceries", now).await?;
    let job = telegram_job(ann.id, &notified);
    let first = delivery::deliver(&context, &job, now).await?;
    let retry_at = now + Duration::seconds(30);
    assert!(
        matches!(&first, Some(Outcome::Retry { at, .. }) if *at == retry_at),
        "{first:?}"
    );
    let refused = world.fake.calls_of("sendMessage");
    assert!(
        !refused.is_empty() && refused.iter().all(|c| c.status == 502),
        "{refused:?}"
    );
    assert!(world.fake.chat(chat.chat_id).is_empty());
    let (status, attempts, error) = rows_on(&world.app, ann.id, "telegram").await?.remove(0);
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(
        error.as_deref().is_some_and(|e| e.starts_with("temporary")),
        "{error:?}"
    );

    // Still down when the backoff is over: retried again, later.
    let released = outbox::release_due(&world.app.db.pool, retry_at).await?;
    assert_eq!((released.jobs, released.rows), (1, 1));
    let second = delivery::deliver(&context, &job, retry_at).await?;
    let second_retry_at = retry_at + Duration::seconds(60);
    assert!(
        matches!(&second, Some(Outcome::Retry { at, .. }) if *at == second_retry_at),
        "{second:?}"
    );

    // Telegram is back: the next release sends it, once.
    world.fake.set_outage(None);
    assert_eq!(
        outbox::release_due(&world.app.db.pool, second_retry_at - Duration::seconds(1))
            .await?
            .rows,
        0,
        "not before its backoff"
    );
    let released = outbox::release_due(&world.app.db.pool, second_retry_at).await?;
    assert_eq!((released.jobs, released.rows), (1, 1));
    assert_eq!(
        delivery::deliver(&context, &job, second_retry_at).await?,
        Some(Outcome::Sent)
    );
    // The jobs queued on the way (notify's, the releases') find nothing left to send.
    world.app.drain_jobs().await?;

    let messages = world.fake.chat(chat.chat_id);
    assert_eq!(messages.len(), 1, "one message: {messages:#?}");
    assert!(
        messages[0]
            .plain()
            .contains("Budget groceries: 80% reached")
    );
    assert_eq!(
        rows_on(&world.app, ann.id, "telegram").await?,
        [("sent".to_string(), 3, None)]
    );
    Ok(())
}
