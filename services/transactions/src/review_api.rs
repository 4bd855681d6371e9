//! HTTP endpoints for the review queue: the rows the categorizer left, grouped by merchant,
//! and accepting a suggestion in one call (for the whole merchant by default).

use axum::Json;
use axum::extract::State;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::review::{self, ReviewGroup};
use crate::transactions::{self, Edit};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(review_queue))
        .routes(routes!(accept_suggestion))
}

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewParams {
    /// Groups to return, 1 to 200; 50 by default.
    pub limit: Option<i64>,
}

impl Validate for ReviewParams {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match self.limit {
            Some(limit) if !(1..=200).contains(&limit) => {
                Err(vec![FieldError::new("limit", "1 to 200")])
            }
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReviewQueue {
    pub groups: Vec<ReviewGroup>,
}

/// The rows the categorizer was not sure about (or that name nothing), grouped by merchant
/// and currency, the group one answer settles most rows of first.
#[utoipa::path(get, path = "/transactions/review", tag = "transactions", security(("bearer" = [])),
    params(ReviewParams),
    responses((status = 200, body = ReviewQueue), (status = 422, description = "limit out of range")))]
pub async fn review_queue(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<ReviewParams>,
) -> Result<Json<ReviewQueue>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let groups = review::groups(&mut conn, user.user_id, params.limit.unwrap_or(50)).await?;
    Ok(Json(ReviewQueue { groups }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// One of your categories; the row's first suggestion when left out.
    pub category_id: Option<Uuid>,
    /// `true`: only this row. By default every row of the same merchant waiting for review
    /// is settled too, and later rows of that merchant follow the answer.
    #[serde(default)]
    pub only_this: bool,
}

impl Validate for Accept {}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Accepted {
    pub category_id: Uuid,
    /// The rows that got the category (this one included).
    pub updated: usize,
}

/// Accepts a suggestion (or names the category): the category is set as your own choice,
/// locked, and the categorizer learns it for the merchant.
#[utoipa::path(post, path = "/transactions/{id}/accept", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "A transaction waiting for review")),
    request_body = Accept,
    responses((status = 200, body = Accepted),
              (status = 404, description = "Not one of your live transactions, or not one of your categories"),
              (status = 422, description = "No category given and the row has no suggestion")))]
pub async fn accept_suggestion(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<Accept>,
) -> Result<Json<Accepted>, ApiError> {
    let mut tx = state.db.begin().await?;
    let suggested = review::first_suggestion(&mut tx, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let category_id = req
        .category_id
        .or(suggested)
        .ok_or_else(|| ApiError::invalid("category_id", "required: the row has no suggestion"))?;
    if !transactions::owns_category(&mut tx, user.user_id, category_id).await? {
        return Err(ApiError::NotFound);
    }
    let ids = if req.only_this {
        vec![id]
    } else {
        review::same_merchant(&mut tx, user.user_id, id).await?
    };
    let edit = Edit {
        category_id: Some(Some(category_id)),
        ..Edit::default()
    };
    let updated = transactions::edit(&mut tx, user.user_id, &ids, &edit).await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(Accepted {
        category_id,
        updated: updated.len(),
    }))
}
