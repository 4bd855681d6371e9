//! The proof of an erasure (issue 23): looks for a user's id, e-mail address and Telegram
//! chat id in every column of every table of the database, found through
//! `information_schema` (every schema but PostgreSQL's own catalogs: ours, apalis' job
//! queue, TimescaleDB's chunks and catalog), and in the files of the e-mail outbox. A table
//! added later is scanned without anyone listing it, so a feature that forgets to erase
//! its rows fails the erasure test.

use std::path::Path;

use serde::Serialize;
use sqlx::{ConnectOptions, PgPool};
use uuid::Uuid;

/// Whom to look for.
#[derive(Debug, Clone)]
pub struct Subject {
    pub user_id: Uuid,
    pub email: Option<String>,
    pub chat_id: Option<i64>,
}

/// Where the subject was found: `schema.table.column` or a file's path, and in how many
/// rows (files: how many times).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub place: String,
    pub count: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("scanning {table}: {source}")]
    Table {
        table: String,
        #[source]
        source: sqlx::Error,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("scanning {path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The database and the outbox folder: every hit, in a stable order.
pub async fn verify_erasure(
    db: &PgPool,
    subject: &Subject,
    outbox_dir: &Path,
) -> Result<Vec<Hit>, ScanError> {
    let mut hits = scan_database(db, subject).await?;
    hits.extend(scan_files(outbox_dir, subject)?);
    Ok(hits)
}

/// How a column is searched, by its `information_schema` data type.
enum Search {
    /// Its text form contains the id (with or without dashes), the address, or the chat id
    /// as a whole number: text, uuid, json, arrays, inet, extension types.
    Text,
    /// Read as text (apalis' JSON arguments) and as hex (an id stored as 16 raw bytes).
    Bytes,
    /// Equal to the chat id.
    Number,
}

fn search_of(data_type: &str) -> Option<Search> {
    match data_type {
        "text" | "character varying" | "character" | "uuid" | "json" | "jsonb" | "ARRAY"
        | "USER-DEFINED" | "inet" | "cidr" | "name" | "xml" => Some(Search::Text),
        "bytea" => Some(Search::Bytes),
        "bigint" | "integer" | "numeric" => Some(Search::Number),
        // Dates, times, booleans, floats, small integers, OIDs: none can hold the subject.
        _ => None,
    }
}

/// The parameters every condition uses: $1 the id, $2 its 32 hex digits, $3 the address
/// (lower case), $4 a regex matching the chat id as a whole number, $5 the chat id.
fn condition(column: &str, search: &Search) -> String {
    let text_match = |x: String| {
        format!("(strpos({x}, $1) > 0 OR strpos({x}, $2) > 0 OR strpos({x}, $3) > 0 OR {x} ~ $4)")
    };
    match search {
        Search::Text => text_match(format!("lower({column}::text)")),
        Search::Bytes => format!(
            "({} OR strpos(encode({column}, 'hex'), $2) > 0)",
            text_match(format!("lower(encode({column}, 'escape'))"))
        ),
        Search::Number => format!("{column}::text = $5"),
    }
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// Every column of every table, counted: the hits, `schema.table.column` with the number
/// of rows. Views are not scanned (their rows are some table's).
pub async fn scan_database(db: &PgPool, subject: &Subject) -> Result<Vec<Hit>, ScanError> {
    // Reading every row of every table is slow by design: on a connection of its own whose
    // statements are not logged as slow (a warning per big table buried the CLI's answer).
    let mut conn = (*db.connect_options())
        .clone()
        .disable_statement_logging()
        .connect()
        .await?;
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_schema::text, c.table_name::text, c.column_name::text, c.data_type::text
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE t.table_type = 'BASE TABLE'
           AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
         ORDER BY c.table_schema, c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut conn)
    .await?;

    let id = subject.user_id.to_string();
    let hex = subject.user_id.simple().to_string();
    let email = subject.email.as_ref().map(|e| e.to_lowercase());
    let chat_pattern = subject
        .chat_id
        .map(|c| format!("(^|[^0-9]){}([^0-9]|$)", c.to_string().replace('-', "\\-")));
    let chat = subject.chat_id.map(|c| c.to_string());

    let mut hits = Vec::new();
    let mut index = 0;
    while index < columns.len() {
        let (schema, table) = (&columns[index].0, &columns[index].1);
        let mut searched = Vec::new();
        while index < columns.len() && (&columns[index].0, &columns[index].1) == (schema, table) {
            if let Some(search) = search_of(&columns[index].3) {
                searched.push((columns[index].2.clone(), search));
            }
            index += 1;
        }
        if searched.is_empty() {
            continue;
        }
        let counts = searched
            .iter()
            .map(|(column, search)| {
                format!(
                    "count(*) FILTER (WHERE {})",
                    condition(&quote(column), search)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT ARRAY[{counts}] FROM {}.{}",
            quote(schema),
            quote(table)
        );
        let table_name = format!("{schema}.{table}");
        let row: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(&id)
            .bind(&hex)
            .bind(email.as_deref())
            .bind(chat_pattern.as_deref())
            .bind(chat.as_deref())
            .fetch_one(&mut conn)
            .await
            .map_err(|source| ScanError::Table {
                table: table_name.clone(),
                source,
            })?;
        for ((column, _), count) in searched.iter().zip(row) {
            if count > 0 {
                hits.push(Hit {
                    place: format!("{table_name}.{column}"),
                    count,
                });
            }
        }
    }
    Ok(hits)
}

/// Every file under `dir` (recursively) that names the subject: its path and how many
/// times. A missing folder has no hits.
pub fn scan_files(dir: &Path, subject: &Subject) -> Result<Vec<Hit>, ScanError> {
    let error = |path: &Path| {
        let path = path.display().to_string();
        move |source| ScanError::File { path, source }
    };
    let mut needles = vec![
        subject.user_id.to_string(),
        subject.user_id.simple().to_string(),
    ];
    needles.extend(subject.email.as_ref().map(|e| e.to_lowercase()));
    let mut hits = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(error(&folder)(e)),
        };
        let mut paths = entries
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(error(&folder))?;
        paths.sort();
        for path in paths {
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&path).map_err(error(&path))?)
                .to_lowercase();
            let mut count = needles
                .iter()
                .map(|n| text.matches(n.as_str()).count())
                .sum::<usize>();
            if let Some(chat) = subject.chat_id {
                count += whole_number_matches(&text, &chat.to_string());
            }
            if count > 0 {
                hits.push(Hit {
                    place: path.display().to_string(),
                    count: count as i64,
                });
            }
        }
    }
    Ok(hits)
}

/// How often `number` appears in `text` not as part of a longer number.
fn whole_number_matches(text: &str, number: &str) -> usize {
    let bytes = text.as_bytes();
    text.match_indices(number)
        .filter(|(at, _)| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + number.len()).copied();
            !before.is_some_and(|b| b.is_ascii_digit())
                && !after.is_some_and(|b| b.is_ascii_digit())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_id_inside_a_longer_number_is_no_hit() {
        assert_eq!(whole_number_matches("id 4242 and 42, x42y", "42"), 2);
        assert_eq!(whole_number_matches("142 420", "42"), 0);
    }
}
