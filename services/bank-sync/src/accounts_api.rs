//! HTTP endpoints for accounts: the list, and adding one by hand (connected accounts come
//! with their bank connection).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use kakeibo_core::{ApiError, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::BankSyncState;

pub fn router() -> OpenApiRouter<BankSyncState> {
    OpenApiRouter::new().routes(routes!(list_accounts, create_account))
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub currency: String,
    #[schema(value_type = Option<String>)]
    pub current_balance: Option<rust_decimal::Decimal>,
    pub connection_id: Option<Uuid>,
    /// The account's IBAN, when known: statement files that name it are matched to it.
    pub iban: Option<String>,
    /// The last digits of the account or card number (e.g. `4321`), when known: statement
    /// files are matched to the account by them.
    pub mask: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The user's accounts with their balances.
#[utoipa::path(get, path = "/accounts", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = [Account])))]
pub async fn list_accounts(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Account>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(accounts(&mut conn, user.user_id).await?))
}

/// The user's open accounts, by name.
pub async fn accounts(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
) -> Result<Vec<Account>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kind, currency::text AS currency, current_balance, connection_id, iban, mask, created_at
         FROM accounts WHERE user_id = $1 AND archived_at IS NULL ORDER BY name, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub name: String,
    /// checking, savings, credit_card, cash, investment, loan or other.
    pub kind: String,
    /// ISO 4217, e.g. EUR.
    pub currency: String,
    /// The account's IBAN, if it has one; statement files naming it import into it.
    #[serde(default)]
    pub iban: Option<String>,
    /// The last four (or more) digits of the account or card number, so that statement files
    /// holding several accounts find this one.
    #[serde(default)]
    pub mask: Option<String>,
}

const KINDS: [&str; 7] = [
    "checking",
    "savings",
    "credit_card",
    "cash",
    "investment",
    "loan",
    "other",
];

impl Validate for NewAccount {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(FieldError::new("name", "use 1 to 100 printable characters"));
        }
        if !KINDS.contains(&self.kind.as_str()) {
            errors.push(FieldError::new(
                "kind",
                format!("one of {}", KINDS.join(", ")),
            ));
        }
        if !(self.currency.len() == 3 && self.currency.chars().all(|c| c.is_ascii_uppercase())) {
            errors.push(FieldError::new(
                "currency",
                "a three-letter ISO 4217 code such as EUR",
            ));
        }
        if let Some(iban) = &self.iban {
            let plain: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
            if !(15..=34).contains(&plain.len())
                || !plain.chars().all(|c| c.is_ascii_alphanumeric())
                || !plain.chars().take(2).all(|c| c.is_ascii_alphabetic())
            {
                errors.push(FieldError::new(
                    "iban",
                    "an IBAN: two letters, then 13 to 32 letters and digits",
                ));
            }
        }
        if let Some(mask) = &self.mask {
            let digits = mask.chars().filter(char::is_ascii_digit).count();
            if !(2..=34).contains(&mask.chars().count())
                || digits < 2
                || mask.chars().any(char::is_control)
            {
                errors.push(FieldError::new(
                    "mask",
                    "the last digits of the account or card number, e.g. 4321",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Adds a manual account (cash, or a bank not connected).
#[utoipa::path(post, path = "/accounts", tag = "accounts", security(("bearer" = [])), request_body = NewAccount,
    responses((status = 201, body = Account), (status = 422)))]
pub async fn create_account(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let mut conn = state.db.acquire().await?;
    let account = create_manual_account(&mut conn, user.user_id, &req).await?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// Adds a manual account (one no connection syncs). The caller has validated `new`.
pub async fn create_manual_account(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    new: &NewAccount,
) -> Result<Account, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO accounts (user_id, name, kind, currency, iban, mask) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, kind, currency::text AS currency, current_balance, connection_id, iban, mask, created_at",
    )
    .bind(user_id)
    .bind(new.name.trim())
    .bind(&new.kind)
    .bind(&new.currency)
    .bind(new.iban.as_deref().map(|i| i.split_whitespace().collect::<String>().to_uppercase()))
    .bind(new.mask.as_deref().map(str::trim))
    .fetch_one(conn)
    .await
}
