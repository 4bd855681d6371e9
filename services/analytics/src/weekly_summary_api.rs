//! `GET /notifications/email/preview`: the weekly summary e-mail as it would be sent to you,
//! for the dashboard's preview (served here, beside the facts, since analytics reads every
//! owner's data and notifications cannot depend on it).

use axum::Json;
use axum::extract::State;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser, FieldError, Validate};
use kakeibo_notifications::summary::{EmailLinks, IsoWeek};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::weekly_summary::{last_week, weekly_email};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(email_preview))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewParams {
    /// The ISO week, e.g. `2026-W48`; by default the last whole week in your time zone.
    week: Option<String>,
}

impl Validate for PreviewParams {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        match &self.week {
            Some(week) => week
                .parse::<IsoWeek>()
                .map(|_| ())
                .map_err(|e| vec![FieldError::new("week", e.to_string())]),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EmailPreview {
    /// The week shown, e.g. `2026-W48`.
    pub week: String,
    pub subject: String,
    /// The HTML part with its images inlined as `data:` URIs, ready for an iframe's `srcdoc`.
    pub html: String,
    /// The plain-text part.
    pub text: String,
}

/// The weekly summary e-mail of a week (subject, HTML and text), as it would be sent to you.
#[utoipa::path(get, path = "/notifications/email/preview", tag = "notifications",
    security(("bearer" = [])), params(PreviewParams),
    responses((status = 200, body = EmailPreview), (status = 400), (status = 422)))]
pub async fn email_preview(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<PreviewParams>,
) -> Result<Json<EmailPreview>, ApiError> {
    let week = match params.week.as_deref().map(str::parse::<IsoWeek>) {
        Some(Ok(week)) => week,
        Some(Err(e)) => return Err(ApiError::invalid("week", e.to_string())),
        None => last_week(&state.db, user.user_id)
            .await?
            .ok_or(ApiError::NotFound)?,
    };
    let links = EmailLinks::under(&state.settings.server.public_url, None);
    let rendered = weekly_email(&state.db, user.user_id, week, &links)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(EmailPreview {
        week: week.to_string(),
        subject: rendered.subject.clone(),
        html: rendered.html_with_data_uris(),
        text: rendered.text,
    }))
}
