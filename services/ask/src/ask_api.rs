//! HTTP: ask a question (`POST /ask`), and list, read and delete conversations.

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::Utc;
use futures::{Stream, stream};
use kakeibo_auth::rate_limit;
use kakeibo_categorizer::QueryEmbedder;
use kakeibo_core::page::Page;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use kakeibo_llm::ConfiguredChat;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::answer::{Answer, AskError, Progress, Step, question_problem};
use crate::conversations::{self, Conversation, Turn};
use crate::tools::{ToolContext, ToolError};
use crate::with_model::{self, ModelOptions};

/// What the ask endpoints read: the shared state, the query model semantic search embeds
/// with (loaded on the first search that needs it), and the chat model when one is
/// configured (then questions go through it, the offline engine answering when it fails).
#[derive(Clone, FromRef)]
pub struct AskState {
    pub app: AppState,
    pub embedder: QueryEmbedder,
    pub chat: ConfiguredChat,
}

pub fn router() -> OpenApiRouter<AskState> {
    OpenApiRouter::new()
        .routes(routes!(ask))
        .routes(routes!(ask_stream))
        .routes(routes!(list_conversations))
        .routes(routes!(get_conversation, delete_conversation))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// The question, in English, German, French, Spanish or Italian; 1 to 2,000 characters,
    /// no control characters other than line breaks and tabs.
    pub question: String,
    /// The conversation to continue (follow-ups such as "and the month before?"); omit it to
    /// start a new one.
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
}

impl Validate for AskRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        validate_question(&self.question)
    }
}

fn validate_question(question: &str) -> Result<(), Vec<FieldError>> {
    match question_problem(question) {
        Some(problem) => Err(vec![FieldError::new("question", problem)]),
        None => Ok(()),
    }
}

/// Answers a question about your money from your own data: a short sentence in the
/// question's language, the table (and chart spec) behind it, and the read tools called
/// with their arguments ("how I got this"). Questions outside your finances get a reply
/// saying what can be asked, never a figure. With a chat model configured, the model reads
/// your data through the same read tools (it cannot change anything) and words the answer;
/// a sentence stating any figure no tool returned is replaced by the offline wording of the
/// same results, and a model that fails or is slow leaves the offline engine to answer. At
/// most 30 questions a minute.
#[utoipa::path(post, path = "/ask", tag = "ask", security(("bearer" = [])),
    request_body = AskRequest,
    responses((status = 200, body = Answer, description = "The answer"),
              (status = 404, description = "No conversation of yours has that id (or it expired)"),
              (status = 422, description = "The question is empty, over 2,000 characters, or holds control characters"),
              (status = 429, description = "Too many questions; retry after the `Retry-After` seconds")))]
pub async fn ask(
    State(state): State<AppState>,
    State(embedder): State<QueryEmbedder>,
    State(chat): State<ConfiguredChat>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<AskRequest>,
) -> Result<Json<Answer>, ApiError> {
    rate_limit::hit(
        &state.db,
        rate_limit::ASK_PER_USER,
        &user.user_id.to_string(),
    )
    .await?;
    let ctx = context(&state, embedder, &user).await?;
    let options = ModelOptions::from_settings(&state.settings.llm);
    let consented = consented(&state, &chat, user.user_id).await?;
    with_model::answer_configured(
        &ctx,
        chat.for_user(consented),
        options,
        &req.question,
        req.conversation_id,
        Utc::now(),
        &Progress::none(),
    )
    .await
    .map(Json)
    .map_err(api_error)
}

/// Whether the user agreed to the external model (asked only when the model is one).
async fn consented(
    state: &AppState,
    chat: &ConfiguredChat,
    user_id: Uuid,
) -> Result<bool, ApiError> {
    if !chat.needs_consent() {
        return Ok(false);
    }
    let mut conn = state.db.acquire().await?;
    Ok(kakeibo_auth::llm_consent::has_consented(&mut conn, user_id).await?)
}

async fn context(
    state: &AppState,
    embedder: QueryEmbedder,
    user: &AuthUser,
) -> Result<ToolContext, ApiError> {
    let today = {
        let mut conn = state.db.acquire().await?;
        kakeibo_auth::local_time::today(&mut conn, user.user_id).await?
    };
    Ok(ToolContext {
        db: state.db.clone(),
        reads: state.reads_for(user.user_id).await.clone(),
        user_id: user.user_id,
        today,
        embedder: Some(embedder),
        conversation_days: state.settings.retention.ask_conversations_days,
    })
}

fn api_error(error: AskError) -> ApiError {
    match error {
        AskError::Question(problem) => ApiError::invalid("question", problem),
        AskError::ConversationNotFound => ApiError::NotFound,
        AskError::Database(e) | AskError::Tool(ToolError::Database(e)) => e.into(),
        AskError::Tool(e) => ApiError::Internal(anyhow::anyhow!(e)),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AskStreamParams {
    /// As in `POST /ask`.
    question: String,
    /// As in `POST /ask`.
    conversation_id: Option<Uuid>,
}

impl Validate for AskStreamParams {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        validate_question(&self.question)
    }
}

/// `POST /ask` as server-sent events, for a chat that shows the work as it happens:
/// `tool` (a `ToolUse`, as each read tool call finishes), `delta` (`{"text"}`, pieces of the
/// sentence, in order), then `answer` (exactly what `POST /ask` returns) and the end; or
/// `error` (`{"error", "message"}`) if it fails once started. A problem found before the
/// stream starts (the question, the conversation, the rate limit) is an ordinary HTTP error.
#[utoipa::path(get, path = "/ask/stream", tag = "ask", security(("bearer" = [])),
    params(AskStreamParams),
    responses((status = 200, content_type = "text/event-stream", body = String, description = "Events `tool`, `delta`, then `answer` (or `error`)"),
              (status = 404, description = "No conversation of yours has that id (or it expired)"),
              (status = 422, description = "The question is empty, over 2,000 characters, or holds control characters"),
              (status = 429, description = "Too many questions; retry after the `Retry-After` seconds")))]
pub async fn ask_stream(
    State(state): State<AppState>,
    State(embedder): State<QueryEmbedder>,
    State(chat): State<ConfiguredChat>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<AskStreamParams>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    rate_limit::hit(
        &state.db,
        rate_limit::ASK_PER_USER,
        &user.user_id.to_string(),
    )
    .await?;
    let ctx = context(&state, embedder, &user).await?;
    if let Some(id) = params.conversation_id {
        let mut conn = state.db.acquire().await?;
        conversations::get(&mut conn, user.user_id, id, Utc::now())
            .await?
            .ok_or(ApiError::NotFound)?;
    }
    let consented = consented(&state, &chat, user.user_id).await?;
    let (progress, steps) = Progress::channel();
    // The answer runs on its own task so that a client closing the stream does not cut a
    // turn in half: it is finished and stored either way.
    let options = ModelOptions::from_settings(&state.settings.llm);
    let answering = tokio::spawn(async move {
        with_model::answer_configured(
            &ctx,
            chat.for_user(consented),
            options,
            &params.question,
            params.conversation_id,
            Utc::now(),
            &progress,
        )
        .await
    });
    let events = stream::unfold(Some((steps, answering)), |running| async move {
        let (mut steps, answering) = running?;
        if let Some(step) = steps.recv().await {
            return Some((Ok(step_event(step)), Some((steps, answering))));
        }
        // Every step was sent: the sender went away with the finished task.
        let last = match answering.await {
            Ok(Ok(answer)) => json_event("answer", &answer),
            Ok(Err(error)) => error_event(api_error(error)),
            Err(panicked) => error_event(ApiError::Internal(anyhow::anyhow!(panicked))),
        };
        Some((Ok(last), None))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn step_event(step: Step) -> Event {
    match step {
        Step::Tool(used) => json_event("tool", &used),
        Step::Delta(text) => json_event("delta", &serde_json::json!({ "text": text })),
    }
}

fn json_event(name: &str, value: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

fn error_event(error: ApiError) -> Event {
    let (code, message) = match &error {
        ApiError::NotFound => (
            "not_found",
            "No conversation of yours has that id".to_string(),
        ),
        ApiError::Internal(e) => {
            tracing::error!(error = %e, "ask stream failed");
            (
                "internal",
                "The answer failed; please ask again".to_string(),
            )
        }
        other => ("failed", other.to_string()),
    };
    json_event(
        "error",
        &serde_json::json!({ "error": code, "message": message }),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationParams {
    /// `next_cursor` of the previous page.
    before: Option<String>,
    /// 1 to 200; 50 by default.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

impl Validate for ConversationParams {}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    pub next_cursor: Option<String>,
}

/// Your conversations, most recently continued first. Each is kept for the server's
/// retention period (30 days by default) after its last question, then deleted.
#[utoipa::path(get, path = "/ask/conversations", tag = "ask", security(("bearer" = [])),
    params(ConversationParams),
    responses((status = 200, body = ConversationPage), (status = 400, description = "Bad cursor or parameter"), (status = 422, description = "Invalid limit")))]
pub async fn list_conversations(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<ConversationParams>,
) -> Result<Json<ConversationPage>, ApiError> {
    let page = Page {
        before: params.before,
        limit: params.limit,
    }
    .keyset()?;
    let mut conn = state.db.acquire().await?;
    let conversations =
        conversations::page(&mut conn, user.user_id, Utc::now(), page.before, page.limit).await?;
    let next_cursor = page.next_cursor(
        conversations.len(),
        conversations.last().map(|c| (c.updated_at, c.id)),
    );
    Ok(Json(ConversationPage {
        conversations,
        next_cursor,
    }))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConversationDetail {
    #[serde(flatten)]
    pub conversation: Conversation,
    /// Every question with its answer, in order.
    pub turns: Vec<Turn>,
}

/// One conversation with its questions, answers and the tool calls behind them.
#[utoipa::path(get, path = "/ask/conversations/{id}", tag = "ask", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The conversation's id")),
    responses((status = 200, body = ConversationDetail), (status = 404, description = "No conversation of yours has that id")))]
pub async fn get_conversation(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let conversation = conversations::get(&mut conn, user.user_id, id, Utc::now())
        .await?
        .ok_or(ApiError::NotFound)?;
    let turns = conversations::turns(&mut conn, user.user_id, id).await?;
    Ok(Json(ConversationDetail {
        conversation,
        turns,
    }))
}

/// Deletes a conversation and all its turns.
#[utoipa::path(delete, path = "/ask/conversations/{id}", tag = "ask", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The conversation's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No conversation of yours has that id")))]
pub async fn delete_conversation(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut conn = state.db.acquire().await?;
    if conversations::delete(&mut conn, user.user_id, id, Utc::now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
