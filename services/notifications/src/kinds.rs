//! The kinds of notification, and which channels each is on when the user has said nothing.
//!
//! Payload fields per kind (what producers write and `render` reads):
//! - `budget_threshold`: budget_name, category_name, threshold_percent, spent, available,
//!   currency, period_start, period_end.
//! - `large_transaction` / `uncategorized_transaction`: transaction_id (uuid string),
//!   merchant, description, amount (decimal string, signed), currency, date.
//! - `large_transaction` also: threshold.
//! - `uncategorized_transaction` grouped (more than a handful from one import): import_id,
//!   count, and no transaction_id.
//! - `low_balance`: account_id, account_name, balance, threshold, currency, date.
//! - `connection_failing`: connection_id, institution, failures, needs_reconnect, error.
//! - `new_subscription`: merchant, cadence, amount, currency, next_date.
//! - `price_increase`: merchant, amount (new), previous_amount, currency, date.
//! - `missed_payment`: merchant, cadence, amount, currency, last_paid.
//! - `anomaly`: merchant, amount, usual, currency, date.
//! - `goal_reached`: goal_id, goal_name, target, saved, currency.
//! - `weekly_summary`: week_start, week_end, text.
//! - `export_ready`: export_id, expires_at.

pub const BUDGET_THRESHOLD: &str = "budget_threshold";
pub const LARGE_TRANSACTION: &str = "large_transaction";
pub const UNCATEGORIZED_TRANSACTION: &str = "uncategorized_transaction";
pub const LOW_BALANCE: &str = "low_balance";
pub const CONNECTION_FAILING: &str = "connection_failing";
pub const NEW_SUBSCRIPTION: &str = "new_subscription";
pub const PRICE_INCREASE: &str = "price_increase";
pub const MISSED_PAYMENT: &str = "missed_payment";
pub const ANOMALY: &str = "anomaly";
pub const GOAL_REACHED: &str = "goal_reached";
pub const WEEKLY_SUMMARY: &str = "weekly_summary";
pub const EXPORT_READY: &str = "export_ready";

pub const ALL: [&str; 12] = [
    BUDGET_THRESHOLD,
    LARGE_TRANSACTION,
    UNCATEGORIZED_TRANSACTION,
    LOW_BALANCE,
    CONNECTION_FAILING,
    NEW_SUBSCRIPTION,
    PRICE_INCREASE,
    MISSED_PAYMENT,
    ANOMALY,
    GOAL_REACHED,
    WEEKLY_SUMMARY,
    EXPORT_READY,
];

pub fn is_known(kind: &str) -> bool {
    ALL.contains(&kind)
}

/// The channels a notification can go to.
pub const TELEGRAM: &str = "telegram";
pub const EMAIL: &str = "email";
pub const IN_APP: &str = "in_app";
pub const CHANNELS: [&str; 3] = [IN_APP, TELEGRAM, EMAIL];

pub fn is_channel(channel: &str) -> bool {
    CHANNELS.contains(&channel)
}

/// The default when the user has no row for `kind` × `channel`: everything in the app;
/// every alert in Telegram (a user who linked a chat did so to get alerts there; `notify`
/// writes no Telegram row for a user with no linked chat); e-mail only for what needs acting on or
/// was asked for, so an inbox is not flooded with what Telegram already says.
pub fn default_enabled(kind: &str, channel: &str) -> bool {
    match channel {
        IN_APP => true,
        TELEGRAM => kind != WEEKLY_SUMMARY && kind != UNCATEGORIZED_TRANSACTION,
        EMAIL => matches!(kind, CONNECTION_FAILING | WEEKLY_SUMMARY | EXPORT_READY),
        _ => false,
    }
}
