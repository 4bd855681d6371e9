//! HTTP endpoints for categories: the user's own tree, on top of the built-in taxonomy.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Deserializer};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::categories::{self, Category, CategoryError};

const MAX_NAME_CHARS: usize = 60;
const KINDS: [&str; 3] = ["expense", "income", "transfer"];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(update_category, delete_category))
}

fn category_error(e: CategoryError) -> ApiError {
    match e {
        CategoryError::NotFound => ApiError::NotFound,
        CategoryError::Invalid(field, message) => ApiError::invalid(field, message),
        CategoryError::NameTaken => ApiError::conflict("category_exists", e.to_string()),
        CategoryError::Database(e) => e.into(),
    }
}

fn check_name(errors: &mut Vec<FieldError>, name: &str) {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        errors.push(FieldError::new(
            "name",
            format!("1 to {MAX_NAME_CHARS} printable characters"),
        ));
    }
}

/// Your categories, each parent followed by its subcategories.
#[utoipa::path(get, path = "/categories", tag = "categories", security(("bearer" = [])),
    responses((status = 200, body = [Category])))]
pub async fn list_categories(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Category>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(categories::list(&mut conn, user.user_id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    pub name: String,
    /// Makes it a subcategory; it takes the parent's kind.
    pub parent_id: Option<Uuid>,
    /// expense, income or transfer; required at the top level.
    pub kind: Option<String>,
}

impl Validate for NewCategory {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_name(&mut errors, &self.name);
        if let Some(kind) = &self.kind
            && !KINDS.contains(&kind.as_str())
        {
            errors.push(FieldError::new("kind", "expense, income or transfer"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Creates a category (optionally under a parent).
#[utoipa::path(post, path = "/categories", tag = "categories", security(("bearer" = [])), request_body = NewCategory,
    responses((status = 201, body = Category), (status = 404, description = "The parent is not yours"),
              (status = 409, description = "The name is taken at that level"), (status = 422)))]
pub async fn create_category(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewCategory>,
) -> Result<(StatusCode, Json<Category>), ApiError> {
    let mut tx = state.db.begin().await?;
    let category = categories::create(
        &mut tx,
        user.user_id,
        req.name.trim(),
        req.parent_id,
        req.kind.as_deref(),
    )
    .await
    .map_err(category_error)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(category)))
}

/// Absent stays `None`; `null` becomes `Some(None)`.
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryEdit {
    pub name: Option<String>,
    /// Another of your categories of the same kind, or null for the top level.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub parent_id: Option<Option<Uuid>>,
}

impl Validate for CategoryEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, name);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Renames or moves a category (never under itself or its own subcategories).
#[utoipa::path(patch, path = "/categories/{id}", tag = "categories", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The category's id")), request_body = CategoryEdit,
    responses((status = 200, body = Category), (status = 404), (status = 409), (status = 422)))]
pub async fn update_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<CategoryEdit>,
) -> Result<Json<Category>, ApiError> {
    let mut tx = state.db.begin().await?;
    let category = categories::update(
        &mut tx,
        user.user_id,
        id,
        req.name.as_deref().map(str::trim),
        req.parent_id,
    )
    .await
    .map_err(category_error)?;
    tx.commit().await?;
    Ok(Json(category))
}

/// Deletes a category: its subcategories move up a level, its transactions become
/// uncategorized.
#[utoipa::path(delete, path = "/categories/{id}", tag = "categories", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The category's id")),
    responses((status = 204), (status = 404), (status = 409, description = "A subcategory's name is taken one level up")))]
pub async fn delete_category(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    categories::delete(&mut tx, user.user_id, id)
        .await
        .map_err(category_error)?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
