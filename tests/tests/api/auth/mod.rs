//! `/api/v1/auth/…`, `/me` and `/audit-log`: accounts, sessions, tokens and 2FA, and the
//! attacks they must withstand.

mod accounts;
mod attacks;
mod audit_log;
mod csrf_and_cors;
mod flows;
mod helpers;
mod hostile_input;
mod passwords;
mod rate_limits;
mod sessions_and_tokens;
mod sign_up_and_reset_throttles;
pub(crate) mod two_factor;
mod under_attack;
