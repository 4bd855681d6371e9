//! HTTP endpoints for insights: the list, and marking one read or dismissed.

use axum::Json;
use axum::extract::State;
use kakeibo_core::page::Page;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::insights::store::{self, Insight};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_insights))
        .routes(routes!(update_insight))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InsightParams {
    /// Also list dismissed insights. Default false.
    include_dismissed: Option<bool>,
    /// `next_cursor` of the previous page.
    before: Option<String>,
    /// 1 to 200; 50 by default.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

impl Validate for InsightParams {}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InsightPage {
    pub insights: Vec<Insight>,
    pub next_cursor: Option<String>,
}

/// Your insights, newest first: facts computed from your transactions, worded by templates
/// or by the configured language model.
#[utoipa::path(get, path = "/insights", tag = "insights", security(("bearer" = [])),
    params(InsightParams),
    responses((status = 200, body = InsightPage), (status = 400), (status = 422)))]
pub async fn list_insights(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<InsightParams>,
) -> Result<Json<InsightPage>, ApiError> {
    let dismissed = params.include_dismissed.unwrap_or(false);
    let page = Page {
        before: params.before,
        limit: params.limit,
    }
    .keyset()?;
    let mut conn = state.db.acquire().await?;
    let insights = store::list(&mut conn, user.user_id, dismissed, page.before, page.limit).await?;
    let next_cursor = page.next_cursor(
        insights.len(),
        insights.last().map(|i| (i.created_at, i.id)),
    );
    Ok(Json(InsightPage {
        insights,
        next_cursor,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InsightEdit {
    /// read, dismissed, or new. A dismissed insight stays dismissed when it is recomputed.
    pub status: String,
}

impl Validate for InsightEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if ["new", "read", "dismissed"].contains(&self.status.as_str()) {
            Ok(())
        } else {
            Err(vec![FieldError::new("status", "new, read or dismissed")])
        }
    }
}

/// Marks an insight read or dismissed.
#[utoipa::path(patch, path = "/insights/{id}", tag = "insights", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The insight's id")), request_body = InsightEdit,
    responses((status = 200, body = Insight), (status = 404), (status = 422)))]
pub async fn update_insight(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<InsightEdit>,
) -> Result<Json<Insight>, ApiError> {
    let mut conn = state.db.acquire().await?;
    store::set_status(&mut conn, user.user_id, id, &req.status)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}
