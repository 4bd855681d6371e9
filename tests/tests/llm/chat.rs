//! Chat completions: JSON-schema output, the `json_object` fallback, tool calling.

use kakeibo_llm::{ChatModel, ChatRequest, JsonOutput, LlmError, Message, Tool};
use kakeibo_tests::fake_openai::{CHAT_MODEL, FakeOpenAi, JsonSchemaRefusal, ModelReply};
use serde_json::{Value, json};

use crate::helpers::client;

fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "merchant": {"type": "string"},
            "category": {"type": ["string", "null"], "enum": ["groceries", "fuel", null]}
        },
        "required": ["merchant", "category"],
        "additionalProperties": false
    })
}

fn json_request() -> ChatRequest {
    ChatRequest {
        messages: vec![
            Message::system("Name the merchant and its category."),
            Message::user("REWE SAGT DANKE 4711"),
        ],
        output: Some(JsonOutput {
            name: "merchant".into(),
            schema: schema(),
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn json_schema_output_is_requested_strictly_and_checked() {
    let fake = FakeOpenAi::start().await;
    fake.push_reply(ModelReply::Content(
        r#"{"merchant": "REWE", "category": "groceries"}"#.into(),
    ));
    let client = client(&fake);

    let reply = client.chat(&json_request()).await.unwrap();

    assert_eq!(
        reply.json,
        Some(json!({"merchant": "REWE", "category": "groceries"}))
    );
    assert!(!reply.cached);
    assert!(reply.usage.prompt_tokens > 0 && reply.usage.completion_tokens > 0);
    assert_eq!(reply.finish_reason.as_deref(), Some("stop"));
    let sent = &fake.chat_requests()[0].body;
    assert_eq!(sent["model"], CHAT_MODEL);
    assert_eq!(sent["response_format"]["type"], "json_schema");
    assert_eq!(sent["response_format"]["json_schema"]["strict"], true);
    assert_eq!(sent["response_format"]["json_schema"]["schema"], schema());
    assert!(client.json_schema_supported());
}

#[tokio::test]
async fn a_server_refusing_json_schema_gets_json_object_and_the_reply_is_checked_here() {
    for refusal in [JsonSchemaRefusal::OpenAi400, JsonSchemaRefusal::Local422] {
        let fake = FakeOpenAi::start().await;
        fake.refuse_json_schema(refusal);
        let client = client(&fake);
        for _ in 0..2 {
            fake.push_reply(ModelReply::Content(
                "```json\n{\"merchant\": \"Shell\", \"category\": \"fuel\"}\n```".into(),
            ));
        }

        let first = client.chat(&json_request()).await.unwrap();
        let second = client.chat(&json_request()).await.unwrap();

        assert_eq!(
            first.json,
            Some(json!({"merchant": "Shell", "category": "fuel"}))
        );
        assert_eq!(second.json, first.json);
        assert!(!client.json_schema_supported(), "{refusal:?}");
        let formats: Vec<(Value, u16)> = fake
            .chat_requests()
            .iter()
            .map(|r| (r.body["response_format"]["type"].clone(), r.status))
            .collect();
        // Refused once; the client remembers and asks for json_object from then on.
        assert_eq!(
            formats,
            vec![
                (
                    json!("json_schema"),
                    if refusal == JsonSchemaRefusal::OpenAi400 {
                        400
                    } else {
                        422
                    }
                ),
                (json!("json_object"), 200),
                (json!("json_object"), 200),
            ]
        );
        let last = fake.chat_requests().pop().unwrap();
        let system = last.contents("system");
        assert_eq!(system.len(), 1, "the schema joins the one system message");
        assert!(
            system[0].contains("JSON schema") && system[0].contains("\"enum\""),
            "{system:?}"
        );
    }
}

#[tokio::test]
async fn in_json_object_mode_a_reply_outside_the_schema_is_rejected() {
    let fake = FakeOpenAi::start().await;
    fake.refuse_json_schema(JsonSchemaRefusal::OpenAi400);
    let client = client(&fake);
    for (reply, why) in [
        (
            r#"{"merchant": "REWE", "category": "gambling"}"#,
            "allowed values",
        ),
        (r#"{"merchant": "REWE"}"#, "missing"),
        (
            r#"{"merchant": "REWE", "category": null, "note": "x"}"#,
            "nothing is allowed",
        ),
        ("Sure! The merchant is REWE.", "not JSON"),
    ] {
        fake.push_reply(ModelReply::Content(reply.into()));
        let err = client.chat(&json_request()).await.unwrap_err();
        let LlmError::InvalidReply(message) = &err else {
            panic!("{reply}: expected a rejected reply, got {err:?}");
        };
        assert!(message.contains(why), "{reply}: {message}");
    }
}

#[tokio::test]
async fn tool_calls_go_out_and_their_results_come_back() {
    let fake = FakeOpenAi::start().await;
    let client = client(&fake);
    let tool = Tool {
        name: "spending_by_category".into(),
        description: "Total spent per category in a month".into(),
        parameters: json!({
            "type": "object",
            "properties": {"month": {"type": "string"}},
            "required": ["month"],
            "additionalProperties": false
        }),
    };
    let mut request = ChatRequest {
        messages: vec![
            Message::system("Answer questions about the user's money with the tools."),
            Message::user("How much did I spend on groceries in October?"),
        ],
        tools: vec![tool.clone()],
        ..Default::default()
    };
    fake.push_reply(ModelReply::ToolCalls(vec![(
        "spending_by_category".into(),
        r#"{"month": "2026-10"}"#.into(),
    )]));
    fake.push_reply(ModelReply::Content(
        "You spent 412.30 EUR on groceries.".into(),
    ));

    let first = client.chat(&request).await.unwrap();
    assert_eq!(first.finish_reason.as_deref(), Some("tool_calls"));
    assert_eq!(first.tool_calls.len(), 1);
    let call = first.tool_calls[0].clone();
    assert_eq!(call.name, "spending_by_category");
    assert_eq!(call.arguments, json!({"month": "2026-10"}));

    request.messages.push(Message::Assistant {
        content: None,
        tool_calls: vec![call.clone()],
    });
    request.messages.push(Message::Tool {
        call_id: call.id.clone(),
        content: json!({"groceries": "412.30"}).to_string(),
    });
    let second = client.chat(&request).await.unwrap();
    assert_eq!(
        second.content.as_deref(),
        Some("You spent 412.30 EUR on groceries.")
    );

    let sent = fake.chat_requests();
    assert_eq!(sent[0].body["tools"][0]["type"], "function");
    assert_eq!(
        sent[0].body["tools"][0]["function"]["name"],
        "spending_by_category"
    );
    assert_eq!(
        sent[0].body["tools"][0]["function"]["parameters"],
        tool.parameters
    );
    let messages = sent[1].body["messages"].as_array().unwrap();
    assert_eq!(messages[2]["role"], "assistant");
    assert_eq!(messages[2]["tool_calls"][0]["id"], call.id.as_str());
    assert_eq!(
        messages[2]["tool_calls"][0]["function"]["arguments"],
        r#"{"month":"2026-10"}"#
    );
    assert_eq!(messages[3]["role"], "tool");
    assert_eq!(messages[3]["tool_call_id"], call.id.as_str());
}

#[tokio::test]
async fn tool_call_arguments_that_are_not_json_reject_the_reply() {
    let fake = FakeOpenAi::start().await;
    fake.push_reply(ModelReply::ToolCalls(vec![(
        "lookup".into(),
        r#"{"month": "#.into(),
    )]));
    let client = client(&fake);
    let request = ChatRequest {
        messages: vec![Message::user("How much did I spend?")],
        tools: vec![Tool {
            name: "lookup".into(),
            description: "Spending in a month".into(),
            parameters: json!({"type": "object", "properties": {}}),
        }],
        ..Default::default()
    };

    let err = client.chat(&request).await.unwrap_err();

    let LlmError::InvalidReply(why) = &err else {
        panic!("expected a rejected reply, got {err:?}");
    };
    assert!(why.contains("arguments of lookup are not JSON"), "{why}");
}
