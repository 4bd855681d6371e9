//! The endpoints: each checks its request (`request`) and answers the shape Plaid's API
//! reference documents, with a `request_id`.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::error::ApiError;
use super::render;
use super::request::{LANGUAGES, Req, authenticate, check_countries, check_products};
use super::state::{INSTITUTIONS, LinkSession, PublicToken, State, plaid_id};

pub(super) type Shared = Arc<Mutex<State>>;

pub(super) async fn handle(
    AxumState(shared): AxumState<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = plaid_id(15);
    let mut state = shared.lock().expect("fake Plaid state");
    match dispatch(&mut state, &method, uri.path(), &headers, &body) {
        Ok(mut answer) => {
            answer["request_id"] = Value::from(request_id);
            (StatusCode::OK, Json(answer)).into_response()
        }
        Err(e) => e.into_response(&request_id),
    }
}

fn dispatch(
    state: &mut State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, ApiError> {
    *state.calls.entry(path.to_string()).or_default() += 1;
    if method != Method::POST {
        return Err(ApiError::not_found());
    }
    let json_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(ApiError::invalid_body());
    };
    if !json_body {
        return Err(ApiError::invalid_body());
    }
    authenticate(state, headers, &mut fields)?;
    state
        .last_bodies
        .insert(path.to_string(), Value::Object(fields.clone()));
    let req = Req(fields);
    if !path.starts_with("/sandbox/")
        && let Some(failure) = state.next_failure.take()
    {
        return Err(ApiError::injected(failure, path));
    }
    match path {
        "/link/token/create" => link_token_create(state, &req),
        "/item/public_token/exchange" => public_token_exchange(state, &req),
        "/item/get" => item_get(state, &req),
        "/item/remove" => item_remove(state, &req),
        "/institutions/get_by_id" => institution_get(&req),
        "/accounts/balance/get" => balance_get(state, &req),
        "/transactions/sync" => transactions_sync(state, &req),
        "/sandbox/public_token/create" => sandbox_public_token(state, &req),
        "/sandbox/item/reset_login" => sandbox_reset_login(state, &req),
        _ => Err(ApiError::not_found()),
    }
}

fn link_token_create(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&[
        "client_name",
        "language",
        "country_codes",
        "user",
        "products",
        "access_token",
        "redirect_uri",
        "webhook",
        "transactions",
        "account_filters",
        "android_package_name",
        "link_customization_name",
        "update",
        "required_if_supported_products",
        "optional_products",
        "additional_consented_products",
        "user_token",
    ])?;
    req.required("client_name")?;
    let language = req.required("language")?;
    if !LANGUAGES.contains(&language) {
        return Err(ApiError::invalid_field(format!(
            "invalid language: {language}"
        )));
    }
    let countries = req
        .strings("country_codes")?
        .ok_or_else(|| ApiError::missing_fields(&["country_codes"]))?;
    check_countries(&countries)?;
    let user = req
        .object(
            "user",
            &[
                "client_user_id",
                "legal_name",
                "phone_number",
                "email_address",
                "date_of_birth",
                "address",
                "id_number",
            ],
        )?
        .ok_or_else(|| ApiError::missing_fields(&["user"]))?;
    if user
        .required("client_user_id")
        .map_err(|_| ApiError::missing_fields(&["user.client_user_id"]))?
        .trim()
        .is_empty()
    {
        return Err(ApiError::invalid_field(
            "user.client_user_id must be a non-empty string",
        ));
    }
    if let Some(uri) = req.string("redirect_uri")?
        && !uri.starts_with("https://")
    {
        return Err(ApiError::invalid_field("redirect_uri must use HTTPS"));
    }
    let products = req.strings("products")?;
    let update_item = match req.string("access_token")? {
        // Update mode: the Item may well be in ITEM_LOGIN_REQUIRED; that is the point.
        Some(token) => Some(state.item_for(token)?.item_id.clone()),
        None => {
            check_products(&products.ok_or_else(|| ApiError::missing_fields(&["products"]))?)?;
            None
        }
    };
    // Documented lifetimes: 4 hours, 30 minutes for update mode.
    let lifetime = if update_item.is_some() {
        Duration::minutes(30)
    } else {
        Duration::hours(4)
    };
    let link_token = format!("link-sandbox-{}", Uuid::new_v4());
    state
        .link_tokens
        .insert(link_token.clone(), LinkSession { update_item });
    Ok(json!({
        "link_token": link_token,
        "expiration": render::timestamp(Utc::now() + lifetime),
    }))
}

fn public_token_exchange(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["public_token"])?;
    let token = req.required("public_token")?;
    // A public token is exchanged once, within 30 minutes.
    let issued = state
        .public_tokens
        .remove(token)
        .ok_or_else(ApiError::invalid_public_token)?;
    if Utc::now() - issued.created_at > Duration::minutes(30) {
        return Err(ApiError::expired_public_token());
    }
    let access_token = format!("access-sandbox-{}", Uuid::new_v4());
    state
        .access_tokens
        .insert(access_token.clone(), issued.item_id.clone());
    Ok(json!({ "access_token": access_token, "item_id": issued.item_id }))
}

fn item_get(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["access_token"])?;
    // An Item in error answers here with `item.error` set, not with the error.
    let item = state.item_for(req.required("access_token")?)?;
    Ok(json!({
        "item": render::item(item),
        "status": {
            "transactions": {
                "last_successful_update": render::timestamp(Utc::now()),
                "last_failed_update": null,
            },
            "last_webhook": null,
        },
    }))
}

fn item_remove(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["access_token", "reason_code", "reason_note"])?;
    state.item_for(req.required("access_token")?)?.removed = true;
    Ok(json!({}))
}

fn institution_get(req: &Req) -> Result<Value, ApiError> {
    req.allow(&["institution_id", "country_codes", "options"])?;
    let id = req.required("institution_id")?;
    let countries = req
        .strings("country_codes")?
        .ok_or_else(|| ApiError::missing_fields(&["country_codes"]))?;
    check_countries(&countries)?;
    let name = render::institution_name(id).ok_or_else(ApiError::institution_not_found)?;
    Ok(json!({ "institution": render::institution(id, name) }))
}

fn balance_get(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["access_token", "options"])?;
    let options = req.object("options", &["account_ids", "min_last_updated_datetime"])?;
    let wanted = options
        .as_ref()
        .map(|o| o.strings("account_ids"))
        .transpose()?
        .flatten();
    let item_id = state
        .usable_item(req.required("access_token")?)?
        .item_id
        .clone();
    let item = &state.items[&item_id];
    let accounts: Vec<Value> = state
        .accounts
        .iter()
        .filter(|a| {
            wanted
                .as_ref()
                .is_none_or(|w| w.contains(&item.account_id(a.account)))
        })
        .map(|a| render::account(item, a))
        .collect();
    Ok(json!({ "accounts": accounts, "item": render::item(item) }))
}

fn transactions_sync(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["access_token", "cursor", "count", "options"])?;
    let options = req.object(
        "options",
        &[
            "include_original_description",
            "include_personal_finance_category",
            "include_logo_and_counterparty_beta",
            "personal_finance_category_version",
            "days_requested",
            "account_id",
        ],
    )?;
    let original_description = match options
        .as_ref()
        .and_then(|o| o.get("include_original_description"))
    {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "options.include_original_description must be a boolean",
            ));
        }
    };
    let count = match req.get("count") {
        None => 100,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| ApiError::invalid_field("count must be an integer from 1 to 500"))?,
    };
    let cursor = req.string("cursor")?;
    let item_id = state
        .usable_item(req.required("access_token")?)?
        .item_id
        .clone();
    let item = &state.items[&item_id];
    let account = match options
        .as_ref()
        .map(|o| o.string("account_id"))
        .transpose()?
        .flatten()
    {
        Some(id) => Some(item.account_for(id).ok_or_else(|| {
            ApiError::invalid_field("options.account_id is not an account of this Item")
        })?),
        None => None,
    };
    let answer = state.sync(
        &item_id,
        cursor,
        usize::try_from(count).unwrap_or(500),
        account,
    )?;
    let item = &state.items[&item_id];
    let render_all = |list: &[super::FakeTransaction]| -> Vec<Value> {
        list.iter()
            .map(|t| render::transaction(item, t, original_description))
            .collect()
    };
    let body = json!({
        "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
        "accounts": state.accounts.iter().map(|a| render::account(item, a)).collect::<Vec<_>>(),
        "added": render_all(&answer.added),
        "modified": render_all(&answer.modified),
        "removed": answer.removed.iter().map(|(id, a)| json!({
            "transaction_id": id,
            "account_id": item.account_id(*a),
        })).collect::<Vec<_>>(),
        "next_cursor": answer.next_cursor,
        "has_more": answer.has_more,
    });
    if answer.has_more && std::mem::take(&mut state.mutate_after_next_page) {
        state.add(super::mutation_row());
    }
    Ok(body)
}

fn sandbox_public_token(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&[
        "institution_id",
        "initial_products",
        "options",
        "user_token",
        "user_id",
    ])?;
    let id = req.required("institution_id")?;
    let institution = INSTITUTIONS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(i, _)| *i)
        .ok_or_else(ApiError::invalid_institution)?;
    check_products(
        &req.strings("initial_products")?
            .ok_or_else(|| ApiError::missing_fields(&["initial_products"]))?,
    )?;
    req.object(
        "options",
        &[
            "webhook",
            "override_username",
            "override_password",
            "transactions",
            "statements",
            "income_verification",
        ],
    )?;
    let item_id = state.create_item(institution);
    let public_token = format!("public-sandbox-{}", Uuid::new_v4());
    state.public_tokens.insert(
        public_token.clone(),
        PublicToken {
            item_id,
            created_at: Utc::now(),
        },
    );
    Ok(json!({ "public_token": public_token }))
}

fn sandbox_reset_login(state: &mut State, req: &Req) -> Result<Value, ApiError> {
    req.allow(&["access_token"])?;
    state
        .item_for(req.required("access_token")?)?
        .login_required = true;
    Ok(json!({ "reset_login": true }))
}
