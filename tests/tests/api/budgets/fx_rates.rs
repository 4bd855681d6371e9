//! `GET /fx/rates`: each currency the user holds other than the home currency, with the
//! latest rate to it and its day (direct, inverse or across a pivot), and how many of the
//! user's rows have no rate on their day. Only the user's own currencies are listed.

use kakeibo_budget::fx;
use reqwest::{Method, StatusCode};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{account_in, ana_in, expect, money, row};

const ECB: &str = "Date,USD,JPY,\n2026-01-05,1.25,N/A,\n2026-01-02,1.2,200,\n";

async fn rates(
    app: &kakeibo_tests::TestApp,
    user: &kakeibo_tests::TestUser,
) -> anyhow::Result<Value> {
    expect(app, user, Method::GET, "/fx/rates", None, StatusCode::OK).await
}

#[tokio::test]
async fn each_held_currency_has_its_latest_rate_and_day() -> anyhow::Result<()> {
    let (app, ana) = ana_in("UTC").await?;
    account_in(&app, &ana, "Euros", "checking", "EUR").await?;
    let dollars = account_in(&app, &ana, "Dollars", "checking", "USD").await?;
    account_in(&app, &ana, "Yen", "savings", "JPY").await?;
    fx::import(&app.db.pool, ECB.as_bytes()).await?;
    row(&app, &ana, dollars, "2026-01-03", dec!(-10), None).await?;
    row(&app, &ana, dollars, "2026-01-06", dec!(-20), None).await?;

    let body = rates(&app, &ana).await?;
    assert_eq!(body["home_currency"], "EUR");
    let list = body["rates"].as_array().unwrap();
    let currencies: Vec<&str> = list
        .iter()
        .map(|r| r["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["JPY", "USD"], "{body}");
    // 1 EUR = 200 JPY on the 2nd: 1 JPY = 0.005 EUR, the inverse of the ECB's rate.
    assert_eq!(money(&list[0]["rate"]), dec!(0.005));
    assert_eq!(list[0]["rate_date"], "2026-01-02");
    assert_eq!(
        (
            list[0]["transactions"].as_i64(),
            list[0]["unconverted"].as_i64()
        ),
        (Some(0), Some(0))
    );
    // The latest: 1 EUR = 1.25 USD on the 5th.
    assert_eq!(money(&list[1]["rate"]), dec!(0.8));
    assert_eq!(list[1]["rate_date"], "2026-01-05");
    assert_eq!(
        (
            list[1]["transactions"].as_i64(),
            list[1]["unconverted"].as_i64()
        ),
        (Some(2), Some(0))
    );

    // Bo keeps dollars: yen reach him across EUR, from the older of the two rates' days;
    // Ana's currencies are not his.
    let bo = app.verified_user("bo@example.com").await?;
    expect(
        &app,
        &bo,
        Method::PATCH,
        "/me",
        Some(json!({ "base_currency": "USD" })),
        StatusCode::OK,
    )
    .await?;
    account_in(&app, &bo, "Yen", "checking", "JPY").await?;
    let body = rates(&app, &bo).await?;
    assert_eq!(body["home_currency"], "USD");
    let list = body["rates"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{body}");
    assert_eq!(list[0]["currency"], "JPY");
    // 1.25 / 200.
    assert_eq!(money(&list[0]["rate"]), dec!(0.00625));
    assert_eq!(list[0]["rate_date"], "2026-01-02");
    Ok(())
}

#[tokio::test]
async fn a_currency_without_a_rate_is_null_and_counts_its_rows() -> anyhow::Result<()> {
    let (app, ana) = ana_in("UTC").await?;
    let francs = account_in(&app, &ana, "Francs", "checking", "CHF").await?;
    row(&app, &ana, francs, "2026-01-03", dec!(-10), None).await?;
    row(&app, &ana, francs, "2026-01-03", dec!(-11), None).await?;
    row(&app, &ana, francs, "2026-01-08", dec!(-12), None).await?;

    let body = rates(&app, &ana).await?;
    let chf = &body["rates"][0];
    assert_eq!(chf["currency"], "CHF", "{body}");
    assert!(chf["rate"].is_null() && chf["rate_date"].is_null(), "{chf}");
    assert_eq!(
        (chf["transactions"].as_i64(), chf["unconverted"].as_i64()),
        (Some(3), Some(3))
    );

    // A rate from the 5th converts the row of the 8th, not the two before it.
    fx::import(
        &app.db.pool,
        b"date,base,quote,rate\n2026-01-05,CHF,EUR,1.05\n",
    )
    .await?;
    let body = rates(&app, &ana).await?;
    let chf = &body["rates"][0];
    assert_eq!(money(&chf["rate"]), dec!(1.05));
    assert_eq!(chf["rate_date"], "2026-01-05");
    assert_eq!(
        (chf["transactions"].as_i64(), chf["unconverted"].as_i64()),
        (Some(3), Some(2))
    );

    // Someone with only home-currency money has nothing to convert.
    let bo = app.verified_user("bo@example.com").await?;
    account_in(&app, &bo, "Euros", "checking", "EUR").await?;
    assert_eq!(rates(&app, &bo).await?["rates"], json!([]));
    Ok(())
}
