//! GoCardless Bank Account Data (formerly Nordigen): European banks through PSD2.
//!
//! Connecting (docs "Quickstart"): read the bank's limits (`GET /institutions/{id}/`), create
//! an end-user agreement for them (`POST /agreements/enduser/`), then a requisition
//! (`POST /requisitions/`) whose `link` is the bank's consent page. After consenting the person
//! comes back to the redirect with `?ref=<reference>`, and the requisition's status says
//! whether accounts were linked (`LN`). Credentials are the requisition and its account ids;
//! each sync reads `/accounts/{id}/…`, which the bank may allow only a few times a day.

mod api;
mod errors;
mod wire;

use async_trait::async_trait;
use kakeibo_core::config::GoCardlessSettings;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use self::api::Api;
use self::wire::{
    AccountMeta, BalancesJson, Created, DetailsJson, InstitutionJson, RequisitionJson,
    TransactionsJson,
};
use crate::provider::{
    BankProvider, ConnectRequest, ConnectStep, Institution, Linked, ProviderAccount, ProviderError,
    ProviderTransaction, Started, SyncFrom, SyncPage, credentials_as,
};

/// History asked for when the bank does not say (the API's own default).
const DEFAULT_DAYS: u32 = 90;
/// The most history an agreement may ask for (24 months).
const MAX_HISTORICAL_DAYS: u32 = 730;
/// PSD2's default consent length; longer only where the bank allows it and reconfirms.
const ACCESS_VALID_FOR_DAYS: u32 = 90;

pub struct GoCardlessProvider {
    api: Api,
}

/// What `complete` needs, stored sealed between `connect` and the person's return.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    requisition_id: String,
    institution_id: String,
    #[serde(default)]
    institution_name: Option<String>,
}

/// What a linked connection stores (sealed).
#[derive(Debug, Serialize, Deserialize)]
struct Credentials {
    requisition_id: String,
    accounts: Vec<String>,
    institution_id: String,
}

impl GoCardlessProvider {
    pub fn new(settings: &GoCardlessSettings) -> Self {
        Self {
            api: Api::new(
                &settings.base_url,
                &settings.secret_id,
                &settings.secret_key,
            ),
        }
    }

    /// GoCardless is offered only when the server has user secrets.
    pub fn is_configured(settings: &GoCardlessSettings) -> bool {
        !settings.secret_id.trim().is_empty()
    }
}

/// An id placed in a URL path. Institution ids come from the person, so nothing that could
/// change the path (`/`, `..`, `?`) gets through; GoCardless ids are UUIDs or `NAME_BIC`.
fn segment(id: &str) -> Result<&str, ProviderError> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(id)
    } else {
        Err(ProviderError::Rejected(format!(
            "{id:?} is not a GoCardless id"
        )))
    }
}

#[async_trait]
impl BankProvider for GoCardlessProvider {
    fn id(&self) -> &'static str {
        "gocardless"
    }

    fn display_name(&self) -> &'static str {
        "GoCardless"
    }

    async fn institutions(&self, country: Option<&str>) -> Result<Vec<Institution>, ProviderError> {
        let query: Vec<(&str, String)> = country
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| vec![("country", c.to_ascii_uppercase())])
            .unwrap_or_default();
        let list: Vec<InstitutionJson> = self.api.get("/institutions/", &query).await?;
        Ok(list
            .into_iter()
            .map(InstitutionJson::into_institution)
            .collect())
    }

    async fn connect(&self, request: &ConnectRequest) -> Result<Started, ProviderError> {
        let institution_id = request
            .institution_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ProviderError::Rejected("choose the bank to connect".into()))?;
        let institution: InstitutionJson = self
            .api
            .get(&format!("/institutions/{}/", segment(institution_id)?), &[])
            .await
            .map_err(|e| match e {
                ProviderError::Rejected(_) => ProviderError::Rejected(format!(
                    "GoCardless does not offer the bank {institution_id:?}"
                )),
                other => other,
            })?;
        // Ask for all the history and access the bank gives, within what an agreement allows.
        let max_historical_days = institution
            .total_days()
            .unwrap_or(DEFAULT_DAYS)
            .min(MAX_HISTORICAL_DAYS);
        let access_valid_for_days = institution
            .max_access_days()
            .unwrap_or(ACCESS_VALID_FOR_DAYS)
            .min(ACCESS_VALID_FOR_DAYS);
        let agreement: Created = self
            .api
            .post(
                "/agreements/enduser/",
                &json!({
                    "institution_id": institution.id,
                    "max_historical_days": max_historical_days,
                    "access_valid_for_days": access_valid_for_days,
                    "access_scope": ["balances", "details", "transactions"],
                }),
            )
            .await?;
        let requisition: RequisitionJson = self
            .api
            .post(
                "/requisitions/",
                &json!({
                    "redirect": request.redirect_url,
                    "institution_id": institution.id,
                    "reference": request.reference,
                    "agreement": agreement.id,
                    "user_language": "EN",
                }),
            )
            .await?;
        let url = requisition.link.filter(|l| !l.is_empty()).ok_or_else(|| {
            ProviderError::Other("GoCardless created a requisition without a link".into())
        })?;
        let pending = Pending {
            requisition_id: requisition.id,
            institution_id: institution.id,
            institution_name: Some(institution.name.clone()),
        };
        Ok(Started {
            step: ConnectStep::Redirect { url },
            pending: json!(pending),
            institution_name: Some(institution.name),
        })
    }

    async fn complete(
        &self,
        pending: &Value,
        _token: Option<&str>,
    ) -> Result<Linked, ProviderError> {
        let pending: Pending = credentials_as(pending)?;
        let path = format!("/requisitions/{}/", segment(&pending.requisition_id)?);
        let requisition: RequisitionJson = self.api.get(&path, &[]).await?;
        // Statuses: docs "Statuses and Error Codes"; SU is in the API's enum, not that table.
        let not_yet = |what: &str| {
            ProviderError::Rejected(format!(
                "consent not finished: {what}; finish it at the bank, then try again"
            ))
        };
        match requisition.status.as_str() {
            "LN" => {}
            "CR" => return Err(not_yet("the bank's consent page was not opened yet")),
            "GC" => return Err(not_yet("still on GoCardless's consent screen")),
            "UA" => return Err(not_yet("still signing in at the bank")),
            "SA" => return Err(not_yet("still choosing accounts at the bank")),
            "GA" => return Err(not_yet("still granting access at the bank")),
            "RJ" => {
                return Err(ProviderError::Rejected(
                    "the bank rejected the sign-in (wrong credentials, or the identity check \
                     failed); connect again"
                        .into(),
                ));
            }
            "EX" => {
                return Err(ProviderError::ReauthRequired(
                    "the access agreed with the bank has expired; connect again".into(),
                ));
            }
            "SU" => {
                return Err(ProviderError::ReauthRequired(
                    "GoCardless suspended this connection after repeated errors; connect again"
                        .into(),
                ));
            }
            other => {
                return Err(ProviderError::Other(format!(
                    "GoCardless answered an undocumented requisition status {other:?}"
                )));
            }
        }
        if requisition.accounts.is_empty() {
            return Err(ProviderError::Rejected(
                "no account was shared at the bank; connect again and choose at least one".into(),
            ));
        }
        let credentials = Credentials {
            requisition_id: requisition.id,
            accounts: requisition.accounts,
            institution_id: pending.institution_id.clone(),
        };
        Ok(Linked {
            credentials: json!(credentials),
            institution_name: pending
                .institution_name
                .unwrap_or_else(|| pending.institution_id.clone()),
            institution_id: Some(pending.institution_id),
        })
    }

    async fn accounts(&self, credentials: &Value) -> Result<Vec<ProviderAccount>, ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        let mut accounts = Vec::with_capacity(credentials.accounts.len());
        for id in &credentials.accounts {
            let base = format!("/accounts/{}/", segment(id)?);
            // The metadata call does not reach the bank, so it is checked before the two that
            // do (and count against the bank's few calls a day).
            let meta: AccountMeta = self.api.get(&base, &[]).await?;
            match meta.status.as_deref() {
                Some("EXPIRED") => {
                    return Err(ProviderError::ReauthRequired(
                        "the access agreed with the bank has expired".into(),
                    ));
                }
                Some("SUSPENDED") => {
                    return Err(ProviderError::ReauthRequired(
                        "GoCardless suspended this account after repeated errors".into(),
                    ));
                }
                // GoCardless advises against retrying an ERROR account at once.
                Some("ERROR") => {
                    return Err(ProviderError::InstitutionDown(
                        "GoCardless reports an error with this account; trying later".into(),
                    ));
                }
                _ => {}
            }
            let details: DetailsJson = self.api.get(&format!("{base}details/"), &[]).await?;
            let balances: BalancesJson = self.api.get(&format!("{base}balances/"), &[]).await?;
            accounts.push(wire::account(
                id,
                meta,
                details.account,
                &balances.balances,
            )?);
        }
        Ok(accounts)
    }

    async fn transactions(
        &self,
        credentials: &Value,
        from: SyncFrom<'_>,
    ) -> Result<SyncPage, ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        let date_from = from.since.format("%Y-%m-%d").to_string();
        let mut added = Vec::new();
        for id in &credentials.accounts {
            let path = format!("/accounts/{}/transactions/", segment(id)?);
            let answer: TransactionsJson = self
                .api
                .get(&path, &[("date_from", date_from.clone())])
                .await?;
            let rows = answer.transactions.booked.into_iter().map(|t| (t, false));
            let rows = rows.chain(answer.transactions.pending.into_iter().map(|t| (t, true)));
            for (n, (row, pending)) in rows.enumerate() {
                match row.into_line(n + 1, pending)? {
                    Some(line) => added.push(ProviderTransaction {
                        account_id: id.clone(),
                        line,
                    }),
                    None => {
                        tracing::warn!(account = %id, row = n + 1, "GoCardless row without a date skipped")
                    }
                }
            }
        }
        // The API has no cursor or change feed: rows since the date, every time; the matcher
        // recognises rows already stored and pending rows that posted.
        Ok(SyncPage {
            added,
            complete_since: Some(from.since),
            ..SyncPage::default()
        })
    }

    async fn disconnect(&self, credentials: &Value) -> Result<(), ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        let path = format!("/requisitions/{}/", segment(&credentials.requisition_id)?);
        match self.api.delete(&path).await {
            // Already gone at GoCardless: nothing left to revoke.
            Ok(_) | Err(ProviderError::Rejected(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
