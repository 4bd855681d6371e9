//! Portability (issue 23, art. 20): recreates a user from an export made by another
//! Kakeibo. The file is verified first (`export::verify`); then, in one transaction, a new
//! account is made with the given address and every portable record is handed to its
//! owning crate's `import_record` with new ids, mapped consistently (a transaction's
//! `account_id` becomes the new id of that account, in nested JSON too). Records are read
//! from the zip one at a time; the id map is the only thing that grows with the history.

use std::collections::{BTreeMap, HashMap};
use std::io::BufReader;
use std::path::Path;

use serde_json::{Map, Value};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::export::DATA_FILE;
use crate::export::verify::{VerifyError, records, verify};

/// Record types not recreated, and why (docs/decisions.md, "Privacy: import"): the other
/// server's sign-ins, tokens and security log; the bank connection (its credentials are
/// never exported: the user connects again); notifications already delivered; the
/// Telegram chat (linked to the other server's bot); corrections (the trigger learns them
/// again from the text embeddings this server computes).
pub const NOT_IMPORTED: &[&str] = &[
    "session",
    "api_token",
    "audit_event",
    "connection",
    "notification",
    "telegram_link",
    "telegram_conversation",
    "correction",
];

/// Ids that group rows rather than name a record: new ones, the same for every member.
const GROUP_KEYS: &[&str] = &["transfer_id", "group_id"];

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Verify(#[from] VerifyError),
    #[error("{0}")]
    InvalidEmail(String),
    #[error("there is already a user {0}: import into a new address")]
    EmailTaken(String),
    #[error("the export has no profile record")]
    NoProfile,
    /// Importing into an existing account that already holds data (the record types named):
    /// an import recreates a whole history and never merges into another.
    #[error(
        "this account already holds data ({}); an export can only be imported into a new, empty account",
        .0.join(", ")
    )]
    NotEmpty(Vec<String>),
    #[error("data.ndjson line {line}: unknown record type {kind:?}")]
    UnknownType { line: u64, kind: String },
    #[error("data.ndjson line {line} ({kind}): {source}")]
    Record {
        line: u64,
        kind: String,
        source: sqlx::Error,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub user_id: Uuid,
    /// Records recreated, by type.
    pub imported: BTreeMap<String, u64>,
    /// Records not recreated (`NOT_IMPORTED`), by type.
    pub skipped: BTreeMap<String, u64>,
    /// The profile records a consent to sending data to an external language model, which
    /// is not carried over: it was given for the other server's model (docs/decisions.md,
    /// "Privacy: import"), so the user gives it again here.
    pub llm_consent_not_restored: bool,
}

/// Imports the export at `path` as a new user `email`, who sets a password through the
/// password reset. Nothing is written unless the whole file imports.
pub async fn import(db: &PgPool, path: &Path, email: &str) -> Result<ImportReport, ImportError> {
    let email = kakeibo_auth::email_address::normalize(email)
        .map_err(|e| ImportError::InvalidEmail(format!("{email:?}: {}", e.message)))?;
    let (ids, profile) = checked(path).await?;
    // Nobody knows this password: the user chooses theirs by "forgot password".
    let unusable = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let password_hash = kakeibo_auth::password::hash(unusable).await?;

    let mut tx = db.begin().await?;
    let user_id = kakeibo_auth::gdpr::import_profile(&mut tx, &email, &profile, &password_hash)
        .await?
        .ok_or_else(|| ImportError::EmailTaken(email.clone()))?;
    let report = import_records(&mut tx, path, ids, &profile, user_id).await?;
    tx.commit().await?;
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), ?report.imported, "export imported");
    Ok(report)
}

/// Imports the export at `path` into the existing account `user_id` (the dashboard's
/// import: a user who just signed up brings their history), which must hold no data yet
/// ([`held_data`]); its name, time zone, base currency and language become the export's.
/// Nothing is written unless the whole file imports.
pub async fn import_into_empty(
    db: &PgPool,
    path: &Path,
    user_id: Uuid,
) -> Result<ImportReport, ImportError> {
    let (ids, profile) = checked(path).await?;
    let mut tx = db.begin().await?;
    // Updating the profile first locks the user's row: a second import of the same user
    // waits here, then finds the first one's data.
    kakeibo_auth::gdpr::restore_profile(&mut tx, user_id, &profile).await?;
    let held = held_data(&mut tx, user_id).await?;
    if !held.is_empty() {
        return Err(ImportError::NotEmpty(held));
    }
    let report = import_records(&mut tx, path, ids, &profile, user_id).await?;
    tx.commit().await?;
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), ?report.imported, "export imported into an empty account");
    Ok(report)
}

/// What an account holds besides what every account has (its profile, sign-ins, API
/// tokens, security log, and the categories it was given untouched): the record types of
/// its export, in order. Empty: an import may fill it.
pub async fn held_data(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<String>, ImportError> {
    let mut sink = HeldData::default();
    match crate::export::export_records(conn, &mut sink, user_id).await {
        Ok(()) => {}
        // The sink stops the export at the first record that counts.
        Err(kakeibo_core::export::ExportError::Write(_)) if !sink.kinds.is_empty() => {}
        Err(kakeibo_core::export::ExportError::Write(e)) => {
            return Err(anyhow::Error::from(e).into());
        }
        Err(kakeibo_core::export::ExportError::Database(e)) => return Err(e.into()),
    }
    if !kakeibo_transactions::gdpr::categories_as_seeded(conn, user_id).await? {
        sink.kinds.push("category".into());
    }
    Ok(sink.kinds)
}

/// Record types every account has, so they do not make it hold data.
const ACCOUNT_ONLY: &[&str] = &["profile", "session", "api_token", "audit_event", "category"];

#[derive(Default)]
struct HeldData {
    kinds: Vec<String>,
}

impl kakeibo_core::export::RecordSink for HeldData {
    fn record(&mut self, kind: &str, _object: &str) -> std::io::Result<()> {
        if ACCOUNT_ONLY.contains(&kind) {
            return Ok(());
        }
        self.kinds.push(kind.to_string());
        Err(std::io::Error::other("the account holds data"))
    }
}

/// Verifies the file, then reads its new ids and its profile.
async fn checked(path: &Path) -> Result<(HashMap<Uuid, Uuid>, Value), ImportError> {
    let owned = path.to_path_buf();
    tokio::task::spawn_blocking(move || verify(&owned))
        .await
        .map_err(anyhow::Error::from)??;
    let (ids, profile) = new_ids(path)?;
    Ok((ids, profile.ok_or(ImportError::NoProfile)?))
}

/// Every record of the file but the profile, as `user_id`'s, in `tx`.
async fn import_records(
    tx: &mut PgConnection,
    path: &Path,
    mut ids: HashMap<Uuid, Uuid>,
    profile: &Value,
    user_id: Uuid,
) -> Result<ImportReport, ImportError> {
    if let Some(old) = profile.get("id").and_then(as_uuid) {
        ids.insert(old, user_id);
    }
    kakeibo_transactions::gdpr::clear_seeded_categories(&mut *tx, user_id).await?;
    let mut report = ImportReport {
        user_id,
        llm_consent_not_restored: profile
            .get("llm_consent_at")
            .is_some_and(|at| !at.is_null()),
        ..ImportReport::default()
    };
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).map_err(anyhow::Error::from)?)
        .map_err(VerifyError::from)?;
    let data = zip.by_name(DATA_FILE).map_err(VerifyError::from)?;
    for (index, line) in records(BufReader::new(data)).enumerate() {
        let line_number = index as u64 + 1;
        let mut record: Map<String, Value> =
            serde_json::from_str(&line?).map_err(anyhow::Error::from)?;
        let kind = match record.remove("type") {
            Some(Value::String(kind)) => kind,
            _ => unreachable_record(line_number)?,
        };
        if kind == "profile" {
            continue;
        }
        if NOT_IMPORTED.contains(&kind.as_str()) {
            *report.skipped.entry(kind).or_default() += 1;
            continue;
        }
        for (key, value) in record.iter_mut() {
            remap(value, &mut ids, Some(key));
        }
        record.insert("user_id".into(), Value::String(user_id.to_string()));
        let record = Value::Object(record);
        let imported = import_record(&mut *tx, &kind, &record)
            .await
            .map_err(|source| ImportError::Record {
                line: line_number,
                kind: kind.clone(),
                source,
            })?;
        if !imported {
            return Err(ImportError::UnknownType {
                line: line_number,
                kind,
            });
        }
        *report.imported.entry(kind).or_default() += 1;
    }
    Ok(report)
}

/// Hands the record to the crate that owns its type.
async fn import_record(
    conn: &mut PgConnection,
    kind: &str,
    record: &Value,
) -> Result<bool, sqlx::Error> {
    Ok(
        kakeibo_bank_sync::gdpr::import_record(conn, kind, record).await?
            || kakeibo_transactions::gdpr::import_record(conn, kind, record).await?
            || kakeibo_budget::gdpr::import_record(conn, kind, record).await?
            || kakeibo_analytics::gdpr::import_record(conn, kind, record).await?
            || kakeibo_notifications::gdpr::import_record(conn, kind, record).await?
            || kakeibo_ask::conversations::import_record(conn, kind, record).await?,
    )
}

/// The verification read every line already; a line without a type cannot get here.
fn unreachable_record(line: u64) -> Result<String, ImportError> {
    Err(ImportError::Verify(VerifyError::BadRecord {
        line,
        problem: "no \"type\"".into(),
    }))
}

/// A new id for every record's id, and the profile record.
fn new_ids(path: &Path) -> Result<(HashMap<Uuid, Uuid>, Option<Value>), ImportError> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).map_err(anyhow::Error::from)?)
        .map_err(VerifyError::from)?;
    let data = zip.by_name(DATA_FILE).map_err(VerifyError::from)?;
    let mut ids = HashMap::new();
    let mut profile = None;
    for line in records(BufReader::new(data)) {
        let record: Value = serde_json::from_str(&line?).map_err(anyhow::Error::from)?;
        if record["type"] == "profile" {
            profile = Some(record);
            continue;
        }
        if let Some(id) = record.get("id").and_then(as_uuid) {
            ids.insert(id, Uuid::new_v4());
        }
    }
    Ok((ids, profile))
}

/// Replaces every id of the file in `value` (nested too) by its new one; a group key
/// (`key`) not seen before gets a new id of its own.
fn remap(value: &mut Value, ids: &mut HashMap<Uuid, Uuid>, key: Option<&str>) {
    match value {
        Value::String(text) => {
            let Ok(old) = Uuid::parse_str(text) else {
                // Keys such as an anomaly's `new_merchant:<transaction id>` hold ids too.
                if let Some(replaced) = replace_embedded_ids(text, ids) {
                    *text = replaced;
                }
                return;
            };
            let new = match ids.get(&old) {
                Some(new) => *new,
                None if key.is_some_and(|k| GROUP_KEYS.contains(&k)) => {
                    *ids.entry(old).or_insert_with(Uuid::new_v4)
                }
                None => return,
            };
            *text = new.to_string();
        }
        Value::Array(items) => items.iter_mut().for_each(|item| remap(item, ids, None)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                remap(v, ids, Some(k));
            }
        }
        _ => {}
    }
}

/// `text` with every hyphenated id of the file inside it replaced; `None` when it has none.
fn replace_embedded_ids(text: &str, ids: &HashMap<Uuid, Uuid>) -> Option<String> {
    const LENGTH: usize = 36;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut at, mut changed) = (0, 0, false);
    while at + LENGTH <= bytes.len() {
        let candidate = &bytes[at..at + LENGTH];
        let shaped = [8, 13, 18, 23].iter().all(|&i| candidate[i] == b'-');
        let new = shaped
            .then(|| std::str::from_utf8(candidate).ok())
            .flatten()
            .and_then(|c| Uuid::parse_str(c).ok())
            .and_then(|old| ids.get(&old));
        match new {
            Some(new) => {
                out.push_str(&text[copied..at]);
                out.push_str(&new.to_string());
                at += LENGTH;
                copied = at;
                changed = true;
            }
            None => at += 1,
        }
    }
    changed.then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

fn as_uuid(value: &Value) -> Option<Uuid> {
    value.as_str().and_then(|s| Uuid::parse_str(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_inside_keys_are_replaced_and_other_text_kept() {
        let (old, new) = (Uuid::new_v4(), Uuid::new_v4());
        let ids = HashMap::from([(old, new)]);
        assert_eq!(
            replace_embedded_ids(&format!("new_merchant:{old}"), &ids),
            Some(format!("new_merchant:{new}"))
        );
        assert_eq!(replace_embedded_ids("Café – rent 2026-12-06", &ids), None);
        let unknown = Uuid::new_v4();
        assert_eq!(replace_embedded_ids(&format!("x:{unknown}"), &ids), None);
    }
}
