//! The GDPR export's one shape (issue 23): every owning crate's `export_user` streams its
//! rows of one user, each as the text of a JSON object, into a [`RecordSink`];
//! `kakeibo-privacy` supplies the sink that writes the zip. Rows go from the database
//! cursor to the sink one at a time, so an export's memory does not grow with the user's
//! history.

use futures::TryStreamExt;
use futures::future::BoxFuture;
use sqlx::PgConnection;
use uuid::Uuid;

/// Where exported rows go. `kind` names the record's type (`"transaction"`); `object` is
/// the row as the text of one JSON object (money as decimal strings, never numbers).
pub trait RecordSink: Send {
    fn record(&mut self, kind: &str, object: &str) -> std::io::Result<()>;

    /// Waits until the sink takes another record. A sink that writes on its own thread
    /// holds the cursor back here while its writer is behind; others are always ready.
    fn ready(&mut self) -> BoxFuture<'_, std::io::Result<()>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// Streams the rows `sql` selects for the user `$1` into `sink` as records of `kind`.
/// `sql` selects one text column: the row's JSON object. Answers how many rows went.
pub async fn stream_rows(
    conn: &mut PgConnection,
    sink: &mut dyn RecordSink,
    kind: &str,
    sql: impl sqlx::SqlSafeStr,
    user_id: Uuid,
) -> Result<u64, ExportError> {
    let mut rows = sqlx::query_scalar::<_, String>(sql)
        .bind(user_id)
        .fetch(conn);
    let mut count = 0;
    while let Some(object) = rows.try_next().await? {
        sink.ready().await?;
        sink.record(kind, &object)?;
        count += 1;
    }
    Ok(count)
}

/// Streams several tables of one owner, in order: `(kind, sql)` pairs as [`stream_rows`]
/// takes them.
pub async fn stream_tables(
    conn: &mut PgConnection,
    sink: &mut dyn RecordSink,
    user_id: Uuid,
    tables: &[(&str, &'static str)],
) -> Result<(), ExportError> {
    for (kind, sql) in tables {
        stream_rows(conn, sink, kind, *sql, user_id).await?;
    }
    Ok(())
}

/// A big table's rows as `row_to_json` objects of its own columns, which Postgres builds in
/// a third of the time `to_jsonb(t) - …` takes (a million transactions: docs/performance.md).
/// The columns are read from the catalog, so a new column is exported without a change here.
pub struct TableRows {
    /// The table, as the SQL names it; its rows are `t` in `filter`.
    pub table: &'static str,
    /// Columns left out of the record.
    pub omit: &'static [&'static str],
    /// Columns written as JSON strings (money, so no reader takes it for a float).
    pub as_text: &'static [&'static str],
    /// What follows `FROM table t`: `WHERE t.user_id = $1 ORDER BY …`.
    pub filter: &'static str,
}

/// Streams `rows` of the user `$1` into `sink` as records of `kind`; see [`TableRows`].
pub async fn stream_table(
    conn: &mut PgConnection,
    sink: &mut dyn RecordSink,
    kind: &str,
    rows: &TableRows,
    user_id: Uuid,
) -> Result<u64, ExportError> {
    let columns: Option<String> = sqlx::query_scalar(
        "SELECT string_agg(CASE WHEN a.attname = ANY($3)
                                THEN format('t.%I::text AS %I', a.attname, a.attname)
                                ELSE format('t.%I', a.attname) END,
                           ', ' ORDER BY a.attnum)
         FROM pg_attribute a
         WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attname <> ALL($2)",
    )
    .bind(rows.table)
    .bind(rows.omit)
    .bind(rows.as_text)
    .fetch_one(&mut *conn)
    .await?;
    let columns = columns
        .ok_or_else(|| sqlx::Error::Protocol(format!("{} has no columns to export", rows.table)))?;
    // LATERAL names the record's fields; Postgres flattens it into one ROW() per row.
    let sql = format!(
        "SELECT row_to_json(r)::text FROM {} t, LATERAL (SELECT {columns}) r {}",
        rows.table, rows.filter
    );
    // Static text and catalog names quoted by format's %I: nothing a user wrote.
    stream_rows(conn, sink, kind, sqlx::AssertSqlSafe(sql), user_id).await
}

/// Records kept in memory, parsed: for tests and small callers that want the values.
#[derive(Debug, Default)]
pub struct CollectedRecords(pub Vec<(String, serde_json::Value)>);

impl CollectedRecords {
    /// The records of one kind, in the order they came.
    pub fn of(&self, kind: &str) -> Vec<&serde_json::Value> {
        self.0
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, v)| v)
            .collect()
    }
}

impl RecordSink for CollectedRecords {
    fn record(&mut self, kind: &str, object: &str) -> std::io::Result<()> {
        let value = serde_json::from_str(object).map_err(std::io::Error::other)?;
        self.0.push((kind.to_string(), value));
        Ok(())
    }
}

/// Imports one record with `sql`, which takes the record (its ids already mapped, its
/// `user_id` set) as `$1`: an owner's `import_record` picks the statement by type.
pub async fn insert_record(
    conn: &mut PgConnection,
    sql: &'static str,
    record: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql).bind(record).execute(conn).await?;
    Ok(())
}
