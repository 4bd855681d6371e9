//! kakeibo-transactions — Accounts, transactions (the hypertable), categories, the rules engine, splits, transfers, tags, notes and search (filters and semantic).
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod categories;
pub mod categories_api;
pub mod categorization;
pub mod flows;
pub mod gdpr;
pub mod import_rows;
pub mod largest;
pub mod matching;
pub mod provider_changes;
pub mod rebook;
pub mod review;
pub mod review_api;
pub mod rules;
pub mod rules_api;
pub mod rules_store;
pub mod search;
pub mod splits;
pub mod splits_api;
pub mod totals;
pub mod transactions;
pub mod transactions_api;
pub mod transfers;

use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;

/// `/transactions…`, `/categories…` and `/rules…`, to be nested under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(transactions_api::router())
        .merge(splits_api::router())
        .merge(categories_api::router())
        .merge(rules_api::router())
        .merge(review_api::router())
}
