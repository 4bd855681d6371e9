//! The ask engine with a chat model: the model reads the user's data through the same read
//! tools as the offline planner (nothing else is offered: it can never write), for at most
//! a few rounds, the last with no tools so it must answer in text. Every figure of its
//! answer must be in a tool result ([`figures`]); if one is not, the answer is the offline
//! wording of the same results. A model that fails, is slow, or says nothing usable leaves
//! the question to the offline engine, as if no model were configured. Either way the turn
//! is stored as the offline path stores it.

pub mod figures;
mod prompt;

use std::time::Duration;

use chrono::{DateTime, Utc};
use kakeibo_core::config::LlmSettings;
use kakeibo_llm::{ChatModel, ChatRequest, Message};
use serde_json::{Value, json};
use tokio::time::Instant;
use uuid::Uuid;

use crate::actions::{self, SuggestedAction};
use crate::answer::{
    self, Answer, AnswerData, AskError, Progress, ToolCall, ToolUse, data, headline, plan, wording,
};
use crate::conversations::{self, NewTurn, Turn};
use crate::tools::{self, ToolContext, ToolError};
use crate::understand::{self, Intent, Language};

/// Rounds when the settings do not say: three with tools, then the forced text answer.
pub const DEFAULT_ROUNDS: u32 = 4;
/// How long a model gets when the settings do not say.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(20);
/// Earlier turns of the conversation the model reads (question and answer each).
const HISTORY_TURNS: usize = 6;
/// Longest answer of a model that is shown; a longer one is not a short answer.
const MAX_ANSWER_CHARS: usize = 1000;
const MAX_TOKENS: u32 = 800;

/// How long and how many rounds the model gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelOptions {
    pub rounds: u32,
    pub deadline: Duration,
}

impl Default for ModelOptions {
    fn default() -> Self {
        Self {
            rounds: DEFAULT_ROUNDS,
            deadline: DEFAULT_DEADLINE,
        }
    }
}

impl ModelOptions {
    pub fn from_settings(settings: &LlmSettings) -> Self {
        Self {
            rounds: settings.ask_rounds.max(2),
            deadline: Duration::from_secs(settings.ask_deadline_secs.max(1)),
        }
    }
}

/// Why the model's text was not the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// Its text states figures no tool result holds (listed).
    UnsupportedFigures(Vec<String>),
    /// It answered without reading anything.
    NoToolCalled,
    /// No text: empty, too long, or still calling tools when none were offered.
    NoText,
    /// The model server failed (its error, as `LlmError` words it).
    ModelError(String),
    /// No answer within the deadline.
    Timeout,
}

impl Fallback {
    /// A short label, for counting fallbacks.
    pub fn label(&self) -> &'static str {
        match self {
            Fallback::UnsupportedFigures(_) => "unsupported figure",
            Fallback::NoToolCalled => "no tool called",
            Fallback::NoText => "no usable text",
            Fallback::ModelError(_) => "model error",
            Fallback::Timeout => "timeout",
        }
    }
}

/// Who worded the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnsweredBy {
    /// The model's sentence, every figure checked.
    Model,
    /// The model's tool calls, their results worded by the offline templates.
    OfflineWording(Fallback),
    /// The offline engine from the question, as without a model.
    OfflineEngine(Fallback),
}

impl AnsweredBy {
    pub fn fallback(&self) -> Option<&Fallback> {
        match self {
            AnsweredBy::Model => None,
            AnsweredBy::OfflineWording(f) | AnsweredBy::OfflineEngine(f) => Some(f),
        }
    }
}

/// An answer and the path that gave it.
#[derive(Debug, Clone)]
pub struct Traced {
    pub answer: Answer,
    pub by: AnsweredBy,
}

/// Answers through `model` when one is configured, else offline: what every entry point
/// (the API, its stream, the CLI) calls. `progress` hears each read tool call as it
/// finishes and the sentence once it is checked.
pub async fn answer_configured(
    ctx: &ToolContext,
    model: Option<&dyn ChatModel>,
    options: ModelOptions,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
    progress: &Progress,
) -> Result<Answer, AskError> {
    match model {
        Some(model) => answer_traced(ctx, model, options, question, conversation, now, progress)
            .await
            .map(|t| t.answer),
        None => answer::answer_with_progress(ctx, question, conversation, now, progress).await,
    }
}

/// Answers `question` through `model` (see the module's doc), in `conversation` when given.
pub async fn answer(
    ctx: &ToolContext,
    model: &dyn ChatModel,
    options: ModelOptions,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Answer, AskError> {
    answer_traced(
        ctx,
        model,
        options,
        question,
        conversation,
        now,
        &Progress::none(),
    )
    .await
    .map(|t| t.answer)
}

/// [`answer`], telling `progress` what happens and the caller which path answered.
pub async fn answer_traced(
    ctx: &ToolContext,
    model: &dyn ChatModel,
    options: ModelOptions,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
    progress: &Progress,
) -> Result<Traced, AskError> {
    let history = {
        let mut conn = ctx.db.acquire().await?;
        answer::check_question_and_conversation(&mut conn, ctx, question, conversation, now)
            .await?;
        match conversation {
            None => Vec::new(),
            Some(id) => conversations::turns(&mut conn, ctx.user_id, id).await?,
        }
    };
    let previous = history
        .last()
        .and_then(|t| t.intent.clone())
        .and_then(|i| serde_json::from_value::<Intent>(i).ok());
    let vocabulary = answer::vocabulary(ctx).await?;
    // The offline reading is kept with the turn (follow-ups answered offline read it) and
    // gives the language and the templates' choices when the model's calls are its plan's.
    let understood = understand::understand(question, &vocabulary, ctx.today, previous.as_ref());
    let language = understood.language;
    let intent = understood.intent;

    let mut messages = vec![Message::system(prompt::system(
        ctx.today,
        &vocabulary.base_currency,
    ))];
    messages.extend(history_messages(&history));
    messages.push(Message::user(question));
    let session = converse(ctx, model, options, messages, progress).await?;
    let suggested_actions = actions::asked_for(question, &vocabulary, language, &intent);

    let fallback = match session.end {
        End::Failed(why) => why,
        End::Text(_) | End::NoText if session.results.is_empty() => Fallback::NoToolCalled,
        End::NoText => Fallback::NoText,
        End::Text(text) => {
            let outputs: Vec<&Value> = session.results.iter().map(|(_, out)| out).collect();
            let known = figures::Known::of(&outputs, question);
            let unsupported = figures::unsupported(&text, &known);
            if unsupported.is_empty() {
                let planned = matching_intent(&intent, ctx, &session.results);
                // The headline is a result's figure the offline choices pick, kept only when
                // the model's sentence states it: never read from the model's text.
                let headline = headline::of(planned, &session.results)
                    .filter(|figure| figures::states(&text, figure));
                progress.delta(&text);
                let worded = Worded {
                    sentence: text,
                    data: data_of(&session.results),
                    tools: session.uses,
                    headline,
                    suggested_actions,
                };
                let answer =
                    store(ctx, conversation, question, language, &intent, worded, now).await?;
                return Ok(Traced {
                    answer,
                    by: AnsweredBy::Model,
                });
            }
            Fallback::UnsupportedFigures(unsupported.into_iter().map(|u| u.0).collect())
        }
    };
    tracing::info!(reason = fallback.label(), detail = ?fallback, "the model's answer was not used");

    if session.results.is_empty() || matches!(fallback, Fallback::ModelError(_) | Fallback::Timeout)
    {
        let answer =
            answer::answer_with_progress(ctx, question, conversation, now, progress).await?;
        return Ok(Traced {
            answer,
            by: AnsweredBy::OfflineEngine(fallback),
        });
    }
    // The same results, worded by the templates.
    let planned = matching_intent(&intent, ctx, &session.results);
    let sentence = wording::sentence(language, planned, &session.results);
    progress.delta(&sentence);
    let worded = Worded {
        headline: headline::of(planned, &session.results),
        data: data_of(&session.results),
        tools: session.uses,
        sentence,
        suggested_actions,
    };
    let answer = store(ctx, conversation, question, language, &intent, worded, now).await?;
    Ok(Traced {
        answer,
        by: AnsweredBy::OfflineWording(fallback),
    })
}

/// Earlier turns as the model reads them: the questions and our (checked) answers.
fn history_messages(history: &[Turn]) -> Vec<Message> {
    let skip = history.len().saturating_sub(HISTORY_TURNS);
    history[skip..]
        .iter()
        .flat_map(|t| {
            [
                Message::user(t.question.clone()),
                Message::Assistant {
                    content: Some(t.answer.clone()),
                    tool_calls: Vec::new(),
                },
            ]
        })
        .collect()
}

/// The offline reading, when the model made the calls its plan would: the templates then
/// word the results with the question's choices (a count, a ranking).
fn matching_intent<'a>(
    intent: &'a Intent,
    ctx: &ToolContext,
    results: &[(ToolCall, Value)],
) -> Option<&'a Intent> {
    let planned = plan(intent, ctx.today);
    let same = planned.len() == results.len()
        && planned
            .iter()
            .zip(results)
            .all(|(p, (c, _))| p.name == c.name);
    same.then_some(intent)
}

fn data_of(results: &[(ToolCall, Value)]) -> AnswerData {
    let named: Vec<(String, Value)> = results
        .iter()
        .map(|(call, out)| (call.name.clone(), out.clone()))
        .collect();
    data::of_results(&named)
}

/// An answer before it is stored.
struct Worded {
    sentence: String,
    data: AnswerData,
    tools: Vec<ToolUse>,
    headline: Option<answer::Figure>,
    suggested_actions: Vec<SuggestedAction>,
}

/// Stores the turn as the offline path does (the offline reading as its intent, so a
/// follow-up works whichever path answers it) and makes the answer.
async fn store(
    ctx: &ToolContext,
    conversation: Option<Uuid>,
    question: &str,
    language: Language,
    intent: &Intent,
    worded: Worded,
    now: DateTime<Utc>,
) -> Result<Answer, AskError> {
    let mut conn = ctx.db.acquire().await?;
    let id = conversations::record(
        &mut conn,
        ctx.user_id,
        conversation,
        &NewTurn {
            question,
            language: language.code(),
            intent: serde_json::to_value(intent).ok(),
            tools: serde_json::to_value(&worded.tools).unwrap_or_else(|_| json!([])),
            answer: &worded.sentence,
            data: serde_json::to_value(&worded.data).unwrap_or_else(|_| json!({})),
        },
        ctx.conversation_days,
        now,
    )
    .await?
    .ok_or(AskError::ConversationNotFound)?;
    Ok(Answer {
        answer: worded.sentence,
        language: language.code().to_string(),
        data: worded.data,
        headline: worded.headline,
        tools: worded.tools,
        conversation_id: id,
        suggested_actions: worded.suggested_actions,
    })
}

/// How the conversation with the model ended.
enum End {
    Text(String),
    NoText,
    Failed(Fallback),
}

/// The calls the model made, their results, and how it ended.
struct Session {
    uses: Vec<ToolUse>,
    results: Vec<(ToolCall, Value)>,
    end: End,
}

/// Rounds of model replies and tool calls until the model answers in text, the rounds run
/// out, the deadline passes or the model fails. Only a database failure is an error.
async fn converse(
    ctx: &ToolContext,
    model: &dyn ChatModel,
    options: ModelOptions,
    mut messages: Vec<Message>,
    progress: &Progress,
) -> Result<Session, AskError> {
    let deadline = Instant::now() + options.deadline;
    let offered = prompt::tools();
    let mut session = Session {
        uses: Vec::new(),
        results: Vec::new(),
        end: End::NoText,
    };
    for round in 1..=options.rounds {
        let last = round == options.rounds;
        let request = ChatRequest {
            messages: messages.clone(),
            // The last round offers nothing to call: the model must answer in text.
            tools: if last { Vec::new() } else { offered.clone() },
            output: None,
            max_tokens: Some(MAX_TOKENS),
        };
        let reply = match tokio::time::timeout_at(deadline, model.chat(&request)).await {
            Err(_) => {
                session.end = End::Failed(Fallback::Timeout);
                return Ok(session);
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the model failed; the offline engine answers");
                session.end = End::Failed(Fallback::ModelError(e.to_string()));
                return Ok(session);
            }
            Ok(Ok(reply)) => reply,
        };
        if reply.tool_calls.is_empty() {
            session.end = match reply.content.as_deref().map(str::trim) {
                Some(text)
                    if !text.is_empty()
                        && text.chars().count() <= MAX_ANSWER_CHARS
                        && !text.chars().any(|c| c.is_control() && c != '\n') =>
                {
                    End::Text(text.to_string())
                }
                _ => End::NoText,
            };
            return Ok(session);
        }
        if last {
            return Ok(session);
        }
        messages.push(Message::Assistant {
            content: reply.content.clone(),
            tool_calls: reply.tool_calls.clone(),
        });
        for call in &reply.tool_calls {
            let content = if prompt::offered(&call.name) {
                run_call(ctx, call, &mut session, progress).await?
            } else {
                // A write tool, or any name we did not offer: nothing runs.
                tracing::warn!(tool = %call.name, "the model called a tool that was not offered");
                prompt::refusal(&format!(
                    "there is no tool {:?}: only the read tools offered can be called, and nothing can be changed from here",
                    call.name
                ))
            };
            messages.push(Message::Tool {
                call_id: call.id.clone(),
                content,
            });
        }
    }
    Ok(session)
}

/// Runs one read tool call for the asking user; what the model reads back.
async fn run_call(
    ctx: &ToolContext,
    call: &kakeibo_llm::ToolCall,
    session: &mut Session,
    progress: &Progress,
) -> Result<String, AskError> {
    let planned = ToolCall::new(&call.name, call.arguments.clone());
    match tools::call(ctx, &call.name, call.arguments.clone()).await {
        Ok(result) => {
            let used = ToolUse {
                name: call.name.clone(),
                arguments: call.arguments.clone(),
                summary: result.summary,
            };
            progress.tool(&used);
            session.uses.push(used);
            let content = prompt::result(&result.output);
            session.results.push((planned, result.output));
            Ok(content)
        }
        Err(ToolError::Invalid(why)) => {
            let used = ToolUse {
                name: call.name.clone(),
                arguments: call.arguments.clone(),
                summary: format!("refused: {why}"),
            };
            progress.tool(&used);
            session.uses.push(used);
            Ok(prompt::refusal(&why))
        }
        Err(ToolError::UnknownTool(name)) => Ok(prompt::refusal(&format!("no tool {name:?}"))),
        Err(ToolError::Search(why)) => Ok(prompt::refusal(&format!("search failed: {why}"))),
        Err(e @ ToolError::Database(_)) => Err(e.into()),
    }
}
