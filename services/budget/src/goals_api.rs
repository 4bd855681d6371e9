//! HTTP endpoints for savings goals, their contributions and their progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::fields::{check_amount, check_currency, check_name, finish, present};
use crate::goals::{self, Contribution, Goal, GoalError, GoalFields, GoalProgress};

const MAX_NOTE_CHARS: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_goals, create_goal))
        .routes(routes!(get_goal, update_goal, delete_goal))
        .routes(routes!(goal_progress))
        .routes(routes!(list_contributions, add_contribution))
        .routes(routes!(delete_contribution))
}

fn goal_error(e: GoalError) -> ApiError {
    match e {
        GoalError::NotFound => ApiError::NotFound,
        GoalError::Invalid(field, message) => ApiError::invalid(field, message),
        GoalError::FollowsAccount => ApiError::conflict("goal_follows_account", e.to_string()),
        GoalError::Database(e) => e.into(),
    }
}

fn check_date(errors: &mut Vec<FieldError>, field: &str, day: Option<NaiveDate>) {
    if let Some(day) = day
        && !(1970..=2100).contains(&chrono::Datelike::year(&day))
    {
        errors.push(FieldError::new(field, "a date between 1970 and 2100"));
    }
}

/// The user's savings goals.
#[utoipa::path(get, path = "/goals", tag = "goals", security(("bearer" = [])),
    responses((status = 200, body = [Goal])))]
pub async fn list_goals(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Goal>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(goals::list(&mut conn, user.user_id).await?))
}

/// One savings goal.
#[utoipa::path(get, path = "/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), responses((status = 200, body = Goal), (status = 404)))]
pub async fn get_goal(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Goal>, ApiError> {
    let mut conn = state.db.acquire().await?;
    goals::get(&mut conn, user.user_id, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// A new goal, or an edit: the same fields, all optional in an edit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalRequest {
    pub name: Option<String>,
    /// Positive, at most 4 decimal places.
    #[schema(value_type = Option<String>, example = "5000.00")]
    pub target_amount: Option<Decimal>,
    /// ISO 4217: the account's when linked, else your base currency when left out.
    pub currency: Option<String>,
    /// The day the goal should be reached.
    pub target_date: Option<NaiveDate>,
    /// One of your accounts: progress follows its balance. Null unlinks it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub account_id: Option<Option<Uuid>>,
}

impl GoalRequest {
    fn errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, name);
        }
        if let Some(amount) = self.target_amount {
            check_amount(&mut errors, "target_amount", amount);
        }
        if let Some(currency) = &self.currency {
            check_currency(&mut errors, currency);
        }
        check_date(&mut errors, "target_date", self.target_date);
        errors
    }

    fn fields(self) -> GoalFields {
        GoalFields {
            name: self.name.map(|n| n.trim().to_string()),
            target_amount: self.target_amount,
            currency: self.currency,
            target_date: self.target_date,
            account_id: self.account_id,
        }
    }
}

impl Validate for GoalRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        finish(self.errors())
    }
}

/// The body of `POST /goals`: `name`, `target_amount` and `target_date` are required.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct NewGoal(pub GoalRequest);

impl Validate for NewGoal {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = self.0.errors();
        for (field, missing) in [
            ("name", self.0.name.is_none()),
            ("target_amount", self.0.target_amount.is_none()),
            ("target_date", self.0.target_date.is_none()),
        ] {
            if missing {
                errors.push(FieldError::new(field, "required"));
            }
        }
        finish(errors)
    }
}

/// Creates a savings goal.
#[utoipa::path(post, path = "/goals", tag = "goals", security(("bearer" = [])), request_body = GoalRequest,
    responses((status = 201, body = Goal), (status = 404, description = "The account is not yours"),
              (status = 422, description = "A field is missing or invalid, or the currency is not the account's")))]
pub async fn create_goal(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(NewGoal(req)): ValidatedJson<NewGoal>,
) -> Result<(StatusCode, Json<Goal>), ApiError> {
    let mut conn = state.db.acquire().await?;
    let goal = goals::create(&mut conn, user.user_id, &req.fields())
        .await
        .map_err(goal_error)?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// Edits a goal. Linking an account makes its balance the progress; contributions recorded
/// earlier stay, and count again once the account is unlinked.
#[utoipa::path(patch, path = "/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), request_body = GoalRequest,
    responses((status = 200, body = Goal), (status = 404), (status = 422)))]
pub async fn update_goal(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<GoalRequest>,
) -> Result<Json<Goal>, ApiError> {
    let mut tx = state.db.begin().await?;
    let goal = goals::update(&mut tx, user.user_id, id, &req.fields())
        .await
        .map_err(goal_error)?;
    tx.commit().await?;
    Ok(Json(goal))
}

/// Deletes a savings goal.
#[utoipa::path(delete, path = "/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), responses((status = 204), (status = 404)))]
pub async fn delete_goal(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut conn = state.db.acquire().await?;
    if goals::delete(&mut conn, user.user_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GoalWithProgress {
    pub goal: Goal,
    pub progress: GoalProgress,
}

/// Saved so far, what is left, and when the goal is reached at the last 90 days' rate.
#[utoipa::path(get, path = "/goals/{id}/progress", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), responses((status = 200, body = GoalWithProgress), (status = 404)))]
pub async fn goal_progress(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<GoalWithProgress>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let (goal, progress) = goals::progress(&mut conn, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(GoalWithProgress { goal, progress }))
}

/// A goal's contributions, newest first.
#[utoipa::path(get, path = "/goals/{id}/contributions", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), responses((status = 200, body = [Contribution]), (status = 404)))]
pub async fn list_contributions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Contribution>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    goals::contributions(&mut conn, user.user_id, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContribution {
    /// Positive adds to the goal, negative takes out; not zero, at most 4 decimal places.
    #[schema(value_type = String, example = "150.00")]
    pub amount: Decimal,
    /// Today (your time zone) when left out; not later than today.
    pub contributed_on: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Validate for NewContribution {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.amount.is_zero() {
            errors.push(FieldError::new("amount", "not zero"));
        } else {
            check_amount(&mut errors, "amount", self.amount.abs());
        }
        check_date(&mut errors, "contributed_on", self.contributed_on);
        if let Some(note) = &self.note
            && (note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control))
        {
            errors.push(FieldError::new(
                "note",
                format!("at most {MAX_NOTE_CHARS} printable characters"),
            ));
        }
        finish(errors)
    }
}

/// Records money put toward (or taken from) a goal that has no account.
#[utoipa::path(post, path = "/goals/{id}/contributions", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id")), request_body = NewContribution,
    responses((status = 201, body = Contribution), (status = 404), (status = 422),
              (status = 409, description = "The goal follows an account's balance (`goal_follows_account`)")))]
pub async fn add_contribution(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<NewContribution>,
) -> Result<(StatusCode, Json<Contribution>), ApiError> {
    // The contribution and the `goal_reached` it may cause commit together.
    let mut tx = state.db.begin().await?;
    let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let contribution = goals::contribute(
        &mut tx,
        user.user_id,
        id,
        req.amount,
        req.contributed_on,
        note,
    )
    .await
    .map_err(goal_error)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(contribution)))
}

/// Removes a contribution from a goal.
#[utoipa::path(delete, path = "/goals/{id}/contributions/{contribution_id}", tag = "goals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The goal's id"), ("contribution_id" = Uuid, Path, description = "The contribution's id")), responses((status = 204), (status = 404)))]
pub async fn delete_contribution(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath((id, contribution_id)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let mut conn = state.db.acquire().await?;
    if goals::delete_contribution(&mut conn, user.user_id, id, contribution_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
