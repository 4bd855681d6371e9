//! Connecting: the setup token, claimed once, and only on allowed hosts.

use super::*;

#[tokio::test]
async fn a_setup_token_claims_once_and_a_second_claim_is_rejected() {
    let fake = FakeSimpleFin::start().await;
    let provider = SimpleFinProvider::new(&fake.settings());
    let started = provider.connect(&ConnectRequest::default()).await.unwrap();
    assert_eq!(started.step, ConnectStep::PasteToken);
    assert_eq!(started.pending, json!({}));

    let token = fake.setup_token();
    let linked = provider
        .complete(&started.pending, Some(&token))
        .await
        .unwrap();
    assert_eq!(linked.institution_name, "SimpleFIN Bridge");
    let access_url = linked.credentials["access_url"].as_str().unwrap();
    let port = fake.port();
    assert!(access_url.starts_with("http://"), "{access_url}");
    assert!(
        access_url.ends_with(&format!("@127.0.0.1:{port}/simplefin")),
        "{access_url}"
    );

    let again = provider
        .complete(&started.pending, Some(&token))
        .await
        .unwrap_err();
    let ProviderError::Rejected(message) = again else {
        panic!("{again:?}")
    };
    assert!(message.contains("already claimed"), "{message}");

    let claims: Vec<u16> = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.status)
        .collect();
    assert_eq!(claims, [200, 403]);
}

#[tokio::test]
async fn a_disabled_provider_is_not_configured() {
    let fake = FakeSimpleFin::start().await;
    let mut settings = fake.settings();
    settings.enabled = false;
    let provider = SimpleFinProvider::new(&settings);
    let err = provider
        .connect(&ConnectRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::NotConfigured("SimpleFIN"));
    let err = provider
        .complete(&json!({}), Some(&fake.setup_token()))
        .await
        .unwrap_err();
    assert_eq!(err, ProviderError::NotConfigured("SimpleFIN"));
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn garbage_setup_tokens_are_rejected_with_a_clear_message() {
    let fake = FakeSimpleFin::start().await;
    let provider = SimpleFinProvider::new(&fake.settings());
    let cases = [
        ("not base64 at all!", "not a SimpleFIN setup token"),
        (
            &*STANDARD.encode("hello, this is no URL"),
            "does not contain a claim URL",
        ),
        ("   ", "Paste the setup token"),
    ];
    for (token, expected) in cases {
        let err = provider
            .complete(&json!({}), Some(token))
            .await
            .unwrap_err();
        let ProviderError::Rejected(message) = &err else {
            panic!("{token}: {err:?}")
        };
        assert!(message.contains(expected), "{token}: {message}");
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn tokens_for_hosts_not_allowed_are_rejected_without_calling_them() {
    let fake = FakeSimpleFin::start().await;
    let provider = SimpleFinProvider::new(&fake.settings());
    // The same server under another name: reachable, but not on the allow-list.
    let claim_url = String::from_utf8(STANDARD.decode(fake.setup_token()).unwrap()).unwrap();
    let as_localhost = STANDARD.encode(claim_url.replace("127.0.0.1", "localhost"));
    let err = provider
        .complete(&json!({}), Some(&as_localhost))
        .await
        .unwrap_err();
    let ProviderError::Rejected(message) = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.contains("\"localhost\" is not a SimpleFIN server"),
        "{message}"
    );

    let metadata = STANDARD.encode("http://169.254.169.254/latest/meta-data/");
    let err = provider
        .complete(&json!({}), Some(&metadata))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ProviderError::Rejected(m) if m.contains("169.254.169.254")),
        "{err:?}"
    );
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());

    // An allowed host that is not loopback still needs https.
    let bridge = SimpleFinProvider::new(&kakeibo_core::config::SimpleFinSettings {
        enabled: true,
        allowed_hosts: vec!["bridge.simplefin.org".into()],
    });
    let plain = STANDARD.encode("http://bridge.simplefin.org/simplefin/claim/abc");
    let err = bridge.complete(&json!({}), Some(&plain)).await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::Rejected(m) if m.contains("must use https")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_stored_access_url_on_a_host_no_longer_allowed_is_not_called() {
    let fake = FakeSimpleFin::start().await;
    let (_, credentials) = linked(&fake).await;
    let mut settings = fake.settings();
    settings.allowed_hosts = vec!["bridge.simplefin.org".into()];
    let provider = SimpleFinProvider::new(&settings);

    let err = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::ReauthRequired(m) if m.contains("127.0.0.1")),
        "{err:?}"
    );
    assert!(accounts_requests(&fake).is_empty());
    // Nothing to revoke at SimpleFIN: disconnecting calls nobody.
    provider.disconnect(&credentials).await.unwrap();
    assert_eq!(fake.requests().len(), 1, "only the claim");
}
