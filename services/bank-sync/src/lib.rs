//! kakeibo-bank-sync — Getting bank data in: the BankProvider trait and its providers (demo, Plaid, GoCardless, SimpleFIN), statement-file imports (read by `kakeibo-statements`, re-exported here as `parse`), the import matcher that dedupes, encrypted provider credentials and scheduled sync.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod accounts;
pub mod accounts_api;
pub mod alerts;
pub mod connections;
pub mod connections_api;
pub mod credentials;
pub mod demo;
pub mod demo_sync;
pub mod gdpr;
pub mod import;
pub mod import_files;
pub mod import_metrics;
pub mod imports_api;
pub mod jobs;
pub mod matcher;
pub mod provider;
pub mod sync;
pub mod transfers;
pub mod transfers_api;

// The parsers live in their own crate (pure, fuzzed); these keep `crate::parse::…` and
// `crate::statement::…` paths, here and in the crates that use bank-sync, as they were.
pub use kakeibo_statements as parse;
pub use kakeibo_statements::statement;

use axum::extract::FromRef;
use kakeibo_core::AppState;
use utoipa_axum::router::OpenApiRouter;

use crate::sync::SyncContext;

/// What bank-sync's handlers read: the shared state, and the sync engine (keyring and
/// providers). Built once by the server; a handler takes either part as `State<…>`.
#[derive(Clone, FromRef)]
pub struct BankSyncState {
    pub app: AppState,
    pub sync: SyncContext,
}

/// Every bank-sync endpoint, relative to `/api/v1`: accounts, statement imports, bank
/// connections and transfers.
pub fn router() -> OpenApiRouter<BankSyncState> {
    OpenApiRouter::new()
        .merge(accounts_api::router())
        .merge(imports_api::router())
        .merge(connections_api::router())
        .merge(transfers_api::router())
}
