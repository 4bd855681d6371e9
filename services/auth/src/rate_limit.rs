//! Rate limits on the endpoints people brute-force, counted in Postgres so every API process
//! shares them. Two kinds:
//! - [`Limit`]: fixed windows, for one account or user. Simple, and
//!   a burst at a window edge at most doubles a limit that is already far below what
//!   guessing needs.
//! - [`Throttle`]: growing delays for a client address on logins, sign-ups and password
//!   resets (OWASP's advice): an address that keeps trying waits longer and longer, up to a
//!   minute (five for sign-ups and resets), but is never shut out for long, since innocent
//!   people share addresses (a NAT, an office, a reverse proxy).

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

pub const LOGIN_PER_ACCOUNT: Limit = per_minutes("login:account", 10, 15);
pub const REGISTER_PER_ACCOUNT: Limit = per_minutes("register:account", 5, 60);
pub const RESET_PER_ACCOUNT: Limit = per_minutes("reset:account", 3, 60);
/// Six-digit codes: 5 guesses per 5 minutes makes guessing one a matter of years.
pub const TWO_FACTOR_PER_ACCOUNT: Limit = per_minutes("2fa:account", 5, 5);
/// A client address that keeps failing logins: a few free attempts, then delays that double
/// up to a minute. Passwords guessed over many accounts (credential stuffing) from one
/// address then go at one a minute, while someone else behind that address waits at most
/// a minute. See docs/reliability.md, "Authentication under attack".
pub const LOGIN_ADDRESS: Throttle = Throttle {
    name: "login:ip",
    free_attempts: 10,
    max_delay: Duration::from_secs(60),
    quiet: Duration::from_secs(15 * 60),
};
/// The same for the second step (2FA codes) per address; per account stays a hard limit.
pub const TWO_FACTOR_ADDRESS: Throttle = Throttle {
    name: "2fa:ip",
    free_attempts: 10,
    max_delay: Duration::from_secs(60),
    quiet: Duration::from_secs(15 * 60),
};
/// Sign-ups from one address: ten at once, then delays that double up to five minutes, so a
/// flood goes at about twelve an hour (as the hourly limit of ten it replaces) while someone
/// else behind that address waits minutes, not the rest of an hour.
pub const REGISTER_ADDRESS: Throttle = Throttle {
    name: "register:ip",
    free_attempts: 10,
    max_delay: Duration::from_secs(5 * 60),
    quiet: Duration::from_secs(60 * 60),
};
/// Password-reset requests from one address, the same way: each account's own limit (three an
/// hour) keeps anyone's inbox from being flooded; this slows one address asking for many.
pub const RESET_ADDRESS: Throttle = Throttle {
    name: "reset:ip",
    free_attempts: 10,
    max_delay: Duration::from_secs(5 * 60),
    quiet: Duration::from_secs(60 * 60),
};
/// Questions to the ask engine, per user: each runs several queries, so a loop of them is
/// refused long before it slows anyone else down.
pub const ASK_PER_USER: Limit = per_minutes("ask:user", 30, 1);
/// Tool calls over MCP, per user: an agent makes several for one question, each a query.
pub const MCP_PER_USER: Limit = per_minutes("mcp:user", 120, 1);

/// The row a limit counts in for a subject. Postgres text cannot hold NUL; no valid subject
/// has control characters anyway.
fn key(limit: Limit, subject: &str) -> String {
    key_of(limit.name, subject)
}

fn key_of(name: &str, subject: &str) -> String {
    format!("{name}:{}", subject.replace(char::is_control, "?"))
}

/// Counts one hit of `limit` for `subject`; past the limit, 429 with the wait until the window
/// ends. Subjects are normalized e-mails or user ids.
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

/// Growing delays for one kind of attempt from one client address: the first
/// `free_attempts` go at once; after the n-th beyond them the next waits 2^(n-1) seconds, at
/// most `max_delay`. After `quiet` without attempts the address starts afresh.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub name: &'static str,
    pub free_attempts: i32,
    pub max_delay: Duration,
    pub quiet: Duration,
}

impl Throttle {
    /// The wait after the `attempts`-th attempt (the same formula as [`claim`]'s SQL).
    pub fn delay_after(&self, attempts: i32) -> Duration {
        let beyond = attempts - self.free_attempts;
        if beyond <= 0 {
            return Duration::ZERO;
        }
        let secs = 1u64 << (beyond - 1).min(30);
        Duration::from_secs(secs).min(self.max_delay)
    }
}

/// Takes the next attempt of `throttle` for `ip` before the attempt is checked, so that
/// concurrent requests cannot all slip through one gap: 429 with the wait when the address
/// must still wait. A request refused this way does not count (an attacker that ignores
/// `Retry-After` gains nothing, and its refusals do not lengthen the wait of people who share
/// its address). No address (a local socket), no throttle.
pub async fn claim(db: &PgPool, throttle: Throttle, ip: Option<IpAddr>) -> Result<(), ApiError> {
    let Some(ip) = ip else { return Ok(()) };
    let key = key_of(throttle.name, &ip.to_string());
    // The attempt this one is, `n`: the next, or the first after a quiet spell. It is computed
    // in the update itself (not read before it), so concurrent claims each count. The delay
    // after it is `delay_after`: floor(2^(n - free - 1)) is 0 up to the free attempts.
    // (A first attempt is always free.) The clock, not `now()` (the statement's start): a claim
    // that waited for another's row lock would compare that one's fresh `next_at` with its own
    // earlier start, and people signing in together from one address would get 429.
    let taken: Option<i32> = sqlx::query_scalar(
        "INSERT INTO address_throttle AS t (key, attempts, next_at, last_at)
         VALUES ($1, 1, clock_timestamp(), clock_timestamp())
         ON CONFLICT (key) DO UPDATE SET
             attempts = CASE WHEN t.last_at < clock_timestamp() - make_interval(secs => $4) THEN 1
                             ELSE t.attempts + 1 END,
             next_at = clock_timestamp() + make_interval(secs => least($3, floor(power(2, least(
                 CASE WHEN t.last_at < clock_timestamp() - make_interval(secs => $4) THEN 1
                      ELSE t.attempts + 1 END - $2 - 1, 30))))),
             last_at = clock_timestamp()
         WHERE t.next_at <= clock_timestamp() OR t.last_at < clock_timestamp() - make_interval(secs => $4)
         RETURNING attempts",
    )
    .bind(&key)
    .bind(throttle.free_attempts)
    .bind(throttle.max_delay.as_secs_f64())
    .bind(throttle.quiet.as_secs_f64())
    .fetch_optional(db)
    .await?;
    if taken.is_some() {
        return Ok(());
    }
    let wait_ms: f64 = sqlx::query_scalar(
        "SELECT coalesce(max(extract(epoch FROM next_at - clock_timestamp()) * 1000), 0)::float8
         FROM address_throttle WHERE key = $1",
    )
    .bind(&key)
    .fetch_one(db)
    .await?;
    tracing::warn!(throttle = throttle.name, "address throttled");
    // At least a second: the answer says whole seconds, and the gap was not open yet.
    let wait = Duration::from_millis(wait_ms.max(1000.0) as u64);
    Err(ApiError::TooManyRequests { retry_after: wait })
}

/// Gives back the attempt [`claim`] took when it succeeded: a right password was no guess,
/// so people who sign in often from one address never slow down. The wait already set
/// stays, so an attacker cannot reset it with logins of an account of their own.
pub async fn release(db: &PgPool, throttle: Throttle, ip: Option<IpAddr>) -> Result<(), ApiError> {
    let Some(ip) = ip else { return Ok(()) };
    sqlx::query(
        "UPDATE address_throttle SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
    )
    .bind(key_of(throttle.name, &ip.to_string()))
    .execute(db)
    .await?;
    Ok(())
}

/// Drops windows that ended a day ago, and addresses quiet for a day (called by the
/// retention job).
pub async fn prune(db: &PgPool) -> Result<u64, sqlx::Error> {
    let windows =
        sqlx::query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'")
            .execute(db)
            .await?;
    let addresses =
        sqlx::query("DELETE FROM address_throttle WHERE last_at < now() - interval '1 day'")
            .execute(db)
            .await?;
    Ok(windows.rows_affected() + addresses.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_after_the_free_attempts_up_to_the_cap() {
        let t = LOGIN_ADDRESS;
        let secs: Vec<u64> = (9..=18).map(|n| t.delay_after(n).as_secs()).collect();
        assert_eq!(secs, [0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(t.delay_after(1_000_000), Duration::from_secs(60));
        // The SQL takes a first attempt as free.
        assert!(t.free_attempts >= 1 && TWO_FACTOR_ADDRESS.free_attempts >= 1);
    }

    #[test]
    fn sign_ups_and_reset_requests_wait_five_minutes_at_most() {
        for t in [REGISTER_ADDRESS, RESET_ADDRESS] {
            let secs: Vec<u64> = (10..=21).map(|n| t.delay_after(n).as_secs()).collect();
            assert_eq!(
                secs,
                [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
                "{}",
                t.name
            );
            assert!(t.free_attempts >= 1);
        }
    }
}
