//! kakeibo-budget — Budgets per category or total, per period with rollover, their utilization and threshold events, and savings goals.
//!
//! This crate owns its tables (budgets, goals, goal contributions, FX rates): other services
//! call its functions, never its SQL. The dashboard summary calls [`progress::for_user`].

pub mod budgets;
pub mod budgets_api;
mod fields;
pub mod fx;
pub mod fx_api;
pub mod gdpr;
pub mod goals;
pub mod goals_api;
pub mod jobs;
pub mod progress;
pub mod thresholds;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;

/// `/budgets…`, `/goals…` and `/fx/rates`, to be nested under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(budgets_api::router())
        .merge(goals_api::router())
        .merge(fx_api::router())
}
