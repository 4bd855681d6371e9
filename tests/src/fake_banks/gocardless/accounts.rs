//! The account endpoints: GoCardless's own record of an account, and the three calls that
//! reach the bank (details, balances, transactions) with the bank's documented failures.

// Handlers stop early with the error `Response` itself; its size does not matter here.
#![allow(clippy::result_large_err)]

use axum::extract::{Path, Query, State as Axum};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use serde_json::{Value, json};

use super::routes::{Answer, Shared, answer, authorize, error, field_error, not_found};
use super::state::{Account, State};
use super::{FakeFailure, RATE_LIMIT_RESET_SECS};

/// The bank's daily allowance per account and scope (GoCardless lowered it to 10).
const ACCOUNT_DAILY_LIMIT: u32 = 10;

/// GoCardless's own record of an account: answered without asking the bank.
pub(super) async fn account(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let account = state
        .accounts
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| account_not_found(&id))?;
    let expired = state.requisition_of(&id).is_some_and(|r| {
        state
            .agreements
            .get(&r.agreement)
            .is_some_and(|a| a.expired)
    });
    Ok(answer(
        StatusCode::OK,
        json!({
            "id": account.id,
            "created": account.created.to_rfc3339(),
            "last_accessed": Utc::now().to_rfc3339(),
            "iban": account.iban,
            "institution_id": account.institution_id,
            "status": if expired { "EXPIRED" } else { "READY" },
            "owner_name": account.owner_name,
            "name": account.name,
        }),
    ))
}

fn account_not_found(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        &format!("Account ID {id} not found"),
        "Please check whether you specified a valid Account ID",
    )
}

/// `details`, `balances` and `transactions`: the calls that reach the bank.
pub(super) async fn account_data(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path((id, scope)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> Answer {
    let mut state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let scope: &'static str = match scope.as_str() {
        "details" => "details",
        "balances" => "balances",
        "transactions" => "transactions",
        _ => return Err(not_found()),
    };
    let max_days = bank_access(&mut state, &id, scope)?;
    let account = state.accounts.iter().find(|a| a.id == id).unwrap();
    let resource_id: String = account.id.chars().filter(|c| *c != '-').take(16).collect();
    let body = match scope {
        "details" => json!({"account": {
            "resourceId": resource_id,
            "iban": account.iban,
            "currency": account.currency,
            "ownerName": account.owner_name,
            "name": account.name,
            "product": account.product,
            "cashAccountType": account.cash_account_type,
            "status": "enabled",
            "usage": "PRIV",
        }}),
        "balances" => json!({"balances": account.balances.iter().map(|(kind, amount, date)| json!({
            "balanceAmount": {"amount": amount, "currency": account.currency},
            "balanceType": kind,
            "referenceDate": date.to_string(),
        })).collect::<Vec<_>>()}),
        _ => transactions(account, &query, max_days)?,
    };
    let calls = state.account_calls.entry((id, scope)).or_default();
    *calls += 1;
    let remaining = ACCOUNT_DAILY_LIMIT - *calls;
    let mut response = answer(StatusCode::OK, body);
    account_limit_headers(response.headers_mut(), remaining);
    Ok(response)
}

fn account_limit_headers(headers: &mut HeaderMap, remaining: u32) {
    headers.insert(
        "http_x_ratelimit_account_success_limit",
        HeaderValue::from(ACCOUNT_DAILY_LIMIT),
    );
    headers.insert(
        "http_x_ratelimit_account_success_remaining",
        HeaderValue::from(remaining),
    );
    headers.insert(
        "http_x_ratelimit_account_success_reset",
        HeaderValue::from(RATE_LIMIT_RESET_SECS),
    );
}

/// May this account's data be read now? Answers the history the agreement allows, or the
/// documented error: no agreement, an expired one, the bank's daily limit, the bank down.
fn bank_access(state: &mut State, id: &str, scope: &'static str) -> Result<u32, Response> {
    if !state.accounts.iter().any(|a| a.id == id) {
        return Err(account_not_found(id));
    }
    let agreement = state
        .requisition_of(id)
        .and_then(|r| state.agreements.get(&r.agreement))
        .ok_or_else(|| {
            error(
                StatusCode::FORBIDDEN,
                "No valid End User Agreement",
                "Account exists but there is no valid End User Agreement permitting you to access it",
            )
        })?;
    if agreement.expired {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            &format!("End User Agreement (EUA) {} has expired", agreement.id),
            &format!(
                "EUA was valid for {} days and it expired at {}. The end user must connect the account once more with new EUA and Requisition",
                agreement.access_valid_for_days,
                Utc::now().to_rfc3339()
            ),
        ));
    }
    let max_days = agreement.max_historical_days;
    let summary = format!("Couldn't update account {scope}");
    let spent = state
        .account_calls
        .get(&(id.to_string(), scope))
        .copied()
        .unwrap_or(0)
        >= ACCOUNT_DAILY_LIMIT;
    match state.next_failure.take() {
        Some(FakeFailure::InstitutionDown) => Err(answer(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"summary": summary, "detail": "Institution service unavailable",
                   "type": "ServiceError", "status_code": 503}),
        )),
        Some(FakeFailure::RateLimited) => Err(rate_limited(&summary)),
        None if spent => Err(rate_limited(&summary)),
        None => Ok(max_days),
    }
}

fn rate_limited(summary: &str) -> Response {
    let mut response = answer(
        StatusCode::TOO_MANY_REQUESTS,
        json!({"summary": summary, "detail": "Daily request limit set by the Institution has been exceeded.",
               "type": "RateLimitError", "status_code": 429}),
    );
    account_limit_headers(response.headers_mut(), 0);
    response
}

/// Rows from `date_from` (and at most the agreement's history) to `date_to` or today.
fn transactions(
    account: &Account,
    query: &[(String, String)],
    max_days: u32,
) -> Result<Value, Response> {
    let today = Utc::now().date_naive();
    let date = |key: &str| -> Result<Option<NaiveDate>, Response> {
        match query.iter().find(|(k, _)| k == key) {
            None => Ok(None),
            Some((_, v)) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    field_error(
                        key,
                        "Invalid date format",
                        &format!("'{v}' is not a date in YYYY-MM-DD format"),
                    )
                }),
        }
    };
    let oldest = today - chrono::Duration::days(i64::from(max_days));
    let from = date("date_from")?.unwrap_or(oldest).max(oldest);
    let to = date("date_to")?.unwrap_or(today);
    if from > to {
        let detail = format!(
            "Starting date '{from}' is greater than end date '{to}'. When specifying date range, starting date must precede the end date"
        );
        let range =
            json!({"summary": "Incorrect date range", "detail": detail, "status_code": 400});
        return Err(answer(
            StatusCode::BAD_REQUEST,
            json!({"date_from": range, "date_to": range}),
        ));
    }
    let in_range = |rows: &[Value], keys: [&str; 2]| -> Vec<Value> {
        let mut rows: Vec<(NaiveDate, Value)> = rows
            .iter()
            .filter_map(|r| {
                let day = keys
                    .iter()
                    .find_map(|k| r[*k].as_str())?
                    .parse::<NaiveDate>()
                    .ok()?;
                (from <= day && day <= to).then(|| (day, r.clone()))
            })
            .collect();
        // Newest first, as banks list them.
        rows.sort_by_key(|row| std::cmp::Reverse(row.0));
        rows.into_iter().map(|(_, r)| r).collect()
    };
    Ok(json!({
        "transactions": {
            "booked": in_range(&account.booked, ["bookingDate", "valueDate"]),
            "pending": in_range(&account.pending, ["valueDate", "bookingDate"]),
        },
        "last_updated": Utc::now().to_rfc3339(),
    }))
}
