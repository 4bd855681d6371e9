//! HTTP endpoints for analytics: the dashboard summary, spending and income by category and
//! period, cash flow, net worth and top merchants. Periods are in the user's time zone;
//! amounts are per currency.

use axum::Json;
use axum::extract::State;
use kakeibo_core::{ApiError, ApiQuery, AppState, AuthUser};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::params::Params;
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

const INTERVALS: [(&str, Interval); 3] = [
    ("week", Interval::Week),
    ("month", Interval::Month),
    ("year", Interval::Year),
];
const LEVELS: [(&str, Level); 2] = [("category", Level::Category), ("top", Level::Top)];

/// Rollups brought up to date, and the user's zone and today.
async fn fresh(state: &AppState, user: &AuthUser) -> Result<Freshness, ApiError> {
    Ok(rollups::ensure_fresh(&state.db, user.user_id).await?)
}

#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SummaryParams {
    /// `YYYY-MM`; the current month (in your time zone) by default.
    month: Option<String>,
    /// `top` (default): rolled up to top-level categories; `category`: as filed.
    level: Option<String>,
}

/// The dashboard summary: the month's spending by category, each against the month before
/// and the 3-month average, the budgets (their periods holding the month's day), and cash
/// flow for the 12 months ending with it.
#[utoipa::path(get, path = "/analytics/summary", tag = "analytics", security(("bearer" = [])), params(SummaryParams),
    responses((status = 200, body = Summary), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_summary(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<Summary>, ApiError> {
    let mut params = Params::new(pairs, &["month", "level"])?;
    let month = params.month("month");
    let level = params.choice("level", &LEVELS).unwrap_or(Level::Top);
    params.finish()?;
    let fresh = fresh(&state, &user).await?;
    let mut conn = state.db.acquire().await?;
    let summary = summary::summary(
        &mut conn,
        user.user_id,
        &fresh.time_zone,
        month.unwrap_or(fresh.today),
        level,
    )
    .await?;
    Ok(Json(summary))
}

#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SpendingParams {
    /// First day, `YYYY-MM-DD`; widened to the start of its period. By default six periods
    /// ending with the one holding `to`.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`; widened to the end of its period. Today by default.
    to: Option<String>,
    /// `week` (Monday first), `month` (default) or `year`.
    interval: Option<String>,
    /// `category` (default): as filed; `top`: rolled up to top-level categories.
    level: Option<String>,
    /// `spending` (default) or `income`.
    flow: Option<String>,
    /// Only this category and those below it.
    category_id: Option<Uuid>,
}

/// Spending (or income) by category and period, each line against the period before and
/// the average of the three before. Refunds count against spending; transfers are left out.
#[utoipa::path(get, path = "/analytics/spending", tag = "analytics", security(("bearer" = [])), params(SpendingParams),
    responses((status = 200, body = SpendingReport), (status = 400, description = "Unknown parameter"),
              (status = 404, description = "The category is not yours"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_spending(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<SpendingReport>, ApiError> {
    let mut params = Params::new(
        pairs,
        &["from", "to", "interval", "level", "flow", "category_id"],
    )?;
    let fresh = fresh(&state, &user).await?;
    let interval = params
        .choice("interval", &INTERVALS)
        .unwrap_or(Interval::Month);
    let level = params.choice("level", &LEVELS).unwrap_or(Level::Category);
    let flow = params
        .choice(
            "flow",
            &[("spending", Flow::Spending), ("income", Flow::Income)],
        )
        .unwrap_or(Flow::Spending);
    let category_id = params.id("category_id");
    let (from, to) = params.day_range(interval, fresh.today, 6);
    params.finish()?;
    let query = SpendingQuery {
        flow,
        interval,
        level,
        from,
        to,
        category_id,
    };
    let mut conn = state.db.acquire().await?;
    match spending::spending(&mut conn, user.user_id, &query).await {
        Ok(report) => Ok(Json(report)),
        Err(ReportError::NotFound) => Err(ApiError::NotFound),
        Err(ReportError::Database(e)) => Err(e.into()),
    }
}

#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CashFlowParams {
    /// First day, `YYYY-MM-DD`; widened to the start of its period. By default twelve
    /// periods ending with the one holding `to`.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`; widened to the end of its period. Today by default.
    to: Option<String>,
    /// `week` (Monday first), `month` (default) or `year`.
    interval: Option<String>,
}

/// Income, spending and net per period and currency (every period, empty ones included).
#[utoipa::path(get, path = "/analytics/cash-flow", tag = "analytics", security(("bearer" = [])), params(CashFlowParams),
    responses((status = 200, body = CashFlowReport), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_cash_flow(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<CashFlowReport>, ApiError> {
    let mut params = Params::new(pairs, &["from", "to", "interval"])?;
    let fresh = fresh(&state, &user).await?;
    let interval = params
        .choice("interval", &INTERVALS)
        .unwrap_or(Interval::Month);
    let (from, to) = params.day_range(interval, fresh.today, 12);
    params.finish()?;
    let mut conn = state.db.acquire().await?;
    let report = cash_flow::cash_flow(&mut conn, user.user_id, interval, from, to).await?;
    Ok(Json(report))
}

#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct NetWorthParams {
    /// First day, `YYYY-MM-DD`. By default twelve periods ending with today's.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`; today at the latest (the default).
    to: Option<String>,
    /// `day`, `week`, `month` (default) or `year`: one point at the end of each.
    interval: Option<String>,
    /// Only these accounts (repeat, or a comma list); all by default.
    account_id: Option<Vec<Uuid>>,
}

/// Net worth at the end of each period, per currency, from observed account balances: an
/// account keeps its last observed balance until the next observation.
#[utoipa::path(get, path = "/analytics/net-worth", tag = "analytics", security(("bearer" = [])), params(NetWorthParams),
    responses((status = 200, body = NetWorthReport), (status = 400, description = "Unknown parameter"),
              (status = 404, description = "An account is not yours"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_net_worth(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<NetWorthReport>, ApiError> {
    let mut params = Params::new(pairs, &["from", "to", "interval", "account_id"])?;
    let mut conn = state.db.acquire().await?;
    let today = rollups::freshness(&mut conn, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .today;
    let interval = params
        .choice(
            "interval",
            &[
                ("day", Interval::Day),
                INTERVALS[0],
                INTERVALS[1],
                INTERVALS[2],
            ],
        )
        .unwrap_or(Interval::Month);
    let accounts = params.ids("account_id");
    let (from, to) = params.day_range(interval, today, 12);
    params.finish()?;
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

#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MerchantsParams {
    /// First month, `YYYY-MM`; by default two months before `to`.
    from: Option<String>,
    /// Last month, `YYYY-MM`; the current month by default.
    to: Option<String>,
    /// Merchants per currency, 1 to 100; 10 by default.
    limit: Option<i64>,
}

/// Top merchants by spending (money out less refunds) over whole months, per currency,
/// with how many transactions each had.
#[utoipa::path(get, path = "/analytics/merchants", tag = "analytics", security(("bearer" = [])), params(MerchantsParams),
    responses((status = 200, body = MerchantsReport), (status = 400, description = "Unknown parameter"),
              (status = 422, description = "A parameter is invalid; names it")))]
pub async fn get_merchants(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<MerchantsReport>, ApiError> {
    let mut params = Params::new(pairs, &["from", "to", "limit"])?;
    let fresh = fresh(&state, &user).await?;
    let (first, last) = params.month_range(Interval::Month.start_of(fresh.today), 3);
    let limit = params.int("limit", 1, 100).unwrap_or(10);
    params.finish()?;
    let mut conn = state.db.acquire().await?;
    let end = Interval::Month.next(last);
    let merchants = merchants::top_merchants(&mut conn, user.user_id, first, end, limit).await?;
    Ok(Json(MerchantsReport {
        from: first,
        to: Period::new(Interval::Month, last).end,
        merchants,
    }))
}
