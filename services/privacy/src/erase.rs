//! Erasure (issue 23, GDPR art. 17): asks every owning crate to erase its rows of one user,
//! in an order the foreign keys and triggers allow. Bank access is revoked at the provider
//! first (network, outside any transaction); the database steps then run in one
//! transaction, so a crash leaves either everything or nothing of them; every step is a
//! delete or rewrite by the user's id, so running the erasure again finishes what an
//! interrupted one began. Files in the e-mail outbox and the user's export zips go last.

use std::path::PathBuf;

use kakeibo_bank_sync::gdpr::RevokeFailure;
use kakeibo_bank_sync::sync::SyncContext;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

/// What erasing needs besides the database: the providers to revoke bank access at, the
/// outbox folder, and the server key of the audit pseudonyms.
#[derive(Clone)]
pub struct Eraser {
    pub sync: SyncContext,
    pub outbox_dir: PathBuf,
    /// Where the user's export zips are (`privacy.exports_dir`).
    pub exports_dir: PathBuf,
    pub pseudonym_key: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("cannot erase the outbox files: {0}")]
    Files(#[from] std::io::Error),
    #[error(transparent)]
    CredentialKeys(#[from] kakeibo_bank_sync::credentials::CredentialError),
    #[error(transparent)]
    ServerKey(#[from] kakeibo_core::auth::KeyError),
}

impl Eraser {
    pub fn from_settings(
        settings: &kakeibo_core::Settings,
        db: PgPool,
    ) -> Result<Self, EraseError> {
        let sync = SyncContext::from_settings(settings, db)?;
        let pseudonym_key = kakeibo_core::auth::TokenKeys::pseudonym_key(
            &settings.auth.signing_key_file,
            &settings.auth.issuer,
        )?;
        Ok(Self {
            sync,
            outbox_dir: settings.email.outbox_dir.clone(),
            exports_dir: settings.privacy.exports_dir.clone(),
            pseudonym_key,
        })
    }
}

/// What one erasure did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErasureReport {
    pub user_id: Uuid,
    /// The address and the linked Telegram chat the user had: what to pass to the scan.
    pub email: Option<String>,
    pub telegram_chat_id: Option<i64>,
    /// Connections whose provider did not confirm revoking access; erased all the same.
    pub revoke_failures: Vec<RevokeFailure>,
    pub jobs_removed: u64,
    pub llm_cache_rows_removed: u64,
    pub audit_events_pseudonymized: u64,
    pub outbox_files_removed: usize,
    pub export_files_removed: usize,
}

/// Erases the user `user_id`. `email` is the address to look for in queued jobs and
/// outbox files when the account row is already gone (an erasure resumed after its
/// database steps committed); otherwise the stored address is used.
pub async fn erase_user(
    eraser: &Eraser,
    user_id: Uuid,
    email: Option<&str>,
) -> Result<ErasureReport, EraseError> {
    let db = &eraser.sync.db;
    let mut conn = db.acquire().await?;
    let stored_email = kakeibo_auth::gdpr::email_of(&mut conn, user_id).await?;
    let telegram_chat_id = kakeibo_bot::links::link_of_user(&mut conn, user_id)
        .await?
        .map(|link| link.chat_id);
    drop(conn);
    let email = stored_email.or_else(|| email.map(str::to_lowercase));
    let mut needles = vec![user_id.to_string()];
    needles.extend(email.clone());

    let revoke_failures =
        kakeibo_bank_sync::gdpr::revoke_connections(&eraser.sync, user_id).await?;

    let mut tx = db.begin().await?;
    // Jobs first, so no queued job of the user's recreates rows behind the erasure.
    let jobs_removed = kakeibo_core::jobs::erase_mentioning(&mut tx, &needles).await?;
    kakeibo_bot::links::erase_user(&mut tx, user_id).await?;
    let exports = crate::exports::erase_user(&mut tx, user_id).await?;
    kakeibo_notifications::gdpr::erase_user(&mut tx, user_id).await?;
    kakeibo_ask::conversations::erase_user(&mut tx, user_id).await?;
    kakeibo_budget::gdpr::erase_user(&mut tx, user_id).await?;
    // The texts only this user had, asked before their transactions go.
    let merchant_keys = kakeibo_transactions::gdpr::merchant_keys_only_of(&mut tx, user_id).await?;
    kakeibo_categorizer::gdpr::erase_user(&mut tx, user_id, &merchant_keys).await?;
    kakeibo_transactions::gdpr::erase_user(&mut tx, user_id).await?;
    kakeibo_bank_sync::gdpr::erase_user(&mut tx, user_id).await?;
    // After transactions, accounts and categories: deleting those marks days dirty.
    kakeibo_analytics::gdpr::erase_user(&mut tx, user_id).await?;
    let llm_cache_rows_removed = kakeibo_llm::cache::erase_mentioning(&mut tx, &needles).await?;
    let audit_events_pseudonymized = kakeibo_core::audit::pseudonymize_user(
        &mut tx,
        user_id,
        email.as_deref(),
        &eraser.pseudonym_key,
    )
    .await?;
    // Last: the account row, which the others' rows hang off.
    // The bot counts its flood limit per chat, in auth's rate-limit table.
    let chat_subjects: Vec<String> = telegram_chat_id.iter().map(i64::to_string).collect();
    kakeibo_auth::gdpr::erase_user(&mut tx, user_id, &chat_subjects).await?;
    tx.commit().await?;

    let outbox_files_removed =
        kakeibo_notifications::gdpr::erase_outbox_files(&eraser.outbox_dir, &needles)?;
    let export_files_removed = crate::exports::delete_files(&eraser.exports_dir, &exports)?;
    let report = ErasureReport {
        user_id,
        email,
        telegram_chat_id,
        revoke_failures,
        jobs_removed,
        llm_cache_rows_removed,
        audit_events_pseudonymized,
        outbox_files_removed,
        export_files_removed,
    };
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(user_id), jobs_removed, llm_cache_rows_removed, audit_events_pseudonymized,
        outbox_files_removed, revoke_failures = report.revoke_failures.len(), "user erased");
    Ok(report)
}

/// What is left when the account is already gone (an erasure resumed after its database
/// steps committed): queued jobs and outbox files naming the address. Answers how many of
/// each went.
pub async fn erase_leftovers(eraser: &Eraser, email: &str) -> Result<(u64, usize), EraseError> {
    let needles = vec![email.to_lowercase()];
    let mut conn = eraser.sync.db.acquire().await?;
    let jobs = kakeibo_core::jobs::erase_mentioning(&mut conn, &needles).await?;
    let files = kakeibo_notifications::gdpr::erase_outbox_files(&eraser.outbox_dir, &needles)?;
    Ok((jobs, files))
}

/// The retention sweep's part: erases every account whose grace period ended by `now`.
pub async fn erase_due(
    eraser: &Eraser,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<ErasureReport>, EraseError> {
    let mut reports = Vec::new();
    for user_id in kakeibo_auth::gdpr::due_for_erasure(&eraser.sync.db, now).await? {
        reports.push(erase_user(eraser, user_id, None).await?);
    }
    Ok(reports)
}
