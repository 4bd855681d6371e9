//! `GET /privacy/settings`: this server's privacy terms, which the dashboard tells before
//! the user acts: how many days a deleted account waits before its data is erased, and
//! how many days a ready export can be downloaded. Both are operator settings
//! (`privacy.erasure_grace_days`, `privacy.export_expiry_days`), the same for everyone.

use axum::Json;
use axum::extract::State;
use kakeibo_core::{AppState, AuthUser};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PrivacyTerms {
    /// Days between deleting the account and erasing its data; logging in meanwhile
    /// cancels. 0: erased at once.
    pub erasure_grace_days: u32,
    /// Days a ready export can be downloaded before its file is deleted.
    pub export_expiry_days: u32,
}

/// How long a deleted account waits before erasure, and how long an export stays.
#[utoipa::path(get, path = "/privacy/settings", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = PrivacyTerms), (status = 401)))]
pub async fn get_privacy_terms(
    State(state): State<AppState>,
    _user: AuthUser,
) -> Json<PrivacyTerms> {
    let privacy = &state.settings.privacy;
    Json(PrivacyTerms {
        erasure_grace_days: privacy.erasure_grace_days,
        export_expiry_days: privacy.export_expiry_days,
    })
}
