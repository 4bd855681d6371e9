//! Insights: the fact "restaurants 40 % above the 3-month average" computed by hand, worded
//! by the template offline and by the chat model when one is configured; a model that is down
//! or puts a number of its own in the sentence leaves the template. Recomputing adds nothing
//! twice, and a dismissed insight stays dismissed.

use kakeibo_tests::fake_openai::{FakeOpenAi, ModelReply};
use kakeibo_tests::{TestApp, TestUser, drain_jobs_with};
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account, add, category, expect, get, month_day};

/// Restaurants: 300 in each of the three months before last (two places, wandering days, so
/// neither is a recurring payment), 420 last month, nothing yet this month.
async fn dining(app: &TestApp, user: &TestUser) -> anyhow::Result<String> {
    let checking = account(app, user, "Checking").await?;
    let restaurants = category(app, user, "food.restaurants").await?;
    // Months as the server counts them ("last month", "this month"), safe from midnight.
    let today = app.today("UTC").await?;
    let month_day = |back, day| month_day(today, back, day);
    for (back, (day_a, a), (day_b, b)) in [
        (4, (5, dec!(150)), (18, dec!(150))),
        (3, (12, dec!(140)), (3, dec!(160))),
        (2, (8, dec!(130)), (25, dec!(170))),
        (1, (20, dec!(200)), (10, dec!(220))),
    ] {
        add(
            app,
            user,
            checking,
            month_day(back, day_a),
            -a,
            "Trattoria Da Enzo",
            Some(&restaurants),
        )
        .await?;
        add(
            app,
            user,
            checking,
            month_day(back, day_b),
            -b,
            "Mama Thai",
            Some(&restaurants),
        )
        .await?;
    }
    Ok(month_day(1, 1).format("%Y-%m").to_string())
}

async fn insights(app: &TestApp, user: &TestUser, query: &str) -> anyhow::Result<Vec<Value>> {
    Ok(
        get(app, user, &format!("/insights{query}")).await?["insights"]
            .as_array()
            .unwrap()
            .clone(),
    )
}

#[tokio::test]
async fn templates_word_the_fact_and_a_dismissed_insight_stays_dismissed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let month = dining(&app, &user).await?;
    app.drain_jobs().await?;

    let list = insights(&app, &user, "").await?;
    assert_eq!(list.len(), 1, "{list:?}");
    let insight = &list[0];
    assert_eq!(insight["kind"], "category_above_average");
    assert_eq!(insight["worded_by"], "template");
    assert_eq!(insight["status"], "new");
    assert_eq!(
        insight["text"],
        format!(
            "Restaurants: 420.00 EUR in {}, 40 % above your 3-month average of 300.00 EUR.",
            chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")?.format("%B %Y")
        )
    );
    assert_eq!(insight["facts"]["percent"], 40);
    assert_eq!(insight["facts"]["average"], "300.00");

    // Recomputing (any edit announces a change) adds nothing.
    let id = insight["id"].as_str().unwrap().to_string();
    let tx_id = get(&app, &user, "/transactions?limit=1").await?["transactions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let edit = json!({ "notes": "with friends" });
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{tx_id}"),
        Some(edit.clone()),
        StatusCode::OK,
    )
    .await?;
    app.drain_jobs().await?;
    assert_eq!(insights(&app, &user, "").await?.len(), 1);

    // Read, then dismissed: it leaves the list and stays out after another recompute.
    let read = expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/insights/{id}"),
        Some(json!({ "status": "read" })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(read["status"], "read");
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/insights/{id}"),
        Some(json!({ "status": "dismissed" })),
        StatusCode::OK,
    )
    .await?;
    expect(
        &app,
        &user,
        Method::PATCH,
        &format!("/transactions/{tx_id}"),
        Some(json!({ "notes": "again" })),
        StatusCode::OK,
    )
    .await?;
    app.drain_jobs().await?;
    assert_eq!(insights(&app, &user, "").await?, Vec::<Value>::new());
    let all = insights(&app, &user, "?include_dismissed=true").await?;
    assert_eq!(
        (all.len(), all[0]["status"].as_str()),
        (1, Some("dismissed"))
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM insights WHERE user_id = $1")
        .bind(user.id)
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(stored, 1);
    Ok(())
}

/// The facts of an insight-wording request, or `None` for any other request.
fn facts(body: &Value) -> Option<Vec<Value>> {
    let user = body["messages"]
        .as_array()?
        .iter()
        .rev()
        .find(|m| m["role"] == "user")?;
    let data: Value = serde_json::from_str(user["content"].as_str()?).ok()?;
    data["facts"].as_array().cloned()
}

/// A model that words each fact with `sentence`.
fn model(sentence: fn(&Value) -> String) -> impl Fn(&Value) -> ModelReply + Send + Sync {
    move |body| {
        let texts: Vec<Value> = facts(body)
            .unwrap_or_default()
            .iter()
            .map(|f| json!({ "id": f["id"], "text": sentence(f) }))
            .collect();
        ModelReply::Content(json!({ "texts": texts }).to_string())
    }
}

async fn drain_with_model(app: &TestApp, fake: &FakeOpenAi) -> anyhow::Result<()> {
    let llm = fake.settings();
    drain_jobs_with(&app.db, move |s| s.llm = llm).await
}

#[tokio::test]
async fn the_chat_model_words_the_fact_with_its_numbers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    let month = dining(&app, &user).await?;
    let fake = FakeOpenAi::start().await;
    fake.set_model(model(|f| {
        format!(
            "Eating out cost {} EUR in {}: {} % more than the usual {} EUR.",
            f["amount"].as_str().unwrap(),
            f["month"].as_str().unwrap(),
            f["percent"],
            f["average"].as_str().unwrap()
        )
    }));
    drain_with_model(&app, &fake).await?;

    let list = insights(&app, &user, "").await?;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["worded_by"], "llm");
    assert_eq!(
        list[0]["text"],
        format!("Eating out cost 420.00 EUR in {month}: 40 % more than the usual 300.00 EUR.")
    );
    // The facts went as data in the user message; the instructions are ours alone.
    let requests = fake.chat_requests();
    let asked = requests
        .iter()
        .find(|r| facts(&r.body).is_some())
        .expect("a wording request");
    let system = asked.contents("system").join("");
    assert!(
        !system.contains("Restaurants") && !system.contains("420"),
        "{system}"
    );
    Ok(())
}

#[tokio::test]
async fn an_invented_number_or_a_server_that_is_down_leaves_the_template() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let user = app.verified_user("ana@example.com").await?;
    dining(&app, &user).await?;
    let mut fake = FakeOpenAi::start().await;
    fake.set_model(model(|_| "Restaurants are up 45 % this month.".to_string()));
    drain_with_model(&app, &fake).await?;
    let list = insights(&app, &user, "").await?;
    assert_eq!(
        (list.len(), list[0]["worded_by"].as_str()),
        (1, Some("template")),
        "{list:?}"
    );

    // A new fact while the server is down: worded by the template too.
    let other = app.verified_user("bo@example.com").await?;
    dining(&app, &other).await?;
    fake.stop().await;
    drain_with_model(&app, &fake).await?;
    let list = insights(&app, &other, "").await?;
    assert_eq!(
        (list.len(), list[0]["worded_by"].as_str()),
        (1, Some("template")),
        "{list:?}"
    );
    assert!(
        list[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Restaurants: 420.00 EUR in ")
    );
    Ok(())
}
