//! Plaid through the API against the local Plaid: Link token, public-token exchange, the
//! first sync through the job queue, `/transactions/sync` changes applied exactly once, and
//! update mode after `ITEM_LOGIN_REQUIRED`. `failures`: transient errors and backoff.

mod failures;

use chrono::{Duration, Utc};
use kakeibo_tests::auth::assert_other_user_gets_404;
use kakeibo_tests::fake_banks::plaid::{FakeAccount, FakePlaid, INSTITUTION_NAME, NewTransaction};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::support::{self, named};

async fn app_with(fake: &FakePlaid) -> anyhow::Result<TestApp> {
    let settings = fake.settings();
    TestApp::spawn_with(move |s| s.bank.plaid = settings).await
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
    let public_token = fake.public_token().await;
    let (status, connection) =
        support::complete(app, user, &id, json!({"token": public_token})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    assert_eq!(connection["status"], "active");
    assert_eq!(connection["institution_name"], INSTITUTION_NAME);
    app.drain_jobs().await?;
    Ok(id)
}

#[tokio::test]
async fn plaid_links_syncs_and_applies_changes_exactly_once() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let app = app_with(&fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let providers: Value = app
        .as_user(&user, Method::GET, "/providers")
        .send()
        .await?
        .json()
        .await?;
    assert!(
        providers
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "plaid"),
        "{providers}"
    );

    let (id, step) = support::start(&app, &user, json!({"provider": "plaid"})).await?;
    assert_eq!(step["kind"], "link_token", "{step}");
    let link_request = fake.last_request("/link/token/create").unwrap();
    assert_eq!(link_request["user"]["client_user_id"], user.id.to_string());
    assert_eq!(link_request["products"], json!(["transactions"]));

    let (status, connection) = support::complete(
        &app,
        &user,
        &id,
        json!({"token": fake.public_token().await}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    // The first sync is queued, not run: nothing is stored until a worker takes it.
    assert!(support::rows(&app, &user).await?.is_empty());
    app.drain_jobs().await?;

    let accounts = support::accounts(&app, &user).await?;
    assert_eq!(
        accounts,
        [
            (
                "Plaid Checking".into(),
                "checking".into(),
                "USD".into(),
                Some(dec!(4210.55)),
                Some(dec!(4150.55))
            ),
            // A card's balance is what is owed: negative here.
            (
                "Plaid Credit Card".into(),
                "credit_card".into(),
                "USD".into(),
                Some(dec!(-612.40)),
                Some(dec!(4387.60))
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

    support::request_sync(&app, &user, &id).await?;
    app.drain_jobs().await?;
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
    assert_eq!(connection["status"], "active");
    assert_eq!(
        support::tick_at(&app, support::next_sync_at(&connection)).await?,
        1
    );
    assert_eq!(support::rows(&app, &user).await?, second);
    Ok(())
}

#[tokio::test]
async fn item_login_required_asks_for_reconnect_and_update_mode_restores_it() -> anyhow::Result<()>
{
    let fake = FakePlaid::start().await;
    let app = app_with(&fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = link(&app, &fake, &user).await?;
    let access_token = support::credentials(&app, &user, &id).await?["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    fake.reset_login(&access_token).await;
    support::request_sync(&app, &user, &id).await?;
    app.drain_jobs().await?;
    let broken = support::connection(&app, &user, &id).await?;
    assert_eq!(broken["status"], "reauth_required", "{broken}");
    assert!(
        broken["last_error"]
            .as_str()
            .unwrap()
            .contains("ITEM_LOGIN_REQUIRED"),
        "{broken}"
    );
    assert_eq!(broken["consecutive_failures"], 1);
    assert!(
        broken["next_sync_at"].is_null(),
        "nothing retries until the person acts: {broken}"
    );
    let notifications = support::failing_notifications(&app, &user).await?;
    assert_eq!(
        notifications.len(),
        1,
        "only the person can fix it: told at once"
    );
    assert_eq!(notifications[0]["connection_id"], id.as_str());
    assert_eq!(notifications[0]["needs_reconnect"], true);
    let sync = app
        .as_user(&user, Method::POST, &format!("/connections/{id}/sync"))
        .send()
        .await?;
    assert_eq!(sync.status(), StatusCode::CONFLICT);

    // Update mode: a link token for the same Item.
    let response = app
        .as_user(&user, Method::POST, &format!("/connections/{id}/reconnect"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let started: Value = response.json().await?;
    assert_eq!(started["next_step"]["kind"], "link_token", "{started}");
    assert_eq!(
        fake.last_request("/link/token/create").unwrap()["access_token"],
        access_token.as_str()
    );
    let link_token = started["next_step"]["link_token"]
        .as_str()
        .unwrap()
        .to_string();

    // Completing before the person signed in again is refused, and says why.
    let (status, body) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "reauth_required", "{body}");

    let refund_day = Utc::now().date_naive() - Duration::days(1);
    fake.add_transaction(NewTransaction::new(
        FakeAccount::CreditCard,
        dec!(-42.99),
        refund_day,
        "Amazon.com refund",
    ));
    fake.finish_update_mode(&link_token);
    let (status, restored) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::OK, "{restored}");
    app.drain_jobs().await?;
    let restored = support::connection(&app, &user, &id).await?;
    assert_eq!(restored["status"], "active", "{restored}");
    assert!(restored["last_error"].is_null(), "{restored}");
    assert_eq!(restored["consecutive_failures"], 0);
    assert_eq!(
        support::credentials(&app, &user, &id).await?["access_token"],
        access_token.as_str()
    );
    let refund = support::rows(&app, &user).await?;
    assert_eq!(
        named(&refund, "Amazon.com refund").len(),
        1,
        "the sync after repair picks up where it was"
    );
    Ok(())
}

#[tokio::test]
async fn another_user_gets_404_for_a_plaid_connection() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let app = app_with(&fake).await?;
    let owner = app.verified_user("ana@example.com").await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let id = link(&app, &fake, &owner).await?;
    let link_tokens = fake.calls("/link/token/create");

    let requests = support::foreign_requests(&id, json!({"token": fake.public_token().await}));
    assert_other_user_gets_404(
        &app,
        &intruder,
        &requests,
        &owner,
        (&format!("/connections/{id}"), &|c: &Value| {
            c["status"] == "active"
        }),
    )
    .await?;
    // None of it reached Plaid: no update-mode token, no exchange, no removal.
    assert_eq!(fake.calls("/link/token/create"), link_tokens);
    assert_eq!(fake.calls("/item/public_token/exchange"), 1);
    assert_eq!(fake.calls("/item/remove"), 0);
    Ok(())
}
