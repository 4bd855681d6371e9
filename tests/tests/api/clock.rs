//! The test process and the database read the same clock. Trivial on the real clock; under
//! `deploy/local/test-clock.sh` (libfaketime) it proves that both run on the faked one, and
//! `TestApp::today` gives the server's day, safe from midnight.

use chrono::{DateTime, NaiveDate, Utc};
use kakeibo_tests::TestApp;

#[tokio::test]
async fn the_tests_and_the_database_share_one_clock() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let db_now: DateTime<Utc> = sqlx::query_scalar("SELECT now()")
        .fetch_one(&app.db.pool)
        .await?;
    let here = Utc::now();
    println!("test process: {here}, database: {db_now}");
    assert!(
        (here - db_now).abs() < chrono::Duration::seconds(30),
        "test process {here}, database {db_now}"
    );
    // test-clock.sh says where it started the clock; the test must run on that clock.
    if let Ok(start) = std::env::var("KAKEIBO_CLOCK_START") {
        let start = DateTime::from_timestamp(start.parse()?, 0).expect("a Unix time");
        assert!(
            start <= here && here - start < chrono::Duration::hours(6),
            "the clock started at {start}, the test reads {here}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn today_is_the_databases_day_in_the_zone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for zone in [
        "UTC",
        "Europe/Berlin",
        "Pacific/Kiritimati",
        "America/Los_Angeles",
    ] {
        let today = app.today(zone).await?;
        let (db_today, left): (NaiveDate, f64) = sqlx::query_as(
            "SELECT (now() AT TIME ZONE $1)::date, \
                    extract(epoch FROM date_trunc('day', now() AT TIME ZONE $1) + interval '1 day' \
                                       - (now() AT TIME ZONE $1))::float8",
        )
        .bind(zone)
        .fetch_one(&app.db.pool)
        .await?;
        assert_eq!(today, db_today, "{zone}");
        // Asked again at once, the answer came at least a minute before midnight.
        assert!(left > 60.0, "{zone}: {left} s to midnight");
    }
    Ok(())
}
