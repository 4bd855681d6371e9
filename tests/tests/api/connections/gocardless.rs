//! GoCardless Bank Account Data through the API against the local GoCardless: the bank's
//! consent page and Kakeibo's own callback, booked and pending rows, a pending row booked
//! under the bank's id, one first sync for the bank's few calls a day. `failures`: an
//! expired agreement, and the bank's daily rate limit.

use chrono::Utc;
use kakeibo_tests::auth::assert_other_user_gets_404;
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, SANDBOX_INSTITUTION};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::header::{HOST, ORIGIN, REFERER};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::support::{self, named};

mod failures;

const PUBLIC_URL: &str = "https://kakeibo.example.org/";
pub(super) const CALLBACK: &str = "https://kakeibo.example.org/connections/callback";

pub(super) async fn app_with(
    fake: &FakeGoCardless,
    interval_hours: u32,
) -> anyhow::Result<TestApp> {
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

/// Connects, consents at the bank, completes and runs the first sync.
pub(super) async fn connect(
    app: &TestApp,
    fake: &FakeGoCardless,
    user: &TestUser,
) -> anyhow::Result<String> {
    let (id, link) = start(app, user).await?;
    fake.consent(&link).await;
    let (status, connection) = support::complete(app, user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    app.drain_jobs().await?;
    Ok(id)
}

#[tokio::test]
async fn gocardless_consents_at_the_bank_and_syncs_booked_and_pending_rows() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let app = app_with(&fake, 6).await?;
    let user = app.verified_user("ana@example.com").await?;
    let banks: Value = app
        .as_user(
            &user,
            Method::GET,
            "/providers/gocardless/institutions?country=de",
        )
        .send()
        .await?
        .json()
        .await?;
    assert!(
        banks
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == "SPARKASSE_BERLIN_BELADEBEXXX"),
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
    let requisition_id = link.split('/').rev().nth(1).unwrap();
    let requisition = fake.requisition(requisition_id).unwrap();
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
            (
                "Main Account".into(),
                "checking".into(),
                "EUR".into(),
                Some(dec!(2614.83)),
                Some(dec!(2556.34))
            ),
            (
                "Savings".into(),
                "savings".into(),
                "EUR".into(),
                Some(dec!(5120.85)),
                Some(dec!(5120.85))
            ),
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
    support::request_sync(&app, &user, &id).await?;
    app.drain_jobs().await?;
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
    let connection = support::connection(&app, &user, &id).await?;
    assert_eq!(
        support::tick_at(&app, support::next_sync_at(&connection)).await?,
        1
    );
    assert_eq!(support::rows(&app, &user).await?, second);
    Ok(())
}

#[tokio::test]
async fn completing_syncs_once_even_when_the_scheduler_ticks_meanwhile() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let app = app_with(&fake, 6).await?;
    let user = app.verified_user("ana@example.com").await?;
    let (id, link) = start(&app, &user).await?;
    fake.consent(&link).await;
    let (status, _) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::OK);

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
    let app = app_with(&fake, 6).await?;
    let owner = app.verified_user("ana@example.com").await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let id = connect(&app, &fake, &owner).await?;
    let requisitions = fake.count("POST /api/v2/requisitions/");

    let requests = support::foreign_requests(&id, json!({}));
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
    let response = app
        .as_user(&owner, Method::DELETE, &format!("/connections/{id}"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(fake.requisition(&requisition).is_none());
    assert_eq!(support::rows(&app, &owner).await?.len(), 15);
    Ok(())
}
