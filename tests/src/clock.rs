//! "Today" as the server sees it, for tests whose expectations depend on the date.
//!
//! The server reads the day from the database's clock in the user's time zone, not from the
//! test's. A test that computes "this month" itself and runs across midnight would expect
//! one day while the server answers for the next. `today_in` asks the database, and when
//! midnight is near it waits until it has passed, so the day cannot change during a test.
//! `deploy/local/test-clock.sh` runs the tests at such midnights on purpose.

use std::time::Duration;

use anyhow::Result;
use chrono::NaiveDate;
use sqlx::PgPool;

/// How long a test may take after asking for the day; longer than any test here.
const MARGIN_SECS: f64 = 90.0;

/// Today in `time_zone` (an IANA name, as `users.time_zone`) on the database's clock, at
/// least `MARGIN_SECS` before that zone's next midnight.
pub async fn today_in(pool: &PgPool, time_zone: &str) -> Result<NaiveDate> {
    loop {
        let (today, left): (NaiveDate, f64) = sqlx::query_as(
            "SELECT (now() AT TIME ZONE $1)::date, \
                    extract(epoch FROM date_trunc('day', now() AT TIME ZONE $1) + interval '1 day' \
                                       - (now() AT TIME ZONE $1))::float8",
        )
        .bind(time_zone)
        .fetch_one(pool)
        .await?;
        if left >= MARGIN_SECS {
            return Ok(today);
        }
        tokio::time::sleep(Duration::from_secs(left as u64 + 1)).await;
    }
}
