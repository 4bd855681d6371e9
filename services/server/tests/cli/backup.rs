//! `deploy/local/backup.sh` and `restore.sh` as an operator runs them: two demo users are
//! backed up, restored into a fresh cluster, and every user table comes back row for row;
//! the restored keys open the bank connections, and without them the sync says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kakeibo_tests::TestDb;
use sqlx::{Connection, PgConnection};

use crate::succeeded;
use crate::support::{free_port, kakeibo};

const USERS: [(&str, &str); 2] = [("ann@example.com", "1"), ("ben@example.com", "2")];

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy/local")
        .join(name)
}

fn run(cmd: &mut Command, what: &str) -> String {
    succeeded(&cmd.output().expect("runs"), what)
}

/// Row count and md5 of the rows in text form, ordered, of every table the app owns
/// (TimescaleDB's own schemas excluded; a hypertable's rows are read through its parent).
async fn fingerprints(url: &str) -> BTreeMap<String, (i64, String)> {
    let mut conn = PgConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
           AND schemaname NOT LIKE '\\_timescaledb%' AND schemaname NOT LIKE 'timescaledb\\_%'
         ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        // The name comes from format('%I.%I'): quoted by the server.
        let row: (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')
             FROM {table} t"
        )))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        out.insert(table, row);
    }
    out
}

/// Stops the restored cluster and removes the test's files, pass or fail.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let data = self.0.join("restored/postgres");
        if data.join("postmaster.pid").exists() {
            let bindir = Command::new("pg_config").arg("--bindir").output().unwrap();
            let pg_ctl = Path::new(String::from_utf8_lossy(&bindir.stdout).trim()).join("pg_ctl");
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_ctl)
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_cluster_with_every_row_and_the_keys() {
    let db = TestDb::new().await.unwrap();
    let scratch = Scratch(
        std::env::temp_dir().join(format!("kakeibo-backup-{}", uuid::Uuid::new_v4().simple())),
    );
    let keys = scratch.0.join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let keys_file = keys.join("credentials.keys");
    let env = [
        ("KAKEIBO_DATABASE__URL", db.url().to_string()),
        (
            "KAKEIBO_BANK__CREDENTIAL_KEYS_FILE",
            keys_file.display().to_string(),
        ),
        ("KAKEIBO_LOG__FILTER", "warn".to_string()),
    ];
    for (email, seed) in USERS {
        run(
            kakeibo()
                .args(["demo", "--email", email, "--seed", seed])
                .envs(env.clone()),
            "kakeibo demo",
        );
    }
    let before = fingerprints(db.url()).await;
    let transactions = before["public.transactions"].0;
    assert!(transactions > 2000, "two demo users: {transactions}");

    run(
        Command::new("bash")
            .arg(script("backup.sh"))
            .arg("--out")
            .arg(scratch.0.join("backups"))
            .arg("--keys-dir")
            .arg(&keys)
            .env("KAKEIBO_DATABASE__URL", db.url()),
        "backup.sh",
    );
    let backup = std::fs::read_dir(scratch.0.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("kakeibo-")
        })
        .expect("backup.sh wrote a kakeibo-<time> directory");
    let manifest = std::fs::read_to_string(backup.join("MANIFEST")).unwrap();
    assert!(manifest.contains("timescaledb "), "{manifest}");
    let sums = std::fs::read_to_string(backup.join("SHA256SUMS")).unwrap();
    for file in ["database.dump", "keys/credentials.keys", "MANIFEST"] {
        assert!(sums.contains(&format!("  {file}\n")), "{file} in {sums}");
    }

    // A write after the backup is not in it.
    sqlx::query("INSERT INTO users (email, password_hash) VALUES ('late@example.com', 'x')")
        .execute(&db.pool)
        .await
        .unwrap();

    let restored = scratch.0.join("restored");
    let port = free_port();
    run(
        Command::new("bash")
            .arg(script("restore.sh"))
            .arg(&backup)
            .arg("--new-cluster")
            .arg(&restored)
            .args(["--port", &port.to_string()]),
        "restore.sh",
    );
    let settings = std::fs::read_to_string(restored.join("env")).unwrap();
    let url = settings
        .lines()
        .find_map(|l| l.strip_prefix("export KAKEIBO_DATABASE__URL='"))
        .and_then(|v| v.strip_suffix('\''))
        .expect("restore.sh writes the URL into DIR/env")
        .to_string();
    assert!(url.contains(&format!(":{port}/")), "{url}");

    let after = fingerprints(&url).await;
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (table, fingerprint) in &before {
        assert_eq!(&after[table], fingerprint, "{table}");
    }
    assert!(before.len() > 40, "every table compared: {}", before.len());

    // The restored database is the binary's current schema, and it works with the restored
    // keys: syncing a user's demo connection opens its sealed credentials.
    let restored_keys = restored.join("keys/credentials.keys");
    let on_restored = [
        ("KAKEIBO_DATABASE__URL", url.clone()),
        (
            "KAKEIBO_BANK__CREDENTIAL_KEYS_FILE",
            restored_keys.display().to_string(),
        ),
        ("KAKEIBO_LOG__FILTER", "warn".to_string()),
    ];
    run(
        kakeibo().arg("migrate").envs(on_restored.clone()),
        "migrate",
    );
    let mut conn = PgConnection::connect(&url).await.unwrap();
    let connection: uuid::Uuid = sqlx::query_scalar(
        "SELECT c.id FROM bank_connections c JOIN users u ON u.id = c.user_id
         WHERE u.email = $1",
    )
    .bind(USERS[1].0)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let synced = run(
        kakeibo()
            .args(["bank", "sync", &connection.to_string()])
            .envs(on_restored.clone()),
        "bank sync on the restored cluster",
    );
    assert!(synced.contains("4 accounts"), "{synced}");

    // Without the backup's keys the same sync fails and names the missing key.
    let mut without_keys = on_restored.clone();
    without_keys[1].1 = scratch
        .0
        .join("other/credentials.keys")
        .display()
        .to_string();
    let failed = kakeibo()
        .args(["bank", "sync", &connection.to_string()])
        .envs(without_keys)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        !failed.status.success() && stderr.contains("restore the keys file"),
        "{stderr}"
    );

    // The other target: a new database on the running cluster (named so that test.sh drops
    // it if this test dies first).
    let copy = format!("{}_copy", db.name);
    run(
        Command::new("bash")
            .arg(script("restore.sh"))
            .arg(&backup)
            .args(["--database", &copy, "--keys-dir"])
            .arg(scratch.0.join("copy-keys"))
            .env("KAKEIBO_DATABASE__URL", db.url()),
        "restore.sh --database",
    );
    let copy_url = db
        .url()
        .replace(&format!("/{}", db.name), &format!("/{copy}"));
    let copied = fingerprints(&copy_url).await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        r#"DROP DATABASE "{copy}" WITH (FORCE)"#
    )))
    .execute(&db.pool)
    .await
    .unwrap();
    assert_eq!(copied, before, "the same rows in the new database");
    assert_eq!(
        std::fs::read(scratch.0.join("copy-keys/credentials.keys")).unwrap(),
        std::fs::read(&keys_file).unwrap()
    );
    check_refusals(&backup, &scratch.0, db.url());
}

/// restore.sh never writes over what exists, and a damaged backup is refused before any
/// change.
fn check_refusals(backup: &Path, scratch: &Path, url: &str) {
    let refused = |cmd: &mut Command, needle: &str| {
        let out: Output = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains(needle),
            "{needle}: {stderr}"
        );
    };
    let restore = || {
        let mut cmd = Command::new("bash");
        cmd.arg(script("restore.sh")).arg(backup);
        cmd
    };
    refused(
        restore()
            .arg("--new-cluster")
            .arg(scratch.join("restored"))
            .args(["--port", &free_port().to_string()]),
        "already exists",
    );
    let other_keys = scratch.join("other-keys");
    std::fs::create_dir_all(&other_keys).unwrap();
    std::fs::write(other_keys.join("credentials.keys"), "k1 AAAA\n").unwrap();
    refused(
        restore()
            .args(["--database", "kakeibo_restore_refused", "--keys-dir"])
            .arg(&other_keys)
            .env("KAKEIBO_DATABASE__URL", url),
        "already holds other keys",
    );
    refused(restore().arg("--database").arg("x"), "needs --keys-dir");

    let damaged = scratch.join("damaged");
    run(Command::new("cp").arg("-a").arg(backup).arg(&damaged), "cp");
    std::fs::write(damaged.join("keys/credentials.keys"), "k1 AAAA\n").unwrap();
    refused(
        Command::new("bash")
            .arg(script("restore.sh"))
            .arg(&damaged)
            .args(["--database", "kakeibo_restore_damaged", "--keys-dir"])
            .arg(scratch.join("k2"))
            .env("KAKEIBO_DATABASE__URL", url),
        "is damaged",
    );
}
