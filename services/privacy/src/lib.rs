//! kakeibo-privacy — GDPR: data export (a zip of JSON and CSV), account erasure, and retention.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod jobs;
pub mod retention;
