//! Splits: parts that add up exactly, with the transaction's sign, in the user's categories;
//! a new split replaces the last; the category filter and the per-category amounts see the
//! parts instead of their parent.

use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    account, ana_and_eve_with, assert_invalid, call, category, descriptions, expect, id_of,
    import_into, list, statement,
};

pub(super) async fn split(
    app: &TestApp,
    user: &TestUser,
    id: &str,
    parts: Value,
) -> anyhow::Result<(StatusCode, Value)> {
    call(
        app,
        user,
        Method::POST,
        &format!("/transactions/{id}/split"),
        Some(json!({ "parts": parts })),
    )
    .await
}

pub(super) async fn splits_of(app: &TestApp, user: &TestUser, id: &str) -> anyhow::Result<Value> {
    let t = expect(
        app,
        user,
        Method::GET,
        &format!("/transactions/{id}"),
        None,
        StatusCode::OK,
    )
    .await?;
    Ok(t["splits"].clone())
}

#[tokio::test]
async fn a_split_must_add_up_with_the_same_sign_in_your_categories() -> anyhow::Result<()> {
    let (app, user, other, _) = ana_and_eve_with(&[
        (3, dec!(-50), "TARGET", "TARGET 0042"),
        (2, dec!(-5), "", "GONE"),
    ])
    .await?;
    let id = id_of(&app, &user, "TARGET 0042").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    let theirs = category(&app, &other, "shopping.home").await?;

    let (status, error) = split(&app, &user, &id, json!([
        { "amount": "-20", "category_id": groceries }, { "amount": "-29.99", "category_id": home }])).await?;
    assert_invalid(status, &error, "parts");
    let message = error["error"]["details"]["fields"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("off by 0.01"), "{message}");
    let (status, error) = split(
        &app,
        &user,
        &id,
        json!([
        { "amount": "-60", "category_id": groceries }, { "amount": "10", "category_id": home }]),
    )
    .await?;
    assert_invalid(status, &error, "parts[1].amount");
    let (status, error) = split(
        &app,
        &user,
        &id,
        json!([{ "amount": "-50", "category_id": groceries }]),
    )
    .await?;
    assert_invalid(status, &error, "parts");
    let (status, error) = split(&app, &user, &id, json!([
        { "amount": "-50.00001", "category_id": groceries }, { "amount": "0.00001", "category_id": home }])).await?;
    assert_invalid(status, &error, "parts[0].amount");
    let (status, _) = split(
        &app,
        &user,
        &id,
        json!([
        { "amount": "-20", "category_id": groceries }, { "amount": "-30", "category_id": theirs }]),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another user's category");
    assert_eq!(
        splits_of(&app, &user, &id).await?,
        json!([]),
        "nothing stored"
    );

    // The database itself refuses a part of another user's transaction.
    let planted = sqlx::query(
        "INSERT INTO transaction_splits (user_id, transaction_id, booked_at, position, amount)
         SELECT $1, id, booked_at, 0, -1 FROM transactions WHERE id = $2",
    )
    .bind(other.id)
    .bind(id.parse::<Uuid>()?)
    .execute(&app.db.pool)
    .await;
    assert!(
        matches!(&planted, Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23503")),
        "{planted:?}"
    );

    // A deleted transaction cannot be split.
    let gone = id_of(&app, &user, "GONE").await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{gone}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let (status, _) = split(
        &app,
        &user,
        &gone,
        json!([
        { "amount": "-2", "category_id": groceries }, { "amount": "-3", "category_id": home }]),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn a_new_split_replaces_the_last_and_can_be_removed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &user, "Checking").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[(3, dec!(-50), "TARGET", "TARGET 0042")]),
    )
    .await?;
    let id = id_of(&app, &user, "TARGET 0042").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    let clothing = category(&app, &user, "shopping.clothing").await?;

    let (status, t) = split(
        &app,
        &user,
        &id,
        json!([
        { "amount": "-20.5", "category_id": groceries, "notes": " milk and bread " },
        { "amount": "-29.50", "category_id": home }]),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["amount"], "-50.0000");
    let parts = &t["splits"];
    assert_eq!(parts.as_array().unwrap().len(), 2);
    assert_eq!(
        (
            &parts[0]["amount"],
            &parts[0]["category_id"],
            &parts[0]["notes"]
        ),
        (
            &json!("-20.5000"),
            &json!(groceries),
            &json!("milk and bread")
        )
    );
    assert_eq!(parts[1]["notes"], Value::Null);
    assert_eq!(splits_of(&app, &user, &id).await?, *parts);

    let (status, t) = split(
        &app,
        &user,
        &id,
        json!([
        { "amount": "-10", "category_id": groceries },
        { "amount": "-15", "category_id": clothing },
        { "amount": "-25", "category_id": null }]),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{t}");
    let amounts: Vec<String> = splits_of(&app, &user, &id)
        .await?
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        amounts,
        ["-10.0000", "-15.0000", "-25.0000"],
        "replaced, in order"
    );

    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{id}/split"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    assert_eq!(splits_of(&app, &user, &id).await?, json!([]));
    let (status, t) = split(
        &app,
        &user,
        &id,
        json!([
        { "amount": "-10", "category_id": groceries }, { "amount": "-40", "category_id": home }]),
    )
    .await?;
    assert_eq!(
        (status, t["splits"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(2)),
        "{t}"
    );
    let (status, t) = split(&app, &user, &id, json!([])).await?;
    assert_eq!(
        (status, &t["splits"]),
        (StatusCode::OK, &json!([])),
        "an empty split removes it"
    );
    Ok(())
}

#[tokio::test]
async fn filters_and_category_amounts_count_parts_instead_of_their_parent() -> anyhow::Result<()> {
    let (app, user, other, _) = ana_and_eve_with(&[
        (4, dec!(-50), "TARGET", "TARGET 0042"),
        (3, dec!(-12), "REWE", "REWE"),
        (2, dec!(-7), "", "UNCATEGORIZED"),
    ])
    .await?;
    let target = id_of(&app, &user, "TARGET 0042").await?;
    let rewe = id_of(&app, &user, "REWE").await?;
    let food = category(&app, &user, "food").await?;
    let groceries = category(&app, &user, "food.groceries").await?;
    let home = category(&app, &user, "shopping.home").await?;
    let general = category(&app, &user, "shopping.general").await?;
    for (id, category_id) in [(&target, &general), (&rewe, &groceries)] {
        expect(
            &app,
            &user,
            Method::PATCH,
            &format!("/transactions/{id}"),
            Some(json!({ "category_id": category_id })),
            StatusCode::OK,
        )
        .await?;
    }
    let (status, _) = split(
        &app,
        &user,
        &target,
        json!([
        { "amount": "-20", "category_id": groceries }, { "amount": "-30", "category_id": home }]),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);

    // The filter finds a split transaction by a part's category (and a parent of it)…
    let by = |c: &str| format!("?category_id={c}");
    assert_eq!(
        descriptions(&list(&app, &user, &by(&groceries)).await?),
        ["REWE", "TARGET 0042"]
    );
    assert_eq!(
        descriptions(&list(&app, &user, &by(&food)).await?),
        ["REWE", "TARGET 0042"]
    );
    assert_eq!(
        descriptions(&list(&app, &user, &by(&home)).await?),
        ["TARGET 0042"]
    );
    // …and by its own.
    assert_eq!(
        descriptions(&list(&app, &user, &by(&general)).await?),
        ["TARGET 0042"]
    );
    assert_eq!(
        descriptions(&list(&app, &user, "?uncategorized=true").await?),
        ["UNCATEGORIZED"]
    );

    // Per-category amounts (docs/decisions.md): parts replace their parent.
    let per_category = |user_id: Uuid| {
        sqlx::query_as::<_, (Option<Uuid>, Decimal)>(
            "SELECT category_id, sum(amount) FROM category_amounts
             WHERE user_id = $1 AND transfer_id IS NULL GROUP BY category_id ORDER BY sum(amount)",
        )
        .bind(user_id)
        .fetch_all(&app.db.pool)
    };
    let sums = per_category(user.id).await?;
    let expected: Vec<(Option<Uuid>, Decimal)> = vec![
        (Some(groceries.parse()?), dec!(-32)),
        (Some(home.parse()?), dec!(-30)),
        (None, dec!(-7)),
    ];
    assert_eq!(sums, expected);
    assert!(per_category(other.id).await?.is_empty());

    // A deleted category leaves its part uncategorized; the amounts still add up.
    let plates = expect(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Plates", "parent_id": home })),
        StatusCode::CREATED,
    )
    .await?;
    let plates = plates["id"].as_str().unwrap().to_string();
    split(
        &app,
        &user,
        &target,
        json!([
        { "amount": "-20", "category_id": groceries }, { "amount": "-30", "category_id": plates }]),
    )
    .await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{plates}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let parts = splits_of(&app, &user, &target).await?;
    assert_eq!(
        (&parts[1]["amount"], &parts[1]["category_id"]),
        (&json!("-30.0000"), &Value::Null)
    );
    let sums = per_category(user.id).await?;
    let expected: Vec<(Option<Uuid>, Decimal)> =
        vec![(None, dec!(-37)), (Some(groceries.parse()?), dec!(-32))];
    assert_eq!(sums, expected);

    // A deleted parent takes its parts out of the amounts.
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/transactions/{target}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    let sums = per_category(user.id).await?;
    assert_eq!(
        sums,
        vec![(Some(groceries.parse()?), dec!(-12)), (None, dec!(-7))]
    );

    // Erasing the user takes the parts with everything else.
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user.id)
        .execute(&app.db.pool)
        .await?;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM transaction_splits")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(left, 0);
    Ok(())
}
