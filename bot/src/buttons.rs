//! Pressing the buttons under alerts and lists: a row's number opens its actions
//! ([Change category] [It's a transfer] [Looks fine]); Change category walks the category
//! tree in place; a choice offers "always for this merchant?". Every press is resolved per
//! chat (`callbacks::resolve`): a forged id, another chat's, or one pressed in an unlinked
//! chat gets an error answer and changes nothing. Changes are made as the user, through the
//! transactions crate's own functions.

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
use crate::format::{bold, day, escape, money};
use crate::keyboards;
use crate::send::{edit_html, send_html};
use crate::words::Words;

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
        // Whose language is unknown here: the chat may be nobody's.
        ctx.bot
            .answer_callback_query(query.id.clone())
            .text("This button is not valid here: nothing was changed. Is this chat linked? Try /recent for fresh buttons.")
            .show_alert(true)
            .await?;
        return Ok(());
    };
    let words = Words::new(ctx.language(callback.user_id).await?);
    let outcome = act(ctx, chat_id, &callback, words).await?;
    let mut answer = ctx.bot.answer_callback_query(query.id.clone());
    if !outcome.notice.is_empty() {
        answer = answer.text(outcome.notice.clone());
    }
    if outcome.failed {
        answer = answer.show_alert(true);
    }
    answer.await?;
    match outcome.show {
        Show::Nothing => {}
        Show::Edit(text, keyboard) => {
            edit_html(ctx, chat_id, message_id, &text, keyboard).await?;
        }
        Show::Reply(text, keyboard) => {
            send_html(ctx, chat_id, &text, keyboard).await?;
        }
    }
    Ok(())
}

/// What the chat shows after a press.
enum Show {
    Nothing,
    /// The pressed message's new text and keyboard.
    Edit(String, Option<InlineKeyboardMarkup>),
    /// A new message under it (a list stays as it was).
    Reply(String, Option<InlineKeyboardMarkup>),
}

struct Outcome {
    /// The short answer shown on the press.
    notice: String,
    failed: bool,
    show: Show,
}

impl Outcome {
    fn failed(notice: &str) -> Self {
        Self {
            notice: notice.to_owned(),
            failed: true,
            show: Show::Nothing,
        }
    }

    fn edit(notice: &str, text: String, keyboard: Option<InlineKeyboardMarkup>) -> Self {
        Self {
            notice: notice.to_owned(),
            failed: false,
            show: Show::Edit(text, keyboard),
        }
    }
}

/// A transaction as a line: "2 Mar 2026 · Rewe · -52.30 EUR · Groceries".
pub async fn describe(
    conn: &mut PgConnection,
    lang: kakeibo_ask::understand::Language,
    user_id: Uuid,
    t: &transactions::Transaction,
) -> Result<String, sqlx::Error> {
    let category = match t.category_id {
        Some(id) => categories::get(conn, user_id, id).await?.map(|c| c.name),
        None => None,
    };
    Ok(format!(
        "{} · {} · {} · {}",
        day(lang, t.booked_at.date_naive()),
        escape(t.merchant.as_deref().unwrap_or(&t.description)),
        escape(&money(lang, t.amount, &t.currency)),
        escape(
            category
                .as_deref()
                .unwrap_or(Words::new(lang).uncategorized())
        ),
    ))
}

async fn act(
    ctx: &BotContext,
    chat_id: i64,
    callback: &Callback,
    words: Words,
) -> anyhow::Result<Outcome> {
    let user_id = callback.user_id;
    if matches!(
        callback.action,
        Action::ToggleAlert | Action::ToggleQuietHours
    ) {
        if !crate::settings::toggle(ctx, user_id, callback.action, callback.detail.as_deref())
            .await?
        {
            return Ok(Outcome::failed(words.not_valid_here()));
        }
        let mut conn = ctx.db.acquire().await?;
        let (text, keyboard) = crate::settings::view(ctx, &mut conn, chat_id, user_id).await?;
        return Ok(Outcome::edit(words.saved(), text, Some(keyboard)));
    }
    let Some(target) = callback.target else {
        return Ok(Outcome::failed(words.not_valid_here()));
    };
    let lang = ctx.language(user_id).await?;
    let mut tx = ctx.db.begin().await?;
    let Some(row) = transactions::get(&mut tx, user_id, target).await? else {
        return Ok(Outcome::failed(words.transaction_gone()));
    };
    let line = describe(&mut tx, lang, user_id, &row).await?;
    let outcome = match callback.action {
        Action::OpenRow | Action::ShowActions => {
            let keyboard = keyboards::row_actions(&mut tx, chat_id, user_id, target, words).await?;
            let text = match callback.detail.as_deref() {
                Some(number) => format!("{} {line}", bold(&format!("{number}."))),
                None => line,
            };
            Outcome {
                notice: String::new(),
                failed: false,
                show: if callback.action == Action::OpenRow {
                    Show::Reply(text, Some(keyboard))
                } else {
                    Show::Edit(text, Some(keyboard))
                },
            }
        }
        Action::ChangeCategory | Action::OpenCategoryGroup => {
            let parent = match callback.action {
                Action::OpenCategoryGroup => callback.argument,
                _ => None,
            };
            let Some(keyboard) =
                keyboards::categories_under(&mut tx, chat_id, user_id, target, parent, words)
                    .await?
            else {
                return Ok(Outcome::failed(words.not_yours()));
            };
            let title = match parent {
                Some(id) => {
                    let name = categories::get(&mut tx, user_id, id)
                        .await?
                        .map(|c| c.name)
                        .unwrap_or_default();
                    format!("{} › {name}", words.change_category())
                }
                None => words.change_category().to_owned(),
            };
            Outcome::edit(
                words.pick_category(),
                format!("{}\n{line}", bold(&title)),
                Some(keyboard),
            )
        }
        Action::SetCategory | Action::Transfer => {
            set_category(ctx, &mut tx, chat_id, callback, target, words).await?
        }
        Action::ToggleAlert | Action::ToggleQuietHours => {
            return Ok(Outcome::failed(words.not_valid_here()));
        }
        Action::LooksFine => {
            Outcome::edit("OK", format!("{}\n{line}", bold(words.marked_fine())), None)
        }
        Action::NoRule => Outcome::edit(
            "OK",
            format!("{}\n{line}", bold(words.category_changed())),
            None,
        ),
        Action::AlwaysRule => {
            let (Some(category), Some(merchant)) = (callback.argument, row.merchant.clone()) else {
                return Ok(Outcome::failed(words.no_merchant()));
            };
            match add_merchant_rule(&mut tx, user_id, category, &merchant).await? {
                Some(name) => Outcome::edit(
                    words.rule_added(),
                    format!(
                        "{}\n{line}\n\n{}",
                        bold(words.category_changed()),
                        escape(&words.from_now_on(&merchant, &name))
                    ),
                    None,
                ),
                None => return Ok(Outcome::failed(words.rule_refused())),
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// A category chosen, or the transfer button: recategorizes as the user; a chosen category
/// then offers the rule for the merchant.
async fn set_category(
    ctx: &BotContext,
    tx: &mut PgConnection,
    chat_id: i64,
    callback: &Callback,
    target: Uuid,
    words: Words,
) -> anyhow::Result<Outcome> {
    let user_id = callback.user_id;
    let transfer = callback.action == Action::Transfer;
    let category = if transfer {
        rules_store::transfer_category(tx, user_id).await?
    } else {
        callback.argument
    };
    let Some(category) = category else {
        return Ok(Outcome::failed(words.no_transfer_category()));
    };
    let Some(Recategorized {
        transaction,
        suggested_rule,
    }) = transactions_api::recategorize(tx, user_id, target, category).await?
    else {
        return Ok(Outcome::failed(words.not_yours()));
    };
    let lang = ctx.language(user_id).await?;
    let line = describe(tx, lang, user_id, &transaction).await?;
    let merchant = transaction.merchant.as_deref().filter(|_| !transfer);
    let (Some(_), Some(merchant)) = (&suggested_rule, merchant) else {
        let title = if transfer {
            words.marked_transfer()
        } else {
            words.category_changed()
        };
        return Ok(Outcome::edit(
            words.changed(),
            format!("{}\n{line}", bold(title)),
            None,
        ));
    };
    let yes = callbacks::create(
        tx,
        chat_id,
        user_id,
        Action::AlwaysRule,
        Some(target),
        Some(category),
    )
    .await?;
    let no = callbacks::create(tx, chat_id, user_id, Action::NoRule, Some(target), None).await?;
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(words.always_button(), yes),
        InlineKeyboardButton::callback(words.once_button(), no),
    ]]);
    Ok(Outcome::edit(
        words.changed(),
        format!(
            "{}\n{line}\n\n{}",
            bold(words.category_changed()),
            escape(&words.ask_always(merchant))
        ),
        Some(keyboard),
    ))
}

/// "Always for this merchant": a rule setting `category` on the merchant's rows. Answers the
/// category's name, or `None` when the rule was refused.
async fn add_merchant_rule(
    tx: &mut PgConnection,
    user_id: Uuid,
    category: Uuid,
    merchant: &str,
) -> Result<Option<String>, sqlx::Error> {
    let name = categories::get(tx, user_id, category)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let rule = NewRule {
        name: format!("{merchant} → {name}").chars().take(100).collect(),
        triggers: vec![Trigger::Merchant {
            op: TextOp::Equals,
            value: merchant.to_owned(),
        }],
        actions: Actions {
            category_id: Some(category),
            ..Actions::default()
        },
        enabled: true,
        stop_processing: false,
        position: None,
    };
    match rules_api::add_rule(tx, user_id, rule).await {
        Ok(_) => Ok(Some(name)),
        Err(e) => {
            tracing::warn!(error = %e, "the bot's rule was refused");
            Ok(None)
        }
    }
}
