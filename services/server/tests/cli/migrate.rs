//! Processes that start together on a database nobody has migrated yet all migrate it, once:
//! the migration that builds an index CONCURRENTLY used to deadlock with the processes
//! waiting for the migrations' lock, and Postgres failed one side (issue 25, chaos.sh's
//! clock-skew case lost two of its three workers so).

use std::process::Stdio;

use kakeibo_tests::TestDb;

use crate::support::kakeibo;

#[tokio::test]
async fn three_processes_migrating_a_new_database_at_once_all_succeed() {
    // A TestDb only lends its cluster: the database under test is created bare.
    let db = TestDb::new().await.unwrap();
    let bare = format!("{}_bare", db.name);
    sqlx::query(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{bare}""#)))
        .execute(&db.pool)
        .await
        .unwrap();
    let url = db.url().replace(&db.name, &bare);

    let children: Vec<_> = (0..3)
        .map(|_| {
            kakeibo()
                .arg("migrate")
                .env("KAKEIBO_DATABASE__URL", &url)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();

    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let index_valid: Option<bool> = sqlx::query_scalar(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE c.relname = 'kakeibo_jobs_pending_args'",
    )
    .fetch_optional(&pool)
    .await
    .unwrap();
    let (applied, failed): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success)
         FROM _sqlx_migrations",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        r#"DROP DATABASE "{bare}" WITH (FORCE)"#
    )))
    .execute(&db.pool)
    .await
    .unwrap();

    for (n, out) in outputs.iter().enumerate() {
        assert!(
            out.status.success(),
            "process {n}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        index_valid,
        Some(true),
        "the concurrently built index is valid"
    );
    assert_eq!(
        (applied, failed),
        (kakeibo_core::db::MIGRATOR.iter().count() as i64, 0)
    );
}

/// A database where that deadlock once failed the index build keeps an invalid index under
/// the index's name; `IF NOT EXISTS` alone would keep it forever. The repair migrations
/// (20261219000001/2) rebuild it. Here a unique build over duplicate rows fails the same way.
#[tokio::test]
async fn an_index_a_failed_build_left_invalid_is_built_again() {
    let db = TestDb::new().await.unwrap();
    sqlx::query(
        "INSERT INTO apalis.jobs (job, id, job_type, status)
         VALUES ('\\x00', 'repair-1', 'kakeibo-test-repair', 'Done'),
                ('\\x00', 'repair-2', 'kakeibo-test-repair', 'Done')",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("DROP INDEX apalis.kakeibo_jobs_pending_args")
        .execute(&db.pool)
        .await
        .unwrap();
    let failed_build = sqlx::query(
        "CREATE UNIQUE INDEX CONCURRENTLY kakeibo_jobs_pending_args ON apalis.jobs (job_type)",
    )
    .execute(&db.pool)
    .await;
    assert!(failed_build.is_err(), "the duplicate rows fail the build");
    let index = |pool: sqlx::PgPool| async move {
        sqlx::query_as::<_, (bool, String)>(
            "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid)
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE c.relname = 'kakeibo_jobs_pending_args'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    assert!(
        !index(db.pool.clone()).await.0,
        "the failed build left it invalid"
    );
    // As on a database that applied everything up to the repair before it existed.
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version >= 20261219000001")
        .execute(&db.pool)
        .await
        .unwrap();

    let out = kakeibo()
        .arg("migrate")
        .env("KAKEIBO_DATABASE__URL", db.url())
        .output()
        .unwrap();
    crate::succeeded(&out, "kakeibo migrate");

    let (valid, definition) = index(db.pool.clone()).await;
    assert!(valid, "rebuilt valid: {definition}");
    assert!(
        definition.contains("md5(job)") && definition.contains("'Pending'"),
        "rebuilt as the migration defines it: {definition}"
    );
    let jobs: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM apalis.jobs WHERE job_type = 'kakeibo-test-repair'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(jobs, 2, "the repair drops an index, never a job");
}
