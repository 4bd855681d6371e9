//! `kakeibo email preview --user EMAIL [--week 2026-W48] [--out DIR]`: the weekly summary of
//! a user as it would be sent, written as `kakeibo-summary-<week>.eml` (the whole MIME
//! message) and `.html` (images as data: URIs, to open in a browser).

use std::path::PathBuf;

use kakeibo_analytics::weekly_summary::{last_week, weekly_email};
use kakeibo_core::{Settings, StartupError};
use kakeibo_notifications::summary::message::mime_message;
use kakeibo_notifications::summary::{EmailLinks, IsoWeek};
use sqlx::PgPool;

use crate::cli::EmailPreviewArgs;

pub async fn preview(
    db: &PgPool,
    settings: &Settings,
    args: &EmailPreviewArgs,
) -> Result<(), StartupError> {
    let fail = |message: String| StartupError::Other(format!("email preview: {message}"));
    let user_id = kakeibo_auth::user_id_by_email(db, &args.user)
        .await
        .map_err(|e| fail(format!("database error: {e}")))?
        .ok_or_else(|| fail(format!("no user {}", args.user)))?;
    let week = match &args.week {
        Some(text) => text.parse::<IsoWeek>().map_err(|e| fail(e.to_string()))?,
        None => last_week(db, user_id)
            .await
            .map_err(|e| fail(format!("{e:#}")))?
            .ok_or_else(|| fail(format!("no user {}", args.user)))?,
    };
    let links = EmailLinks::under(&settings.server.public_url, None);
    let Some(rendered) = weekly_email(db, user_id, week, &links)
        .await
        .map_err(|e| fail(format!("{e:#}")))?
    else {
        println!(
            "{} gets no summary for {week} (an empty week, as chosen).",
            args.user
        );
        return Ok(());
    };
    let html = rendered.html_with_data_uris();
    let from = settings.email.from.parse().map_err(|_| {
        fail(format!(
            "email.from {:?} is not an address",
            settings.email.from
        ))
    })?;
    let mail = rendered.into_mail(&args.user, None);
    let message = mime_message(from, &mail).map_err(|e| fail(format!("{e:#}")))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| fail(format!("cannot create {}: {e}", args.out.display())))?;
    let write = |extension: &str, bytes: &[u8]| -> Result<PathBuf, StartupError> {
        let path = args.out.join(format!("kakeibo-summary-{week}.{extension}"));
        std::fs::write(&path, bytes)
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    };
    let eml = write("eml", &message.formatted())?;
    let page = write("html", html.as_bytes())?;
    println!("{}", mail.subject);
    println!("{}", eml.display());
    println!("{}", page.display());
    Ok(())
}
