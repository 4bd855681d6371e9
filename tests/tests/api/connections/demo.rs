use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::support;

/// Connects the demo bank as `user` and completes it; its first sync is queued, not run.
async fn connect_demo(app: &TestApp, user: &TestUser) -> anyhow::Result<String> {
    let (id, step) = support::start(app, user, json!({"provider": "demo"})).await?;
    assert_eq!(step["kind"], "ready");
    let (status, connection) = support::complete(app, user, &id, json!({})).await?;
    assert_eq!(status, StatusCode::OK, "{connection}");
    assert_eq!(connection["status"], "active");
    assert_eq!(connection["institution_name"], "Demo Bank");
    Ok(id)
}

/// A fresh app in which Ana has connected the demo bank: the app, Ana and the connection id.
async fn connected() -> anyhow::Result<(TestApp, TestUser, String)> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let id = connect_demo(&app, &user).await?;
    Ok((app, user, id))
}

async fn transaction_count(app: &TestApp, user: &TestUser) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM transactions WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?,
    )
}

#[tokio::test]
async fn the_demo_bank_connects_and_syncs_through_the_job_queue() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let providers = support::get(&app, &user, "/providers").await?;
    assert_eq!(providers[0]["id"], "demo");

    let id = connect_demo(&app, &user).await?;
    // Completing queued the first sync; nothing is written until a worker runs it.
    assert_eq!(transaction_count(&app, &user).await?, 0);
    app.drain_jobs().await?;

    let rows = transaction_count(&app, &user).await?;
    assert!(rows > 1000, "two years of demo history, got {rows}");
    let accounts = support::get(&app, &user, "/accounts").await?;
    assert_eq!(accounts.as_array().unwrap().len(), 4);
    assert!(
        accounts
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["connection_id"] == id.as_str())
    );
    let connection = support::connection(&app, &user, &id).await?;
    assert!(connection["last_synced_at"].is_string(), "{connection}");
    assert!(connection["next_sync_at"].is_string(), "{connection}");
    assert_eq!(connection["consecutive_failures"], 0);

    // Every import announced its rows to the categorizer once, and each categorize job told
    // the downstream consumers, joining a recompute still waiting from the job before: at
    // least one job per consumer, never more than one per import.
    let imports: i64 =
        sqlx::query_scalar("SELECT count(*) FROM imports WHERE user_id = $1 AND rows_added > 0")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?;
    let announced: Vec<(String, i64)> = sqlx::query_as(
        "SELECT job_type, count(*) FROM apalis.jobs GROUP BY job_type ORDER BY job_type",
    )
    .fetch_all(&app.db.pool)
    .await?;
    let count_of = |queue: &str| announced.iter().find(|(q, _)| q == queue).map(|(_, n)| *n);
    assert_eq!(
        count_of(kakeibo_core::jobs::CATEGORIZE_QUEUE),
        Some(imports)
    );
    for queue in kakeibo_core::jobs::DOWNSTREAM_QUEUES {
        let jobs = count_of(queue).unwrap_or(0);
        assert!((1..=imports).contains(&jobs), "{queue}: {announced:?}");
    }

    // On demand: queued once per minute, and a second sync adds nothing.
    for expected in [true, false] {
        let response = app
            .as_user(&user, Method::POST, &format!("/connections/{id}/sync"))
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(response.json::<Value>().await?["queued"], expected);
    }
    app.drain_jobs().await?;
    assert_eq!(transaction_count(&app, &user).await?, rows);
    Ok(())
}

#[tokio::test]
async fn a_queued_sync_that_a_later_sync_made_redundant_is_skipped() -> anyhow::Result<()> {
    let (app, user, id) = connected().await?;
    app.drain_jobs().await?;
    let syncs = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM imports WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await
    };
    let after_first = syncs().await?;

    // "Sync now" is queued, then a sync runs before any worker (the CLI does this).
    support::request_sync(&app, &user, &id).await?;
    kakeibo_bank_sync::sync::sync_connection(&app.bank_sync()?, id.parse()?, chrono::Utc::now())
        .await?;
    let after_direct = syncs().await?;
    assert!(after_direct > after_first, "the direct sync ran");
    app.drain_jobs().await?;
    assert_eq!(
        syncs().await?,
        after_direct,
        "the queued job found the connection fresh"
    );
    Ok(())
}

#[tokio::test]
async fn credentials_are_sealed_and_bound_to_their_row() -> anyhow::Result<()> {
    let (app, _, id) = connected().await?;
    let (sealed, key_id): (Vec<u8>, String) = sqlx::query_as(
        "SELECT credentials, credentials_key_id FROM bank_connections WHERE id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&app.db.pool)
    .await?;
    assert!(!String::from_utf8_lossy(&sealed).contains("seed"));
    assert_eq!(key_id, app.bank_sync()?.keyring.current_key_id());

    // Copied onto another user's connection, the blob does not open: that sync fails and
    // says so, instead of reading someone else's bank.
    let other = app.verified_user("bo@example.com").await?;
    let other_id = connect_demo(&app, &other).await?;
    sqlx::query("UPDATE bank_connections SET credentials = $1 WHERE id = $2::uuid")
        .bind(&sealed)
        .bind(&other_id)
        .execute(&app.db.pool)
        .await?;
    app.drain_jobs().await?;
    let broken = support::connection(&app, &other, &other_id).await?;
    support::assert_failed(&broken, "reauth_required", "do not open");
    assert_eq!(transaction_count(&app, &other).await?, 0);
    Ok(())
}

#[tokio::test]
async fn another_users_connection_is_a_404_everywhere() -> anyhow::Result<()> {
    let (app, owner, id) = connected().await?;
    let intruder = app.verified_user("eve@example.com").await?;
    support::assert_hidden_from(&app, &intruder, &owner, &id, json!({})).await?;
    let theirs = support::get(&app, &intruder, "/connections").await?;
    assert_eq!(theirs, json!([]));
    Ok(())
}

#[tokio::test]
async fn bad_requests_get_clear_errors() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let unknown = app
        .as_user(&user, Method::POST, "/connections")
        .json(&json!({"provider": "plaid"}))
        .send()
        .await?;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = unknown.json().await?;
    assert_eq!(
        body["error"]["details"]["fields"][0]["field"], "provider",
        "{body}"
    );

    let id = connect_demo(&app, &user).await?;
    let (twice, body) = support::complete(&app, &user, &id, json!({})).await?;
    assert_eq!(twice, StatusCode::CONFLICT, "{body}");

    let institutions = app
        .as_user(
            &user,
            Method::GET,
            "/providers/demo/institutions?country=Germany",
        )
        .send()
        .await?;
    assert_eq!(institutions.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = app
        .as_user(&user, Method::GET, "/providers/nope/institutions")
        .send()
        .await?;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn removing_a_connection_keeps_its_accounts_and_history() -> anyhow::Result<()> {
    let (app, user, id) = connected().await?;
    app.drain_jobs().await?;
    let rows = transaction_count(&app, &user).await?;
    support::remove(&app, &user, &id).await?;
    let list = support::get(&app, &user, "/connections").await?;
    assert_eq!(list, json!([]));
    let accounts = support::get(&app, &user, "/accounts").await?;
    assert_eq!(accounts.as_array().unwrap().len(), 4);
    assert!(
        accounts
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["connection_id"].is_null())
    );
    assert_eq!(transaction_count(&app, &user).await?, rows);
    Ok(())
}
