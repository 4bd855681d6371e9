//! Plaid Link's update mode through the API: an Item that needs its login again is repaired
//! on the same Item (same access token, same cursor); and a connection whose Link was never
//! finished gets a fresh link token.

use chrono::{Duration, Utc};
use kakeibo_tests::fake_banks::plaid::{FakeAccount, FakePlaid, NewTransaction};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::super::support::{self, named};
use super::{app_with, finish_link, linked};

#[tokio::test]
async fn item_login_required_asks_for_reconnect_and_update_mode_restores_it() -> anyhow::Result<()>
{
    let fake = FakePlaid::start().await;
    let (app, user, id) = linked(&fake).await?;
    let access_token = support::credentials(&app, &user, &id).await?["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    fake.reset_login(&access_token).await;
    support::sync_now(&app, &user, &id).await?;
    let broken = support::connection(&app, &user, &id).await?;
    support::assert_failed(&broken, "reauth_required", "ITEM_LOGIN_REQUIRED");
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
    let started = support::reconnect(&app, &user, &id).await?;
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
async fn an_unfinished_link_can_start_over_with_a_fresh_link_token() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let app = app_with(&fake).await?;
    let user = app.verified_user("ana@example.com").await?;
    // The person opened Link and walked away; its link token has long expired.
    let (id, first) = support::start(&app, &user, json!({"provider": "plaid"})).await?;

    let started = support::reconnect(&app, &user, &id).await?;
    assert_eq!(started["next_step"]["kind"], "link_token", "{started}");
    assert_ne!(started["next_step"]["link_token"], first["link_token"]);
    // A new Item, not update mode: there is no Item yet.
    let request = fake.last_request("/link/token/create").unwrap();
    assert!(request.get("access_token").is_none(), "{request}");
    assert_eq!(request["products"], json!(["transactions"]));

    finish_link(&app, &fake, &user, &id).await?;
    app.drain_jobs().await?;
    assert_eq!(support::rows(&app, &user).await?.len(), 12);
    Ok(())
}
