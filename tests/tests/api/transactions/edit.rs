//! PATCH, POST, DELETE and bulk-categorize on transactions: edits lock what they set and
//! survive a re-import; a deleted transaction stays deleted through a re-import.

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    account, ana_with, assert_invalid, call, category, days_ago, descriptions, expect, id_of,
    import_into, list, statement,
};

#[tokio::test]
async fn an_edit_locks_what_it_sets_and_survives_a_reimport() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let file = statement(&[(3, dec!(-82.10), "REWE 0423", "REWE SAGT DANKE")]);
    import_into(&app, &user, checking, &file).await?;
    let id = id_of(&app, &user, "REWE SAGT DANKE").await?;
    let before = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
    )
    .await?
    .1;
    assert_eq!(before["locked_fields"], json!([]));
    assert_eq!(before["category_id"], Value::Null);
    assert_eq!(before["currency"], "EUR");

    let groceries = category(&app, &user, "food.groceries").await?;
    let (status, edited) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({
            "category_id": groceries,
            "merchant": "  Rewe ",
            "notes": "weekly shop",
            "tags": ["household", " household", "weekly"],
        })),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["category_id"], groceries.as_str());
    assert_eq!(edited["category_source"], "user");
    assert_eq!(edited["category_confidence"], 1.0);
    assert_eq!(edited["merchant"], "Rewe");
    assert_eq!(edited["notes"], "weekly shop");
    assert_eq!(edited["tags"], json!(["household", "weekly"]));
    assert_eq!(edited["locked_fields"], json!(["category", "merchant"]));
    assert_eq!(
        edited["amount"], "-82.1000",
        "the bank's fields are not the user's to edit"
    );

    // Notes and tags lock nothing; a field left out is left as it is; null clears.
    let cleared = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "notes": null, "tags": [] })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(cleared["notes"], Value::Null);
    assert_eq!(cleared["tags"], json!([]));
    assert_eq!(cleared["category_id"], groceries.as_str());
    assert_eq!(cleared["merchant"], "Rewe");
    assert_eq!(cleared["locked_fields"], json!(["category", "merchant"]));

    // The same statement again: matched, and the user's edits stay.
    let report = import_into(&app, &user, checking, &file).await?;
    assert_eq!((report.rows_added, report.rows_matched), (0, 1));
    let after = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
    )
    .await?
    .1;
    assert_eq!(after["category_id"], groceries.as_str());
    assert_eq!(after["merchant"], "Rewe");
    assert_eq!(after["locked_fields"], json!(["category", "merchant"]));

    // The lock is in the store for the categorizer to respect.
    let locked: Vec<String> =
        sqlx::query_scalar("SELECT locked_fields FROM transactions WHERE user_id = $1 AND id = $2")
            .bind(user.id)
            .bind(id.parse::<Uuid>()?)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!(locked, ["category", "merchant"]);

    // Bad edits name the field and change nothing.
    for (body, field) in [
        (json!({ "merchant": "" }), "merchant"),
        (json!({ "tags": [""] }), "tags[0]"),
        (json!({ "tags": ["a,b"] }), "tags[0]"),
        (
            json!({ "tags": (0..21).map(|n| format!("t{n}")).collect::<Vec<_>>() }),
            "tags",
        ),
        (json!({ "notes": "x".repeat(2001) }), "notes"),
    ] {
        let (status, error) = call(
            &app,
            &user,
            Method::PATCH,
            &format!("/transactions/{id}"),
            Some(body),
        )
        .await?;
        assert_invalid(status, &error, field);
    }
    let (status, _) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "amount": "1.00" })),
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST, "amount is not editable");
    let (status, _) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "category_id": Uuid::new_v4() })),
    )
    .await?;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not one of the user's categories"
    );
    let unchanged = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
    )
    .await?
    .1;
    assert_eq!(unchanged["category_id"], groceries.as_str());
    assert_eq!(unchanged["merchant"], "Rewe");
    Ok(())
}

#[tokio::test]
async fn added_by_hand_and_deleted_softly_even_through_a_reimport() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let coffee = category(&app, &user, "food.coffee").await?;

    let (status, created) = call(
        &app,
        &user,
        Method::POST,
        "/transactions",
        Some(json!({
            "account_id": checking,
            "booked_on": days_ago(1),
            "amount": "-3.80",
            "description": "Flat white at the market",
            "category_id": coffee,
            "tags": ["cash"],
        })),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["currency"], "EUR", "the account's currency");
    assert_eq!(created["amount"], "-3.8000");
    assert_eq!(created["status"], "posted");
    assert_eq!(created["category_source"], "user");
    assert_eq!(created["locked_fields"], json!(["category"]));
    assert_eq!(created["import_id"], Value::Null);
    assert!(
        created["booked_at"]
            .as_str()
            .unwrap()
            .starts_with(&days_ago(1).to_string())
    );
    let fetched = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{}", created["id"].as_str().unwrap()),
        None,
    )
    .await?;
    assert_eq!(fetched.1["description"], "Flat white at the market");

    for (body, field) in [
        (
            json!({ "account_id": checking, "booked_on": days_ago(1), "amount": "0", "description": "x" }),
            "amount",
        ),
        (
            json!({ "account_id": checking, "booked_on": days_ago(1), "amount": "1.23456", "description": "x" }),
            "amount",
        ),
        (
            json!({ "account_id": checking, "booked_on": days_ago(1), "amount": "-1", "description": "  " }),
            "description",
        ),
        (
            json!({ "account_id": checking, "booked_on": "1900-01-01", "amount": "-1", "description": "x" }),
            "booked_on",
        ),
    ] {
        let (status, error) = call(&app, &user, Method::POST, "/transactions", Some(body)).await?;
        assert_invalid(status, &error, field);
    }
    let (status, _) = call(
        &app,
        &user,
        Method::POST,
        "/transactions",
        Some(json!({ "account_id": Uuid::new_v4(), "booked_on": days_ago(1), "amount": "-1", "description": "x" })),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such account");

    // A deleted row is gone from the API and stays gone when its statement comes again.
    let file = statement(&[
        (9, dec!(-20), "", "CINEMA"),
        (8, dec!(-5.5), "", "DOUBLE CHARGE"),
        (7, dec!(-5.5), "", "SNACKS"),
    ]);
    import_into(&app, &user, checking, &file).await?;
    let double = id_of(&app, &user, "DOUBLE CHARGE").await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{double}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{double}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    let (status, _) = call(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{double}"),
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "already deleted");
    let (status, _) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{double}"),
        Some(json!({ "notes": "x" })),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "a deleted row is not edited");

    let report = import_into(&app, &user, checking, &file).await?;
    assert_eq!((report.rows_added, report.rows_matched), (0, 3));
    assert_eq!(
        descriptions(&list(&app, &user, "").await?),
        ["Flat white at the market", "SNACKS", "CINEMA"]
    );
    let deleted_at: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT deleted_at FROM transactions WHERE user_id = $1 AND id = $2")
            .bind(user.id)
            .bind(double.parse::<Uuid>()?)
            .fetch_one(&app.db.pool)
            .await?;
    assert!(deleted_at.is_some(), "kept, marked deleted");
    Ok(())
}

#[tokio::test]
async fn added_by_hand_without_a_category_is_categorized() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    // The categorizer gives it one, as it does an imported row.
    let (status, bare) = call(
        &app,
        &user,
        Method::POST,
        "/transactions",
        Some(json!({
            "account_id": checking,
            "booked_on": days_ago(1),
            "amount": "-54.10",
            "description": "ARAL TANKSTELLE HAMBURG",
        })),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{bare}");
    assert_eq!(bare["category_id"], Value::Null);
    app.drain_jobs().await?;
    let id = bare["id"].as_str().unwrap();
    let (_, categorized) = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
    )
    .await?;
    let fuel = category(&app, &user, "transport.fuel").await?;
    assert_eq!(categorized["category_id"], json!(fuel), "{categorized}");
    assert_eq!(categorized["category_source"], "knn");
    Ok(())
}

#[tokio::test]
async fn deleting_half_of_a_transfer_unlinks_the_other_half() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    let savings = account(&app, &user, "Savings").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[(4, dec!(-100), "", "TO SAVINGS")]),
    )
    .await?;
    let report = import_into(
        &app,
        &user,
        savings,
        &statement(&[(4, dec!(100), "", "FROM CHECKING")]),
    )
    .await?;
    assert_eq!(report.transfers_linked, 1);
    let out = id_of(&app, &user, "TO SAVINGS").await?;
    let arrived = id_of(&app, &user, "FROM CHECKING").await?;
    let linked = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{arrived}"),
        None,
    )
    .await?
    .1;
    assert_eq!(linked["transfer_id"], out.as_str());

    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{out}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let alone = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{arrived}"),
        None,
    )
    .await?
    .1;
    assert_eq!(alone["transfer_id"], Value::Null);
    Ok(())
}

#[tokio::test]
async fn bulk_categorize_is_all_or_nothing() -> anyhow::Result<()> {
    let (app, user, _) = ana_with(&[
        (3, dec!(-9), "", "UBER 1"),
        (2, dec!(-11), "", "UBER 2"),
        (1, dec!(-4), "", "KIOSK"),
    ])
    .await?;
    let taxi = category(&app, &user, "transport.taxi").await?;
    let ids = [
        id_of(&app, &user, "UBER 1").await?,
        id_of(&app, &user, "UBER 2").await?,
    ];

    let (status, body) = call(
        &app,
        &user,
        Method::POST,
        "/transactions/bulk-categorize",
        Some(json!({ "ids": [ids[0], ids[1], Uuid::new_v4()], "category_id": taxi })),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        descriptions(&list(&app, &user, "?uncategorized=true").await?).len(),
        3
    );

    let (status, body) = call(
        &app,
        &user,
        Method::POST,
        "/transactions/bulk-categorize",
        Some(json!({ "ids": ids, "category_id": taxi })),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["updated"], 2);
    let in_taxi = list(&app, &user, &format!("?category_id={taxi}")).await?;
    assert_eq!(descriptions(&in_taxi), ["UBER 2", "UBER 1"]);
    assert!(
        in_taxi["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["locked_fields"] == json!(["category"]) && t["category_source"] == "user")
    );

    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/transactions/bulk-categorize",
        Some(json!({ "ids": [], "category_id": taxi })),
    )
    .await?;
    assert_invalid(status, &error, "ids");
    Ok(())
}
