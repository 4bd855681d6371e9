//! Webhook mode: Telegram's calls carry the secret; anything without it is 401.

use kakeibo_core::config::TelegramMode;
use kakeibo_tests::fake_telegram::Person;
use reqwest::StatusCode;
use secrecy::SecretString;

use super::BotWorld;

const SECRET: &str = "webhook_secret-42";

#[tokio::test]
async fn the_webhook_answers_only_calls_with_the_secret() -> anyhow::Result<()> {
    let world = BotWorld::without_polling(|s| {
        s.telegram.mode = TelegramMode::Webhook;
        s.telegram.webhook_secret = SecretString::from(SECRET);
    })
    .await?;
    // What Telegram would post: the fake builds it as it queues it.
    let person = Person::new(9001, "Wen");
    let update = world.fake.say(&person, "/help");
    let url = world.app.url("/api/v1/telegram/webhook");

    let response = world.app.client.post(&url).json(&update).send().await?;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = world
        .app
        .client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "wrong")
        .json(&update)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(
        world.fake.chat(person.chat_id).is_empty(),
        "nothing was read"
    );

    let response = world
        .app
        .client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(&update)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let reply = world.fake.wait_for_messages(person.chat_id, 1).await;
    assert!(reply[0].plain().contains("not linked"), "{reply:?}");

    // At start the bot sets the webhook with its secret.
    let stop = tokio_util::sync::CancellationToken::new();
    let run = tokio::spawn(kakeibo_bot::run::run(world.ctx.clone(), stop.clone()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while world.fake.webhook().is_none() {
        assert!(std::time::Instant::now() < deadline, "no setWebhook");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (hook_url, secret) = world.fake.webhook().unwrap();
    assert!(hook_url.ends_with("/api/v1/telegram/webhook"), "{hook_url}");
    assert_eq!(secret.as_deref(), Some(SECRET));
    stop.cancel();
    run.await??;
    Ok(())
}
