//! Spending in other currencies, converted with the rate of its day or the latest earlier
//! one (direct, inverse, or across EUR); a missing rate is a clear error, not a silent gap.
//! Rate files: ECB and plain formats, bad files change nothing, re-imports are harmless.

use kakeibo_budget::fx;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, ana_in, budget, call, money, progress, row};

const ECB: &str = "Date,USD,JPY,\n2026-01-02,1.25,200,\n";
const PLAIN: &str = "date,base,quote,rate\n2026-01-02,EUR,USD,1.25\n2026-01-10,EUR,USD,1.6\n";

#[tokio::test]
async fn spending_in_other_currencies_is_converted_on_its_day() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let euros = account_in(&app, &user, "Euros", "checking", "EUR").await?;
    let dollars = account_in(&app, &user, "Dollars", "checking", "USD").await?;
    let yen = account_in(&app, &user, "Yen", "checking", "JPY").await?;
    fx::import(&app.db.pool, ECB.as_bytes()).await?;
    fx::import(&app.db.pool, PLAIN.as_bytes()).await?;
    // 1.25 (from the 2nd) on the 5th; 1.6 from the 10th.
    row(&app, &user, dollars, "2026-01-05", dec!(-50), None).await?;
    row(&app, &user, dollars, "2026-01-10", dec!(-80), None).await?;
    row(&app, &user, dollars, "2026-01-12", dec!(-16), None).await?;
    row(&app, &user, euros, "2026-01-12", dec!(-7), None).await?;
    row(&app, &user, yen, "2026-01-06", dec!(-1000), None).await?;

    let in_euros = budget(
        &app,
        &user,
        json!({ "name": "EUR", "period": "monthly", "amount": "500", "currency": "EUR" }),
    )
    .await?;
    // 50/1.25 + 80/1.6 + 16/1.6 + 7 + 1000/200 = 40 + 50 + 10 + 7 + 5.
    let p = progress(&app, &user, &in_euros, "2026-01-20").await?;
    assert_eq!(money(&p["spent"]), dec!(112));

    let in_dollars = budget(
        &app,
        &user,
        json!({ "name": "USD", "period": "monthly", "amount": "500", "currency": "USD" }),
    )
    .await?;
    // 50 + 80 + 16 + 7·1.6 + 1000·1.25/200 = 146 + 11.2 + 6.25 (yen to dollars across EUR).
    let p = progress(&app, &user, &in_dollars, "2026-01-20").await?;
    assert_eq!(money(&p["spent"]), dec!(163.45));

    // Pounds with no rate at all: the euro budget cannot be known, and says why.
    let pounds = account_in(&app, &user, "Pounds", "checking", "GBP").await?;
    row(&app, &user, pounds, "2026-01-08", dec!(-10), None).await?;
    let (status, error) = call(
        &app,
        &user,
        Method::GET,
        &format!("/budgets/{in_euros}/progress?at=2026-01-20"),
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"]["code"], "fx_rate_missing");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("GBP→EUR") && message.contains("2026-01-08"),
        "{message}"
    );
    fx::import(
        &app.db.pool,
        b"date,base,quote,rate\n2026-01-01,EUR,GBP,0.8\n",
    )
    .await?;
    // + 10 / 0.8.
    let p = progress(&app, &user, &in_euros, "2026-01-20").await?;
    assert_eq!(money(&p["spent"]), dec!(124.5));

    // Before the first dollar rate: December cannot be converted.
    row(&app, &user, dollars, "2025-12-20", dec!(-10), None).await?;
    let (status, error) = call(
        &app,
        &user,
        Method::GET,
        &format!("/budgets/{in_euros}/progress?at=2025-12-25"),
        None,
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("USD→EUR exchange rate on or before 2025-12-20")
    );
    Ok(())
}

async fn stored_rates(
    pool: &sqlx::PgPool,
) -> anyhow::Result<Vec<(String, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT rate_date::text, base::text, quote::text, rate::text FROM fx_rates ORDER BY 1, 2, 3",
    )
    .fetch_all(pool)
    .await?)
}

#[tokio::test]
async fn a_bad_rates_file_changes_nothing_and_a_second_import_is_harmless() -> anyhow::Result<()> {
    let app = kakeibo_tests::TestApp::spawn().await?;
    let first = fx::import(&app.db.pool, ECB.as_bytes()).await?;
    assert_eq!((first.rates_read, first.rates_written), (2, 2));
    let again = fx::import(&app.db.pool, ECB.as_bytes()).await?;
    assert_eq!((again.rates_read, again.rates_written), (2, 0));
    let before = stored_rates(&app.db.pool).await?;
    assert_eq!(before.len(), 2);

    // A good line, then a bad one: neither is written.
    for (file, expected) in [
        (
            "date,base,quote,rate\n2026-02-01,EUR,CHF,0.95\n2026-02-02,EUR,CHF,abc\n",
            "line 3: \"abc\" is not a rate",
        ),
        (
            "Date,USD,xx,\n2026-02-01,1.1,2,\n",
            "line 1: \"xx\" is not a currency code",
        ),
        (
            "Date,USD,\n01/02/2026,1.1,\n",
            "line 2: \"01/02/2026\" is not a date",
        ),
        ("amount,currency\n1,EUR\n", "line 1: unknown header"),
        ("", "the file is empty"),
    ] {
        let error = fx::import(&app.db.pool, file.as_bytes())
            .await
            .expect_err(file)
            .to_string();
        assert!(error.starts_with(expected), "{error}");
    }
    assert_eq!(stored_rates(&app.db.pool).await?, before);

    // A corrected rate replaces the day's old one.
    let fixed = fx::import(&app.db.pool, b"Date,USD,\n2026-01-02,1.3,\n").await?;
    assert_eq!(fixed.rates_written, 1);
    assert!(stored_rates(&app.db.pool).await?.contains(&(
        "2026-01-02".into(),
        "EUR".into(),
        "USD".into(),
        "1.300000000000".into()
    )));
    Ok(())
}
