//! kakeibo-budget — Budgets per category or total, per period with rollover, their utilization and threshold events, and savings goals.
//!
//! This crate owns its tables: other services call its functions, never its SQL.
