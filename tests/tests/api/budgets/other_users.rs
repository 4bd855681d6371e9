//! Another user's budgets, goals and contributions: every endpoint answers 404 and changes
//! nothing; the owner's categories and accounts cannot be used either.

use kakeibo_tests::TestApp;
use kakeibo_tests::auth::assert_other_user_gets_404;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{account_in, budget, category, expect};

#[tokio::test]
async fn other_users_get_404_on_every_budget_and_goal_endpoint() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = app.verified_user("ana@example.com").await?;
    let intruder = app.verified_user("eve@example.com").await?;
    let food = category(&app, &owner, "food").await?;
    let savings = account_in(&app, &owner, "Savings", "checking", "EUR").await?;
    let budget_id = budget(
        &app,
        &owner,
        json!({ "name": "Food", "category_id": food, "period": "monthly", "amount": "300" }),
    )
    .await?;
    let goal = expect(
        &app,
        &owner,
        Method::POST,
        "/goals",
        Some(json!({ "name": "Trip", "target_amount": "900", "target_date": "2030-06-01" })),
        StatusCode::CREATED,
    )
    .await?;
    let goal_id = goal["id"].as_str().unwrap().to_string();
    let contribution = expect(
        &app,
        &owner,
        Method::POST,
        &format!("/goals/{goal_id}/contributions"),
        Some(json!({ "amount": "50" })),
        StatusCode::CREATED,
    )
    .await?;
    let contribution_id = contribution["id"].as_str().unwrap().to_string();

    assert_other_user_gets_404(
        &app,
        &intruder,
        &[
            (Method::GET, format!("/budgets/{budget_id}"), None),
            (Method::PATCH, format!("/budgets/{budget_id}"), Some(json!({ "name": "Stolen", "amount": "1" }))),
            (Method::DELETE, format!("/budgets/{budget_id}"), None),
            (Method::GET, format!("/budgets/{budget_id}/progress"), None),
            (
                Method::POST,
                "/budgets".into(),
                Some(json!({ "name": "Planted", "category_id": food, "period": "weekly", "amount": "5" })),
            ),
            (Method::GET, format!("/goals/{goal_id}"), None),
            (Method::PATCH, format!("/goals/{goal_id}"), Some(json!({ "name": "Stolen" }))),
            (Method::DELETE, format!("/goals/{goal_id}"), None),
            (Method::GET, format!("/goals/{goal_id}/progress"), None),
            (Method::GET, format!("/goals/{goal_id}/contributions"), None),
            (Method::POST, format!("/goals/{goal_id}/contributions"), Some(json!({ "amount": "-50" }))),
            (Method::DELETE, format!("/goals/{goal_id}/contributions/{contribution_id}"), None),
            (
                Method::POST,
                "/goals".into(),
                Some(json!({ "name": "Planted", "target_amount": "1", "target_date": "2030-01-01", "account_id": savings })),
            ),
        ],
        &owner,
        (&format!("/budgets/{budget_id}"), &|b: &Value| {
            b["name"] == "Food" && b["amount"] == "300.0000" && b["category_id"] == food.as_str()
        }),
    )
    .await?;
    let kept = expect(
        &app,
        &owner,
        Method::GET,
        &format!("/goals/{goal_id}/progress"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(kept["goal"]["name"], "Trip");
    assert_eq!(kept["progress"]["saved"], "50.0000");
    for list in ["/budgets", "/goals"] {
        assert_eq!(
            expect(&app, &intruder, Method::GET, list, None, StatusCode::OK).await?,
            json!([]),
            "nothing planted, nothing shown"
        );
    }
    Ok(())
}
