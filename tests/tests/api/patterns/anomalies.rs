//! Anomalies through the API: a bill far above a restaurant's usual, and nothing at all on
//! regular spending.

use kakeibo_tests::TestApp;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{account, add, days_ago_fn, get};

/// Dinners at one restaurant every 9 days at 30–40 over about five months, the last 5 days ago.
async fn regular_dinners(
    app: &TestApp,
    user: &kakeibo_tests::TestUser,
) -> anyhow::Result<uuid::Uuid> {
    let checking = account(app, user, "Checking").await?;
    let days_ago = days_ago_fn(app).await?;
    let amounts = [
        dec!(31.50),
        dec!(36.00),
        dec!(33.20),
        dec!(39.90),
        dec!(30.10),
        dec!(35.40),
    ];
    for n in 0..18 {
        let amount: Decimal = amounts[n as usize % amounts.len()];
        add(
            app,
            user,
            checking,
            days_ago(5 + 9 * n),
            -amount,
            "Trattoria Da Enzo",
            None,
        )
        .await?;
    }
    Ok(checking)
}

#[tokio::test]
async fn regular_spending_flags_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    regular_dinners(&app, &user).await?;
    app.drain_jobs().await?;
    assert_eq!(
        get(&app, &user, "/analytics/anomalies").await?,
        serde_json::json!([])
    );
    Ok(())
}

#[tokio::test]
async fn a_bill_far_above_the_restaurants_usual() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let checking = regular_dinners(&app, &user).await?;
    let days_ago = days_ago_fn(&app).await?;
    add(
        &app,
        &user,
        checking,
        days_ago(2),
        dec!(-168.00),
        "Trattoria Da Enzo",
        None,
    )
    .await?;
    app.drain_jobs().await?;

    let found = get(&app, &user, "/analytics/anomalies?kind=large_for_merchant").await?;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let a = &found[0];
    assert_eq!(a["merchant"], "Trattoria Da Enzo");
    assert_eq!(a["amount"], "168.0000");
    // The history is the fifteen dinners before the last 30 days (three in the window): 30.10,
    // 39.90 and 35.40 three times each, the others twice; the eighth of them sorted is 35.40.
    assert_eq!(a["baseline"], "35.4000");
    assert_eq!(a["on_date"], serde_json::json!(days_ago(2)));
    // Filtering by date leaves it out once it is older.
    let later = get(
        &app,
        &user,
        &format!(
            "/analytics/anomalies?kind=large_for_merchant&since={}",
            days_ago(1)
        ),
    )
    .await?;
    assert_eq!(later, serde_json::json!([]));
    Ok(())
}
