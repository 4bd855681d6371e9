//! `GET` and `POST /unsubscribe?token=`: no login, the signed token is the authority (see
//! `unsubscribe`). GET shows what the link would do and a button; only POST changes anything.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kakeibo_core::{ApiError, AppState};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kinds;
use crate::summary::Lang;
use crate::unsubscribe::{Claims, Signer, TokenError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show_unsubscribe, unsubscribe))
}

#[derive(Deserialize, utoipa::IntoParams)]
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
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let browser = browser_lang(&headers);
    let claims = match verify(&state, &query.token) {
        Ok(claims) => claims,
        Err(e) => return Ok(refused(e, browser)),
    };
    let mut conn = state.db.acquire().await?;
    let Some(contact) = kakeibo_auth::profile::contact(&mut conn, claims.user_id).await? else {
        return Ok(gone_account(browser));
    };
    let lang = Lang::of(&contact.locale);
    let what = describe(&claims.kinds, lang);
    let token = escape(&query.token);
    let body = match lang {
        Lang::En => format!(
            "<h1>Unsubscribe</h1>\
             <p>Stop e-mails of {what}? Nothing changes until you confirm.</p>\
             <form method=\"post\" action=\"?token={token}\">\
             <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
             <button type=\"submit\">Unsubscribe</button></form>\
             <p class=\"small\">Other notifications are not affected; you can turn these e-mails on again in the dashboard's settings.</p>"
        ),
        Lang::De => format!(
            "<h1>Abbestellen</h1>\
             <p>E-Mails {what} abbestellen? Es ändert sich nichts, bis du bestätigst.</p>\
             <form method=\"post\" action=\"?token={token}\">\
             <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
             <button type=\"submit\">Abbestellen</button></form>\
             <p class=\"small\">Andere Benachrichtigungen bleiben, wie sie sind; in den Einstellungen des Dashboards kannst du diese E-Mails wieder einschalten.</p>"
        ),
    };
    let title = match lang {
        Lang::En => "Unsubscribe",
        Lang::De => "Abbestellen",
    };
    Ok(page(StatusCode::OK, lang, title, &body))
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
    headers: HeaderMap,
    body: String,
) -> Result<Response, ApiError> {
    let browser = browser_lang(&headers);
    let claims = match verify(&state, &query.token) {
        Ok(claims) => claims,
        Err(e) => return Ok(refused(e, browser)),
    };
    if !body
        .split('&')
        .any(|pair| pair == "List-Unsubscribe=One-Click")
    {
        return Ok(match browser {
            Lang::En => page(
                StatusCode::BAD_REQUEST,
                browser,
                "Not unsubscribed",
                "<h1>Not unsubscribed</h1><p>The request did not say <code>List-Unsubscribe=One-Click</code>. Use the button on the link's page.</p>",
            ),
            Lang::De => page(
                StatusCode::BAD_REQUEST,
                browser,
                "Nicht abbestellt",
                "<h1>Nicht abbestellt</h1><p>Die Anfrage enthielt nicht <code>List-Unsubscribe=One-Click</code>. Nutze die Schaltfläche auf der Seite des Links.</p>",
            ),
        });
    }
    let mut tx = state.db.begin().await?;
    let Some(contact) = kakeibo_auth::profile::contact(&mut tx, claims.user_id).await? else {
        return Ok(gone_account(browser));
    };
    for kind in &claims.kinds {
        crate::preferences::store_channel(&mut tx, claims.user_id, kind, kinds::EMAIL, false)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(user = %kakeibo_core::telemetry::user_hash(claims.user_id), kinds = ?claims.kinds, "unsubscribed by link");
    let lang = Lang::of(&contact.locale);
    let what = describe(&claims.kinds, lang);
    Ok(match lang {
        Lang::En => page(
            StatusCode::OK,
            lang,
            "Unsubscribed",
            &format!(
                "<h1>Unsubscribed</h1><p>You will get no more e-mails of {what}. You can turn them on again in the dashboard's settings.</p>"
            ),
        ),
        Lang::De => page(
            StatusCode::OK,
            lang,
            "Abbestellt",
            &format!(
                "<h1>Abbestellt</h1><p>Du bekommst keine E-Mails {what} mehr. In den Einstellungen des Dashboards kannst du sie wieder einschalten.</p>"
            ),
        ),
    })
}

/// Before the token names its user: the browser's first language (`Accept-Language`).
fn browser_lang(headers: &HeaderMap) -> Lang {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or_default();
    Lang::of(first.trim())
}

fn verify(state: &AppState, token: &str) -> Result<Claims, TokenError> {
    Signer::from_token_keys(&state.token_keys).verify(token, Utc::now())
}

/// The page for a link that changes nothing.
fn refused(error: TokenError, lang: Lang) -> Response {
    let (status, title, body) = match (error, lang) {
        (TokenError::Invalid, Lang::En) => (
            StatusCode::BAD_REQUEST,
            "Link not valid",
            "<h1>This link is not valid</h1><p>Nothing was changed. Copy the whole link from the e-mail, or change your e-mail settings in the dashboard.</p>",
        ),
        (TokenError::Invalid, Lang::De) => (
            StatusCode::BAD_REQUEST,
            "Link ungültig",
            "<h1>Dieser Link ist ungültig</h1><p>Es wurde nichts geändert. Kopiere den ganzen Link aus der E-Mail oder ändere deine E-Mail-Einstellungen im Dashboard.</p>",
        ),
        (TokenError::Expired, Lang::En) => (
            StatusCode::GONE,
            "Link expired",
            "<h1>This link has expired</h1><p>Nothing was changed. Use the link in a newer e-mail, or change your e-mail settings in the dashboard.</p>",
        ),
        (TokenError::Expired, Lang::De) => (
            StatusCode::GONE,
            "Link abgelaufen",
            "<h1>Dieser Link ist abgelaufen</h1><p>Es wurde nichts geändert. Nutze den Link in einer neueren E-Mail oder ändere deine E-Mail-Einstellungen im Dashboard.</p>",
        ),
    };
    page(status, lang, title, body)
}

fn gone_account(lang: Lang) -> Response {
    match lang {
        Lang::En => page(
            StatusCode::GONE,
            lang,
            "Account deleted",
            "<h1>This account no longer exists</h1><p>It gets no e-mails; there is nothing to unsubscribe from.</p>",
        ),
        Lang::De => page(
            StatusCode::GONE,
            lang,
            "Konto gelöscht",
            "<h1>Dieses Konto gibt es nicht mehr</h1><p>Es bekommt keine E-Mails; es gibt nichts abzubestellen.</p>",
        ),
    }
}

/// "the weekly summary", or "these alerts: anomaly, low balance" ("der Wochenübersicht",
/// "zu diesen Hinweisen: …": what follows "E-Mails" in German).
fn describe(kinds_named: &[String], lang: Lang) -> String {
    let summary_only = kinds_named == [kinds::WEEKLY_SUMMARY];
    let names: Vec<String> = kinds_named.iter().map(|k| k.replace('_', " ")).collect();
    let names = escape(&names.join(", "));
    match (lang, summary_only) {
        (Lang::En, true) => "the weekly summary".into(),
        (Lang::En, false) => format!("these alerts: {names}"),
        (Lang::De, true) => "der Wochenübersicht".into(),
        (Lang::De, false) => format!("zu diesen Hinweisen ({names})"),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A small page of its own: no scripts, inline style only, forms post back here.
fn page(status: StatusCode, lang: Lang, title: &str, body: &str) -> Response {
    let lang = lang.code();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
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
