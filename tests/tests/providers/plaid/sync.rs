//! `/transactions/sync` through the provider: the first sync, cursors, exactly the
//! changes since a cursor (signs flipped, pending rows posting under new ids), paging
//! past 500 rows, and restarting when Plaid's data changes mid-pagination.

use chrono::Utc;
use kakeibo_bank_sync::provider::{BankProvider, SyncPage};
use kakeibo_tests::fake_banks::plaid::{FakeAccount, FakePlaid, NewTransaction};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{days_ago, ids, linked, sync};

#[tokio::test]
async fn the_first_sync_returns_everything_and_the_next_nothing() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;
    let accounts = provider.accounts(&credentials).await?;
    let (checking, card) = (&accounts[0].id, &accounts[1].id);

    let first = sync(&provider, &credentials, None).await?;
    assert_eq!(first.added.len(), 12);
    assert!(first.modified.is_empty() && first.removed.is_empty());
    let lines: Vec<usize> = first.added.iter().map(|t| t.line.source_line).collect();
    assert_eq!(lines, (1..=12).collect::<Vec<_>>());
    // Plaid's positive amounts are money out: every sign flips.
    let plaid_total: Decimal = fake.transactions().iter().map(|t| t.amount).sum();
    let total: Decimal = first.added.iter().map(|t| t.line.amount).sum();
    assert_eq!(total, -plaid_total);

    let find = |payee: &str| {
        first
            .added
            .iter()
            .find(|t| t.line.payee == payee)
            .unwrap_or_else(|| panic!("no {payee}"))
    };
    let groceries = find("Whole Foods Market");
    assert_eq!(&groceries.account_id, checking);
    assert_eq!(groceries.line.amount, dec!(-84.27));
    assert_eq!(
        groceries.line.description,
        "WHOLE FOODS MKT #10234 NEW YORK NY"
    );
    // The posting date, not the (earlier) authorized date.
    assert_eq!(groceries.line.booked_on, days_ago(14));
    assert_eq!(groceries.line.currency.as_deref(), Some("USD"));
    assert!(!groceries.line.pending);
    assert_eq!(
        groceries.line.source_id.as_deref(),
        Some(
            fake.transaction_named("Whole Foods Market")
                .transaction_id
                .as_str()
        )
    );

    // No merchant: the payee is Plaid's name.
    let pay = find("ACME CORP PAYROLL");
    assert_eq!(pay.line.amount, dec!(2500.00));
    assert_eq!(pay.line.description, "ACME CORP PAYROLL PPD ID: 9876543210");

    let fuel = find("Shell");
    assert_eq!(&fuel.account_id, card);
    assert_eq!(fuel.line.amount, dec!(-38.12));
    assert!(fuel.line.pending);
    assert_eq!(find("PAYMENT THANK YOU").line.amount, dec!(500.00));

    let cursor = first.next_cursor.expect("a cursor to store");
    assert!(!cursor.is_empty());
    let second = sync(&provider, &credentials, Some(&cursor)).await?;
    assert_eq!(
        (
            second.added.len(),
            second.modified.len(),
            second.removed.len()
        ),
        (0, 0, 0)
    );
    assert!(second.next_cursor.is_some());
    Ok(())
}

#[tokio::test]
async fn a_sync_after_changes_returns_exactly_those_changes() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;
    let accounts = provider.accounts(&credentials).await?;
    let cursor = sync(&provider, &credentials, None)
        .await?
        .next_cursor
        .expect("cursor");
    let today = Utc::now().date_naive();

    let coffee = fake.add_transaction(
        NewTransaction::new(
            FakeAccount::Checking,
            dec!(23.50),
            today,
            "Blue Bottle Coffee",
        )
        .merchant("Blue Bottle"),
    );
    let groceries = fake.transaction_named("Whole Foods Market").transaction_id;
    fake.modify_transaction(&groceries, |t| t.amount = dec!(90.00));
    // The pending fuel posts with the tip-free final amount, under a new id.
    let pending = fake.transaction_named("Shell").transaction_id;
    let posted = fake.post_pending(&pending, today, Some(dec!(40.00)));
    assert_ne!(posted, pending);

    let page = sync(&provider, &credentials, Some(&cursor)).await?;
    assert_eq!(ids(&page.added), vec![coffee, posted]);
    assert_eq!(ids(&page.modified), vec![groceries]);
    assert_eq!(page.removed, vec![pending]);

    let new = &page.added[0].line;
    assert_eq!(
        (new.amount, new.payee.as_str(), new.description.as_str()),
        (dec!(-23.50), "Blue Bottle", "BLUE BOTTLE COFFEE")
    );
    assert_eq!(page.added[0].account_id, accounts[0].id);
    let fuel = &page.added[1];
    assert_eq!(fuel.account_id, accounts[1].id);
    assert_eq!(
        (fuel.line.amount, fuel.line.booked_on, fuel.line.pending),
        (dec!(-40.00), today, false)
    );
    let changed = &page.modified[0].line;
    assert_eq!(
        (changed.amount, changed.booked_on),
        (dec!(-90.00), days_ago(14))
    );

    let next = page.next_cursor.expect("cursor");
    assert_ne!(next, cursor);
    assert_eq!(
        sync(&provider, &credentials, Some(&next)).await?,
        SyncPage {
            next_cursor: Some(next.clone()),
            ..Default::default()
        }
    );
    Ok(())
}

#[tokio::test]
async fn more_than_a_page_is_fetched_page_by_page() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;
    let cursor = sync(&provider, &credentials, None)
        .await?
        .next_cursor
        .expect("cursor");
    let added: Vec<String> = (0..1200)
        .map(|n| {
            fake.add_transaction(NewTransaction::new(
                FakeAccount::CreditCard,
                Decimal::new(100 + n, 2),
                days_ago(n % 30),
                &format!("Corner Store {n}"),
            ))
        })
        .collect();

    let page = sync(&provider, &credentials, Some(&cursor)).await?;
    // 500 + 500 + 200, one call each, after the first sync's single call.
    assert_eq!(fake.calls("/transactions/sync"), 4);
    assert_eq!(ids(&page.added), added);
    assert_eq!(page.added[1199].line.amount, dec!(-12.99));
    assert_eq!(page.added[1199].line.source_line, 1200);
    assert!(page.modified.is_empty() && page.removed.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_change_while_paging_restarts_from_the_first_cursor() -> anyhow::Result<()> {
    let fake = FakePlaid::start().await;
    let (provider, credentials) = linked(&fake).await;
    let cursor = sync(&provider, &credentials, None)
        .await?
        .next_cursor
        .expect("cursor");
    for n in 0..600 {
        fake.add_transaction(NewTransaction::new(
            FakeAccount::Checking,
            dec!(2.50),
            days_ago(n % 20),
            &format!("Parking meter {n}"),
        ));
    }
    fake.mutate_during_next_pagination();

    let page = sync(&provider, &credentials, Some(&cursor)).await?;
    // Page 1, page 2 refused (TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION), then pages
    // 1 and 2 again from the original cursor.
    assert_eq!(fake.calls("/transactions/sync"), 1 + 4);
    assert_eq!(page.added.len(), 601);
    let mut unique = ids(&page.added);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 601, "no row twice");
    assert_eq!(page.added[600].line.payee, "Spotify");
    assert_eq!(page.added[600].line.amount, dec!(-12.99));
    Ok(())
}
