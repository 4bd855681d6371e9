//! kakeibo-bank-sync — Getting bank data in: the BankProvider trait and its providers (demo, Plaid, GoCardless, SimpleFIN), statement-file imports (read by `kakeibo-statements`, re-exported here as `parse`), the import matcher that dedupes, encrypted provider credentials and scheduled sync.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod accounts;
pub mod api;
pub mod connections;
pub mod connections_api;
pub mod credentials;
pub mod demo;
pub mod demo_sync;
pub mod import;
pub mod import_files;
pub mod matcher;
pub mod provider;
pub mod sync;
pub mod transfers;
pub mod transfers_api;

// The parsers live in their own crate (pure, fuzzed); these keep `crate::parse::…` and
// `crate::statement::…` paths, here and in the crates that use bank-sync, as they were.
pub use kakeibo_statements as parse;
pub use kakeibo_statements::statement;
