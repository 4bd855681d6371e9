//! Login sessions: each is a family of refresh tokens, rotated on every use. Presenting a token
//! that was already rotated means it was copied: the whole family is revoked.

use axum::extract::FromRef;
use axum::http::HeaderValue;
use chrono::{Duration, Utc};
use kakeibo_core::auth::{ACCESS_AUDIENCE, AccessClaims, token_hash};
use kakeibo_core::{ApiError, AppState, ClientInfo};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::secret;

pub const REFRESH_COOKIE: &str = "kakeibo_refresh";
/// The cookie goes only to the auth endpoints that read it.
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// What a successful login or refresh answers; the refresh token travels in the cookie.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
    pub user_id: Uuid,
}

pub struct Issued {
    pub body: TokenResponse,
    pub refresh_token: String,
}

pub fn access_token(
    state: &AppState,
    user_id: Uuid,
    session_id: Uuid,
) -> Result<TokenResponse, ApiError> {
    let now = Utc::now().timestamp();
    let ttl = state.settings.auth.access_token_ttl_secs;
    let claims = AccessClaims {
        iss: state.token_keys.issuer.clone(),
        aud: ACCESS_AUDIENCE.into(),
        sub: user_id,
        exp: now + ttl as i64,
        iat: now,
        nbf: now,
        jti: Uuid::new_v4(),
        sid: session_id,
    };
    Ok(TokenResponse {
        access_token: state.token_keys.sign(&claims)?,
        token_type: "Bearer",
        expires_in: ttl,
        user_id,
    })
}

fn idle_expiry(state: &AppState) -> chrono::DateTime<Utc> {
    Utc::now() + Duration::days(i64::from(state.settings.auth.session_idle_days))
}

/// Opens a session for a user whose password (and 2FA) just checked out.
pub async fn open(
    conn: &mut PgConnection,
    state: &AppState,
    user_id: Uuid,
    client: &ClientInfo,
) -> Result<Issued, ApiError> {
    let session_id: Uuid = sqlx::query_scalar(
        "INSERT INTO sessions (user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3::inet, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(idle_expiry(state))
    .bind(client.ip.map(|ip| ip.to_string()))
    .bind(client.user_agent.as_deref())
    .fetch_one(&mut *conn)
    .await?;
    let refresh_token = new_refresh_token(conn, user_id, session_id).await?;
    Ok(Issued {
        body: access_token(state, user_id, session_id)?,
        refresh_token,
    })
}

async fn new_refresh_token(
    conn: &mut PgConnection,
    user_id: Uuid,
    session_id: Uuid,
) -> Result<String, ApiError> {
    let token = secret::random_token(32);
    sqlx::query("INSERT INTO refresh_tokens (user_id, session_id, token_hash) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(session_id)
        .bind(token_hash(&token))
        .execute(conn)
        .await?;
    Ok(token)
}

pub enum Rotation {
    Rotated(Issued),
    /// The token had been rotated before: a replay. The session is now revoked.
    Replayed {
        user_id: Uuid,
        session_id: Uuid,
    },
    Invalid,
}

/// Exchanges a refresh token for a new one and a new access token.
pub async fn rotate(
    conn: &mut PgConnection,
    state: &AppState,
    token: &str,
) -> Result<Rotation, ApiError> {
    // Marking it rotated and reading the session in one statement: of two concurrent uses of
    // one token, exactly one sees `rotated_at` empty.
    let row: Option<(Uuid, Uuid, Option<chrono::DateTime<Utc>>, bool)> = sqlx::query_as(
        "WITH old AS (SELECT id, rotated_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE)
         UPDATE refresh_tokens t SET rotated_at = COALESCE(t.rotated_at, now())
         FROM old, sessions s
         WHERE t.id = old.id AND s.id = t.session_id
         RETURNING t.user_id, t.session_id, old.rotated_at,
                   s.revoked_at IS NULL AND s.expires_at > now()",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((user_id, session_id, previously_rotated, session_live)) = row else {
        return Ok(Rotation::Invalid);
    };
    if previously_rotated.is_some() {
        revoke(conn, user_id, session_id, "refresh token replayed").await?;
        return Ok(Rotation::Replayed {
            user_id,
            session_id,
        });
    }
    if !session_live {
        return Ok(Rotation::Invalid);
    }
    sqlx::query(
        "UPDATE sessions SET last_used_at = now(), expires_at = $3 WHERE id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(idle_expiry(state))
    .execute(&mut *conn)
    .await?;
    let refresh_token = new_refresh_token(conn, user_id, session_id).await?;
    Ok(Rotation::Rotated(Issued {
        body: access_token(state, user_id, session_id)?,
        refresh_token,
    }))
}

/// Ends one session of `user_id`; false when it is not theirs or already ended.
pub async fn revoke(
    conn: &mut PgConnection,
    user_id: Uuid,
    session_id: Uuid,
    reason: &str,
) -> Result<bool, ApiError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $3
         WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of `user_id` but `keep`.
pub async fn revoke_all(
    conn: &mut PgConnection,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
) -> Result<u64, ApiError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $3
         WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2",
    )
    .bind(user_id)
    .bind(keep)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// `Set-Cookie` for the refresh token: httpOnly (no script reads it), SameSite=Strict (no
/// other site sends it), Secure, and only sent to the auth endpoints.
pub fn refresh_cookie(state: &AppState, token: &str) -> HeaderValue {
    let max_age = i64::from(state.settings.auth.session_idle_days) * 86_400;
    cookie(state, token, max_age)
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    cookie(state, "", 0)
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.settings.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{REFRESH_COOKIE}={value}; Path={REFRESH_COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("base64url tokens are valid header values")
}

/// The refresh token from the request's `Cookie` header.
pub fn refresh_token_from(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie_values(headers, REFRESH_COOKIE)
        .next()
        .map(str::to_string)
        .filter(|v| !v.is_empty())
}

/// The values of the cookies named `wanted` in the request's `Cookie` headers.
pub(crate) fn cookie_values<'a>(
    headers: &'a axum::http::HeaderMap,
    wanted: &'a str,
) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(move |(name, _)| *name == wanted)
        .map(|(_, value)| value)
}

/// A request a browser sent from Kakeibo's own origin, or one no browser sent: the guard
/// against cross-site request forgery on the endpoints the refresh cookie authenticates
/// (`/auth/refresh`) or that set it (login, registration). SameSite=Strict already keeps
/// other sites' requests cookie-less; this also refuses sibling subdomains (same site, other
/// origin) and browsers that ignore SameSite. Fetch metadata first (`Sec-Fetch-Site`, sent by
/// every current browser), else `Origin` against the `Host` asked for or the public URL.
/// Clients that send neither (scripts, apps) pass: forgery needs a victim's browser, and
/// browsers always send one of the two on a POST.
pub struct SameOrigin;

impl<S> axum::extract::FromRequestParts<S> for SameOrigin
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        let state = AppState::from_ref(state);
        if is_same_origin(&parts.headers, &state.settings.server.public_url) {
            Ok(Self)
        } else {
            Err(ApiError::forbidden(
                "cross_site_request",
                "requests from other sites are not accepted here",
            ))
        }
    }
}

fn is_same_origin(headers: &axum::http::HeaderMap, public_url: &str) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text(axum::http::header::HeaderName::from_static(
        "sec-fetch-site",
    )) {
        // `none`: the user typed or bookmarked it; no page made the request.
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(axum::http::header::ORIGIN) else {
        return true;
    };
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    let host = text(axum::http::header::HOST);
    (authority.is_some() && authority == host) || origin == public_url.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::is_same_origin;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const PUBLIC: &str = "https://kakeibo.example.com/";

    #[test]
    fn fetch_metadata_decides_when_present() {
        for (site, ok) in [
            ("same-origin", true),
            ("none", true),
            ("same-site", false),
            ("cross-site", false),
        ] {
            // Origin agrees with Host: the metadata still decides.
            let h = headers(&[
                ("sec-fetch-site", site),
                ("origin", "https://kakeibo.example.com"),
                ("host", "kakeibo.example.com"),
            ]);
            assert_eq!(is_same_origin(&h, PUBLIC), ok, "{site}");
        }
    }

    #[test]
    fn without_metadata_origin_must_match_host_or_the_public_url() {
        let host = ("host", "kakeibo.example.com");
        assert!(is_same_origin(&headers(&[host]), PUBLIC), "no browser");
        assert!(is_same_origin(
            &headers(&[("origin", "https://kakeibo.example.com"), host]),
            PUBLIC
        ));
        assert!(is_same_origin(
            &headers(&[
                ("origin", "https://kakeibo.example.com"),
                ("host", "10.0.0.5:8080")
            ]),
            PUBLIC
        ));
        for origin in [
            "https://evil.example",
            "https://kakeibo.example.com.evil.example",
            "https://app.example.com",
            "null",
        ] {
            let h = headers(&[("origin", origin), ("host", "kakeibo.example.com")]);
            assert!(!is_same_origin(&h, PUBLIC), "{origin}");
        }
    }
}
