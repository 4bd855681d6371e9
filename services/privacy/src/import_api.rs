//! `POST /privacy/import` (issue 23, portability from the dashboard): a user who has just
//! signed up uploads the zip another Kakeibo exported, and it is imported into their own
//! account. Only into their own, and only while it holds no data: an import recreates a
//! whole history and never merges, so nobody can overwrite or mix into an account they use.
//! Operators import into a new address with `kakeibo privacy import`.

use std::collections::BTreeMap;
use std::io::Write;

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use kakeibo_core::audit::{self, event};
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::import::{ImportError, ImportReport, import_into_empty};

/// An export of a long history compresses to far less; this stops abuse of the disk.
pub const MAX_UPLOAD_BYTES: usize = 512 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_export))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// Records recreated, by type.
    pub imported: BTreeMap<String, u64>,
    /// Records of the file not recreated, by type: sign-ins, API tokens and the security log
    /// (they describe the other server), the bank connection (connect the bank again),
    /// delivered notifications, the Telegram link (link the chat again), corrections.
    pub skipped: BTreeMap<String, u64>,
    /// The file records a consent to sending data to an external language model; it is not
    /// carried over (it was given for the other server's model): give it again in Settings.
    pub llm_consent_not_restored: bool,
}

impl From<ImportReport> for ImportResult {
    fn from(report: ImportReport) -> Self {
        Self {
            imported: report.imported,
            skipped: report.skipped,
            llm_consent_not_restored: report.llm_consent_not_restored,
        }
    }
}

/// Imports an export zip of another Kakeibo (form field `file`) into the signed-in user's
/// account, which must hold no data yet. The file is checked first; nothing is written
/// unless all of it imports.
#[utoipa::path(post, path = "/privacy/import", tag = "privacy", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`: the export zip"),
    responses((status = 200, body = ImportResult, description = "Imported"),
        (status = 400, description = "Not a Kakeibo export, or changed since it was made (the reason says which)"),
        (status = 401), (status = 403, description = "An API token, not a login session"),
        (status = 409, description = "The account already holds data"),
        (status = 413, description = "Larger than 512 MiB"),
        (status = 422, description = "No file")))]
pub async fn import_export(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    multipart: Multipart,
) -> Result<Json<ImportResult>, ApiError> {
    user.session_id()?;
    let file = receive(&state, multipart).await?;
    let report = import_into_empty(&state.db, file.path(), user.user_id)
        .await
        .map_err(refused)?;
    let mut conn = state.db.acquire().await?;
    audit::record(
        &mut conn,
        Some(user.user_id),
        event::IMPORT,
        &client,
        serde_json::json!({ "imported": &report.imported }),
    )
    .await?;
    Ok(Json(report.into()))
}

/// Streams the form field `file` to a scratch file next to the exports (it can be large),
/// deleted when dropped.
async fn receive(
    state: &AppState,
    mut multipart: Multipart,
) -> Result<tempfile::NamedTempFile, ApiError> {
    let upload_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::bad_request("invalid_upload", e.body_text())
        }
    };
    let internal = |e: std::io::Error| ApiError::Internal(e.into());
    let dir = &state.settings.privacy.exports_dir;
    std::fs::create_dir_all(dir).map_err(internal)?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(internal)?;
    let mut received = false;
    while let Some(mut field) = multipart.next_field().await.map_err(upload_error)? {
        if field.name() != Some("file") {
            return Err(ApiError::bad_request(
                "invalid_upload",
                format!(
                    "unexpected form field {:?}; send the export zip as `file`",
                    field.name().unwrap_or_default()
                ),
            ));
        }
        while let Some(chunk) = field.chunk().await.map_err(upload_error)? {
            file.write_all(&chunk).map_err(internal)?;
        }
        received = true;
    }
    if !received {
        return Err(ApiError::invalid(
            "file",
            "attach the export zip as the form field `file`",
        ));
    }
    file.flush().map_err(internal)?;
    Ok(file)
}

/// A file that is not a sound export: 400 with the reason; an account with data: 409.
fn refused(e: ImportError) -> ApiError {
    match e {
        ImportError::NotEmpty(_) => ApiError::conflict("account_not_empty", e.to_string()),
        ImportError::Verify(_)
        | ImportError::NoProfile
        | ImportError::UnknownType { .. }
        | ImportError::Record { .. } => ApiError::bad_request("invalid_export", e.to_string()),
        ImportError::Database(e) => e.into(),
        ImportError::InvalidEmail(_) | ImportError::EmailTaken(_) | ImportError::Other(_) => {
            ApiError::Internal(anyhow::anyhow!(e.to_string()))
        }
    }
}
