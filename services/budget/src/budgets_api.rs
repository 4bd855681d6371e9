//! HTTP endpoints for budgets and their progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::budgets::{self, Budget, BudgetError, BudgetFields, PERIODS, ROLLOVERS};
use crate::fields::{check_amount, check_currency, check_name, finish, present};
use crate::progress::{self, BudgetProgress, When};

const MAX_THRESHOLDS: usize = 10;
const MAX_THRESHOLD_PERCENT: i16 = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_budgets, create_budget))
        .routes(routes!(get_budget, update_budget, delete_budget))
        .routes(routes!(budget_progress))
}

fn budget_error(e: BudgetError) -> ApiError {
    match e {
        BudgetError::NotFound => ApiError::NotFound,
        BudgetError::Invalid(field, message) => ApiError::invalid(field, message),
        BudgetError::Database(e) => e.into(),
    }
}

/// A budget's amount or thresholds changed: check it now rather than at the next import.
async fn recheck(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    let event = kakeibo_core::jobs::TransactionsChanged { user_id };
    kakeibo_core::jobs::enqueue_coalesced(conn, &[kakeibo_core::jobs::BUDGET_QUEUE], &[event])
        .await?;
    Ok(())
}

/// The user's budgets.
#[utoipa::path(get, path = "/budgets", tag = "budgets", security(("bearer" = [])),
    responses((status = 200, body = [Budget])))]
pub async fn list_budgets(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Budget>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(budgets::list(&mut conn, user.user_id).await?))
}

/// One budget.
#[utoipa::path(get, path = "/budgets/{id}", tag = "budgets", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The budget's id")), responses((status = 200, body = Budget), (status = 404)))]
pub async fn get_budget(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Budget>, ApiError> {
    let mut conn = state.db.acquire().await?;
    budgets::get(&mut conn, user.user_id, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// A new budget, or an edit: the same fields, all optional in an edit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetRequest {
    pub name: Option<String>,
    /// One of your expense categories (its subcategories count too); null or absent for
    /// all spending.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub category_id: Option<Option<Uuid>>,
    /// weekly (Monday to Sunday), monthly or yearly.
    pub period: Option<String>,
    /// Per period; positive, at most 4 decimal places.
    #[schema(value_type = Option<String>, example = "400.00")]
    pub amount: Option<Decimal>,
    /// ISO 4217; your base currency when left out.
    pub currency: Option<String>,
    /// none (the default), surplus, deficit or both.
    pub rollover: Option<String>,
    /// Percentages at which an alert fires; 80, 100 and 120 when left out.
    pub thresholds: Option<Vec<i16>>,
    /// Rollover counts from the period holding this day; today when left out.
    pub starts_on: Option<NaiveDate>,
}

impl BudgetRequest {
    fn errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, name);
        }
        if let Some(period) = &self.period
            && !PERIODS.contains(&period.as_str())
        {
            errors.push(FieldError::new("period", "weekly, monthly or yearly"));
        }
        if let Some(amount) = self.amount {
            check_amount(&mut errors, "amount", amount);
        }
        if let Some(currency) = &self.currency {
            check_currency(&mut errors, currency);
        }
        if let Some(rollover) = &self.rollover
            && !ROLLOVERS.contains(&rollover.as_str())
        {
            errors.push(FieldError::new(
                "rollover",
                "none, surplus, deficit or both",
            ));
        }
        if let Some(thresholds) = &self.thresholds {
            let mut sorted = thresholds.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if thresholds.is_empty()
                || thresholds.len() > MAX_THRESHOLDS
                || sorted.len() != thresholds.len()
                || thresholds
                    .iter()
                    .any(|t| !(1..=MAX_THRESHOLD_PERCENT).contains(t))
            {
                errors.push(FieldError::new(
                    "thresholds",
                    format!(
                        "1 to {MAX_THRESHOLDS} different percentages between 1 and {MAX_THRESHOLD_PERCENT}"
                    ),
                ));
            }
        }
        if let Some(day) = self.starts_on
            && !(1970..=2100).contains(&chrono::Datelike::year(&day))
        {
            errors.push(FieldError::new("starts_on", "a date between 1970 and 2100"));
        }
        errors
    }

    fn fields(self) -> BudgetFields {
        BudgetFields {
            name: self.name.map(|n| n.trim().to_string()),
            category_id: self.category_id,
            period: self.period,
            amount: self.amount,
            currency: self.currency,
            rollover: self.rollover,
            thresholds: self.thresholds.map(|mut t| {
                t.sort_unstable();
                t
            }),
            starts_on: self.starts_on,
        }
    }
}

/// The body of `POST /budgets`: `name`, `period` and `amount` are required.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct NewBudget(pub BudgetRequest);

impl Validate for NewBudget {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = self.0.errors();
        for (field, missing) in [
            ("name", self.0.name.is_none()),
            ("period", self.0.period.is_none()),
            ("amount", self.0.amount.is_none()),
        ] {
            if missing {
                errors.push(FieldError::new(field, "required"));
            }
        }
        finish(errors)
    }
}

impl Validate for BudgetRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        finish(self.errors())
    }
}

/// Creates a budget for a category (or all spending) per week, month or year.
#[utoipa::path(post, path = "/budgets", tag = "budgets", security(("bearer" = [])), request_body = BudgetRequest,
    responses((status = 201, body = Budget), (status = 404, description = "The category is not yours"),
              (status = 422, description = "A field is missing or invalid, or the category is not an expense category")))]
pub async fn create_budget(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(NewBudget(req)): ValidatedJson<NewBudget>,
) -> Result<(StatusCode, Json<Budget>), ApiError> {
    let mut tx = state.db.begin().await?;
    let budget = budgets::create(&mut tx, user.user_id, &req.fields())
        .await
        .map_err(budget_error)?;
    recheck(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(budget)))
}

/// Changes a budget; fields left out stay as they are.
#[utoipa::path(patch, path = "/budgets/{id}", tag = "budgets", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The budget's id")), request_body = BudgetRequest,
    responses((status = 200, body = Budget), (status = 404), (status = 422)))]
pub async fn update_budget(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<BudgetRequest>,
) -> Result<Json<Budget>, ApiError> {
    let mut tx = state.db.begin().await?;
    let budget = budgets::update(&mut tx, user.user_id, id, &req.fields())
        .await
        .map_err(budget_error)?;
    recheck(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(budget))
}

/// Deletes a budget.
#[utoipa::path(delete, path = "/budgets/{id}", tag = "budgets", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The budget's id")), responses((status = 204), (status = 404)))]
pub async fn delete_budget(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut conn = state.db.acquire().await?;
    if budgets::delete(&mut conn, user.user_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProgressParams {
    /// A day of the period to show (YYYY-MM-DD, your calendar); today when left out.
    pub at: Option<NaiveDate>,
}

impl Validate for ProgressParams {}

/// A budget with its progress.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BudgetWithProgress {
    pub budget: Budget,
    pub progress: BudgetProgress,
}

/// How the period holding `at` (today by default) stands: available with rollover, spent,
/// remaining, and which thresholds are crossed. 409 `fx_rate_missing` when spending in
/// another currency has no exchange rate on or before its day.
#[utoipa::path(get, path = "/budgets/{id}/progress", tag = "budgets", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The budget's id"), ProgressParams),
    responses((status = 200, body = BudgetWithProgress), (status = 404),
              (status = 409, description = "An exchange rate is missing (`fx_rate_missing`)")))]
pub async fn budget_progress(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<ProgressParams>,
) -> Result<Json<BudgetWithProgress>, ApiError> {
    let when = match params.at {
        Some(day) if !(1970..=2100).contains(&chrono::Datelike::year(&day)) => {
            return Err(ApiError::invalid("at", "a date between 1970 and 2100"));
        }
        Some(day) => When::Day(day),
        None => When::Now(chrono::Utc::now()),
    };
    let mut conn = state.db.acquire().await?;
    let check = progress::for_budget(&mut conn, user.user_id, id, when)
        .await?
        .ok_or(ApiError::NotFound)?;
    match check.progress {
        Ok(progress) => Ok(Json(BudgetWithProgress {
            budget: check.budget,
            progress,
        })),
        Err(missing) => Err(ApiError::conflict("fx_rate_missing", missing.to_string())),
    }
}
