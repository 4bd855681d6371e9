//! Webhook mode: Telegram posts each update to `POST /api/v1/telegram/webhook` with the
//! secret it was given in `X-Telegram-Bot-Api-Secret-Token`; without it (or with another)
//! the answer is 401 and nothing is read.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use kakeibo_core::config::TelegramMode;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use teloxide::types::Update;

use crate::{BotContext, handler};

pub const PATH: &str = "/api/v1/telegram/webhook";
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The webhook route; without a bot every call is 404.
pub fn router<S: Clone + Send + Sync + 'static>(ctx: Option<BotContext>) -> Router<S> {
    Router::new().route(PATH, post(receive)).with_state(ctx)
}

/// Equal secrets, compared in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &str) -> bool {
    let (a, b) = (Sha256::digest(given), Sha256::digest(expected.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

async fn receive(
    State(ctx): State<Option<BotContext>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(ctx) = ctx else {
        return StatusCode::NOT_FOUND;
    };
    let telegram = &ctx.settings.telegram;
    let expected = telegram.webhook_secret.expose_secret();
    let authorized = telegram.mode == TelegramMode::Webhook
        && !expected.is_empty()
        && headers
            .get(SECRET_HEADER)
            .is_some_and(|given| same_secret(given.as_bytes(), expected));
    if !authorized {
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(e) => {
            tracing::warn!(error = %e, "an unreadable webhook update");
            // Telegram would resend a refused update forever; it is logged and dropped.
            return StatusCode::OK;
        }
    };
    tokio::spawn(async move { handler::handle_update(&ctx, update).await });
    StatusCode::OK
}
