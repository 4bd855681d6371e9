//! `kakeibo fx import FILE`: exchange rates for budgets in other currencies. A bad file is a
//! one-line error naming the line, and nothing is written.

use std::path::Path;

use kakeibo_budget::fx::{self, ImportError};
use kakeibo_core::StartupError;
use sqlx::PgPool;

/// The ECB's full history since 1999 is about 7 MB.
const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

pub async fn import(db: &PgPool, path: &Path) -> Result<(), StartupError> {
    let file = path.display().to_string();
    let fail = |message: String| StartupError::Other(format!("{file}: {message}"));
    let size = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read it: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(format!(
            "{size} bytes is more than a rates file holds"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let report = fx::import(db, &bytes).await.map_err(|e| match e {
        ImportError::File(e) => fail(e.to_string()),
        ImportError::Database(e) => fail(format!("database error: {e}")),
    })?;
    let span = match (report.first_date, report.last_date) {
        (Some(first), Some(last)) => format!(" from {first} to {last}"),
        _ => String::new(),
    };
    println!(
        "{file}: {} rates read{span}, {} new or changed",
        report.rates_read, report.rates_written
    );
    Ok(())
}
