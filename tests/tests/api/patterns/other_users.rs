//! Another user's series and insights answer 404 and change nothing; her lists never show
//! them.

use kakeibo_tests::TestApp;
use kakeibo_tests::auth::assert_other_user_gets_404;
use reqwest::Method;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account, add, days_ago_fn, get};

#[tokio::test]
async fn another_users_patterns_are_out_of_reach() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let eve = app.verified_user("eve@example.com").await?;
    let ana = app.verified_user("ana@example.com").await?;
    let checking = account(&app, &ana, "Checking").await?;
    let days_ago = days_ago_fn(&app).await?;
    // A new weekly payment: a series and a "new recurring payment" insight.
    for week in 0..5 {
        add(
            &app,
            &ana,
            checking,
            days_ago(2 + 7 * week),
            dec!(-12),
            "Veggie Box",
            None,
        )
        .await?;
    }
    app.drain_jobs().await?;
    let series = get(&app, &ana, "/analytics/recurring").await?;
    let series_id = series[0]["id"].as_str().unwrap().to_string();
    let insights = get(&app, &ana, "/insights").await?;
    assert_eq!(
        insights["insights"][0]["kind"], "new_recurring",
        "{insights}"
    );
    let insight_id = insights["insights"][0]["id"].as_str().unwrap().to_string();

    assert_other_user_gets_404(
        &app,
        &eve,
        &[(
            Method::PATCH,
            format!("/insights/{insight_id}"),
            Some(json!({ "status": "dismissed" })),
        )],
        &ana,
        ("/insights", &|body: &Value| {
            body["insights"][0]["status"] == "new"
        }),
    )
    .await?;
    assert_other_user_gets_404(
        &app,
        &eve,
        &[(
            Method::PATCH,
            format!("/analytics/recurring/{series_id}"),
            Some(json!({ "user_state": "ignored" })),
        )],
        &ana,
        ("/analytics/recurring", &|body: &Value| {
            body[0]["user_state"] == "auto"
        }),
    )
    .await?;
    // Eve's own lists are empty.
    assert_eq!(
        get(
            &app,
            &eve,
            "/analytics/recurring?include_ended=true&include_ignored=true"
        )
        .await?,
        json!([])
    );
    assert_eq!(get(&app, &eve, "/analytics/anomalies").await?, json!([]));
    assert_eq!(
        get(&app, &eve, "/insights?include_dismissed=true").await?["insights"],
        json!([])
    );
    assert_eq!(
        get(&app, &eve, "/analytics/forecast").await?["currencies"],
        json!([])
    );

    // Ana ignores her series: it leaves her list and her forecast, and stays ignored.
    let ignored = super::expect(
        &app,
        &ana,
        Method::PATCH,
        &format!("/analytics/recurring/{series_id}"),
        Some(json!({ "user_state": "ignored" })),
        reqwest::StatusCode::OK,
    )
    .await?;
    assert_eq!(ignored["user_state"], "ignored");
    assert_eq!(get(&app, &ana, "/analytics/recurring").await?, json!([]));
    let forecast = get(&app, &ana, "/analytics/forecast").await?;
    assert_eq!(forecast["currencies"][0]["upcoming"], json!([]));
    add(
        &app,
        &ana,
        checking,
        days_ago(1),
        dec!(-3.20),
        "Bakery",
        None,
    )
    .await?;
    app.drain_jobs().await?;
    let kept = get(&app, &ana, "/analytics/recurring?include_ignored=true").await?;
    assert_eq!(
        (kept[0]["id"].as_str(), kept[0]["user_state"].as_str()),
        (Some(series_id.as_str()), Some("ignored"))
    );
    Ok(())
}
