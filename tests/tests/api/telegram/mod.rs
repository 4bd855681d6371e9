//! The Telegram bot end to end: teloxide's real client against the fake Bot API
//! (`kakeibo_tests::fake_telegram`), the real app, store, ask engine and job workers. The
//! user's today is fixed at 2026-03-31, the last day of the ask tests' ledger.

mod alerts;
pub mod buttons;
mod commands;
mod fake_api;
mod linking;
mod outbox;
mod sender;
mod webhook;

use kakeibo_bot::BotContext;
use kakeibo_tests::fake_telegram::{self, FakeTelegram, Person, Sent};
use kakeibo_tests::{TestApp, TestUser};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

pub const TODAY: &str = "2026-03-31";

pub struct BotWorld {
    pub app: TestApp,
    pub fake: FakeTelegram,
    pub ctx: BotContext,
    stop: CancellationToken,
}

impl BotWorld {
    /// The app with a bot token pointing at a fresh fake; the bot polling it.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(
        configure: impl FnOnce(&mut kakeibo_core::Settings),
    ) -> anyhow::Result<Self> {
        let world = Self::without_polling(configure).await?;
        tokio::spawn(kakeibo_bot::run::run(world.ctx.clone(), world.stop.clone()));
        Ok(world)
    }

    /// As `start`, but nothing polls: updates reach the bot only through the webhook.
    pub async fn without_polling(
        configure: impl FnOnce(&mut kakeibo_core::Settings),
    ) -> anyhow::Result<Self> {
        let fake = FakeTelegram::start().await;
        let api_url = fake.api_url();
        let app = TestApp::spawn_with(|s| {
            s.telegram.bot_token = SecretString::from(fake_telegram::TOKEN);
            s.telegram.api_url = api_url;
            s.telegram.bot_username = fake_telegram::BOT_USERNAME.into();
            configure(s);
        })
        .await?;
        let mut ctx =
            BotContext::from_settings(&app.settings, app.db.pool.clone())?.expect("a token is set");
        ctx.today = Some(TODAY.parse()?);
        // Word matching only: the query model's weights are not needed for these questions.
        ctx.embedder = None;
        Ok(Self {
            app,
            fake,
            ctx,
            stop: CancellationToken::new(),
        })
    }

    /// A link code for the user, through the API.
    pub async fn link_code(&self, user: &TestUser) -> anyhow::Result<Value> {
        let response = self
            .app
            .as_user(user, Method::POST, "/telegram/link-code")
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::CREATED);
        Ok(response.json().await?)
    }

    /// Links the person's chat to the user as a person does: a code, then /start.
    pub async fn link(&self, user: &TestUser, person: &Person) -> anyhow::Result<()> {
        let code = self.link_code(user).await?;
        let before = self.fake.chat(person.chat_id).len();
        self.fake.say(
            person,
            &format!("/start {}", code["code"].as_str().unwrap()),
        );
        let reply = self.next_reply(person, before).await;
        assert!(
            reply.plain().starts_with("Linked") || reply.plain().starts_with("Verbunden"),
            "{reply:?}"
        );
        Ok(())
    }

    /// Says `text` and waits for the bot's next message in that chat.
    pub async fn ask(&self, person: &Person, text: &str) -> Sent {
        let before = self.fake.chat(person.chat_id).len();
        self.fake.say(person, text);
        self.next_reply(person, before).await
    }

    pub async fn next_reply(&self, person: &Person, before: usize) -> Sent {
        self.fake
            .wait_for_messages(person.chat_id, before + 1)
            .await
            .swap_remove(before)
    }
}

impl Drop for BotWorld {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
