//! Buttons: Change category recategorizes as the user, and "always for this merchant"
//! adds the rule that categorizes the next imported row from that merchant; transfer and
//! looks-fine; forged, foreign and unlinked presses change nothing.

use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_tests::fake_telegram::{Person, Sent};
use kakeibo_tests::http::{category, expect};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::Value;

use super::BotWorld;
use crate::ask::add_ledger;

/// The /recent row about `merchant`: its number ("3").
fn row_number(recent: &Sent, merchant: &str) -> String {
    let line = recent
        .plain()
        .lines()
        .find(|l| l.contains(merchant))
        .unwrap_or_else(|| panic!("{merchant} in {recent:?}"))
        .to_owned();
    line.split('.').next().unwrap().to_owned()
}

/// Presses the list's number for `merchant` and answers the reply holding that row's actions.
pub async fn open_row(world: &BotWorld, person: &Person, list: &Sent, merchant: &str) -> Sent {
    let number = row_number(list, merchant);
    let data = list
        .button_exactly(&number)
        .unwrap_or_else(|| panic!("a button {number} in {list:?}"));
    let before = world.fake.chat(person.chat_id).len();
    world.fake.press(person, list.message_id, &data);
    let row = world.next_reply(person, before).await;
    assert!(
        row.plain().starts_with(&format!("{number}. ")) && row.plain().contains(merchant),
        "{row:?}"
    );
    row
}

/// Every button's data fits Telegram's 64 bytes.
fn short_data(message: &Sent) {
    for (text, data) in message.buttons() {
        assert!(data.len() <= 64, "{text}: {data}");
    }
}

pub async fn press_and_wait(world: &BotWorld, person: &Person, message: &Sent, data: &str) -> Sent {
    let edits = message.edits;
    let update = world.fake.press(person, message.message_id, data);
    let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
    world
        .fake
        .wait_until("the press answered", |_| {
            world.fake.callback_answer(&query_id).is_some()
        })
        .await;
    // An accepted press edits the message; give it the moment it takes.
    for _ in 0..100 {
        let now = find(world, person, message.message_id);
        if now.edits > edits {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    find(world, person, message.message_id)
}

fn find(world: &BotWorld, person: &Person, message_id: i64) -> Sent {
    world
        .fake
        .chat(person.chat_id)
        .into_iter()
        .find(|m| m.message_id == message_id)
        .unwrap()
}

async fn transaction(
    world: &BotWorld,
    user: &kakeibo_tests::TestUser,
    merchant: &str,
) -> anyhow::Result<Value> {
    let page = expect(
        &world.app,
        user,
        Method::GET,
        "/transactions?limit=200",
        None,
        StatusCode::OK,
    )
    .await?;
    Ok(page["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["merchant"] == merchant || t["description"] == merchant)
        .max_by_key(|t| t["booked_at"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no {merchant}"))
        .clone())
}

#[tokio::test]
async fn a_new_category_teaches_and_the_next_import_follows_it() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    let chat = Person::new(5201, "Ann");
    world.link(&ann, &chat).await?;
    let groceries = category(&world.app, &ann, "food.groceries").await?;

    let recent = world.ask(&chat, "/recent 10").await;
    // One numbered button per row, five to a keyboard row.
    assert_eq!(
        recent.button_rows(),
        [["1", "2", "3", "4", "5"], ["6", "7", "8", "9", "10"]],
        "{recent:?}"
    );
    assert!(recent.plain().contains("Press a number"), "{recent:?}");
    short_data(&recent);
    let row = open_row(&world, &chat, &recent, "Kiosk").await;
    assert_eq!(
        row.button_rows(),
        [["Change category", "It's a transfer", "Looks fine"]]
    );
    let change = row.button("Change category").unwrap();
    let top = press_and_wait(&world, &chat, &row, &change).await;
    assert!(top.plain().contains("Kiosk"), "{top:?}");
    let labels: Vec<String> = top.buttons().into_iter().map(|(text, _)| text).collect();
    // The top level: parents open their children; transfers have their own button.
    assert!(labels.contains(&"Food & Dining ›".to_owned()), "{labels:?}");
    assert!(!labels.contains(&"Groceries".to_owned()), "{labels:?}");
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("Transfers") || l.contains("Between My Accounts")),
        "{labels:?}"
    );
    assert_eq!(labels.last().map(String::as_str), Some("« Back"));
    assert!(labels.len() < 20, "not every category at once: {labels:?}");
    short_data(&top);
    // Back from the top level: the row's actions again, in place.
    let actions = press_and_wait(&world, &chat, &top, &top.button_exactly("« Back").unwrap()).await;
    assert_eq!(
        actions.button_rows(),
        [["Change category", "It's a transfer", "Looks fine"]]
    );
    let top = press_and_wait(
        &world,
        &chat,
        &actions,
        &actions.button("Change category").unwrap(),
    )
    .await;
    let food = press_and_wait(
        &world,
        &chat,
        &top,
        &top.button_exactly("Food & Dining ›").unwrap(),
    )
    .await;
    assert_eq!(food.message_id, row.message_id, "edited in place");
    assert!(
        food.plain().starts_with("Change category › Food & Dining"),
        "{food:?}"
    );
    let labels: Vec<String> = food.buttons().into_iter().map(|(text, _)| text).collect();
    for wanted in ["Food & Dining itself", "Groceries", "Restaurants", "« Back"] {
        assert!(
            labels.contains(&wanted.to_owned()),
            "{wanted} in {labels:?}"
        );
    }
    assert!(
        !labels.iter().any(|l| l.starts_with("Transportation")),
        "{labels:?}"
    );
    short_data(&food);
    // Back goes up a level; the way down again.
    let up = press_and_wait(
        &world,
        &chat,
        &food,
        &food.button_exactly("« Back").unwrap(),
    )
    .await;
    assert!(up.button_exactly("Food & Dining ›").is_some(), "{up:?}");
    let food = press_and_wait(
        &world,
        &chat,
        &up,
        &up.button_exactly("Food & Dining ›").unwrap(),
    )
    .await;
    let pick = food.button_exactly("Groceries").unwrap();
    let changed = press_and_wait(&world, &chat, &food, &pick).await;
    assert!(changed.plain().contains("Category changed"), "{changed:?}");
    assert!(changed.plain().contains("Groceries"), "{changed:?}");
    let kiosk = transaction(&world, &ann, "Kiosk").await?;
    assert_eq!(kiosk["category_id"], groceries.as_str(), "{kiosk}");
    assert_eq!(kiosk["category_source"], "user", "{kiosk}");

    let always = changed
        .button("Always for this merchant")
        .expect("the rule is offered");
    let done = press_and_wait(&world, &chat, &changed, &always).await;
    assert!(
        done.plain()
            .contains("From now on Kiosk is always Groceries"),
        "{done:?}"
    );
    assert!(done.buttons().is_empty());
    let rules = expect(
        &world.app,
        &ann,
        Method::GET,
        "/rules",
        None,
        StatusCode::OK,
    )
    .await?;
    let rule = &rules.as_array().unwrap()[0];
    assert_eq!(
        rule["actions"]["category_id"],
        groceries.as_str(),
        "{rules}"
    );

    // The next import from Kiosk is categorized the same way.
    let accounts = expect(
        &world.app,
        &ann,
        Method::GET,
        "/accounts",
        None,
        StatusCode::OK,
    )
    .await?;
    let checking = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Checking")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()?;
    let statement = Statement {
        lines: vec![StatementLine {
            source_line: 2,
            booked_on: "2026-03-30".parse()?,
            amount: dec!(-12.40),
            currency: None,
            payee: "Kiosk".into(),
            description: "Kiosk".into(),
            source_id: None,
            pending: false,
            merchant_category_code: None,
        }],
        ..Default::default()
    };
    crate::transactions::import_into(&world.app, &ann, checking, &statement).await?;
    world.app.drain_jobs().await?;
    let imported = transaction(&world, &ann, "Kiosk").await?;
    assert_ne!(imported["id"], kiosk["id"]);
    assert_eq!(imported["category_id"], groceries.as_str(), "{imported}");

    // It's a transfer: said so, and the row shows its transfer category.
    let recent = world.ask(&chat, "/recent 10").await;
    let row = open_row(&world, &chat, &recent, "Blue Bottle").await;
    let transfer = row.button("It's a transfer").unwrap();
    let edited = press_and_wait(&world, &chat, &row, &transfer).await;
    assert!(
        edited.plain().starts_with("✓ Marked as a transfer"),
        "{edited:?}"
    );
    assert!(edited.plain().contains("Between My Accounts"), "{edited:?}");
    assert!(!edited.plain().contains("Category changed"), "{edited:?}");
    assert!(edited.buttons().is_empty(), "{edited:?}");
    // Looks fine: nothing changes but the message.
    let row = open_row(&world, &chat, &recent, "Trattoria").await;
    let fine = row.button("Looks fine").unwrap();
    let before = transaction(&world, &ann, "Trattoria Roma").await?;
    let edited = press_and_wait(&world, &chat, &row, &fine).await;
    assert!(edited.plain().starts_with("✓ Looks fine"), "{edited:?}");
    assert_eq!(
        transaction(&world, &ann, "Trattoria Roma").await?["category_id"],
        before["category_id"]
    );
    Ok(())
}

/// A German user's buttons and answers are German.
#[tokio::test]
async fn a_german_user_gets_german_buttons() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    expect(
        &world.app,
        &ann,
        Method::PATCH,
        "/me",
        Some(serde_json::json!({ "locale": "de-DE" })),
        StatusCode::OK,
    )
    .await?;
    let chat = Person::new(5202, "Ann");
    world.link(&ann, &chat).await?;
    let recent = world.ask(&chat, "/recent 3").await;
    assert!(recent.plain().starts_with("Letzte Buchungen"), "{recent:?}");
    // "1. 25.03.2026 · ACME GmbH · 3.000,00 EUR · Salary": German dates and amounts.
    let first = recent.plain().lines().nth(1).unwrap().to_owned();
    assert!(first.starts_with("1. 25.03.2026 · "), "{recent:?}");
    assert!(first.contains("3.000,00 EUR"), "{recent:?}");
    let merchant = first.split(" · ").nth(1).unwrap().to_owned();
    let row = open_row(&world, &chat, &recent, &merchant).await;
    assert_eq!(
        row.button_rows(),
        [["Kategorie ändern", "Ist eine Umbuchung", "Passt so"]]
    );
    let top = press_and_wait(
        &world,
        &chat,
        &row,
        &row.button("Kategorie ändern").unwrap(),
    )
    .await;
    assert!(top.plain().starts_with("Kategorie ändern"), "{top:?}");
    let food = press_and_wait(
        &world,
        &chat,
        &top,
        &top.button_exactly("Food & Dining ›").unwrap(),
    )
    .await;
    assert!(
        food.button_exactly("Food & Dining (allgemein)").is_some(),
        "{food:?}"
    );
    assert!(food.button_exactly("« Zurück").is_some(), "{food:?}");
    let transfer = press_and_wait(
        &world,
        &chat,
        &food,
        &food.button_exactly("« Zurück").unwrap(),
    )
    .await;
    let transfer = press_and_wait(
        &world,
        &chat,
        &transfer,
        &transfer.button_exactly("« Zurück").unwrap(),
    )
    .await;
    let done = press_and_wait(
        &world,
        &chat,
        &transfer,
        &transfer.button("Ist eine Umbuchung").unwrap(),
    )
    .await;
    assert!(
        done.plain().starts_with("✓ Als Umbuchung markiert"),
        "{done:?}"
    );
    Ok(())
}

#[tokio::test]
async fn forged_foreign_and_unlinked_presses_change_nothing() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    add_ledger(&world.app, &ann).await?;
    let ann_chat = Person::new(5301, "Ann");
    world.link(&ann, &ann_chat).await?;
    let bob = world.app.verified_user("bob@example.com").await?;
    let bob_chat = Person::new(5302, "Bob");
    world.link(&bob, &bob_chat).await?;
    let carol_chat = Person::new(5303, "Carol");

    let recent = world.ask(&ann_chat, "/recent 10").await;
    let row = open_row(&world, &ann_chat, &recent, "Kiosk").await;
    let transfer = row.button("It's a transfer").unwrap();
    let before = transaction(&world, &ann, "Kiosk").await?;
    let bobs_message = world.ask(&bob_chat, "/help").await;
    let carols_message = world.ask(&carol_chat, "hello").await;

    for (person, message, data) in [
        (&ann_chat, &recent, "forged-id-123456".to_owned()),
        (&bob_chat, &bobs_message, transfer.clone()),
        (&carol_chat, &carols_message, transfer.clone()),
    ] {
        let update = world.fake.press(person, message.message_id, &data);
        let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
        world
            .fake
            .wait_until("the press answered", |_| {
                world.fake.callback_answer(&query_id).is_some()
            })
            .await;
        let answer = world.fake.callback_answer(&query_id).unwrap();
        assert_eq!(answer["show_alert"], true, "{answer}");
        assert!(
            answer["text"]
                .as_str()
                .unwrap()
                .contains("nothing was changed"),
            "{answer}"
        );
    }
    assert_eq!(
        transaction(&world, &ann, "Kiosk").await?["category_id"],
        before["category_id"]
    );
    assert_eq!(
        find(&world, &ann_chat, row.message_id).edits,
        0,
        "the message is as it was"
    );
    Ok(())
}

#[tokio::test]
async fn settings_toggle_alert_kinds_and_quiet_hours() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5401, "Ann");
    world.link(&ann, &chat).await?;
    let before = expect(
        &world.app,
        &ann,
        Method::GET,
        "/notifications/preferences",
        None,
        StatusCode::OK,
    )
    .await?;
    let was_on = before["channels"]["budget_threshold"]["telegram"]
        .as_bool()
        .unwrap();

    let settings = world.ask(&chat, "/settings").await;
    assert!(
        settings.plain().contains("Quiet hours: off"),
        "{settings:?}"
    );
    let toggle = settings.button("Budget threshold").unwrap();
    let edited = press_and_wait(&world, &chat, &settings, &toggle).await;
    let after = expect(
        &world.app,
        &ann,
        Method::GET,
        "/notifications/preferences",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(after["channels"]["budget_threshold"]["telegram"], !was_on);
    let mark = if was_on {
        "❌ Budget threshold"
    } else {
        "✅ Budget threshold"
    };
    assert!(
        edited.buttons().iter().any(|(text, _)| text == mark),
        "{edited:?}"
    );

    let quiet = edited.button("Quiet hours").unwrap();
    let edited = press_and_wait(&world, &chat, &edited, &quiet).await;
    let after = expect(
        &world.app,
        &ann,
        Method::GET,
        "/notifications/preferences",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(after["quiet_hours"]["enabled"], true, "{after}");
    assert!(edited.plain().contains("Quiet hours: on"), "{edited:?}");
    Ok(())
}
