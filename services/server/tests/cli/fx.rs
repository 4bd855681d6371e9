//! `kakeibo fx import FILE`, as a person runs it: ECB files and plain lists, a second run
//! that changes nothing, and a bad file that names its line and writes nothing.

use kakeibo_tests::TestDb;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::support::{kakeibo, run_to_end};
use crate::{assert_one_line_error, succeeded};

fn write_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kakeibo-cli-fx-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn fx_import(db: &TestDb, file: &std::path::Path) -> std::process::Output {
    run_to_end(
        kakeibo()
            .args(["fx", "import"])
            .arg(file)
            .env("KAKEIBO_DATABASE__URL", db.url()),
    )
}

async fn rate(db: &TestDb, from: &str, to: &str, on: &str) -> Option<Decimal> {
    sqlx::query_scalar("SELECT fx_rate($1::char(3), $2::char(3), $3::date)")
        .bind(from)
        .bind(to)
        .bind(on)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn imports_ecb_rates_once_and_reports_what_it_did() {
    let db = TestDb::new().await.unwrap();
    let file = write_file(
        "eurofxref-hist.csv",
        "Date,USD,JPY,\n2026-02-03,1.0400,160.50,\n2026-02-02,1.0350,N/A,\n",
    );
    let stdout = succeeded(&fx_import(&db, &file), "kakeibo fx import");
    assert!(
        stdout.contains("3 rates read from 2026-02-02 to 2026-02-03, 3 new or changed"),
        "{stdout}"
    );
    let again = fx_import(&db, &file);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("3 rates read"), "{stdout}");
    assert!(stdout.contains(", 0 new or changed"), "{stdout}");
    assert_eq!(
        rate(&db, "EUR", "USD", "2026-02-02").await,
        Some("1.0350".parse().unwrap())
    );
    // No JPY rate on the 2nd: the latest before it is none, so none.
    assert_eq!(rate(&db, "EUR", "JPY", "2026-02-02").await, None);
    assert_eq!(
        rate(&db, "EUR", "JPY", "2026-02-04").await,
        Some("160.50".parse().unwrap())
    );
}

#[tokio::test]
async fn a_bad_line_is_named_and_nothing_is_written() {
    let db = TestDb::new().await.unwrap();
    let file = write_file(
        "rates.csv",
        "date,base,quote,rate\n2026-02-02,USD,GBP,0.79\n2026-02-03,USD,GBP,lots\n",
    );
    let output = fx_import(&db, &file);
    assert_one_line_error(&output, &["rates.csv", "line 3"]);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM fx_rates")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let missing = fx_import(&db, std::path::Path::new("/nonexistent/rates.csv"));
    assert_one_line_error(&missing, &["/nonexistent/rates.csv", "cannot read it"]);
}
