//! kakeibo-analytics — Aggregates and rollups, trends, recurring payments, anomalies, cash-flow forecast, net worth, insights, and the ask engine that answers natural-language questions.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod analytics_api;
pub mod anomalies;
pub mod forecast;
pub mod gdpr;
pub mod insights;
pub mod insights_api;
pub mod jobs;
mod params;
pub mod patterns_api;
pub mod recurring;
pub mod reports;
pub mod rollups;
pub mod weekly_summary;
pub mod weekly_summary_api;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;

/// Every analytics endpoint, relative to `/api/v1`: reports, patterns, insights and the
/// weekly summary e-mail's preview.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(analytics_api::router())
        .merge(patterns_api::router())
        .merge(insights_api::router())
        .merge(weekly_summary_api::router())
}
