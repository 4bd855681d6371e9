//! The outbox with the real TelegramSender against the fake Bot API: a worker killed between
//! Telegram taking the message and the outcome being recorded does not cause a second
//! message, and a Bot API outage is retried until the alert goes out, once.

use std::sync::Arc;

use chrono::Duration;
use kakeibo_bot::TelegramSender;
use kakeibo_notifications::delivery::{self, Delivery};
use kakeibo_notifications::outbox;
use kakeibo_tests::fake_telegram::Person;

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
