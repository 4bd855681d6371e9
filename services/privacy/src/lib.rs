//! kakeibo-privacy — GDPR: account erasure and its proof, data export (a zip of JSON and
//! CSV, next), and retention.
//!
//! Erasure only orchestrates: each owning crate erases its own tables (`erase_user`).

pub mod delete_account_api;
pub mod erase;
pub mod jobs;
pub mod retention;
pub mod scan;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every privacy endpoint, relative to `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(delete_account_api::delete_account))
}
