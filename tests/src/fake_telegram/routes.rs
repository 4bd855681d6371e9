//! The Bot API methods the bot calls, answered as core.telegram.org/bots/api documents them.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    BOT_ID, BOT_USERNAME, Call, Fake, Outage, RATE_TOLERANCE, Sent, Shared, TOKEN, html, unix_now,
};

/// Telegram's limits: one message a second per chat, 30 a second overall.
const PER_CHAT_INTERVAL: Duration = Duration::from_secs(1);
const GLOBAL_PER_SECOND: usize = 30;
const MAX_TEXT_CHARS: usize = 4096;
/// Telegram's own cap on a long poll.
const MAX_POLL_SECS: u64 = 50;

type Answer = (StatusCode, Value);

fn ok(result: Value) -> Answer {
    (StatusCode::OK, json!({"ok": true, "result": result}))
}

fn error(status: StatusCode, description: &str) -> Answer {
    (
        status,
        json!({"ok": false, "error_code": status.as_u16(), "description": description}),
    )
}

fn too_many(retry_after: u32) -> Answer {
    (
        StatusCode::TOO_MANY_REQUESTS,
        json!({"ok": false, "error_code": 429,
               "description": format!("Too Many Requests: retry after {retry_after}"),
               "parameters": {"retry_after": retry_after}}),
    )
}

fn bad_request(description: &str) -> Answer {
    error(StatusCode::BAD_REQUEST, description)
}

/// `POST /bot<token>/<method>`: parameters as JSON, or in the query string.
pub(super) async fn method(
    State(state): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    let mut params = read_params(request).await;
    for (key, value) in query {
        params[key] = serde_json::from_str(&value).unwrap_or(Value::String(value));
    }
    let lower = method.to_ascii_lowercase();
    let outage = state.0.lock().expect("fake Telegram state").outage;
    if outage == Some(Outage::BadGateway) {
        record(&state, &method, &params, 502);
        return (
            StatusCode::BAD_GATEWAY,
            [("content-type", "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response();
    }
    let (status, answer) = if bot.strip_prefix("bot") != Some(TOKEN) {
        error(StatusCode::UNAUTHORIZED, "Unauthorized")
    } else if lower == "getupdates" {
        get_updates(&state, &params).await
    } else {
        let mut fake = state.0.lock().expect("fake Telegram state");
        answer(&mut fake, &lower, &params)
    };
    record(&state, &method, &params, status.as_u16());
    if lower == "sendmessage" {
        held_while_asked(&state).await;
    }
    (status, axum::Json(answer)).into_response()
}

/// Waits while the test holds sendMessage answers back (`hold_send_answers`).
async fn held_while_asked(state: &Shared) {
    loop {
        let released = state.1.notified();
        tokio::pin!(released);
        released.as_mut().enable();
        if !state
            .0
            .lock()
            .expect("fake Telegram state")
            .hold_send_answers
        {
            return;
        }
        released.await;
    }
}

/// A JSON body, or multipart/form-data (teloxide's way for methods that can carry a
/// file, such as setWebhook): each field a JSON value or else a string.
async fn read_params(request: Request) -> Value {
    let multipart = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let mut params = json!({});
        if let Ok(mut form) = Multipart::from_request(request, &()).await {
            while let Ok(Some(field)) = form.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                let text = field.text().await.unwrap_or_default();
                params[name] = serde_json::from_str(&text).unwrap_or(Value::String(text));
            }
        }
        return params;
    }
    let body = Bytes::from_request(request, &()).await.unwrap_or_default();
    serde_json::from_slice(&body).unwrap_or_else(|_| json!({}))
}

fn record(state: &Shared, method: &str, params: &Value, status: u16) {
    state
        .0
        .lock()
        .expect("fake Telegram state")
        .calls
        .push(Call {
            method: method.to_owned(),
            body: params.clone(),
            status,
            at: Instant::now(),
        });
}

fn answer(fake: &mut Fake, method: &str, params: &Value) -> Answer {
    match method {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Kakeibo", "username": BOT_USERNAME,
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false,
        })),
        "sendmessage" => send_message(fake, params),
        "editmessagetext" => edit_message(fake, params, true),
        "editmessagereplymarkup" => edit_message(fake, params, false),
        "answercallbackquery" => {
            let Some(id) = params["callback_query_id"].as_str() else {
                return bad_request(
                    "Bad Request: query is too old and response timeout expired or query ID is invalid",
                );
            };
            fake.callback_answers.insert(id.to_owned(), params.clone());
            ok(json!(true))
        }
        "setwebhook" => {
            let url = params["url"].as_str().unwrap_or_default().to_owned();
            let secret = params["secret_token"].as_str().map(str::to_owned);
            fake.webhook = (!url.is_empty()).then_some((url, secret));
            ok(json!(true))
        }
        "deletewebhook" => {
            fake.webhook = None;
            ok(json!(true))
        }
        "getwebhookinfo" => ok(json!({
            "url": fake.webhook.as_ref().map(|w| w.0.clone()).unwrap_or_default(),
            "has_custom_certificate": false,
            "pending_update_count": fake.updates.len(),
        })),
        "setmycommands" => {
            fake.commands = params["commands"].clone();
            ok(json!(true))
        }
        "deletemycommands" => {
            fake.commands = Value::Null;
            ok(json!(true))
        }
        _ => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

fn chat_id(params: &Value) -> Option<i64> {
    match &params["chat_id"] {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The text as Telegram reads it under the parse mode, or its 400.
fn checked_text(params: &Value) -> Result<String, Answer> {
    let Some(text) = params["text"].as_str().filter(|t| !t.trim().is_empty()) else {
        return Err(bad_request("Bad Request: message text is empty"));
    };
    let plain = match params["parse_mode"].as_str() {
        Some("HTML") => html::parse(text).map_err(|e| bad_request(&e))?,
        Some(other) if other != "MarkdownV2" && other != "Markdown" => {
            return Err(bad_request(&format!(
                "Bad Request: unsupported parse_mode \"{other}\""
            )));
        }
        _ => text.to_owned(),
    };
    if plain.chars().count() > MAX_TEXT_CHARS {
        return Err(bad_request("Bad Request: message is too long"));
    }
    Ok(plain)
}

fn message_json(sent: &Sent, plain: &str) -> Value {
    let mut message = json!({
        "message_id": sent.message_id,
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Kakeibo", "username": BOT_USERNAME},
        "chat": {"id": sent.chat_id, "type": "private", "first_name": "Person"},
        "date": unix_now(),
        "text": plain,
    });
    if !sent.reply_markup.is_null() {
        message["reply_markup"] = sent.reply_markup.clone();
    }
    message
}

fn send_message(fake: &mut Fake, params: &Value) -> Answer {
    if let Some(retry_after) = fake.rate_limits.pop_front() {
        return too_many(retry_after);
    }
    let Some(chat_id) = chat_id(params) else {
        return bad_request("Bad Request: chat not found");
    };
    if fake.blocked.contains(&chat_id) {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
        );
    }
    let plain = match checked_text(params) {
        Ok(plain) => plain,
        Err(answer) => return answer,
    };
    let now = Instant::now();
    if fake.enforce_rates {
        let chat_too_soon = fake
            .deliveries
            .iter()
            .rev()
            .find(|(_, c)| *c == chat_id)
            .is_some_and(|(at, _)| now.duration_since(*at) + RATE_TOLERANCE < PER_CHAT_INTERVAL);
        let last_second = fake
            .deliveries
            .iter()
            .rev()
            .take_while(|(at, _)| now.duration_since(*at) + RATE_TOLERANCE < Duration::from_secs(1))
            .count();
        if chat_too_soon || last_second >= GLOBAL_PER_SECOND {
            return too_many(1);
        }
    }
    fake.deliveries.push((now, chat_id));
    fake.next_message_id += 1;
    let sent = Sent {
        message_id: fake.next_message_id,
        chat_id,
        text: params["text"].as_str().unwrap_or_default().to_owned(),
        parse_mode: params["parse_mode"].as_str().map(str::to_owned),
        reply_markup: params["reply_markup"].clone(),
        edits: 0,
    };
    let message = message_json(&sent, &plain);
    show("sent", &sent);
    fake.messages.push(sent);
    ok(message)
}

/// `FAKE_TELEGRAM_SHOW=1`: every message and edit is printed as the chat would show it, for
/// a person to read (`cargo nextest run … --no-capture`).
fn show(what: &str, sent: &Sent) {
    if std::env::var_os("FAKE_TELEGRAM_SHOW").is_none() {
        return;
    }
    let buttons: Vec<String> = sent
        .buttons()
        .into_iter()
        .map(|(text, _)| format!("[{text}]"))
        .collect();
    eprintln!(
        "── {what} to chat {} ({}) ──\n{}\n{}",
        sent.chat_id,
        sent.parse_mode.as_deref().unwrap_or("plain"),
        sent.text,
        buttons.join(" ")
    );
}

fn edit_message(fake: &mut Fake, params: &Value, with_text: bool) -> Answer {
    let (Some(chat_id), Some(message_id)) = (chat_id(params), params["message_id"].as_i64()) else {
        return bad_request("Bad Request: message to edit not found");
    };
    let plain = if with_text {
        match checked_text(params) {
            Ok(plain) => Some(plain),
            Err(answer) => return answer,
        }
    } else {
        None
    };
    let Some(sent) = fake
        .messages
        .iter_mut()
        .find(|m| m.chat_id == chat_id && m.message_id == message_id)
    else {
        return bad_request("Bad Request: message to edit not found");
    };
    let text = params["text"].as_str().map(str::to_owned);
    let markup = params["reply_markup"].clone();
    let same_text = text.as_ref().is_none_or(|t| *t == sent.text);
    if same_text && markup == sent.reply_markup {
        return bad_request(
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
    }
    if let Some(text) = text {
        sent.text = text;
        sent.parse_mode = params["parse_mode"].as_str().map(str::to_owned);
    }
    sent.reply_markup = markup;
    sent.edits += 1;
    show("edited", sent);
    let plain = plain.unwrap_or_else(|| html::plain(&sent.text));
    ok(message_json(sent, &plain))
}

/// Long polling: answers at once when updates at or after `offset` wait, else when one
/// arrives or `timeout` seconds pass. An `offset` confirms (forgets) the updates before it.
async fn get_updates(state: &Shared, params: &Value) -> Answer {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(params["timeout"].as_u64().unwrap_or(0).min(MAX_POLL_SECS));
    let deadline = Instant::now() + timeout;
    loop {
        let notified = state.1.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut fake = state.0.lock().expect("fake Telegram state");
            if fake.webhook.is_some() {
                return error(
                    StatusCode::CONFLICT,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                );
            }
            fake.updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !fake.updates.is_empty() {
                let batch: Vec<Value> = fake.updates.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout(deadline - now, notified).await;
    }
}
