//! The Plaid provider against the local Plaid: Link tokens, the public-token exchange,
//! balances, update mode, removal, and Plaid's documented errors in the engine's terms.
//! `sync`: transactions.

use chrono::{Duration, NaiveDate, Utc};
use kakeibo_bank_sync::provider::plaid::PlaidProvider;
use kakeibo_bank_sync::provider::{
    AccountKind, BankProvider, ConnectRequest, ConnectStep, ProviderError, ProviderTransaction,
    SyncFrom, SyncPage,
};
use kakeibo_tests::fake_banks::plaid::{FakeFailure, FakePlaid, INSTITUTION_ID, INSTITUTION_NAME};
use rust_decimal_macros::dec;
use secrecy::SecretString;
use serde_json::{Value, json};

mod sync;

const REDIRECT: &str = "https://kakeibo.example/banks/callback";

fn request(existing: Option<Value>) -> ConnectRequest {
    ConnectRequest {
        reference: "connection-7".into(),
        user_id: "user-42".into(),
        institution_id: None,
        redirect_url: REDIRECT.into(),
        existing,
    }
}

/// A provider and the credentials of an Item the person just linked.
async fn linked(fake: &FakePlaid) -> (PlaidProvider, Value) {
    let provider = PlaidProvider::new(&fake.settings());
    let public_token = fake.public_token().await;
    let linked = provider
        .complete(&json!({}), Some(&public_token))
        .await
        .expect("the public token exchanges");
    (provider, linked.credentials)
}

fn access_token(credentials: &Value) -> &str {
    credentials["access_token"].as_str().expect("access_token")
}

async fn sync(
    provider: &PlaidProvider,
    credentials: &Value,
    cursor: Option<&str>,
) -> Result<SyncPage, ProviderError> {
    let since = Utc::now().date_naive() - Duration::days(90);
    provider
        .transactions(credentials, SyncFrom { cursor, since })
        .await
}

fn ids(rows: &[ProviderTransaction]) -> Vec<String> {
    rows.iter()
        .map(|t| t.line.source_id.clone().expect("Plaid rows have ids"))
        .collect()
}

fn days_ago(n: i64) -> NaiveDate {
    Utc::now().date_naive() - Duration::days(n)
}

#[tokio::test]
async fn connect_creates_a_link_token_for_transactions() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let provider = PlaidProvider::new(&fake.settings());
    assert_eq!(provider.id(), "plaid");

    let started = provider.connect(&request(None)).await?;
    let ConnectStep::LinkToken {
        link_token,
        expiration,
    } = started.step
    else {
        panic!("Plaid connects through Link: {:?}", started.step);
    };
    assert!(link_token.starts_with("link-sandbox-"), "{link_token}");
    // Documented lifetime of a link token for a new Item: 4 hours.
    let left = expiration.expect("Plaid says when it expires") - Utc::now();
    assert!(
        left > Duration::minutes(235) && left <= Duration::hours(4),
        "{left}"
    );
    assert_eq!(started.pending, json!({}));
    assert_eq!(
        fake.last_request("/link/token/create"),
        Some(json!({
            "client_name": "Kakeibo",
            "language": "en",
            "country_codes": ["US"],
            "user": { "client_user_id": "user-42" },
            "products": ["transactions"],
            "redirect_uri": REDIRECT,
        }))
    );

    // Plaid only takes HTTPS redirect URIs; a local http one is left out.
    let mut local = request(None);
    local.redirect_url = "http://localhost:8080/banks/callback".into();
    provider.connect(&local).await?;
    let sent = fake.last_request("/link/token/create").expect("sent");
    assert!(sent.get("redirect_uri").is_none(), "{sent}");
    Ok(())
}

#[tokio::test]
async fn a_public_token_is_exchanged_once_for_an_access_token() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let provider = PlaidProvider::new(&fake.settings());
    let public_token = fake.public_token().await;

    let linked = provider.complete(&json!({}), Some(&public_token)).await?;
    assert!(access_token(&linked.credentials).starts_with("access-sandbox-"));
    assert_eq!(
        linked.credentials["item_id"].as_str().map(str::len),
        Some(37)
    );
    assert_eq!(linked.credentials.as_object().map(|o| o.len()), Some(2));
    assert_eq!(linked.institution_id.as_deref(), Some(INSTITUTION_ID));
    assert_eq!(linked.institution_name, INSTITUTION_NAME);

    // Public tokens are single-use.
    let again = provider.complete(&json!({}), Some(&public_token)).await;
    assert!(
        matches!(&again, Err(ProviderError::Rejected(m)) if m.contains("INVALID_PUBLIC_TOKEN")),
        "{again:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_bad_or_missing_public_token_is_rejected() {
    let fake = FakePlaid::start().await;
    let provider = PlaidProvider::new(&fake.settings());

    let bad = provider
        .complete(&json!({}), Some("public-sandbox-never-issued"))
        .await;
    match bad {
        Err(ProviderError::Rejected(m)) => {
            assert!(m.contains("could not find matching public token"), "{m}");
            assert!(m.contains("INVALID_PUBLIC_TOKEN"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let missing = provider.complete(&json!({}), None).await;
    assert!(
        matches!(missing, Err(ProviderError::Rejected(_))),
        "{missing:?}"
    );
    assert_eq!(fake.calls("/item/public_token/exchange"), 1);
}

#[tokio::test]
async fn accounts_have_balances_signed_as_kakeibo_signs_them() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;

    let accounts = provider.accounts(&credentials).await?;
    assert_eq!(accounts.len(), 2);
    let checking = &accounts[0];
    assert_eq!(
        (
            checking.name.as_str(),
            checking.kind,
            checking.currency.as_str()
        ),
        ("Plaid Checking", AccountKind::Checking, "USD")
    );
    assert_eq!(checking.mask.as_deref(), Some("0000"));
    assert_eq!(checking.current_balance, Some(dec!(4210.55)));
    assert_eq!(checking.available_balance, Some(dec!(4150.55)));
    assert_eq!(checking.id.len(), 37);

    // Plaid's card balance is the amount owed; Kakeibo's is what the person has.
    let card = &accounts[1];
    assert_eq!(
        (card.name.as_str(), card.kind, card.currency.as_str()),
        ("Plaid Credit Card", AccountKind::CreditCard, "USD")
    );
    assert_eq!(card.mask.as_deref(), Some("3333"));
    assert_eq!(card.current_balance, Some(dec!(-612.40)));
    assert_eq!(card.available_balance, Some(dec!(4387.60)));
    assert_ne!(card.id, checking.id);
    Ok(())
}

#[tokio::test]
async fn a_reset_login_needs_update_mode_which_keeps_the_access_token() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;
    fake.reset_login(access_token(&credentials)).await;

    let accounts = provider.accounts(&credentials).await;
    assert!(
        matches!(&accounts, Err(ProviderError::ReauthRequired(m)) if m.contains("ITEM_LOGIN_REQUIRED")),
        "{accounts:?}"
    );
    let page = sync(&provider, &credentials, None).await;
    assert!(
        matches!(page, Err(ProviderError::ReauthRequired(_))),
        "{page:?}"
    );
    assert!(!page.unwrap_err().is_transient());

    // Update mode: Link for the same Item, no products.
    let started = provider
        .connect(&request(Some(credentials.clone())))
        .await?;
    let ConnectStep::LinkToken {
        link_token,
        expiration,
    } = started.step
    else {
        panic!("{:?}", started.step);
    };
    let left = expiration.expect("expiration") - Utc::now();
    assert!(
        left > Duration::minutes(25) && left <= Duration::minutes(30),
        "{left}"
    );
    let sent = fake.last_request("/link/token/create").expect("sent");
    assert_eq!(
        sent["access_token"].as_str(),
        Some(access_token(&credentials))
    );
    assert!(sent.get("products").is_none(), "{sent}");
    assert_eq!(started.pending, credentials);

    // Not signed in again yet: still broken.
    let early = provider.complete(&started.pending, None).await;
    assert!(
        matches!(early, Err(ProviderError::ReauthRequired(_))),
        "{early:?}"
    );

    fake.finish_update_mode(&link_token);
    let relinked = provider.complete(&started.pending, None).await?;
    assert_eq!(relinked.credentials, credentials);
    assert_eq!(relinked.institution_name, INSTITUTION_NAME);
    assert_eq!(
        fake.calls("/item/public_token/exchange"),
        1,
        "no second exchange"
    );
    assert_eq!(provider.accounts(&credentials).await?.len(), 2);
    assert_eq!(sync(&provider, &credentials, None).await?.added.len(), 12);
    Ok(())
}

#[tokio::test]
async fn a_rate_limit_is_reported_and_retrying_later_works() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;

    fake.fail_next(FakeFailure::RateLimited);
    let err = sync(&provider, &credentials, None).await.unwrap_err();
    match &err {
        ProviderError::RateLimited { message, .. } => {
            assert!(message.contains("TRANSACTIONS_SYNC_LIMIT"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_transient());
    assert_eq!(sync(&provider, &credentials, None).await?.added.len(), 12);
    Ok(())
}

#[tokio::test]
async fn an_institution_outage_is_transient() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;

    fake.fail_next(FakeFailure::InstitutionDown);
    let err = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::InstitutionDown(m) if m.contains("INSTITUTION_DOWN")),
        "{err:?}"
    );
    assert!(err.is_transient());
    assert_eq!(provider.accounts(&credentials).await?.len(), 2);

    fake.fail_next(FakeFailure::LoginRequired);
    let err = sync(&provider, &credentials, None).await.unwrap_err();
    assert!(matches!(err, ProviderError::ReauthRequired(_)), "{err:?}");
    Ok(())
}

#[tokio::test]
async fn a_wrong_secret_is_a_clear_error_that_does_not_leak_it() {
    let fake = FakePlaid::start().await;
    let mut settings = fake.settings();
    settings.secret = SecretString::from("not-the-secret-9f8e7d");
    let provider = PlaidProvider::new(&settings);

    let err = provider.connect(&request(None)).await.unwrap_err();
    let ProviderError::Other(message) = &err else {
        panic!("{err:?}");
    };
    assert!(message.contains("INVALID_API_KEYS"), "{message}");
    assert!(message.contains("plaid.secret"), "{message}");
    assert!(!err.to_string().contains("not-the-secret-9f8e7d"));

    let err = provider
        .complete(&json!({}), Some("public-sandbox-x"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("INVALID_API_KEYS"), "{err}");
}

#[tokio::test]
async fn disconnect_removes_the_item_for_good() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;

    provider.disconnect(&credentials).await?;
    assert_eq!(fake.calls("/item/remove"), 1);
    assert_eq!(
        fake.last_request("/item/remove"),
        Some(json!({ "access_token": access_token(&credentials) }))
    );

    let err = provider.accounts(&credentials).await.unwrap_err();
    match &err {
        ProviderError::ReauthRequired(m) => {
            assert!(m.contains("ITEM_NOT_FOUND"), "{m}");
            assert!(!m.contains(access_token(&credentials)), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let page = sync(&provider, &credentials, None).await;
    assert!(
        matches!(page, Err(ProviderError::ReauthRequired(_))),
        "{page:?}"
    );
    // Removing what is already gone is not an error.
    provider.disconnect(&credentials).await?;
    Ok(())
}

#[tokio::test]
async fn plaid_needs_a_client_id_to_be_offered() {
    let fake = FakePlaid::start().await;
    assert!(PlaidProvider::is_configured(&fake.settings()));
    let mut settings = fake.settings();
    settings.client_id = "  ".into();
    assert!(!PlaidProvider::is_configured(&settings));
}

/// The fake answers malformed requests with Plaid's documented errors, so a provider
/// bug shows up as Plaid would show it.
#[tokio::test]
async fn the_fake_refuses_requests_as_plaid_documents() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let settings = fake.settings();
    let http = kakeibo_bank_sync::provider::http_client();
    let keys = |mut body: Value| {
        body["client_id"] = settings.client_id.clone().into();
        body["secret"] = secrecy::ExposeSecret::expose_secret(&settings.secret).into();
        body
    };
    let cases = [
        ("/transactions/sync", keys(json!({})), 400, "MISSING_FIELDS"),
        (
            "/transactions/sync",
            keys(json!({ "access_token": "access-sandbox-x", "count": 501 })),
            400,
            "INVALID_FIELD",
        ),
        (
            "/transactions/sync",
            keys(json!({ "access_token": "access-sandbox-x" })),
            400,
            "INVALID_ACCESS_TOKEN",
        ),
        (
            "/accounts/balance/get",
            keys(json!({ "access_token": "a", "colour": "blue" })),
            400,
            "UNKNOWN_FIELDS",
        ),
        (
            "/link/token/create",
            keys(
                json!({ "client_name": "K", "language": "en", "country_codes": ["US"],
            "user": { "client_user_id": "u" }, "products": ["balance"] }),
            ),
            400,
            "INVALID_PRODUCT",
        ),
        (
            "/item/get",
            json!({ "client_id": "nobody", "secret": "nothing", "access_token": "a" }),
            400,
            "INVALID_API_KEYS",
        ),
        ("/transactions/get/all", keys(json!({})), 404, "NOT_FOUND"),
    ];
    for (path, body, status, code) in cases {
        let response = http
            .post(format!("{}{path}", fake.url()))
            .json(&body)
            .send()
            .await?;
        assert_eq!(response.status().as_u16(), status, "{path} {body}");
        let error: Value = response.json().await?;
        assert_eq!(error["error_code"], code, "{path}: {error}");
        assert!(error["error_type"].is_string() && error["error_message"].is_string());
        assert_eq!(error["request_id"].as_str().map(str::len), Some(15));
    }
    let raw = http
        .post(format!("{}/item/get", fake.url()))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await?;
    let error: Value = raw.json().await?;
    assert_eq!(error["error_code"], "INVALID_BODY");
    Ok(())
}
