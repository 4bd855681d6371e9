//! HTTP endpoints for splits: split a transaction into categorized parts, or undo it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::splits::{self, MAX_PARTS, Part, SplitError};
use crate::transactions;
use crate::transactions_api::{MAX_NOTES_CHARS, TransactionDetail, clean_notes, printable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(split_transaction, unsplit_transaction))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitPart {
    /// Signed like the transaction; at most 4 decimal places.
    #[schema(value_type = String, example = "-20.00")]
    pub amount: Decimal,
    /// One of your categories, or null.
    pub category_id: Option<Uuid>,
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    /// 2 to 50 parts adding up exactly to the transaction's amount, each with its sign; an
    /// empty list removes the split.
    pub parts: Vec<SplitPart>,
}

impl Validate for SplitRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.parts.len() == 1 || self.parts.len() > MAX_PARTS {
            errors.push(FieldError::new(
                "parts",
                format!("2 to {MAX_PARTS} parts, or none to remove the split"),
            ));
        }
        for (n, part) in self.parts.iter().enumerate() {
            if part.amount.is_zero()
                || part.amount.normalize().scale() > 4
                || part.amount.abs() >= Decimal::from(1_000_000_000_000_000i64)
            {
                errors.push(FieldError::new(
                    format!("parts[{n}].amount"),
                    "not zero, at most 4 decimal places",
                ));
            }
            if let Some(notes) = &part.notes
                && (notes.chars().count() > MAX_NOTES_CHARS || !printable(notes))
            {
                errors.push(FieldError::new(
                    format!("parts[{n}].notes"),
                    format!("at most {MAX_NOTES_CHARS} printable characters"),
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

fn split_error(e: SplitError) -> ApiError {
    match e {
        SplitError::NotFound => ApiError::NotFound,
        SplitError::Invalid(field, message) => ApiError::invalid(field, message),
        SplitError::Database(e) => e.into(),
    }
}

/// Splits a transaction into parts, each with its own category, replacing any earlier split.
/// Per-category spending counts the parts instead of the transaction.
#[utoipa::path(post, path = "/transactions/{id}/split", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The transaction's id")), request_body = SplitRequest,
    responses((status = 200, body = TransactionDetail),
              (status = 404, description = "No such live transaction, or a category is not yours"),
              (status = 422, description = "The parts do not add up to the amount, or a part's sign differs")))]
pub async fn split_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<SplitRequest>,
) -> Result<Json<TransactionDetail>, ApiError> {
    let parts: Vec<Part> = req
        .parts
        .iter()
        .map(|p| Part {
            amount: p.amount,
            category_id: p.category_id,
            notes: clean_notes(&p.notes),
        })
        .collect();
    let mut tx = state.db.begin().await?;
    splits::replace(&mut tx, user.user_id, id, &parts)
        .await
        .map_err(split_error)?;
    let row = transactions::get(&mut tx, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let detail = TransactionDetail::load(&mut tx, user.user_id, row).await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(detail))
}

/// Removes a transaction's split; it counts whole under its own category again.
#[utoipa::path(delete, path = "/transactions/{id}/split", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The transaction's id")), responses((status = 204), (status = 404)))]
pub async fn unsplit_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    splits::replace(&mut tx, user.user_id, id, &[])
        .await
        .map_err(split_error)?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
