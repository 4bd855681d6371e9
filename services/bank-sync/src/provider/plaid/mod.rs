//! Plaid: the person links their bank in Plaid Link (opened with a link token from
//! `/link/token/create`), Link yields a public token, and `/item/public_token/exchange`
//! turns it into the Item's access token. Transactions come from `/transactions/sync`,
//! paged by cursor; a broken login is fixed with Link's update mode on the same Item.

mod api;
mod wire;

use async_trait::async_trait;
use kakeibo_core::config::PlaidSettings;
use serde_json::{Value, json};

use self::api::{CallError, Client, classify};
use self::wire::{
    BalanceGet, Credentials, Exchanged, InstitutionGet, ItemGet, LinkTokenCreated, Pending,
    SyncResponse,
};
use super::{
    BankProvider, ConnectRequest, ConnectStep, Linked, ProviderAccount, ProviderError, Started,
    SyncFrom, SyncPage, credentials_as, http_client,
};

/// The most `/transactions/sync` gives per call.
const SYNC_PAGE_SIZE: u32 = 500;
/// Times a sync starts over when Plaid's data changes while it pages (Plaid's documented
/// remedy for `TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION`); then the engine retries later.
const SYNC_RESTARTS: usize = 3;
const MUTATION_DURING_PAGINATION: &str = "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";
/// Shown when Plaid names no institution for an Item.
const FALLBACK_INSTITUTION: &str = "Plaid";

pub struct PlaidProvider {
    client: Client,
    country_codes: Vec<String>,
}

impl PlaidProvider {
    pub fn new(settings: &PlaidSettings) -> Self {
        Self {
            client: Client {
                http: http_client(),
                base_url: settings.base_url.trim_end_matches('/').to_string(),
                client_id: settings.client_id.clone(),
                secret: settings.secret.clone(),
            },
            country_codes: settings.country_codes.clone(),
        }
    }

    /// Plaid is offered only with keys in the configuration.
    pub fn is_configured(settings: &PlaidSettings) -> bool {
        !settings.client_id.trim().is_empty()
    }

    async fn item(&self, access_token: &str) -> Result<wire::Item, ProviderError> {
        let answer: ItemGet = self
            .client
            .call("/item/get", json!({ "access_token": access_token }))
            .await?;
        Ok(answer.item)
    }

    /// The bank's name: `/item/get` usually says; else `/institutions/get_by_id`.
    async fn institution_name(&self, item: &wire::Item) -> Result<String, ProviderError> {
        if let Some(name) = item.institution_name.as_ref().filter(|n| !n.is_empty()) {
            return Ok(name.clone());
        }
        let Some(id) = &item.institution_id else {
            return Ok(FALLBACK_INSTITUTION.into());
        };
        let answer: InstitutionGet = self
            .client
            .call(
                "/institutions/get_by_id",
                json!({ "institution_id": id, "country_codes": self.country_codes }),
            )
            .await?;
        Ok(answer.institution.name)
    }

    /// One pass over every page from `cursor`; `Err` with Plaid's code so the caller can
    /// restart on a mutation.
    async fn sync_pages(
        &self,
        access_token: &str,
        cursor: Option<&str>,
    ) -> Result<SyncPage, CallError> {
        let mut page = SyncPage::default();
        let mut cursor = cursor.map(str::to_string);
        loop {
            let mut body = json!({
                "access_token": access_token,
                "count": SYNC_PAGE_SIZE,
                "options": { "include_original_description": true },
            });
            if let Some(c) = &cursor {
                body["cursor"] = Value::from(c.as_str());
            }
            let answer: SyncResponse = self.client.call("/transactions/sync", body).await?;
            for t in answer.added {
                let line = page.added.len() + page.modified.len() + 1;
                page.added
                    .push(t.into_provider(line).map_err(CallError::Provider)?);
            }
            for t in answer.modified {
                let line = page.added.len() + page.modified.len() + 1;
                page.modified
                    .push(t.into_provider(line).map_err(CallError::Provider)?);
            }
            page.removed
                .extend(answer.removed.into_iter().map(|r| r.transaction_id));
            // An empty cursor means Plaid has nothing yet: keep the stored one.
            if !answer.next_cursor.is_empty() {
                cursor = Some(answer.next_cursor);
            }
            if !answer.has_more {
                page.next_cursor = cursor;
                return Ok(page);
            }
        }
    }
}

#[async_trait]
impl BankProvider for PlaidProvider {
    fn id(&self) -> &'static str {
        "plaid"
    }

    fn display_name(&self) -> &'static str {
        "Plaid"
    }

    async fn connect(&self, request: &ConnectRequest) -> Result<Started, ProviderError> {
        // Update mode needs the Item's access token. A connection whose Link was never
        // finished has none (its pending state is empty): it starts over with a new Item.
        let update = match &request.existing {
            Some(existing) => credentials_as::<Pending>(existing)?
                .access_token
                .map(|token| (token, existing.clone())),
            None => None,
        };
        let mut body = json!({
            "client_name": "Kakeibo",
            "language": "en",
            "country_codes": self.country_codes,
            "user": { "client_user_id": request.user_id },
        });
        match &update {
            // Update mode: Link signs the person in again to the same Item; products are
            // the Item's already.
            Some((token, _)) => body["access_token"] = Value::from(token.as_str()),
            None => body["products"] = json!(["transactions"]),
        }
        // Plaid only redirects (for OAuth banks) to registered HTTPS URIs.
        if request.redirect_url.starts_with("https://") {
            body["redirect_uri"] = Value::from(request.redirect_url.as_str());
        }
        let answer: LinkTokenCreated = self.client.call("/link/token/create", body).await?;
        let pending = update.map_or_else(|| json!({}), |(_, existing)| existing);
        Ok(Started {
            step: ConnectStep::LinkToken {
                link_token: answer.link_token,
                expiration: answer.expiration,
            },
            pending,
            institution_name: None,
        })
    }

    async fn complete(
        &self,
        pending: &Value,
        token: Option<&str>,
    ) -> Result<Linked, ProviderError> {
        let pending: Pending = credentials_as(pending)?;
        if let Some(access_token) = pending.access_token {
            // Update mode keeps the access token; the Item must be healthy again.
            let item = self.item(&access_token).await?;
            if let Some(error) = &item.error {
                return Err(classify(error, None));
            }
            let institution_name = self.institution_name(&item).await?;
            return Ok(Linked {
                credentials: serde_json::to_value(Credentials {
                    access_token,
                    item_id: pending.item_id.unwrap_or(item.item_id),
                })
                .expect("credentials serialize"),
                institution_id: item.institution_id,
                institution_name,
            });
        }

        let public_token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ProviderError::Rejected("Plaid Link gave no public token".into()))?;
        let exchanged: Exchanged = self
            .client
            .call(
                "/item/public_token/exchange",
                json!({ "public_token": public_token }),
            )
            .await?;
        // The Item exists now: a failed name lookup must not lose it.
        let (institution_id, institution_name) = match self.item(&exchanged.access_token).await {
            Ok(item) => {
                let name = self.institution_name(&item).await.unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "Plaid institution lookup failed");
                    FALLBACK_INSTITUTION.into()
                });
                (item.institution_id, name)
            }
            Err(e) => {
                tracing::warn!(error = %e, "Plaid /item/get failed after linking");
                (None, FALLBACK_INSTITUTION.into())
            }
        };
        Ok(Linked {
            credentials: serde_json::to_value(Credentials {
                access_token: exchanged.access_token,
                item_id: exchanged.item_id,
            })
            .expect("credentials serialize"),
            institution_id,
            institution_name,
        })
    }

    async fn accounts(&self, credentials: &Value) -> Result<Vec<ProviderAccount>, ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        let answer: BalanceGet = self
            .client
            .call(
                "/accounts/balance/get",
                json!({ "access_token": credentials.access_token }),
            )
            .await?;
        answer
            .accounts
            .into_iter()
            .map(wire::Account::into_provider)
            .collect()
    }

    async fn transactions(
        &self,
        credentials: &Value,
        from: SyncFrom<'_>,
    ) -> Result<SyncPage, ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        for _ in 0..SYNC_RESTARTS {
            // Every restart begins again at the cursor of the first page, as Plaid says.
            match self
                .sync_pages(&credentials.access_token, from.cursor)
                .await
            {
                Ok(page) => return Ok(page),
                Err(e) if e.code() == Some(MUTATION_DURING_PAGINATION) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(ProviderError::Other(format!(
            "Plaid's transactions kept changing while they were paged ({MUTATION_DURING_PAGINATION} \
             {SYNC_RESTARTS} times)"
        )))
    }

    async fn disconnect(&self, credentials: &Value) -> Result<(), ProviderError> {
        let credentials: Credentials = credentials_as(credentials)?;
        let answer: Result<Value, CallError> = self
            .client
            .call(
                "/item/remove",
                json!({ "access_token": credentials.access_token }),
            )
            .await;
        match answer {
            Ok(_) => Ok(()),
            // Already gone is what was asked for.
            Err(e) if e.code() == Some("ITEM_NOT_FOUND") => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
