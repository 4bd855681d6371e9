//! kakeibo-notifications — what users are told, where and when: the kinds, the user's
//! preferences (kind × channel, quiet hours, digest, thresholds), `notify` (the one way other
//! crates emit), the outbox and its delivery (Telegram through `kakeibo_core::chat`, e-mail
//! through lettre, in-app as the feed), the wording, and the HTTP API.
//!
//! This crate owns its tables: other services call its functions, never its SQL.

pub mod api;
pub mod delivery;
pub mod feed;
pub mod gdpr;
pub mod history;
pub mod jobs;
pub mod kinds;
pub mod mail;
pub mod notify;
pub mod outbox;
pub mod preferences;
pub mod producers;
pub mod render;
pub mod retention;
pub mod summary;
pub mod summary_schedule;
pub mod unsubscribe;
pub mod unsubscribe_api;
pub mod weekly;

pub use api::router;
pub use kinds::IN_APP;
pub use notify::{Notified, notify, notify_at};
pub use preferences::{
    PreferenceError, Preferences, preferences, set_channel_enabled, set_quiet_hours,
};
pub use render::render;
