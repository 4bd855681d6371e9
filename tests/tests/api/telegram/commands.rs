//! Each command's reply, its figures checked against the API's own answers for the same
//! user (the ask engine and the budget endpoints), on the ask tests' ledger; free text
//! answered by the ask engine with a follow-up in the same conversation; the flood limit;
//! a long answer split.

use kakeibo_ask::understand::Language;
use kakeibo_bot::format;
use kakeibo_tests::fake_telegram::Person;
use kakeibo_tests::http::expect;
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::BotWorld;
use crate::ask::add_ledger;

fn en(amount: &Value, currency: &str) -> String {
    let amount: Decimal = match amount {
        Value::String(s) => s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}")),
        Value::Object(_) => return en(&amount["amount"], currency),
        other => other
            .to_string()
            .parse()
            .unwrap_or_else(|e| panic!("{other}: {e}")),
    };
    format::money(Language::En, amount, currency)
}

/// The amounts of `POST /ask`'s headline, written as the bot writes them.
async fn asked(
    world: &BotWorld,
    user: &kakeibo_tests::TestUser,
    question: &str,
) -> anyhow::Result<Vec<String>> {
    let answer = expect(
        &world.app,
        user,
        Method::POST,
        "/ask",
        Some(json!({ "question": question })),
        StatusCode::OK,
    )
    .await?;
    let amounts = answer["headline"]["amounts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!amounts.is_empty(), "{answer}");
    Ok(amounts
        .iter()
        .map(|m| en(&m["amount"], m["currency"].as_str().unwrap()))
        .collect())
}

#[tokio::test]
async fn each_command_answers_with_the_apis_figures() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    let chat = Person::new(5101, "Ann");
    world.link(&ann, &chat).await?;

    // /summary month: March 2026 (today is the 31st), as the ask engine answers it.
    let reply = world.ask(&chat, "/summary month").await.plain();
    let spent = asked(&world, &ann, "How much did I spend in March 2026?").await?;
    let income = asked(&world, &ann, "How much income did I have in March 2026?").await?;
    let spent_line = reply.lines().find(|l| l.starts_with("Spent:")).unwrap();
    for amount in &spent {
        assert!(spent_line.contains(amount.as_str()), "{amount} in {reply}");
    }
    let income_line = reply.lines().find(|l| l.starts_with("Income:")).unwrap();
    for amount in &income {
        assert!(income_line.contains(amount.as_str()), "{amount} in {reply}");
    }
    assert!(reply.contains("1 Mar 2026 – 31 Mar 2026"), "{reply}");

    // /spent with a category, then a merchant.
    let reply = world.ask(&chat, "/spent Groceries month").await.plain();
    for amount in asked(
        &world,
        &ann,
        "How much did I spend on groceries in March 2026?",
    )
    .await?
    {
        assert!(reply.contains(&amount), "{amount} in {reply}");
    }
    let reply = world.ask(&chat, "/spent Trattoria Roma").await.plain();
    for amount in asked(
        &world,
        &ann,
        "How much did I spend at Trattoria Roma in March 2026?",
    )
    .await?
    {
        assert!(reply.contains(&amount), "{amount} in {reply}");
    }

    // /balance: each account as GET /accounts has it.
    let reply = world.ask(&chat, "/balance").await.plain();
    let accounts = expect(
        &world.app,
        &ann,
        Method::GET,
        "/accounts",
        None,
        StatusCode::OK,
    )
    .await?;
    for account in accounts.as_array().unwrap() {
        let name = account["name"].as_str().unwrap();
        let line = reply
            .lines()
            .find(|l| l.starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{name} in {reply}"));
        let balance = &account["current_balance"];
        if !balance.is_null() {
            assert!(
                line.contains(&en(balance, account["currency"].as_str().unwrap())),
                "{line} vs {account}"
            );
        }
    }

    // /budget: the bar and the figures of GET /budgets/{id}/progress (groceries: in euros
    // only, so no exchange rate is needed).
    let groceries = kakeibo_tests::http::category(&world.app, &ann, "food.groceries").await?;
    let budget = expect(
        &world.app,
        &ann,
        Method::POST,
        "/budgets",
        Some(json!({ "name": "Food shop", "category_id": groceries, "period": "monthly", "amount": "400", "currency": "EUR" })),
        StatusCode::CREATED,
    )
    .await?;
    let progress = expect(
        &world.app,
        &ann,
        Method::GET,
        &format!(
            "/budgets/{}/progress?at=2026-03-31",
            budget["id"].as_str().unwrap()
        ),
        None,
        StatusCode::OK,
    )
    .await?["progress"]
        .clone();
    let reply = world.ask(&chat, "/budget").await.plain();
    assert!(reply.contains("Food shop"), "{reply}");
    assert!(
        reply.contains(&format!("{} of", en(&progress["spent"], "EUR"))),
        "{progress} / {reply}"
    );
    assert!(reply.contains('■') || reply.contains('□'), "{reply}");

    // /recent: the newest rows, each with its numbered button.
    let recent = world.ask(&chat, "/recent 3").await;
    assert_eq!(
        recent
            .plain()
            .lines()
            .filter(|l| l.starts_with(char::is_numeric))
            .count(),
        3,
        "{recent:?}"
    );
    assert_eq!(recent.button_rows(), [["1", "2", "3"]], "{recent:?}");
    assert!(recent.buttons().iter().all(|(_, data)| data.len() <= 64));
    let reply = world.ask(&chat, "/recent 500").await.plain();
    assert!(reply.contains("from 1 to 10"), "{reply}");

    let reply = world.ask(&chat, "/goals").await.plain();
    assert!(reply.contains("no savings goals"), "{reply}");
    let reply = world.ask(&chat, "/subscriptions").await.plain();
    assert!(
        reply.contains("No recurring payments") || reply.contains("Per month"),
        "{reply}"
    );
    let reply = world.ask(&chat, "/help").await.plain();
    for command in [
        "/summary",
        "/budget",
        "/recent",
        "/spent",
        "/balance",
        "/subscriptions",
        "/goals",
        "/unlink",
    ] {
        assert!(reply.contains(command), "{command} in {reply}");
    }
    let reply = world.ask(&chat, "/frobnicate").await.plain();
    assert!(reply.contains("/help"), "{reply}");
    Ok(())
}

#[tokio::test]
async fn free_text_goes_to_the_ask_engine_with_follow_ups() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    let chat = Person::new(5102, "Ann");
    world.link(&ann, &chat).await?;

    let first = world
        .ask(&chat, "How much did I spend on groceries in March 2026?")
        .await
        .plain();
    for amount in asked(
        &world,
        &ann,
        "How much did I spend on groceries in March 2026?",
    )
    .await?
    {
        assert!(first.contains(&amount), "{amount} in {first}");
    }
    let follow_up = world.ask(&chat, "and in February 2026?").await.plain();
    for amount in asked(
        &world,
        &ann,
        "How much did I spend on groceries in February 2026?",
    )
    .await?
    {
        assert!(follow_up.contains(&amount), "{amount} in {follow_up}");
    }
    // Both turns in one conversation, the one this chat continues.
    let (conversation, turns): (uuid::Uuid, i64) = sqlx::query_as(
        "SELECT c.conversation_id, (SELECT count(*) FROM ask_turns t WHERE t.conversation_id = c.conversation_id)
         FROM telegram_conversations c WHERE c.chat_id = $1",
    )
    .bind(chat.chat_id)
    .fetch_one(&world.app.db.pool)
    .await?;
    assert_eq!(turns, 2, "conversation {conversation}");
    Ok(())
}

#[tokio::test]
async fn a_flood_gets_one_slow_down_and_long_answers_are_split() -> anyhow::Result<()> {
    let world = BotWorld::start_with(|s| s.telegram.messages_per_minute = 3).await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5103, "Ann");
    world.link(&ann, &chat).await?; // the first of the 3
    let before = world.fake.chat(chat.chat_id).len();
    for _ in 0..8 {
        world.fake.say(&chat, "/help");
    }
    // Two answered, then one "slow down"; the other five are dropped. (A minute boundary
    // inside the flood would open a second window: allowed for, as a second notice.)
    // However the flood falls into minute windows (at most 2 + 3 answered), it ends in a
    // "slow down": wait for that one, not a fixed time, since a loaded machine answers late.
    let is_slow_down =
        |m: &kakeibo_tests::fake_telegram::Sent| m.plain().contains("faster than I can answer");
    world.fake.wait_for_messages(chat.chat_id, before + 3).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !world.fake.chat(chat.chat_id)[before..]
        .iter()
        .any(is_slow_down)
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let sent = &world.fake.chat(chat.chat_id)[before..];
    let slow_downs = sent.iter().filter(|m| is_slow_down(m)).count();
    assert!((1..=2).contains(&slow_downs), "{sent:#?}");
    assert!(
        sent.len() < 8,
        "the flood was not answered in full: {}",
        sent.len()
    );

    // A 5,000-character answer arrives as two messages, split at a line break, each under
    // Telegram's limit (the fake refuses longer ones), nothing lost.
    let line = format!("{} & <{}>", "x".repeat(40), "y".repeat(8));
    let lines: Vec<String> = (0..90).map(|n| format!("{n:02} {line}")).collect();
    let html = format::escape(&lines.join("\n"));
    assert!(lines.join("\n").chars().count() > 5000);
    let other = Person::new(5199, "Other");
    let messages = kakeibo_bot::send::send_html(&world.ctx, other.chat_id, &html, None).await?;
    assert_eq!(messages.len(), 2);
    let received = world.fake.chat(other.chat_id);
    assert!(received.iter().all(|m| m.plain().chars().count() <= 4096));
    let joined: Vec<String> = received.iter().map(|m| m.plain()).collect();
    assert_eq!(joined.join("\n"), lines.join("\n"));
    Ok(())
}

/// A German user reads German: the link, the commands, their amounts and days, /settings.
#[tokio::test]
async fn a_german_user_reads_german() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    expect(
        &world.app,
        &ann,
        Method::PATCH,
        "/me",
        Some(json!({ "locale": "de-DE" })),
        StatusCode::OK,
    )
    .await?;
    let chat = Person::new(5105, "Ann");
    let code = world.link_code(&ann).await?;
    let reply = world
        .ask(&chat, &format!("/start {}", code["code"].as_str().unwrap()))
        .await
        .plain();
    assert!(reply.starts_with("Verbunden: dieser Chat"), "{reply}");

    let reply = world.ask(&chat, "/summary").await.plain();
    assert!(
        reply.starts_with("Übersicht diesen Monat (01.03.2026 – 31.03.2026)"),
        "{reply}"
    );
    assert!(
        reply.contains("\nAusgaben: 190,00 EUR, 6,50 USD (6 Buchungen)"),
        "{reply}"
    );
    assert!(reply.contains("\nEinnahmen: 3.000,00 EUR"), "{reply}");
    assert!(reply.contains("\nOhne Kategorie: 20,00 EUR"), "{reply}");
    let reply = world.ask(&chat, "/spent Trattoria Roma").await.plain();
    assert!(
        reply.starts_with("Ausgaben für Trattoria Roma diesen Monat: 80,00 EUR (1 Buchung,"),
        "{reply}"
    );
    let reply = world.ask(&chat, "/budget").await.plain();
    assert_eq!(
        reply,
        "Du hast noch keine Budgets. Leg sie in Kakeibo unter Budgets an."
    );
    let reply = world.ask(&chat, "/balance").await.plain();
    assert!(reply.starts_with("Kontostände"), "{reply}");
    assert!(
        reply.contains("\nGesamt: 5.210,00 EUR, -6,50 USD"),
        "{reply}"
    );
    let reply = world.ask(&chat, "/goals").await.plain();
    assert_eq!(reply, "Du hast noch keine Sparziele.");
    let reply = world.ask(&chat, "/recent 500").await.plain();
    assert_eq!(reply, "Schreib /recent oder /recent N, mit N von 1 bis 10.");
    let reply = world.ask(&chat, "/nope").await.plain();
    assert!(
        reply.starts_with("Diesen Befehl kenne ich nicht"),
        "{reply}"
    );
    let reply = world.ask(&chat, "/help").await.plain();
    assert!(reply.starts_with("Was ich kann\n"), "{reply}");
    assert!(reply.contains("/balance — Kontostände"), "{reply}");
    let settings = world.ask(&chat, "/settings").await;
    assert!(settings.plain().contains("Ruhezeiten: aus"), "{settings:?}");
    assert!(
        settings.button_exactly("✅ Große Buchung").is_some(),
        "{settings:?}"
    );
    assert!(
        settings
            .button_exactly("🌙 Ruhezeiten 22:00–07:00")
            .is_some(),
        "{settings:?}"
    );
    Ok(())
}
