//! The GDPR export (issue 23, art. 15 and 20): every owning crate streams its rows of the
//! user (`export_user`) into one zip; this module only orders them and writes the file.
//! All reads share one repeatable-read snapshot, so the file is the user's data at one
//! instant even while imports run.

pub mod archive;
mod pipe;
mod spreadsheets;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use kakeibo_core::export::{ExportError, RecordSink};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub use archive::{
    Archive, DATA_FILE, FORMAT_NAME, FORMAT_VERSION, FileEntry, MANIFEST_FILE, Manifest,
    README_FILE,
};

/// Every owner's rows of the user into `sink`, in an order that puts each row after the
/// rows it names (accounts before transactions, categories before rules and budgets).
pub async fn export_records(
    conn: &mut PgConnection,
    sink: &mut dyn RecordSink,
    user_id: Uuid,
) -> Result<(), ExportError> {
    kakeibo_auth::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_bank_sync::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_transactions::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_bank_sync::gdpr::export_transfer_rejections(conn, sink, user_id).await?;
    kakeibo_categorizer::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_budget::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_analytics::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_notifications::gdpr::export_user(conn, sink, user_id).await?;
    kakeibo_ask::conversations::export_user(conn, sink, user_id).await?;
    kakeibo_bot::links::export_user(conn, sink, user_id).await?;
    kakeibo_core::audit::export_user(conn, sink, user_id).await?;
    Ok(())
}

/// Writes the export of `user_id` to `path`: first to `path` + `.partial`, renamed when
/// whole, so a crash never leaves a file that looks finished. Answers its manifest.
pub async fn write_zip(
    db: &PgPool,
    user_id: Uuid,
    created_at: DateTime<Utc>,
    path: &Path,
) -> Result<Manifest, ExportError> {
    let partial = partial_path(path);
    let written = write_partial(db, user_id, created_at, path, &partial).await;
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let manifest = written?;
    std::fs::rename(&partial, path)?;
    Ok(manifest)
}

async fn write_partial(
    db: &PgPool,
    user_id: Uuid,
    created_at: DateTime<Utc>,
    path: &Path,
    partial: &Path,
) -> Result<Manifest, ExportError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let file = std::fs::File::create(partial)?;
    let archive = Archive::create(file, folder, created_at)?;
    let (mut pipe, writer) = pipe::start(archive);
    let exported = match export_in_snapshot(db, &mut pipe, user_id).await {
        Ok(()) => pipe.close().await.map_err(ExportError::from),
        Err(error) => {
            drop(pipe); // ends the writer's loop, or the wait below would never return
            Err(error)
        }
    };
    // The writer's own error explains a pipe that closed under the cursor.
    let written = writer.await.map_err(std::io::Error::other)?;
    let manifest = written?;
    exported?;
    Ok(manifest)
}

/// Every owner's rows of the user, read in one repeatable-read snapshot.
async fn export_in_snapshot(
    db: &PgPool,
    sink: &mut dyn RecordSink,
    user_id: Uuid,
) -> Result<(), ExportError> {
    let mut tx = db.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    export_records(&mut tx, sink, user_id).await?;
    tx.commit().await?;
    Ok(())
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}
