//! The endpoints, answering as Bank Account Data's docs and swagger examples show: trailing
//! slashes, bearer tokens on every call but the token ones, `{summary, detail, status_code}`
//! errors (field-keyed for validation), and the consent page a requisition `link` opens.
//! The account endpoints are in `accounts.rs`.

// Handlers stop early with the error `Response` itself; its size does not matter here.
#![allow(clippy::result_large_err)]

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State as Axum};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use serde_json::{Value, json};

use super::accounts::{account, account_data};
use super::state::{Agreement, Requisition, State, TokenKind};

pub(super) type Shared = Arc<Mutex<State>>;
pub(super) type Answer = Result<Response, Response>;

pub(super) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/api/v2/token/new/", post(token_new))
        .route("/api/v2/token/refresh/", post(token_refresh))
        .route("/api/v2/institutions/", get(institutions))
        .route("/api/v2/institutions/{id}/", get(institution))
        .route("/api/v2/agreements/enduser/", post(create_agreement))
        .route("/api/v2/agreements/enduser/{id}/", get(agreement))
        .route("/api/v2/requisitions/", post(create_requisition))
        .route(
            "/api/v2/requisitions/{id}/",
            get(requisition).delete(delete_requisition),
        )
        .route("/api/v2/accounts/{id}/", get(account))
        .route("/api/v2/accounts/{id}/{scope}/", get(account_data))
        .route("/psd2/start/{id}/{institution}", get(consent))
        .fallback(|| async { not_found() })
        .layer(middleware::from_fn_with_state(shared.clone(), record))
        .with_state(shared)
}

/// Logs each call and adds the general rate-limit headers every answer carries.
async fn record(Axum(state): Axum<Shared>, request: Request, next: Next) -> Response {
    let call = format!("{} {}", request.method(), request.uri().path());
    let count = {
        let mut state = state.lock().unwrap();
        state.calls.push(call);
        state.calls.len()
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert("http_x_ratelimit_limit", HeaderValue::from(1000));
    headers.insert(
        "http_x_ratelimit_remaining",
        HeaderValue::from(1000 - count.min(1000)),
    );
    headers.insert("http_x_ratelimit_reset", HeaderValue::from(60));
    response
}

pub(super) fn answer(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

pub(super) fn error(status: StatusCode, summary: &str, detail: &str) -> Response {
    let body = json!({"summary": summary, "detail": detail, "status_code": status.as_u16()});
    answer(status, body)
}

/// Validation errors name the field: `{field: {summary, detail}, status_code: 400}`.
pub(super) fn field_error(field: &str, summary: &str, detail: &str) -> Response {
    let body = json!({field: {"summary": summary, "detail": detail}, "status_code": 400});
    answer(StatusCode::BAD_REQUEST, body)
}

pub(super) fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not found.", "Not found.")
}

fn json_body(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| error(StatusCode::BAD_REQUEST, "Invalid JSON", "JSON parse error"))
}

pub(super) fn authorize(state: &State, headers: &HeaderMap) -> Result<(), Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided.",
            "Authentication credentials were not provided.",
        )),
        Some(token) if state.valid(token, TokenKind::Access) => Ok(()),
        Some(_) => Err(error(
            StatusCode::UNAUTHORIZED,
            "Invalid token",
            "Token is invalid or expired",
        )),
    }
}

async fn token_new(Axum(state): Axum<Shared>, body: Bytes) -> Answer {
    let body = json_body(&body)?;
    let mut state = state.lock().unwrap();
    for field in ["secret_id", "secret_key"] {
        if body[field].as_str().is_none_or(str::is_empty) {
            return Err(answer(
                StatusCode::BAD_REQUEST,
                json!({field: ["This field is required."], "status_code": 400}),
            ));
        }
    }
    if body["secret_id"] != state.secret_id.as_str()
        || body["secret_key"] != state.secret_key.as_str()
    {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "Authentication failed",
            "No active account found with the given credentials",
        ));
    }
    let (access, access_expires) = state.issue(TokenKind::Access);
    let (refresh, refresh_expires) = state.issue(TokenKind::Refresh);
    Ok(answer(
        StatusCode::OK,
        json!({"access": access, "access_expires": access_expires,
               "refresh": refresh, "refresh_expires": refresh_expires}),
    ))
}

async fn token_refresh(Axum(state): Axum<Shared>, body: Bytes) -> Answer {
    let body = json_body(&body)?;
    let mut state = state.lock().unwrap();
    let refresh = body["refresh"].as_str().unwrap_or_default();
    if !state.valid(refresh, TokenKind::Refresh) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "Invalid token",
            "Token is invalid or expired",
        ));
    }
    let (access, access_expires) = state.issue(TokenKind::Access);
    Ok(answer(
        StatusCode::OK,
        json!({"access": access, "access_expires": access_expires}),
    ))
}

async fn institutions(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Answer {
    let state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let country = query
        .iter()
        .find(|(k, _)| k == "country")
        .map(|(_, v)| v.to_uppercase());
    if let Some(c) = &country
        && (c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()))
    {
        return Err(field_error(
            "country",
            "Invalid country choice.",
            &format!("{c} is not a valid choice."),
        ));
    }
    let list: Vec<&Value> = state
        .institutions
        .iter()
        .filter(|i| {
            country
                .as_ref()
                .is_none_or(|c| i["countries"].as_array().unwrap().contains(&json!(c)))
        })
        .collect();
    Ok(answer(StatusCode::OK, json!(list)))
}

async fn institution(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let found = state.institution(&id).ok_or_else(not_found)?;
    Ok(answer(StatusCode::OK, found.clone()))
}

fn unknown_institution(id: &str) -> Response {
    field_error(
        "institution_id",
        &format!("Unknown Institution ID {id}"),
        "Get Institution IDs from /institutions/?country={$COUNTRY_CODE}",
    )
}

/// Creates an agreement with the API's defaults for whatever the body leaves out.
fn new_agreement(state: &mut State, body: &Value) -> Result<String, Response> {
    let institution_id = body["institution_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let institution = state
        .institution(&institution_id)
        .ok_or_else(|| unknown_institution(&institution_id))?;
    let limit = |key: &str| institution[key].as_str().unwrap().parse::<u64>().unwrap();
    let (total_days, max_access) = (
        limit("transaction_total_days"),
        limit("max_access_valid_for_days"),
    );
    let max_historical_days = body["max_historical_days"].as_u64().unwrap_or(90);
    if max_historical_days == 0 || max_historical_days > total_days {
        return Err(field_error(
            "max_historical_days",
            "Incorrect max_historical_days",
            &format!("max_historical_days must be > 0 and <= {total_days} for {institution_id}"),
        ));
    }
    let access_valid_for_days = body["access_valid_for_days"].as_u64().unwrap_or(90);
    if access_valid_for_days == 0 || access_valid_for_days > max_access {
        return Err(field_error(
            "access_valid_for_days",
            "Incorrect access_valid_for_days",
            &format!("access_valid_for_days must be > 0 and <= {max_access}"),
        ));
    }
    let access_scope = match body["access_scope"].as_array() {
        Some(scopes) => scopes
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        None => vec!["balances".into(), "details".into(), "transactions".into()],
    };
    let id = uuid::Uuid::new_v4().to_string();
    state.agreements.insert(
        id.clone(),
        Agreement {
            id: id.clone(),
            created: Utc::now(),
            institution_id,
            max_historical_days: max_historical_days as u32,
            access_valid_for_days: access_valid_for_days as u32,
            access_scope,
            accepted: None,
            expired: false,
        },
    );
    Ok(id)
}

async fn create_agreement(Axum(state): Axum<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    let mut state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let id = new_agreement(&mut state, &json_body(&body)?)?;
    Ok(answer(StatusCode::CREATED, state.agreements[&id].json()))
}

async fn agreement(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let state = state.lock().unwrap();
    authorize(&state, &headers)?;
    Ok(answer(
        StatusCode::OK,
        state.agreements.get(&id).ok_or_else(not_found)?.json(),
    ))
}

async fn create_requisition(Axum(state): Axum<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    let mut state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let body = json_body(&body)?;
    let redirect = body["redirect"].as_str().unwrap_or_default();
    if url::Url::parse(redirect).is_err() {
        return Err(field_error(
            "redirect",
            "Invalid redirect URI",
            "Redirect URI must have a valid URI structure",
        ));
    }
    let institution_id = body["institution_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if state.institution(&institution_id).is_none() {
        return Err(unknown_institution(&institution_id));
    }
    // Without an agreement the API makes one with its default terms.
    let agreement = match body["agreement"].as_str() {
        Some(id) => match state.agreements.get(id) {
            Some(a) if a.institution_id == institution_id => id.to_string(),
            Some(_) => {
                return Err(field_error(
                    "agreement",
                    "Incorrect Institution ID",
                    &format!(
                        "Provided Institution ID: '{institution_id}' for requisition does not match EUA institution ID"
                    ),
                ));
            }
            None => {
                return Err(field_error(
                    "agreement",
                    "Invalid EUA",
                    &format!(
                        "{id} is not a valid UUID. Please specify a valid agreement from /api/agreements/enduser/ or create a new one."
                    ),
                ));
            }
        },
        None => new_agreement(&mut state, &json!({"institution_id": institution_id}))?,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let requisition = Requisition {
        link: format!("{}/psd2/start/{id}/{institution_id}", state.base),
        id: id.clone(),
        created: Utc::now(),
        redirect: redirect.to_string(),
        status: "CR",
        institution_id,
        agreement,
        reference: body["reference"].as_str().map(str::to_string),
        accounts: Vec::new(),
        user_language: body["user_language"].as_str().map(str::to_string),
    };
    let json = requisition.json();
    state.requisitions.insert(id, requisition);
    Ok(answer(StatusCode::CREATED, json))
}

async fn requisition(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let state = state.lock().unwrap();
    authorize(&state, &headers)?;
    Ok(answer(
        StatusCode::OK,
        state.requisitions.get(&id).ok_or_else(not_found)?.json(),
    ))
}

async fn delete_requisition(
    Axum(state): Axum<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    let mut state = state.lock().unwrap();
    authorize(&state, &headers)?;
    let removed = state.requisitions.remove(&id).ok_or_else(not_found)?;
    state.agreements.remove(&removed.agreement);
    Ok(answer(
        StatusCode::OK,
        json!({"summary": "Requisition deleted",
               "detail": format!("Requisition {id} deleted with all its End User Agreements")}),
    ))
}

/// The person at "the bank": the requisition becomes LN with the institution's accounts and
/// the browser goes back to the redirect with `?ref=`; a second visit is the documented
/// `RequisitionLinkReused` error on the redirect.
async fn consent(
    Axum(state): Axum<Shared>,
    Path((id, _institution)): Path<(String, String)>,
) -> Answer {
    let mut state = state.lock().unwrap();
    let accounts: Vec<String> = {
        let Some(requisition) = state.requisitions.get(&id) else {
            return Err((StatusCode::NOT_FOUND, "Requisition not found").into_response());
        };
        let institution = requisition.institution_id.clone();
        state
            .accounts
            .iter()
            .filter(|a| a.institution_id == institution)
            .map(|a| a.id.clone())
            .collect()
    };
    let requisition = state.requisitions.get_mut(&id).unwrap();
    let mut target = url::Url::parse(&requisition.redirect).unwrap();
    if let Some(reference) = &requisition.reference {
        target.query_pairs_mut().append_pair("ref", reference);
    }
    if requisition.status == "CR" {
        requisition.status = "LN";
        requisition.accounts = accounts;
        let agreement = requisition.agreement.clone();
        state.agreements.get_mut(&agreement).unwrap().accepted = Some(Utc::now());
    } else {
        target
            .query_pairs_mut()
            .append_pair("error", "RequisitionLinkReused")
            .append_pair(
                "details",
                "This link has already been used for authorization and is no longer valid.",
            );
    }
    Ok((StatusCode::FOUND, [(header::LOCATION, target.to_string())]).into_response())
}
