//! Institutions, and a connection's life: agreement and requisition, consent at the bank,
//! linked accounts, disconnecting.

use kakeibo_bank_sync::provider::gocardless::GoCardlessProvider;
use kakeibo_bank_sync::provider::{BankProvider, ConnectStep, ProviderError};
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, SANDBOX_INSTITUTION};

use super::{REDIRECT, day, linked, request, transactions_since};

#[tokio::test]
async fn institutions_are_listed_by_country() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    assert_eq!(provider.id(), "gocardless");
    assert!(GoCardlessProvider::is_configured(&fake.settings()));

    let german = provider.institutions(Some("de")).await?;
    let ids: Vec<&str> = german.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "N26_NTSBDEB1",
            "REVOLUT_REVOLT21",
            "SPARKASSE_BERLIN_BELADEBEXXX"
        ]
    );
    let n26 = &german[0];
    assert_eq!(n26.name, "N26 Bank");
    assert_eq!(n26.transaction_total_days, Some(730));
    assert!(n26.countries.contains(&"DE".to_string()));
    assert_eq!(
        n26.logo.as_deref(),
        Some("https://cdn-logos.gocardless.com/ais/N26_NTSBDEB1.png")
    );

    let french = provider.institutions(Some("FR")).await?;
    assert_eq!(french.len(), 3, "{french:?}");
    assert_eq!(french[2].transaction_total_days, Some(365));
    // The sandbox bank is listed under its own country code.
    let sandbox = provider.institutions(Some("XX")).await?;
    assert_eq!(sandbox[0].id, SANDBOX_INSTITUTION);
    assert_eq!(sandbox[0].transaction_total_days, Some(90));
    assert_eq!(provider.institutions(None).await?.len(), 5);
    Ok(())
}

#[tokio::test]
async fn connect_creates_an_agreement_and_a_requisition_link() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());

    let started = provider
        .connect(&request(Some(SANDBOX_INSTITUTION), "conn-42"))
        .await?;
    let ConnectStep::Redirect { url } = &started.step else {
        anyhow::bail!("not a redirect: {:?}", started.step);
    };
    assert_eq!(started.institution_name.as_deref(), Some("Sandbox Finance"));
    let requisition_id = started.pending["requisition_id"].as_str().unwrap();
    assert_eq!(started.pending["institution_id"], SANDBOX_INSTITUTION);
    assert_eq!(
        *url,
        format!(
            "{}/psd2/start/{requisition_id}/{SANDBOX_INSTITUTION}",
            fake.url()
        )
    );
    let requisition = fake.requisition(requisition_id).unwrap();
    assert_eq!(requisition["status"], "CR");
    assert_eq!(requisition["reference"], "conn-42");
    assert_eq!(requisition["redirect"], REDIRECT);
    assert_eq!(requisition["user_language"], "EN");
    let agreement = fake
        .agreement(requisition["agreement"].as_str().unwrap())
        .unwrap();
    assert_eq!(agreement["institution_id"], SANDBOX_INSTITUTION);
    assert_eq!(agreement["max_historical_days"], 90);
    assert_eq!(agreement["access_valid_for_days"], 90);
    assert_eq!(
        agreement["access_scope"],
        serde_json::json!(["balances", "details", "transactions"])
    );

    // A bank with two years of history gets two years; access stays at PSD2's 90 days.
    let n26 = provider
        .connect(&request(Some("N26_NTSBDEB1"), "conn-43"))
        .await?;
    let requisition = fake
        .requisition(n26.pending["requisition_id"].as_str().unwrap())
        .unwrap();
    let agreement = fake
        .agreement(requisition["agreement"].as_str().unwrap())
        .unwrap();
    assert_eq!(agreement["max_historical_days"], 730);
    assert_eq!(agreement["access_valid_for_days"], 90);

    let missing = provider
        .connect(&request(None, "conn-44"))
        .await
        .unwrap_err();
    assert!(matches!(missing, ProviderError::Rejected(_)), "{missing:?}");
    let unknown = provider
        .connect(&request(Some("NOPE_NOPE0000"), "conn-45"))
        .await
        .unwrap_err();
    assert!(
        matches!(&unknown, ProviderError::Rejected(m) if m.contains("NOPE_NOPE0000")),
        "{unknown:?}"
    );
    let injected = provider
        .connect(&request(Some("../token/new"), "conn-46"))
        .await
        .unwrap_err();
    assert!(
        matches!(injected, ProviderError::Rejected(_)),
        "{injected:?}"
    );
    Ok(())
}

#[tokio::test]
async fn complete_waits_for_consent_then_links_the_accounts() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let started = provider
        .connect(&request(Some(SANDBOX_INSTITUTION), "conn-7"))
        .await?;
    let ConnectStep::Redirect { url } = &started.step else {
        anyhow::bail!("not a redirect");
    };

    let early = provider.complete(&started.pending, None).await.unwrap_err();
    assert!(
        matches!(&early, ProviderError::Rejected(m) if m.contains("consent not finished")),
        "{early:?}"
    );

    let back = fake.consent(url).await;
    assert_eq!(back, format!("{REDIRECT}?ref=conn-7"));
    let linked = provider.complete(&started.pending, None).await?;
    assert_eq!(linked.institution_id.as_deref(), Some(SANDBOX_INSTITUTION));
    assert_eq!(linked.institution_name, "Sandbox Finance");
    assert_eq!(
        linked.credentials["requisition_id"],
        started.pending["requisition_id"]
    );
    assert_eq!(linked.credentials["institution_id"], SANDBOX_INSTITUTION);
    assert_eq!(
        linked.credentials["accounts"],
        serde_json::json!(fake.account_ids())
    );

    // The link works once; the bank says so on the way back.
    let again = fake.consent(url).await;
    assert!(again.contains("error=RequisitionLinkReused"), "{again}");
    Ok(())
}

#[tokio::test]
async fn disconnect_deletes_the_requisition() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let credentials = linked(&fake, &provider).await?;
    let requisition_id = credentials["requisition_id"].as_str().unwrap();
    assert!(fake.requisition(requisition_id).is_some());

    provider.disconnect(&credentials).await?;
    assert!(fake.requisition(requisition_id).is_none());
    assert_eq!(
        fake.count(&format!("DELETE /api/v2/requisitions/{requisition_id}/")),
        1
    );
    // The accounts are out of reach now, and a second disconnect has nothing left to do.
    let error = transactions_since(&provider, &credentials, day(30))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::ReauthRequired(_)),
        "{error:?}"
    );
    provider.disconnect(&credentials).await?;
    Ok(())
}
