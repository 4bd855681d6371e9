//! kakeibo-notifications — Notification rules and preferences, channels (Telegram, email via lettre), weekly summaries, delivery with retry, and history.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod jobs;
pub mod mail;
mod record;

pub use record::{IN_APP, NewNotification, record};
