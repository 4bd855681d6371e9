//! /settings: which alerts come to Telegram, and quiet hours, toggled with buttons. The
//! preferences are notifications' (`kakeibo_notifications::preferences`); this is their
//! keyboard.

use kakeibo_notifications::kinds;
use kakeibo_notifications::preferences::{self, Preferences};
use sqlx::PgConnection;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

use crate::BotContext;
use crate::callbacks::{self, Action};
use crate::format::{bold, escape};
use crate::words::Words;

/// "budget_threshold" → "Budget threshold" ("Budget-Schwelle").
fn label(kind: &str, say: Words) -> String {
    if say.is_german() {
        let german = match kind {
            kinds::BUDGET_THRESHOLD => "Budget-Schwelle",
            kinds::LARGE_TRANSACTION => "Große Buchung",
            kinds::UNCATEGORIZED_TRANSACTION => "Ohne Kategorie",
            kinds::LOW_BALANCE => "Niedriger Kontostand",
            kinds::CONNECTION_FAILING => "Bankverbindung",
            kinds::NEW_SUBSCRIPTION => "Neues Abo",
            kinds::PRICE_INCREASE => "Preiserhöhung",
            kinds::MISSED_PAYMENT => "Zahlung ausgeblieben",
            kinds::ANOMALY => "Ungewöhnliche Ausgabe",
            kinds::GOAL_REACHED => "Sparziel erreicht",
            kinds::WEEKLY_SUMMARY => "Wochenrückblick",
            kinds::EXPORT_READY => "Datenexport",
            _ => "",
        };
        if !german.is_empty() {
            return german.to_owned();
        }
    }
    let words = kind.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn telegram_on(prefs: &Preferences, kind: &str) -> bool {
    prefs
        .channels
        .get(kind)
        .and_then(|c| c.get(kinds::TELEGRAM))
        .copied()
        .unwrap_or(false)
}

/// The settings message and its keyboard, as the preferences stand now.
pub async fn view(
    ctx: &BotContext,
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let prefs = preferences::preferences(&ctx.db, user_id).await?;
    let say = Words::new(ctx.language(user_id).await?);
    let quiet = &prefs.quiet_hours;
    let window = format!(
        "{}–{}",
        quiet.start.format("%H:%M"),
        quiet.end.format("%H:%M")
    );
    let text = match (say.is_german(), quiet.enabled) {
        (false, on) => format!(
            "{}\nPress a kind to turn its Telegram alerts on or off.\nQuiet hours: {}",
            bold("Telegram alerts"),
            if on {
                escape(&format!("on, {window} (alerts wait, then come together)"))
            } else {
                "off".to_owned()
            }
        ),
        (true, on) => format!(
            "{}\nTipp auf eine Benachrichtigung, um sie in Telegram an- oder auszuschalten.\nRuhezeiten: {}",
            bold("Benachrichtigungen in Telegram"),
            if on {
                escape(&format!(
                    "an, {window} (Benachrichtigungen warten und kommen dann gesammelt)"
                ))
            } else {
                "aus".to_owned()
            }
        ),
    };
    let mut rows = Vec::new();
    for kind in kinds::ALL {
        let on = telegram_on(&prefs, kind);
        let data = callbacks::create_with_detail(
            conn,
            chat_id,
            user_id,
            Action::ToggleAlert,
            None,
            None,
            Some(kind),
        )
        .await?;
        let mark = if on { "✅" } else { "❌" };
        rows.push(InlineKeyboardButton::callback(
            format!("{mark} {}", label(kind, say)),
            data,
        ));
    }
    let mut keyboard: Vec<Vec<InlineKeyboardButton>> = rows.chunks(2).map(<[_]>::to_vec).collect();
    let data = callbacks::create_with_detail(
        conn,
        chat_id,
        user_id,
        Action::ToggleQuietHours,
        None,
        None,
        Some(if quiet.enabled { "off" } else { "on" }),
    )
    .await?;
    keyboard.push(vec![InlineKeyboardButton::callback(
        match (say.is_german(), quiet.enabled) {
            (false, true) => "🔔 Turn quiet hours off".to_owned(),
            (true, true) => "🔔 Ruhezeiten ausschalten".to_owned(),
            (false, false) => format!("🌙 Quiet hours {window}"),
            (true, false) => format!("🌙 Ruhezeiten {window}"),
        },
        data,
    )]);
    Ok((text, InlineKeyboardMarkup::new(keyboard)))
}

/// Applies a settings button; `false` when it named nothing known.
pub async fn toggle(
    ctx: &BotContext,
    user_id: Uuid,
    action: Action,
    detail: Option<&str>,
) -> anyhow::Result<bool> {
    let prefs = preferences::preferences(&ctx.db, user_id).await?;
    match (action, detail) {
        (Action::ToggleAlert, Some(kind)) if kinds::ALL.contains(&kind) => {
            let on = telegram_on(&prefs, kind);
            preferences::set_channel_enabled(&ctx.db, user_id, kind, kinds::TELEGRAM, !on).await?;
            Ok(true)
        }
        (Action::ToggleQuietHours, Some(wanted)) => {
            let window =
                (wanted == "on").then_some((prefs.quiet_hours.start, prefs.quiet_hours.end));
            preferences::set_quiet_hours(&ctx.db, user_id, window).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
