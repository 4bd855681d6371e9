//! kakeibo-privacy — GDPR: account erasure and its proof, the data export (a zip of JSON
//! and CSV), and retention.
//!
//! Erasure and export only orchestrate: each owning crate erases (`erase_user`) and
//! exports (`export_user`) its own tables.

pub mod delete_account_api;
pub mod erase;
pub mod export;
pub mod export_api;
pub mod export_job;
pub mod exports;
pub mod import;
pub mod import_api;
pub mod jobs;
pub mod retention;
pub mod scan;
pub mod terms_api;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every privacy endpoint, relative to `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(delete_account_api::delete_account))
        .routes(routes!(export_api::request_export))
        .routes(routes!(export_api::list_exports))
        .routes(routes!(export_api::get_export))
        .routes(routes!(export_api::download_export))
        .routes(routes!(terms_api::get_privacy_terms))
        .merge(import_api::router())
}
