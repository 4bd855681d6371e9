//! HTTP endpoints for bank connections (DESIGN.md §6): the providers on offer, and each
//! connection's life — start, complete, re-link, sync on demand, status, remove.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::BankSyncState;
use crate::connections::{self, Connection, ConnectionError, Started};
use crate::provider::{Institution, ProviderError};
use crate::sync::SyncContext;

pub fn router() -> OpenApiRouter<BankSyncState> {
    OpenApiRouter::new()
        .routes(routes!(list_providers))
        .routes(routes!(list_institutions))
        .routes(routes!(list_connections, create_connection))
        .routes(routes!(get_connection, delete_connection))
        .routes(routes!(complete_connection))
        .routes(routes!(reconnect_connection))
        .routes(routes!(sync_connection))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProviderInfo {
    pub id: &'static str,
    pub name: &'static str,
}

/// The bank-data providers this server can connect to.
#[utoipa::path(get, path = "/providers", tag = "bank connections", security(("bearer" = [])),
    responses((status = 200, body = [ProviderInfo])))]
pub async fn list_providers(
    State(sync): State<SyncContext>,
    _user: AuthUser,
) -> Json<Vec<ProviderInfo>> {
    Json(
        sync.providers
            .iter()
            .map(|p| ProviderInfo {
                id: p.id(),
                name: p.display_name(),
            })
            .collect(),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstitutionQuery {
    /// ISO 3166-1 alpha-2, e.g. DE.
    pub country: Option<String>,
}

impl Validate for InstitutionQuery {}

/// The banks a provider reaches in a country.
#[utoipa::path(get, path = "/providers/{provider}/institutions", tag = "bank connections", security(("bearer" = [])),
    params(("provider" = String, Path, description = "The provider's id, as GET /providers lists them (demo, plaid, gocardless, simplefin)"), InstitutionQuery),
    responses((status = 200, body = [Institution]), (status = 404)))]
pub async fn list_institutions(
    State(sync): State<SyncContext>,
    _user: AuthUser,
    ApiPath(provider): ApiPath<String>,
    ApiQuery(query): ApiQuery<InstitutionQuery>,
) -> Result<Json<Vec<Institution>>, ApiError> {
    if let Some(country) = &query.country
        && !(country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(ApiError::invalid(
            "country",
            "a two-letter country code such as DE",
        ));
    }
    let provider = sync.providers.get(&provider).ok_or(ApiError::NotFound)?;
    let country = query.country.map(|c| c.to_ascii_uppercase());
    Ok(Json(
        provider
            .institutions(country.as_deref())
            .await
            .map_err(provider_error)?,
    ))
}

/// The user's bank connections with their status, last error and next sync.
#[utoipa::path(get, path = "/connections", tag = "bank connections", security(("bearer" = [])),
    responses((status = 200, body = [Connection])))]
pub async fn list_connections(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Connection>>, ApiError> {
    Ok(Json(connections::list(&state.db, user.user_id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConnection {
    /// One of `GET /providers`.
    pub provider: String,
    /// The bank, for providers where Kakeibo lists them (GoCardless).
    pub institution_id: Option<String>,
}

impl Validate for NewConnection {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.provider.is_empty() || self.provider.len() > 32 {
            errors.push(FieldError::new("provider", "one of GET /providers"));
        }
        if let Some(id) = &self.institution_id
            && (id.is_empty() || id.len() > 200 || id.chars().any(char::is_control))
        {
            errors.push(FieldError::new(
                "institution_id",
                "an id from GET /providers/{provider}/institutions",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Starts linking a bank: answers the link (or token step) the provider wants.
#[utoipa::path(post, path = "/connections", tag = "bank connections", security(("bearer" = [])),
    request_body = NewConnection,
    responses((status = 201, body = Started), (status = 422), (status = 502)))]
pub async fn create_connection(
    State(state): State<AppState>,
    State(sync): State<SyncContext>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewConnection>,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let started = connections::start(
        &sync,
        user.user_id,
        &req.provider,
        req.institution_id.as_deref(),
        &callback_url(&state),
    )
    .await
    .map_err(connection_error)?;
    Ok((StatusCode::CREATED, Json(started)))
}

/// One bank connection.
#[utoipa::path(get, path = "/connections/{id}", tag = "bank connections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The connection's id")), responses((status = 200, body = Connection), (status = 404)))]
pub async fn get_connection(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Connection>, ApiError> {
    Ok(Json(
        connections::get(&state.db, user.user_id, id)
            .await
            .map_err(connection_error)?,
    ))
}

#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteConnection {
    /// Plaid Link's public token, or the SimpleFIN setup token; absent for GoCardless (the
    /// bank redirect already recorded the consent) and the demo bank.
    pub token: Option<String>,
}

impl Validate for CompleteConnection {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match &self.token {
            Some(t) if t.is_empty() || t.len() > 4096 || t.chars().any(char::is_control) => {
                Err(vec![FieldError::new(
                    "token",
                    "the token the provider gave, as given",
                )])
            }
            _ => Ok(()),
        }
    }
}

/// Finishes linking a bank after the user's consent, and links its accounts.
#[utoipa::path(post, path = "/connections/{id}/complete", tag = "bank connections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The connection's id")), request_body = CompleteConnection,
    responses((status = 200, body = Connection), (status = 404), (status = 409), (status = 422), (status = 502)))]
pub async fn complete_connection(
    State(sync): State<SyncContext>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<CompleteConnection>,
) -> Result<Json<Connection>, ApiError> {
    let connection = connections::complete(&sync, user.user_id, id, req.token.as_deref())
        .await
        .map_err(connection_error)?;
    Ok(Json(connection))
}

/// Renews an expired or revoked bank consent.
#[utoipa::path(post, path = "/connections/{id}/reconnect", tag = "bank connections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The connection's id")), responses((status = 200, body = Started), (status = 404), (status = 502)))]
pub async fn reconnect_connection(
    State(state): State<AppState>,
    State(sync): State<SyncContext>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Started>, ApiError> {
    let started = connections::reconnect(&sync, user.user_id, id, &callback_url(&state))
        .await
        .map_err(connection_error)?;
    Ok(Json(started))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SyncQueued {
    /// False when a sync asked for within the last minute is already queued.
    pub queued: bool,
}

/// Syncs a bank connection now.
#[utoipa::path(post, path = "/connections/{id}/sync", tag = "bank connections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The connection's id")), responses((status = 202, body = SyncQueued), (status = 404), (status = 409)))]
pub async fn sync_connection(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<SyncQueued>), ApiError> {
    let queued = connections::request_sync(&state.db, user.user_id, id, Utc::now())
        .await
        .map_err(connection_error)?;
    Ok((StatusCode::ACCEPTED, Json(SyncQueued { queued })))
}

/// Disconnects a bank, revoking access at the provider; its accounts and their history stay, as manual accounts.
#[utoipa::path(delete, path = "/connections/{id}", tag = "bank connections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The connection's id")), responses((status = 204), (status = 404)))]
pub async fn delete_connection(
    State(sync): State<SyncContext>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    connections::remove(&sync, user.user_id, id)
        .await
        .map_err(connection_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where banks send the person back: Kakeibo's own page, never a URL from the request (an
/// open redirect otherwise).
fn callback_url(state: &AppState) -> String {
    format!(
        "{}/connections/callback",
        state.settings.server.public_url.trim_end_matches('/')
    )
}

pub fn connection_error(e: ConnectionError) -> ApiError {
    match e {
        ConnectionError::NotFound => ApiError::NotFound,
        ConnectionError::UnknownProvider(p) => ApiError::invalid(
            "provider",
            format!("{p:?} is not offered here; see GET /providers"),
        ),
        ConnectionError::WrongState(message) => ApiError::conflict("wrong_state", message),
        ConnectionError::Provider(e) => provider_error(e),
        ConnectionError::Credentials(e) => ApiError::Internal(e.into()),
        ConnectionError::Database(e) => e.into(),
    }
}

fn provider_error(e: ProviderError) -> ApiError {
    match e {
        ProviderError::Rejected(message) => ApiError::invalid("token", message),
        ProviderError::ReauthRequired(_) => ApiError::conflict("reauth_required", e.to_string()),
        ProviderError::RateLimited { retry_after, .. } => ApiError::TooManyRequests {
            retry_after: retry_after.unwrap_or(std::time::Duration::from_secs(60)),
        },
        ProviderError::NotConfigured(_) => ApiError::invalid("provider", e.to_string()),
        ProviderError::InstitutionDown(_) | ProviderError::Other(_) => ApiError::BadGateway {
            code: "provider_unavailable",
            message: e.to_string(),
        },
    }
}
