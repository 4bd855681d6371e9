//! The keyboards under transactions: one row's actions; a numbered button per row of a list
//! (a list of ten would otherwise carry thirty buttons); the category tree, one level at a
//! time. Every button's data is a short opaque id (`callbacks`).

use kakeibo_transactions::categories::{self, Category};
use sqlx::PgConnection;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use uuid::Uuid;

use crate::callbacks::{self, Action};
use crate::words::Words;

/// Telegram allows 100 buttons a keyboard; room is kept for the extra row.
const MAX_CATEGORY_BUTTONS: usize = 90;
/// Numbers a keyboard row: five fit a phone's width with the digits still easy to hit.
const NUMBERS_PER_ROW: usize = 5;

/// [Change category] [It's a transfer] [Looks fine] for one transaction.
pub async fn row_actions(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    target: Uuid,
    words: Words,
) -> Result<InlineKeyboardMarkup, sqlx::Error> {
    let mut row = Vec::new();
    for (action, text) in [
        (Action::ChangeCategory, words.change_category()),
        (Action::Transfer, words.transfer()),
        (Action::LooksFine, words.looks_fine()),
    ] {
        let data = callbacks::create(conn, chat_id, user_id, action, Some(target), None).await?;
        row.push(InlineKeyboardButton::callback(text, data));
    }
    Ok(InlineKeyboardMarkup::new([row]))
}

/// "1", "2", … for the rows of a list, in its order: each opens that row's actions.
pub async fn numbered(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    rows: &[Uuid],
) -> Result<InlineKeyboardMarkup, sqlx::Error> {
    let mut buttons = Vec::new();
    for (i, id) in rows.iter().enumerate() {
        let number = (i + 1).to_string();
        let data = callbacks::create_with_detail(
            conn,
            chat_id,
            user_id,
            Action::OpenRow,
            Some(*id),
            None,
            Some(&number),
        )
        .await?;
        buttons.push(InlineKeyboardButton::callback(number, data));
    }
    Ok(InlineKeyboardMarkup::new(
        buttons.chunks(NUMBERS_PER_ROW).map(<[_]>::to_vec),
    ))
}

/// Categories a transaction can be filed under by hand (transfers have their own button).
async fn choosable(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Category>, sqlx::Error> {
    Ok(categories::list(conn, user_id)
        .await?
        .into_iter()
        .filter(|c| c.kind != "transfer")
        .collect())
}

/// One category's button: a parent opens its children, a leaf sets it.
async fn category_button(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    target: Uuid,
    category: &Category,
    has_children: bool,
) -> Result<InlineKeyboardButton, sqlx::Error> {
    let (action, label) = if has_children {
        (Action::OpenCategoryGroup, format!("{} ›", category.name))
    } else {
        (Action::SetCategory, category.name.clone())
    };
    let data = callbacks::create(
        conn,
        chat_id,
        user_id,
        action,
        Some(target),
        Some(category.id),
    )
    .await?;
    Ok(InlineKeyboardButton::callback(label, data))
}

/// The categories under `parent` (`None`: the top level), two a row, then a Back row: to
/// the parent's own level, or from the top level to the row's actions. `None` when `parent`
/// is not one of the user's categories.
pub async fn categories_under(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    target: Uuid,
    parent: Option<Uuid>,
    words: Words,
) -> Result<Option<InlineKeyboardMarkup>, sqlx::Error> {
    let all = choosable(conn, user_id).await?;
    let parent = match parent {
        Some(id) => match all.iter().find(|c| c.id == id) {
            Some(c) => Some(c.clone()),
            None => return Ok(None),
        },
        None => None,
    };
    let parent_id = parent.as_ref().map(|c| c.id);
    let mut buttons = Vec::new();
    if let Some(parent) = &parent {
        let data = callbacks::create(
            conn,
            chat_id,
            user_id,
            Action::SetCategory,
            Some(target),
            Some(parent.id),
        )
        .await?;
        buttons.push(InlineKeyboardButton::callback(
            words.itself(&parent.name),
            data,
        ));
    }
    for c in all
        .iter()
        .filter(|c| c.parent_id == parent_id)
        .take(MAX_CATEGORY_BUTTONS)
    {
        let has_children = all.iter().any(|child| child.parent_id == Some(c.id));
        buttons.push(category_button(conn, chat_id, user_id, target, c, has_children).await?);
    }
    let back = match &parent {
        Some(p) => match p.parent_id {
            Some(grandparent) => {
                callbacks::create(
                    conn,
                    chat_id,
                    user_id,
                    Action::OpenCategoryGroup,
                    Some(target),
                    Some(grandparent),
                )
                .await?
            }
            None => {
                callbacks::create(
                    conn,
                    chat_id,
                    user_id,
                    Action::ChangeCategory,
                    Some(target),
                    None,
                )
                .await?
            }
        },
        None => {
            callbacks::create(
                conn,
                chat_id,
                user_id,
                Action::ShowActions,
                Some(target),
                None,
            )
            .await?
        }
    };
    let mut keyboard: Vec<Vec<InlineKeyboardButton>> =
        buttons.chunks(2).map(<[_]>::to_vec).collect();
    keyboard.push(vec![InlineKeyboardButton::callback(words.back(), back)]);
    Ok(Some(InlineKeyboardMarkup::new(keyboard)))
}
