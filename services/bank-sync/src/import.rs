//! Writing a statement into an account: check it, match it against what the account holds,
//! then add the new rows (COPY) and post the pending ones their twins replace, all in one
//! transaction. An import is all or nothing: any bad line fails the whole file. The rows
//! are the transactions crate's: it reads and writes them (`kakeibo_transactions::import_rows`),
//! this module decides what to write.

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_transactions::import_rows::{self, NewRow, PostedTwin};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::matcher::{self, Decision, MatchKind, Stored};
use crate::statement::{ParseError, Statement, StatementLine};

/// Where rows came from, recorded on the import.
#[derive(Debug, Clone)]
pub struct ImportSource<'a> {
    /// `file`, or the provider of a sync (`demo`, `plaid`, …).
    pub kind: &'a str,
    pub format: Option<&'a str>,
    pub filename: Option<&'a str>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub import_id: Uuid,
    pub rows_read: usize,
    pub rows_added: usize,
    /// Already in the account (or deleted by the user): left as they are.
    pub rows_matched: usize,
    /// Pending rows replaced by their posted twin.
    pub rows_posted: usize,
    /// Transfers between the user's own accounts that this import completed.
    pub transfers_linked: usize,
    /// The stored rows the statement's lines matched (a sync keeps these, see
    /// `SyncPage::complete_since`).
    #[serde(skip)]
    pub matched_ids: Vec<Uuid>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no such account")]
    AccountNotFound,
    #[error(transparent)]
    Invalid(#[from] ParseError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Tomorrow is allowed (time zones, banks booking ahead overnight); later is an error.
const FUTURE_TOLERANCE_DAYS: i64 = 1;

pub async fn import(
    db: &PgPool,
    user_id: Uuid,
    account_id: Uuid,
    statement: &Statement,
    source: ImportSource<'_>,
) -> Result<ImportReport, ImportError> {
    let mut tx = db.begin().await?;
    let report = import_in(&mut tx, user_id, account_id, statement, source).await?;
    tx.commit().await?;
    Ok(report)
}

/// The same inside a caller's transaction (a provider sync also updates its cursor there).
pub async fn import_in(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    statement: &Statement,
    source: ImportSource<'_>,
) -> Result<ImportReport, ImportError> {
    // The lock serializes imports into one account: two at once would both see a row as new.
    let currency = check_statement(conn, user_id, account_id, statement, Lock::ForUpdate).await?;

    let import_id: Uuid = sqlx::query_scalar(
        "INSERT INTO imports (user_id, account_id, source, format, filename, rows_read)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(source.kind)
    .bind(source.format)
    .bind(source.filename)
    .bind(statement.lines.len() as i32)
    .fetch_one(&mut *conn)
    .await?;
    let mut report = ImportReport {
        import_id,
        rows_read: statement.lines.len(),
        ..Default::default()
    };
    let Some((first, last)) = date_range(&statement.lines) else {
        return Ok(report);
    };

    let stored = load_stored(conn, user_id, account_id, first, last).await?;
    let decisions = matcher::match_batch(&stored, &statement.lines);
    let mut new_rows = Vec::new();
    let mut posted = Vec::new();
    for decision in decisions {
        if let Decision::Matched { stored, .. } = &decision {
            report.matched_ids.push(*stored);
        }
        match decision {
            Decision::Insert { incoming } => new_rows.push(new_row(&statement.lines[incoming])),
            Decision::Matched {
                incoming,
                stored,
                kind: MatchKind::PendingPosted,
            } => posted.push(posted_twin(stored, &statement.lines[incoming])),
            Decision::Matched { .. } => report.rows_matched += 1,
        }
    }
    report.rows_added = new_rows.len();
    report.rows_posted = posted.len();
    import_rows::copy_new_rows(conn, user_id, account_id, &currency, import_id, &new_rows).await?;
    import_rows::post_pending(conn, user_id, &posted).await?;
    report.transfers_linked =
        crate::transfers::link_new(conn, user_id, account_id, first, last).await?;

    sqlx::query(
        "UPDATE imports SET rows_added = $2, rows_matched = $3, rows_posted = $4 WHERE id = $1",
    )
    .bind(import_id)
    .bind(report.rows_added as i32)
    .bind(report.rows_matched as i32)
    .bind(report.rows_posted as i32)
    .execute(&mut *conn)
    .await?;
    if report.rows_added > 0 {
        crate::alerts::large_transactions(conn, user_id, import_id, &currency).await?;
    }
    if report.rows_added > 0 || report.rows_posted > 0 {
        kakeibo_core::jobs::announce_new_transactions(
            conn,
            &kakeibo_core::jobs::NewTransactions {
                user_id,
                account_id,
                import_id,
                rows_added: report.rows_added,
            },
        )
        .await?;
    }
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), %account_id, %import_id, rows = report.rows_read, added = report.rows_added,
        matched = report.rows_matched, posted = report.rows_posted, transfers = report.transfers_linked, "import done");
    Ok(report)
}

/// Whether `check_statement` locks the account row (an import) or only reads it (a preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    ForUpdate,
    No,
}

/// What an import checks before it writes: the account is the user's and open, and the
/// statement fits it (`check`). The preview runs the same checks, so it refuses what the
/// import would. Returns the account's currency.
pub async fn check_statement(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    statement: &Statement,
    lock: Lock,
) -> Result<String, ImportError> {
    let sql = match lock {
        Lock::ForUpdate => {
            "SELECT currency::text FROM accounts WHERE user_id = $1 AND id = $2 AND archived_at IS NULL FOR UPDATE"
        }
        Lock::No => {
            "SELECT currency::text FROM accounts WHERE user_id = $1 AND id = $2 AND archived_at IS NULL"
        }
    };
    let currency: String = sqlx::query_scalar(sql)
        .bind(user_id)
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(ImportError::AccountNotFound)?;
    check(statement, &currency)?;
    Ok(currency)
}

/// Rejects what no bank statement holds: dates in the future, another currency.
fn check(statement: &Statement, account_currency: &str) -> Result<(), ParseError> {
    if let Some(file_currency) = &statement.currency
        && !file_currency.eq_ignore_ascii_case(account_currency)
    {
        return Err(ParseError::new(
            1,
            Some("currency"),
            format!(
                "the file is in {file_currency}, the account in {account_currency}; import it into a {file_currency} account"
            ),
        ));
    }
    let latest = Utc::now().date_naive() + Duration::days(FUTURE_TOLERANCE_DAYS);
    for line in &statement.lines {
        if line.booked_on > latest {
            return Err(ParseError::new(
                line.source_line,
                Some("date"),
                format!("{} is in the future", line.booked_on),
            ));
        }
        if let Some(currency) = &line.currency
            && !currency.eq_ignore_ascii_case(account_currency)
        {
            return Err(ParseError::new(
                line.source_line,
                Some("currency"),
                format!("{currency} does not match the account's {account_currency}"),
            ));
        }
    }
    Ok(())
}

fn date_range(lines: &[StatementLine]) -> Option<(NaiveDate, NaiveDate)> {
    let first = lines.iter().map(|l| l.booked_on).min()?;
    let last = lines.iter().map(|l| l.booked_on).max()?;
    Some((first, last))
}

async fn load_stored(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<Stored>, sqlx::Error> {
    let window = Duration::days(matcher::DATE_WINDOW_DAYS);
    let from = (first - window)
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let to = (last + window + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    import_rows::stored_for_matching(conn, user_id, account_id, from, to).await
}

fn new_row(line: &StatementLine) -> NewRow<'_> {
    NewRow {
        booked_on: line.booked_on,
        amount: line.amount,
        pending: line.pending,
        payee: &line.payee,
        description: &line.description,
        source_id: line.source_id.as_deref(),
        merchant_category_code: line.merchant_category_code.as_deref(),
    }
}

fn posted_twin(stored: Uuid, line: &StatementLine) -> PostedTwin<'_> {
    PostedTwin {
        id: stored,
        booked_on: line.booked_on,
        amount: line.amount,
        source_id: line.source_id.as_deref(),
        description: &line.description,
    }
}
