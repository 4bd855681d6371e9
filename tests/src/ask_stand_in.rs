//! A stand-in for a chat model, for the ask engine's evaluation through the model path
//! (`kakeibo eval ask --llm` without a real model): behind the fake OpenAI server it calls
//! the tools the offline planner calls for the question, then says the offline engine's
//! sentence. It reads the question from the request body (the user messages, so follow-ups
//! are told apart by the questions before them) and whether tool results came back.
//!
//! What a score with it measures: the model path's plumbing (tools offered and called in
//! OpenAI's wire format, arguments through the strict schemas, results back as data, the
//! rounds), the figure check's false rejections of sentences whose figures are all in the
//! results, and the headline kept for a checked sentence. Not a model's understanding: the
//! understanding is the offline parser's.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kakeibo_ask::answer;
use kakeibo_ask::eval::{Question, set};
use kakeibo_ask::tools::ToolContext;
use serde_json::Value;

use crate::fake_openai::ModelReply;

/// What the stand-in does for one question.
#[derive(Debug, Clone)]
struct Script {
    calls: Vec<(String, String)>,
    sentence: String,
}

pub struct StandIn {
    scripts: HashMap<String, Script>,
}

/// The questions of a conversation so far, as the stand-in keys them.
fn key<'a>(questions: impl IntoIterator<Item = &'a str>) -> String {
    questions.into_iter().collect::<Vec<_>>().join("\n")
}

impl StandIn {
    /// Asks every question (after its chain) offline as the user of `ctx` and keeps the
    /// calls and sentence; the conversations it opens are deleted.
    pub async fn prepare(
        ctx: &ToolContext,
        questions: &[Question],
        now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        let mut scripts = HashMap::new();
        for (i, q) in questions.iter().enumerate() {
            let mut asked: Vec<&str> = Vec::new();
            let mut conversation = None;
            let mut last = None;
            for turn in set::chain(questions, i).into_iter().chain([q]) {
                let a = answer::answer(ctx, &turn.text, conversation, now).await?;
                conversation = Some(a.conversation_id);
                asked.push(&turn.text);
                last = Some(a);
            }
            if let Some(id) = conversation {
                let mut conn = ctx.db.acquire().await?;
                kakeibo_ask::conversations::delete(&mut conn, ctx.user_id, id, now).await?;
            }
            let Some(a) = last else { continue };
            let calls = a
                .tools
                .iter()
                .map(|t| (t.name.clone(), t.arguments.to_string()))
                .collect();
            scripts.insert(
                key(asked),
                Script {
                    calls,
                    sentence: a.answer,
                },
            );
        }
        Ok(Self { scripts })
    }

    /// The stand-in's reply to one chat request.
    pub fn reply(&self, body: &Value) -> ModelReply {
        let messages = body["messages"].as_array().map_or(&[][..], Vec::as_slice);
        let users = messages
            .iter()
            .filter(|m| m["role"] == "user")
            .filter_map(|m| m["content"].as_str());
        let Some(script) = self.scripts.get(&key(users)) else {
            return ModelReply::Content("I cannot tell from your data.".into());
        };
        let last_user = messages.iter().rposition(|m| m["role"] == "user");
        let has_results =
            last_user.is_some_and(|i| messages[i..].iter().any(|m| m["role"] == "tool"));
        if has_results || script.calls.is_empty() {
            ModelReply::Content(script.sentence.clone())
        } else {
            ModelReply::ToolCalls(script.calls.clone())
        }
    }
}
