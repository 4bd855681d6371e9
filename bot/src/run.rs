//! The bot's process side: register the commands, then long polling (the default: no
//! public URL needed) or, in webhook mode, set the webhook and let the API answer it.

use std::collections::HashMap;
use std::time::Duration;

use kakeibo_core::StartupError;
use kakeibo_core::config::TelegramMode;
use secrecy::ExposeSecret;
use teloxide::payloads::{GetUpdatesSetters, SetWebhookSetters};
use teloxide::prelude::Requester;
use teloxide::types::Update;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{BotContext, callbacks, commands, handler, links, webhook};

/// Seconds one `getUpdates` waits for news.
const POLL_TIMEOUT_SECS: u32 = 25;
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How often old buttons and link codes are dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Runs until `shutdown` is cancelled.
pub async fn run(ctx: BotContext, shutdown: CancellationToken) -> Result<(), StartupError> {
    tokio::spawn(prune_periodically(ctx.clone(), shutdown.clone()));
    if let Err(e) = ctx.bot.set_my_commands(commands::menu()).await {
        // Telegram may be unreachable for a while; the commands work without the menu.
        tracing::warn!(error = %e, "setMyCommands failed");
    }
    match ctx.settings.telegram.mode {
        TelegramMode::Polling => {
            if let Err(e) = ctx.bot.delete_webhook().await {
                tracing::warn!(error = %e, "deleteWebhook failed; getUpdates may be refused");
            }
            tracing::info!("Telegram bot polling for updates");
            poll(ctx, shutdown).await;
        }
        TelegramMode::Webhook => {
            let url = format!(
                "{}{}",
                ctx.settings.server.public_url.trim_end_matches('/'),
                webhook::PATH
            );
            let url = url.parse().map_err(|e| {
                StartupError::Config(format!(
                    "invalid configuration: the webhook URL {url:?}: {e}"
                ))
            })?;
            ctx.bot
                .set_webhook(url)
                .secret_token(
                    ctx.settings
                        .telegram
                        .webhook_secret
                        .expose_secret()
                        .to_owned(),
                )
                .await
                .map_err(|e| StartupError::Other(format!("Telegram setWebhook failed: {e}")))?;
            tracing::info!("Telegram webhook set; the API answers it");
            shutdown.cancelled().await;
        }
    }
    Ok(())
}

/// Long polling. Each chat's updates are handled in order by that chat's own task, so a
/// slow answer in one chat holds up no other.
async fn poll(ctx: BotContext, shutdown: CancellationToken) {
    let mut offset = 0i32;
    let mut backoff = Duration::from_secs(1);
    let mut chats: HashMap<i64, mpsc::UnboundedSender<Update>> = HashMap::new();
    loop {
        let request = ctx
            .bot
            .get_updates()
            .offset(offset)
            .timeout(POLL_TIMEOUT_SECS);
        let updates = tokio::select! {
            () = shutdown.cancelled() => return,
            result = request => result,
        };
        let updates = match updates {
            Ok(updates) => {
                backoff = Duration::from_secs(1);
                updates
            }
            Err(e) => {
                tracing::warn!(error = %e, ?backoff, "getUpdates failed; trying again");
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
        };
        for update in updates {
            offset = offset.max(update.id.0 as i32 + 1);
            let key = update.chat().map_or(0, |c| c.id.0);
            let queue = chats
                .entry(key)
                .or_insert_with(|| spawn_chat_worker(ctx.clone()));
            if let Err(mpsc::error::SendError(update)) = queue.send(update) {
                let queue = spawn_chat_worker(ctx.clone());
                let _ = queue.send(update);
                chats.insert(key, queue);
            }
        }
    }
}

fn spawn_chat_worker(ctx: BotContext) -> mpsc::UnboundedSender<Update> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Update>();
    tokio::spawn(async move {
        while let Some(update) = rx.recv().await {
            handler::handle_update(&ctx, update).await;
        }
    });
    tx
}

/// Drops buttons older than 30 days and long-expired link codes, hourly.
async fn prune_periodically(ctx: BotContext, shutdown: CancellationToken) {
    loop {
        let pruned = async {
            let mut conn = ctx.db.acquire().await?;
            let now = chrono::Utc::now();
            let buttons = callbacks::prune(&mut conn, now).await?;
            let codes = links::prune_codes(&mut conn, now).await?;
            Ok::<_, sqlx::Error>((buttons, codes))
        };
        match pruned.await {
            Ok((buttons, codes)) if buttons + codes > 0 => {
                tracing::info!(
                    buttons,
                    codes,
                    "old Telegram buttons and link codes dropped"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "pruning Telegram buttons failed"),
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(PRUNE_EVERY) => {}
        }
    }
}
