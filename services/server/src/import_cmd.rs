//! `kakeibo import FILE --account ID`: the same parsing, account mapping and matching as the
//! upload endpoint, for files on the server and for scripts (an OFX file holding several
//! accounts imports each statement into the account its number names; `--account` takes the
//! one that names it, or the one no number matches). Prints what it did; a bad file is a one-line
//! error naming the line and field, and nothing is written.

use kakeibo_bank_sync::import::{ImportError, ImportSource};
use kakeibo_bank_sync::import_files;
use kakeibo_bank_sync::parse::{self, ParseOptions};
use kakeibo_bank_sync::statement::Format;
use kakeibo_core::StartupError;
use sqlx::PgPool;

use crate::cli::{DemoArgs, ImportArgs};

const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

pub async fn run(db: &PgPool, args: &ImportArgs) -> Result<(), StartupError> {
    let file = args.file.display().to_string();
    let fail = |message: String| StartupError::Other(format!("{file}: {message}"));
    let size = std::fs::metadata(&args.file)
        .map_err(|e| fail(format!("cannot read it: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(format!(
            "{size} bytes is more than any bank statement; split the file"
        )));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let mapping = match &args.mapping {
        Some(path) => {
            let text = std::fs::read(path)
                .map_err(|e| fail(format!("cannot read the mapping {}: {e}", path.display())))?;
            Some(
                serde_json::from_slice(&text).map_err(|e| {
                    fail(format!("the mapping {} is not valid: {e}", path.display()))
                })?,
            )
        }
        None => None,
    };
    let mut options = ParseOptions {
        format: args
            .format
            .as_deref()
            .map(parse_format)
            .transpose()
            .map_err(fail)?,
        csv_preset: args.preset.clone(),
        csv_mapping: mapping,
        qif_day_first: args.qif_day_first,
    };
    let chosen = options.clone();

    let database = |e: sqlx::Error| fail(format!("database error: {e}"));
    let mut conn = db.acquire().await.map_err(database)?;
    let user_id = import_files::account_owner(&mut conn, args.account)
        .await
        .map_err(database)?
        .ok_or_else(|| fail(format!("there is no account {}", args.account)))?;
    // The CSV mapping confirmed earlier for this account's export, as the API does.
    import_files::use_saved_mapping(&mut conn, user_id, Some(args.account), &bytes, &mut options)
        .await
        .map_err(database)?;
    drop(conn);
    let bytes = std::sync::Arc::new(bytes);
    let parsed = {
        let bytes = bytes.clone();
        tokio::task::spawn_blocking(move || parse::parse(&bytes, &options))
            .await
            .map_err(|e| fail(e.to_string()))?
            .map_err(|e| fail(e.to_string()))?
    };
    let filename = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let source = ImportSource {
        kind: "file",
        format: Some(parsed.format.name()),
        filename: filename.as_deref(),
    };
    let confirmed = import_files::chosen_mapping(&chosen, &parsed, &bytes);
    let mut tx = db.begin().await.map_err(database)?;
    let done = import_files::import_file(
        &mut tx,
        Some(db),
        user_id,
        &parsed,
        Some(args.account),
        source,
        confirmed,
    )
    .await
    .map_err(|e| match e {
        ImportError::Database(e) => database(e),
        other => fail(other.to_string()),
    })?;
    tx.commit().await.map_err(database)?;
    for (target, report) in &done.reports {
        let into = match (&target.account_hint, done.reports.len()) {
            (Some(hint), 2..) => format!(
                " (statement of {hint} into {})",
                target.account_name.as_deref().unwrap_or("?")
            ),
            _ => String::new(),
        };
        println!(
            "{file}{into}: {} rows read, {} added, {} already there, {} pending rows posted (import {})",
            report.rows_read,
            report.rows_added,
            report.rows_matched,
            report.rows_posted,
            report.import_id
        );
    }
    // What the preview would have said: a guessed CSV mapping, and what the reader assumed.
    if let Some(guess) = &parsed.csv_guess {
        println!(
            "  CSV columns guessed from the header (confidence {:.2}): {}",
            guess.confidence,
            guess.reasons.join("; ")
        );
    }
    for note in parsed.statements().flat_map(|s| &s.notes) {
        println!("  note: {note}");
    }
    Ok(())
}

fn parse_format(name: &str) -> Result<Format, String> {
    match name.to_ascii_lowercase().as_str() {
        "ofx" | "qfx" => Ok(Format::Ofx),
        "csv" => Ok(Format::Csv),
        "camt" | "camt053" | "camt.053" => Ok(Format::Camt053),
        "camt052" | "camt.052" => Ok(Format::Camt052),
        "camt054" | "camt.054" => Ok(Format::Camt054),
        "qif" => Ok(Format::Qif),
        "mt940" | "sta" => Ok(Format::Mt940),
        other => Err(format!(
            "unknown format {other:?}; use ofx, csv, camt053, camt052, camt054, qif or mt940"
        )),
    }
}

/// `kakeibo demo`: the demo user and the demo bank, so a fresh install has data to show.
pub async fn demo(
    db: &PgPool,
    settings: &kakeibo_core::Settings,
    args: &DemoArgs,
) -> Result<(), StartupError> {
    let fail = |e: String| StartupError::Other(format!("demo: {e}"));
    let user_id = kakeibo_auth::ensure_verified_user(db, &args.email, &args.password)
        .await
        .map_err(|e| fail(format!("{e:#}")))?;
    let context = crate::jobs::bank_sync_context(settings, db.clone())?;
    let report =
        kakeibo_bank_sync::demo_sync::sync(&context, user_id, args.seed, chrono::Utc::now())
            .await
            .map_err(|e| fail(e.to_string()))?;
    let planned = crate::demo_plan::ensure(db, user_id)
        .await
        .map_err(|e| fail(format!("{e:#}")))?;
    println!(
        "demo user {} (password {:?}): {} accounts, {} new transactions, {} pending ones posted, {} budgets and {} goals made",
        args.email,
        args.password,
        report.accounts,
        report.rows_added,
        report.rows_posted,
        planned.budgets,
        planned.goals
    );
    Ok(())
}
