//! The `kakeibo.privacy_export` job: writes the zip of one export request under
//! `privacy.exports_dir`, marks it ready for `privacy.export_expiry_days`, and tells the
//! user on their channels (`export_ready`) in the same transaction. A failure is recorded
//! on the request (the user asks again); a crash leaves it running, and the job, handed to
//! another worker, makes it again from the start.

use apalis::prelude::*;
use chrono::Utc;
use kakeibo_core::jobs::JobContext;

use crate::exports::{self, ExportJob};

#[tracing::instrument(skip_all, fields(export_id = %job.export_id))]
pub async fn run(job: ExportJob, context: Data<JobContext>) -> Result<(), BoxDynError> {
    let db = &context.db;
    let id = job.export_id;
    let Some(user_id) = exports::start(db, id, Utc::now()).await? else {
        tracing::info!("export no longer wanted (done, failed, or its user erased)");
        return Ok(());
    };
    let settings = &context.settings.privacy;
    let path = exports::file_of(&settings.exports_dir, id);
    // Only reads: on the replica once it holds the user's last write.
    let reads = kakeibo_core::replica::route(db, context.replica.as_ref(), user_id).await;
    let manifest = match crate::export::write_zip(reads, user_id, Utc::now(), &path).await {
        Ok(manifest) => manifest,
        Err(error) => {
            tracing::error!(user = %kakeibo_core::telemetry::user_hash(user_id), %error, "export failed");
            exports::mark_failed(db, id, &error.to_string()).await?;
            return Ok(());
        }
    };
    let size = std::fs::metadata(&path)?.len();
    let mut tx = db.begin().await?;
    let expires_at =
        exports::mark_ready(&mut tx, id, Utc::now(), settings.export_expiry_days, size).await?;
    kakeibo_notifications::notify::notify(
        &mut tx,
        user_id,
        kakeibo_notifications::kinds::EXPORT_READY,
        &format!("export_ready:{id}"),
        serde_json::json!({ "export_id": id, "expires_at": expires_at }),
    )
    .await?;
    tx.commit().await?;
    let records = manifest.files.first().map_or(0, |f| f.rows);
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), size, records, "export ready");
    metrics::counter!("jobs_completed_total", "job" => "privacy_export").increment(1);
    Ok(())
}
