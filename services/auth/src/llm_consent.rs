//! Consent for external LLMs (issue 23): a user's data goes to a chat model that runs off this
//! machine only after that user said yes. Off by default; stored as the instant it was given
//! (`users.llm_consent_at`), each change in the audit log. The LLM paths (categorizer, ask,
//! insights, the bot) ask `has_consented` before they use such a model.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use kakeibo_core::audit::{self, event};
use kakeibo_core::{ApiError, AppState, AuthUser, ClientInfo, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

/// Whether the user agreed to send their data to an external LLM.
pub async fn has_consented(conn: &mut PgConnection, user_id: Uuid) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, bool>("SELECT llm_consent_at IS NOT NULL FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(false),
    )
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LlmConsent {
    /// The user agreed that their data may go to the external LLM.
    pub consent: bool,
    /// When they agreed.
    pub given_at: Option<DateTime<Utc>>,
    /// This server's chat model: `none` (not configured), `local` (on this machine, or
    /// declared so by the operator: no consent needed) or `external` (consent needed).
    pub llm: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLlmConsent {
    pub consent: bool,
}

impl Validate for SetLlmConsent {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

fn llm_kind(state: &AppState) -> &'static str {
    let llm = &state.settings.llm;
    if !llm.chat_enabled() {
        "none"
    } else if llm.needs_consent() {
        "external"
    } else {
        "local"
    }
}

async fn load(state: &AppState, user_id: Uuid) -> Result<LlmConsent, ApiError> {
    let given_at: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT llm_consent_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&state.db)
            .await?;
    Ok(LlmConsent {
        consent: given_at.is_some(),
        given_at,
        llm: llm_kind(state).to_string(),
    })
}

/// Your consent for external LLMs, and whether this server's model is one.
#[utoipa::path(get, path = "/privacy/llm-consent", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = LlmConsent)))]
pub async fn get_llm_consent(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<LlmConsent>, ApiError> {
    Ok(Json(load(&state, user.user_id).await?))
}

/// Gives or withdraws the consent (a login session only, not an API token). Withdrawing takes effect for the next request; what was
/// sent before is the LLM provider's to keep or delete.
#[utoipa::path(put, path = "/privacy/llm-consent", tag = "privacy", security(("bearer" = [])),
    request_body = SetLlmConsent,
    responses((status = 200, body = LlmConsent), (status = 403, description = "An API token, not a login session"),
        (status = 400, description = "`consent` is not a boolean")))]
pub async fn set_llm_consent(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    ValidatedJson(req): ValidatedJson<SetLlmConsent>,
) -> Result<Json<LlmConsent>, ApiError> {
    // The person's own decision: a login session, never a script's API token.
    user.session_id()?;
    let mut tx = state.db.begin().await?;
    // Only a change is recorded: giving consent twice keeps the first instant.
    let changed = sqlx::query(
        "UPDATE users SET llm_consent_at = CASE WHEN $2 THEN now() END
         WHERE id = $1 AND (llm_consent_at IS NOT NULL) <> $2",
    )
    .bind(user.user_id)
    .bind(req.consent)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        audit::record(
            &mut tx,
            Some(user.user_id),
            event::LLM_CONSENT_CHANGED,
            &client,
            json!({ "consent": req.consent }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(load(&state, user.user_id).await?))
}
