//! A migrated database of its own for every test, on the private cluster `deploy/local` runs.
//!
//! Migrating takes seconds (TimescaleDB and apalis create many objects), so the migrations
//! run once into a template database named after their checksums; each test copies the
//! template with `CREATE DATABASE … TEMPLATE`, which takes milliseconds.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use kakeibo_core::Settings;
use secrecy::SecretString;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Executor, PgConnection, PgPool};

/// The cluster's admin URL: `KAKEIBO_DATABASE__URL` when set, else what `deploy/local/setup.sh`
/// wrote to `.data/env`, so `cargo nextest run` works without sourcing anything.
pub fn cluster_url() -> Result<String> {
    if let Ok(url) = std::env::var("KAKEIBO_DATABASE__URL") {
        return Ok(url);
    }
    let env_file = workspace_root().join(".data/env");
    let text = std::fs::read_to_string(&env_file).with_context(|| {
        format!(
            "no KAKEIBO_DATABASE__URL and no {} (fix: run deploy/local/setup.sh)",
            env_file.display()
        )
    })?;
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("export KAKEIBO_DATABASE__URL="))
        .map(|v| v.trim_matches(['\'', '"']).to_string())
        .next()
        .with_context(|| format!("{} has no KAKEIBO_DATABASE__URL", env_file.display()))
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

pub struct TestDb {
    pub pool: PgPool,
    pub name: String,
    url: String,
    admin: PgConnectOptions,
    /// Left in place when dropped (a benchmark's seeded database, to run again on).
    kept: bool,
}

impl TestDb {
    pub async fn new() -> Result<Self> {
        kakeibo_core::telemetry::init_for_test();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let cluster = cluster_url()?;
        let admin: PgConnectOptions = cluster.parse()?;
        let template = ensure_template(&admin, &cluster).await?;

        let name = format!("kakeibo_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::connect_with(&admin).await?;
        exec(
            &mut conn,
            format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#),
        )
        .await
        .with_context(|| format!("creating {name} from {template}"))?;
        conn.close().await?;
        Self::connect(&cluster, admin, name, false).await
    }

    /// A database made by an earlier [`TestDb`] that was [`kept`](Self::keep): connects to
    /// it as it is, and leaves it in place when dropped.
    pub async fn open(name: &str) -> Result<Self> {
        kakeibo_core::telemetry::init_for_test();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let cluster = cluster_url()?;
        let admin: PgConnectOptions = cluster.parse()?;
        Self::connect(&cluster, admin, name.to_string(), true).await
    }

    async fn connect(
        cluster: &str,
        admin: PgConnectOptions,
        name: String,
        kept: bool,
    ) -> Result<Self> {
        let url = with_database(cluster, &name)?;
        let options = url
            .parse::<PgConnectOptions>()?
            .options(kakeibo_core::db::SESSION_SETTINGS);
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("connecting to {name}"))?;
        Ok(Self {
            pool,
            name,
            url,
            admin,
            kept,
        })
    }

    /// Leaves the database in place when this is dropped (drop it by hand later, or reopen
    /// it with [`TestDb::open`]).
    pub fn keep(&mut self) {
        self.kept = true;
    }

    /// Settings pointing at this database, with defaults elsewhere: tests never read the
    /// developer's config file or environment.
    pub fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        settings.database.url = SecretString::from(self.url.clone());
        settings.database.max_connections = 10;
        settings.server.port = 0;
        settings.server.shutdown_grace_secs = 2;
        settings.models_dir = workspace_root().join(".data/models");
        settings.email.outbox_dir = self.outbox_dir();
        // Workers write finished jobs back on their heartbeat; drain_jobs should not wait long.
        settings.worker.heartbeat_secs = 1;
        // The weekly summary's tick reads the wall clock: tests call it with fixed instants.
        settings.worker.weekly_summary_cron = String::new();
        settings.auth.signing_key_file = workspace_root().join(".data/keys/test-token-signing.pem");
        settings.bank.credential_keys_file = self.outbox_dir().with_file_name("credentials.keys");
        settings.privacy.exports_dir = self.outbox_dir().with_file_name("exports");
        settings
    }

    /// Where this test's e-mails land (no SMTP server configured).
    pub fn outbox_dir(&self) -> PathBuf {
        std::env::temp_dir()
            .join("kakeibo-tests")
            .join(&self.name)
            .join("outbox")
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        // Drop runs outside async; a thread with its own runtime does the cleanup so a test's
        // database never outlives it, whether the test passed or panicked. The pool is not
        // closed there: its sockets belong to the test's runtime, which is blocked right here.
        // FORCE ends those sessions on the server side instead.
        let name = self.name.clone();
        let admin = self.admin.clone();
        let cleanup = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let mut conn = PgConnection::connect_with(&admin).await?;
                exec(
                    &mut conn,
                    format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#),
                )
                .await?;
                anyhow::Ok(())
            })
        });
        if let Ok(Err(e)) = cleanup.join() {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
        let _ =
            std::fs::remove_dir_all(std::env::temp_dir().join("kakeibo-tests").join(&self.name));
    }
}

/// Runs one statement built at run time from names this module made (never user input).
async fn exec(conn: &mut PgConnection, sql: String) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(conn)
        .await
        .map(|_| ())
}

fn with_database(cluster: &str, db: &str) -> Result<String> {
    let mut url = url::Url::parse(cluster)?;
    url.set_path(db);
    Ok(url.into())
}

/// The template's name changes whenever a migration (ours or apalis') changes.
fn template_name() -> String {
    let mut hasher = DefaultHasher::new();
    for m in kakeibo_core::db::MIGRATOR.iter() {
        m.version.hash(&mut hasher);
        m.checksum.hash(&mut hasher);
    }
    for m in apalis_postgres::PostgresStorage::<()>::migrations().iter() {
        m.version.hash(&mut hasher);
        m.checksum.hash(&mut hasher);
    }
    format!("kakeibo_tmpl_{:016x}", hasher.finish())
}

async fn ensure_template(admin: &PgConnectOptions, cluster: &str) -> Result<String> {
    let template = template_name();
    let mut conn = PgConnection::connect_with(admin).await.context(
        "cannot reach the test cluster (fix: run deploy/local/setup.sh, or deploy/local/pg.sh start)",
    )?;
    // Test processes run in parallel; one builds the template, the others wait for it.
    conn.execute("SELECT pg_advisory_lock(hashtext('kakeibo-test-template'))")
        .await?;
    let result = build_template_if_missing(&mut conn, cluster, &template).await;
    conn.execute("SELECT pg_advisory_unlock(hashtext('kakeibo-test-template'))")
        .await?;
    conn.close().await?;
    result.map(|()| template)
}

async fn build_template_if_missing(
    conn: &mut PgConnection,
    cluster: &str,
    template: &str,
) -> Result<()> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(template)
            .fetch_one(&mut *conn)
            .await?;
    if exists {
        return Ok(());
    }
    // Templates of older migration sets are of no further use once a day old. Younger ones
    // may belong to a test binary of another checkout or branch running right now.
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT d.datname FROM pg_database d \
         WHERE d.datname LIKE 'kakeibo\\_tmpl\\_%' AND d.datname <> $1 \
           AND coalesce(substring(shobj_description(d.oid, 'pg_database') FROM '^built (\\d+)$')::bigint, 0) \
               < extract(epoch FROM now())::bigint - 86400",
    )
    .bind(template)
    .fetch_all(&mut *conn)
    .await?;
    for name in stale {
        exec(
            &mut *conn,
            format!(r#"ALTER DATABASE "{name}" IS_TEMPLATE false"#),
        )
        .await?;
        exec(
            &mut *conn,
            format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#),
        )
        .await?;
    }

    // Build under a temporary name and rename at the end, so a half-built template left by a
    // killed run is never used.
    let building = format!("{template}_building");
    exec(
        &mut *conn,
        format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#),
    )
    .await?;
    exec(&mut *conn, format!(r#"CREATE DATABASE "{building}""#)).await?;
    {
        let pool = PgPool::connect(&with_database(cluster, &building)?).await?;
        kakeibo_server::migrate_all(&pool, &building)
            .await
            .map_err(|e| anyhow::anyhow!("migrating the test template: {e}"))?;
        // Embedding the built-in labelled examples takes seconds; done once here, every test
        // database starts with them, as a real one does after its first categorization.
        let embedder = kakeibo_llm::LocalEmbedder::load(&workspace_root().join(".data/models"))?;
        kakeibo_categorizer::examples::load_builtin(&pool, &embedder).await?;
        pool.close().await;
    }
    // TimescaleDB's scheduler may hold a connection; a template must have none. Terminating
    // a backend is asynchronous, so the rename is retried while the database is in use.
    exec(
        &mut *conn,
        format!(r#"ALTER DATABASE "{building}" WITH ALLOW_CONNECTIONS false"#),
    )
    .await?;
    let mut attempts = 0;
    loop {
        sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
            .bind(&building)
            .execute(&mut *conn)
            .await?;
        let renamed = exec(
            &mut *conn,
            format!(r#"ALTER DATABASE "{building}" RENAME TO "{template}""#),
        )
        .await;
        match renamed {
            Ok(_) => break,
            Err(sqlx::Error::Database(e))
                if e.code().as_deref() == Some("55006") && attempts < 100 =>
            {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    exec(
        &mut *conn,
        format!(r#"ALTER DATABASE "{template}" WITH IS_TEMPLATE true"#),
    )
    .await?;
    let built = chrono::Utc::now().timestamp();
    exec(
        &mut *conn,
        format!(r#"COMMENT ON DATABASE "{template}" IS 'built {built}'"#),
    )
    .await?;
    let ok: bool = sqlx::query_scalar("SELECT datistemplate FROM pg_database WHERE datname = $1")
        .bind(template)
        .fetch_one(&mut *conn)
        .await?;
    if !ok {
        bail!("template {template} was not marked as a template");
    }
    Ok(())
}
