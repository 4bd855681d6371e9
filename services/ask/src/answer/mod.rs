//! `answer`: one question in, one answer out — the entry point the HTTP API, the CLI and
//! (later) the bot call. The offline path: the parser reads the question with the user's
//! vocabulary and the previous turn's intent, the planner turns the intent into tool calls,
//! the tools compute the figures, and templates word them in the question's language. The
//! turn is stored in its conversation.
//!
//! `answer_calls` is the step after understanding, on its own: given tool calls (from the
//! planner, or from a model), it runs them and words the result.

pub mod data;
pub mod format;
pub mod headline;
pub mod plan;
pub mod progress;
mod vocabulary_cache;
pub mod wording;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::actions::{self, SuggestedAction};
use crate::conversations::{self, NewTurn};
use crate::tools::{self, ToolContext, ToolError};
use crate::understand::{
    self, Intent, Language, OutOfScopeReason, Vocabulary, VocabularyAccount, VocabularyBudget,
    VocabularyCategory,
};
pub use data::{AnswerData, Chart, Table};
pub use headline::Figure;
pub use plan::{ToolCall, plan};
pub use progress::{Progress, Step};

/// Longest question accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 2000;
/// Merchant names the parser matches against, most used first.
const VOCABULARY_MERCHANTS: i64 = 2000;

/// A tool call as "how I got this" shows it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ToolUse {
    pub name: String,
    #[schema(value_type = Object)]
    pub arguments: Value,
    /// What it found, in a line.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Answer {
    /// A short sentence in the question's language.
    pub answer: String,
    /// en, de, fr, es or it.
    pub language: String,
    pub data: AnswerData,
    /// The figure the sentence states, machine-readable; null when it states none (an
    /// out-of-scope question).
    pub headline: Option<Figure>,
    /// The calls made: "how I got this".
    pub tools: Vec<ToolUse>,
    pub conversation_id: Uuid,
    /// Changes the question asked for, offered for the user to confirm: nothing was
    /// changed (the ask engine only reads). Empty for other questions.
    pub suggested_actions: Vec<SuggestedAction>,
}

#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// The question is empty, too long, or holds control characters.
    #[error("{0}")]
    Question(&'static str),
    /// No live conversation of this user has that id.
    #[error("conversation not found")]
    ConversationNotFound,
    #[error(transparent)]
    Tool(#[from] ToolError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Why a question cannot be asked at all; `None` when it can.
pub fn question_problem(question: &str) -> Option<&'static str> {
    if question.trim().is_empty() {
        return Some("the question is empty");
    }
    if question.chars().count() > MAX_QUESTION_CHARS {
        return Some("the question is over 2,000 characters");
    }
    // Line breaks and tabs are text; other control characters are binary or tricks.
    if question
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Some("the question holds control characters");
    }
    None
}

/// The user's categories, merchants, accounts, tags and base currency, for the parser.
pub async fn vocabulary(ctx: &ToolContext) -> Result<Vocabulary, sqlx::Error> {
    let mut conn = ctx.db.acquire().await?;
    let merchants = kakeibo_transactions::matching::merchant_names(
        &mut conn,
        ctx.user_id,
        VOCABULARY_MERCHANTS,
    )
    .await?;
    let tags = kakeibo_transactions::matching::tags(&mut conn, ctx.user_id).await?;
    drop(conn);
    vocabulary_with(ctx, merchants, tags).await
}

/// The vocabulary with the given merchants and tags, and everything a person makes by hand
/// (categories, accounts, budgets, goals, the base currency) read now. Those are small
/// tables; merchants and tags are read from every row, which takes ~70 ms at 50,000 rows.
pub async fn vocabulary_with(
    ctx: &ToolContext,
    merchants: Vec<String>,
    tags: Vec<String>,
) -> Result<Vocabulary, sqlx::Error> {
    let mut conn = ctx.db.acquire().await?;
    let categories = kakeibo_transactions::categories::list(&mut conn, ctx.user_id)
        .await?
        .into_iter()
        .map(|c| VocabularyCategory {
            id: c.id,
            name: c.name,
            parent_id: c.parent_id,
            kind: c.kind,
            slug: c.default_slug,
        })
        .collect();
    let accounts = kakeibo_bank_sync::accounts_api::accounts(&mut conn, ctx.user_id)
        .await?
        .into_iter()
        .map(|a| VocabularyAccount {
            id: a.id,
            name: a.name,
            kind: a.kind,
            currency: a.currency,
        })
        .collect();
    let base = kakeibo_auth::profile::base_currency(&mut conn, ctx.user_id)
        .await?
        .unwrap_or_else(|| "EUR".to_string());
    let budgets = kakeibo_budget::budgets::list(&mut conn, ctx.user_id)
        .await?
        .into_iter()
        .map(|b| VocabularyBudget {
            name: b.name,
            category_id: b.category_id,
        })
        .collect();
    let goals = kakeibo_budget::goals::list(&mut conn, ctx.user_id)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    Ok(Vocabulary::new(categories, merchants, accounts, tags, base).with_plans(budgets, goals))
}

/// What every path checks before answering: the question itself, and that `conversation`
/// (when given) is the user's and has not expired. Expired conversations are deleted first.
pub(crate) async fn check_question_and_conversation(
    conn: &mut sqlx::PgConnection,
    ctx: &ToolContext,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), AskError> {
    if let Some(problem) = question_problem(question) {
        return Err(AskError::Question(problem));
    }
    conversations::prune(conn, ctx.user_id, now).await?;
    if let Some(id) = conversation
        && conversations::get(conn, ctx.user_id, id, now)
            .await?
            .is_none()
    {
        return Err(AskError::ConversationNotFound);
    }
    Ok(())
}

/// Answers `question` for the user of `ctx`, in `conversation` when given (a follow-up), and
/// stores the turn. `now` stamps the turn and decides what has expired.
pub async fn answer(
    ctx: &ToolContext,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Answer, AskError> {
    answer_with_progress(ctx, question, conversation, now, &Progress::none()).await
}

/// As [`answer`], reporting each tool call and the sentence to `progress` as they are made.
pub async fn answer_with_progress(
    ctx: &ToolContext,
    question: &str,
    conversation: Option<Uuid>,
    now: DateTime<Utc>,
    progress: &Progress,
) -> Result<Answer, AskError> {
    let previous = {
        let mut conn = ctx.db.acquire().await?;
        check_question_and_conversation(&mut conn, ctx, question, conversation, now).await?;
        match conversation {
            None => None,
            Some(id) => conversations::last_turn(&mut conn, ctx.user_id, id, now)
                .await?
                .and_then(|t| t.intent)
                .and_then(|i| serde_json::from_value::<Intent>(i).ok()),
        }
    };
    // The user's vocabulary is cached for a minute. A question it cannot read may name
    // something added or renamed since: it is read again with a fresh vocabulary (before
    // any tool runs, so the progress reported is the answer's only).
    let mut vocabulary = vocabulary_cache::get(ctx).await?;
    let mut understood =
        understand::understand(question, &vocabulary, ctx.today, previous.as_ref());
    if matches!(
        understood.intent.ask,
        understand::Ask::OutOfScope {
            reason: OutOfScopeReason::NotUnderstood
        } | understand::Ask::Search { .. }
    ) {
        vocabulary = vocabulary_cache::refresh(ctx).await?;
        understood = understand::understand(question, &vocabulary, ctx.today, previous.as_ref());
    }
    let language = understood.language;
    let intent = understood.intent;
    let calls = plan(&intent, ctx.today);
    let (sentence, data, tools, headline) = match &intent.ask {
        understand::Ask::OutOfScope { reason } => (
            wording::out_of_scope(language, *reason),
            AnswerData::default(),
            Vec::new(),
            None,
        ),
        _ => run_and_word(ctx, &calls, language, Some(&intent), progress).await?,
    };
    progress.delta(&sentence);
    let suggested_actions = actions::asked_for(question, &vocabulary, language, &intent);
    let intent_json = serde_json::to_value(&intent).ok();
    let tools_json = serde_json::to_value(&tools).unwrap_or_else(|_| json!([]));
    let data_json = serde_json::to_value(&data).unwrap_or_else(|_| json!({}));
    let mut conn = ctx.db.acquire().await?;
    let id = conversations::record(
        &mut conn,
        ctx.user_id,
        conversation,
        &NewTurn {
            question,
            language: language.code(),
            intent: intent_json,
            tools: tools_json,
            answer: &sentence,
            data: data_json,
        },
        ctx.conversation_days,
        now,
    )
    .await?
    .ok_or(AskError::ConversationNotFound)?;
    Ok(Answer {
        answer: sentence,
        language: language.code().to_string(),
        data,
        headline,
        tools,
        conversation_id: id,
        suggested_actions,
    })
}

/// Runs `calls` in order and words their results in `language`; the table and chart come
/// from the first call. A call the tools refuse (a name the user does not have) is answered
/// as not understood rather than failing the question.
pub async fn answer_calls(
    ctx: &ToolContext,
    calls: &[ToolCall],
    language: Language,
    intent: Option<&Intent>,
) -> Result<(String, AnswerData, Vec<ToolUse>), AskError> {
    let (sentence, data, uses, _) =
        answer_calls_with_headline(ctx, calls, language, intent).await?;
    Ok((sentence, data, uses))
}

/// As [`answer_calls`], with the figure the sentence states.
pub async fn answer_calls_with_headline(
    ctx: &ToolContext,
    calls: &[ToolCall],
    language: Language,
    intent: Option<&Intent>,
) -> Result<(String, AnswerData, Vec<ToolUse>, Option<Figure>), AskError> {
    run_and_word(ctx, calls, language, intent, &Progress::none()).await
}

async fn run_and_word(
    ctx: &ToolContext,
    calls: &[ToolCall],
    language: Language,
    intent: Option<&Intent>,
    progress: &Progress,
) -> Result<(String, AnswerData, Vec<ToolUse>, Option<Figure>), AskError> {
    let mut results = Vec::new();
    let mut uses = Vec::new();
    // The calls only read, and each takes its own connection: they run at once (a ranking
    // per currency is one call per currency), and are reported in the plan's order.
    let outcomes = futures::future::join_all(
        calls
            .iter()
            .map(|call| tools::call(ctx, &call.name, call.arguments.clone())),
    )
    .await;
    for (call, outcome) in calls.iter().zip(outcomes) {
        match outcome {
            Ok(result) => {
                uses.push(ToolUse {
                    name: call.name.clone(),
                    arguments: call.arguments.clone(),
                    summary: result.summary,
                });
                progress.tool(uses.last().expect("just pushed"));
                results.push((call.clone(), result.output));
            }
            Err(ToolError::Invalid(why)) => {
                uses.push(ToolUse {
                    name: call.name.clone(),
                    arguments: call.arguments.clone(),
                    summary: format!("refused: {why}"),
                });
                progress.tool(uses.last().expect("just pushed"));
                return Ok((
                    wording::out_of_scope(language, OutOfScopeReason::NotUnderstood),
                    AnswerData::default(),
                    uses,
                    None,
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let named: Vec<(String, Value)> = results
        .iter()
        .map(|(call, out)| (call.name.clone(), out.clone()))
        .collect();
    let data = data::of_results(&named);
    Ok((
        wording::sentence(language, intent, &results),
        data,
        uses,
        headline::of(intent, &results),
    ))
}
