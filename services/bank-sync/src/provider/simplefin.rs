//! SimpleFIN (<https://www.simplefin.org/protocol.html>, protocol 1.0). The person pastes a
//! setup token from the SimpleFIN Bridge: a base64 claim URL. One POST to it yields an access
//! URL with basic-auth credentials in it (`https://user:pass@host/simplefin`); that URL is
//! the connection's credentials, and `GET {access}/accounts` reads balances and transactions.
//!
//! The access URL is a password: it never goes into an error or a log line.

mod urls;
mod wire;

use std::collections::HashSet;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{Days, NaiveDate, Utc};
use reqwest::{Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use kakeibo_core::config::SimpleFinSettings;

use crate::provider::{
    BankProvider, ConnectRequest, ConnectStep, Linked, ProviderAccount, ProviderError,
    ProviderTransaction, Started, SyncFrom, SyncPage, credentials_as, http_client,
};
use urls::{Access, check_url, decode_setup_token, parse_access_url};
use wire::AccountSet;

const NAME: &str = "SimpleFIN";
const BRIDGE: &str = "SimpleFIN Bridge";
/// The Bridge caps `end-date - start-date` at 90 days (its developer guide); longer ranges
/// are silently cut, so they are asked for in windows.
const WINDOW_SECS: i64 = 90 * 86_400;

pub struct SimpleFinProvider {
    enabled: bool,
    allowed_hosts: Vec<String>,
    client: reqwest::Client,
}

/// What is stored (sealed) for a connection.
#[derive(Serialize, Deserialize)]
struct Credentials {
    access_url: String,
}

impl SimpleFinProvider {
    pub fn new(settings: &SimpleFinSettings) -> Self {
        Self {
            enabled: settings.enabled,
            allowed_hosts: settings.allowed_hosts.clone(),
            client: http_client(),
        }
    }

    fn ensure_enabled(&self) -> Result<(), ProviderError> {
        if self.enabled {
            Ok(())
        } else {
            Err(ProviderError::NotConfigured(NAME))
        }
    }

    fn access(&self, credentials: &Value) -> Result<Access, ProviderError> {
        let stored: Credentials = credentials_as(credentials)?;
        let access = parse_access_url(&stored.access_url).ok_or_else(|| {
            ProviderError::Other("the stored SimpleFIN access URL is damaged".into())
        })?;
        // The allow-list may have shrunk since the connection was made.
        check_url(&self.allowed_hosts, &access.root)
            .map_err(|why| ProviderError::ReauthRequired(format!("reconnect SimpleFIN: {why}")))?;
        Ok(access)
    }

    /// `POST` the claim URL: the answer is the access URL, and the token is used up.
    async fn claim(&self, setup_token: &str) -> Result<String, ProviderError> {
        let claim_url = decode_setup_token(setup_token)?;
        check_url(&self.allowed_hosts, &claim_url).map_err(|why| {
            ProviderError::Rejected(format!("This SimpleFIN setup token cannot be used: {why}."))
        })?;
        // The Bridge wants `Content-Length: 0`; hyper leaves it out of an empty POST.
        let response = self
            .client
            .post(claim_url)
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::FORBIDDEN => {
                return Err(ProviderError::Rejected(
                    "This SimpleFIN setup token was already claimed or is not valid. If you did \
                     not claim it yourself, someone else may have: disable it at your SimpleFIN \
                     Bridge and create a new token."
                        .into(),
                ));
            }
            status => return Err(status_error(status, &response)),
        }
        // Not echoed anywhere: a well-formed answer is a secret, a malformed one may be too.
        let body = response.text().await?;
        let access_url = body.trim();
        let access = parse_access_url(access_url).ok_or_else(|| {
            ProviderError::Other("SimpleFIN did not answer the claim with an access URL".into())
        })?;
        check_url(&self.allowed_hosts, &access.root).map_err(|why| {
            ProviderError::Rejected(format!(
                "SimpleFIN gave an access URL that cannot be used: {why}."
            ))
        })?;
        Ok(access_url.to_string())
    }

    /// `GET {access}/accounts` with `query`, mapped to the documented errors.
    async fn account_set(
        &self,
        access: &Access,
        query: &[(&str, String)],
    ) -> Result<AccountSet, ProviderError> {
        let mut url = access.root.clone();
        let path = format!("{}/accounts", url.path().trim_end_matches('/'));
        url.set_path(&path);
        let response = self
            .client
            .get(url)
            .query(query)
            .basic_auth(&access.user, Some(&access.password))
            .send()
            .await?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::FORBIDDEN => {
                return Err(ProviderError::ReauthRequired(
                    "SimpleFIN access was revoked or is no longer valid: connect again with a new \
                     setup token"
                        .into(),
                ));
            }
            StatusCode::PAYMENT_REQUIRED => {
                return Err(ProviderError::ReauthRequired(
                    "your SimpleFIN Bridge subscription needs payment: renew it at the Bridge, \
                     then sync again"
                        .into(),
                ));
            }
            status => return Err(status_error(status, &response)),
        }
        let set: AccountSet = response.json().await.map_err(|e| {
            ProviderError::Other(format!(
                "SimpleFIN's answer is not an Account Set: {}",
                e.without_url()
            ))
        })?;
        check_errors(&set)?;
        Ok(set)
    }
}

#[async_trait]
impl BankProvider for SimpleFinProvider {
    fn id(&self) -> &'static str {
        "simplefin"
    }

    fn display_name(&self) -> &'static str {
        NAME
    }

    async fn connect(&self, _request: &ConnectRequest) -> Result<Started, ProviderError> {
        self.ensure_enabled()?;
        Ok(Started {
            step: ConnectStep::PasteToken,
            pending: json!({}),
            institution_name: Some(BRIDGE.into()),
        })
    }

    async fn complete(
        &self,
        _pending: &Value,
        token: Option<&str>,
    ) -> Result<Linked, ProviderError> {
        self.ensure_enabled()?;
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ProviderError::Rejected("Paste the setup token from your SimpleFIN Bridge.".into())
            })?;
        let access_url = self.claim(token).await?;
        // Nothing may fail after the claim: the token is spent, so the access URL must be kept.
        Ok(Linked {
            credentials: json!({ "access_url": access_url }),
            institution_id: None,
            institution_name: BRIDGE.into(),
        })
    }

    async fn accounts(&self, credentials: &Value) -> Result<Vec<ProviderAccount>, ProviderError> {
        self.ensure_enabled()?;
        let access = self.access(credentials)?;
        let set = self
            .account_set(&access, &[("balances-only", "1".into())])
            .await?;
        let mut accounts = Vec::with_capacity(set.accounts.len());
        for account in set.accounts.iter().filter(|a| keep(a)) {
            accounts.push(account.to_provider()?);
        }
        Ok(accounts)
    }

    async fn transactions(
        &self,
        credentials: &Value,
        from: SyncFrom<'_>,
    ) -> Result<SyncPage, ProviderError> {
        self.ensure_enabled()?;
        let access = self.access(credentials)?;
        let today = Utc::now().date_naive();
        let mut page = SyncPage {
            complete_since: Some(from.since),
            ..SyncPage::default()
        };
        // A pending row can come back in every window; the first one counts.
        let mut seen = HashSet::new();
        for (start, end) in windows(from.since, today) {
            let mut query = vec![("start-date", start.to_string())];
            if let Some(end) = end {
                query.push(("end-date", end.to_string()));
            }
            query.push(("pending", "1".into()));
            let set = self.account_set(&access, &query).await?;
            if !set.errors.is_empty() {
                // Some bank behind the Bridge is stale: a pending row missing from this answer
                // may still exist, so nothing is inferred from its absence.
                page.complete_since = None;
            }
            for account in set.accounts.iter().filter(|a| keep(a)) {
                for tx in &account.transactions {
                    if !seen.insert((account.id.clone(), tx.id.clone())) {
                        continue;
                    }
                    let line = tx.to_line(account, page.added.len() + 1, today)?;
                    page.added.push(ProviderTransaction {
                        account_id: account.id.clone(),
                        line,
                    });
                }
            }
        }
        Ok(page)
    }

    /// Access is revoked by the person at the Bridge; SimpleFIN has no call for it.
    async fn disconnect(&self, _credentials: &Value) -> Result<(), ProviderError> {
        Ok(())
    }
}

/// Accounts in a custom currency (miles, points) are not money Kakeibo can book.
fn keep(account: &wire::Account) -> bool {
    if !account.has_iso_currency() {
        tracing::warn!(
            account = %account.id,
            org = %account.org_name(),
            "skipping a SimpleFIN account in a custom currency"
        );
    }
    account.has_iso_currency()
}

/// `(start-date, end-date)` pairs covering `since` to now, each within the 90-day cap. The
/// last window has no end, so it reaches the newest rows.
fn windows(since: NaiveDate, today: NaiveDate) -> Vec<(i64, Option<i64>)> {
    let midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp()
    };
    let tomorrow = midnight(today.checked_add_days(Days::new(1)).unwrap_or(today));
    let mut start = midnight(since);
    let mut out = Vec::new();
    while tomorrow - start > WINDOW_SECS {
        out.push((start, Some(start + WINDOW_SECS)));
        start += WINDOW_SECS;
    }
    out.push((start, None));
    out
}

/// The documented way a 200 answer reports trouble: strings in `errors`. With accounts, the
/// data is still good (one bank of several may be stale); without any, the sync failed.
fn check_errors(set: &AccountSet) -> Result<(), ProviderError> {
    if set.errors.is_empty() {
        return Ok(());
    }
    let message = set
        .errors
        .iter()
        .map(|e| sanitize(e))
        .collect::<Vec<_>>()
        .join("; ");
    if !set.accounts.is_empty() {
        tracing::warn!(errors = %message, "SimpleFIN reported problems with some accounts");
        return Ok(());
    }
    let lower = message.to_lowercase();
    if ["rate limit", "rate-limit", "too many requests", "quota"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Err(ProviderError::RateLimited {
            message,
            retry_after: None,
        });
    }
    Err(ProviderError::InstitutionDown(message))
}

/// The spec asks apps to sanitize these strings before showing them.
fn sanitize(message: &str) -> String {
    let clean: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    clean.trim().to_string()
}

/// Statuses the protocol does not name; no body is quoted, it could echo credentials.
fn status_error(status: StatusCode, response: &Response) -> ProviderError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()?.trim().parse().ok())
            .map(Duration::from_secs);
        return ProviderError::RateLimited {
            message: "SimpleFIN asks to slow down (too many requests)".into(),
            retry_after,
        };
    }
    let message = format!("SimpleFIN answered {status}");
    if status.is_server_error() {
        ProviderError::InstitutionDown(message)
    } else {
        ProviderError::Other(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn short_ranges_are_one_open_window_and_long_ones_are_cut_at_90_days() {
        let today = date(2025, 6, 30);
        assert_eq!(
            windows(date(2025, 6, 1), today),
            vec![(1_748_736_000, None)]
        );
        let w = windows(date(2024, 6, 30), today);
        assert_eq!(w.len(), 5);
        assert!(w[..4].iter().all(|(s, e)| e.unwrap() - s == WINDOW_SECS));
        assert!(w.windows(2).all(|p| p[0].1 == Some(p[1].0)));
        // The open window ends at the end of today (2025-07-01 00:00 UTC).
        assert!(w[4].1.is_none() && 1_751_328_000 - w[4].0 <= WINDOW_SECS);
    }

    #[test]
    fn errors_without_accounts_fail_the_sync() {
        let set = |errors: &[&str]| AccountSet {
            errors: errors.iter().map(|e| e.to_string()).collect(),
            accounts: vec![],
        };
        assert!(check_errors(&set(&[])).is_ok());
        assert!(matches!(
            check_errors(&set(&["Connection to My Bank may need attention"])),
            Err(ProviderError::InstitutionDown(m)) if m == "Connection to My Bank may need attention"
        ));
        assert!(matches!(
            check_errors(&set(&["Daily request quota\u{7} exceeded"])),
            Err(ProviderError::RateLimited { message, .. }) if message == "Daily request quota  exceeded"
        ));
    }
}
