//! kakeibo-categorizer — The categorization pipeline (rules, the user's history, kNN over pgvector, LLM), embedding jobs, and learning from user corrections.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod bank_words;
pub mod examples;
pub mod knn;
pub mod normalize;
