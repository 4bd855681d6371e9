//! Import speed, end to end: `cargo run --release -p kakeibo-tests --bin bench-import [ROWS]`.
//! Generates a statement file of ROWS rows (default 100,000) in each format, then times
//! parse + match + write into a fresh account, and the same file again (which must add 0).

// Timing figures, not money.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use chrono::{Duration as Days, Utc};
use kakeibo_bank_sync::import::{self, ImportSource};
use kakeibo_bank_sync::parse;
use kakeibo_bank_sync::statement::Statement;
use kakeibo_tests::TestDb;
use uuid::Uuid;

const PAYEES: [&str; 8] = [
    "REWE",
    "Lidl",
    "Shell",
    "Deutsche Bahn",
    "Amazon",
    "Cafe Noir",
    "Apotheke",
    "Netflix",
];

#[tokio::main]
async fn main() -> Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let db = TestDb::new().await?;
    println!(
        "{rows} rows per file, {} cores",
        std::thread::available_parallelism()?
    );

    let csv = csv_file(rows);
    let mapping = parse::csv::preset("generic").expect("the generic preset exists");
    bench(&db, "csv", &csv, |bytes| {
        Ok(parse::csv::parse(bytes, &mapping)?)
    })
    .await?;

    let ofx = ofx_file(rows);
    bench(&db, "ofx", &ofx, |bytes| {
        Ok(parse::ofx::parse(bytes)?.swap_remove(0))
    })
    .await?;
    Ok(())
}

async fn bench(
    db: &TestDb,
    format: &str,
    file: &[u8],
    parse: impl Fn(&[u8]) -> Result<Statement>,
) -> Result<()> {
    let (user, account) = account(db, format).await?;
    let source = ImportSource {
        kind: "file",
        format: Some(format),
        filename: None,
    };
    for round in ["first import", "same file again"] {
        let started = Instant::now();
        let statement = parse(file)?;
        let parsed = started.elapsed();
        let report = import::import(&db.pool, user, account, &statement, source.clone()).await?;
        let total = started.elapsed();
        if round == "first import" {
            ensure!(report.rows_added == statement.lines.len(), "{report:?}");
        } else {
            ensure!(report.rows_added == 0, "re-import added rows: {report:?}");
        }
        println!(
            "{format:>4} {round:<16} {:>8.0} rows/s  (total {:>6.0} ms: parse {:>5.0} ms, match + write {:>6.0} ms; {} MB)",
            statement.lines.len() as f64 / total.as_secs_f64(),
            ms(total),
            ms(parsed),
            ms(total - parsed),
            file.len() / 1_000_000
        );
    }
    Ok(())
}

async fn account(db: &TestDb, name: &str) -> Result<(Uuid, Uuid)> {
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
    )
    .bind(format!("{name}@bench.example"))
    .fetch_one(&db.pool)
    .await?;
    let account: Uuid = sqlx::query_scalar(
        "INSERT INTO accounts (user_id, name, currency) VALUES ($1, $2, 'EUR') RETURNING id",
    )
    .bind(user)
    .bind(name)
    .fetch_one(&db.pool)
    .await?;
    Ok((user, account))
}

/// Rows spread over the last ~3 years, several a day, amounts from a small set (as real
/// statements are: the same coffee, the same subscription), which is the matcher's hard case.
fn row(i: usize) -> (chrono::NaiveDate, String, &'static str) {
    let date = Utc::now().date_naive() - Days::days((i / 90) as i64);
    let cents = -((i * 7919 % 20_000) as i64) - 100;
    let amount = format!("{}.{:02}", cents / 100, (cents % 100).abs());
    (date, amount, PAYEES[i % PAYEES.len()])
}

fn csv_file(rows: usize) -> Vec<u8> {
    let mut out = String::from("Date,Description,Amount\n");
    for i in 0..rows {
        let (date, amount, payee) = row(i);
        out.push_str(&format!("{date},{payee} card payment {i},{amount}\n"));
    }
    out.into_bytes()
}

fn ofx_file(rows: usize) -> Vec<u8> {
    let mut out = String::from(
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\n",
    );
    for i in 0..rows {
        let (date, amount, payee) = row(i);
        out.push_str(&format!(
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{}<TRNAMT>{amount}<FITID>F{i}<NAME>{payee}<MEMO>card payment {i}</STMTTRN>\n",
            date.format("%Y%m%d")
        ));
    }
    out.push_str("</BANKTRANLIST><LEDGERBAL><BALAMT>0<DTASOF>20260101</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n");
    out.into_bytes()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
