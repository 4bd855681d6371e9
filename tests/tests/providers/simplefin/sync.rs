//! Syncing: balances, transactions by date window, and how failures are reported.

use super::*;

#[tokio::test]
async fn accounts_come_with_signed_balances_and_custom_currencies_are_skipped() {
    let fake = FakeSimpleFin::start().await;
    fake.add_account(
        "ACT-miles",
        "SkyMiles",
        "https://www.example.com/flight-miles",
        dec!(52310),
    );
    let (provider, credentials) = linked(&fake).await;

    let accounts = provider.accounts(&credentials).await.unwrap();
    let summary: Vec<_> = accounts
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.name.as_str(),
                a.kind,
                a.currency.as_str(),
                a.current_balance,
                a.available_balance,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                CHECKING_ID,
                "Everyday Checking",
                AccountKind::Checking,
                "USD",
                Some(dec!(2412.37)),
                Some(dec!(2350.12))
            ),
            (
                CARD_ID,
                "Rewards Visa Credit Card",
                AccountKind::CreditCard,
                "USD",
                Some(dec!(-684.20)),
                Some(dec!(4315.80))
            ),
        ]
    );
    let requests = accounts_requests(&fake);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("balances-only"), Some("1"));
    assert_eq!(requests[0].status, 200);
}

#[tokio::test]
async fn transactions_since_a_date_keep_signs_and_flag_pending_rows() {
    let fake = FakeSimpleFin::start().await;
    let (provider, credentials) = linked(&fake).await;
    let from = days_before(&fake, 10);

    let page = provider
        .transactions(&credentials, since(from))
        .await
        .unwrap();
    let rows: BTreeMap<&str, _> = page
        .added
        .iter()
        .map(|t| {
            let l = &t.line;
            let key = l.source_id.as_deref().unwrap();
            (
                key,
                (
                    t.account_id.as_str(),
                    l.booked_on,
                    l.amount,
                    l.payee.as_str(),
                    l.description.as_str(),
                    l.pending,
                ),
            )
        })
        .collect();
    let day = |n| days_before(&fake, n);
    let expected = BTreeMap::from([
        (
            "TRN-chk-0001",
            (
                CHECKING_ID,
                day(1),
                dec!(-62.25),
                "Whole Foods Market",
                "WHOLE FOODS MKT #10234 SEATTLE WA",
                true,
            ),
        ),
        (
            "TRN-chk-0002",
            (
                CHECKING_ID,
                day(3),
                dec!(2450.00),
                "Acme Corp",
                "ACH DEPOSIT ACME CORP PAYROLL",
                false,
            ),
        ),
        (
            "TRN-chk-0003",
            (
                CHECKING_ID,
                day(5),
                dec!(-84.17),
                "Safeway",
                "Card ending 4821",
                false,
            ),
        ),
        (
            "TRN-card-0001",
            (
                CARD_ID,
                day(2),
                dec!(-39.99),
                "Amazon",
                "AMAZON MKTPLACE PMTS",
                false,
            ),
        ),
        (
            "TRN-card-0002",
            (
                CARD_ID,
                day(8),
                dec!(-48.61),
                "Shell",
                "SHELL OIL 57442",
                false,
            ),
        ),
    ]);
    assert_eq!(rows, expected);
    assert!(
        page.added
            .iter()
            .all(|t| t.line.currency.as_deref() == Some("USD"))
    );
    let mut lines: Vec<usize> = page.added.iter().map(|t| t.line.source_line).collect();
    lines.sort();
    assert_eq!(lines, [1, 2, 3, 4, 5]);
    assert_eq!(
        (page.modified.len(), page.removed.len(), page.next_cursor),
        (0, 0, None)
    );

    let requests = accounts_requests(&fake);
    assert_eq!(requests.len(), 1);
    let start = midnight(from).to_string();
    assert_eq!(requests[0].param("start-date"), Some(start.as_str()));
    assert_eq!(requests[0].param("end-date"), None);
    assert_eq!(requests[0].param("pending"), Some("1"));
}

#[tokio::test]
async fn long_ranges_are_paged_in_90_day_windows() {
    let fake = FakeSimpleFin::start().await;
    let added = fake.add_transaction(
        CHECKING_ID,
        days_before(&fake, 95),
        dec!(-19.99),
        "NETFLIX.COM",
    );
    let (provider, credentials) = linked(&fake).await;
    let from = days_before(&fake, 200);

    let page = provider
        .transactions(&credentials, since(from))
        .await
        .unwrap();
    let mut ids: Vec<&str> = page
        .added
        .iter()
        .map(|t| t.line.source_id.as_deref().unwrap())
        .collect();
    ids.sort();
    let mut all: Vec<String> = [CHECKING_ID, CARD_ID]
        .iter()
        .flat_map(|a| fake.transactions(a))
        .map(|t| t.id)
        .collect();
    all.sort();
    assert_eq!(ids, all, "every row, the pending one once");
    assert!(
        ids.contains(&"TRN-card-0004")
            && ids.contains(&"TRN-chk-0008")
            && ids.contains(&added.as_str())
    );
    let old = page
        .added
        .iter()
        .find(|t| t.line.source_id.as_deref() == Some("TRN-card-0004"))
        .unwrap();
    assert_eq!(
        (old.line.amount, old.line.booked_on),
        (dec!(-412.80), days_before(&fake, 150))
    );

    let requests = accounts_requests(&fake);
    let windows: Vec<(i64, Option<i64>)> = requests
        .iter()
        .map(|r| {
            (
                r.param("start-date").unwrap().parse().unwrap(),
                r.param("end-date").map(|e| e.parse().unwrap()),
            )
        })
        .collect();
    let start = midnight(from);
    assert_eq!(
        windows,
        [
            (start, Some(start + MAX_RANGE_SECS)),
            (start + MAX_RANGE_SECS, Some(start + 2 * MAX_RANGE_SECS)),
            (start + 2 * MAX_RANGE_SECS, None),
        ]
    );
}

#[tokio::test]
async fn revoked_access_requires_reconnecting() {
    let fake = FakeSimpleFin::start().await;
    let (provider, credentials) = linked(&fake).await;
    assert_eq!(provider.accounts(&credentials).await.unwrap().len(), 2);
    fake.revoke_access();

    let err = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::ReauthRequired(m) if m.contains("revoked")),
        "{err:?}"
    );
    let err = provider
        .transactions(&credentials, since(fake.today()))
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::ReauthRequired(_)), "{err:?}");
    assert!(!err.is_transient());
    let statuses: Vec<u16> = accounts_requests(&fake).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 403, 403]);
}

#[tokio::test]
async fn documented_failures_map_to_what_the_sync_engine_acts_on() {
    let fake = FakeSimpleFin::start().await;
    let (provider, credentials) = linked(&fake).await;

    fake.fail_next(FakeFailure::BankNeedsAttention);
    let err = provider.accounts(&credentials).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::InstitutionDown(
            "Connection to Cascade Federal Credit Union may need attention".into()
        )
    );

    fake.fail_next(FakeFailure::RateLimited);
    let err = provider
        .transactions(&credentials, since(fake.today()))
        .await
        .unwrap_err();
    let ProviderError::RateLimited { retry_after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(3600)));

    fake.fail_next(FakeFailure::PaymentRequired);
    let err = provider.accounts(&credentials).await.unwrap_err();
    assert!(
        matches!(&err, ProviderError::ReauthRequired(m) if m.contains("payment")),
        "{err:?}"
    );

    fake.fail_next(FakeFailure::Unavailable);
    let err = provider.accounts(&credentials).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::InstitutionDown("SimpleFIN answered 503 Service Unavailable".into())
    );

    // Each failure was one answer; the next sync works again.
    assert_eq!(provider.accounts(&credentials).await.unwrap().len(), 2);
}

#[tokio::test]
async fn errors_never_reveal_the_access_credentials() {
    let fake = FakeSimpleFin::start().await;
    let (provider, credentials) = linked(&fake).await;
    let access_url = credentials["access_url"].as_str().unwrap().to_string();
    let userinfo = access_url
        .trim_start_matches("http://")
        .split('@')
        .next()
        .unwrap();
    let (user, password) = userinfo.split_once(':').unwrap();

    let mut errors = Vec::new();
    for failure in [
        FakeFailure::BankNeedsAttention,
        FakeFailure::RateLimited,
        FakeFailure::PaymentRequired,
        FakeFailure::Unavailable,
    ] {
        fake.fail_next(failure);
        errors.push(provider.accounts(&credentials).await.unwrap_err());
    }
    fake.revoke_access();
    errors.push(
        provider
            .transactions(&credentials, since(fake.today()))
            .await
            .unwrap_err(),
    );
    // A server that stopped answering: the network error names the request, not the secret.
    let gone = json!({ "access_url": access_url.replace(&fake.port().to_string(), "9") });
    errors.push(provider.accounts(&gone).await.unwrap_err());

    assert_eq!(errors.len(), 6);
    for err in &errors {
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(password) && !text.contains(user), "{text}");
        }
    }
}
