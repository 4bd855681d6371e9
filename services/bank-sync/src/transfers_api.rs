//! HTTP endpoints for transfers between the user's own accounts: list the linked pairs, link
//! two rows by hand, and unlink a pair (which also stops it ever being linked again).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakeibo_core::page::Page;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::BankSyncState;
use crate::transfers::{self, Transfer, TransferError};

pub fn router() -> OpenApiRouter<BankSyncState> {
    OpenApiRouter::new()
        .routes(routes!(list_transfers, create_transfer))
        .routes(routes!(delete_transfer))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransferPage {
    pub transfers: Vec<Transfer>,
    pub next_cursor: Option<String>,
}

/// Transfers between the user's own accounts.
#[utoipa::path(get, path = "/transfers", tag = "transfers", security(("bearer" = [])), params(Page),
    responses((status = 200, body = TransferPage), (status = 400, description = "Bad cursor")))]
pub async fn list_transfers(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<TransferPage>, ApiError> {
    let page = page.keyset()?;
    let list = transfers::list(&state.db, user.user_id, page.before, page.limit).await?;
    let next_cursor = page.next_cursor(
        list.len(),
        list.last().map(|t| (t.from.booked_at, t.from.id)),
    );
    Ok(Json(TransferPage {
        transfers: list,
        next_cursor,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTransfer {
    /// The two halves, in either order: one takes money out, the other brings it in.
    pub transaction_ids: Vec<Uuid>,
}

impl Validate for NewTransfer {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match self.transaction_ids.as_slice() {
            [a, b] if a != b => Ok(()),
            _ => Err(vec![FieldError::new(
                "transaction_ids",
                "two different transaction ids",
            )]),
        }
    }
}

/// Links two transactions as the two halves of a transfer.
#[utoipa::path(post, path = "/transfers", tag = "transfers", security(("bearer" = [])), request_body = NewTransfer,
    responses((status = 201, body = Transfer), (status = 404), (status = 409), (status = 422)))]
pub async fn create_transfer(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewTransfer>,
) -> Result<(StatusCode, Json<Transfer>), ApiError> {
    let [a, b] = [req.transaction_ids[0], req.transaction_ids[1]];
    let transfer = transfers::link(&state.db, user.user_id, a, b)
        .await
        .map_err(transfer_error)?;
    announce_changed(&state, user.user_id).await?;
    Ok((StatusCode::CREATED, Json(transfer)))
}

/// Unlinks a transfer; both transactions stay.
#[utoipa::path(delete, path = "/transfers/{transaction_id}", tag = "transfers", security(("bearer" = [])),
    params(("transaction_id" = Uuid, Path, description = "Either half of the transfer")),
    responses((status = 204, description = "Unlinked; this pair is never linked again"), (status = 404)))]
pub async fn delete_transfer(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(transaction_id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    transfers::reject(&state.db, user.user_id, transaction_id)
        .await
        .map_err(transfer_error)?;
    announce_changed(&state, user.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A linked or unlinked transfer leaves or enters spending. After the link's own commit: a
/// lost announcement only delays the recount until the user's next change.
async fn announce_changed(state: &AppState, user_id: Uuid) -> Result<(), ApiError> {
    let mut conn = state.db.acquire().await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut conn, user_id).await?;
    Ok(())
}

fn transfer_error(e: TransferError) -> ApiError {
    match e {
        TransferError::NotFound => ApiError::NotFound,
        TransferError::NotAPair(message) => ApiError::invalid("transaction_ids", message),
        TransferError::AlreadyLinked(_) => ApiError::Conflict {
            code: "already_linked",
            message: e.to_string(),
        },
        TransferError::Database(e) => e.into(),
    }
}
