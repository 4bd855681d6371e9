//! Buttons under alerts and /recent rows: [Change category] [It's a transfer] [Looks fine];
//! then the user's categories; then "always for this merchant?". Every press is resolved
//! per chat (`callbacks::resolve`): a forged id, another chat's, or one pressed in an
//! unlinked chat gets an error answer and changes nothing. Changes are made as the user,
//! through the transactions crate's own functions.

use kakeibo_transactions::rules::{Actions, TextOp, Trigger};
use kakeibo_transactions::rules_api::{self, NewRule};
use kakeibo_transactions::transactions_api::{self, Recategorized};
use kakeibo_transactions::{categories, rules_store, transactions};
use sqlx::PgConnection;
use teloxide::payloads::AnswerCallbackQuerySetters;
use teloxide::prelude::Requester;
use teloxide::types::{
    CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage,
};
use uuid::Uuid;

use crate::BotContext;
use crate::callbacks::{self, Action, Callback};
use crate::format::{bold, escape, money};
use crate::send::edit_html;

/// Telegram allows 100 buttons a keyboard; two a row.
const MAX_CATEGORY_BUTTONS: usize = 90;

/// One row of [Change category] [It's a transfer] [Looks fine] per transaction, labelled
/// with `label` ("1.", …; empty for a single alert).
pub async fn review_keyboard(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    rows: &[(String, Uuid)],
) -> Result<InlineKeyboardMarkup, sqlx::Error> {
    let mut keyboard = Vec::new();
    for (label, id) in rows {
        let prefix = if label.is_empty() {
            String::new()
        } else {
            format!("{label} ")
        };
        let mut row = Vec::new();
        for (action, text) in [
            (Action::ChangeCategory, "Change category"),
            (Action::Transfer, "It's a transfer"),
            (Action::LooksFine, "Looks fine"),
        ] {
            let data = callbacks::create(conn, chat_id, user_id, action, Some(*id), None).await?;
            row.push(InlineKeyboardButton::callback(
                format!("{prefix}{text}"),
                data,
            ));
        }
        keyboard.push(row);
    }
    Ok(InlineKeyboardMarkup::new(keyboard))
}

pub async fn on_press(ctx: &BotContext, query: CallbackQuery) -> anyhow::Result<()> {
    let message = match &query.message {
        Some(MaybeInaccessibleMessage::Regular(m)) => Some((m.chat.id.0, m.id.0)),
        Some(MaybeInaccessibleMessage::Inaccessible(m)) => Some((m.chat.id.0, m.message_id.0)),
        None => None,
    };
    let resolved = match (message, query.data.as_deref()) {
        (Some((chat_id, _)), Some(data)) => {
            let mut conn = ctx.db.acquire().await?;
            callbacks::resolve(&mut conn, chat_id, data).await?
        }
        _ => None,
    };
    let (Some((chat_id, message_id)), Some(callback)) = (message, resolved) else {
        ctx.bot
            .answer_callback_query(query.id.clone())
            .text("This button is not valid here: nothing was changed. Is this chat linked? Try /recent for fresh buttons.")
            .show_alert(true)
            .await?;
        return Ok(());
    };
    let outcome = act(ctx, chat_id, &callback).await?;
    let mut answer = ctx
        .bot
        .answer_callback_query(query.id.clone())
        .text(outcome.notice.clone());
    if outcome.failed {
        answer = answer.show_alert(true);
    }
    answer.await?;
    if let Some((text, keyboard)) = outcome.message {
        edit_html(ctx, chat_id, message_id, &text, keyboard).await?;
    }
    Ok(())
}

struct Outcome {
    /// The short answer shown on the press.
    notice: String,
    failed: bool,
    /// The message's new text and keyboard.
    message: Option<(String, Option<InlineKeyboardMarkup>)>,
}

impl Outcome {
    fn failed(notice: &str) -> Self {
        Self {
            notice: notice.to_owned(),
            failed: true,
            message: None,
        }
    }
}

/// A transaction as a line: "2026-03-02 · Rewe · -52.30 EUR · Groceries".
async fn describe(
    ctx: &BotContext,
    conn: &mut PgConnection,
    user_id: Uuid,
    t: &transactions::Transaction,
) -> anyhow::Result<String> {
    let lang = ctx.language(user_id).await?;
    let category = match t.category_id {
        Some(id) => categories::get(conn, user_id, id).await?.map(|c| c.name),
        None => None,
    };
    Ok(format!(
        "{} · {} · {} · {}",
        t.booked_at.date_naive(),
        escape(t.merchant.as_deref().unwrap_or(&t.description)),
        escape(&money(lang, t.amount, &t.currency)),
        escape(category.as_deref().unwrap_or("uncategorized")),
    ))
}

async fn act(ctx: &BotContext, chat_id: i64, callback: &Callback) -> anyhow::Result<Outcome> {
    let user_id = callback.user_id;
    if matches!(
        callback.action,
        Action::ToggleAlert | Action::ToggleQuietHours
    ) {
        if !crate::settings::toggle(ctx, user_id, callback.action, callback.detail.as_deref())
            .await?
        {
            return Ok(Outcome::failed(
                "This button is not valid here: nothing was changed.",
            ));
        }
        let mut conn = ctx.db.acquire().await?;
        let (text, keyboard) = crate::settings::view(ctx, &mut conn, chat_id, user_id).await?;
        return Ok(Outcome {
            notice: "Saved".into(),
            failed: false,
            message: Some((text, Some(keyboard))),
        });
    }
    let Some(target) = callback.target else {
        return Ok(Outcome::failed(
            "This button is not valid here: nothing was changed.",
        ));
    };
    let mut tx = ctx.db.begin().await?;
    let Some(row) = transactions::get(&mut tx, user_id, target).await? else {
        return Ok(Outcome::failed(
            "That transaction is gone: nothing was changed.",
        ));
    };
    let outcome = match callback.action {
        Action::ChangeCategory => {
            let keyboard = category_keyboard(&mut tx, chat_id, user_id, target).await?;
            Outcome {
                notice: "Pick a category".into(),
                failed: false,
                message: Some((
                    format!(
                        "{}\n{}",
                        bold("Change category"),
                        describe(ctx, &mut tx, user_id, &row).await?
                    ),
                    Some(keyboard),
                )),
            }
        }
        Action::SetCategory | Action::Transfer => {
            let category = match callback.action {
                Action::Transfer => rules_store::transfer_category(&mut tx, user_id).await?,
                _ => callback.argument,
            };
            let Some(category) = category else {
                return Ok(Outcome::failed(
                    "You have no transfer category: nothing was changed.",
                ));
            };
            let Some(Recategorized {
                transaction,
                suggested_rule,
            }) = transactions_api::recategorize(&mut tx, user_id, target, category).await?
            else {
                return Ok(Outcome::failed(
                    "That category or transaction is not yours: nothing was changed.",
                ));
            };
            let line = describe(ctx, &mut tx, user_id, &transaction).await?;
            let keyboard = match (&suggested_rule, callback.action) {
                (Some(_), Action::SetCategory) if transaction.merchant.is_some() => {
                    let yes = callbacks::create(
                        &mut tx,
                        chat_id,
                        user_id,
                        Action::AlwaysRule,
                        Some(target),
                        Some(category),
                    )
                    .await?;
                    let no = callbacks::create(
                        &mut tx,
                        chat_id,
                        user_id,
                        Action::NoRule,
                        Some(target),
                        None,
                    )
                    .await?;
                    Some(InlineKeyboardMarkup::new([[
                        InlineKeyboardButton::callback("Always for this merchant", yes),
                        InlineKeyboardButton::callback("Just this once", no),
                    ]]))
                }
                _ => None,
            };
            let ask = if keyboard.is_some() {
                format!(
                    "\n\nAlways use this category for {}?",
                    escape(transaction.merchant.as_deref().unwrap_or_default())
                )
            } else {
                String::new()
            };
            Outcome {
                notice: "Changed".into(),
                failed: false,
                message: Some((
                    format!("{}\n{line}{ask}", bold("✓ Category changed")),
                    keyboard,
                )),
            }
        }
        Action::ToggleAlert | Action::ToggleQuietHours => {
            return Ok(Outcome::failed(
                "This button is not valid here: nothing was changed.",
            ));
        }
        Action::LooksFine => Outcome {
            notice: "OK".into(),
            failed: false,
            message: Some((
                format!(
                    "{}\n{}",
                    bold("✓ Looks fine"),
                    describe(ctx, &mut tx, user_id, &row).await?
                ),
                None,
            )),
        },
        Action::NoRule => Outcome {
            notice: "OK".into(),
            failed: false,
            message: Some((
                format!(
                    "{}\n{}",
                    bold("✓ Category changed"),
                    describe(ctx, &mut tx, user_id, &row).await?
                ),
                None,
            )),
        },
        Action::AlwaysRule => {
            let (Some(category), Some(merchant)) = (callback.argument, row.merchant.clone()) else {
                return Ok(Outcome::failed(
                    "This transaction has no merchant to make a rule for.",
                ));
            };
            let name = categories::get(&mut tx, user_id, category)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            let rule = NewRule {
                name: format!("{merchant} → {name}").chars().take(100).collect(),
                triggers: vec![Trigger::Merchant {
                    op: TextOp::Equals,
                    value: merchant.clone(),
                }],
                actions: Actions {
                    category_id: Some(category),
                    ..Actions::default()
                },
                enabled: true,
                stop_processing: false,
                position: None,
            };
            match rules_api::add_rule(&mut tx, user_id, rule).await {
                Ok(_) => Outcome {
                    notice: "Rule added".into(),
                    failed: false,
                    message: Some((
                        format!(
                            "{}\n{}\n\nFrom now on {} is always {}.",
                            bold("✓ Category changed"),
                            describe(ctx, &mut tx, user_id, &row).await?,
                            escape(&merchant),
                            escape(&name)
                        ),
                        None,
                    )),
                },
                Err(e) => {
                    tracing::warn!(error = %e, "the bot's rule was refused");
                    return Ok(Outcome::failed(
                        "The rule could not be added (you may have 500 rules already).",
                    ));
                }
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

async fn category_keyboard(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    target: Uuid,
) -> Result<InlineKeyboardMarkup, sqlx::Error> {
    let all = categories::list(conn, user_id).await?;
    // Leaves of the tree first: "Groceries" says more than "Food".
    let parents: std::collections::HashSet<Uuid> = all.iter().filter_map(|c| c.parent_id).collect();
    let choices: Vec<_> = all
        .iter()
        .filter(|c| c.kind != "transfer" && !parents.contains(&c.id))
        .take(MAX_CATEGORY_BUTTONS)
        .collect();
    let mut buttons = Vec::new();
    for c in choices {
        let data = callbacks::create(
            conn,
            chat_id,
            user_id,
            Action::SetCategory,
            Some(target),
            Some(c.id),
        )
        .await?;
        buttons.push(InlineKeyboardButton::callback(c.name.clone(), data));
    }
    Ok(InlineKeyboardMarkup::new(
        buttons.chunks(2).map(<[_]>::to_vec),
    ))
}
