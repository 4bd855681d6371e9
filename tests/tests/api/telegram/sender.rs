//! TelegramSender, as notifications deliver through it: Telegram's answers mapped to what
//! the deliverer does next, the rates kept, a short 429 waited out.

use std::time::Duration;

use kakeibo_bot::TelegramSender;
use kakeibo_core::chat::{ChatAlert, ChatDelivered, ChatError, ChatMessage, ChatSender};
use kakeibo_tests::fake_telegram::{Outage, Person};
use serde_json::json;
use uuid::Uuid;

use super::BotWorld;

fn alert(user_id: Uuid, title: &str, body: &str) -> ChatMessage {
    ChatMessage {
        user_id,
        alerts: vec![ChatAlert {
            notification_id: Uuid::new_v4(),
            kind: "budget_threshold".into(),
            title: title.into(),
            body: body.into(),
            payload: json!({}),
        }],
    }
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_alert_sent_once() -> anyhow::Result<()> {
    let mut world = BotWorld::without_polling(|_| {}).await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(7001, "Ann");
    link_without_polling(&world, &ann, &chat).await?;
    let sender = TelegramSender::new(world.ctx.clone());

    world.fake.rate_limit_next(1);
    let delivered = sender
        .send(alert(
            ann.id,
            "Budget <Food> 80%",
            "Spent 400 & counting at Caf_é *[x]*",
        ))
        .await?;
    assert_eq!(delivered, ChatDelivered::Sent);
    let chat_messages = world.fake.chat(chat.chat_id);
    assert_eq!(chat_messages.len(), 1, "sent once: {chat_messages:?}");
    assert_eq!(
        chat_messages[0].plain(),
        "Budget <Food> 80%\nSpent 400 & counting at Caf_é *[x]*"
    );
    let sends = world.fake.calls_of("sendMessage");
    assert_eq!(
        sends.iter().map(|c| c.status).collect::<Vec<_>>(),
        vec![429, 200]
    );
    assert!(sends[1].at.duration_since(sends[0].at) >= Duration::from_millis(950));

    // A long retry_after goes back to the deliverer, which reschedules.
    world.fake.rate_limit_next(60);
    let err = sender.send(alert(ann.id, "t", "b")).await.unwrap_err();
    assert!(
        matches!(err, ChatError::RetryAfter(d) if d == Duration::from_secs(60)),
        "{err:?}"
    );

    // Nobody linked: nothing to send, and retrying will not change that.
    let bob = world.app.verified_user("bob@example.com").await?;
    assert_eq!(
        sender.send(alert(bob.id, "t", "b")).await?,
        ChatDelivered::NotLinked
    );

    // Telegram down: temporary, the deliverer retries. Blocked: permanent.
    world.fake.set_outage(Some(Outage::BadGateway));
    let err = sender.send(alert(ann.id, "t", "b")).await.unwrap_err();
    assert!(matches!(err, ChatError::Temporary(_)), "{err:?}");
    world.fake.set_outage(None);
    world.fake.block(chat.chat_id);
    let err = sender.send(alert(ann.id, "t", "b")).await.unwrap_err();
    assert!(matches!(err, ChatError::Permanent(_)), "{err:?}");
    // Connections refused: temporary too.
    world.fake.stop().await;
    let err = sender.send(alert(ann.id, "t", "b")).await.unwrap_err();
    assert!(matches!(err, ChatError::Temporary(_)), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn many_alerts_keep_one_a_second_per_chat_and_30_overall() -> anyhow::Result<()> {
    let world = BotWorld::without_polling(|_| {}).await?;
    // 40 users (made in the store: registering 40 through the API meets its rate limit).
    let mut users = Vec::new();
    for n in 0..40 {
        let id = kakeibo_auth::tool_users::create_without_login(
            &world.app.db.pool,
            &format!("u{n}@example.com"),
        )
        .await?;
        let mut tx = world.app.db.pool.begin().await?;
        let (code, _) = kakeibo_bot::links::new_code(&mut tx, id, chrono::Utc::now()).await?;
        kakeibo_bot::links::redeem(&mut tx, &code, 8000 + n, None, None, chrono::Utc::now())
            .await?
            .unwrap();
        tx.commit().await?;
        users.push(id);
    }
    let sender = TelegramSender::new(world.ctx.clone());
    // Two alerts for each of 40 chats, all at once: 80 messages.
    let sends = users
        .iter()
        .flat_map(|u| [alert(*u, "a", "1"), alert(*u, "b", "2")])
        .map(|m| {
            let sender = sender.clone();
            async move { sender.send(m).await }
        });
    let results = futures::future::join_all(sends).await;
    assert!(
        results.iter().all(|r| matches!(r, Ok(ChatDelivered::Sent))),
        "{results:?}"
    );
    let accepted = world
        .fake
        .calls_of("sendMessage")
        .iter()
        .filter(|c| c.status == 200)
        .count();
    assert_eq!(accepted, 80);
    assert!(
        world
            .fake
            .calls_of("sendMessage")
            .iter()
            .all(|c| c.status == 200),
        "no 429 was needed"
    );
    assert!(
        world.fake.max_sends_in_a_second() <= 30,
        "{}",
        world.fake.max_sends_in_a_second()
    );
    assert!(world.fake.min_interval_per_chat().unwrap() >= Duration::from_millis(950));
    Ok(())
}

/// Links through the store as /start does (these tests run no poller).
pub(super) async fn link_without_polling(
    world: &BotWorld,
    user: &kakeibo_tests::TestUser,
    chat: &Person,
) -> anyhow::Result<()> {
    let code = world.link_code(user).await?;
    let mut tx = world.app.db.pool.begin().await?;
    let linked = kakeibo_bot::links::redeem(
        &mut tx,
        code["code"].as_str().unwrap(),
        chat.chat_id,
        Some(&chat.first_name),
        Some(&chat.username),
        chrono::Utc::now(),
    )
    .await?;
    tx.commit().await?;
    assert_eq!(linked, Ok(user.id));
    Ok(())
}

/// Alerts held by quiet hours arrive together: transactions among them are numbered, one
/// button each, and a number opens that row's actions.
#[tokio::test]
async fn grouped_transaction_alerts_are_numbered_with_one_button_each() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    crate::ask::add_ledger(&world.app, &ann).await?;
    let chat = Person::new(7003, "Ann");
    world.link(&ann, &chat).await?;
    let page: serde_json::Value = world
        .app
        .as_user(&ann, reqwest::Method::GET, "/transactions?limit=2")
        .send()
        .await?
        .json()
        .await?;
    let rows = page["transactions"].as_array().unwrap();
    let merchant = |i: usize| rows[i]["merchant"].as_str().unwrap().to_owned();
    let transaction = |i: usize| ChatAlert {
        notification_id: Uuid::new_v4(),
        kind: "large_transaction".into(),
        title: format!("Paid at {}", merchant(i)),
        body: "Large transaction.".into(),
        payload: json!({ "transaction_id": rows[i]["id"] }),
    };
    let budget = ChatAlert {
        notification_id: Uuid::new_v4(),
        kind: "budget_threshold".into(),
        title: "Budget Food: 80% reached".into(),
        body: "Spent 320.00 EUR of 400.00 EUR.".into(),
        payload: json!({}),
    };
    let message = ChatMessage {
        user_id: ann.id,
        alerts: vec![transaction(0), budget, transaction(1)],
    };
    let before = world.fake.chat(chat.chat_id).len();
    let sender = TelegramSender::new(world.ctx.clone());
    assert_eq!(sender.send(message).await?, ChatDelivered::Sent);
    let sent = world.next_reply(&chat, before).await;
    let text = sent.plain();
    assert!(
        text.starts_with(&format!("1. Paid at {}\n", merchant(0))),
        "{text}"
    );
    assert!(text.contains("\n\nBudget Food: 80% reached\n"), "{text}");
    assert!(
        text.contains(&format!("\n\n2. Paid at {}\n", merchant(1))),
        "{text}"
    );
    assert_eq!(sent.button_rows(), [["1", "2"]]);
    let row = crate::telegram::buttons::open_row(&world, &chat, &sent, &merchant(1)).await;
    assert!(row.plain().contains(&merchant(1)), "{row:?}");
    assert_eq!(
        row.button_rows(),
        [["Change category", "It's a transfer", "Looks fine"]]
    );
    Ok(())
}
