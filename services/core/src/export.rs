//! The GDPR export's one shape (issue 23): every owning crate's `export_user` streams its
//! rows of one user, each as the text of a JSON object, into a [`RecordSink`];
//! `kakeibo-privacy` supplies the sink that writes the zip. Rows go from the database
//! cursor to the sink one at a time, so an export's memory does not grow with the user's
//! history.

use futures::TryStreamExt;
use sqlx::PgConnection;
use uuid::Uuid;

/// Where exported rows go. `kind` names the record's type (`"transaction"`); `object` is
/// the row as the text of one JSON object (money as decimal strings, never numbers).
pub trait RecordSink: Send {
    fn record(&mut self, kind: &str, object: &str) -> std::io::Result<()>;
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
    sql: &'static str,
    user_id: Uuid,
) -> Result<u64, ExportError> {
    let mut rows = sqlx::query_scalar::<_, String>(sql)
        .bind(user_id)
        .fetch(conn);
    let mut count = 0;
    while let Some(object) = rows.try_next().await? {
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
        stream_rows(conn, sink, kind, sql, user_id).await?;
    }
    Ok(())
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
