//! kakeibo-bank-sync — Getting bank data in: the BankProvider trait and its providers (demo, Plaid, GoCardless, SimpleFIN), statement-file importers (OFX/QFX, CSV, CAMT.052/.053/.054, QIF, MT940), the import matcher that dedupes, encrypted provider credentials and scheduled sync.
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
pub mod parse;
pub mod provider;
pub mod statement;
pub mod sync;
pub mod transfers;
pub mod transfers_api;
