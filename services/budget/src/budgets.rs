//! Budgets, stored: an amount per period (weekly, monthly, yearly) for one expense category
//! with its subcategories, or for all spending. Utilization lives in `progress`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

pub const PERIODS: [&str; 3] = ["weekly", "monthly", "yearly"];
pub const ROLLOVERS: [&str; 4] = ["none", "surplus", "deficit", "both"];
pub const DEFAULT_THRESHOLDS: [i16; 3] = [80, 100, 120];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Budget {
    pub id: Uuid,
    pub name: String,
    /// The category (its subcategories included); null for all spending.
    pub category_id: Option<Uuid>,
    /// Filled from transactions' categories after the read.
    #[sqlx(skip)]
    pub category_name: Option<String>,
    /// weekly (Monday to Sunday), monthly or yearly, in your time zone.
    pub period: String,
    /// Per period, in `currency`.
    #[schema(value_type = String, example = "400.0000")]
    pub amount: Decimal,
    pub currency: String,
    /// none, surplus, deficit or both: what carries into the next period.
    pub rollover: String,
    /// Percentages of the period's available amount at which an alert fires.
    pub thresholds: Vec<i16>,
    /// Rollover counts from the period holding this day.
    pub starts_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a new budget or an edit sets. `category_id: Some(None)` in an edit means "all
/// spending".
#[derive(Debug, Clone, Default)]
pub struct BudgetFields {
    pub name: Option<String>,
    pub category_id: Option<Option<Uuid>>,
    pub period: Option<String>,
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub rollover: Option<String>,
    pub thresholds: Option<Vec<i16>>,
    pub starts_on: Option<NaiveDate>,
}

#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error("not found")]
    NotFound,
    #[error("{1}")]
    Invalid(&'static str, String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const SELECT: &str = "SELECT b.id, b.name, b.category_id, b.period,
    b.amount, b.currency::text AS currency, b.rollover, b.thresholds, b.starts_on, b.created_at, b.updated_at
    FROM budgets b";

pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Budget>, sqlx::Error> {
    let budgets = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.user_id = $1 AND b.archived_at IS NULL ORDER BY b.created_at, b.id"
    )))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    with_category_names(conn, user_id, budgets).await
}

/// Names each budget's category (an archived one keeps its name).
async fn with_category_names(
    conn: &mut PgConnection,
    user_id: Uuid,
    mut budgets: Vec<Budget>,
) -> Result<Vec<Budget>, sqlx::Error> {
    let ids: Vec<Uuid> = budgets.iter().filter_map(|b| b.category_id).collect();
    if ids.is_empty() {
        return Ok(budgets);
    }
    let names = kakeibo_transactions::categories::names(conn, user_id, &ids).await?;
    for budget in &mut budgets {
        budget.category_name = budget.category_id.and_then(|id| names.get(&id).cloned());
    }
    Ok(budgets)
}

pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Budget>, sqlx::Error> {
    let budget: Option<Budget> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.user_id = $1 AND b.id = $2 AND b.archived_at IS NULL"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(with_category_names(conn, user_id, Vec::from_iter(budget))
        .await?
        .pop())
}

/// A budget covers spending: an income or transfer category is refused, another user's is
/// not found.
async fn check_category(
    conn: &mut PgConnection,
    user_id: Uuid,
    category_id: Uuid,
) -> Result<(), BudgetError> {
    let kind = kakeibo_transactions::categories::kind_of(conn, user_id, category_id)
        .await?
        .ok_or(BudgetError::NotFound)?;
    if kind != "expense" {
        return Err(BudgetError::Invalid(
            "category_id",
            format!("a budget covers spending; this is an {kind} category"),
        ));
    }
    Ok(())
}

/// A new budget; missing fields take their defaults (the user's base currency, no rollover,
/// 80/100/120 %, starting today in the user's time zone).
pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    new: &BudgetFields,
) -> Result<Budget, BudgetError> {
    let category_id = new.category_id.flatten();
    if let Some(category_id) = category_id {
        check_category(conn, user_id, category_id).await?;
    }
    let currency = match &new.currency {
        Some(currency) => currency.clone(),
        None => kakeibo_auth::profile::base_currency(conn, user_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?,
    };
    let starts_on = match new.starts_on {
        Some(day) => day,
        None => kakeibo_auth::local_time::today(conn, user_id).await?,
    };
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO budgets (user_id, name, category_id, period, amount, currency, rollover, thresholds, starts_on)
         VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, 'none'), COALESCE($8, $10), $9)
         RETURNING id",
    )
    .bind(user_id)
    .bind(&new.name)
    .bind(category_id)
    .bind(&new.period)
    .bind(new.amount)
    .bind(currency)
    .bind(&new.rollover)
    .bind(&new.thresholds)
    .bind(starts_on)
    .bind(DEFAULT_THRESHOLDS.to_vec())
    .fetch_one(&mut *conn)
    .await?;
    get(conn, user_id, id).await?.ok_or(BudgetError::NotFound)
}

pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    edit: &BudgetFields,
) -> Result<Budget, BudgetError> {
    get(conn, user_id, id).await?.ok_or(BudgetError::NotFound)?;
    if let Some(Some(category_id)) = edit.category_id {
        check_category(conn, user_id, category_id).await?;
    }
    sqlx::query(
        "UPDATE budgets SET name = COALESCE($3, name),
                category_id = CASE WHEN $4 THEN $5 ELSE category_id END,
                period = COALESCE($6, period), amount = COALESCE($7, amount),
                currency = COALESCE($8, currency), rollover = COALESCE($9, rollover),
                thresholds = COALESCE($10, thresholds), starts_on = COALESCE($11, starts_on)
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(&edit.name)
    .bind(edit.category_id.is_some())
    .bind(edit.category_id.flatten())
    .bind(&edit.period)
    .bind(edit.amount)
    .bind(&edit.currency)
    .bind(&edit.rollover)
    .bind(&edit.thresholds)
    .bind(edit.starts_on)
    .execute(&mut *conn)
    .await?;
    get(conn, user_id, id).await?.ok_or(BudgetError::NotFound)
}

/// Deletes a budget. Alerts it already sent stay in the notification history.
pub async fn delete(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM budgets WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}
