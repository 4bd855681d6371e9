//! What a linked connection reads: accounts with balances, transactions since a date.

use kakeibo_bank_sync::provider::gocardless::GoCardlessProvider;
use kakeibo_bank_sync::provider::{AccountKind, BankProvider};
use kakeibo_tests::fake_banks::gocardless::{FakeGoCardless, FakeTransaction};
use rust_decimal_macros::dec;

use super::{day, linked, transactions_since};

#[tokio::test]
async fn accounts_come_with_iban_currency_kind_and_balances() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let credentials = linked(&fake, &provider).await?;

    let accounts = provider.accounts(&credentials).await?;
    let ids = fake.account_ids();
    assert_eq!(accounts.len(), 2);
    let main = &accounts[0];
    assert_eq!(main.id, ids[0]);
    assert_eq!(main.name, "Main Account");
    assert_eq!(main.kind, AccountKind::Checking);
    assert_eq!(main.currency, "EUR");
    assert_eq!(main.iban.as_deref(), Some("GL3343697694912188"));
    assert_eq!(main.mask.as_deref(), Some("2188"));
    assert_eq!(main.current_balance, Some(dec!(2614.83)));
    assert_eq!(main.available_balance, Some(dec!(2556.34)));
    let savings = &accounts[1];
    assert_eq!(savings.id, ids[1]);
    assert_eq!(savings.kind, AccountKind::Savings);
    assert_eq!(savings.iban.as_deref(), Some("GL0865354374424724"));
    assert_eq!(savings.current_balance, Some(dec!(5120.85)));
    Ok(())
}

#[tokio::test]
async fn transactions_since_a_date_have_signs_payees_and_pending_flags() -> anyhow::Result<()> {
    let fake = FakeGoCardless::start().await;
    let provider = GoCardlessProvider::new(&fake.settings());
    let credentials = linked(&fake, &provider).await?;
    let ids = fake.account_ids();
    let added = FakeTransaction::new(day(1), "-7.80", "Baeckerei Schmidt", "Kartenzahlung")
        .with_merchant_category_code("5462");
    let added_id = added.id.clone();
    fake.add_booked(&ids[0], added);

    let rows = transactions_since(&provider, &credentials, day(30)).await?;
    let main: Vec<_> = rows
        .iter()
        .filter(|t| t.account_id == ids[0])
        .map(|t| &t.line)
        .collect();
    let savings: Vec<_> = rows
        .iter()
        .filter(|t| t.account_id == ids[1])
        .map(|t| &t.line)
        .collect();
    // Ten booked rows in the month (the train ticket 40 days ago is not), two pending.
    assert_eq!(main.len(), 12, "{main:#?}");
    assert_eq!(savings.len(), 1, "{savings:#?}");
    assert!(main.iter().all(|l| l.booked_on >= day(30)));
    assert!(!main.iter().any(|l| l.payee == "DB Fernverkehr AG"));
    let lines: Vec<usize> = main.iter().map(|l| l.source_line).collect();
    assert_eq!(lines, (1..=12).collect::<Vec<_>>());

    let rent = main
        .iter()
        .find(|l| l.payee == "Hausverwaltung Mueller")
        .unwrap();
    assert_eq!(rent.amount, dec!(-950.00));
    assert_eq!(rent.description, "Miete Wohnung 3. OG");
    assert_eq!(rent.booked_on, day(8));
    assert_eq!(rent.currency.as_deref(), Some("EUR"));
    assert!(!rent.pending);
    let salary = main.iter().find(|l| l.amount == dec!(2850.00)).unwrap();
    assert_eq!(
        salary.payee, "ACME Software GmbH",
        "money in names the debtor"
    );
    let bakery = main
        .iter()
        .find(|l| l.payee == "Baeckerei Schmidt")
        .unwrap();
    assert_eq!(bakery.source_id, added_id);
    assert_eq!(bakery.amount, dec!(-7.80));
    assert_eq!(bakery.merchant_category_code.as_deref(), Some("5462"));
    assert_eq!(
        rent.merchant_category_code, None,
        "a transfer has no card code"
    );
    let drugstore = main
        .iter()
        .find(|l| l.payee == "dm-drogerie markt")
        .unwrap();
    assert_eq!(
        drugstore.description,
        "Kartenzahlung dm-drogerie Filiale 1187"
    );
    // Without a bank id, GoCardless's internal one identifies the row.
    let concert = main.iter().find(|l| l.payee == "Max Mustermann").unwrap();
    let raw = fake
        .booked(&ids[0])
        .into_iter()
        .find(|r| r["debtorName"] == "Max Mustermann")
        .unwrap();
    assert_eq!(
        concert.source_id.as_deref(),
        raw["internalTransactionId"].as_str()
    );
    assert!(concert.source_id.is_some());

    let pending: Vec<_> = main.iter().filter(|l| l.pending).collect();
    assert_eq!(pending.len(), 2);
    assert!(pending.iter().all(|l| l.source_id.is_none()));
    let amazon = pending
        .iter()
        .find(|l| l.payee == "Amazon EU S.a r.l.")
        .unwrap();
    assert_eq!(amazon.amount, dec!(-45.50));
    assert_eq!(amazon.booked_on, day(1));
    assert!(
        main.iter()
            .filter(|l| !l.pending)
            .all(|l| l.source_id.is_some())
    );

    // A longer window reaches back further, to the sandbox bank's 90 days.
    let all = transactions_since(&provider, &credentials, day(365)).await?;
    assert_eq!(all.len(), 13 + 3);
    assert!(
        all.iter()
            .any(|t| t.line.payee == "DB Fernverkehr AG" && t.line.amount == dec!(-64.80))
    );
    Ok(())
}
