//! The dashboard summary: this month's spending by top-level category (against last month
//! and the 3-month average), the month's budgets, and twelve months of cash flow.

use std::collections::HashMap;

use chrono::{Datelike, Months};
use rust_decimal_macros::dec;
use serde_json::json;

use super::{account_in, add, amounts, ana_in, categories, dec, get, lines, percent};

#[tokio::test]
async fn this_months_spending_and_a_year_of_cash_flow() -> anyhow::Result<()> {
    let (app, user) = ana_in("UTC").await?;
    let checking = account_in(&app, &user, "Checking", "checking", "EUR").await?;
    let cats = categories(&app, &user).await?;
    // The server's today in the user's zone, safe from midnight: "this month" is its month.
    let today = app.today("UTC").await?;
    let this_month = today.with_day(1).unwrap();
    let last_month = this_month - Months::new(1);
    let day = |month: chrono::NaiveDate| month.to_string();
    let rows = [
        (day(this_month), "-30", "SUPERMARKET", "food.groceries"),
        (day(this_month), "-12", "CAFE", "food.coffee"),
        (day(this_month), "-60", "TRAIN", "transport.public"),
        (day(last_month), "-84", "SUPERMARKET", "food.groceries"),
        (day(last_month), "1500", "PAYROLL", "income.salary"),
        (
            day(this_month - Months::new(11)),
            "-5",
            "CAFE",
            "food.coffee",
        ),
        // Twelve months back: outside the summary's year.
        (
            day(this_month - Months::new(12)),
            "-999",
            "TV",
            "shopping.electronics",
        ),
    ];
    for (date, amount, description, slug) in &rows {
        add(
            &app,
            &user,
            checking,
            &cats,
            (date, amount, description, slug, ""),
        )
        .await?;
    }
    let food_budget = crate::budgets::budget(
        &app,
        &user,
        json!({ "name": "Food", "category_id": cats["food"], "period": "monthly",
                "amount": "100", "currency": "EUR" }),
    )
    .await?;
    app.drain_jobs().await?;

    let summary = get(&app, &user, "/analytics/summary").await?;
    // The food budget (groceries and coffee are under food): 30 + 12 of 100.
    let budgets = summary["budgets"].as_array().unwrap();
    assert_eq!(budgets.len(), 1, "{summary}");
    assert_eq!(budgets[0]["budget"]["id"], food_budget.as_str());
    assert_eq!(
        budgets[0]["progress"]["period_start"],
        this_month.to_string()
    );
    assert_eq!(dec(&budgets[0]["progress"]["spent"]), dec!(42));
    assert_eq!(dec(&budgets[0]["progress"]["remaining"]), dec!(58));
    assert_eq!(budgets[0]["missing_rate"], serde_json::Value::Null);
    assert_eq!(summary["time_zone"], "UTC");
    let spending = &summary["spending"];
    assert_eq!(spending["start"], this_month.to_string());
    assert_eq!(
        amounts(spending, "EUR"),
        HashMap::from([
            ("Transportation".to_string(), dec!(60)),
            ("Food & Dining".to_string(), dec!(42)),
        ])
    );
    let food = &lines(spending)[&("Food & Dining".to_string(), "EUR".to_string())];
    // Last month 84: 42 is half of it.
    assert_eq!(dec(&food["previous"]), dec!(84));
    assert_eq!(percent(&food["change_percent"]), Some(dec!(-50.0)));
    // The three months before: 84, 0 and 0 (Ana's data goes back a year).
    assert_eq!(percent(&food["average"]), Some(dec!(28)));
    assert_eq!(percent(&food["average_change_percent"]), Some(dec!(50.0)));
    assert_eq!(dec(&spending["totals"][0]["amount"]), dec!(102));

    let cash_flow = summary["cash_flow"].as_array().unwrap();
    assert_eq!(cash_flow.len(), 12);
    assert_eq!(
        cash_flow[0]["start"],
        (this_month - Months::new(11)).to_string()
    );
    assert_eq!(cash_flow[11]["start"], this_month.to_string());
    let flow = |i: usize| {
        let c = &cash_flow[i]["currencies"][0];
        (dec(&c["income"]), dec(&c["spending"]), dec(&c["net"]))
    };
    assert_eq!(flow(0), (dec!(0), dec!(5), dec!(-5)));
    assert_eq!(flow(10), (dec!(1500), dec!(84), dec!(1416)));
    assert_eq!(flow(11), (dec!(0), dec!(102), dec!(-102)));
    let empty_months = cash_flow[1..10]
        .iter()
        .filter(|p| p["currencies"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(empty_months, 9);

    // Another month, as filed rather than rolled up.
    let earlier = get(
        &app,
        &user,
        &format!(
            "/analytics/summary?month={}&level=category",
            &last_month.to_string()[..7]
        ),
    )
    .await?;
    assert_eq!(
        amounts(&earlier["spending"], "EUR"),
        HashMap::from([("Groceries".to_string(), dec!(84))])
    );
    assert_eq!(earlier["cash_flow"][11]["start"], last_month.to_string());
    // Its budgets are that month's.
    assert_eq!(
        earlier["budgets"][0]["progress"]["period_start"],
        last_month.to_string()
    );
    assert_eq!(dec(&earlier["budgets"][0]["progress"]["spent"]), dec!(84));
    Ok(())
}
