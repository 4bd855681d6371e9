//! kakeibo-categorizer — The categorization pipeline (rules, the user's history, kNN over pgvector, LLM), embedding jobs, and learning from user corrections.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod bank_words;
pub mod brands;
pub mod calibration;
pub mod channel;
pub mod classify;
pub mod embeddings;
pub mod eval;
pub mod examples;
pub mod gdpr;
pub mod generic;
pub mod jobs;
pub mod keywords;
pub mod knn;
pub mod llm_step;
pub mod mcc;
pub mod merchant_names;
pub mod normalize;
pub mod pipeline;
pub mod search;
pub mod search_api;
pub mod search_query;

pub use search_api::{QueryEmbedder, SearchState};

/// Every categorizer endpoint (the semantic search), relative to `/api/v1`.
pub fn router() -> utoipa_axum::router::OpenApiRouter<SearchState> {
    search_api::router()
}
