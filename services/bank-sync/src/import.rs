//! Writing a statement into an account: check it, match it against what the account holds,
//! then add the new rows (COPY) and post the pending ones their twins replace, all in one
//! transaction. An import is all or nothing: any bad line fails the whole file. The rows
//! are the transactions crate's: it reads and writes them (`kakeibo_transactions::import_rows`),
//! this module decides what to write.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_transactions::import_rows::{self, NewRow, PostedTwin, Stored};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::matcher::{self, Decision, MatchKind};
use crate::statement::{ParseError, Statement, StatementLine};
use crate::transfers;

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

/// New rows from which an import looks for transfers beside its COPY: below, the second
/// connection would cost more than the query it hides.
const BESIDE_FROM_ROWS: usize = 1_000;

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
    let report = import_in(&mut tx, Some(db), user_id, account_id, statement, source).await?;
    tx.commit().await?;
    Ok(report)
}

/// The same inside a caller's transaction (a provider sync also updates its cursor there).
/// `beside`: a pool whose connections may read the user's other accounts beside this
/// transaction; only when the transaction has not written to those accounts yet (the
/// second connection cannot see its uncommitted rows).
pub async fn import_in(
    conn: &mut PgConnection,
    beside: Option<&PgPool>,
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
    let new_ids = import_rows::new_row_ids(new_rows.len());
    let own = transfer_candidates(
        account_id,
        &currency,
        (first, last),
        &stored,
        &new_rows,
        &new_ids,
        &posted,
    );
    let store = async |conn: &mut PgConnection| {
        import_rows::copy_new_rows(
            conn, user_id, account_id, &currency, import_id, &new_rows, &new_ids,
        )
        .await?;
        import_rows::post_pending(conn, user_id, &posted).await
    };
    // On a big file the other accounts' opposite amounts are read on a second connection while
    // the COPY runs, a core each. The wait for that connection is short: imports that each
    // hold one and wait for another would otherwise deadlock a full pool.
    let beside = match beside {
        Some(pool) if new_rows.len() >= BESIDE_FROM_ROWS => {
            tokio::time::timeout(std::time::Duration::from_millis(100), pool.acquire())
                .await
                .ok()
                .and_then(Result::ok)
        }
        _ => None,
    };
    report.transfers_linked = match beside {
        Some(mut other) => {
            transfers::lock(conn, user_id).await?;
            let (_, others) = tokio::try_join!(
                store(&mut *conn),
                transfers::opposites(&mut other, user_id, account_id, &currency, &own),
            )?;
            drop(other);
            transfers::link_found(conn, user_id, &own, &others).await?
        }
        None => {
            store(&mut *conn).await?;
            transfers::link_new(conn, user_id, account_id, &currency, &own).await?
        }
    };

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

/// The account's rows that may be half of a transfer after this import, from what the import
/// holds: live, posted, unlinked, non-zero rows booked on the statement's dates, whether they
/// were stored before, added now, or posted now by their twins.
fn transfer_candidates(
    account_id: Uuid,
    currency: &str,
    (first, last): (NaiveDate, NaiveDate),
    stored: &[Stored],
    new_rows: &[NewRow<'_>],
    new_ids: &[Uuid],
    posted: &[PostedTwin<'_>],
) -> Vec<transfers::Candidate> {
    let linked: HashSet<Uuid> = stored
        .iter()
        .filter(|row| row.linked)
        .map(|row| row.id)
        .collect();
    let candidate = |id: Uuid, booked_at, amount| transfers::Candidate {
        id,
        account_id,
        booked_at,
        amount,
        currency: currency.to_string(),
    };
    let before = stored
        .iter()
        .filter(|row| !row.pending && !row.deleted && !row.linked)
        .filter(|row| (first..=last).contains(&row.booked_on))
        .map(|row| candidate(row.id, row.booked_at, row.amount));
    let added = new_rows
        .iter()
        .zip(new_ids)
        .filter(|(row, _)| !row.pending)
        .map(|(row, id)| candidate(*id, transfers::midnight(row.booked_on), row.amount));
    let now_posted = posted
        .iter()
        .filter(|twin| !linked.contains(&twin.id))
        .map(|twin| candidate(twin.id, transfers::midnight(twin.booked_on), twin.amount));
    before
        .chain(added)
        .chain(now_posted)
        .filter(|row| !row.amount.is_zero())
        .collect()
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

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use rust_decimal::Decimal;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    fn stored(d: u32, amount: i64, pending: bool, deleted: bool, linked: bool) -> Stored {
        Stored {
            id: Uuid::new_v4(),
            booked_on: day(d),
            booked_at: format!("2025-03-{d:02}T14:30:00Z")
                .parse::<DateTime<Utc>>()
                .unwrap(),
            amount: Decimal::from(amount),
            source_id: None,
            payee: String::new(),
            pending,
            deleted,
            linked,
        }
    }

    fn new(d: u32, amount: i64, pending: bool) -> NewRow<'static> {
        NewRow {
            booked_on: day(d),
            amount: Decimal::from(amount),
            pending,
            payee: "",
            description: "",
            source_id: None,
            merchant_category_code: None,
        }
    }

    #[test]
    fn transfer_candidates_are_the_live_posted_unlinked_rows_on_the_statements_dates() {
        let account = Uuid::new_v4();
        let kept = stored(10, -50, false, false, false);
        let pending_posted_now = stored(9, -20, true, false, false);
        let linked_pending = stored(9, -21, true, false, true);
        let stored_rows = vec![
            kept.clone(),
            stored(11, -5, true, false, false),  // still pending
            stored(12, -6, false, true, false),  // deleted
            stored(13, -7, false, false, true),  // already half of a transfer
            stored(4, -8, false, false, false),  // before the statement's first day
            stored(16, -9, false, false, false), // after its last
            stored(14, 0, false, false, false),  // nothing moved
            pending_posted_now.clone(),
            linked_pending.clone(),
        ];
        let new_rows = [new(10, 30, false), new(11, 31, true), new(12, 0, false)];
        let new_ids = [Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
        let twin = |row: &Stored, d: u32| PostedTwin {
            id: row.id,
            booked_on: day(d),
            amount: Decimal::from(-22),
            source_id: None,
            description: "",
        };
        let posted = [twin(&pending_posted_now, 12), twin(&linked_pending, 12)];

        let own = transfer_candidates(
            account,
            "EUR",
            (day(5), day(15)),
            &stored_rows,
            &new_rows,
            &new_ids,
            &posted,
        );

        let seen: Vec<(Uuid, DateTime<Utc>, Decimal)> =
            own.iter().map(|c| (c.id, c.booked_at, c.amount)).collect();
        assert_eq!(
            seen,
            vec![
                (kept.id, kept.booked_at, Decimal::from(-50)),
                (new_ids[0], transfers::midnight(day(10)), Decimal::from(30)),
                (
                    pending_posted_now.id,
                    transfers::midnight(day(12)),
                    Decimal::from(-22)
                ),
            ]
        );
        assert!(
            own.iter()
                .all(|c| c.account_id == account && c.currency == "EUR")
        );
    }
}
