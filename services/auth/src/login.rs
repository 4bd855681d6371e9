//! Login (password, then a TOTP or recovery code when 2FA is on), refresh and logout.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kakeibo_core::audit::{self, event};
use kakeibo_core::auth::{CHALLENGE_AUDIENCE, HasIssuedAt};
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::session::{self, Issued, Rotation, SameOrigin};
use crate::{device, email_address, password, rate_limit, two_factor};

/// Minutes between the password step and the 2FA step.
const CHALLENGE_TTL_SECS: i64 = 5 * 60;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

impl Validate for LoginRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        // Only bounds here: a wrong e-mail or password is a 401, not a 422 that says which.
        let mut errors = Vec::new();
        if self.email.len() > email_address::MAX_LENGTH || self.email.chars().any(char::is_control)
        {
            errors.push(FieldError::new("email", "enter a valid e-mail address"));
        }
        if self.password.chars().count() > password::MAX_LENGTH {
            errors.push(FieldError::new("password", "too long"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TwoFactorChallenge {
    pub two_factor_required: bool,
    pub challenge_token: String,
    pub expires_in: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct ChallengeClaims {
    iss: String,
    aud: String,
    sub: Uuid,
    exp: i64,
    iat: i64,
    nbf: i64,
    jti: Uuid,
}

impl HasIssuedAt for ChallengeClaims {
    fn issued_at(&self) -> i64 {
        self.iat
    }
}

/// What a login answers: the tokens, or, with 2FA on, a challenge to complete at
/// `POST /auth/login/2fa`. (For the API description: the handler answers either one.)
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum LoginAnswer {
    Tokens(LoggedIn),
    Challenge(TwoFactorChallenge),
}

/// A completed login: the tokens, and whether it cancelled the account's pending deletion
/// (a login during the grace period does; the dashboard says so once).
#[derive(Serialize, utoipa::ToSchema)]
pub struct LoggedIn {
    #[serde(flatten)]
    pub tokens: crate::session::TokenResponse,
    pub deletion_cancelled: bool,
}

/// 200 with an access token (and the refresh cookie), or 200 with a 2FA challenge.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, description = "Logged in, or a 2FA challenge", body = LoginAnswer),
              (status = 401, description = "Wrong e-mail or password"),
              (status = 403, description = "Sent by a page of another origin"),
              (status = 429, description = "Too many attempts; wait `Retry-After` seconds")))]
pub async fn login(
    State(state): State<AppState>,
    _: SameOrigin,
    client: ClientInfo,
    headers: HeaderMap,
    ValidatedJson(req): ValidatedJson<LoginRequest>,
) -> Result<Response, ApiError> {
    // Per address, growing delays (a shared address is never shut out for long), skipped by
    // a browser that signed in to this account before; per account, a hard limit (only that
    // account's own failures count against it).
    let email = req.email.trim().to_lowercase();
    let known_device = device::knows(&state, &headers, &email);
    if !known_device {
        rate_limit::claim(&state.db, rate_limit::LOGIN_ADDRESS, client.ip).await?;
    }
    rate_limit::hit(&state.db, rate_limit::LOGIN_PER_ACCOUNT, &email).await?;

    let user: Option<(Uuid, String, bool)> = sqlx::query_as(
        "SELECT id, password_hash, totp_secret IS NOT NULL FROM users WHERE email = $1",
    )
    .bind(&email)
    .fetch_optional(&state.db)
    .await?;
    let stored = user.as_ref().map(|(_, hash, _)| hash.clone());
    let password_ok = password::verify(req.password, stored).await?;

    let mut tx = state.db.begin().await?;
    let known_id = user.as_ref().map(|(id, _, _)| *id);
    let Some((user_id, _, has_2fa)) = user.filter(|_| password_ok) else {
        let user_id = known_id;
        audit::record(
            &mut tx,
            user_id,
            event::LOGIN_FAILED,
            &client,
            json!({ "reason": "password" }),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "wrong e-mail or password",
        ));
    };
    // The right password was no guess: only failures count towards the limits.
    if !known_device {
        rate_limit::release(&state.db, rate_limit::LOGIN_ADDRESS, client.ip).await?;
    }
    rate_limit::forgive(&state.db, rate_limit::LOGIN_PER_ACCOUNT, &email).await?;
    let device_cookie = device::cookie(&state, &email);
    if has_2fa {
        tx.commit().await?;
        let now = Utc::now().timestamp();
        let claims = ChallengeClaims {
            iss: state.token_keys.issuer.clone(),
            aud: CHALLENGE_AUDIENCE.into(),
            sub: user_id,
            exp: now + CHALLENGE_TTL_SECS,
            iat: now,
            nbf: now,
            jti: Uuid::new_v4(),
        };
        let body = TwoFactorChallenge {
            two_factor_required: true,
            challenge_token: state.token_keys.sign(&claims)?,
            expires_in: CHALLENGE_TTL_SECS,
        };
        return Ok(with_device_cookie(
            Json(LoginAnswer::Challenge(body)).into_response(),
            device_cookie,
        ));
    }
    let issued = session::open(&mut tx, &state, user_id, &client).await?;
    audit::record(
        &mut tx,
        Some(user_id),
        event::LOGIN_SUCCEEDED,
        &client,
        json!({ "two_factor": false }),
    )
    .await?;
    let deletion_cancelled = crate::gdpr::cancel_deletion(&mut tx, user_id, &client).await?;
    tx.commit().await?;
    Ok(with_device_cookie(
        logged_in(&state, issued, deletion_cancelled),
        device_cookie,
    ))
}

/// The right password was given: this browser skips the address delay for this account
/// from now on (`device`).
fn with_device_cookie(mut response: Response, cookie: axum::http::HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorRequest {
    pub challenge_token: String,
    /// The 6-digit code from the authenticator app…
    pub code: Option<String>,
    /// …or one of the recovery codes.
    pub recovery_code: Option<String>,
}

impl Validate for SecondFactorRequest {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match (&self.code, &self.recovery_code) {
            (Some(_), None) | (None, Some(_)) => Ok(()),
            _ => Err(vec![FieldError::new(
                "code",
                "send either `code` or `recovery_code`",
            )]),
        }
    }
}

/// Completes a login with the 2FA code (or a recovery code).
#[utoipa::path(post, path = "/auth/login/2fa", tag = "auth", request_body = SecondFactorRequest,
    responses((status = 200, description = "Logged in", body = LoggedIn),
              (status = 401, description = "Wrong or reused code, or an expired challenge"),
              (status = 403, description = "Sent by a page of another origin"),
              (status = 429, description = "Too many attempts; wait `Retry-After` seconds")))]
pub async fn login_second_factor(
    State(state): State<AppState>,
    _: SameOrigin,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<SecondFactorRequest>,
) -> Result<Response, ApiError> {
    rate_limit::claim(&state.db, rate_limit::TWO_FACTOR_ADDRESS, client.ip).await?;
    let claims: ChallengeClaims = state
        .token_keys
        .verify(&req.challenge_token, CHALLENGE_AUDIENCE)?;
    let user_id = claims.sub;
    rate_limit::hit(
        &state.db,
        rate_limit::TWO_FACTOR_PER_ACCOUNT,
        &user_id.to_string(),
    )
    .await?;

    let mut tx = state.db.begin().await?;
    let accepted = match (&req.code, &req.recovery_code) {
        (Some(code), _) => two_factor::accept_code(&mut tx, user_id, code).await?,
        (_, Some(code)) => {
            let used = two_factor::use_recovery_code(&mut tx, user_id, code).await?;
            if used {
                audit::record(
                    &mut tx,
                    Some(user_id),
                    event::RECOVERY_CODE_USED,
                    &client,
                    json!({}),
                )
                .await?;
            }
            used
        }
        _ => false,
    };
    if !accepted {
        audit::record(
            &mut tx,
            Some(user_id),
            event::TWO_FACTOR_FAILED,
            &client,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        return Err(ApiError::unauthorized(
            "invalid_code",
            "the code is wrong or was already used",
        ));
    }
    rate_limit::release(&state.db, rate_limit::TWO_FACTOR_ADDRESS, client.ip).await?;
    rate_limit::forgive(
        &state.db,
        rate_limit::TWO_FACTOR_PER_ACCOUNT,
        &user_id.to_string(),
    )
    .await?;
    let issued = session::open(&mut tx, &state, user_id, &client).await?;
    audit::record(
        &mut tx,
        Some(user_id),
        event::LOGIN_SUCCEEDED,
        &client,
        json!({ "two_factor": true }),
    )
    .await?;
    let deletion_cancelled = crate::gdpr::cancel_deletion(&mut tx, user_id, &client).await?;
    tx.commit().await?;
    Ok(logged_in(&state, issued, deletion_cancelled))
}

fn logged_in(state: &AppState, issued: Issued, deletion_cancelled: bool) -> Response {
    let body = LoginAnswer::Tokens(LoggedIn {
        tokens: issued.body,
        deletion_cancelled,
    });
    with_refresh_cookie(state, Json(body).into_response(), &issued.refresh_token)
}

fn with_refresh_cookie(state: &AppState, mut response: Response, refresh_token: &str) -> Response {
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::refresh_cookie(state, refresh_token),
    );
    response
}

/// Exchanges the refresh cookie for a new access token and a new refresh cookie.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth",
    responses((status = 200, description = "New tokens", body = crate::session::TokenResponse),
              (status = 401, description = "No, unknown, expired or replayed refresh token"),
              (status = 403, description = "Sent by a page of another origin")))]
pub async fn refresh(
    State(state): State<AppState>,
    _: SameOrigin,
    client: ClientInfo,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = session::refresh_token_from(&headers)
        .ok_or_else(|| ApiError::unauthorized("missing_refresh_token", "log in again"))?;
    let mut tx = state.db.begin().await?;
    let rotation = session::rotate(&mut tx, &state, &token).await?;
    let outcome = match rotation {
        Rotation::Rotated(issued) => Ok(with_refresh_cookie(
            &state,
            Json(issued.body).into_response(),
            &issued.refresh_token,
        )),
        Rotation::Replayed {
            user_id,
            session_id,
        } => {
            audit::record(
                &mut tx,
                Some(user_id),
                event::REFRESH_TOKEN_REUSED,
                &client,
                json!({ "session_id": session_id }),
            )
            .await?;
            tracing::warn!(user = %kakeibo_core::telemetry::user_hash(user_id), %session_id, "refresh token replayed; session revoked");
            Err(ApiError::unauthorized(
                "refresh_token_reused",
                "this session was ended for your safety; log in again",
            ))
        }
        Rotation::Invalid => Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "log in again",
        )),
    };
    tx.commit().await?;
    // A failed refresh also clears the cookie, so the browser stops sending a dead token.
    Ok(outcome.unwrap_or_else(|e| with_cleared_cookie(&state, e.into_response())))
}

fn with_cleared_cookie(state: &AppState, mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(state));
    response
}

/// Ends the current session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Logged out")))]
pub async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
) -> Result<Response, ApiError> {
    let session_id = user.session_id()?;
    let mut tx = state.db.begin().await?;
    session::revoke(&mut tx, user.user_id, session_id, "logout").await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        event::LOGOUT,
        &client,
        json!({ "session_id": session_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(with_cleared_cookie(
        &state,
        StatusCode::NO_CONTENT.into_response(),
    ))
}
