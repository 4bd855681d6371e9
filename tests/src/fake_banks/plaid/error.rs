//! Plaid's error object and the documented errors the fake answers with (plaid.com/docs/errors:
//! HTTP code, `error_type`, `error_code`, and the documented `error_message`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::FakeFailure;

#[derive(Debug, Clone)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub error_type: &'static str,
    pub error_code: &'static str,
    pub error_message: String,
    pub display_message: Option<&'static str>,
}

const RATE_LIMIT_MESSAGE: &str =
    "rate limit exceeded for attempts to access this item. please try again later";
const INSTITUTION_MESSAGE: &str =
    "this institution is not currently responding to this request. please try again soon";
const INSTITUTION_DISPLAY: &str = "This financial institution is not currently responding to requests. We apologize for the inconvenience.";

impl ApiError {
    fn new(error_type: &'static str, error_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error_type,
            error_code,
            error_message: message.into(),
            display_message: None,
        }
    }

    pub fn not_found() -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::new("INVALID_REQUEST", "NOT_FOUND", "not found")
        }
    }

    pub fn invalid_body() -> Self {
        Self::new(
            "INVALID_REQUEST",
            "INVALID_BODY",
            "body could not be parsed as JSON",
        )
    }

    pub fn missing_fields(fields: &[&str]) -> Self {
        Self::new(
            "INVALID_REQUEST",
            "MISSING_FIELDS",
            format!(
                "the following required fields are missing: {}",
                fields.join(", ")
            ),
        )
    }

    pub fn unknown_fields(fields: &[&str]) -> Self {
        Self::new(
            "INVALID_REQUEST",
            "UNKNOWN_FIELDS",
            format!(
                "the following fields are not recognized by this endpoint: {}",
                fields.join(", ")
            ),
        )
    }

    pub fn invalid_field(message: impl Into<String>) -> Self {
        Self::new("INVALID_REQUEST", "INVALID_FIELD", message)
    }

    pub fn invalid_api_keys() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_API_KEYS",
            "invalid client_id or secret provided",
        )
    }

    pub fn invalid_access_token() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_ACCESS_TOKEN",
            "could not find matching access token",
        )
    }

    pub fn invalid_public_token() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_PUBLIC_TOKEN",
            "could not find matching public token",
        )
    }

    pub fn expired_public_token() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_PUBLIC_TOKEN",
            "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged",
        )
    }

    pub fn invalid_institution() -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_INSTITUTION",
            "invalid institution_id provided",
        )
    }

    pub fn institution_not_found() -> Self {
        Self::new(
            "INSTITUTION_ERROR",
            "INSTITUTION_NOT_FOUND",
            "this institution was not found. Please check the ID supplied",
        )
    }

    pub fn invalid_product(products: &[&str]) -> Self {
        Self::new(
            "INVALID_INPUT",
            "INVALID_PRODUCT",
            format!("client is not authorized to access the following products: {products:?}"),
        )
    }

    pub fn item_not_found() -> Self {
        Self::new(
            "ITEM_ERROR",
            "ITEM_NOT_FOUND",
            "The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.",
        )
    }

    pub fn item_login_required() -> Self {
        Self::new(
            "ITEM_ERROR",
            "ITEM_LOGIN_REQUIRED",
            "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
        )
    }

    pub fn mutation_during_pagination() -> Self {
        Self::new(
            "TRANSACTIONS_ERROR",
            "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
            "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.",
        )
    }

    /// The error a test asked for, with the rate-limit code of the endpoint called.
    pub fn injected(failure: FakeFailure, path: &str) -> Self {
        match failure {
            FakeFailure::RateLimited => Self {
                status: StatusCode::TOO_MANY_REQUESTS,
                ..Self::new(
                    "RATE_LIMIT_EXCEEDED",
                    match path {
                        "/transactions/sync" => "TRANSACTIONS_SYNC_LIMIT",
                        "/accounts/balance/get" => "ACCOUNTS_BALANCE_GET_LIMIT",
                        "/item/get" => "ITEM_GET_LIMIT",
                        _ => "RATE_LIMIT",
                    },
                    RATE_LIMIT_MESSAGE,
                )
            },
            FakeFailure::InstitutionDown => Self {
                display_message: Some(INSTITUTION_DISPLAY),
                ..Self::new("INSTITUTION_ERROR", "INSTITUTION_DOWN", INSTITUTION_MESSAGE)
            },
            FakeFailure::LoginRequired => Self::item_login_required(),
        }
    }

    /// The error object without `request_id`, as `/item/get` nests it in `item.error`.
    pub fn object(&self) -> serde_json::Value {
        json!({
            "error_type": self.error_type,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "display_message": self.display_message,
        })
    }

    pub fn into_response(self, request_id: &str) -> Response {
        let mut body = self.object();
        body["request_id"] = request_id.into();
        (self.status, Json(body)).into_response()
    }
}
