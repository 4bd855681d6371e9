//! kakeibo-analytics — Aggregates and rollups, trends, recurring payments, anomalies, cash-flow forecast, net worth, insights, and the ask engine that answers natural-language questions.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod analytics_api;
mod params;
pub mod reports;
pub mod rollups;
