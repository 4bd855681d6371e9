//! kakeibo-analytics — Aggregates and rollups, trends, recurring payments, anomalies, cash-flow forecast, net worth, insights, and the ask engine that answers natural-language questions.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod analytics_api;
pub mod anomalies;
pub mod forecast;
pub mod insights;
pub mod insights_api;
mod params;
pub mod patterns_api;
pub mod recurring;
pub mod reports;
pub mod rollups;
