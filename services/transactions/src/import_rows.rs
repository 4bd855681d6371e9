//! The importer's reads and writes (bank-sync's `import`): the rows an incoming statement is
//! matched against, the new rows by COPY, and pending rows posted by their twins. Which rows
//! are new and which are twins is the importer's decision; this module only stores it.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::transactions::midnight;

/// A transaction already stored in the account, as the import matcher needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stored {
    pub id: Uuid,
    pub booked_on: NaiveDate,
    /// The exact time, for transfer detection's window (rows entered by hand carry one).
    pub booked_at: DateTime<Utc>,
    pub amount: Decimal,
    pub source_id: Option<String>,
    pub payee: String,
    pub pending: bool,
    pub deleted: bool,
    /// Already half of a transfer.
    pub linked: bool,
}

/// The account's rows booked in `[from, to)`, deleted ones included (so that a deleted
/// transaction is recognised and stays deleted), and its older pending rows.
pub async fn stored_for_matching(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, (booked_at AT TIME ZONE 'UTC')::date AS booked_on, booked_at, amount,
                provider_transaction_id AS source_id, payee,
                status = 'pending' AS pending, deleted_at IS NOT NULL AS deleted,
                transfer_id IS NOT NULL AS linked
         FROM transactions
         WHERE user_id = $1 AND account_id = $2
           AND ((booked_at >= $3 AND booked_at < $4)
                -- An older pending row may post under its id long after (a hotel, a car rental).
                OR (status = 'pending' AND booked_at < $3))",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// A new row of a statement, borrowed from the importer's line.
#[derive(Debug, Clone, Copy)]
pub struct NewRow<'a> {
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    pub pending: bool,
    pub payee: &'a str,
    pub description: &'a str,
    pub source_id: Option<&'a str>,
    pub merchant_category_code: Option<&'a str>,
}

/// Ids for `count` new rows, chosen before the COPY so the importer can pair transfers
/// while it runs. Time-ordered ids (v7) land at the right edge of the id indexes; random ones
/// touch a different page for every row.
pub fn new_row_ids(count: usize) -> Vec<Uuid> {
    (0..count).map(|_| Uuid::now_v7()).collect()
}

/// Adds `rows` to the account by COPY, with the `ids` from [`new_row_ids`] (in `rows`' order),
/// in the account's `currency`, marked with the import. COPY is about twice as fast as a
/// multi-row INSERT into the hypertable (STACK.md 12).
pub async fn copy_new_rows(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    currency: &str,
    import_id: Uuid,
    rows: &[NewRow<'_>],
    ids: &[Uuid],
) -> Result<(), sqlx::Error> {
    assert_eq!(rows.len(), ids.len(), "one id per new row");
    if rows.is_empty() {
        return Ok(());
    }
    let mut copy = conn
        .copy_in_raw(
            "COPY transactions (id, user_id, account_id, booked_at, amount, currency, status, payee, description,
                                provider_transaction_id, import_id, merchant_category_code)
             FROM STDIN (FORMAT csv)",
        )
        .await?;
    let mut buffer = String::with_capacity(64 * 1024);
    for (row, id) in rows.iter().zip(ids) {
        let status = if row.pending { "pending" } else { "posted" };
        let _ = write!(
            buffer,
            "{id},{user_id},{account_id},{} 00:00:00+00,{},{currency},{status},",
            row.booked_on, row.amount
        );
        push_csv_field(&mut buffer, row.payee);
        buffer.push(',');
        push_csv_field(&mut buffer, row.description);
        buffer.push(',');
        // Unquoted empty is NULL in COPY's CSV format.
        if let Some(id) = row.source_id {
            push_csv_field(&mut buffer, id);
        }
        let _ = write!(buffer, ",{import_id},");
        // Four digits (`kakeibo_statements::statement::merchant_category_code`): no quoting.
        let _ = writeln!(buffer, "{}", row.merchant_category_code.unwrap_or(""));
        if buffer.len() > 1024 * 1024 {
            copy.send(buffer.as_bytes()).await?;
            buffer.clear();
        }
    }
    copy.send(buffer.as_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

/// Always quoted, quotes doubled; NUL (which Postgres text cannot hold) dropped.
fn push_csv_field(buffer: &mut String, value: &str) {
    buffer.push('"');
    for c in value.chars() {
        match c {
            '"' => buffer.push_str("\"\""),
            '\0' => {}
            c => buffer.push(c),
        }
    }
    buffer.push('"');
}

/// The posted twin of the stored pending row `id`, as the statement has it.
#[derive(Debug, Clone, Copy)]
pub struct PostedTwin<'a> {
    pub id: Uuid,
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    pub source_id: Option<&'a str>,
    pub description: &'a str,
}

/// The posted twin replaces the pending row in place: the row keeps its id, category and
/// notes, and takes the bank's final date, amount and id.
pub async fn post_pending(
    conn: &mut PgConnection,
    user_id: Uuid,
    posted: &[PostedTwin<'_>],
) -> Result<(), sqlx::Error> {
    if posted.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = posted.iter().map(|p| p.id).collect();
    let dates: Vec<DateTime<Utc>> = posted.iter().map(|p| midnight(p.booked_on)).collect();
    let amounts: Vec<Decimal> = posted.iter().map(|p| p.amount).collect();
    let source_ids: Vec<Option<&str>> = posted.iter().map(|p| p.source_id).collect();
    let descriptions: Vec<String> = posted
        .iter()
        .map(|p| p.description.replace('\0', ""))
        .collect();
    // The bank's final date may lie in another chunk of the hypertable: move first.
    let moves: Vec<(Uuid, DateTime<Utc>)> =
        ids.iter().copied().zip(dates.iter().copied()).collect();
    crate::rebook::rebook(&mut *conn, user_id, &moves).await?;
    sqlx::query(
        "UPDATE transactions t
         SET status = 'posted', amount = u.amount,
             provider_transaction_id = u.source_id, description = u.description
         FROM UNNEST($2::uuid[], $3::numeric[], $4::text[], $5::text[])
              AS u(id, amount, source_id, description)
         WHERE t.user_id = $1 AND t.id = u.id",
    )
    .bind(user_id)
    .bind(ids)
    .bind(amounts)
    .bind(source_ids)
    .bind(descriptions)
    .execute(conn)
    .await?;
    Ok(())
}

/// A row an import added, as an alert about it needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddedRow {
    pub id: Uuid,
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub payee: String,
    pub description: String,
}

/// The rows import `import_id` added that take at least `amount` out of the account (for the
/// large-transaction alert), oldest first.
pub async fn added_outgoing_at_least(
    conn: &mut PgConnection,
    user_id: Uuid,
    import_id: Uuid,
    amount: Decimal,
) -> Result<Vec<AddedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, booked_at::date AS booked_on, amount, currency::text AS currency,
                coalesce(payee, '') AS payee, coalesce(description, '') AS description
         FROM transactions
         WHERE user_id = $1 AND import_id = $2 AND deleted_at IS NULL AND amount <= -$3
         ORDER BY booked_at, id",
    )
    .bind(user_id)
    .bind(import_id)
    .bind(amount)
    .fetch_all(conn)
    .await
}

/// The rows import `import_id` added that the categorizer has seen and left without a
/// category (the review queue's rule), oldest first; rows still waiting for the chat model's
/// answer are not among them yet. `payee` is the merchant's display name where the
/// categorizer found one.
pub async fn added_waiting_for_review(
    conn: &mut PgConnection,
    user_id: Uuid,
    import_id: Uuid,
) -> Result<Vec<AddedRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, booked_at::date AS booked_on, amount, currency::text AS currency,
                coalesce(nullif(merchant, ''), payee, '') AS payee,
                coalesce(description, '') AS description
         FROM transactions
         WHERE user_id = $1 AND import_id = $2 AND llm_retry_at IS NULL AND {}
         ORDER BY booked_at, id",
        crate::review::WAITING
    )))
    .bind(user_id)
    .bind(import_id)
    .fetch_all(conn)
    .await
}
