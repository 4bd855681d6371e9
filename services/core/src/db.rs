//! The store: connecting, checking the extensions Kakeibo needs, and migrating.

use std::time::Duration;

use secrecy::ExposeSecret;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::config::Settings;
use crate::error::StartupError;

/// Every migration, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// The lowest pgvector with HNSW indexes.
const MIN_PGVECTOR: (u32, u32) = (0, 5);

/// Settings of every session the app opens (tests' pools use them too).
/// - No code path keeps a transaction open while waiting on anything else, so one idle this
///   long has leaked (e.g. a task cancelled mid-BEGIN); ending it frees its locks.
/// - No JIT: our statements are short, and when the planner overestimates one (CTEs it
///   cannot see into) compiling it costs 0.3–1 s, more than the statement ever runs (the
///   budget check went from 50 ms to 1.5 s).
pub const SESSION_SETTINGS: [(&str, &str); 2] = [
    ("idle_in_transaction_session_timeout", "30s"),
    ("jit", "off"),
];

pub fn connect_options(settings: &Settings) -> Result<PgConnectOptions, StartupError> {
    settings
        .database
        .url
        .expose_secret()
        .parse::<PgConnectOptions>()
        .map(|o| o.application_name("kakeibo").options(SESSION_SETTINGS))
        .map_err(|e| StartupError::Config(format!("database.url cannot be used: {e}")))
}

/// Opens the pool and proves the server answers, turning the usual failures into errors a
/// person can act on.
pub async fn connect(settings: &Settings) -> Result<PgPool, StartupError> {
    let target = settings.database_display();
    PgPoolOptions::new()
        .max_connections(settings.database.max_connections)
        .acquire_timeout(Duration::from_secs(settings.database.acquire_timeout_secs))
        .connect_with(connect_options(settings)?)
        .await
        .map_err(|e| StartupError::from_connect(&target, e))
}

/// The pool of the read replica, when `database.replica_url` is set. Connected lazily: a
/// replica that is down sends reads to the primary instead of stopping the start.
pub fn connect_replica(settings: &Settings) -> Result<Option<PgPool>, StartupError> {
    let url = settings.database.replica_url.expose_secret();
    if url.is_empty() {
        return Ok(None);
    }
    let options = url
        .parse::<PgConnectOptions>()
        .map(|o| {
            o.application_name("kakeibo-replica-reads")
                .options(SESSION_SETTINGS)
        })
        .map_err(|e| StartupError::Config(format!("database.replica_url cannot be used: {e}")))?;
    Ok(Some(
        PgPoolOptions::new()
            .max_connections(settings.database.max_connections)
            .acquire_timeout(Duration::from_secs(settings.database.acquire_timeout_secs))
            .connect_lazy_with(options),
    ))
}

/// Checks that TimescaleDB and pgvector are installed on the server and TimescaleDB is
/// preloaded, before a migration fails on them with a less helpful message.
pub async fn check_extensions(pool: &PgPool, target: &str) -> Result<(), StartupError> {
    let available: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT name::text, default_version::text FROM pg_available_extensions \
         WHERE name IN ('timescaledb', 'vector')",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| StartupError::database(target, e))?;
    let version_of = |name: &str| {
        available
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.clone())
    };

    let Some(vector) = version_of("vector") else {
        return Err(StartupError::MissingExtension {
            target: target.into(),
            name: "vector",
            fix: "install pgvector on that server; deploy/local/setup.sh does it for the local stack",
        });
    };
    if parse_major_minor(&vector).is_some_and(|v| v < MIN_PGVECTOR) {
        return Err(StartupError::MissingExtension {
            target: target.into(),
            name: "vector >= 0.5 (HNSW)",
            fix: "upgrade pgvector on that server; deploy/local/setup.sh builds a recent one",
        });
    }
    if version_of("timescaledb").is_none() {
        return Err(StartupError::MissingExtension {
            target: target.into(),
            name: "timescaledb",
            fix: "install TimescaleDB on that server; deploy/local/setup.sh does it for the local stack",
        });
    }
    let preload: String = sqlx::query_scalar("SELECT current_setting('shared_preload_libraries')")
        .fetch_one(pool)
        .await
        .map_err(|e| StartupError::database(target, e))?;
    if !preload.split(',').any(|lib| lib.trim() == "timescaledb") {
        return Err(StartupError::MissingExtension {
            target: target.into(),
            name: "timescaledb (not in shared_preload_libraries)",
            fix: "add shared_preload_libraries = 'timescaledb' to postgresql.conf and restart the server",
        });
    }
    Ok(())
}

fn parse_major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The lock that lets one Kakeibo process at a time migrate a database. It is polled, never
/// waited on: a session waiting in `pg_advisory_lock` holds a statement open, and the holder's
/// `CREATE INDEX CONCURRENTLY` migration waits for every open statement to end, so processes
/// starting together on an unmigrated database deadlocked and Postgres failed one of them.
/// sqlx's own migration lock is still taken inside, by then without a Kakeibo waiting on it.
const MIGRATION_GATE: i64 = 0x6b61_6b65_6962_6f00; // "kakeibo"
const GATE_POLL: Duration = Duration::from_millis(200);

/// Checks the extensions, then applies pending migrations, one process at a time.
pub async fn migrate(pool: &PgPool, target: &str) -> Result<(), StartupError> {
    check_extensions(pool, target).await?;
    let database = |e: sqlx::Error| StartupError::Database {
        target: target.to_string(),
        cause: e.to_string(),
    };
    // One connection for the gate and the migrations: a pool of one must not wait on itself.
    let mut conn = pool.acquire().await.map_err(database)?;
    while !sqlx::query_scalar::<_, bool>("SELECT pg_try_advisory_lock($1)")
        .bind(MIGRATION_GATE)
        .fetch_one(&mut *conn)
        .await
        .map_err(database)?
    {
        tokio::time::sleep(GATE_POLL).await;
    }
    let migrated = MIGRATOR
        .run(&mut *conn)
        .await
        .map_err(StartupError::Migration);
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(MIGRATION_GATE)
        .execute(&mut *conn)
        .await;
    if unlocked.is_err() {
        // Its session may still hold the gate: closing it frees the gate; pooling it would not.
        conn.close_on_drop();
    }
    // The migration's own error says more than the unlock's that followed it.
    migrated?;
    unlocked.map(drop).map_err(database)
}

/// The TimescaleDB license in force (`apache` for the build deploy/local makes, `timescale`
/// for the community build). Apache lacks compression, continuous aggregates and policies,
/// which is why Kakeibo keeps its own rollups and retention job.
pub async fn timescale_license(pool: &PgPool) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT current_setting('timescaledb.license', true)")
        .fetch_one(pool)
        .await
        .map(|v: Option<String>| v.unwrap_or_else(|| "unknown".into()))
}

/// Readiness: the database answers a query.
pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_versions() {
        assert_eq!(super::parse_major_minor("0.8.0"), Some((0, 8)));
        assert_eq!(super::parse_major_minor("0.4.4"), Some((0, 4)));
        assert_eq!(super::parse_major_minor("x"), None);
    }
}
