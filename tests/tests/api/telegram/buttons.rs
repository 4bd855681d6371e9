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

/// The /recent row about `merchant`: its number label ("3.").
fn row_label(recent: &Sent, merchant: &str) -> String {
    let line = recent
        .plain()
        .lines()
        .find(|l| l.contains(merchant))
        .unwrap_or_else(|| panic!("{merchant} in {recent:?}"))
        .to_owned();
    format!("{}.", line.split('.').next().unwrap())
}

async fn press_and_wait(world: &BotWorld, person: &Person, message: &Sent, data: &str) -> Sent {
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
    let label = row_label(&recent, "Kiosk");
    let change = recent.button(&format!("{label} Change category")).unwrap();
    let keyboard = press_and_wait(&world, &chat, &recent, &change).await;
    assert!(keyboard.plain().contains("Kiosk"), "{keyboard:?}");
    let pick = keyboard
        .buttons()
        .into_iter()
        .find(|(text, _)| text == "Groceries")
        .unwrap_or_else(|| panic!("a Groceries button in {keyboard:?}"))
        .1;
    let changed = press_and_wait(&world, &chat, &keyboard, &pick).await;
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

    // It's a transfer; looks fine.
    let recent = world.ask(&chat, "/recent 10").await;
    let label = row_label(&recent, "Blue Bottle");
    let transfer = recent.button(&format!("{label} It's a transfer")).unwrap();
    let edited = press_and_wait(&world, &chat, &recent, &transfer).await;
    assert!(edited.plain().contains("Category changed"), "{edited:?}");
    let label = row_label(&recent, "Trattoria");
    let fine = recent.button(&format!("{label} Looks fine")).unwrap();
    let before = transaction(&world, &ann, "Trattoria Roma").await?;
    let edited = press_and_wait(&world, &chat, &edited, &fine).await;
    assert!(edited.plain().contains("Looks fine"), "{edited:?}");
    assert_eq!(
        transaction(&world, &ann, "Trattoria Roma").await?["category_id"],
        before["category_id"]
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
    let label = row_label(&recent, "Kiosk");
    let transfer = recent.button(&format!("{label} It's a transfer")).unwrap();
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
        find(&world, &ann_chat, recent.message_id).edits,
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
