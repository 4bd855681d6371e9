//! Buttons' callback data: a short random id (16 characters, well under Telegram's 64
//! bytes) standing for (chat, user, action, target, argument), resolved per chat, so a
//! button is good only where it was sent and for the user linked there.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sqlx::PgConnection;
use uuid::Uuid;

/// What pressing a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A list's numbered button: answers with `target`'s actions (`detail`: its number).
    OpenRow,
    /// Shows `target`'s actions in place (Back from the categories).
    ShowActions,
    /// Opens the top level of the user's categories for `target`.
    ChangeCategory,
    /// Opens the categories under `argument` for `target`.
    OpenCategoryGroup,
    /// Sets `target`'s category to `argument`.
    SetCategory,
    /// Marks `target` a transfer between own accounts.
    Transfer,
    /// Leaves `target` as it is.
    LooksFine,
    /// Adds a rule: `target`'s merchant always gets category `argument`.
    AlwaysRule,
    /// Declines the rule.
    NoRule,
    /// /settings: turns Telegram alerts of kind `detail` on or off.
    ToggleAlert,
    /// /settings: quiet hours on or off.
    ToggleQuietHours,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::OpenRow => "open_row",
            Action::ShowActions => "show_actions",
            Action::ChangeCategory => "change_category",
            Action::OpenCategoryGroup => "open_category_group",
            Action::SetCategory => "set_category",
            Action::Transfer => "transfer",
            Action::LooksFine => "looks_fine",
            Action::AlwaysRule => "always_rule",
            Action::NoRule => "no_rule",
            Action::ToggleAlert => "toggle_alert",
            Action::ToggleQuietHours => "toggle_quiet_hours",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            Action::OpenRow,
            Action::ShowActions,
            Action::ChangeCategory,
            Action::OpenCategoryGroup,
            Action::SetCategory,
            Action::Transfer,
            Action::LooksFine,
            Action::AlwaysRule,
            Action::NoRule,
            Action::ToggleAlert,
            Action::ToggleQuietHours,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct Callback {
    pub user_id: Uuid,
    pub action: Action,
    pub target: Option<Uuid>,
    pub argument: Option<Uuid>,
    pub detail: Option<String>,
}

/// Stores a button and answers its callback data.
pub async fn create(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    action: Action,
    target: Option<Uuid>,
    argument: Option<Uuid>,
) -> Result<String, sqlx::Error> {
    create_with_detail(conn, chat_id, user_id, action, target, argument, None).await
}

/// [`create`] with a named argument.
pub async fn create_with_detail(
    conn: &mut PgConnection,
    chat_id: i64,
    user_id: Uuid,
    action: Action,
    target: Option<Uuid>,
    argument: Option<Uuid>,
    detail: Option<&str>,
) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut bytes);
    let id = URL_SAFE_NO_PAD.encode(bytes);
    sqlx::query(
        "INSERT INTO telegram_callbacks (id, chat_id, user_id, action, target, argument, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(chat_id)
    .bind(user_id)
    .bind(action.as_str())
    .bind(target)
    .bind(argument)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The button `data` pressed in `chat_id`, if it was made for this chat and the user linked
/// to it now. Anything else (forged, another chat's, made before a relink) is `None`.
pub async fn resolve(
    conn: &mut PgConnection,
    chat_id: i64,
    data: &str,
) -> Result<Option<Callback>, sqlx::Error> {
    type Row = (Uuid, String, Option<Uuid>, Option<Uuid>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT c.user_id, c.action, c.target, c.argument, c.detail
         FROM telegram_callbacks c
         JOIN telegram_links l ON l.chat_id = c.chat_id AND l.user_id = c.user_id
         WHERE c.id = $1 AND c.chat_id = $2",
    )
    .bind(data)
    .bind(chat_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(user_id, action, target, argument, detail)| {
        Some(Callback {
            user_id,
            action: Action::parse(&action)?,
            target,
            argument,
            detail,
        })
    }))
}

/// How long a button works: old alerts' buttons stop, and their rows go.
pub const BUTTON_DAYS: i64 = 30;

/// Drops buttons made more than [`BUTTON_DAYS`] before `now`; answers how many.
pub async fn prune(
    conn: &mut PgConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM telegram_callbacks WHERE created_at < $1")
            .bind(now - chrono::Duration::days(BUTTON_DAYS))
            .execute(conn)
            .await?
            .rows_affected(),
    )
}
