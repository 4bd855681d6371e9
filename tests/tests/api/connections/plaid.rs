//! Plaid through the API against the local Plaid: Link token, public-token exchange, the
//! first sync through the job queue, `/transactions/sync` changes applied exactly once.
//! `update_mode`: re-linking after `ITEM_LOGIN_REQUIRED`; `failures`: transient errors.

mod corrections;
mod failures;
mod update_mode;

use chrono::Utc;
use kakeibo_tests::fake_banks::plaid::{FakeAccount, FakePlaid, INSTITUTION_NAME, NewTransaction};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::StatusCode;
use rust_decimal_macros::dec;
use serde_json::json;

use super::support::{self, account, named};

pub(super) async fn app_with(fake: &FakePlaid) -> anyhow::Result<TestApp> {
    let settings = fake.settings();
    TestApp::spawn_with(move |s| s.bank.plaid = settings).await
}

/// Completes connection `id` with a public token from Link, as the dashboard does once the
/// person has linked their bank; its first sync is queued, not run.
pub(super) async fn finish_link(
    app: &TestApp,
    fake: &FakePlaid,
    user: &TestUser,
    id: &str,
) -> anyhow::Result<()> {
    let public_token = fake.public_token().await;
    let (status, connection) =
        support::complete(app, user, id, json!({"token": public_token})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    assert_eq!(connection["status"], "active");
    assert_eq!(connection["institution_name"], INSTITUTION_NAME);
    Ok(())
}

/// Connects Plaid as `user` the way the dashboard does (Link yields a public token), and
/// runs the first sync. Returns the connection id.
pub(super) async fn link(
    app: &TestApp,
    fake: &FakePlaid,
    user: &TestUser,
) -> anyhow::Result<String> {
    let (id, step) = support::start(app, user, json!({"provider": "plaid"})).await?;
    assert_eq!(step["kind"], "link_token", "{step}");
    assert!(
        step["link_token"]
            .as_str()
            .unwrap()
            .starts_with("link-sandbox-"),
        "{step}"
    );
    finish_link(app, fake, user, &id).await?;
    app.drain_jobs().await?;
    Ok(id)
}

/// A Plaid app in which Ana has linked her bank and its first sync ran: the app, Ana and
/// the connection id.
pub(super) async fn linked(fake: &FakePlaid) -> anyhow::Result<(TestApp, TestUser, String)> {
    let app = app_with(fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = link(&app, fake, &user).await?;
    Ok((app, user, id))
}

#[tokio::test]
async fn plaid_links_syncs_and_applies_changes_exactly_once() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let app = app_with(&fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let providers = support::get(&app, &user, "/providers").await?;
    assert!(support::ids(&providers).contains(&"plaid"), "{providers}");

    let (id, step) = support::start(&app, &user, json!({"provider": "plaid"})).await?;
    assert_eq!(step["kind"], "link_token", "{step}");
    let link_request = fake.last_request("/link/token/create").unwrap();
    assert_eq!(link_request["user"]["client_user_id"], user.id.to_string());
    assert_eq!(link_request["products"], json!(["transactions"]));

    finish_link(&app, &fake, &user, &id).await?;
    // The first sync is queued, not run: nothing is stored until a worker takes it.
    assert!(support::rows(&app, &user).await?.is_empty());
    app.drain_jobs().await?;

    let accounts = support::accounts(&app, &user).await?;
    assert_eq!(
        accounts,
        [
            account(
                "Plaid Checking",
                "checking",
                "USD",
                dec!(4210.55),
                dec!(4150.55)
            ),
            // A card's balance is what is owed: negative here.
            account(
                "Plaid Credit Card",
                "credit_card",
                "USD",
                dec!(-612.40),
                dec!(4387.60)
            ),
        ]
    );
    let first = support::rows(&app, &user).await?;
    assert_eq!(first.len(), 12, "{first:#?}");
    assert!(first.iter().all(|r| r.provider_id.is_some()));
    let payroll = named(&first, "ACME CORP PAYROLL");
    assert_eq!(
        payroll[0].amount,
        dec!(2500.00),
        "Plaid's sign is flipped: money in is positive"
    );
    let shell = named(&first, "Shell");
    assert_eq!(
        (shell.len(), shell[0].status.as_str(), shell[0].amount),
        (1, "pending", dec!(-38.12))
    );

    // The bank moves on: a new purchase, a corrected amount, a dropped row, a posted pending.
    let today = Utc::now().date_naive();
    let coffee = fake.add_transaction(
        NewTransaction::new(
            FakeAccount::Checking,
            dec!(23.50),
            today,
            "BLUE BOTTLE 0042",
        )
        .merchant("Blue Bottle"),
    );
    let groceries = fake.transaction_named("Whole Foods Market").transaction_id;
    fake.modify_transaction(&groceries, |t| t.amount = dec!(91.03));
    fake.remove_transaction(
        &fake
            .transaction_named("ATM WITHDRAWAL 0042 BROADWAY")
            .transaction_id,
    );
    let shell_pending = fake.transaction_named("Shell").transaction_id;
    let shell_posted = fake.post_pending(&shell_pending, today, Some(dec!(41.12)));

    support::sync_now(&app, &user, &id).await?;
    let cursor = fake.last_request("/transactions/sync").unwrap()["cursor"].clone();
    assert!(
        cursor.as_str().is_some_and(|c| !c.is_empty()),
        "the stored cursor is sent: {cursor}"
    );

    let second = support::rows(&app, &user).await?;
    assert_eq!(second.len(), 12, "{second:#?}");
    let added = named(&second, "Blue Bottle");
    assert_eq!(added.len(), 1);
    assert_eq!(
        (added[0].amount, added[0].provider_id.as_deref()),
        (dec!(-23.50), Some(coffee.as_str()))
    );
    let modified = named(&second, "Whole Foods Market");
    assert_eq!((modified.len(), modified[0].amount), (1, dec!(-91.03)));
    assert!(named(&second, "ATM WITHDRAWAL 0042 BROADWAY").is_empty());
    let posted = named(&second, "Shell");
    assert_eq!(
        posted.len(),
        1,
        "the posted twin replaces the pending row: {posted:#?}"
    );
    assert_eq!(
        (
            posted[0].status.as_str(),
            posted[0].amount,
            posted[0].provider_id.as_deref()
        ),
        ("posted", dec!(-41.12), Some(shell_posted.as_str()))
    );

    // The next scheduled sync finds nothing new and changes nothing.
    let connection = support::connection(&app, &user, &id).await?;
    assert_eq!(connection["status"], "active", "{connection}");
    assert_eq!(support::tick_when_due(&app, &user, &id).await?, 1);
    assert_eq!(support::rows(&app, &user).await?, second);
    Ok(())
}

#[tokio::test]
async fn another_user_gets_404_for_a_plaid_connection() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (app, owner, id) = linked(&fake).await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let link_tokens = fake.calls("/link/token/create");

    let token = json!({"token": fake.public_token().await});
    support::assert_hidden_from(&app, &intruder, &owner, &id, token).await?;
    // None of it reached Plaid: no update-mode token, no exchange, no removal.
    assert_eq!(fake.calls("/link/token/create"), link_tokens);
    assert_eq!(fake.calls("/item/public_token/exchange"), 1);
    assert_eq!(fake.calls("/item/remove"), 0);

    // The owner removes it: the Item is removed at Plaid, the history stays.
    support::remove(&app, &owner, &id).await?;
    assert_eq!(fake.calls("/item/remove"), 1);
    assert_eq!(support::rows(&app, &owner).await?.len(), 12);
    Ok(())
}
