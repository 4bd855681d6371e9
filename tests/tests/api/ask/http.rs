//! `POST /ask` and the conversation endpoints: bad questions are 422 with the error
//! envelope, a burst is 429, another user's conversation is 404, conversations keep their
//! turns and page like other lists, and an out-of-scope question gets examples, no figure.

use kakeibo_tests::auth::assert_other_user_gets_404;
use kakeibo_tests::http::{assert_invalid, call, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn ask(app: &TestApp, user: &TestUser, body: Value) -> anyhow::Result<Value> {
    expect(app, user, Method::POST, "/ask", Some(body), StatusCode::OK).await
}

#[tokio::test]
async fn empty_long_and_binary_questions_are_422() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    for question in [
        String::new(),
        "   \n ".to_string(),
        "a".repeat(2001),
        "how much\u{0}\u{1}\u{7f}".to_string(),
        "\u{1b}[2J spending".to_string(),
    ] {
        let (status, body) = call(
            &app,
            &ana,
            Method::POST,
            "/ask",
            Some(json!({ "question": question })),
        )
        .await?;
        assert_invalid(status, &body, "question");
        assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    }
    // 2,000 characters exactly is a question.
    let (status, _) = call(
        &app,
        &ana,
        Method::POST,
        "/ask",
        Some(json!({ "question": "é".repeat(2000) })),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    // Not JSON at all: the envelope's 400.
    let response = app
        .as_user(&ana, Method::POST, "/ask")
        .header("content-type", "application/json")
        .body(vec![0xff, 0xfe, 0x00, 0x01])
        .send()
        .await?;
    assert!(response.status().is_client_error());
    let body: Value = response.json().await?;
    assert!(body["error"]["code"].is_string(), "{body}");
    Ok(())
}

#[tokio::test]
async fn a_burst_of_questions_is_429() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let bob = app.verified_user("bob@example.com").await?;
    let mut statuses = Vec::new();
    for _ in 0..32 {
        let (status, _) = call(
            &app,
            &ana,
            Method::POST,
            "/ask",
            Some(json!({ "question": "what is the weather?" })),
        )
        .await?;
        statuses.push(status);
    }
    // Thirty a minute; a window may end mid-burst, so at least one of the last two is refused.
    assert!(
        statuses[..30]
            .iter()
            .filter(|s| **s == StatusCode::OK)
            .count()
            >= 28,
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // The limit is Ana's: Bob still asks.
    let (status, _) = call(
        &app,
        &bob,
        Method::POST,
        "/ask",
        Some(json!({ "question": "what is the weather?" })),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn out_of_scope_questions_get_examples_and_no_figure() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let body = ask(
        &app,
        &ana,
        json!({ "question": "Will it rain in Berlin tomorrow?" }),
    )
    .await?;
    let answer = body["answer"].as_str().unwrap();
    assert!(!answer.chars().any(|c| c.is_ascii_digit()), "{answer}");
    assert!(answer.contains("How much did I spend"), "{answer}");
    assert_eq!(body["tools"], json!([]));
    assert_eq!(body["data"]["table"], Value::Null);
    assert!(body["conversation_id"].is_string());
    Ok(())
}

#[tokio::test]
async fn conversations_keep_their_turns_page_and_delete() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let first = ask(&app, &ana, json!({ "question": "How much did I spend?" })).await?;
    let id = first["conversation_id"].as_str().unwrap().to_string();
    let follow = ask(
        &app,
        &ana,
        json!({ "question": "and the month before?", "conversation_id": id }),
    )
    .await?;
    assert_eq!(follow["conversation_id"], first["conversation_id"]);
    let other = ask(
        &app,
        &ana,
        json!({ "question": "What are my subscriptions?" }),
    )
    .await?;
    assert_ne!(other["conversation_id"], first["conversation_id"]);

    let detail = expect(
        &app,
        &ana,
        Method::GET,
        &format!("/ask/conversations/{id}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(detail["title"], "How much did I spend?");
    assert_eq!(detail["turns"].as_array().unwrap().len(), 2);
    assert_eq!(detail["turns"][1]["question"], "and the month before?");
    assert_eq!(detail["turns"][1]["answer"], follow["answer"]);
    assert_eq!(detail["turns"][0]["position"], 1);
    assert_eq!(detail["questions"], 2);
    // Each key once: a parser that keeps the first of two `turns` would get a number.
    let raw = app
        .as_user(&ana, Method::GET, &format!("/ask/conversations/{id}"))
        .send()
        .await?
        .text()
        .await?;
    assert_eq!(raw.matches("\"turns\":").count(), 1, "{raw}");

    // Most recently continued first, one per page.
    let page = expect(
        &app,
        &ana,
        Method::GET,
        "/ask/conversations?limit=1",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(page["conversations"][0]["id"], other["conversation_id"]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = expect(
        &app,
        &ana,
        Method::GET,
        &format!("/ask/conversations?limit=1&before={cursor}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(next["conversations"][0]["id"], json!(id));
    assert_eq!(next["conversations"][0]["questions"], 2);

    expect(
        &app,
        &ana,
        Method::DELETE,
        &format!("/ask/conversations/{id}"),
        None,
        StatusCode::NO_CONTENT,
    )
    .await?;
    expect(
        &app,
        &ana,
        Method::GET,
        &format!("/ask/conversations/{id}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    // A deleted (or unknown) conversation cannot be continued.
    expect(
        &app,
        &ana,
        Method::POST,
        "/ask",
        Some(json!({ "question": "and before?", "conversation_id": id })),
        StatusCode::NOT_FOUND,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn expired_conversations_are_gone_and_pruned() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let first = ask(&app, &ana, json!({ "question": "How much did I spend?" })).await?;
    let id: uuid::Uuid = first["conversation_id"].as_str().unwrap().parse()?;
    // Its last turn was 31 days ago.
    sqlx::query("UPDATE ask_conversations SET updated_at = now() - interval '31 days', expires_at = now() - interval '1 day' WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await?;
    expect(
        &app,
        &ana,
        Method::GET,
        &format!("/ask/conversations/{id}"),
        None,
        StatusCode::NOT_FOUND,
    )
    .await?;
    let list = expect(
        &app,
        &ana,
        Method::GET,
        "/ask/conversations",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(list["conversations"], json!([]));
    ask(
        &app,
        &ana,
        json!({ "question": "What are my subscriptions?" }),
    )
    .await?;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM ask_conversations WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await?;
    assert_eq!(left, 0, "the next question deletes what expired");
    Ok(())
}

#[tokio::test]
async fn another_users_conversation_is_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let eve = app.verified_user("eve@example.com").await?;
    let ana = app.verified_user("ana@example.com").await?;
    let first = ask(&app, &ana, json!({ "question": "How much did I spend?" })).await?;
    let id = first["conversation_id"].as_str().unwrap().to_string();
    assert_other_user_gets_404(
        &app,
        &eve,
        &[
            (Method::GET, format!("/ask/conversations/{id}"), None),
            (Method::DELETE, format!("/ask/conversations/{id}"), None),
            (
                Method::POST,
                "/ask".into(),
                Some(json!({ "question": "and the month before?", "conversation_id": id })),
            ),
            (
                Method::GET,
                format!("/ask/stream?question=and%20the%20month%20before%3F&conversation_id={id}"),
                None,
            ),
        ],
        &ana,
        (&format!("/ask/conversations/{id}"), &|body: &Value| {
            body["turns"].as_array().is_some_and(|t| t.len() == 1)
        }),
    )
    .await?;
    let list = expect(
        &app,
        &eve,
        Method::GET,
        "/ask/conversations",
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(list["conversations"], json!([]));
    Ok(())
}

#[tokio::test]
async fn a_question_is_answered_from_the_users_data_with_how_i_got_this() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = super::add_ledger(&app, &ana).await?;
    super::other_user_with_rewe(&app).await?;
    let body = ask(
        &app,
        &ana,
        json!({ "question": "How much did I spend on groceries in March 2026?" }),
    )
    .await?;
    // Computed from the ledger: March's grocery rows, the refund subtracted.
    let spent: rust_decimal::Decimal = ledger
        .rows
        .iter()
        .filter(|r| {
            r.category == Some("food.groceries") && r.on.format("%Y-%m").to_string() == "2026-03"
        })
        .map(|r| -r.amount)
        .sum();
    let answer = body["answer"].as_str().unwrap();
    assert!(answer.contains(&format!("{spent:.2} EUR")), "{answer}");
    assert_eq!(body["language"], "en");
    assert_eq!(body["tools"][0]["name"], "spending");
    assert_eq!(body["tools"][0]["arguments"]["from"], "2026-03-01");
    assert_eq!(
        body["tools"][0]["arguments"]["categories"],
        json!(["Groceries"])
    );
    assert!(
        body["tools"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("EUR")
    );
    assert_eq!(body["data"]["table"]["rows"][0][0], "EUR");
    // Asked in German, answered in German with German money.
    let body = ask(
        &app,
        &ana,
        json!({ "question": "Wie viel habe ich im März 2026 für Lebensmittel ausgegeben?" }),
    )
    .await?;
    assert_eq!(body["language"], "de");
    let german = format!("{spent:.2} EUR").replace('.', ",");
    assert!(body["answer"].as_str().unwrap().contains(&german), "{body}");
    Ok(())
}

#[tokio::test]
async fn export_and_erase_cover_the_users_conversations_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let bob = app.verified_user("bob@example.com").await?;
    let first = ask(&app, &ana, json!({ "question": "How much did I spend?" })).await?;
    ask(
        &app,
        &ana,
        json!({ "question": "and the month before?", "conversation_id": first["conversation_id"] }),
    )
    .await?;
    ask(
        &app,
        &bob,
        json!({ "question": "What are my subscriptions?" }),
    )
    .await?;
    let mut conn = app.db.pool.acquire().await?;
    let mut export = kakeibo_core::export::CollectedRecords::default();
    kakeibo_ask::conversations::export_user(&mut conn, &mut export, ana.id).await?;
    let conversations = export.of("ask_conversation");
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0]["id"], first["conversation_id"]);
    let turns = export.of("ask_turn");
    assert_eq!(turns.len(), 2);
    assert_eq!(turns[1]["question"], "and the month before?");
    kakeibo_ask::conversations::erase_user(&mut conn, ana.id).await?;
    let left: Vec<(uuid::Uuid,)> = sqlx::query_as("SELECT user_id FROM ask_turns")
        .fetch_all(&mut *conn)
        .await?;
    assert_eq!(left, vec![(bob.id,)]);
    Ok(())
}

/// The parser's vocabulary is cached for a minute: a category made after a question is
/// still found by the very next one.
#[tokio::test]
async fn a_category_added_after_a_question_is_understood_by_the_next() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    super::add_ledger(&app, &ana).await?;
    let before = ask(
        &app,
        &ana,
        json!({ "question": "How much did I spend on kitesurfing in March 2026?" }),
    )
    .await?;
    assert!(before["headline"].is_null(), "{before}");
    expect(
        &app,
        &ana,
        Method::POST,
        "/categories",
        Some(json!({ "name": "Kitesurfing", "kind": "expense" })),
        StatusCode::CREATED,
    )
    .await?;
    let after = ask(
        &app,
        &ana,
        json!({ "question": "How much did I spend on kitesurfing in March 2026?" }),
    )
    .await?;
    assert_eq!(after["tools"][0]["name"], "spending", "{after}");
    assert_eq!(
        after["tools"][0]["arguments"]["categories"],
        json!(["Kitesurfing"])
    );
    Ok(())
}
