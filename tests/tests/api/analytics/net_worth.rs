//! Net worth from observed balances, each carried forward until the next observation, per
//! currency; before an account's first observed balance, worked back from its rows.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;
use uuid::Uuid;

use super::{account_in, add, ana_in, categories, dec, get, period};

async fn observe(
    app: &kakeibo_tests::TestApp,
    user: &kakeibo_tests::TestUser,
    account: Uuid,
    as_of: &str,
    balance: Decimal,
) -> anyhow::Result<()> {
    // As a bank sync records them (services/bank-sync/src/sync.rs).
    sqlx::query(
        "INSERT INTO account_balances (user_id, account_id, as_of, balance, currency)
         SELECT $1, $2, $3::date, $4, currency FROM accounts WHERE id = $2",
    )
    .bind(user.id)
    .bind(account)
    .bind(as_of)
    .bind(balance)
    .execute(&app.db.pool)
    .await?;
    Ok(())
}

/// (assets, liabilities, net worth, accounts) of one currency at a point.
fn worth(report: &Value, start: &str, currency: &str) -> Option<(Decimal, Decimal, Decimal, i64)> {
    period(report, "points", start)["currencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["currency"] == currency)
        .map(|c| {
            (
                dec(&c["assets"]),
                dec(&c["liabilities"]),
                dec(&c["net_worth"]),
                c["accounts"].as_i64().unwrap(),
            )
        })
}

#[tokio::test]
async fn balances_carry_forward_per_currency() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let card = account_in(&app, &user, "Card", "credit_card", "EUR").await?;
    let brokerage = account_in(&app, &user, "Brokerage", "investment", "USD").await?;
    observe(&app, &user, checking, "2025-01-15", dec!(1000)).await?;
    observe(&app, &user, checking, "2025-03-10", dec!(1500)).await?;
    observe(&app, &user, card, "2025-02-01", dec!(-200)).await?;
    observe(&app, &user, card, "2025-03-31", dec!(-350)).await?;
    observe(&app, &user, brokerage, "2025-02-15", dec!(5000)).await?;

    let report = get(
        &app,
        &user,
        "/analytics/net-worth?from=2025-01-01&to=2025-04-30",
    )
    .await?;
    assert_eq!(report["points"].as_array().unwrap().len(), 4);
    assert_eq!(
        period(&report, "points", "2025-01-01")["date"],
        "2025-01-31"
    );
    // January: only checking has been seen (the card's first balance is in February).
    assert_eq!(
        worth(&report, "2025-01-01", "EUR"),
        Some((dec!(1000), dec!(0), dec!(1000), 1))
    );
    assert_eq!(worth(&report, "2025-01-01", "USD"), None);
    // February: checking's January balance carried forward, the card owes 200.
    assert_eq!(
        worth(&report, "2025-02-01", "EUR"),
        Some((dec!(1000), dec!(200), dec!(800), 2))
    );
    assert_eq!(
        worth(&report, "2025-02-01", "USD"),
        Some((dec!(5000), dec!(0), dec!(5000), 1))
    );
    assert_eq!(
        worth(&report, "2025-03-01", "EUR"),
        Some((dec!(1500), dec!(350), dec!(1150), 2))
    );
    // April: nothing new, everything carried forward.
    assert_eq!(
        worth(&report, "2025-04-01", "EUR"),
        Some((dec!(1500), dec!(350), dec!(1150), 2))
    );
    assert_eq!(
        worth(&report, "2025-04-01", "USD"),
        Some((dec!(5000), dec!(0), dec!(5000), 1))
    );

    // One account, by day: 30 March still reads the card's February balance.
    let card_only = get(
        &app,
        &user,
        &format!(
            "/analytics/net-worth?from=2025-03-30&to=2025-03-31&interval=day&account_id={card}"
        ),
    )
    .await?;
    assert_eq!(
        worth(&card_only, "2025-03-30", "EUR"),
        Some((dec!(0), dec!(200), dec!(-200), 1))
    );
    assert_eq!(
        worth(&card_only, "2025-03-31", "EUR"),
        Some((dec!(0), dec!(350), dec!(-350), 1))
    );
    Ok(())
}

#[tokio::test]
async fn before_the_first_balance_it_is_worked_back_from_the_rows() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let cats = categories(&app, &user).await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let card = account_in(&app, &user, "Card", "credit_card", "EUR").await?;
    // Checking: history since February, first synced (balance seen) on 10 May.
    for row in [
        ("2025-02-03", "2000.00", "SALARY", "", ""),
        ("2025-02-20", "-300.00", "RENT", "", ""),
        ("2025-03-03", "2000.00", "SALARY", "", ""),
        ("2025-04-15", "-450.50", "REWE", "", ""),
        ("2025-05-10", "-49.50", "REWE", "", ""),
    ] {
        add(&app, &user, checking, &cats, row).await?;
    }
    observe(&app, &user, checking, "2025-05-10", dec!(4000)).await?;
    // The card's rows start in April: before that it is not counted.
    add(
        &app,
        &user,
        card,
        &cats,
        ("2025-04-02", "-100.00", "SHOP", "", ""),
    )
    .await?;
    observe(&app, &user, card, "2025-05-10", dec!(-100)).await?;

    let report = get(
        &app,
        &user,
        "/analytics/net-worth?from=2025-01-01&to=2025-05-31",
    )
    .await?;
    // January: no rows yet on either account.
    assert_eq!(worth(&report, "2025-01-01", "EUR"), None);
    // 28 February: 4000 less what came after (2000 - 450.50 - 49.50); 31 March: 4000 + 500.
    assert_eq!(
        worth(&report, "2025-02-01", "EUR"),
        Some((dec!(2500), dec!(0), dec!(2500), 1))
    );
    assert_eq!(
        worth(&report, "2025-03-01", "EUR"),
        Some((dec!(4500), dec!(0), dec!(4500), 1))
    );
    assert_eq!(
        worth(&report, "2025-04-01", "EUR"),
        Some((dec!(4049.50), dec!(100), dec!(3949.50), 2))
    );
    // May: the observed balances themselves.
    assert_eq!(
        worth(&report, "2025-05-01", "EUR"),
        Some((dec!(4000), dec!(100), dec!(3900), 2))
    );
    Ok(())
}
