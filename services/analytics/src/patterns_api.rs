//! HTTP endpoints for what the pattern finders stored: recurring series (and the user's say
//! on them), anomalies, and the cash-flow forecast.

use axum::Json;
use axum::extract::State;
use chrono::{NaiveDate, Utc};
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::anomalies::store::{self as anomaly_store, StoredAnomaly};
use crate::forecast::{self, CurrencyForecast};
use crate::recurring::history;
use crate::recurring::store::{self as series_store, StoredSeries};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_recurring))
        .routes(routes!(update_recurring))
        .routes(routes!(list_anomalies))
        .routes(routes!(get_forecast))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecurringParams {
    /// Also list series that ended (two or more payments did not come). Default false.
    include_ended: Option<bool>,
    /// Also list series you ignored. Default false.
    include_ignored: Option<bool>,
}

impl Validate for RecurringParams {}

/// Your recurring payments and income, with the date each is expected next (in your time
/// zone), its latest price change, and missed payments. Recomputed whenever your
/// transactions change.
#[utoipa::path(get, path = "/analytics/recurring", tag = "analytics", security(("bearer" = [])),
    params(RecurringParams),
    responses((status = 200, body = [StoredSeries]), (status = 400), (status = 422)))]
pub async fn list_recurring(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<RecurringParams>,
) -> Result<Json<Vec<StoredSeries>>, ApiError> {
    let ended = params.include_ended.unwrap_or(false);
    let ignored = params.include_ignored.unwrap_or(false);
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        series_store::list(&mut conn, user.user_id, ended, ignored).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesEdit {
    /// confirmed, ignored, or auto (back to the detector's say).
    pub user_state: String,
}

impl Validate for SeriesEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if ["auto", "confirmed", "ignored"].contains(&self.user_state.as_str()) {
            Ok(())
        } else {
            Err(vec![FieldError::new(
                "user_state",
                "auto, confirmed or ignored",
            )])
        }
    }
}

/// Confirms or ignores a recurring series. An ignored one leaves the list and the forecast,
/// and stays ignored when it is detected again.
#[utoipa::path(patch, path = "/analytics/recurring/{id}", tag = "analytics", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The recurring payment's id")), request_body = SeriesEdit,
    responses((status = 200, body = StoredSeries), (status = 404), (status = 422)))]
pub async fn update_recurring(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<SeriesEdit>,
) -> Result<Json<StoredSeries>, ApiError> {
    let mut conn = state.db.acquire().await?;
    series_store::set_user_state(&mut conn, user.user_id, id, &req.user_state)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// The kinds of anomaly the finders store (`anomalies.kind`).
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    LargeForMerchant,
    LargeForCategory,
    NewMerchant,
    SpikeWeek,
    SpikeMonth,
}

impl AnomalyKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::LargeForMerchant => "large_for_merchant",
            Self::LargeForCategory => "large_for_category",
            Self::NewMerchant => "new_merchant",
            Self::SpikeWeek => "spike_week",
            Self::SpikeMonth => "spike_month",
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnomalyParams {
    /// Only those on or after this date (YYYY-MM-DD).
    since: Option<NaiveDate>,
    /// large_for_merchant, large_for_category, new_merchant, spike_week or spike_month.
    #[param(inline)]
    kind: Option<AnomalyKind>,
}

impl Validate for AnomalyParams {}

/// Unusual transactions of the last 30 days (large for their merchant or category, large
/// first purchases at new merchants) and categories whose week or month is far above usual.
#[utoipa::path(get, path = "/analytics/anomalies", tag = "analytics", security(("bearer" = [])),
    params(AnomalyParams),
    responses((status = 200, body = [StoredAnomaly]), (status = 400), (status = 422)))]
pub async fn list_anomalies(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<AnomalyParams>,
) -> Result<Json<Vec<StoredAnomaly>>, ApiError> {
    let kind = params.kind.map(AnomalyKind::as_str);
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        anomaly_store::list(&mut conn, user.user_id, params.since, kind).await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    /// Today in your time zone; the horizons count from here.
    pub today: NaiveDate,
    /// One forecast per currency (amounts are never converted).
    pub currencies: Vec<CurrencyForecast>,
}

/// The next 30, 60 and 90 days per currency: recurring payments and income at their
/// expected dates, plus the daily average of everything else over the last 90 days.
#[utoipa::path(get, path = "/analytics/forecast", tag = "analytics", security(("bearer" = [])),
    responses((status = 200, body = Forecast)))]
pub async fn get_forecast(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Forecast>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let (_, today) = history::local_today(&mut conn, user.user_id, Utc::now())
        .await?
        .ok_or(ApiError::NotFound)?;
    let currencies = forecast::load(&mut conn, user.user_id, today).await?;
    Ok(Json(Forecast { today, currencies }))
}
