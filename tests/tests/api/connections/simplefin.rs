//! SimpleFIN through the API against the local SimpleFIN server: the pasted setup token is
//! claimed once, the access URL syncs accounts and transactions, a token for a host that is
//! not allowed is refused before any request, and a claimed token does not claim again.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kakeibo_tests::fake_banks::simplefin::{CARD_ID, CHECKING_ID, FakeSimpleFin};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::StatusCode;
use rust_decimal_macros::dec;
use serde_json::json;

use super::support::{self, account, named};

async fn app_with(fake: &FakeSimpleFin) -> anyhow::Result<TestApp> {
    let settings = fake.settings();
    TestApp::spawn_with(move |s| s.bank.simplefin = settings).await
}

/// Starts a SimpleFIN connection, which asks for a pasted token.
async fn start(app: &TestApp, user: &TestUser) -> anyhow::Result<String> {
    let (id, step) = support::start(app, user, json!({"provider": "simplefin"})).await?;
    assert_eq!(step, json!({"kind": "paste_token"}));
    Ok(id)
}

/// Connects SimpleFIN as `user` with a fresh setup token and runs the first sync. Returns
/// the connection id.
async fn connect(app: &TestApp, fake: &FakeSimpleFin, user: &TestUser) -> anyhow::Result<String> {
    let id = start(app, user).await?;
    let (status, connection) =
        support::complete(app, user, &id, json!({"token": fake.setup_token()})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    assert_eq!(connection["status"], "active");
    assert_eq!(connection["institution_name"], "SimpleFIN Bridge");
    app.drain_jobs().await?;
    Ok(id)
}

/// A SimpleFIN app in which Ana has connected and the first sync ran: the app, Ana and the
/// connection id.
async fn connected(fake: &FakeSimpleFin) -> anyhow::Result<(TestApp, TestUser, String)> {
    let app = app_with(fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = connect(&app, fake, &user).await?;
    Ok((app, user, id))
}

fn claims(fake: &FakeSimpleFin) -> Vec<u16> {
    fake.requests()
        .iter()
        .filter(|r| r.path.starts_with("/simplefin/claim/"))
        .map(|r| r.status)
        .collect()
}

#[tokio::test]
async fn simplefin_claims_the_setup_token_and_syncs() -> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let (app, user, id) = connected(&fake).await?;
    assert_eq!(claims(&fake), [200]);

    assert_eq!(
        support::accounts(&app, &user).await?,
        [
            account(
                "Everyday Checking",
                "checking",
                "USD",
                dec!(2412.37),
                dec!(2350.12)
            ),
            account(
                "Rewards Visa Credit Card",
                "credit_card",
                "USD",
                dec!(-684.20),
                dec!(4315.80)
            ),
        ]
    );
    let rows = support::rows(&app, &user).await?;
    let served = fake.transactions(CHECKING_ID).len() + fake.transactions(CARD_ID).len();
    assert_eq!(
        rows.len(),
        served,
        "every row, the ones older than 90 days too: {rows:#?}"
    );
    assert_eq!(rows.iter().filter(|r| r.status == "pending").count(), 1);
    assert!(rows.iter().all(|r| r.provider_id.is_some()));
    // The access URL is a password: stored sealed, never in the clear.
    let sealed: Vec<u8> =
        sqlx::query_scalar("SELECT credentials FROM bank_connections WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await?;
    assert!(!String::from_utf8_lossy(&sealed).contains("simplefin"));

    // New rows arrive with the next sync, once.
    let today = fake.today();
    fake.add_transaction(CHECKING_ID, today, dec!(-18.75), "PIKE PLACE CHOWDER");
    support::sync_now(&app, &user, &id).await?;
    let after = support::rows(&app, &user).await?;
    assert_eq!(after.len(), served + 1);
    let chowder: Vec<_> = after.iter().filter(|r| r.amount == dec!(-18.75)).collect();
    assert_eq!((chowder.len(), chowder[0].booked_on), (1, today));
    Ok(())
}

#[tokio::test]
async fn a_pending_row_that_posts_under_the_same_id_is_posted_once() -> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let (app, user, id) = connected(&fake).await?;
    let before = support::rows(&app, &user).await?;
    let pending = named(&before, "Whole Foods Market");
    assert_eq!((pending.len(), pending[0].status.as_str()), (1, "pending"));
    assert_eq!(pending[0].provider_id.as_deref(), Some("TRN-chk-0001"));

    // It posts today for its final amount, keeping its id.
    let today = fake.today();
    fake.post_pending(CHECKING_ID, "TRN-chk-0001", today, dec!(-64.10));
    support::sync_now(&app, &user, &id).await?;
    let after = support::rows(&app, &user).await?;
    assert_eq!(after.len(), before.len());
    let posted = named(&after, "Whole Foods Market");
    assert_eq!(posted.len(), 1, "{posted:#?}");
    assert_eq!(
        (
            posted[0].status.as_str(),
            posted[0].amount,
            posted[0].booked_on
        ),
        ("posted", dec!(-64.10), today)
    );
    Ok(())
}

#[tokio::test]
async fn a_pending_hold_the_bank_cancels_goes_and_nothing_else_does() -> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let (app, user, id) = connected(&fake).await?;
    let before = support::rows(&app, &user).await?;
    assert_eq!(named(&before, "Whole Foods Market")[0].status, "pending");

    fake.cancel_pending(CHECKING_ID, "TRN-chk-0001");
    support::sync_now(&app, &user, &id).await?;
    let after = support::rows(&app, &user).await?;
    assert!(named(&after, "Whole Foods Market").is_empty(), "{after:#?}");
    assert_eq!(after.len(), before.len() - 1);
    Ok(())
}

#[tokio::test]
async fn rows_missing_from_an_answer_with_errors_are_not_taken_as_cancelled() -> anyhow::Result<()>
{
    let fake = FakeSimpleFin::start().await;
    let (app, user, id) = connected(&fake).await?;
    let before = support::rows(&app, &user).await?;
    assert_eq!(named(&before, "Whole Foods Market")[0].status, "pending");

    fake.set_bank_unreachable(true);
    support::sync_now(&app, &user, &id).await?;
    assert_eq!(support::rows(&app, &user).await?, before);
    Ok(())
}

#[tokio::test]
async fn a_setup_token_for_a_host_not_allowed_is_refused_and_nothing_is_stored()
-> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let app = app_with(&fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = start(&app, &user).await?;

    // The same fake server, named by a host the settings do not list.
    let elsewhere = STANDARD.encode(format!(
        "http://localhost:{}/simplefin/claim/0123abcd",
        fake.port()
    ));
    let (status, body) = support::complete(&app, &user, &id, json!({"token": elsewhere})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "token",
        "{body}"
    );
    let text = body.to_string();
    assert!(
        text.contains("localhost")
            && text.contains("is not a SimpleFIN server this Kakeibo accepts"),
        "{body}"
    );
    assert!(
        fake.requests().is_empty(),
        "no request left for the host: {:?}",
        fake.requests()
    );

    let connection = support::connection(&app, &user, &id).await?;
    assert_eq!(connection["status"], "pending");
    assert!(support::accounts(&app, &user).await?.is_empty());
    app.drain_jobs().await?;
    assert!(support::rows(&app, &user).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_claimed_setup_token_cannot_be_claimed_again() -> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let app = app_with(&fake).await?;
    let ana = app.verified_user("ana@example.com").await?;
    let token = fake.setup_token();
    let first = start(&app, &ana).await?;
    assert_eq!(
        support::complete(&app, &ana, &first, json!({"token": token}))
            .await?
            .0,
        StatusCode::OK
    );

    // Someone who saw the token tries it too: SimpleFIN answers 403, Kakeibo says why.
    let eve = app.verified_user("eve@example.com").await?;
    let second = start(&app, &eve).await?;
    let (status, body) = support::complete(&app, &eve, &second, json!({"token": token})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("already claimed"), "{body}");
    assert_eq!(claims(&fake), [200, 403]);
    assert_eq!(
        support::connection(&app, &eve, &second).await?["status"],
        "pending"
    );

    app.drain_jobs().await?;
    assert!(support::accounts(&app, &eve).await?.is_empty());
    assert!(
        !support::rows(&app, &ana).await?.is_empty(),
        "the first claim still works"
    );
    Ok(())
}

#[tokio::test]
async fn another_user_gets_404_for_a_simplefin_connection() -> anyhow::Result<()> {
    let fake = FakeSimpleFin::start().await;
    let (app, owner, id) = connected(&fake).await?;
    let intruder = app.verified_user("eve@example.com").await?;

    let token = json!({"token": fake.setup_token()});
    support::assert_hidden_from(&app, &intruder, &owner, &id, token).await?;
    assert_eq!(
        claims(&fake),
        [200],
        "the intruder's token was never claimed"
    );
    let theirs = support::get(&app, &intruder, "/connections").await?;
    assert_eq!(theirs, json!([]));
    Ok(())
}
