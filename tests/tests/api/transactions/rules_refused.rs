//! Bad rules are refused with the field at fault, and nothing of them is stored.

use kakeibo_tests::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::rules::add_rule;
use super::{account, assert_invalid, call, category, expect};

#[tokio::test]
async fn bad_rules_are_refused_and_nothing_is_stored() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let other = app.verified_user("eve@example.com").await?;
    let coffee = category(&app, &user, "food.coffee").await?;
    let theirs = category(&app, &other, "food.coffee").await?;
    let their_account = account(&app, &other, "Theirs").await?;
    let with = |triggers: Value, actions: Value| json!({ "name": "r", "triggers": triggers, "actions": actions });
    let text = json!([{ "type": "description", "op": "contains", "value": "x" }]);
    for (body, field) in [
        (
            with(
                json!([{ "type": "merchant", "op": "contains", "value": "ok" }, { "type": "merchant", "op": "regex", "value": "(unclosed" }]),
                json!({ "category_id": coffee }),
            ),
            "triggers[1].value",
        ),
        (
            with(json!([]), json!({ "category_id": coffee })),
            "triggers",
        ),
        (with(text.clone(), json!({})), "actions"),
        (
            with(
                text.clone(),
                json!({ "category_id": coffee, "mark_transfer": true }),
            ),
            "actions.mark_transfer",
        ),
        (
            with(
                json!([{ "type": "amount", "min": "20", "max": "10" }]),
                json!({ "category_id": coffee }),
            ),
            "triggers[0]",
        ),
        (
            with(
                json!([{ "type": "amount" }]),
                json!({ "category_id": coffee }),
            ),
            "triggers[0]",
        ),
        (
            with(text.clone(), json!({ "add_tags": ["a,b"] })),
            "actions.add_tags[0]",
        ),
        (
            json!({ "name": " ", "triggers": text, "actions": { "category_id": coffee } }),
            "name",
        ),
    ] {
        let (status, error) = call(&app, &user, Method::POST, "/rules", Some(body)).await?;
        assert_invalid(status, &error, field);
    }
    let (status, error) = call(
        &app,
        &user,
        Method::POST,
        "/rules",
        Some(with(
            json!([{ "type": "merchant", "op": "regex", "value": "[a-" }]),
            json!({ "category_id": coffee }),
        )),
    )
    .await?;
    assert_invalid(status, &error, "triggers[0].value");
    assert!(
        error["error"]["details"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not a valid regular expression"),
        "{error}"
    );
    // Unknown trigger types are not JSON the API reads.
    let (status, _) = call(
        &app,
        &user,
        Method::POST,
        "/rules",
        Some(with(
            json!([{ "type": "weekday", "value": "monday" }]),
            json!({ "category_id": coffee }),
        )),
    )
    .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Another user's category or account: 404, like ids in a path.
    for body in [
        with(text.clone(), json!({ "category_id": theirs })),
        with(
            json!([{ "type": "account", "account_id": their_account }]),
            json!({ "category_id": coffee }),
        ),
    ] {
        let (status, _) = call(&app, &user, Method::POST, "/rules", Some(body)).await?;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let listed = expect(&app, &user, Method::GET, "/rules", None, StatusCode::OK).await?;
    assert_eq!(listed, json!([]));

    // A bad edit leaves the rule as it was.
    let rule = add_rule(
        &app,
        &user,
        with(text.clone(), json!({ "category_id": coffee })),
    )
    .await?;
    let (status, error) = call(
        &app,
        &user,
        Method::PATCH,
        &format!("/rules/{rule}"),
        Some(json!({ "triggers": [{ "type": "description", "op": "regex", "value": "(" }], "name": "changed" })),
    )
    .await?;
    assert_invalid(status, &error, "triggers[0].value");
    let kept = expect(
        &app,
        &user,
        Method::GET,
        &format!("/rules/{rule}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(kept["name"], "r");
    assert_eq!(kept["triggers"], text);
    Ok(())
}
