//! `kakeibo import FILE --account ID`, as a person runs it.

use kakeibo_tests::TestDb;
use kakeibo_tests::statement_files::STATEMENT_FILES;
use uuid::Uuid;

use crate::support::{kakeibo, run_to_end};
use crate::{assert_one_line_error, succeeded};

async fn account(db: &TestDb) -> Uuid {
    account_in(db, "EUR").await
}

async fn account_in(db: &TestDb, currency: &str) -> Uuid {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ('cli@example.com', 'x')
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, 'Checking', $2) RETURNING id",
    )
    .bind(user)
    .bind(currency)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn write_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kakeibo-cli-import-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[tokio::test]
async fn imports_a_file_once_and_reports_what_it_did() {
    let db = TestDb::new().await.unwrap();
    let account = account(&db).await;
    let file = write_file(
        "bank.csv",
        "Date,Description,Amount\n2026-02-01,REWE,-10.00\n2026-02-02,Lidl,-5.50\n",
    );
    let run = || {
        run_to_end(
            kakeibo()
                .arg("import")
                .arg(&file)
                .args(["--account", &account.to_string()])
                .env("KAKEIBO_DATABASE__URL", db.url()),
        )
    };
    let stdout = succeeded(&run(), "kakeibo import");
    assert!(
        stdout.contains("2 rows read, 2 added, 0 already there"),
        "{stdout}"
    );
    let again = run();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("2 rows read, 0 added, 2 already there"),
        "{stdout}"
    );
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 2);
}

#[tokio::test]
async fn a_bad_file_is_one_line_naming_the_line_and_nothing_is_written() {
    let db = TestDb::new().await.unwrap();
    let account = account(&db).await;
    let file = write_file(
        "bank.csv",
        "Date,Description,Amount\n2026-02-01,REWE,-10.00\n2099-02-02,Future,-5.50\n",
    );
    let output = run_to_end(
        kakeibo()
            .arg("import")
            .arg(&file)
            .args(["--account", &account.to_string()])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    assert_one_line_error(&output, &["bank.csv", "line 3", "date", "future"]);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);

    let unknown = run_to_end(
        kakeibo()
            .arg("import")
            .arg(&file)
            .args(["--account", &Uuid::new_v4().to_string()])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    assert_one_line_error(&unknown, &["there is no account"]);
}

#[tokio::test]
async fn every_format_imports_from_the_command_line_once() {
    let db = TestDb::new().await.unwrap();
    for file in STATEMENT_FILES {
        let account = account_in(&db, file.currency).await;
        let rows = file.rows();
        let run = || {
            let mut command = kakeibo();
            command
                .arg("import")
                .arg(file.full_path())
                .args(["--account", &account.to_string()])
                .env("KAKEIBO_DATABASE__URL", db.url());
            if file.qif_day_first {
                command.arg("--qif-day-first");
            }
            run_to_end(&mut command)
        };
        for expected in [
            format!("{rows} rows read, {rows} added, 0 already there"),
            format!("{rows} rows read, 0 added, {rows} already there"),
        ] {
            let stdout = succeeded(&run(), file.kind);
            assert!(stdout.contains(&expected), "{}: {stdout}", file.kind);
        }
        let stored: i64 =
            sqlx::query_scalar("SELECT count(*) FROM transactions WHERE account_id = $1")
                .bind(account)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(stored as usize, rows, "{}", file.kind);
    }
}

/// Issue 16, 3.7: an OFX file holding three accounts; `--account` takes the statement no
/// number matched, the others go to the accounts their numbers name, one line each.
#[tokio::test]
async fn a_file_with_several_accounts_imports_each_into_its_account() {
    let db = TestDb::new().await.unwrap();
    let savings = account_in(&db, "USD").await;
    let user: Uuid = sqlx::query_scalar("SELECT user_id FROM accounts WHERE id = $1")
        .bind(savings)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut numbered = Vec::new();
    for (name, mask) in [("Checking", "2333"), ("Visa", "4321")] {
        let id: Uuid = sqlx::query_scalar(
            "INSERT INTO accounts (user_id, name, currency, mask) VALUES ($1, $2, 'USD', $3) RETURNING id",
        )
        .bind(user)
        .bind(name)
        .bind(mask)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        numbered.push(id);
    }
    let file = kakeibo_tests::workspace_root()
        .join("services/statements/tests/fixtures/ofx/multi_account.ofx");
    let output = run_to_end(
        kakeibo()
            .arg("import")
            .arg(&file)
            .args(["--account", &savings.to_string()])
            .env("KAKEIBO_DATABASE__URL", db.url()),
    );
    let stdout = succeeded(&output, "kakeibo import");
    assert_eq!(
        stdout.lines().filter(|l| l.contains("rows read")).count(),
        3,
        "one line per statement: {stdout}"
    );
    assert!(
        stdout.contains("(statement of XXXXXXXXXXXX4321 into Visa): 3 rows read, 3 added"),
        "{stdout}"
    );
    for (account, rows) in [(numbered[0], 2), (savings, 1), (numbered[1], 3)] {
        let stored: i64 =
            sqlx::query_scalar("SELECT count(*) FROM transactions WHERE account_id = $1")
                .bind(account)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(stored, rows);
    }
}
