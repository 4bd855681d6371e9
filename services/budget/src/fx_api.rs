//! `GET /fx/rates`: the exchange rates the user's amounts are converted with, for the
//! settings page. Read only: `fx_rates` is shared by every user of the instance, so rates are
//! loaded by the operator (`kakeibo fx import FILE`), never through the API.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use kakeibo_core::{ApiError, AppState, AuthUser};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::fx;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_rates))
}

/// One currency the user holds, and how it converts to the home currency.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CurrencyRate {
    pub currency: String,
    /// 1 `currency` = `rate` of the home currency: the latest rate on or before `as_of`;
    /// null when none was ever loaded.
    #[schema(value_type = Option<String>, example = "0.9254")]
    pub rate: Option<Decimal>,
    /// The day the rate is from (across a pivot currency, the older of its two rates).
    pub rate_date: Option<NaiveDate>,
    /// Your live transactions in this currency.
    pub transactions: i64,
    /// Of those, how many have no rate on or before their day, so totals leave them out.
    pub unconverted: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FxRates {
    /// Your home currency: what the rates convert to.
    pub home_currency: String,
    /// Today in your time zone: the day the rates are looked up for.
    pub as_of: NaiveDate,
    /// Each currency of your accounts and transactions other than the home currency, in code
    /// order.
    pub rates: Vec<CurrencyRate>,
}

/// The exchange rates your other currencies are converted with, and the amounts that have
/// none. Rates are loaded by the instance's operator: `kakeibo fx import FILE`.
#[utoipa::path(get, path = "/fx/rates", tag = "fx", security(("bearer" = [])),
    responses((status = 200, body = FxRates)))]
pub async fn list_rates(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<FxRates>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let home = kakeibo_auth::profile::base_currency(&mut conn, user.user_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let as_of = kakeibo_auth::local_time::today(&mut conn, user.user_id).await?;
    let mut held: BTreeMap<String, (i64, i64)> =
        kakeibo_bank_sync::accounts::currencies(&mut conn, user.user_id)
            .await?
            .into_iter()
            .filter(|c| *c != home)
            .map(|c| (c, (0, 0)))
            .collect();
    for rows in kakeibo_transactions::totals::foreign_rows(&mut conn, user.user_id, &home).await? {
        held.insert(rows.currency, (rows.rows, rows.unconverted));
    }
    let codes: Vec<String> = held.keys().cloned().collect();
    let rates = fx::latest_to(&mut conn, &codes, &home, as_of)
        .await?
        .into_iter()
        .map(|r| {
            let (transactions, unconverted) = held.get(&r.currency).copied().unwrap_or_default();
            CurrencyRate {
                currency: r.currency,
                rate: r.rate.map(|d| d.normalize()),
                rate_date: r.rate_date,
                transactions,
                unconverted,
            }
        })
        .collect();
    Ok(Json(FxRates {
        home_currency: home,
        as_of,
        rates,
    }))
}
