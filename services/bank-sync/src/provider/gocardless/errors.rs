//! Bank Account Data error answers, turned into what the sync engine acts on.
//!
//! The API has two error shapes (docs "Statuses and Error Codes", and the swagger examples):
//! `{summary, detail, type?, status_code}`, and field errors where the offending field is the
//! key: `{"institution_id": {"summary", "detail"}, "status_code": 400}`. The status alone is not
//! enough: a 401 is our token dying *or* the person's 90-day agreement ending
//! (`End User Agreement (EUA) … has expired` carries no `type`), so the body decides first.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::provider::ProviderError;

/// Rate-limit headers, named as the docs spell them (HTTP header names are case-insensitive).
/// The account one is the per-account, per-scope bank limit (down to 4 calls a day).
const ACCOUNT_RESET: &str = "http_x_ratelimit_account_success_reset";
const GENERAL_RESETS: [&str; 3] = ["http_x_ratelimit_reset", "x-ratelimit-reset", "retry-after"];

/// Longest error text kept in a message: enough to act on, short enough for a log line.
const MAX_MESSAGE: usize = 300;

/// A parsed error body. Unreadable bodies parse to an empty one.
#[derive(Debug, Default)]
pub(super) struct ErrorBody {
    summary: Option<String>,
    detail: Option<String>,
    /// The account endpoints' machine-readable kind (`RateLimitError`, `AccessExpiredError`).
    kind: Option<String>,
    /// Field errors, flattened to `field: summary (detail)`.
    fields: Vec<String>,
    /// Every summary and detail, lowercased, for the documented-wording checks.
    text: String,
}

impl ErrorBody {
    pub(super) fn parse(raw: &str) -> Self {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(raw) else {
            return Self::default();
        };
        let string = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
        let mut body = Self {
            summary: string("summary"),
            detail: string("detail"),
            kind: string("type"),
            ..Self::default()
        };
        let mut parts: Vec<String> = body.summary.iter().chain(&body.detail).cloned().collect();
        for (key, value) in &map {
            if matches!(key.as_str(), "summary" | "detail" | "type" | "status_code") {
                continue;
            }
            // `{field: {summary, detail}}`, `{field: [{summary, detail}]}` or `{field: ["text"]}`.
            let items = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                let text = match item {
                    Value::String(s) => s.clone(),
                    Value::Object(o) => {
                        let get = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default();
                        parts.push(get("summary").to_string());
                        parts.push(get("detail").to_string());
                        format!("{} ({})", get("summary"), get("detail"))
                    }
                    _ => continue,
                };
                parts.push(text.clone());
                body.fields.push(format!("{key}: {text}"));
            }
        }
        body.text = parts.join(" ").to_lowercase();
        body
    }

    /// A 401 about our access token (refreshing helps), not about the person's consent.
    pub(super) fn is_token_failure(&self) -> bool {
        !self.is_consent_failure() && !self.has_kind("AccountInactiveError")
    }

    fn has_kind(&self, kind: &str) -> bool {
        self.kind.as_deref() == Some(kind) || self.summary.as_deref() == Some(kind)
    }

    /// The end-user agreement ran out or was revoked: only a new consent helps.
    fn is_consent_failure(&self) -> bool {
        let t = &self.text;
        self.has_kind("AccessExpiredError")
            || ((t.contains("end user agreement") || t.contains("(eua)") || t.contains("eua was"))
                && (t.contains("expired") || t.contains("no valid")))
            || t.contains("access has expired")
            || t.contains("has been revoked")
    }

    /// What GoCardless said, short, for the person or the log. Bodies never carry our secrets
    /// (those travel in request bodies and headers only).
    pub(super) fn message(&self) -> String {
        let mut message = match (&self.summary, &self.detail) {
            (Some(s), Some(d)) if s != d => format!("{s}: {d}"),
            (Some(s), _) => s.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => self.fields.join("; "),
        };
        if message.chars().count() > MAX_MESSAGE {
            message = message.chars().take(MAX_MESSAGE).collect::<String>() + "…";
        }
        message
    }
}

/// The error for a failed call, from its status, headers and body.
pub(super) fn classify(status: StatusCode, headers: &HeaderMap, body: &ErrorBody) -> ProviderError {
    let said = body.message();
    let said = if said.is_empty() {
        format!("HTTP {status}")
    } else {
        said
    };
    let down = || ProviderError::InstitutionDown(format!("GoCardless: {said}"));
    let reauth = || ProviderError::ReauthRequired(format!("GoCardless: {said}"));

    // The documented `type`s are exact, so they win over the status.
    match body.kind.as_deref() {
        Some("RateLimitError") => return rate_limited(headers, body, &said),
        Some("AccessExpiredError" | "AccountInactiveError" | "AccountAccessForbidden") => {
            return reauth();
        }
        Some("ServiceError" | "ConnectionError" | "UnknownRequestError") => return down(),
        _ => {}
    }
    if body.is_consent_failure() || body.text.contains("suspended") {
        return reauth();
    }
    // 409 AccountProcessing: the bank is still preparing the account; later works.
    if body.has_kind("AccountProcessing") || body.text.contains("being processed") {
        return down();
    }
    match status.as_u16() {
        429 => rate_limited(headers, body, &said),
        401 => ProviderError::Other(format!(
            "GoCardless refused this server's access token ({said})"
        )),
        // 402 free usage limit, 403 IP not whitelisted: this server's GoCardless account.
        402 | 403 => ProviderError::Other(format!("GoCardless refused the request ({said})")),
        400 | 404 => ProviderError::Rejected(format!("GoCardless: {said}")),
        500..=599 => down(),
        _ => ProviderError::Other(format!("GoCardless answered HTTP {status} ({said})")),
    }
}

/// How long to wait: the bank's per-account window for `RateLimitError`, else the API's own
/// window, else the "try again in N seconds" of the API-level limit's detail.
fn rate_limited(headers: &HeaderMap, body: &ErrorBody, said: &str) -> ProviderError {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let account = header(ACCOUNT_RESET);
    let general = GENERAL_RESETS.iter().find_map(|name| header(name));
    let seconds = if body.kind.as_deref() == Some("RateLimitError") {
        account.or(general)
    } else {
        general.or(account)
    }
    .or_else(|| seconds_in(&body.text));
    ProviderError::RateLimited {
        message: format!("GoCardless: {said}"),
        retry_after: seconds.map(Duration::from_secs),
    }
}

/// `… Please try again in 3600 seconds` (the documented API-level 429 detail).
fn seconds_in(text: &str) -> Option<u64> {
    let rest = &text[text.find("try again in ")? + "try again in ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_json(status: u16, body: &str) -> ProviderError {
        classify(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            &ErrorBody::parse(body),
        )
    }

    #[test]
    fn an_expired_agreement_is_a_401_that_is_not_about_the_token() {
        let body = r#"{"summary": "End User Agreement (EUA) 3fa8 has expired",
            "detail": "EUA was valid for 90 days and it expired at 2024-01-01. The end user must connect the account once more with new EUA and Requisition",
            "status_code": 401}"#;
        assert!(!ErrorBody::parse(body).is_token_failure());
        assert!(matches!(
            classify_json(401, body),
            ProviderError::ReauthRequired(_)
        ));
        let token = r#"{"summary": "Invalid token", "detail": "Token is invalid or expired", "status_code": 401}"#;
        assert!(ErrorBody::parse(token).is_token_failure());
        assert!(matches!(classify_json(401, token), ProviderError::Other(_)));
    }

    #[test]
    fn field_errors_are_read() {
        let body = r#"{"institution_id": {"summary": "Unknown Institution ID X",
            "detail": "Get Institution IDs from /institutions/?country={$COUNTRY_CODE}"}, "status_code": 400}"#;
        let ProviderError::Rejected(message) = classify_json(400, body) else {
            panic!("not rejected");
        };
        assert!(message.contains("Unknown Institution ID X"), "{message}");
    }

    #[test]
    fn the_api_level_limit_says_when_in_its_detail() {
        let body = r#"{"summary": "Rate limit exceeded",
            "detail": "The rate limit for this resource is 4/day. Please try again in 3600 seconds", "status_code": 429}"#;
        let ProviderError::RateLimited { retry_after, .. } = classify_json(429, body) else {
            panic!("not rate limited");
        };
        assert_eq!(retry_after, Some(Duration::from_secs(3600)));
    }

    #[test]
    fn processing_and_suspension_differ() {
        let processing = r#"{"summary": "AccountProcessing", "detail": "Account data is currently being processed.", "status_code": 409}"#;
        assert!(matches!(
            classify_json(409, processing),
            ProviderError::InstitutionDown(_)
        ));
        let suspended = r#"{"summary": "Account suspended", "detail": "This account or its requisition was suspended due to numerous errors that occurred while accessing it.", "status_code": 409}"#;
        assert!(matches!(
            classify_json(409, suspended),
            ProviderError::ReauthRequired(_)
        ));
    }
}
