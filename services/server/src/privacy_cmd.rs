//! `kakeibo privacy export --user EMAIL FILE`, `kakeibo privacy import FILE --email NEW`,
//! `kakeibo privacy erase --user EMAIL --now` and
//! `kakeibo privacy verify-erasure USER_ID`: an operator's answer to a subject-access request, moving a user in,
//! erasure of a user, and the scan that proves it left nothing.

use kakeibo_core::{Settings, StartupError};
use kakeibo_privacy::erase::{self, Eraser};
use kakeibo_privacy::scan::{self, Subject};
use sqlx::PgPool;

use crate::cli::PrivacyCommand;

fn fail(message: impl std::fmt::Display) -> StartupError {
    StartupError::Other(format!("privacy: {message}"))
}

pub async fn run(
    db: &PgPool,
    settings: &Settings,
    command: &PrivacyCommand,
) -> Result<(), StartupError> {
    match command {
        PrivacyCommand::Export { user, file } => export(db, user, file).await,
        PrivacyCommand::Import { file, email } => import(db, file, email).await,
        PrivacyCommand::Erase { user, now } => erase_now(db, settings, user, *now).await,
        PrivacyCommand::VerifyErasure {
            user_id,
            email,
            chat_id,
        } => {
            let subject = Subject {
                user_id: *user_id,
                email: email.clone(),
                chat_id: *chat_id,
            };
            let hits = scan::verify_erasure(db, &subject, &settings.email.outbox_dir)
                .await
                .map_err(fail)?;
            for hit in &hits {
                println!("{}\t{}", hit.place, hit.count);
            }
            if hits.is_empty() {
                println!("0 hits: nothing names user {user_id}");
                Ok(())
            } else {
                Err(fail(format!(
                    "{} places still name user {user_id}",
                    hits.len()
                )))
            }
        }
    }
}

async fn erase_now(
    db: &PgPool,
    settings: &Settings,
    email: &str,
    now: bool,
) -> Result<(), StartupError> {
    if !now {
        return Err(fail(
            "erasing from the command line needs --now (it skips the grace period the \
             delete-account request gives)",
        ));
    }
    let eraser = Eraser::from_settings(settings, db.clone()).map_err(fail)?;
    let Some(user_id) = kakeibo_auth::user_id_by_email(db, email)
        .await
        .map_err(fail)?
    else {
        // Already erased, or never there: what an interrupted erasure may have left.
        let (jobs, files) = erase::erase_leftovers(&eraser, email).await.map_err(fail)?;
        println!(
            "no user {email}; removed {jobs} queued jobs and {files} outbox files naming the address"
        );
        return Ok(());
    };
    let report = erase::erase_user(&eraser, user_id, Some(email))
        .await
        .map_err(fail)?;
    println!("erased user {user_id} ({email})");
    println!("  queued jobs removed: {}", report.jobs_removed);
    println!(
        "  cached model answers removed: {}",
        report.llm_cache_rows_removed
    );
    println!(
        "  security events kept under a pseudonym: {}",
        report.audit_events_pseudonymized
    );
    println!("  outbox files removed: {}", report.outbox_files_removed);
    for failure in &report.revoke_failures {
        println!(
            "  NOT revoked at {} ({}): {}; revoke connection {} at the provider by hand",
            failure.provider,
            failure.institution.as_deref().unwrap_or("unknown bank"),
            failure.error,
            failure.connection_id
        );
    }
    let chat = report
        .telegram_chat_id
        .map(|c| format!(" --chat-id {c}"))
        .unwrap_or_default();
    println!("verify: kakeibo privacy verify-erasure {user_id} --email {email}{chat}");
    Ok(())
}

async fn export(db: &PgPool, email: &str, file: &std::path::Path) -> Result<(), StartupError> {
    let Some(user_id) = kakeibo_auth::user_id_by_email(db, email)
        .await
        .map_err(fail)?
    else {
        return Err(fail(format!("no user {email}")));
    };
    let mut conn = db.acquire().await.map_err(fail)?;
    kakeibo_core::audit::record(
        &mut conn,
        Some(user_id),
        kakeibo_core::audit::event::EXPORT,
        &kakeibo_core::ClientInfo {
            ip: None,
            user_agent: None,
        },
        serde_json::json!({ "via": "command line" }),
    )
    .await
    .map_err(fail)?;
    drop(conn);
    let manifest = kakeibo_privacy::export::write_zip(db, user_id, chrono::Utc::now(), file)
        .await
        .map_err(|e| fail(format!("cannot export {email} to {}: {e}", file.display())))?;
    println!("exported user {user_id} ({email}) to {}", file.display());
    for entry in &manifest.files {
        println!(
            "  {}\t{} rows\t{} bytes\tsha256 {}",
            entry.name, entry.rows, entry.bytes, entry.sha256
        );
    }
    Ok(())
}

async fn import(db: &PgPool, file: &std::path::Path, email: &str) -> Result<(), StartupError> {
    let report = kakeibo_privacy::import::import(db, file, email)
        .await
        .map_err(|e| fail(format!("cannot import {}: {e}", file.display())))?;
    println!(
        "imported {} as user {} ({email})",
        file.display(),
        report.user_id
    );
    for (kind, count) in &report.imported {
        println!("  {kind}\t{count}");
    }
    for (kind, count) in &report.skipped {
        println!("  {kind}\t{count} not imported");
    }
    if report.llm_consent_not_restored {
        println!(
            "  the consent to send data to an external language model was not carried over: \
             the user gives it again in Settings → Privacy"
        );
    }
    println!("the user sets a password with \"forgot password\" on the sign-in page");
    Ok(())
}
