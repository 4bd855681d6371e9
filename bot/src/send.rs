//! Sending as Telegram wants it: HTML parse mode, split at 4,096 characters, each part in
//! its rate-limit slot, a short 429 waited out once.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::payloads::{EditMessageTextSetters, SendMessageSetters};
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InlineKeyboardMarkup, Message, MessageId, ParseMode};

use crate::{BotContext, format};

/// A `retry_after` up to this is waited out here; a longer one goes back to the caller.
pub const MAX_INLINE_WAIT: Duration = Duration::from_secs(10);

/// Sends `html` to the chat, split as needed; the keyboard goes with the last part.
pub async fn send_html(
    ctx: &BotContext,
    chat_id: i64,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Vec<Message>, RequestError> {
    let parts = format::split(html);
    let last = parts.len().saturating_sub(1);
    let mut sent = Vec::new();
    for (n, part) in parts.into_iter().enumerate() {
        let markup = if n == last { keyboard.clone() } else { None };
        sent.push(send_one(ctx, chat_id, &part, markup).await?);
    }
    Ok(sent)
}

async fn send_one(
    ctx: &BotContext,
    chat_id: i64,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Message, RequestError> {
    let mut waited = false;
    loop {
        ctx.limiter.wait_turn(chat_id).await;
        let mut request = ctx
            .bot
            .send_message(ChatId(chat_id), html)
            .parse_mode(ParseMode::Html);
        if let Some(keyboard) = &keyboard {
            request = request.reply_markup(keyboard.clone());
        }
        match request.await {
            Err(RequestError::RetryAfter(seconds))
                if !waited && seconds.duration() <= MAX_INLINE_WAIT =>
            {
                tracing::info!(chat_id, retry_after = ?seconds.duration(), "Telegram asked to wait");
                ctx.limiter.hold_chat(chat_id, seconds.duration());
                waited = true;
            }
            other => return other,
        }
    }
}

/// Replaces a message's text and keyboard (an edit is no new message: no rate slot).
pub async fn edit_html(
    ctx: &BotContext,
    chat_id: i64,
    message_id: i32,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<(), RequestError> {
    let mut request = ctx
        .bot
        .edit_message_text(ChatId(chat_id), MessageId(message_id), html)
        .parse_mode(ParseMode::Html);
    if let Some(keyboard) = keyboard {
        request = request.reply_markup(keyboard);
    }
    request.await.map(|_| ())
}
