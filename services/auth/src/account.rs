//! Accounts: registration, e-mail verification, password reset and change, and the profile.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use kakeibo_core::audit::{self, event};
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::email_tokens::{self, Purpose};
use crate::{email_address, password, rate_limit, session};

fn collect(errors: Vec<Option<FieldError>>) -> Result<(), Vec<FieldError>> {
    let errors: Vec<FieldError> = errors.into_iter().flatten().collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub display_name: String,
}

impl Validate for RegisterRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let email = email_address::normalize(&self.email);
        let password = password::check_strength(&self.password, email.as_deref().unwrap_or(""));
        collect(vec![
            email.err(),
            password.err(),
            display_name_error(&self.display_name),
        ])
    }
}

fn display_name_error(name: &str) -> Option<FieldError> {
    (name.chars().count() > 100 || name.chars().any(char::is_control))
        .then(|| FieldError::new("display_name", "use at most 100 printable characters"))
}

/// Creates the account and logs it in; a verification link goes to the address.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = crate::session::TokenResponse), (status = 409, description = "E-mail taken"),
              (status = 403, description = "Sent by a page of another origin"),
              (status = 422, description = "Invalid e-mail or weak password"), (status = 429, description = "Too many sign-ups")))]
pub async fn register(
    State(state): State<AppState>,
    _: crate::session::SameOrigin,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    rate_limit::claim(&state.db, rate_limit::REGISTER_ADDRESS, client.ip).await?;
    let email = email_address::normalize(&req.email).map_err(|e| ApiError::Validation(vec![e]))?;
    rate_limit::hit(&state.db, rate_limit::REGISTER_PER_ACCOUNT, &email).await?;
    let password_hash = password::hash(req.password).await?;

    let mut tx = state.db.begin().await?;
    let user_id: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&email)
    .bind(&password_hash)
    .bind(req.display_name.trim())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        kakeibo_core::api_error::on_constraint(e, "users_email_key", || {
            ApiError::conflict(
                "email_taken",
                "an account with this e-mail already exists; log in or reset the password",
            )
        })
    })?;
    let token = email_tokens::issue(&mut tx, &state, user_id, &email, Purpose::VerifyEmail).await?;
    audit::record(
        &mut tx,
        Some(user_id),
        event::REGISTERED,
        &client,
        json!({}),
    )
    .await?;
    let issued = session::open(&mut tx, &state, user_id, &client).await?;
    tx.commit().await?;
    email_tokens::send(
        &state,
        email_tokens::verification_mail(&state, &email, &token),
    )
    .await?;

    let mut response = (StatusCode::CREATED, Json(issued.body)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::refresh_cookie(&state, &issued.refresh_token),
    );
    Ok(response)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

impl Validate for TokenRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        collect(vec![
            (self.token.len() > 128).then(|| FieldError::new("token", "too long")),
        ])
    }
}

fn invalid_link() -> ApiError {
    ApiError::bad_request(
        "invalid_token",
        "this link is invalid, used or expired; ask for a new one",
    )
}

/// Confirms the e-mail address with the token from the verification mail.
#[utoipa::path(post, path = "/auth/verify-email", tag = "auth", request_body = TokenRequest,
    responses((status = 204, description = "Verified"), (status = 400, description = "Invalid, used or expired link")))]
pub async fn verify_email(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<TokenRequest>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let (user_id, email) = email_tokens::consume(&mut tx, &req.token, Purpose::VerifyEmail)
        .await?
        .ok_or_else(invalid_link)?;
    sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(user_id),
        event::EMAIL_VERIFIED,
        &client,
        json!({ "email": email }),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a new verification link to the signed-in user's address.
#[utoipa::path(post, path = "/auth/verify-email/resend", tag = "auth", security(("bearer" = [])),
    responses((status = 202, description = "Sent"), (status = 409, description = "Already verified")))]
pub async fn resend_verification(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<StatusCode, ApiError> {
    if user.email_verified {
        return Err(ApiError::conflict(
            "already_verified",
            "this address is already verified",
        ));
    }
    rate_limit::hit(
        &state.db,
        rate_limit::RESET_PER_ACCOUNT,
        &user.user_id.to_string(),
    )
    .await?;
    let mut tx = state.db.begin().await?;
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user.user_id)
        .fetch_one(&mut *tx)
        .await?;
    let token =
        email_tokens::issue(&mut tx, &state, user.user_id, &email, Purpose::VerifyEmail).await?;
    tx.commit().await?;
    email_tokens::send(
        &state,
        email_tokens::verification_mail(&state, &email, &token),
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
}

impl Validate for ForgotPasswordRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        collect(vec![
            (self.email.len() > email_address::MAX_LENGTH
                || self.email.chars().any(char::is_control))
            .then(|| FieldError::new("email", "enter a valid e-mail address")),
        ])
    }
}

/// Always 202: the answer does not tell whether the account exists.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = ForgotPasswordRequest,
    responses((status = 202, description = "If the account exists, a link is on its way"), (status = 429, description = "Too many requests")))]
pub async fn forgot_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<ForgotPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    rate_limit::claim(&state.db, rate_limit::RESET_ADDRESS, client.ip).await?;
    let email = req.email.trim().to_lowercase();
    rate_limit::hit(&state.db, rate_limit::RESET_PER_ACCOUNT, &email).await?;
    let mut tx = state.db.begin().await?;
    let user_id: Option<Uuid> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let mut mail = None;
    if let Some(user_id) = user_id {
        let token =
            email_tokens::issue(&mut tx, &state, user_id, &email, Purpose::ResetPassword).await?;
        audit::record(
            &mut tx,
            Some(user_id),
            event::PASSWORD_RESET_REQUESTED,
            &client,
            json!({}),
        )
        .await?;
        mail = Some(email_tokens::reset_mail(&state, &email, &token));
    }
    tx.commit().await?;
    if let Some(mail) = mail {
        email_tokens::send(&state, mail).await?;
    }
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub new_password: String,
}

impl Validate for ResetPasswordRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        collect(vec![
            (self.token.len() > 128).then(|| FieldError::new("token", "too long")),
            (self.new_password.chars().count() > password::MAX_LENGTH)
                .then(|| FieldError::new("new_password", "too long")),
        ])
    }
}

/// Sets a new password with an e-mailed link; every session ends.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 204), (status = 400, description = "Invalid, used or expired link"), (status = 422, description = "Weak password")))]
pub async fn reset_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let (user_id, email) = email_tokens::consume(&mut tx, &req.token, Purpose::ResetPassword)
        .await?
        .ok_or_else(invalid_link)?;
    password::check_strength(&req.new_password, &email)
        .map_err(|e| ApiError::invalid("new_password", e.message))?;
    let hash = password::hash(req.new_password).await?;
    // The link reached the inbox, which proves the address too.
    sqlx::query(
        "UPDATE users SET password_hash = $2, password_changed_at = now(),
                          email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1",
    )
    .bind(user_id)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    session::revoke_all(&mut tx, user_id, None, "password reset").await?;
    // A reset is how an account is taken back: whatever an intruder set up must stop too.
    sqlx::query(
        "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(user_id),
        event::PASSWORD_RESET,
        &client,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

impl Validate for ChangePasswordRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        collect(vec![
            (self.current_password.chars().count() > password::MAX_LENGTH)
                .then(|| FieldError::new("current_password", "too long")),
            (self.new_password.chars().count() > password::MAX_LENGTH)
                .then(|| FieldError::new("new_password", "too long")),
        ])
    }
}

/// Changes the password; every other session ends.
#[utoipa::path(post, path = "/auth/password", tag = "auth", security(("bearer" = [])), request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, description = "Wrong current password"), (status = 422, description = "Weak password")))]
pub async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let session_id = user.session_id()?;
    rate_limit::hit(
        &state.db,
        rate_limit::LOGIN_PER_ACCOUNT,
        &user.user_id.to_string(),
    )
    .await?;
    let (stored, email): (String, String) =
        sqlx::query_as("SELECT password_hash, email FROM users WHERE id = $1")
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
    if !password::verify(req.current_password, Some(stored)).await? {
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "the current password is wrong",
        ));
    }
    password::check_strength(&req.new_password, &email)
        .map_err(|e| ApiError::invalid("new_password", e.message))?;
    let hash = password::hash(req.new_password).await?;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1")
        .bind(user.user_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    session::revoke_all(&mut tx, user.user_id, Some(session_id), "password changed").await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::PASSWORD_CHANGED,
        &client,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub display_name: String,
    pub time_zone: String,
    pub base_currency: String,
    pub locale: String,
    pub two_factor_enabled: bool,
    pub created_at: DateTime<Utc>,
}

async fn load_me(state: &AppState, user_id: Uuid) -> Result<Me, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, email, email_verified_at IS NOT NULL AS email_verified, display_name, time_zone,
                base_currency::text AS base_currency, locale, totp_secret IS NOT NULL AS two_factor_enabled, created_at
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&state.db)
    .await?)
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/me", tag = "account", security(("bearer" = [])), responses((status = 200, body = Me)))]
pub async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(load_me(&state, user.user_id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    pub display_name: Option<String>,
    /// An IANA zone such as `Europe/Berlin`; weekly e-mails follow it.
    pub time_zone: Option<String>,
    /// ISO 4217, e.g. `EUR`.
    pub base_currency: Option<String>,
    pub locale: Option<String>,
}

impl Validate for UpdateMe {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let tz_ok = |tz: &str| {
            !tz.is_empty()
                && tz.len() <= 64
                && tz
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        };
        collect(vec![
            self.display_name.as_deref().and_then(display_name_error),
            self.time_zone.as_deref().filter(|tz| !tz_ok(tz)).map(|_| {
                FieldError::new("time_zone", "use an IANA time zone such as Europe/Berlin")
            }),
            self.base_currency
                .as_deref()
                .filter(|c| !(c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())))
                .map(|_| {
                    FieldError::new(
                        "base_currency",
                        "use a three-letter ISO 4217 code such as EUR",
                    )
                }),
            self.locale
                .as_deref()
                .filter(|l| {
                    l.is_empty()
                        || l.len() > 16
                        || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                .map(|_| FieldError::new("locale", "use a language tag such as en or de-CH")),
        ])
    }
}

/// Changes the signed-in user's profile (name, time zone, currency, locale).
#[utoipa::path(patch, path = "/me", tag = "account", security(("bearer" = [])), request_body = UpdateMe,
    responses((status = 200, body = Me), (status = 422, description = "Invalid field")))]
pub async fn update_me(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<UpdateMe>,
) -> Result<Json<Me>, ApiError> {
    // The database knows the real zone list; checking there keeps one source of truth.
    if let Some(tz) = &req.time_zone {
        let known: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)")
                .bind(tz)
                .fetch_one(&state.db)
                .await?;
        if !known {
            return Err(ApiError::invalid("time_zone", "unknown time zone"));
        }
    }
    sqlx::query(
        "UPDATE users SET display_name = COALESCE($2, display_name), time_zone = COALESCE($3, time_zone),
                          base_currency = COALESCE($4, base_currency), locale = COALESCE($5, locale)
         WHERE id = $1",
    )
    .bind(user.user_id)
    .bind(req.display_name.as_deref().map(str::trim))
    .bind(req.time_zone)
    .bind(req.base_currency)
    .bind(req.locale)
    .execute(&state.db)
    .await?;
    Ok(Json(load_me(&state, user.user_id).await?))
}
