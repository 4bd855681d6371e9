//! `GET` and `POST /unsubscribe?token=`: no login, the signed token is the authority (see
//! `unsubscribe`). GET shows what the link would do and a button; only POST changes anything.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kakeibo_core::{ApiError, AppState};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kinds;
use crate::unsubscribe::{Claims, Signer, TokenError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show_unsubscribe, unsubscribe))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TokenQuery {
    /// The signed token from the e-mail's link.
    pub token: String,
}

/// The page an unsubscribe link opens: what it will stop, and a button to confirm. Changes
/// nothing (mail scanners follow links).
#[utoipa::path(get, path = "/unsubscribe", tag = "notifications", params(TokenQuery),
    responses((status = 200, description = "HTML page with a confirm button", content_type = "text/html"),
              (status = 400, description = "forged or damaged link"), (status = 410, description = "expired link")))]
pub async fn show_unsubscribe(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    let claims = match verify(&state, &query.token) {
        Ok(claims) => claims,
        Err(e) => return Ok(refused(e)),
    };
    let mut conn = state.db.acquire().await?;
    if kakeibo_auth::profile::contact(&mut conn, claims.user_id)
        .await?
        .is_none()
    {
        return Ok(gone_account());
    }
    let what = describe(&claims.kinds);
    let body = format!(
        "<h1>Unsubscribe</h1>\
         <p>Stop e-mails of {what}? Nothing changes until you confirm.</p>\
         <form method=\"post\" action=\"?token={token}\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <button type=\"submit\">Unsubscribe</button></form>\
         <p class=\"small\">Other notifications are not affected; you can turn these e-mails on again in the dashboard's settings.</p>",
        token = escape(&query.token),
    );
    Ok(page(StatusCode::OK, "Unsubscribe", &body))
}

/// One-click unsubscribe (RFC 8058): the form body `List-Unsubscribe=One-Click`, no login.
/// Turns off the e-mail channel of the token's kinds; doing it twice is harmless.
#[utoipa::path(post, path = "/unsubscribe", tag = "notifications", params(TokenQuery),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
                 description = "`List-Unsubscribe=One-Click`"),
    responses((status = 200, description = "unsubscribed (HTML page)", content_type = "text/html"),
              (status = 400, description = "forged or damaged link, or not a one-click request"),
              (status = 410, description = "expired link, or the account no longer exists")))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    body: String,
) -> Result<Response, ApiError> {
    let claims = match verify(&state, &query.token) {
        Ok(claims) => claims,
        Err(e) => return Ok(refused(e)),
    };
    if !body
        .split('&')
        .any(|pair| pair == "List-Unsubscribe=One-Click")
    {
        return Ok(page(
            StatusCode::BAD_REQUEST,
            "Not unsubscribed",
            "<h1>Not unsubscribed</h1><p>The request did not say <code>List-Unsubscribe=One-Click</code>. Use the button on the link's page.</p>",
        ));
    }
    let mut tx = state.db.begin().await?;
    if kakeibo_auth::profile::contact(&mut tx, claims.user_id)
        .await?
        .is_none()
    {
        return Ok(gone_account());
    }
    for kind in &claims.kinds {
        crate::preferences::store_channel(&mut tx, claims.user_id, kind, kinds::EMAIL, false)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(user_id = %claims.user_id, kinds = ?claims.kinds, "unsubscribed by link");
    let body = format!(
        "<h1>Unsubscribed</h1><p>You will get no more e-mails of {}. You can turn them on again in the dashboard's settings.</p>",
        describe(&claims.kinds)
    );
    Ok(page(StatusCode::OK, "Unsubscribed", &body))
}

fn verify(state: &AppState, token: &str) -> Result<Claims, TokenError> {
    Signer::from_token_keys(&state.token_keys).verify(token, Utc::now())
}

/// The page for a link that changes nothing.
fn refused(error: TokenError) -> Response {
    match error {
        TokenError::Invalid => page(
            StatusCode::BAD_REQUEST,
            "Link not valid",
            "<h1>This link is not valid</h1><p>Nothing was changed. Copy the whole link from the e-mail, or change your e-mail settings in the dashboard.</p>",
        ),
        TokenError::Expired => page(
            StatusCode::GONE,
            "Link expired",
            "<h1>This link has expired</h1><p>Nothing was changed. Use the link in a newer e-mail, or change your e-mail settings in the dashboard.</p>",
        ),
    }
}

fn gone_account() -> Response {
    page(
        StatusCode::GONE,
        "Account deleted",
        "<h1>This account no longer exists</h1><p>It gets no e-mails; there is nothing to unsubscribe from.</p>",
    )
}

/// "the weekly summary", or "these alerts: anomaly, low balance".
fn describe(kinds_named: &[String]) -> String {
    if kinds_named == [kinds::WEEKLY_SUMMARY] {
        return "the weekly summary".into();
    }
    let names: Vec<String> = kinds_named.iter().map(|k| k.replace('_', " ")).collect();
    format!("these alerts: {}", escape(&names.join(", ")))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A small page of its own: no scripts, inline style only, forms post back here.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} · Kakeibo</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}}\
         button{{font-size:1rem;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}}\
         .small{{font-size:.875rem;color:#4b5563}}@media (prefers-color-scheme:dark){{body{{background:#111827;color:#e5e7eb}}.small{{color:#9ca3af}}}}</style>\
         </head><body>{body}</body></html>"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ],
        html,
    )
        .into_response()
}
