//! The export endpoints (issue 23): `POST /privacy/export` asks for a zip of everything
//! (made by the `kakeibo.privacy_export` job), `GET /privacy/export/{id}` shows its state,
//! `GET /privacy/export/{id}/download` streams the file until it expires, and
//! `GET /privacy/exports` lists the user's exports. All need a login session: the zip is
//! the user's whole history, more than any API token's scope should reach.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kakeibo_core::audit::{self, event};
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, ClientInfo};
use uuid::Uuid;

use crate::exports::{self, ExportStatus};

/// Asks for an export of all the signed-in user's data. A new one is queued (202); while
/// one is queued or running, that one is answered (200).
#[utoipa::path(post, path = "/privacy/export", tag = "privacy", security(("bearer" = [])),
    responses((status = 202, body = ExportStatus, description = "A new export, queued"),
        (status = 200, body = ExportStatus, description = "The export already queued or running"),
        (status = 401), (status = 403, description = "An API token, not a login session")))]
pub async fn request_export(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
) -> Result<(StatusCode, Json<ExportStatus>), ApiError> {
    user.session_id()?;
    let mut tx = state.db.begin().await?;
    let (export, added) = exports::request(&mut tx, user.user_id, Utc::now()).await?;
    if added {
        audit::record(
            &mut tx,
            Some(user.user_id),
            event::EXPORT,
            &client,
            serde_json::json!({ "export_id": export.id }),
        )
        .await?;
    }
    tx.commit().await?;
    let status = if added {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(export)))
}

/// The signed-in user's exports, newest first.
#[utoipa::path(get, path = "/privacy/exports", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = [ExportStatus]), (status = 401), (status = 403)))]
pub async fn list_exports(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<ExportStatus>>, ApiError> {
    user.session_id()?;
    Ok(Json(
        exports::list(&state.db, user.user_id, Utc::now()).await?,
    ))
}

/// One export's state.
#[utoipa::path(get, path = "/privacy/export/{id}", tag = "privacy", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The export's id")),
    responses((status = 200, body = ExportStatus), (status = 401), (status = 403), (status = 404)))]
pub async fn get_export(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ExportStatus>, ApiError> {
    user.session_id()?;
    exports::find(&state.db, user.user_id, id, Utc::now())
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Downloads a ready export: a zip named after the day it was asked for.
#[utoipa::path(get, path = "/privacy/export/{id}/download", tag = "privacy", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The export's id")),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 401), (status = 403), (status = 404),
        (status = 409, description = "Not ready yet, or failed"),
        (status = 410, description = "Expired: ask for a new export")))]
pub async fn download_export(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    user.session_id()?;
    let export = exports::find(&state.db, user.user_id, id, Utc::now())
        .await?
        .ok_or(ApiError::NotFound)?;
    let gone = || {
        ApiError::gone(
            "export_expired",
            "this export has expired; ask for a new one",
        )
    };
    match export.status.as_str() {
        "ready" => {}
        "expired" => return Err(gone()),
        "failed" => {
            return Err(ApiError::conflict(
                "export_failed",
                "this export failed; ask for a new one",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                "export_not_ready",
                "this export is not ready yet",
            ));
        }
    }
    let path = exports::file_of(&state.settings.privacy.exports_dir, id);
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        // Deleted by the sweep between the read and now.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(gone()),
        Err(e) => return Err(ApiError::Internal(e.into())),
    };
    let length = file
        .metadata()
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .len();
    let filename = format!(
        "kakeibo-export-{}.zip",
        export.created_at.format("%Y-%m-%d")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}
