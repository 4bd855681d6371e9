//! Savings goals: a target amount by a date, followed through a linked account's balance or
//! fed by contributions the user records; progress and a projected completion date from the
//! saving rate of the last 90 days.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// The saving rate is what came in over this many days, up to and including today.
pub const RATE_WINDOW_DAYS: u32 = 90;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Goal {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = String, example = "5000.0000")]
    pub target_amount: Decimal,
    pub currency: String,
    pub target_date: Option<NaiveDate>,
    /// Progress follows this account's balance; null when contributions feed the goal.
    pub account_id: Option<Uuid>,
    pub account_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct GoalFields {
    pub name: Option<String>,
    pub target_amount: Option<Decimal>,
    pub currency: Option<String>,
    pub target_date: Option<NaiveDate>,
    /// `Some(None)` unlinks the account.
    pub account_id: Option<Option<Uuid>>,
}

#[derive(Debug, thiserror::Error)]
pub enum GoalError {
    #[error("not found")]
    NotFound,
    #[error("{1}")]
    Invalid(&'static str, String),
    #[error("this goal follows its account's balance; contributions feed goals without an account")]
    FollowsAccount,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const SELECT: &str =
    "SELECT g.id, g.name, g.target_amount, g.currency::text AS currency, g.target_date,
    g.account_id, a.name AS account_name, g.created_at, g.updated_at
    FROM goals g LEFT JOIN accounts a ON a.user_id = g.user_id AND a.id = g.account_id";

pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Goal>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.user_id = $1 AND g.archived_at IS NULL ORDER BY g.created_at, g.id"
    )))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Goal>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.user_id = $1 AND g.id = $2 AND g.archived_at IS NULL"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The currency a goal linked to `account_id` takes: the account's. Another user's account
/// is not found; a different currency asked for is refused.
async fn account_currency(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    asked: Option<&str>,
) -> Result<String, GoalError> {
    let currency: String = sqlx::query_scalar(
        "SELECT currency::text FROM accounts WHERE user_id = $1 AND id = $2 AND archived_at IS NULL",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await?
    .ok_or(GoalError::NotFound)?;
    match asked {
        Some(asked) if asked != currency => Err(GoalError::Invalid(
            "currency",
            format!("the account holds {currency}; a goal on it counts in {currency}"),
        )),
        _ => Ok(currency),
    }
}

pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    new: &GoalFields,
) -> Result<Goal, GoalError> {
    let account_id = new.account_id.flatten();
    let currency = match account_id {
        Some(account) => {
            Some(account_currency(conn, user_id, account, new.currency.as_deref()).await?)
        }
        None => new.currency.clone(),
    };
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO goals (user_id, name, target_amount, currency, target_date, account_id)
         SELECT u.id, $2, $3, COALESCE($4, u.base_currency), $5, $6 FROM users u WHERE u.id = $1
         RETURNING id",
    )
    .bind(user_id)
    .bind(&new.name)
    .bind(new.target_amount)
    .bind(currency)
    .bind(new.target_date)
    .bind(account_id)
    .fetch_one(&mut *conn)
    .await?;
    get(conn, user_id, id).await?.ok_or(GoalError::NotFound)
}

pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    edit: &GoalFields,
) -> Result<Goal, GoalError> {
    let goal = get(conn, user_id, id).await?.ok_or(GoalError::NotFound)?;
    let account_id = edit.account_id.unwrap_or(goal.account_id);
    let currency = match account_id {
        Some(account) => {
            let asked = edit.currency.as_deref().unwrap_or(&goal.currency);
            Some(account_currency(conn, user_id, account, Some(asked)).await?)
        }
        None => edit.currency.clone(),
    };
    sqlx::query(
        "UPDATE goals SET name = COALESCE($3, name), target_amount = COALESCE($4, target_amount),
                currency = COALESCE($5, currency), target_date = COALESCE($6, target_date), account_id = $7
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(&edit.name)
    .bind(edit.target_amount)
    .bind(currency)
    .bind(edit.target_date)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    get(conn, user_id, id).await?.ok_or(GoalError::NotFound)
}

/// Deletes a goal and its contributions.
pub async fn delete(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM goals WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Contribution {
    pub id: Uuid,
    /// Positive adds to the goal; negative takes out.
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub contributed_on: NaiveDate,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

const CONTRIBUTION: &str = "id, amount, contributed_on, note, created_at";

/// Records a contribution to a goal without an account (`contributed_on` defaults to today
/// in the user's time zone; a day after that is refused).
pub async fn contribute(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
    amount: Decimal,
    contributed_on: Option<NaiveDate>,
    note: Option<&str>,
) -> Result<Contribution, GoalError> {
    let goal = get(conn, user_id, goal_id)
        .await?
        .ok_or(GoalError::NotFound)?;
    if goal.account_id.is_some() {
        return Err(GoalError::FollowsAccount);
    }
    let today = today(conn, user_id).await?;
    if contributed_on.is_some_and(|d| d > today) {
        return Err(GoalError::Invalid(
            "contributed_on",
            format!("a day up to today ({today})"),
        ));
    }
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO goal_contributions (user_id, goal_id, amount, contributed_on, note)
         VALUES ($1, $2, $3, $4, $5) RETURNING {CONTRIBUTION}"
    )))
    .bind(user_id)
    .bind(goal_id)
    .bind(amount)
    .bind(contributed_on.unwrap_or(today))
    .bind(note)
    .fetch_one(conn)
    .await?)
}

/// A goal's contributions, newest first; `None` when the goal is not the user's.
pub async fn contributions(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
) -> Result<Option<Vec<Contribution>>, sqlx::Error> {
    if get(conn, user_id, goal_id).await?.is_none() {
        return Ok(None);
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CONTRIBUTION} FROM goal_contributions WHERE user_id = $1 AND goal_id = $2
         ORDER BY contributed_on DESC, created_at DESC"
    )))
    .bind(user_id)
    .bind(goal_id)
    .fetch_all(conn)
    .await
    .map(Some)
}

pub async fn delete_contribution(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query(
        "DELETE FROM goal_contributions WHERE user_id = $1 AND goal_id = $2 AND id = $3",
    )
    .bind(user_id)
    .bind(goal_id)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(deleted == 1)
}

async fn today(conn: &mut PgConnection, user_id: Uuid) -> Result<NaiveDate, sqlx::Error> {
    sqlx::query_scalar("SELECT (now() AT TIME ZONE time_zone)::date FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GoalProgress {
    pub goal_id: Uuid,
    /// Today in your time zone.
    pub as_of: NaiveDate,
    /// The account's balance, or the sum of contributions.
    #[schema(value_type = String)]
    pub saved: Decimal,
    #[schema(value_type = String)]
    pub target_amount: Decimal,
    /// What is left to save (never below zero).
    #[schema(value_type = String)]
    pub remaining: Decimal,
    /// saved / target in percent, one decimal.
    #[schema(value_type = String)]
    pub percent: Decimal,
    pub achieved: bool,
    /// Net saved over the last 90 days (today included): the rate the projection uses.
    #[schema(value_type = String)]
    pub saved_last_90_days: Decimal,
    /// When the remaining amount is reached at that rate; null when achieved or when
    /// nothing was saved in the window.
    pub projected_completion: Option<NaiveDate>,
    /// Whether the projection (or the goal already reached) meets the target date.
    pub on_track: Option<bool>,
}

/// The goal's saved amount and 90-day flow, from its account or its contributions. An
/// account with a bank-reported balance uses it; a manual one sums its transactions.
const SAVED_SQL: &str = "
WITH u AS (SELECT (now() AT TIME ZONE time_zone)::date AS today FROM users WHERE id = $1)
SELECT u.today,
    CASE WHEN g.account_id IS NULL THEN
        (SELECT COALESCE(sum(c.amount), 0) FROM goal_contributions c WHERE c.user_id = $1 AND c.goal_id = g.id)
    ELSE COALESCE(a.current_balance,
        (SELECT COALESCE(sum(t.amount), 0) FROM transactions t
         WHERE t.user_id = $1 AND t.account_id = g.account_id AND t.deleted_at IS NULL))
    END AS saved,
    CASE WHEN g.account_id IS NULL THEN
        (SELECT COALESCE(sum(c.amount), 0) FROM goal_contributions c
         WHERE c.user_id = $1 AND c.goal_id = g.id AND c.contributed_on > u.today - $3::int)
    ELSE
        (SELECT COALESCE(sum(t.amount), 0) FROM transactions t
         WHERE t.user_id = $1 AND t.account_id = g.account_id AND t.deleted_at IS NULL
           AND t.booked_at >= (u.today - $3::int + 1)::timestamp AT TIME ZONE 'UTC')
    END AS recent
FROM goals g CROSS JOIN u
LEFT JOIN accounts a ON a.user_id = g.user_id AND a.id = g.account_id
WHERE g.user_id = $1 AND g.id = $2";

/// `None` when the goal is not the user's.
pub async fn progress(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
) -> Result<Option<(Goal, GoalProgress)>, sqlx::Error> {
    let Some(goal) = get(conn, user_id, goal_id).await? else {
        return Ok(None);
    };
    let (today, saved, recent): (NaiveDate, Decimal, Decimal) = sqlx::query_as(SAVED_SQL)
        .bind(user_id)
        .bind(goal_id)
        .bind(RATE_WINDOW_DAYS as i32)
        .fetch_one(conn)
        .await?;
    let progress = project(&goal, today, saved, recent);
    Ok(Some((goal, progress)))
}

/// Progress and projection: at the window's daily rate, the remaining amount takes
/// ⌈remaining · 90 / saved in 90 days⌉ more days.
pub fn project(goal: &Goal, today: NaiveDate, saved: Decimal, recent: Decimal) -> GoalProgress {
    let remaining = (goal.target_amount - saved).max(Decimal::ZERO);
    let achieved = remaining.is_zero();
    let projected_completion = (!achieved && recent > Decimal::ZERO)
        .then(|| {
            let days = (remaining * Decimal::from(RATE_WINDOW_DAYS) / recent).ceil();
            u64::try_from(days)
                .ok()
                .and_then(|d| today.checked_add_days(Days::new(d)))
        })
        .flatten();
    let on_track = goal.target_date.map(|target| {
        achieved || projected_completion.is_some_and(|projected| projected <= target)
    });
    GoalProgress {
        goal_id: goal.id,
        as_of: today,
        saved,
        target_amount: goal.target_amount,
        remaining,
        percent: (saved * Decimal::ONE_HUNDRED / goal.target_amount).round_dp(1),
        achieved,
        saved_last_90_days: recent,
        projected_completion,
        on_track,
    }
}
