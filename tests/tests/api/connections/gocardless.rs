//! GoCardless Bank Account Data through the API against the local GoCardless: the bank's
//! consent page and Kakeibo's own callback, booked and pending rows, a pending row booked
//! under the bank's id, one first sync for the bank's few calls a day. `failures`: an
//! expired agreement, and the bank's daily rate limit.

use chrono::Utc;
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, SANDBOX_INSTITUTION};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::header::{HOST, ORIGIN, REFERER};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::support::{self, account, named};

mod failures;

const PUBLIC_URL: &str = "https://kakeibo.example.org/";
pub(super) const CALLBACK: &str = "https://kakeibo.example.org/connections/callback";

async fn app_with(fake: &FakeGoCardless, interval_hours: u32) -> anyhow::Result<TestApp> {
    let settings = fake.settings();
    TestApp::spawn_with(move |s| {
        s.bank.gocardless = settings;
        s.bank.sync_interval_hours = interval_hours;
        s.server.public_url = PUBLIC_URL.into();
    })
    .await
}

/// Starts a connection to Sandbox Finance: the connection id and the consent page's URL.
async fn start(app: &TestApp, user: &TestUser) -> anyhow::Result<(String, String)> {
    let body = json!({"provider": "gocardless", "institution_id": SANDBOX_INSTITUTION});
    let (id, step) = support::start(app, user, body).await?;
    assert_eq!(step["kind"], "redirect", "{step}");
    Ok((id, step["url"].as_str().unwrap().to_string()))
}

/// Starts a connection, consents at the bank and completes; its first sync is queued, not run.
async fn consent_and_complete(
    app: &TestApp,
    fake: &FakeGoCardless,
    user: &TestUser,
) -> anyhow::Result<String> {
    let (id, link) = start(app, user).await?;
    fake.consent(&link).await;
    let (status, connection) = support::complete(app, user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    Ok(id)
}

/// An app syncing every `interval_hours` in which Ana has connected Sandbox Finance and its
/// first sync ran: the app, Ana and the connection id.
pub(super) async fn connected(
    fake: &FakeGoCardless,
    interval_hours: u32,
) -> anyhow::Result<(TestApp, TestUser, String)> {
    let app = app_with(fake, interval_hours).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = consent_and_complete(&app, fake, &user).await?;
    app.drain_jobs().await?;
    Ok((app, user, id))
}

/// The requisition behind a consent page's URL (`…/{requisition id}/`), as the fake holds it.
pub(super) fn requisition_of(fake: &FakeGoCardless, consent_url: &str) -> Value {
    let id = consent_url.split('/').rev().nth(1).unwrap();
    fake.requisition(id)
        .unwrap_or_else(|| panic!("no requisition for {consent_url}"))
}

#[tokio::test]
async fn gocardless_consents_at_the_bank_and_syncs_booked_and_pending_rows() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let app = app_with(&fake, 6).await?;
    let user = app.verified_user("ana@example.com").await?;
    let banks = support::get(&app, &user, "/providers/gocardless/institutions?country=de").await?;
    assert!(
        support::ids(&banks).contains(&"SPARKASSE_BERLIN_BELADEBEXXX"),
        "{banks}"
    );

    // Where the bank sends the person back is Kakeibo's own page, whatever the request says.
    let response = app
        .as_user(&user, Method::POST, "/connections")
        .header(HOST, "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .header(ORIGIN, "https://evil.example")
        .header(REFERER, "https://evil.example/connections/callback")
        .json(&json!({"provider": "gocardless", "institution_id": SANDBOX_INSTITUTION}))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let started: Value = response.json().await?;
    let id = started["connection"]["id"].as_str().unwrap().to_string();
    assert_eq!(started["connection"]["institution_name"], "Sandbox Finance");
    assert_eq!(started["next_step"]["kind"], "redirect", "{started}");
    let link = started["next_step"]["url"].as_str().unwrap().to_string();
    let requisition = requisition_of(&fake, &link);
    assert_eq!(requisition["redirect"], CALLBACK);
    assert_eq!(requisition["reference"], id.as_str());

    // Not consented yet: completing says what is missing.
    let (status, body) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("consent not finished"), "{body}");

    let back = fake.consent(&link).await;
    assert_eq!(back, format!("{CALLBACK}?ref={id}"));
    let (status, connection) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(
        (status, connection["status"].as_str()),
        (StatusCode::OK, Some("active")),
        "{connection}"
    );
    app.drain_jobs().await?;

    assert_eq!(
        support::accounts(&app, &user).await?,
        [
            account(
                "Main Account",
                "checking",
                "EUR",
                dec!(2614.83),
                dec!(2556.34)
            ),
            account("Savings", "savings", "EUR", dec!(5120.85), dec!(5120.85)),
        ]
    );
    let first = support::rows(&app, &user).await?;
    assert_eq!(
        first.len(),
        15,
        "10 + 2 pending in Main, 3 in Savings: {first:#?}"
    );
    assert_eq!(first.iter().filter(|r| r.status == "pending").count(), 2);
    let amazon = named(&first, "Amazon EU S.a r.l.");
    assert_eq!(
        (amazon.len(), amazon[0].status.as_str(), amazon[0].amount),
        (1, "pending", dec!(-45.50))
    );
    assert_eq!(named(&first, "ACME Software GmbH")[0].amount, dec!(2850.00));

    // The card payment books under the bank's id; the other pending row is still pending.
    let main = &fake.account_ids()[0];
    let today = Utc::now().date_naive();
    let booked_id = fake.book_pending(main, "Reserved PAYMENT Amazon", today);
    support::sync_now(&app, &user, &id).await?;
    let second = support::rows(&app, &user).await?;
    assert_eq!(
        second.len(),
        15,
        "booked replaces pending, nothing doubles: {second:#?}"
    );
    let amazon = named(&second, "Amazon EU S.a r.l.");
    assert_eq!(amazon.len(), 1, "{amazon:#?}");
    assert_eq!(
        (
            amazon[0].status.as_str(),
            amazon[0].booked_on,
            amazon[0].provider_id.as_deref()
        ),
        ("posted", today, Some(booked_id.as_str()))
    );
    let netflix = named(&second, "Netflix International B.V.");
    assert_eq!((netflix.len(), netflix[0].status.as_str()), (1, "pending"));

    // GoCardless has no change feed: every sync sends the rows again, and they stay once.
    assert_eq!(support::tick_when_due(&app, &user, &id).await?, 1);
    assert_eq!(support::rows(&app, &user).await?, second);
    Ok(())
}

#[tokio::test]
async fn completing_syncs_once_even_when_the_scheduler_ticks_meanwhile() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let app = app_with(&fake, 6).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = consent_and_complete(&app, &fake, &user).await?;

    // The first sync is queued; a scheduler tick before a worker takes it must not queue a
    // second one: some banks allow four calls a day per account.
    let interval = app.bank_sync()?.interval;
    let ticked =
        kakeibo_bank_sync::connections::enqueue_due(&app.db.pool, Utc::now(), interval).await?;
    assert_eq!(ticked, 0, "a second first sync was queued");
    app.drain_jobs().await?;
    for account in fake.account_ids() {
        let call = format!("GET /api/v2/accounts/{account}/transactions/");
        assert_eq!(fake.count(&call), 1, "{:#?}", fake.calls());
    }
    let connection = support::connection(&app, &user, &id).await?;
    assert!(support::next_sync_at(&connection) > Utc::now() + chrono::Duration::hours(5));
    Ok(())
}

#[tokio::test]
async fn another_user_gets_404_for_a_gocardless_connection() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let (app, owner, id) = connected(&fake, 6).await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let requisitions = fake.count("POST /api/v2/requisitions/");

    support::assert_hidden_from(&app, &intruder, &owner, &id, json!({})).await?;
    assert_eq!(
        fake.count("POST /api/v2/requisitions/"),
        requisitions,
        "no new consent for the intruder"
    );
    assert!(
        !fake.calls().iter().any(|c| c.starts_with("DELETE ")),
        "nothing revoked at the bank"
    );

    // The owner removes it: the requisition goes at GoCardless, the history stays here.
    let requisition = support::credentials(&app, &owner, &id).await?["requisition_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fake.requisition(&requisition).is_some());
    support::remove(&app, &owner, &id).await?;
    assert!(fake.requisition(&requisition).is_none());
    assert_eq!(support::rows(&app, &owner).await?.len(), 15);
    Ok(())
}
