//! The token pair's renewal, and each documented failure as the sync engine sees it.

use std::time::Duration;

use kakeibo_bank_sync::provider::gocardless::GoCardlessProvider;
use kakeibo_bank_sync::provider::{BankProvider, ConnectStep, ProviderError};
use kakeibo_tests::fake_banks::gocardless::{
    FakeFailure, FakeGoCardless, RATE_LIMIT_RESET_SECS, SANDBOX_INSTITUTION,
};
use secrecy::SecretString;

use super::{TOKEN_NEW, TOKEN_REFRESH, day, linked, request, transactions_since};

#[tokio::test]
async fn an_expired_access_token_is_renewed_with_the_refresh_token() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    fake.set_token_lifetimes(1, 3600);

    provider.institutions(Some("DE")).await?;
    provider.institutions(Some("DE")).await?;
    assert_eq!((fake.count(TOKEN_NEW), fake.count(TOKEN_REFRESH)), (1, 0));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(provider.institutions(Some("DE")).await?.len(), 3);
    assert_eq!((fake.count(TOKEN_NEW), fake.count(TOKEN_REFRESH)), (1, 1));

    // A token revoked early is answered 401 once, then renewed and the call repeated.
    fake.set_token_lifetimes(3600, 3600);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    provider.institutions(Some("DE")).await?;
    assert_eq!(fake.count(TOKEN_REFRESH), 2);
    fake.revoke_access_tokens();
    assert_eq!(provider.institutions(Some("DE")).await?.len(), 3);
    assert_eq!((fake.count(TOKEN_NEW), fake.count(TOKEN_REFRESH)), (1, 3));
    // Five answered, and the one refused with the revoked token.
    assert_eq!(fake.count("GET /api/v2/institutions/"), 6);
    Ok(())
}

#[tokio::test]
async fn an_expired_refresh_token_means_a_new_pair() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    fake.set_token_lifetimes(1, 1);

    provider.institutions(Some("DE")).await?;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    provider.institutions(Some("DE")).await?;
    assert_eq!((fake.count(TOKEN_NEW), fake.count(TOKEN_REFRESH)), (2, 0));
    Ok(())
}

#[tokio::test]
async fn an_expired_agreement_asks_to_reconnect() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let started = provider
        .connect(&request(Some(SANDBOX_INSTITUTION), "conn-9"))
        .await?;
    let ConnectStep::Redirect { url } = &started.step else {
        anyhow::bail!("not a redirect");
    };
    fake.consent(url).await;
    let credentials = provider.complete(&started.pending, None).await?.credentials;
    fake.expire_agreement();

    let accounts = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(accounts, ProviderError::ReauthRequired(_)),
        "{accounts:?}"
    );
    let rows = transactions_since(&provider, &credentials, day(30))
        .await
        .unwrap_err();
    assert!(
        matches!(&rows, ProviderError::ReauthRequired(m) if m.contains("has expired")),
        "{rows:?}"
    );
    assert!(!rows.is_transient());
    // The 401 was about the agreement, not the token: no token renewed for it.
    assert_eq!((fake.count(TOKEN_NEW), fake.count(TOKEN_REFRESH)), (1, 0));
    let complete = provider.complete(&started.pending, None).await.unwrap_err();
    assert!(
        matches!(complete, ProviderError::ReauthRequired(_)),
        "{complete:?}"
    );
    Ok(())
}

#[tokio::test]
async fn the_banks_rate_limit_says_when_to_retry() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let credentials = linked(&fake, &provider).await?;

    fake.fail_next(FakeFailure::RateLimited);
    let error = transactions_since(&provider, &credentials, day(30))
        .await
        .unwrap_err();
    let ProviderError::RateLimited {
        message,
        retry_after,
    } = &error
    else {
        anyhow::bail!("not rate limited: {error:?}");
    };
    assert_eq!(
        *retry_after,
        Some(Duration::from_secs(u64::from(RATE_LIMIT_RESET_SECS)))
    );
    assert!(message.contains("Daily request limit"), "{message}");
    assert!(error.is_transient());
    // Only that call failed: 9 booked and 2 pending in the main account, 1 in savings.
    let rows = transactions_since(&provider, &credentials, day(30)).await?;
    assert_eq!(rows.len(), 12);
    Ok(())
}

#[tokio::test]
async fn a_bank_that_is_down_is_retried_later() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let credentials = linked(&fake, &provider).await?;

    fake.fail_next(FakeFailure::InstitutionDown);
    let error = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(&error, ProviderError::InstitutionDown(m) if m.contains("Institution service unavailable")),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(provider.accounts(&credentials).await?.len(), 2);
    Ok(())
}

#[tokio::test]
async fn a_wrong_secret_is_a_clear_error() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let mut settings = fake.settings();
    settings.secret_key = SecretString::from("not-the-secret-key-0123456789");
    let provider = GoCardlessProvider::new(&settings);

    let error = provider.institutions(Some("DE")).await.unwrap_err();
    let ProviderError::Other(message) = &error else {
        anyhow::bail!("not a configuration error: {error:?}");
    };
    assert!(message.contains("secret_id/secret_key"), "{message}");
    assert!(message.contains("No active account found"), "{message}");
    assert!(!message.contains("not-the-secret-key"), "{message}");
    assert!(!message.contains(&settings.secret_id), "{message}");
    assert_eq!(fake.count(TOKEN_NEW), 1);
    assert_eq!(fake.count("GET /api/v2/institutions/"), 0);

    let mut unset = fake.settings();
    unset.secret_id = String::new();
    assert!(!GoCardlessProvider::is_configured(&unset));
    Ok(())
}
