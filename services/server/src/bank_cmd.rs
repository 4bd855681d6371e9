//! `kakeibo bank …` and `kakeibo rotate-key`: bank connections for operators and scripts,
//! through the same code as the API. Output is one line per fact, for people and for grep.

use chrono::Utc;
use kakeibo_bank_sync::connections::{self, Connection, ConnectionError};
use kakeibo_bank_sync::credentials;
use kakeibo_bank_sync::provider::ConnectStep;
use kakeibo_bank_sync::sync::{self, SyncContext};
use kakeibo_core::{Settings, StartupError};
use sqlx::PgPool;
use uuid::Uuid;

use crate::cli::BankCommand;

pub async fn run(
    db: &PgPool,
    settings: &Settings,
    command: &BankCommand,
) -> Result<(), StartupError> {
    let context = crate::jobs::bank_sync_context(settings, db.clone())?;
    let callback = format!(
        "{}/connections/callback",
        settings.server.public_url.trim_end_matches('/')
    );
    match command {
        BankCommand::Connect {
            provider,
            user,
            institution,
        } => {
            let user_id = user_id(db, user).await?;
            let started = connections::start(
                &context,
                user_id,
                provider,
                institution.as_deref(),
                &callback,
            )
            .await
            .map_err(fail)?;
            let id = started.connection.id;
            println!("connection {id} ({provider}) started");
            match started.next_step {
                ConnectStep::Ready => complete(&context, user_id, id, None).await?,
                ConnectStep::Redirect { url } => {
                    println!(
                        "open {url} to consent at the bank, then run: kakeibo bank complete {id}"
                    )
                }
                ConnectStep::LinkToken { link_token, .. } => println!(
                    "open Plaid Link with link token {link_token}, then run: kakeibo bank complete {id} --token PUBLIC_TOKEN"
                ),
                ConnectStep::PasteToken => println!(
                    "get a setup token from your SimpleFIN Bridge, then run: kakeibo bank complete {id} --token SETUP_TOKEN"
                ),
            }
        }
        BankCommand::Complete { connection, token } => {
            let user_id: Uuid = connections::owner(db, *connection)
                .await
                .map_err(|e| StartupError::Other(format!("database error: {e}")))?
                .ok_or_else(|| {
                    StartupError::Other(format!("there is no connection {connection}"))
                })?;
            complete(&context, user_id, *connection, token.as_deref()).await?;
        }
        BankCommand::Institutions { provider, country } => {
            let provider = context.providers.get(provider).ok_or_else(|| {
                StartupError::Other(format!("provider {provider:?} is not configured here"))
            })?;
            for institution in provider
                .institutions(country.as_deref())
                .await
                .map_err(|e| fail(e.into()))?
            {
                println!("{}\t{}", institution.id, institution.name);
            }
        }
        BankCommand::List { user } => {
            let user_id = user_id(db, user).await?;
            let list = connections::list(db, user_id)
                .await
                .map_err(|e| StartupError::Other(format!("database error: {e}")))?;
            for connection in list {
                print_connection(&connection);
            }
        }
        BankCommand::Sync {
            connection: Some(id),
            ..
        } => sync_one(&context, *id).await?,
        BankCommand::Sync {
            connection: None,
            due,
        } => {
            if !due {
                return Err(StartupError::Other(
                    "name a connection, or pass --due".into(),
                ));
            }
            let due = connections::due_now(db)
                .await
                .map_err(|e| StartupError::Other(format!("database error: {e}")))?;
            for id in due {
                sync_one(&context, id).await?;
            }
        }
    }
    Ok(())
}

pub async fn rotate_key(db: &PgPool, settings: &Settings) -> Result<(), StartupError> {
    let report = credentials::rotate_key(db, &settings.bank.credential_keys_file)
        .await
        .map_err(|e| StartupError::Other(format!("rotate-key: {e} (nothing was changed)")))?;
    println!(
        "new key {}: {} stored credentials re-encrypted; older keys stay in {} until you remove them",
        report.new_key_id,
        report.resealed,
        settings.bank.credential_keys_file.display()
    );
    Ok(())
}

async fn complete(
    context: &SyncContext,
    user_id: Uuid,
    id: Uuid,
    token: Option<&str>,
) -> Result<(), StartupError> {
    let connection = connections::complete(context, user_id, id, token)
        .await
        .map_err(fail)?;
    println!(
        "connection {id} connected to {}",
        connection.institution_name
    );
    sync_one(context, id).await
}

async fn sync_one(context: &SyncContext, id: Uuid) -> Result<(), StartupError> {
    let report = sync::sync_connection(context, id, Utc::now())
        .await
        .map_err(|e| StartupError::Other(format!("connection {id}: sync failed: {e}")))?;
    println!(
        "connection {id}: {} accounts, {} transactions added, {} pending posted, {} changed, {} removed",
        report.accounts,
        report.rows_added,
        report.rows_posted,
        report.rows_modified,
        report.rows_removed
    );
    Ok(())
}

fn print_connection(c: &Connection) {
    println!(
        "{}\t{}\t{}\t{}\tlast sync {}\t{}",
        c.id,
        c.provider,
        c.institution_name,
        c.status,
        c.last_synced_at
            .map_or_else(|| "never".to_string(), |t| t.to_rfc3339()),
        c.last_error.as_deref().unwrap_or("")
    );
}

async fn user_id(db: &PgPool, email: &str) -> Result<Uuid, StartupError> {
    kakeibo_auth::user_id_by_email(db, email)
        .await
        .map_err(|e| StartupError::Other(format!("database error: {e}")))?
        .ok_or_else(|| StartupError::Other(format!("there is no user {email}")))
}

fn fail(e: ConnectionError) -> StartupError {
    StartupError::Other(e.to_string())
}
