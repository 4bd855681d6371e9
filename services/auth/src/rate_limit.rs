//! Rate limits on the endpoints people brute-force, counted in Postgres so every API process
//! shares them. Fixed windows: simple, and a burst at a window edge at most doubles a limit
//! that is already far below what guessing needs.

use std::net::IpAddr;
use std::time::Duration;

use kakeibo_core::ApiError;
use sqlx::PgPool;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max_hits: i32,
    pub window: Duration,
}

const fn per_minutes(name: &'static str, max_hits: i32, minutes: u64) -> Limit {
    Limit {
        name,
        max_hits,
        window: Duration::from_secs(minutes * 60),
    }
}

pub const LOGIN_PER_IP: Limit = per_minutes("login:ip", 30, 15);
pub const LOGIN_PER_ACCOUNT: Limit = per_minutes("login:account", 10, 15);
pub const REGISTER_PER_IP: Limit = per_minutes("register:ip", 10, 60);
pub const REGISTER_PER_ACCOUNT: Limit = per_minutes("register:account", 5, 60);
pub const RESET_PER_IP: Limit = per_minutes("reset:ip", 10, 60);
pub const RESET_PER_ACCOUNT: Limit = per_minutes("reset:account", 3, 60);
/// Six-digit codes: 5 guesses per 5 minutes makes guessing one a matter of years.
pub const TWO_FACTOR_PER_IP: Limit = per_minutes("2fa:ip", 20, 5);
pub const TWO_FACTOR_PER_ACCOUNT: Limit = per_minutes("2fa:account", 5, 5);
/// Questions to the ask engine, per user: each runs several queries, so a loop of them is
/// refused long before it slows anyone else down.
pub const ASK_PER_USER: Limit = per_minutes("ask:user", 30, 1);
/// Tool calls over MCP, per user: an agent makes several for one question, each a query.
pub const MCP_PER_USER: Limit = per_minutes("mcp:user", 120, 1);

/// The row a limit counts in for a subject. Postgres text cannot hold NUL; no valid subject
/// has control characters anyway.
fn key(limit: Limit, subject: &str) -> String {
    format!("{}:{}", limit.name, subject.replace(char::is_control, "?"))
}

/// Counts one hit of `limit` for `subject`; past the limit, 429 with the wait until the window
/// ends. Subjects are IPs or normalized e-mails / user ids.
pub async fn hit(db: &PgPool, limit: Limit, subject: &str) -> Result<(), ApiError> {
    let (hits, wait) = count(db, limit, subject).await?;
    if hits > limit.max_hits {
        tracing::warn!(limit = limit.name, hits, "rate limit reached");
        return Err(ApiError::TooManyRequests { retry_after: wait });
    }
    Ok(())
}

/// Counts one hit of `limit` for `subject` and answers the hits in this window (this one
/// included) and the time until the window ends: for callers that answer the first hit
/// past the limit differently from the rest (the Telegram bot says "slow down" once).
pub async fn count(
    db: &PgPool,
    limit: Limit,
    subject: &str,
) -> Result<(i32, Duration), sqlx::Error> {
    let window_secs = limit.window.as_secs() as f64;
    let (hits, remaining_ms): (i32, f64) = sqlx::query_as(
        "WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now())::float8 / $2) * $2) AS start)
         INSERT INTO rate_limits (key, window_start, hits) SELECT $1, w.start, 1 FROM w
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits, (extract(epoch FROM (window_start + make_interval(secs => $2) - now())) * 1000)::float8",
    )
    .bind(key(limit, subject))
    .bind(window_secs)
    .fetch_one(db)
    .await?;
    Ok((hits, Duration::from_millis(remaining_ms.max(0.0) as u64)))
}

pub async fn hit_ip(db: &PgPool, limit: Limit, ip: Option<IpAddr>) -> Result<(), ApiError> {
    match ip {
        Some(ip) => hit(db, limit, &ip.to_string()).await,
        None => Ok(()),
    }
}

/// Takes back one hit of `limit` for `subject` in the current window: a login that
/// succeeded was no guess, so someone who signs in from many devices (or a browser test
/// suite) is never locked out, while wrong passwords still count.
pub async fn forgive(db: &PgPool, limit: Limit, subject: &str) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE rate_limits SET hits = hits - 1
         WHERE key = $1 AND hits > 0
           AND window_start = to_timestamp(floor(extract(epoch FROM now())::float8 / $2) * $2)",
    )
    .bind(key(limit, subject))
    .bind(limit.window.as_secs() as f64)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn forgive_ip(db: &PgPool, limit: Limit, ip: Option<IpAddr>) -> Result<(), ApiError> {
    match ip {
        Some(ip) => forgive(db, limit, &ip.to_string()).await,
        None => Ok(()),
    }
}

/// Drops windows that ended a day ago (called by the retention job).
pub async fn prune(db: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
