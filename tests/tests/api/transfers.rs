//! Transfers between a user's own accounts: every demo-bank transfer is linked and nothing
//! else is; a pair the user unlinks is never linked again; the API is scoped to its user.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use kakeibo_bank_sync::demo::DemoBank;
use kakeibo_bank_sync::demo_sync;
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::statement::{Statement, StatementLine};
use kakeibo_bank_sync::transfers::WINDOW_DAYS;
use kakeibo_tests::auth::assert_other_user_gets_404;
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

/// id, provider id, booked at, amount, transfer link.
type StoredRow = (Uuid, String, DateTime<Utc>, Decimal, Option<Uuid>);

#[tokio::test]
async fn every_demo_transfer_is_linked_and_nothing_else() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let as_of = Utc::now() - Duration::days(3);
    demo_sync::sync(&app.bank_sync()?, user.id, 42, as_of).await?;

    // The generator knows which rows it wrote as transfers between the holder's accounts.
    let transfer_ids: HashSet<String> = DemoBank::new(42)
        .transactions(as_of.date_naive() - Duration::days(800), as_of)
        .into_iter()
        .filter(|t| {
            matches!(
                t.category_hint,
                "transfers.internal" | "transfers.credit_card"
            )
        })
        .map(|t| t.id)
        .collect();
    let rows: Vec<StoredRow> = sqlx::query_as(
        "SELECT id, provider_transaction_id, booked_at, amount, transfer_id FROM transactions WHERE user_id = $1",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?;
    let by_id: HashMap<Uuid, &StoredRow> = rows.iter().map(|r| (r.0, r)).collect();

    let settled = as_of - Duration::days(WINDOW_DAYS);
    // The two synced years start on a day that moves with the day the test runs; a transfer
    // there may have its other half the day before, outside the history.
    let first_booked = rows.iter().map(|r| r.2).min().expect("synced rows");
    let unsettled_start = first_booked + Duration::days(WINDOW_DAYS);
    let mut linked = 0;
    for (id, provider_id, booked_at, amount, partner) in &rows {
        let is_transfer = transfer_ids.contains(provider_id);
        match partner {
            Some(partner) => {
                assert!(
                    is_transfer,
                    "{provider_id} is not a transfer but was linked"
                );
                let other = by_id[partner];
                assert_eq!(other.4, Some(*id), "links point both ways");
                assert_eq!(other.3, -*amount);
                linked += 1;
            }
            // Only a transfer whose other half is still on its way, or from before the
            // history, may be unlinked.
            None => assert!(
                !is_transfer || *booked_at > settled || *booked_at < unsettled_start,
                "{provider_id} on {booked_at} was not linked"
            ),
        }
    }
    assert!(
        linked > 40,
        "two years of savings sweeps and card settlements, got {linked}"
    );
    Ok(())
}

#[tokio::test]
async fn a_rejected_pair_is_never_linked_again() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    let brokerage = account(&app, &user, "Brokerage").await?;

    let out = statement(&[(10, dec!(-250.00), "TRANSFER TO SAVINGS")]);
    let arrived = statement(&[(9, dec!(250.00), "TRANSFER FROM CHECKING")]);
    assert_eq!(
        import_into(&app, &user, checking, &out)
            .await?
            .transfers_linked,
        0
    );
    assert_eq!(
        import_into(&app, &user, savings, &arrived)
            .await?
            .transfers_linked,
        1
    );
    let page = transfers(&app, &user, "").await?;
    let pair = &page["transfers"][0];
    assert_eq!(pair["from"]["account_id"], checking.to_string());
    assert_eq!(pair["to"]["account_id"], savings.to_string());
    assert_eq!(pair["to"]["amount"], "250.0000");
    let out_id = pair["from"]["id"].as_str().unwrap().to_string();
    let arrived_id = pair["to"]["id"].as_str().unwrap().to_string();

    let unlink = app
        .as_user(&user, Method::DELETE, &format!("/transfers/{arrived_id}"))
        .send()
        .await?;
    assert_eq!(unlink.status(), StatusCode::NO_CONTENT);
    assert_eq!(transfers(&app, &user, "").await?["transfers"], json!([]));
    // Importing both statements again changes nothing.
    for (account_id, file) in [(checking, &out), (savings, &arrived)] {
        let report = import_into(&app, &user, account_id, file).await?;
        assert_eq!((report.rows_added, report.transfers_linked), (0, 0));
    }
    // A better candidate elsewhere still gets linked: the rejection is of that pair only.
    let other = statement(&[(8, dec!(250.00), "DEPOSIT FROM CHECKING")]);
    assert_eq!(
        import_into(&app, &user, brokerage, &other)
            .await?
            .transfers_linked,
        1
    );
    let page = transfers(&app, &user, "").await?;
    assert_eq!(page["transfers"][0]["from"]["id"], out_id.as_str());
    assert_eq!(
        page["transfers"][0]["to"]["account_id"],
        brokerage.to_string()
    );

    // Linking by hand: not while one half belongs to another transfer; then yes, and the
    // earlier rejection is forgotten.
    let link = json!({ "transaction_ids": [out_id, arrived_id] });
    let busy = app
        .as_user(&user, Method::POST, "/transfers")
        .json(&link)
        .send()
        .await?;
    assert_eq!(busy.status(), StatusCode::CONFLICT);
    assert_eq!(
        busy.json::<Value>().await?["error"]["code"],
        "already_linked"
    );
    let unlink = app
        .as_user(&user, Method::DELETE, &format!("/transfers/{out_id}"))
        .send()
        .await?;
    assert_eq!(unlink.status(), StatusCode::NO_CONTENT);
    let linked = app
        .as_user(&user, Method::POST, "/transfers")
        .json(&link)
        .send()
        .await?;
    assert_eq!(linked.status(), StatusCode::CREATED);
    let linked: Value = linked.json().await?;
    assert_eq!(
        (linked["from"]["id"].as_str(), linked["to"]["id"].as_str()),
        (Some(out_id.as_str()), Some(arrived_id.as_str()))
    );
    let rejections: i64 =
        sqlx::query_scalar("SELECT count(*) FROM transfer_rejections WHERE user_id = $1")
            .bind(user.id)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(rejections, 1, "only checking → brokerage is still rejected");
    Ok(())
}

#[tokio::test]
async fn pages_bad_requests_and_other_users() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    let out = statement(&[
        (20, dec!(-100), "TO SAVINGS"),
        (12, dec!(-80), "TO SAVINGS"),
        (11, dec!(-5), "FEE"),
    ]);
    let arrived = statement(&[
        (19, dec!(100), "FROM CHECKING"),
        (12, dec!(80), "FROM CHECKING"),
    ]);
    import_into(&app, &user, checking, &out).await?;
    assert_eq!(
        import_into(&app, &user, savings, &arrived)
            .await?
            .transfers_linked,
        2
    );

    let first = transfers(&app, &user, "?limit=1").await?;
    assert_eq!(first["transfers"][0]["from"]["amount"], "-80.0000");
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = transfers(&app, &user, &format!("?limit=1&before={cursor}")).await?;
    assert_eq!(second["transfers"][0]["from"]["amount"], "-100.0000");
    let bad_cursor = app
        .as_user(&user, Method::GET, "/transfers?before=yesterday")
        .send()
        .await?;
    assert_eq!(bad_cursor.status(), StatusCode::BAD_REQUEST);

    let ids: HashMap<String, String> = sqlx::query_as::<_, (Uuid, String)>(
        "SELECT id, description FROM transactions WHERE user_id = $1",
    )
    .bind(user.id)
    .fetch_all(&app.db.pool)
    .await?
    .into_iter()
    .map(|(id, description)| (description, id.to_string()))
    .collect();
    let (fee, to_savings) = (&ids["FEE"], &ids["TO SAVINGS"]);
    for (body, why) in [
        (json!({ "transaction_ids": [fee] }), "two ids"),
        (
            json!({ "transaction_ids": [fee, fee] }),
            "two different ids",
        ),
        (
            json!({ "transaction_ids": [fee, to_savings] }),
            "same account",
        ),
    ] {
        let response = app
            .as_user(&user, Method::POST, "/transfers")
            .json(&body)
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let error: Value = response.json().await?;
        assert_eq!(
            error["error"]["details"]["fields"][0]["field"], "transaction_ids",
            "{why}: {error}"
        );
    }
    let not_linked = app
        .as_user(&user, Method::DELETE, &format!("/transfers/{fee}"))
        .send()
        .await?;
    assert_eq!(not_linked.status(), StatusCode::NOT_FOUND);

    // Another user sees none of it and can change none of it.
    assert_eq!(
        transfers(&app, &intruder, "").await?["transfers"],
        json!([])
    );
    let linked_out = first["transfers"][0]["from"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let linked_in = first["transfers"][0]["to"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_other_user_gets_404(
        &app,
        &intruder,
        &[
            (Method::DELETE, format!("/transfers/{linked_out}"), None),
            (
                Method::POST,
                "/transfers".into(),
                Some(json!({ "transaction_ids": [fee, linked_in] })),
            ),
        ],
        &user,
        ("/transfers", &|page: &Value| {
            page["transfers"].as_array().is_some_and(|t| t.len() == 2)
        }),
    )
    .await?;
    Ok(())
}

async fn account(app: &TestApp, user: &TestUser, name: &str) -> anyhow::Result<Uuid> {
    let response = app
        .as_user(user, Method::POST, "/accounts")
        .json(&json!({ "name": name, "kind": "checking", "currency": "EUR" }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(response.json::<Value>().await?["id"]
        .as_str()
        .unwrap()
        .parse()?)
}

async fn transfers(app: &TestApp, user: &TestUser, query: &str) -> anyhow::Result<Value> {
    let response = app
        .as_user(user, Method::GET, &format!("/transfers{query}"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response.json().await?)
}

/// Lines as (days ago, amount, description).
fn statement(lines: &[(i64, Decimal, &str)]) -> Statement {
    let today = Utc::now().date_naive();
    Statement {
        lines: lines
            .iter()
            .enumerate()
            .map(|(n, (days_ago, amount, description))| StatementLine {
                source_line: n + 2,
                booked_on: today - Duration::days(*days_ago),
                amount: *amount,
                currency: None,
                payee: String::new(),
                description: description.to_string(),
                source_id: None,
                pending: false,
                merchant_category_code: None,
            })
            .collect(),
        ..Default::default()
    }
}

async fn import_into(
    app: &TestApp,
    user: &TestUser,
    account_id: Uuid,
    statement: &Statement,
) -> anyhow::Result<import::ImportReport> {
    let source = ImportSource {
        kind: "file",
        format: Some("csv"),
        filename: None,
    };
    Ok(import::import(&app.db.pool, user.id, account_id, statement, source).await?)
}
