//! One update in: a message (the flood limit, `/start <code>`, instructions for an unlinked
//! chat, a command, or a question for the ask engine) or a button press.

use std::time::Duration;

use chrono::Utc;
use kakeibo_ask::answer::Progress;
use kakeibo_ask::with_model::{self, ModelOptions};
use kakeibo_ask::{Answer, AskError};
use kakeibo_auth::rate_limit::{self, Limit};
use teloxide::types::{Message, Update, UpdateKind};
use teloxide::utils::command::BotCommands;
use uuid::Uuid;

use crate::commands::{self, Command};
use crate::format::{bold, escape};
use crate::links::{self, CodeRefused};
use crate::send::send_html;
use crate::words::Words;
use crate::{BotContext, buttons, conversations};

const INSTRUCTIONS: &str = "This chat is not linked to a Kakeibo account yet.\n\nIn Kakeibo, open Settings → Telegram and press “Link Telegram”, then open the link it shows (or send <code>/start &lt;code&gt;</code> here).";
const SLOW_DOWN: &str = "You are sending messages faster than I can answer. Please wait a minute; messages until then are ignored.";
/// Rows of an answer's table shown under its sentence.
const MAX_TABLE_ROWS: usize = 200;

/// Handles one update; failures are logged, and the person told when it was theirs to see.
pub async fn handle_update(ctx: &BotContext, update: Update) {
    let result = match update.kind {
        UpdateKind::Message(message) => on_message(ctx, message).await,
        UpdateKind::CallbackQuery(query) => buttons::on_press(ctx, query).await,
        _ => Ok(()),
    };
    if let Err(e) = result {
        tracing::error!(error = format!("{e:#}"), "a Telegram update failed");
    }
}

fn flood_limit(ctx: &BotContext) -> Limit {
    Limit {
        name: "telegram:chat",
        max_hits: i32::try_from(ctx.settings.telegram.messages_per_minute).unwrap_or(i32::MAX),
        window: Duration::from_secs(60),
    }
}

async fn on_message(ctx: &BotContext, message: Message) -> anyhow::Result<()> {
    let Some(text) = message.text() else {
        return Ok(());
    };
    let chat_id = message.chat.id.0;
    let limit = flood_limit(ctx);
    let (hits, _) = rate_limit::count(&ctx.db, limit, &chat_id.to_string()).await?;
    if hits > limit.max_hits {
        // Told once per window; the rest of the flood is dropped unanswered.
        if hits == limit.max_hits + 1 {
            send_html(ctx, chat_id, SLOW_DOWN, None).await?;
        }
        return Ok(());
    }
    let command = Command::parse(text, &ctx.settings.telegram.bot_username);
    if let Ok(Command::Start(code)) = &command {
        return start(ctx, &message, code.trim()).await;
    }
    let user_id = {
        let mut conn = ctx.db.acquire().await?;
        links::user_of_chat(&mut conn, chat_id).await?
    };
    let Some(user_id) = user_id else {
        send_html(ctx, chat_id, INSTRUCTIONS, None).await?;
        return Ok(());
    };
    match command {
        Ok(command) => commands::run(ctx, chat_id, user_id, command).await,
        Err(_) if text.starts_with('/') => {
            let words = Words::new(ctx.language(user_id).await?);
            send_html(ctx, chat_id, &escape(words.unknown_command()), None).await?;
            Ok(())
        }
        Err(_) => ask(ctx, chat_id, user_id, text).await,
    }
}

async fn start(ctx: &BotContext, message: &Message, code: &str) -> anyhow::Result<()> {
    let chat_id = message.chat.id.0;
    if code.is_empty() {
        let linked = {
            let mut conn = ctx.db.acquire().await?;
            links::user_of_chat(&mut conn, chat_id).await?.is_some()
        };
        let text = if linked {
            "This chat is linked to your Kakeibo account. /help lists what I can do."
        } else {
            INSTRUCTIONS
        };
        send_html(ctx, chat_id, text, None).await?;
        return Ok(());
    }
    let title = [message.chat.first_name(), message.chat.last_name()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let title = (!title.is_empty())
        .then_some(title)
        .or_else(|| message.chat.title().map(str::to_owned));
    let mut tx = ctx.db.begin().await?;
    let outcome = links::redeem(
        &mut tx,
        code,
        chat_id,
        title.as_deref(),
        message.chat.username(),
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    let reply = match outcome {
        Ok(user_id) => Words::new(ctx.language(user_id).await?).linked(),
        Err(CodeRefused::Unknown) => {
            "That link code is not valid. Nothing was linked.\n\nIn Kakeibo, open Settings → Telegram for a new code."
        }
        Err(CodeRefused::Expired) => {
            "That link code has expired (codes work for 10 minutes). Nothing was linked.\n\nIn Kakeibo, open Settings → Telegram for a new code."
        }
        Err(CodeRefused::Used) => {
            "That link code was already used. Nothing was linked.\n\nIn Kakeibo, open Settings → Telegram for a new code."
        }
    };
    send_html(ctx, chat_id, reply, None).await?;
    Ok(())
}

/// A question for the ask engine, continuing this chat's conversation.
async fn ask(ctx: &BotContext, chat_id: i64, user_id: Uuid, question: &str) -> anyhow::Result<()> {
    let tool_ctx = commands::tool_context(ctx, user_id).await?;
    let previous = {
        let mut conn = ctx.db.acquire().await?;
        conversations::current(&mut conn, chat_id, user_id).await?
    };
    let options = ModelOptions::from_settings(&ctx.settings.llm);
    let progress = Progress::none();
    let consented = ctx.chat.needs_consent() && {
        let mut conn = ctx.db.acquire().await?;
        kakeibo_auth::llm_consent::has_consented(&mut conn, user_id).await?
    };
    let model = ctx.chat.for_user(consented);
    let answer = |conversation| {
        with_model::answer_configured(
            &tool_ctx,
            model,
            options,
            question,
            conversation,
            Utc::now(),
            &progress,
        )
    };
    let answered = match answer(previous).await {
        // The conversation expired: this question starts a new one.
        Err(AskError::ConversationNotFound) => answer(None).await,
        other => other,
    };
    let reply = match answered {
        Ok(answer) => {
            let mut conn = ctx.db.acquire().await?;
            conversations::remember(&mut conn, chat_id, user_id, answer.conversation_id).await?;
            render_answer(&answer)
        }
        Err(AskError::Question(problem)) => {
            let words = Words::new(ctx.language(user_id).await?);
            escape(&words.cannot_take_question(problem))
        }
        Err(e) => return Err(e.into()),
    };
    send_html(ctx, chat_id, &reply, None).await?;
    Ok(())
}

/// The sentence, then the table behind it, one row a line.
pub fn render_answer(answer: &Answer) -> String {
    let mut out = escape(&answer.answer);
    if let Some(table) = &answer.data.table
        && !table.rows.is_empty()
    {
        out.push_str("\n\n");
        out.push_str(&bold(&table.columns.join(" · ")));
        for row in table.rows.iter().take(MAX_TABLE_ROWS) {
            let cells: Vec<String> = row
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "–".to_owned(),
                    other => other.to_string(),
                })
                .collect();
            out.push('\n');
            out.push_str(&escape(&cells.join(" · ")));
        }
        if table.rows.len() > MAX_TABLE_ROWS {
            out.push_str(&format!(
                "\n… and {} more",
                table.rows.len() - MAX_TABLE_ROWS
            ));
        }
    }
    out
}
