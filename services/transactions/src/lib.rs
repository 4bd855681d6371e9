//! kakeibo-transactions — Accounts, transactions (the hypertable), categories, the rules engine, splits, transfers, tags, notes and search (filters and semantic).
//!
//! This crate owns its tables: other services call its functions, never its SQL.
