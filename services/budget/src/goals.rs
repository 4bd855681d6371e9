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
    /// Filled from bank-sync's accounts after the read.
    #[sqlx(skip)]
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
    g.account_id, g.created_at, g.updated_at
    FROM goals g";

pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Goal>, sqlx::Error> {
    let goals = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.user_id = $1 AND g.archived_at IS NULL ORDER BY g.created_at, g.id"
    )))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    with_account_names(conn, user_id, goals).await
}

/// Names each goal's account (an archived one keeps its name).
async fn with_account_names(
    conn: &mut PgConnection,
    user_id: Uuid,
    mut goals: Vec<Goal>,
) -> Result<Vec<Goal>, sqlx::Error> {
    let ids: Vec<Uuid> = goals.iter().filter_map(|g| g.account_id).collect();
    if ids.is_empty() {
        return Ok(goals);
    }
    let accounts = kakeibo_bank_sync::accounts::summaries(conn, user_id, &ids).await?;
    for goal in &mut goals {
        goal.account_name = accounts
            .iter()
            .find(|a| Some(a.id) == goal.account_id)
            .map(|a| a.name.clone());
    }
    Ok(goals)
}

pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Goal>, sqlx::Error> {
    let goal: Option<Goal> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.user_id = $1 AND g.id = $2 AND g.archived_at IS NULL"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(with_account_names(conn, user_id, Vec::from_iter(goal))
        .await?
        .pop())
}

/// The currency a goal linked to `account_id` takes: the account's. Another user's account
/// is not found; a different currency asked for is refused.
async fn account_currency(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    asked: Option<&str>,
) -> Result<String, GoalError> {
    let currency = kakeibo_bank_sync::accounts::summary(conn, user_id, account_id)
        .await?
        .filter(|a| !a.archived)
        .ok_or(GoalError::NotFound)?
        .currency;
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
    let currency = match currency {
        Some(currency) => currency,
        None => kakeibo_auth::profile::base_currency(conn, user_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?,
    };
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO goals (user_id, name, target_amount, currency, target_date, account_id)
         VALUES ($1, $2, $3, $4, $5, $6)
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
    let today = kakeibo_auth::local_time::today(conn, user_id).await?;
    if contributed_on.is_some_and(|d| d > today) {
        return Err(GoalError::Invalid(
            "contributed_on",
            format!("a day up to today ({today})"),
        ));
    }
    let contribution = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO goal_contributions (user_id, goal_id, amount, contributed_on, note)
         VALUES ($1, $2, $3, $4, $5) RETURNING {CONTRIBUTION}"
    )))
    .bind(user_id)
    .bind(goal_id)
    .bind(amount)
    .bind(contributed_on.unwrap_or(today))
    .bind(note)
    .fetch_one(&mut *conn)
    .await?;
    // Reaching the target is news now, not at the next daily check.
    notify_if_reached(conn, user_id, goal_id, today).await?;
    Ok(contribution)
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

/// A goal's saved amount and the part of it saved from `since` on: from its contributions,
/// or from its account (an account with a bank-reported balance uses it; a manual one sums
/// its transactions).
async fn saved(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal: &Goal,
    since: NaiveDate,
) -> Result<(Decimal, Decimal), sqlx::Error> {
    let Some(account_id) = goal.account_id else {
        return sqlx::query_as(
            "SELECT COALESCE(sum(amount), 0), COALESCE(sum(amount) FILTER (WHERE contributed_on >= $3), 0)
             FROM goal_contributions WHERE user_id = $1 AND goal_id = $2",
        )
        .bind(user_id)
        .bind(goal.id)
        .bind(since)
        .fetch_one(conn)
        .await;
    };
    let balance = kakeibo_bank_sync::accounts::summary(conn, user_id, account_id)
        .await?
        .and_then(|a| a.current_balance);
    let saved = match balance {
        Some(balance) => balance,
        None => {
            kakeibo_transactions::totals::account_total(conn, user_id, account_id, None).await?
        }
    };
    // Bank dates are stored at midnight UTC: the window starts at the first day's.
    let from = since.and_time(chrono::NaiveTime::MIN).and_utc();
    let recent =
        kakeibo_transactions::totals::account_total(conn, user_id, account_id, Some(from)).await?;
    Ok((saved, recent))
}

/// `None` when the goal is not the user's.
pub async fn progress(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
) -> Result<Option<(Goal, GoalProgress)>, sqlx::Error> {
    let today = kakeibo_auth::local_time::today(conn, user_id).await?;
    progress_on(conn, user_id, goal_id, today).await
}

/// Progress as of `today` (the user's day; the ask engine and tests pass theirs). `None`
/// when the goal is not the user's.
pub async fn progress_on(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
    today: NaiveDate,
) -> Result<Option<(Goal, GoalProgress)>, sqlx::Error> {
    let Some(goal) = get(conn, user_id, goal_id).await? else {
        return Ok(None);
    };
    let since = today - Days::new(u64::from(RATE_WINDOW_DAYS) - 1);
    let (saved, recent) = saved(conn, user_id, &goal, since).await?;
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

/// Emits `goal_reached` for each of the user's goals achieved as of `today`, once per goal
/// and target (raising the target re-arms it). Answers how many were new.
pub async fn notify_reached(
    conn: &mut PgConnection,
    user_id: Uuid,
    today: NaiveDate,
) -> Result<usize, sqlx::Error> {
    let mut emitted = 0;
    for goal in list(conn, user_id).await? {
        emitted += usize::from(notify_if_reached(conn, user_id, goal.id, today).await?);
    }
    Ok(emitted)
}

/// Emits `goal_reached` for one goal if it is achieved as of `today`: the daily check and a
/// contribution that reaches the target share the dedupe key, so whichever sees it first
/// sends it and the other adds nothing. Answers whether it was new.
pub async fn notify_if_reached(
    conn: &mut PgConnection,
    user_id: Uuid,
    goal_id: Uuid,
    today: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let Some((goal, progress)) = progress_on(conn, user_id, goal_id, today).await? else {
        return Ok(false);
    };
    if !progress.achieved {
        return Ok(false);
    }
    let notified = kakeibo_notifications::notify(
        conn,
        user_id,
        kakeibo_notifications::kinds::GOAL_REACHED,
        &format!(
            "goal_reached:{}:{}",
            goal.id,
            goal.target_amount.normalize()
        ),
        serde_json::json!({
            "goal_id": goal.id,
            "goal_name": goal.name,
            "target": goal.target_amount.normalize().to_string(),
            "saved": progress.saved.normalize().to_string(),
            "currency": goal.currency,
        }),
    )
    .await?;
    Ok(!notified.rows.is_empty())
}
