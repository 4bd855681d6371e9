//! Alerts end to end: an import causes a large-transaction notification, the delivery job
//! sends it through TelegramSender to the linked chat once, with its buttons, which work.

use kakeibo_tests::fake_telegram::Person;
use kakeibo_tests::http::account_in;
use reqwest::Method;
use serde_json::json;

use super::BotWorld;

#[tokio::test]
async fn a_large_payment_reaches_the_chat_once_with_working_buttons() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5501, "Ann");
    world.link(&ann, &chat).await?;
    let checking = account_in(&world.app, &ann, "Checking", "checking", "EUR").await?;
    world
        .app
        .as_user(&ann, Method::PUT, "/notifications/preferences")
        .json(&json!({ "large_transaction": [{ "currency": "EUR", "amount": "500" }] }))
        .send()
        .await?
        .error_for_status()?;
    let csv = "Date,Description,Amount\n2026-01-05,Car <Repair> & Co_*[1],-750.00\n2026-01-06,Cafe Noir,-3.20\n";
    for _ in 0..2 {
        crate::notifications::import(&world.app, &ann, checking, csv).await?;
        world.app.drain_jobs().await?;
    }
    let before = world.fake.chat(chat.chat_id).len();
    let messages = world.fake.chat(chat.chat_id);
    let alerts: Vec<_> = messages
        .iter()
        .filter(|m| m.plain().contains("Car <Repair> & Co_*[1]"))
        .collect();
    assert_eq!(
        alerts.len(),
        1,
        "one alert, however often the file comes: {messages:#?}"
    );
    let alert = alerts[0].clone();
    assert_eq!(alert.parse_mode.as_deref(), Some("HTML"));
    let buttons: Vec<String> = alert.buttons().into_iter().map(|(text, _)| text).collect();
    assert_eq!(
        buttons,
        ["Change category", "It's a transfer", "Looks fine"]
    );

    // Its "Looks fine" is good in this chat.
    let data = alert.button("Looks fine").unwrap();
    let update = world.fake.press(&chat, alert.message_id, &data);
    let query_id = update["callback_query"]["id"].as_str().unwrap().to_owned();
    world
        .fake
        .wait_until("the press answered", |_| {
            world.fake.callback_answer(&query_id).is_some()
        })
        .await;
    assert_ne!(
        world.fake.callback_answer(&query_id).unwrap()["show_alert"],
        true
    );
    assert_eq!(
        world.fake.chat(chat.chat_id).len(),
        before,
        "an edit, no new message"
    );
    Ok(())
}

#[tokio::test]
async fn an_import_crossing_a_budget_threshold_reaches_the_chat_once() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5502, "Ann");
    world.link(&ann, &chat).await?;
    let checking = account_in(&world.app, &ann, "Checking", "checking", "EUR").await?;
    world
        .app
        .as_user(&ann, Method::POST, "/budgets")
        .json(&json!({ "name": "Everything", "period": "monthly", "amount": "100", "currency": "EUR" }))
        .send()
        .await?
        .error_for_status()?;
    let before = world.fake.chat(chat.chat_id).len();
    // A budget alerts for its current period only: the server's today, as notifications' own
    // test of this does.
    let today = world.app.today("UTC").await?;
    let csv = format!("Date,Description,Amount\n{today},REWE Markt,-85.00\n");
    for _ in 0..2 {
        crate::notifications::import(&world.app, &ann, checking, &csv).await?;
        world.app.drain_jobs().await?;
    }
    let new: Vec<_> = world.fake.chat(chat.chat_id)[before..].to_vec();
    assert_eq!(new.len(), 1, "exactly one alert: {new:#?}");
    assert!(new[0].plain().contains("Everything"), "{new:#?}");
    let status: String = sqlx::query_scalar(
        "SELECT status FROM notifications WHERE user_id = $1 AND kind = 'budget_threshold' AND channel = 'telegram'",
    )
    .bind(ann.id)
    .fetch_one(&world.app.db.pool)
    .await?;
    assert_eq!(status, "sent");
    Ok(())
}

/// With uncategorized alerts turned on for Telegram: a lone row arrives with its buttons,
/// its title saying which way the money went; a big import arrives as one message pointing
/// to /review, which lists the rows with one numbered button each.
#[tokio::test]
async fn uncategorized_rows_arrive_one_by_one_or_grouped() -> anyhow::Result<()> {
    let world = BotWorld::start().await?;
    let ann = world.app.verified_user("ann@example.com").await?;
    let chat = Person::new(5503, "Ann");
    world.link(&ann, &chat).await?;
    let checking = account_in(&world.app, &ann, "Checking", "checking", "EUR").await?;
    world
        .app
        .as_user(&ann, Method::PUT, "/notifications/preferences")
        .json(&json!({ "channels": { "uncategorized_transaction": { "telegram": true } } }))
        .send()
        .await?
        .error_for_status()?;

    let before = world.fake.chat(chat.chat_id).len();
    let csv = "Date,Description,Amount\n2026-02-01,PAYPAL *JOHNSMITH,-974.98\n2026-02-02,PAYPAL *MARIAROSSI,120.00\n";
    crate::notifications::import(&world.app, &ann, checking, csv).await?;
    world.app.drain_jobs().await?;
    let new: Vec<_> = world.fake.chat(chat.chat_id)[before..].to_vec();
    assert_eq!(new.len(), 2, "one message a row: {new:#?}");
    let paid = new
        .iter()
        .find(|m| m.plain().contains("Johnsmith"))
        .expect("the payment's alert");
    assert!(
        paid.plain()
            .starts_with("974.98 EUR paid at Paypal *Johnsmith"),
        "{paid:?}"
    );
    assert_eq!(
        paid.button_rows(),
        [["Change category", "It's a transfer", "Looks fine"]]
    );
    let received = new
        .iter()
        .find(|m| m.plain().contains("Mariarossi"))
        .expect("the income's alert");
    assert!(
        received
            .plain()
            .starts_with("120.00 EUR received from Paypal *Mariarossi"),
        "{received:?}"
    );

    let before = world.fake.chat(chat.chat_id).len();
    let names = [
        "ANNA", "BRUNO", "CARLA", "DARIO", "ELENA", "FABIO", "GIULIA",
    ];
    let mut csv = "Date,Description,Amount\n".to_owned();
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!(
            "2026-03-{:02},PAYPAL *{name},-{}.00\n",
            i + 1,
            5 + i
        ));
    }
    crate::notifications::import(&world.app, &ann, checking, &csv).await?;
    world.app.drain_jobs().await?;
    let new: Vec<_> = world.fake.chat(chat.chat_id)[before..].to_vec();
    assert_eq!(new.len(), 1, "one message for the import: {new:#?}");
    assert!(
        new[0].plain().starts_with("7 transactions need a category"),
        "{new:#?}"
    );
    assert!(new[0].plain().contains("/review"), "{new:#?}");
    assert!(new[0].buttons().is_empty());

    // /review: the newest ten of the nine waiting, numbered.
    let review = world.ask(&chat, "/review").await;
    assert!(
        review
            .plain()
            .starts_with("Transactions that need a category"),
        "{review:?}"
    );
    assert_eq!(
        review.button_rows(),
        vec![vec!["1", "2", "3", "4", "5"], vec!["6", "7", "8", "9"]],
        "{review:?}"
    );
    let row = crate::telegram::buttons::open_row(&world, &chat, &review, "Giulia").await;
    assert_eq!(
        row.button_rows(),
        [["Change category", "It's a transfer", "Looks fine"]]
    );
    Ok(())
}
