//! A server that answers as core.telegram.org/bots/api documents the methods the bot uses,
//! in the test process on 127.0.0.1 port 0: `POST /bot<token>/<method>` with a JSON body,
//! answered `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…}`.
//!
//! It is Telegram's side only: the chats are people the test plays. [`FakeTelegram::say`]
//! and [`FakeTelegram::press`] queue what a person does for `getUpdates` (or the test posts
//! the same update to the webhook); [`FakeTelegram::chat`] reads what a chat received.
//!
//! Telegram's behaviour kept here:
//! - a wrong token: 401 `Unauthorized`;
//! - `parse_mode: HTML` checked: unknown or unbalanced tags and bare `&` are 400
//!   "Bad Request: can't parse entities: …"; text over 4,096 characters after entity
//!   parsing is 400 "Bad Request: message is too long";
//! - rates: more than one message a second to one chat, or 30 a second overall, is a 429
//!   with `retry_after` (every send is recorded with its time, so tests can read the rates
//!   seen); a 429 can also be queued on demand;
//! - a chat that blocked the bot: 403 "Forbidden: bot was blocked by the user";
//! - down: a 502 from Telegram's front (HTML, not JSON), or connections refused.

mod html;
mod routes;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456789:AAF-fake-kakeibo-test-token_0123456789";
pub const BOT_USERNAME: &str = "kakeibo_test_bot";
pub const BOT_ID: i64 = 123_456_789;

/// Some slack on the measured rates: a request's arrival lags its sending by scheduling.
const RATE_TOLERANCE: Duration = Duration::from_millis(100);

/// A person in a private chat with the bot (in a private chat the chat id is the user's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub chat_id: i64,
    pub first_name: String,
    pub username: String,
}

impl Person {
    pub fn new(chat_id: i64, first_name: &str) -> Self {
        Self {
            chat_id,
            first_name: first_name.into(),
            username: first_name.to_lowercase(),
        }
    }

    pub(crate) fn user_json(&self) -> Value {
        json!({"id": self.chat_id, "is_bot": false, "first_name": self.first_name,
               "username": self.username, "language_code": "en"})
    }

    pub(crate) fn chat_json(&self) -> Value {
        json!({"id": self.chat_id, "type": "private", "first_name": self.first_name,
               "username": self.username})
    }
}

/// A message the bot sent (and its later edits), as a chat sees it now.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub message_id: i64,
    pub chat_id: i64,
    pub text: String,
    pub parse_mode: Option<String>,
    /// `reply_markup` as sent (an `inline_keyboard`), or null.
    pub reply_markup: Value,
    pub edits: u32,
}

impl Sent {
    /// The buttons' `(text, callback_data)`, row by row.
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.reply_markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .map(|b| {
                (
                    b["text"].as_str().unwrap_or_default().to_owned(),
                    b["callback_data"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// The buttons' texts, keyboard row by keyboard row.
    pub fn button_rows(&self) -> Vec<Vec<String>> {
        self.reply_markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| {
                row.as_array()
                    .into_iter()
                    .flatten()
                    .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect()
    }

    /// The callback data of the button whose text is exactly `label`.
    pub fn button_exactly(&self, label: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .find(|(text, _)| text == label)
            .map(|(_, data)| data)
    }

    /// The callback data of the button whose text contains `label`.
    pub fn button(&self, label: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .find(|(text, _)| text.contains(label))
            .map(|(_, data)| data)
    }

    /// The text with the HTML tags removed and entities decoded: what the person reads.
    pub fn plain(&self) -> String {
        html::plain(&self.text)
    }
}

/// One call the fake received, with what it answered.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub status: u16,
    pub at: Instant,
}

/// How Telegram is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// Its front answers 502 Bad Gateway with an HTML page.
    BadGateway,
}

pub(crate) struct Fake {
    pub(crate) updates: VecDeque<Value>,
    pub(crate) next_update_id: i64,
    pub(crate) next_message_id: i64,
    pub(crate) messages: Vec<Sent>,
    pub(crate) calls: Vec<Call>,
    /// Accepted sends: (time, chat).
    pub(crate) deliveries: Vec<(Instant, i64)>,
    /// 429s to answer before anything else, with their `retry_after` seconds.
    pub(crate) rate_limits: VecDeque<u32>,
    pub(crate) outage: Option<Outage>,
    pub(crate) blocked: HashSet<i64>,
    pub(crate) enforce_rates: bool,
    /// sendMessage is carried out and recorded, but its answer is held back until this is
    /// off again: Telegram sent the message and the sender has not heard so yet.
    pub(crate) hold_send_answers: bool,
    pub(crate) webhook: Option<(String, Option<String>)>,
    pub(crate) commands: Value,
    pub(crate) callback_answers: HashMap<String, Value>,
}

pub(crate) type Shared = Arc<(Mutex<Fake>, Notify)>;

pub struct FakeTelegram {
    addr: SocketAddr,
    state: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Telegram server");
        let addr = listener.local_addr().expect("a bound address");
        let state: Shared = Arc::new((
            Mutex::new(Fake {
                updates: VecDeque::new(),
                next_update_id: 100_000,
                next_message_id: 1,
                messages: Vec::new(),
                calls: Vec::new(),
                deliveries: Vec::new(),
                rate_limits: VecDeque::new(),
                outage: None,
                blocked: HashSet::new(),
                enforce_rates: true,
                hold_send_answers: false,
                webhook: None,
                commands: Value::Null,
                callback_answers: HashMap::new(),
            }),
            Notify::new(),
        ));
        let app = Router::new()
            .route("/{bot}/{method}", post(routes::method).get(routes::method))
            .with_state(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake Telegram server runs");
        });
        FakeTelegram {
            addr,
            state,
            server,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.state.0.lock().expect("fake Telegram state")
    }

    /// The API root to give teloxide (`Bot::set_api_url`): no trailing slash.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops listening: later connections are refused.
    pub async fn stop(&mut self) {
        self.server.abort();
        let _ = (&mut self.server).await;
    }

    pub fn set_outage(&self, outage: Option<Outage>) {
        self.lock().outage = outage;
    }

    /// The next sends are answered 429 with these `retry_after` seconds, one each.
    pub fn rate_limit_next(&self, retry_after_secs: u32) {
        self.lock().rate_limits.push_back(retry_after_secs);
    }

    /// Off: sends are never refused for their rate (they are still recorded).
    pub fn enforce_rates(&self, on: bool) {
        self.lock().enforce_rates = on;
    }

    /// On: sendMessage delivers and records the message, then holds its answer until this is
    /// turned off (a sender killed meanwhile never learns the message went out).
    pub fn hold_send_answers(&self, on: bool) {
        self.lock().hold_send_answers = on;
        self.state.1.notify_waiters();
    }

    /// The person blocks the bot: sends to their chat answer 403.
    pub fn block(&self, chat_id: i64) {
        self.lock().blocked.insert(chat_id);
    }

    /// Queues the update `{"update_id", kind: body}` for getUpdates; returns the update.
    pub fn push_update(&self, kind: &str, body: Value) -> Value {
        let update = {
            let mut fake = self.lock();
            fake.next_update_id += 1;
            let update = json!({"update_id": fake.next_update_id, kind: body});
            fake.updates.push_back(update.clone());
            update
        };
        self.state.1.notify_waiters();
        update
    }

    /// The person writes `text` to the bot. Commands get their `bot_command` entity, as
    /// Telegram's clients send them.
    pub fn say(&self, person: &Person, text: &str) -> Value {
        let message_id = {
            let mut fake = self.lock();
            fake.next_message_id += 1;
            fake.next_message_id
        };
        let mut message = json!({
            "message_id": message_id,
            "from": person.user_json(),
            "chat": person.chat_json(),
            "date": unix_now(),
            "text": text,
        });
        if text.starts_with('/') {
            let length = text
                .split_whitespace()
                .next()
                .unwrap_or(text)
                .encode_utf16()
                .count();
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
        }
        self.push_update("message", message)
    }

    /// The person presses the button with `data` under the bot's message `message_id`.
    pub fn press(&self, person: &Person, message_id: i64, data: &str) -> Value {
        let message = self
            .lock()
            .messages
            .iter()
            .find(|m| m.message_id == message_id)
            .cloned();
        let text = message.map(|m| m.text).unwrap_or_default();
        let query_id = format!("cbq-{}-{message_id}-{}", person.chat_id, unix_now());
        self.push_update(
            "callback_query",
            json!({
                "id": query_id,
                "from": person.user_json(),
                "message": {
                    "message_id": message_id,
                    "from": {"id": BOT_ID, "is_bot": true, "first_name": "Kakeibo", "username": BOT_USERNAME},
                    "chat": person.chat_json(),
                    "date": unix_now(),
                    "text": text,
                },
                "chat_instance": format!("ci{}", person.chat_id),
                "data": data,
            }),
        )
    }

    /// The bot's messages in this chat, oldest first, as they read now (edits applied).
    pub fn chat(&self, chat_id: i64) -> Vec<Sent> {
        self.lock()
            .messages
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// Waits until the chat has at least `count` messages from the bot (30 s at most).
    pub async fn wait_for_messages(&self, chat_id: i64, count: usize) -> Vec<Sent> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let sent = self.chat(chat_id);
            if sent.len() >= count {
                return sent;
            }
            assert!(
                Instant::now() < deadline,
                "chat {chat_id} got {} messages, not {count}: {sent:#?}",
                sent.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until `check` holds of the fake's calls (30 s at most).
    pub async fn wait_until(&self, what: &str, check: impl Fn(&[Call]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !check(&self.calls()) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .collect()
    }

    /// The `answerCallbackQuery` body for a query id.
    pub fn callback_answer(&self, query_id: &str) -> Option<Value> {
        self.lock().callback_answers.get(query_id).cloned()
    }

    /// What `setMyCommands` last set.
    pub fn commands(&self) -> Value {
        self.lock().commands.clone()
    }

    /// The webhook set (url, secret token), if any.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.lock().webhook.clone()
    }

    /// The shortest time seen between two accepted sends to one chat.
    pub fn min_interval_per_chat(&self) -> Option<Duration> {
        let fake = self.lock();
        let mut last: HashMap<i64, Instant> = HashMap::new();
        let mut min: Option<Duration> = None;
        for (at, chat) in &fake.deliveries {
            if let Some(previous) = last.insert(*chat, *at) {
                let gap = at.duration_since(previous);
                min = Some(min.map_or(gap, |m| m.min(gap)));
            }
        }
        min
    }

    /// The most accepted sends seen within any one second, all chats together.
    pub fn max_sends_in_a_second(&self) -> usize {
        let fake = self.lock();
        let times: Vec<Instant> = fake.deliveries.iter().map(|(at, _)| *at).collect();
        let mut max = 0;
        let mut start = 0;
        for end in 0..times.len() {
            while times[end].duration_since(times[start]) >= Duration::from_secs(1) {
                start += 1;
            }
            max = max.max(end - start + 1);
        }
        max
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
