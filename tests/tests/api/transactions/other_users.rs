//! Another user's transactions and categories: every endpoint answers 404 and changes nothing.

use kakeibo_tests::TestApp;
use kakeibo_tests::auth::assert_other_user_gets_404;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{
    account, call, category, days_ago, descriptions, expect, id_of, import_into, list, statement,
};

#[tokio::test]
async fn other_users_get_404_everywhere() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.verified_user("ana@example.com").await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let checking = account(&app, &owner, "Checking").await?;
    import_into(
        &app,
        &owner,
        checking,
        &statement(&[(2, dec!(-15), "", "BOOKS")]),
    )
    .await?;
    let id = id_of(&app, &owner, "BOOKS").await?;
    let hobbies = category(&app, &owner, "entertainment.hobbies").await?;
    expect(
        &app,
        &owner,
        Method::PATCH,
        &format!("/transactions/{id}"),
        Some(json!({ "category_id": hobbies, "notes": "mine" })),
        StatusCode::OK,
    )
    .await?;
    let custom = expect(
        &app,
        &owner,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Comics", "parent_id": hobbies })),
        StatusCode::CREATED,
    )
    .await?;
    let custom = custom["id"].as_str().unwrap().to_string();
    let intruder_category = category(&app, &intruder, "shopping.general").await?;
    expect(
        &app,
        &owner,
        Method::POST,
        &format!("/transactions/{id}/split"),
        Some(json!({ "parts": [{ "amount": "-10", "category_id": hobbies }, { "amount": "-5", "category_id": custom }] })),
        StatusCode::OK,
    )
    .await?;
    let rule = expect(
        &app,
        &owner,
        Method::POST,
        "/rules",
        Some(json!({ "name": "Books", "triggers": [{ "type": "description", "op": "contains", "value": "books" }],
                     "actions": { "category_id": hobbies } })),
        StatusCode::CREATED,
    )
    .await?;
    let rule = rule["id"].as_str().unwrap().to_string();

    assert_other_user_gets_404(
        &app,
        &intruder,
        &[
            (Method::GET, format!("/transactions/{id}"), None),
            (Method::PATCH, format!("/transactions/{id}"), Some(json!({ "category_id": intruder_category, "notes": "stolen" }))),
            (Method::DELETE, format!("/transactions/{id}"), None),
            (
                Method::POST,
                "/transactions".into(),
                Some(json!({ "account_id": checking, "booked_on": days_ago(1), "amount": "-1", "description": "planted" })),
            ),
            (Method::POST, "/transactions/bulk-categorize".into(), Some(json!({ "ids": [id], "category_id": intruder_category }))),
            (Method::PATCH, format!("/categories/{custom}"), Some(json!({ "name": "Renamed" }))),
            (Method::DELETE, format!("/categories/{custom}"), None),
            (Method::POST, "/categories".into(), Some(json!({ "name": "Planted", "parent_id": hobbies }))),
            (
                Method::POST,
                format!("/transactions/{id}/split"),
                Some(json!({ "parts": [{ "amount": "-7", "category_id": intruder_category }, { "amount": "-8", "category_id": intruder_category }] })),
            ),
            (Method::DELETE, format!("/transactions/{id}/split"), None),
            (Method::GET, format!("/rules/{rule}"), None),
            (Method::PATCH, format!("/rules/{rule}"), Some(json!({ "name": "Stolen", "enabled": false }))),
            (Method::DELETE, format!("/rules/{rule}"), None),
            (Method::POST, format!("/rules/{rule}/preview"), None),
            (Method::POST, format!("/rules/{rule}/apply"), None),
            (
                Method::POST,
                "/rules".into(),
                Some(json!({ "name": "Planted", "triggers": [{ "type": "direction", "direction": "out" }], "actions": { "category_id": hobbies } })),
            ),
            (
                Method::POST,
                "/rules".into(),
                Some(json!({ "name": "Planted", "triggers": [{ "type": "account", "account_id": checking }], "actions": { "add_tags": ["x"] } })),
            ),
        ],
        &owner,
        (&format!("/transactions/{id}"), &|t: &Value| {
            t["category_id"] == hobbies.as_str() && t["notes"] == "mine" && t["category_source"] == "user"
                && t["splits"].as_array().is_some_and(|s| s.len() == 2 && s[1]["category_id"] == custom.as_str())
        }),
    )
    .await?;
    let kept = expect(
        &app,
        &owner,
        Method::GET,
        &format!("/rules/{rule}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(
        (&kept["name"], &kept["enabled"]),
        (&json!("Books"), &json!(true))
    );
    assert_eq!(
        expect(&app, &intruder, Method::GET, "/rules", None, StatusCode::OK).await?,
        json!([]),
        "nothing planted"
    );

    // The intruder cannot use the owner's category on their own rows either.
    let own = account(&app, &intruder, "Mine").await?;
    import_into(
        &app,
        &intruder,
        own,
        &statement(&[(1, dec!(-3), "", "GUM")]),
    )
    .await?;
    let gum = id_of(&app, &intruder, "GUM").await?;
    expect(
        &app,
        &intruder,
        Method::PATCH,
        &format!("/transactions/{gum}"),
        Some(json!({ "category_id": hobbies })),
        StatusCode::NOT_FOUND,
    )
    .await?;
    expect(&app,
        &intruder,
        Method::POST,
        "/transactions",
        Some(json!({ "account_id": own, "booked_on": days_ago(1), "amount": "-1", "description": "x", "category_id": hobbies })), StatusCode::NOT_FOUND).await?;

    // Lists and filters never show the owner's rows, even when asked by the owner's ids.
    assert_eq!(descriptions(&list(&app, &intruder, "").await?), ["GUM"]);
    assert_eq!(
        descriptions(&list(&app, &intruder, &format!("?account_id={checking}")).await?).len(),
        0
    );
    assert_eq!(
        descriptions(&list(&app, &intruder, &format!("?category_id={hobbies}")).await?).len(),
        0
    );
    let (_, theirs) = call(&app, &intruder, Method::GET, "/categories", None).await?;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "Comics")
    );
    let (_, mine) = call(&app, &owner, Method::GET, "/categories", None).await?;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == custom.as_str() && c["name"] == "Comics")
    );
    assert_eq!(descriptions(&list(&app, &owner, "").await?), ["BOOKS"]);
    Ok(())
}
