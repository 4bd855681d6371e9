//! `GET /ask/stream`: the same answer as `POST /ask`, shown as it is made — each tool call,
//! the sentence in pieces, then the whole answer — and the same refusals before it starts.

use kakeibo_tests::http::{assert_invalid, expect};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// One server-sent event: its name and its JSON data.
#[derive(Debug)]
pub(super) struct Event {
    pub(super) name: String,
    pub(super) data: Value,
}

/// Reads a whole `text/event-stream` body as the EventSource spec splits it: events end at
/// a blank line; `:` lines are comments (keep-alives).
pub(super) fn parse_events(body: &str) -> Vec<Event> {
    body.split("\n\n")
        .filter_map(|block| {
            let mut name = "message".to_string();
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value));
                }
            }
            (!data.is_empty()).then(|| Event {
                name,
                data: serde_json::from_str(&data.join("\n")).expect("each event's data is JSON"),
            })
        })
        .collect()
}

pub(super) async fn stream(
    app: &TestApp,
    user: &TestUser,
    question: &str,
    conversation: Option<&str>,
) -> anyhow::Result<(StatusCode, String, String)> {
    let mut query = vec![("question", question.to_string())];
    if let Some(id) = conversation {
        query.push(("conversation_id", id.to_string()));
    }
    let response = app
        .as_user(user, Method::GET, "/ask/stream")
        .query(&query)
        .send()
        .await?;
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    Ok((status, content_type, response.text().await?))
}

#[tokio::test]
async fn the_stream_shows_each_tool_then_the_sentence_then_the_answer() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    super::add_ledger(&app, &ana).await?;
    let question = "How much did I spend on groceries in March 2026?";

    let (status, content_type, body) = stream(&app, &ana, question, None).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let events = parse_events(&body);
    let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    let last = events.last().expect("events");
    assert_eq!(last.name, "answer", "{names:?}");
    let answer = &last.data;

    // Tools first, as they finished, then the sentence, then the answer: nothing after it.
    let tools: Vec<&Value> = events
        .iter()
        .filter(|e| e.name == "tool")
        .map(|e| &e.data)
        .collect();
    assert_eq!(tools.len(), answer["tools"].as_array().unwrap().len());
    for (streamed, listed) in tools.iter().zip(answer["tools"].as_array().unwrap()) {
        assert_eq!(*streamed, listed);
    }
    let first_delta = names.iter().position(|n| *n == "delta").expect("a delta");
    assert!(
        names[..first_delta].iter().all(|n| *n == "tool"),
        "{names:?}"
    );
    let sentence: String = events
        .iter()
        .filter(|e| e.name == "delta")
        .map(|e| e.data["text"].as_str().unwrap())
        .collect();
    assert_eq!(sentence, answer["answer"].as_str().unwrap());

    // Exactly what POST /ask answers, stored in a conversation like it.
    let posted = expect(
        &app,
        &ana,
        Method::POST,
        "/ask",
        Some(json!({ "question": question })),
        StatusCode::OK,
    )
    .await?;
    assert_eq!(answer["answer"], posted["answer"]);
    assert_eq!(answer["tools"], posted["tools"]);
    assert_eq!(answer["data"], posted["data"]);
    assert_eq!(answer["headline"], posted["headline"]);
    let id = answer["conversation_id"].as_str().unwrap();
    let detail = expect(
        &app,
        &ana,
        Method::GET,
        &format!("/ask/conversations/{id}"),
        None,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(detail["turns"][0]["answer"], answer["answer"]);

    // A follow-up through the stream continues that conversation.
    let (status, _, body) = stream(&app, &ana, "and the month before?", Some(id)).await?;
    assert_eq!(status, StatusCode::OK);
    let follow = parse_events(&body).pop().expect("events");
    assert_eq!(follow.name, "answer");
    assert_eq!(follow.data["conversation_id"], json!(id));
    assert_eq!(follow.data["tools"][0]["arguments"]["from"], "2026-02-01");
    Ok(())
}

#[tokio::test]
async fn bad_questions_and_unknown_conversations_are_refused_before_the_stream()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    for question in [String::new(), "a".repeat(2001), "how\u{0}much".to_string()] {
        let (status, _, body) = stream(&app, &ana, &question, None).await?;
        assert_invalid(status, &serde_json::from_str(&body)?, "question");
    }
    let (status, _, _) = stream(
        &app,
        &ana,
        "and before?",
        Some("0190a0a0-0000-7000-8000-000000000000"),
    )
    .await?;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = app
        .get("/api/v1/ask/stream?question=how%20much%20did%20I%20spend")
        .await?;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn an_out_of_scope_question_streams_no_tool_and_no_figure() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let (status, _, body) = stream(&app, &ana, "Should I buy Tesla stock?", None).await?;
    assert_eq!(status, StatusCode::OK);
    let events = parse_events(&body);
    assert!(events.iter().all(|e| e.name != "tool"), "{events:?}");
    let answer = &events.last().expect("events").data;
    assert_eq!(answer["headline"], Value::Null);
    assert!(
        !answer["answer"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| c.is_ascii_digit())
    );
    Ok(())
}
