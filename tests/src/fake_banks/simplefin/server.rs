//! The fake's HTTP handlers: what the SimpleFIN protocol documents, and what the Bridge adds
//! (its 90-day cap, `x-api-message` notes, wanting `Content-Length` on a claim).

use axum::Json;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use rand::Rng as _;
use serde_json::{Value, json};

use super::{
    FakeFailure, FakeTransaction, MAX_RANGE_SECS, ORG_NAME, RecordedRequest, Shared, seed,
};

pub(super) fn random_hex(bytes: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..bytes)
        .map(|_| format!("{:02x}", rng.r#gen::<u8>()))
        .collect()
}

pub(super) async fn record(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    state
        .lock()
        .expect("fake SimpleFIN state")
        .requests
        .push(RecordedRequest {
            method,
            path,
            query,
            status,
        });
    response
}

pub(super) async fn info() -> Json<Value> {
    Json(json!({ "versions": ["1.0"] }))
}

pub(super) async fn claim(
    State(state): State<Shared>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    if headers.get(header::CONTENT_LENGTH).is_none() {
        return (StatusCode::LENGTH_REQUIRED, "Length Required").into_response();
    }
    let mut fake = state.lock().expect("fake SimpleFIN state");
    match fake.setup_tokens.get_mut(&code) {
        Some(claimed @ false) => *claimed = true,
        _ => return (StatusCode::FORBIDDEN, "Forbidden").into_response(),
    }
    let (user, password) = (random_hex(16), random_hex(24));
    let access_url = fake
        .root
        .replacen("http://", &format!("http://{user}:{password}@"), 1);
    fake.access.push((user, password));
    ([(header::CONTENT_TYPE, "text/plain")], access_url).into_response()
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let decoded = STANDARD.decode(value.strip_prefix("Basic ")?).ok()?;
    let (user, password) = String::from_utf8(decoded)
        .ok()?
        .split_once(':')
        .map(|(u, p)| (u.to_string(), p.to_string()))?;
    Some((user, password))
}

pub(super) async fn accounts(
    State(state): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let mut fake = state.lock().expect("fake SimpleFIN state");
    let authorized = basic_auth(&headers).is_some_and(|pair| fake.access.contains(&pair));
    if !authorized {
        return (StatusCode::FORBIDDEN, "Forbidden").into_response();
    }
    if let Some(failure) = fake.failures.pop_front() {
        return failed(failure);
    }
    let missing = fake.bank_unreachable;
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let timestamp = |name: &str| match params.iter().find(|(k, _)| k == name) {
        None => Ok(None),
        Some((_, v)) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{name} must be a Unix timestamp")),
    };
    let (start, end) = match (timestamp("start-date"), timestamp("end-date")) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(why), _) | (_, Err(why)) => return (StatusCode::BAD_REQUEST, why).into_response(),
    };
    let flag = |name: &str| params.iter().any(|(k, v)| k == name && v == "1");
    let only: Vec<&str> = params
        .iter()
        .filter(|(k, _)| k == "account")
        .map(|(_, v)| v.as_str())
        .collect();

    let now = Utc::now().timestamp();
    let mut notes = Vec::new();
    let start = match start {
        Some(s) if end.unwrap_or(now) - s > MAX_RANGE_SECS => {
            notes.push("Requested date range exceeds limit of 90 days and was capped.");
            end.unwrap_or(now) - MAX_RANGE_SECS
        }
        Some(s) => s,
        None => {
            notes.push(
                "Provide a 'start-date' parameter to receive transactions prior to yesterday",
            );
            seed::noon(fake.today, 1) - 12 * 3600
        }
    };
    let org = seed::org(&fake.root);
    let balance_date = now;
    let accounts: Vec<Value> = fake
        .accounts
        .iter()
        .filter(|a| only.is_empty() || only.contains(&a.id.as_str()))
        .map(|a| {
            let mut account = json!({
                "org": org,
                "id": a.id,
                "name": a.name,
                "currency": a.currency,
                "balance": a.balance.to_string(),
                "available-balance": a.available.to_string(),
                "balance-date": balance_date,
            });
            if !flag("balances-only") && !missing {
                let rows: Vec<Value> = a
                    .transactions
                    .iter()
                    .filter(|t| flag("pending") || !t.pending)
                    .filter(|t| t.filter_time() >= start && end.is_none_or(|e| t.filter_time() < e))
                    .map(FakeTransaction::to_json)
                    .collect();
                account["transactions"] = Value::Array(rows);
            }
            account
        })
        .collect();
    let errors: Vec<String> = if missing {
        vec![format!("Connection to {ORG_NAME} may need attention")]
    } else {
        Vec::new()
    };
    let mut body = json!({ "errors": errors, "accounts": accounts });
    if !notes.is_empty() {
        body["x-api-message"] = json!(notes);
    }
    Json(body).into_response()
}

fn failed(failure: FakeFailure) -> Response {
    match failure {
        FakeFailure::BankNeedsAttention => Json(json!({
            "errors": [format!("Connection to {ORG_NAME} may need attention")],
            "accounts": [],
        }))
        .into_response(),
        FakeFailure::RateLimited => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "3600")],
            "Too Many Requests",
        )
            .into_response(),
        FakeFailure::PaymentRequired => {
            (StatusCode::PAYMENT_REQUIRED, "Payment Required").into_response()
        }
        FakeFailure::Unavailable => {
            (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response()
        }
    }
}
