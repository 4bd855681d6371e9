//! HTTP endpoints for analytics: the dashboard summary, spending and income by category and
//! period, cash flow, net worth and top merchants. Periods are in the user's time zone;
//! amounts are per currency.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser, Validate};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::params::{Month, ReportInterval, day_range, month_range};
use crate::reports::cash_flow::{self, CashFlowReport};
use crate::reports::merchants::{self, MerchantsReport};
use crate::reports::net_worth::{self, NetWorthReport};
use crate::reports::spending::{self, ReportError, SpendingQuery, SpendingReport};
use crate::reports::summary::{self, Summary};
use crate::reports::{Flow, Interval, Level, Period};
use crate::rollups::{self, Freshness};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_summary))
        .routes(routes!(get_spending))
        .routes(routes!(get_cash_flow))
        .routes(routes!(get_net_worth))
        .routes(routes!(get_merchants))
}

/// Rollups brought up to date (on the primary), and the user's zone and today. A rebuild
/// counts as the user's write: their report then reads the replica only once it has it.
async fn fresh(state: &AppState, user: &AuthUser) -> Result<Freshness, ApiError> {
    let fresh = rollups::ensure_fresh(&state.db, user.user_id).await?;
    if fresh.refreshed && state.replica.is_some() {
        kakeibo_core::replica::note_write(&state.db, user.user_id).await?;
    }
    Ok(fresh)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryParams {
    /// `YYYY-MM`; the current month (in your time zone) by default.
    #[param(value_type = Option<String>, format = "month", example = "2026-01")]
    month: Option<Month>,
    /// `top` (default): rolled up to top-level categories; `category`: as filed.
    #[param(inline)]
    level: Option<Level>,
}

impl Validate for SummaryParams {}

/// The dashboard summary: the month's spending by category, each against the month before
/// and the 3-month average, the budgets (their periods holding the month's day), and cash
/// flow for the 12 months ending with it.
#[utoipa::path(get, path = "/analytics/summary", tag = "analytics", security(("bearer" = [])), params(SummaryParams),
    responses((status = 200, body = Summary), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_summary(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<SummaryParams>,
) -> Result<Json<Summary>, ApiError> {
    let level = params.level.unwrap_or(Level::Top);
    let fresh = fresh(&state, &user).await?;
    let mut conn = state.reads_for(user.user_id).await.acquire().await?;
    let summary = summary::summary(
        &mut conn,
        user.user_id,
        &fresh.time_zone,
        params.month.map_or(fresh.today, |m| m.0),
        level,
    )
    .await?;
    Ok(Json(summary))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpendingParams {
    /// First day, `YYYY-MM-DD`; widened to the start of its period. By default six periods
    /// ending with the one holding `to`.
    from: Option<NaiveDate>,
    /// Last day, `YYYY-MM-DD`; widened to the end of its period. Today by default.
    to: Option<NaiveDate>,
    /// `week` (Monday first), `month` (default) or `year`.
    #[param(inline)]
    interval: Option<ReportInterval>,
    /// `category` (default): as filed; `top`: rolled up to top-level categories.
    #[param(inline)]
    level: Option<Level>,
    /// `spending` (default) or `income`.
    #[param(inline)]
    flow: Option<Flow>,
    /// Only this category and those below it.
    category_id: Option<Uuid>,
}

impl Validate for SpendingParams {}

/// Spending (or income) by category and period, each line against the period before and
/// the average of the three before. Refunds count against spending; transfers are left out.
#[utoipa::path(get, path = "/analytics/spending", tag = "analytics", security(("bearer" = [])), params(SpendingParams),
    responses((status = 200, body = SpendingReport), (status = 400, description = "Unknown parameter"),
              (status = 404, description = "The category is not yours"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_spending(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<SpendingParams>,
) -> Result<Json<SpendingReport>, ApiError> {
    let fresh = fresh(&state, &user).await?;
    let interval = params.interval.map_or(Interval::Month, Interval::from);
    let (from, to) = day_range(interval, params.from, params.to, fresh.today, 6)?;
    let query = SpendingQuery {
        flow: params.flow.unwrap_or(Flow::Spending),
        interval,
        level: params.level.unwrap_or(Level::Category),
        from,
        to,
        category_id: params.category_id,
    };
    let mut conn = state.reads_for(user.user_id).await.acquire().await?;
    match spending::spending(&mut conn, user.user_id, &query).await {
        Ok(report) => Ok(Json(report)),
        Err(ReportError::NotFound) => Err(ApiError::NotFound),
        Err(ReportError::Database(e)) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CashFlowParams {
    /// First day, `YYYY-MM-DD`; widened to the start of its period. By default twelve
    /// periods ending with the one holding `to`.
    from: Option<NaiveDate>,
    /// Last day, `YYYY-MM-DD`; widened to the end of its period. Today by default.
    to: Option<NaiveDate>,
    /// `week` (Monday first), `month` (default) or `year`.
    #[param(inline)]
    interval: Option<ReportInterval>,
}

impl Validate for CashFlowParams {}

/// Income, spending and net per period and currency (every period, empty ones included).
#[utoipa::path(get, path = "/analytics/cash-flow", tag = "analytics", security(("bearer" = [])), params(CashFlowParams),
    responses((status = 200, body = CashFlowReport), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_cash_flow(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<CashFlowParams>,
) -> Result<Json<CashFlowReport>, ApiError> {
    let fresh = fresh(&state, &user).await?;
    let interval = params.interval.map_or(Interval::Month, Interval::from);
    let (from, to) = day_range(interval, params.from, params.to, fresh.today, 12)?;
    let mut conn = state.reads_for(user.user_id).await.acquire().await?;
    let report = cash_flow::cash_flow(&mut conn, user.user_id, interval, from, to).await?;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetWorthParams {
    /// First day, `YYYY-MM-DD`. By default twelve periods ending with today's.
    from: Option<NaiveDate>,
    /// Last day, `YYYY-MM-DD`; today at the latest (the default).
    to: Option<NaiveDate>,
    /// `day`, `week`, `month` (default) or `year`: one point at the end of each.
    #[param(inline)]
    interval: Option<Interval>,
    /// Only these accounts (repeat, or a comma list); all by default.
    account_id: Option<Vec<Uuid>>,
}

impl Validate for NetWorthParams {}

/// Net worth at the end of each period, per currency, from observed account balances: an
/// account keeps its last observed balance until the next observation.
#[utoipa::path(get, path = "/analytics/net-worth", tag = "analytics", security(("bearer" = [])), params(NetWorthParams),
    responses((status = 200, body = NetWorthReport), (status = 400, description = "Unknown parameter"),
              (status = 404, description = "An account is not yours"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_net_worth(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<NetWorthParams>,
) -> Result<Json<NetWorthReport>, ApiError> {
    let mut conn = state.reads_for(user.user_id).await.acquire().await?;
    let today = rollups::freshness(&mut conn, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .today;
    let interval = params.interval.unwrap_or(Interval::Month);
    let accounts = params.account_id.unwrap_or_default();
    let (from, to) = day_range(interval, params.from, params.to, today, 12)?;
    if !accounts.is_empty() && !net_worth::owns_accounts(&mut conn, user.user_id, &accounts).await?
    {
        return Err(ApiError::NotFound);
    }
    let report = net_worth::net_worth(
        &mut conn,
        user.user_id,
        interval,
        from.min(today),
        to.min(today),
        today,
        &accounts,
    )
    .await?;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MerchantsParams {
    /// First month, `YYYY-MM`; by default two months before `to`.
    #[param(value_type = Option<String>, format = "month", example = "2026-01")]
    from: Option<Month>,
    /// Last month, `YYYY-MM`; the current month by default.
    #[param(value_type = Option<String>, format = "month", example = "2026-01")]
    to: Option<Month>,
    /// Merchants per currency, 1 to 100; 10 by default.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

impl Validate for MerchantsParams {}

/// Top merchants by spending (money out less refunds) over whole months, per currency,
/// with how many transactions each had.
#[utoipa::path(get, path = "/analytics/merchants", tag = "analytics", security(("bearer" = [])), params(MerchantsParams),
    responses((status = 200, body = MerchantsReport), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_merchants(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<MerchantsParams>,
) -> Result<Json<MerchantsReport>, ApiError> {
    let fresh = fresh(&state, &user).await?;
    let this_month = Interval::Month.start_of(fresh.today);
    let (first, last) = month_range(params.from, params.to, this_month, 3)?;
    let limit = params.limit.unwrap_or(10);
    let mut conn = state.reads_for(user.user_id).await.acquire().await?;
    let end = Interval::Month.next(last);
    let merchants = merchants::top_merchants(&mut conn, user.user_id, first, end, limit).await?;
    Ok(Json(MerchantsReport {
        from: first,
        to: Period::new(Interval::Month, last).end,
        merchants,
    }))
}
