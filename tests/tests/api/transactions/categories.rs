//! Categories: every user starts with the built-in taxonomy and makes it their own.

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account, assert_invalid, call, category, expect, id_of, import_into, statement};

fn find<'a>(all: &'a Value, name: &str) -> &'a Value {
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no category {name}"))
}

#[tokio::test]
async fn the_taxonomy_is_the_users_to_extend_rename_move_and_prune() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let all = expect(
        &app,
        &user,
        Method::GET,
        "/categories",
        None,
        StatusCode::OK,
    )
    .await?;
    let defaults: i64 = sqlx::query_scalar("SELECT count(*) FROM default_categories")
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(all.as_array().unwrap().len() as i64, defaults);
    // Parents come before their children.
    assert_eq!(all[0]["name"], "Income");
    assert_eq!(all[1]["parent_name"], "Income");
    let groceries = find(&all, "Groceries");
    assert_eq!(groceries["parent_name"], "Food & Dining");
    assert_eq!(groceries["kind"], "expense");

    // New categories: a top-level one needs a kind; a child takes its parent's.
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Side projects" })),
    )
    .await?;
    assert_invalid(status, &error, "kind");
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": " ", "kind": "income" })),
    )
    .await?;
    assert_invalid(status, &error, "name");
    let (status, side) = call(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Side projects", "kind": "income" })),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{side}");
    assert_eq!(side["parent_id"], Value::Null);
    let side_id = side["id"].as_str().unwrap().to_string();
    let consulting = expect(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Consulting", "parent_id": side_id })),
        StatusCode::CREATED,
    )
    .await?;
    assert_eq!(
        (
            consulting["kind"].as_str(),
            consulting["parent_name"].as_str()
        ),
        (Some("income"), Some("Side projects"))
    );
    let consulting_id = consulting["id"].as_str().unwrap().to_string();
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "CONSULTING", "parent_id": side_id })),
    )
    .await?;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("category_exists"))
    );
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Tools", "parent_id": side_id, "kind": "expense" })),
    )
    .await?;
    assert_invalid(status, &error, "kind");
    expect(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Tools", "parent_id": uuid::Uuid::new_v4() })),
        StatusCode::NOT_FOUND,
    )
    .await?;

    // Renaming a built-in category keeps its link to the built-in one.
    let groceries_id = groceries["id"].as_str().unwrap().to_string();
    let renamed = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/categories/{groceries_id}"),
        Some(json!({ "name": "Supermarket" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (renamed["name"].as_str(), renamed["default_slug"].as_str()),
        (Some("Supermarket"), Some("food.groceries"))
    );
    assert_eq!(category(&app, &user, "food.groceries").await?, groceries_id);

    // Moves: never under itself or below itself, never under another kind.
    for (parent, why) in [(&side_id, "itself"), (&consulting_id, "its own child")] {
        let (status, error) = call(
            &app,
            &user,
            Method::PATCH,
            &format!("/categories/{side_id}"),
            Some(json!({ "parent_id": parent })),
        )
        .await?;
        assert_invalid(status, &error, "parent_id");
        assert!(error.to_string().contains("under itself"), "{why}: {error}");
    }
    let food = category(&app, &user, "food").await?;
    let (status, error) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/categories/{consulting_id}"),
        Some(json!({ "parent_id": food })),
    )
    .await?;
    assert_invalid(status, &error, "parent_id");
    let moved = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/categories/{consulting_id}"),
        Some(json!({ "parent_id": null })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(moved["parent_id"], Value::Null);
    let income = category(&app, &user, "income").await?;
    let moved = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/categories/{consulting_id}"),
        Some(json!({ "parent_id": income, "name": "Consulting fees" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (moved["parent_name"].as_str(), moved["name"].as_str()),
        (Some("Income"), Some("Consulting fees"))
    );

    // Deleting a category: its children move up, its transactions become uncategorized.
    let checking = account(&app, &user, "Checking").await?;
    import_into(
        &app,
        &user,
        checking,
        &statement(&[
            (3, dec!(-40), "", "DINNER OUT"),
            (2, dec!(-60), "", "WEEKLY SHOP"),
        ]),
    )
    .await?;
    let dinner = id_of(&app, &user, "DINNER OUT").await?;
    let shop = id_of(&app, &user, "WEEKLY SHOP").await?;
    for (id, category_id) in [(&dinner, &food), (&shop, &groceries_id)] {
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
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{food}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{food}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    let (_, all) = call(&app, &user, Method::GET, "/categories", None).await?;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "Food & Dining")
    );
    let supermarket = find(&all, "Supermarket");
    assert_eq!(
        supermarket["parent_id"],
        Value::Null,
        "moved up, not deleted"
    );
    assert_eq!(find(&all, "Restaurants")["parent_id"], Value::Null);
    let dinner_after = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{dinner}"),
        None,
    )
    .await?
    .1;
    assert_eq!(dinner_after["category_id"], Value::Null);
    assert_eq!(dinner_after["category_source"], Value::Null);
    assert_eq!(
        dinner_after["locked_fields"],
        json!([]),
        "free for the categorizer again"
    );
    let shop_after = call(
        &app,
        &user,
        Method::GET,
        &format!("/transactions/{shop}"),
        None,
    )
    .await?
    .1;
    assert_eq!(shop_after["category_id"], groceries_id.as_str());

    // A subcategory that would clash with a name one level up stops the delete; nothing
    // changes.
    let travel = category(&app, &user, "travel").await?;
    expect(
        &app,
        &user,
        Method::POST,
        "/categories",
        Some(json!({ "name": "other", "parent_id": travel })),
        StatusCode::CREATED,
    )
    .await?;
    let (status, error) = call(
        &app,
        &user,
        Method::DELETE,
        &format!("/categories/{travel}"),
        None,
    )
    .await?;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("category_exists"))
    );
    assert_eq!(category(&app, &user, "travel").await?, travel);
    Ok(())
}
