//! Linking a chat by a one-time code; bad codes; unlinking; several users.

use kakeibo_tests::fake_telegram::{self, Person};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::BotWorld;

#[tokio::test]
async fn a_code_links_the_chat_once_and_bad_codes_link_nothing() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let ann_chat = Person::new(5001, "Ann");

    // An unlinked chat gets only instructions, whatever it writes.
    let reply = world.ask(&ann_chat, "/summary").await;
    assert!(reply.plain().contains("not linked"), "{reply:?}");
    let reply = world.ask(&ann_chat, "how much did I spend?").await;
    assert!(reply.plain().contains("not linked"), "{reply:?}");

    let code = world.link_code(&ann).await?;
    let code_text = code["code"].as_str().unwrap().to_owned();
    assert_eq!(
        code["deep_link"],
        format!(
            "https://t.me/{}?start={code_text}",
            fake_telegram::BOT_USERNAME
        )
    );
    assert!(
        code_text.len() <= 64
            && code_text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM telegram_link_codes WHERE code_hash = sha256(convert_to($1, 'UTF8'))",
    )
    .bind(&code_text)
    .fetch_one(&world.app.db.pool)
    .await?;
    assert_eq!(stored, 1, "only the code's hash is kept");

    let reply = world.ask(&ann_chat, "/start not-a-code").await;
    assert!(reply.plain().contains("not valid"), "{reply:?}");
    assert_eq!(link_status(&world, &ann).await?["linked"], false);

    let reply = world.ask(&ann_chat, &format!("/start {code_text}")).await;
    assert!(reply.plain().starts_with("Linked"), "{reply:?}");
    let status = link_status(&world, &ann).await?;
    assert_eq!(status["linked"], true);
    assert_eq!(status["chat"]["chat_id"], 5001);
    assert_eq!(status["chat"]["chat_username"], "ann");

    // Used: another chat cannot take it.
    let mallory = Person::new(6666, "Mallory");
    let reply = world.ask(&mallory, &format!("/start {code_text}")).await;
    assert!(reply.plain().contains("already used"), "{reply:?}");
    assert_eq!(link_status(&world, &ann).await?["chat"]["chat_id"], 5001);

    // Expired: a code past its 10 minutes.
    let bob = world.app.verified_user("bob@example.com").await?;
    let bob_code = world.link_code(&bob).await?;
    sqlx::query("UPDATE telegram_link_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1")
        .bind(bob.id)
        .execute(&world.app.db.pool)
        .await?;
    let bob_chat = Person::new(5002, "Bob");
    let reply = world
        .ask(
            &bob_chat,
            &format!("/start {}", bob_code["code"].as_str().unwrap()),
        )
        .await;
    assert!(reply.plain().contains("expired"), "{reply:?}");
    assert_eq!(link_status(&world, &bob).await?["linked"], false);

    // Several users, each their own chat.
    world.link(&bob, &bob_chat).await?;
    assert_eq!(link_status(&world, &bob).await?["chat"]["chat_id"], 5002);
    assert_eq!(link_status(&world, &ann).await?["chat"]["chat_id"], 5001);

    // Unlink from the dashboard: the chat is back to instructions.
    let response = world
        .app
        .as_user(&ann, Method::DELETE, "/telegram/link")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let reply = world.ask(&ann_chat, "/budget").await;
    assert!(reply.plain().contains("not linked"), "{reply:?}");
    let response = world
        .app
        .as_user(&ann, Method::DELETE, "/telegram/link")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // And /unlink in the chat.
    let reply = world.ask(&bob_chat, "/unlink").await;
    assert!(reply.plain().starts_with("Unlinked"), "{reply:?}");
    assert_eq!(link_status(&world, &bob).await?["linked"], false);

    // setMyCommands ran at start, /start not among them.
    let commands: Vec<String> = world
        .fake
        .commands()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        commands.contains(&"summary".to_owned()) && commands.contains(&"recent".to_owned()),
        "{commands:?}"
    );
    assert!(!commands.contains(&"start".to_owned()));
    Ok(())
}

#[tokio::test]
async fn without_a_bot_a_link_code_is_refused() -> anyhow::Result<()> {
    let app = kakeibo_tests::TestApp::spawn().await?;
    let ann = app.verified_user("ann@example.com").await?;
    let response = app
        .as_user(&ann, Method::POST, "/telegram/link-code")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await?;
    assert_eq!(body["error"]["code"], "telegram_not_configured");
    Ok(())
}

async fn link_status(world: &BotWorld, user: &kakeibo_tests::TestUser) -> anyhow::Result<Value> {
    let response = world
        .app
        .as_user(user, Method::GET, "/telegram/link")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

#[tokio::test]
async fn export_and_erase_cover_the_bots_rows() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5601, "Ann");
    world.link(&ann, &chat).await?;
    world.ask(&chat, "/recent").await;
    world.link_code(&ann).await?;
    let mut conn = world.app.db.pool.acquire().await?;
    let mut exported = kakeibo_core::export::CollectedRecords::default();
    kakeibo_bot::links::export_user(&mut conn, &mut exported, ann.id).await?;
    assert_eq!(exported.of("telegram_link")[0]["chat_id"], 5601);
    kakeibo_bot::links::erase_user(&mut conn, ann.id).await?;
    for table in [
        "telegram_links",
        "telegram_link_codes",
        "telegram_callbacks",
        "telegram_conversations",
    ] {
        let left: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} WHERE user_id = $1"
        )))
        .bind(ann.id)
        .fetch_one(&mut *conn)
        .await?;
        assert_eq!(left, 0, "{table}");
    }
    let reply = world.ask(&chat, "/summary").await;
    assert!(reply.plain().contains("not linked"), "{reply:?}");
    Ok(())
}

#[tokio::test]
async fn old_buttons_and_codes_are_dropped_and_stop_working() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    crate::ask::add_ledger(&world.app, &ann).await?;
    let chat = Person::new(5701, "Ann");
    world.link(&ann, &chat).await?;
    let recent = world.ask(&chat, "/recent 1").await;
    let mut conn = world.app.db.pool.acquire().await?;
    let now = chrono::Utc::now();
    assert_eq!(
        kakeibo_bot::callbacks::prune(&mut conn, now).await?,
        0,
        "new buttons stay"
    );
    let later = now + chrono::Duration::days(kakeibo_bot::callbacks::BUTTON_DAYS + 1);
    assert_eq!(
        kakeibo_bot::callbacks::prune(&mut conn, later).await?,
        1,
        "the row's one numbered button"
    );
    assert_eq!(
        kakeibo_bot::links::prune_codes(&mut conn, later).await?,
        1,
        "the used code"
    );
    let number = recent.button_exactly("1").unwrap();
    let update = world.fake.press(&chat, recent.message_id, &number);
    let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
    world
        .fake
        .wait_until("the press answered", |_| {
            world.fake.callback_answer(&query_id).is_some()
        })
        .await;
    assert_eq!(
        world.fake.callback_answer(&query_id).unwrap()["show_alert"],
        true
    );
    Ok(())
}
