//! kakeibo-ask — questions about the user's money, answered from SQL: typed read tools
//! (every figure computed by the owning crates' queries), an offline question parser (the
//! default: no model or key needed), LLM tool calling over the same tools, conversations,
//! and the MCP server. The bot and the dashboard's chat panel both stand on it.
//!
//! This crate owns its tables (conversations); the money it reads belongs to others, so it
//! calls their functions, never their SQL.

pub mod actions;
pub mod answer;
pub mod ask_api;
pub mod conversations;
pub mod eval;
pub mod mcp;
pub mod tools;
pub mod understand;
pub mod with_model;

pub use answer::{Answer, AskError, answer};
pub use ask_api::AskState;

use utoipa_axum::router::OpenApiRouter;

/// Every ask endpoint, relative to `/api/v1`.
pub fn router() -> OpenApiRouter<AskState> {
    ask_api::router()
}
