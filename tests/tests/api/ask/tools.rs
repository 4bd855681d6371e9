//! Each read tool over the fixed ledger, called the way the planner, the LLM and MCP call
//! them (by name, with JSON checked against the schema); the expected figures are computed
//! here from the ledger's rows. Another user's March Rewe bill never counts.

use kakeibo_ask::tools::{self, ToolError};
use kakeibo_tests::TestApp;
use kakeibo_tests::http::expect;
use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::{Row, add_ledger, context, day, other_user_with_rewe};

/// The kind of a built-in category slug: transfers are neither spending nor income.
fn kind(row: &Row) -> &'static str {
    match row.category {
        Some(s) if s.starts_with("income") => "income",
        Some(s) if s.starts_with("transfers") => "transfer",
        Some(_) => "expense",
        None if row.amount < Decimal::ZERO => "expense",
        None => "income",
    }
}

/// Spending as analytics counts it: expense rows' money out less their refunds.
fn spending<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Decimal {
    rows.into_iter()
        .filter(|r| kind(r) == "expense")
        .map(|r| -r.amount)
        .sum()
}

fn in_month(r: &Row, month: &str) -> bool {
    r.on.format("%Y-%m").to_string() == month
}

fn money(value: &Value) -> (Decimal, String) {
    (
        value["amount"].as_str().unwrap().parse().unwrap(),
        value["currency"].as_str().unwrap().to_string(),
    )
}

/// One text field of each group of a spending answer, in order.
fn group_texts<'a>(out: &'a Value, field: &str) -> Vec<&'a str> {
    out["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g[field].as_str().unwrap())
        .collect()
}

fn spending_args(from: &str, to: &str) -> Value {
    json!({
        "flow": "spending", "from": from, "to": to, "categories": [], "merchants": [],
        "account": null, "tag": null, "text": null, "group_by": "none", "compare": "none",
    })
}

fn with(mut args: Value, fields: Value) -> Value {
    args.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    args
}

#[tokio::test]
async fn spending_by_category_merchant_account_and_tag_with_comparisons() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let ctx = context(&app, &ana, day("2026-03-31"));
    let rows = &ledger.rows;
    let march: Vec<&Row> = rows.iter().filter(|r| in_month(r, "2026-03")).collect();
    let eur = |r: &&&Row| r.account != "Dollars";

    // All March spending: euros and dollars apart, the move to savings and the salary out.
    let out = tools::call(&ctx, "spending", spending_args("2026-03-01", "2026-03-31")).await?;
    let totals = out.output["totals"].as_array().unwrap();
    assert_eq!(totals.len(), 2, "{}", out.output);
    assert_eq!(
        money(&totals[0]),
        (spending(march.iter().filter(eur).copied()), "EUR".into())
    );
    assert_eq!(money(&totals[1]), (dec!(6.50), "USD".into()));
    assert_eq!(
        out.output["transactions"],
        march.iter().filter(|r| kind(r) == "expense").count()
    );
    assert!(out.summary.contains("190.00 EUR"), "{}", out.summary);

    // Groceries (by the user's own name), compared with February and with March 2025.
    let groceries = |month: &str| {
        spending(
            rows.iter()
                .filter(|r| r.category == Some("food.groceries") && in_month(r, month)),
        )
    };
    let args = with(
        spending_args("2026-03-01", "2026-03-31"),
        json!({ "categories": ["groceries"], "compare": "previous_period" }),
    );
    let out = tools::call(&ctx, "spending", args.clone()).await?.output;
    let (now, before) = (groceries("2026-03"), groceries("2026-02"));
    assert_eq!(money(&out["totals"][0]).0, now);
    assert_eq!(out["filters"]["categories"], json!(["Groceries"]));
    assert_eq!(
        out["comparison"]["period"],
        json!({ "from": "2026-02-01", "to": "2026-02-28" })
    );
    assert_eq!(money(&out["comparison"]["totals"][0]).0, before);
    assert_eq!(money(&out["comparison"]["change"][0]).0, now - before);
    let percent = ((now - before) / before * Decimal::ONE_HUNDRED).round_dp(1);
    assert_eq!(
        out["comparison"]["change_percent"][0],
        json!(percent.to_string())
    );
    let out = tools::call(
        &ctx,
        "spending",
        with(args, json!({ "compare": "same_period_last_year" })),
    )
    .await?
    .output;
    assert_eq!(
        money(&out["comparison"]["totals"][0]).0,
        groceries("2025-03")
    );

    // A parent category counts its children, in each currency.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "categories": ["Food & Dining"] }),
        ),
    )
    .await?
    .output;
    let food = |currency_account: bool| {
        spending(march.iter().copied().filter(|r| {
            r.category.is_some_and(|c| c.starts_with("food"))
                && (r.account == "Dollars") == currency_account
        }))
    };
    assert_eq!(money(&out["totals"][0]), (food(false), "EUR".into()));
    assert_eq!(money(&out["totals"][1]), (food(true), "USD".into()));

    // Two categories at once: either counts.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "categories": ["Groceries", "restaurants"] }),
        ),
    )
    .await?
    .output;
    let both = spending(
        march
            .iter()
            .copied()
            .filter(|r| matches!(r.category, Some("food.groceries" | "food.restaurants"))),
    );
    assert_eq!(money(&out["totals"][0]), (both, "EUR".into()));
    assert_eq!(
        out["filters"]["categories"],
        json!(["Groceries", "Restaurants"])
    );

    // By merchant (part of its name), by account (its kind), by tag.
    for (filter, expected) in [
        (
            json!({ "merchants": ["rew"] }),
            spending(march.iter().copied().filter(|r| r.merchant == "Rewe")),
        ),
        (
            json!({ "account": "credit_card" }),
            spending(march.iter().copied().filter(|r| r.account == "Card")),
        ),
        (json!({ "tag": "date-night" }), dec!(80.00)),
    ] {
        let out = tools::call(
            &ctx,
            "spending",
            with(spending_args("2026-03-01", "2026-03-31"), filter.clone()),
        )
        .await?
        .output;
        assert_eq!(
            money(&out["totals"][0]),
            (expected, "EUR".into()),
            "{filter}"
        );
    }

    // Grouped by merchant: largest first within each currency.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "group_by": "merchant" }),
        ),
    )
    .await?
    .output;
    let groups: Vec<(String, Decimal, String)> = out["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let (amount, currency) = money(&g["amount"]);
            (g["label"].as_str().unwrap().to_string(), amount, currency)
        })
        .collect();
    let by = |m: &str| spending(march.iter().copied().filter(|r| r.merchant == m));
    assert_eq!(
        groups,
        vec![
            ("Rewe".into(), by("Rewe"), "EUR".into()),
            ("Trattoria Roma".into(), by("Trattoria Roma"), "EUR".into()),
            ("Kiosk".into(), by("Kiosk"), "EUR".into()),
            ("Blue Bottle".into(), by("Blue Bottle"), "USD".into()),
        ]
    );

    // Grouped by month over February and March, with the average per month.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-02-01", "2026-03-31"),
            json!({ "categories": ["Groceries"], "group_by": "month" }),
        ),
    )
    .await?
    .output;
    assert_eq!(out["groups"][0]["key"], "2026-02-01");
    assert_eq!(money(&out["groups"][0]["amount"]).0, groceries("2026-02"));
    assert_eq!(out["groups"][1]["key"], "2026-03-01");
    assert_eq!(out["months"], 2);
    assert_eq!(
        money(&out["average_per_month"][0]).0,
        ((groceries("2026-02") + groceries("2026-03")) / dec!(2)).round_dp(2)
    );

    // Grouped by ISO week (Mondays) and by day.
    let weekly = |group_by: &str| {
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "merchants": ["Rewe"], "group_by": group_by }),
        )
    };
    let out = tools::call(&ctx, "spending", weekly("week")).await?.output;
    let keys = group_texts(&out, "key");
    assert_eq!(keys, ["2026-03-02", "2026-03-09", "2026-03-16"]);
    assert_eq!(
        money(&out["groups"][2]["amount"]).0,
        dec!(-10.00),
        "a week of refunds only"
    );
    let out = tools::call(&ctx, "spending", weekly("day")).await?.output;
    let keys = group_texts(&out, "key");
    assert_eq!(keys, ["2026-03-02", "2026-03-09", "2026-03-20"]);

    // Grouped by account: each account's name.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "group_by": "account" }),
        ),
    )
    .await?
    .output;
    let labels = group_texts(&out, "label");
    assert_eq!(labels, ["Card", "Checking", "Dollars"]);

    // Income.
    let out = tools::call(
        &ctx,
        "spending",
        with(
            spending_args("2026-03-01", "2026-03-31"),
            json!({ "flow": "income" }),
        ),
    )
    .await?
    .output;
    let income: Decimal = march
        .iter()
        .filter(|r| kind(r) == "income")
        .map(|r| r.amount)
        .sum();
    assert_eq!(money(&out["totals"][0]), (income, "EUR".into()));
    Ok(())
}

#[tokio::test]
async fn transactions_filtered_sorted_limited_with_count_and_total() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let ctx = context(&app, &ana, day("2026-03-31"));
    let args = json!({
        "from": "2026-03-01", "to": "2026-03-31", "categories": [], "merchants": [],
        "account": null, "tag": null, "text": null, "amount_over": 50, "amount_under": null,
        "direction": "out", "include_transfers": true, "sort": "largest", "limit": 2,
        "currency": null,
    });
    let out = tools::call(&ctx, "transactions", args).await?.output;
    let mut matching: Vec<&super::Row> = ledger
        .rows
        .iter()
        .filter(|r| in_month(r, "2026-03") && r.amount <= dec!(-50))
        .collect();
    matching.sort_by_key(|r| r.amount);
    assert_eq!(out["count"], matching.len());
    let total: Decimal = matching.iter().map(|r| r.amount).sum();
    assert_eq!(money(&out["totals"][0]), (total, "EUR".into()));
    let listed: Vec<(String, Decimal)> = out["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["merchant"].as_str().unwrap().to_string(),
                money(&t["amount"]).0,
            )
        })
        .collect();
    let expected: Vec<(String, Decimal)> = matching
        .iter()
        .take(2)
        .map(|r| (r.merchant.to_string(), r.amount))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(out["transactions"][0]["account"], "Checking");

    // Every Rewe row, any date: the other user's bill is not among them.
    let args = json!({
        "from": null, "to": null, "categories": [], "merchants": ["rewe"], "account": null,
        "tag": null, "text": null, "amount_over": null, "amount_under": null,
        "direction": "any", "include_transfers": false, "sort": "oldest", "limit": 100,
        "currency": null,
    });
    let out = tools::call(&ctx, "transactions", args).await?.output;
    let rewe: Vec<&super::Row> = ledger
        .rows
        .iter()
        .filter(|r| r.merchant == "Rewe")
        .collect();
    assert_eq!(out["count"], rewe.len());
    assert_eq!(out["transactions"][0]["date"], "2025-03-12");
    assert_eq!(
        money(&out["totals"][0]).0,
        rewe.iter().map(|r| r.amount).sum::<Decimal>()
    );

    // "Over 5 dollars": amounts in dollars only, counted and totalled in dollars.
    let args = json!({
        "from": "2026-03-01", "to": "2026-03-31", "categories": [], "merchants": [],
        "account": null, "tag": null, "text": null, "amount_over": 5, "amount_under": null,
        "direction": "out", "include_transfers": false, "sort": "newest", "limit": 10,
        "currency": "USD",
    });
    let out = tools::call(&ctx, "transactions", args).await?.output;
    let dollars: Vec<&super::Row> = ledger
        .rows
        .iter()
        .filter(|r| in_month(r, "2026-03") && r.account == "Dollars" && r.amount <= dec!(-5))
        .collect();
    assert_eq!(out["count"], dollars.len());
    assert_eq!(out["totals"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        money(&out["totals"][0]),
        (dollars.iter().map(|r| r.amount).sum(), "USD".into())
    );
    assert_eq!(
        out["transactions"].as_array().map(Vec::len),
        Some(dollars.len())
    );
    Ok(())
}

#[tokio::test]
async fn balances_net_worth_converted_and_cash_flow() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let ctx = context(&app, &ana, day("2026-03-31"));
    let held = |account: &str| -> Decimal {
        ledger
            .rows
            .iter()
            .filter(|r| r.account == account)
            .map(|r| r.amount)
            .sum()
    };

    let out = tools::call(&ctx, "balances", json!({ "account": null, "on": null }))
        .await?
        .output;
    let accounts: Vec<(String, Decimal, String)> = out["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let (amount, currency) = money(&a["balance"]);
            (a["name"].as_str().unwrap().to_string(), amount, currency)
        })
        .collect();
    assert_eq!(
        accounts,
        vec![
            ("Card".into(), held("Card"), "EUR".into()),
            ("Checking".into(), held("Checking"), "EUR".into()),
            ("Dollars".into(), held("Dollars"), "USD".into()),
        ]
    );
    assert_eq!(
        money(&out["totals"][0]),
        (held("Card") + held("Checking"), "EUR".into())
    );

    // Net worth per currency; in euros only with a rate, and it says which.
    let out = tools::call(&ctx, "net_worth", json!({ "currency": "EUR", "on": null }))
        .await?
        .output;
    assert_eq!(out["converted"], Value::Null);
    assert_eq!(out["unconverted"], json!(["USD"]));
    kakeibo_budget::fx::store(
        &app.db.pool,
        &[kakeibo_budget::fx::Rate {
            date: day("2026-03-30"),
            base: "USD".into(),
            quote: "EUR".into(),
            rate: dec!(0.9),
        }],
    )
    .await?;
    let out = tools::call(&ctx, "net_worth", json!({ "currency": "eur", "on": null })).await?;
    let euros = held("Card") + held("Checking");
    let expected = euros + (held("Dollars") * dec!(0.9)).round_dp(2);
    assert_eq!(money(&out.output["converted"]), (expected, "EUR".into()));
    assert_eq!(out.output["conversions"][0]["from"], "USD");
    assert_eq!(out.output["conversions"][0]["rate_date"], "2026-03-30");
    assert!(out.summary.contains("converted"), "{}", out.summary);
    let out = tools::call(&ctx, "net_worth", json!({ "currency": null, "on": null }))
        .await?
        .output;
    assert_eq!(out["currencies"].as_array().unwrap().len(), 2);
    assert_eq!(out["converted"], Value::Null);

    // Cash flow: income − spending, the move to savings left out.
    let args = json!({ "from": "2026-03-01", "to": "2026-03-31", "group_by": "month" });
    let out = tools::call(&ctx, "cash_flow", args).await?.output;
    let march: Vec<&Row> = ledger
        .rows
        .iter()
        .filter(|r| in_month(r, "2026-03") && r.account != "Dollars")
        .collect();
    let income: Decimal = march
        .iter()
        .filter(|r| kind(r) == "income")
        .map(|r| r.amount)
        .sum();
    let spent = spending(march.iter().copied());
    let eur = &out["totals"][0];
    assert_eq!(money(&eur["income"]), (income, "EUR".into()));
    assert_eq!(money(&eur["spending"]).0, spent);
    assert_eq!(money(&eur["net"]).0, income - spent);
    assert_eq!(
        eur["savings_rate_percent"],
        json!(
            ((income - spent) / income * Decimal::ONE_HUNDRED)
                .round_dp(1)
                .to_string()
        )
    );
    assert_eq!(out["periods"][0]["start"], "2026-03-01");
    Ok(())
}

#[tokio::test]
async fn budgets_goals_and_search() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ledger = add_ledger(&app, &ana).await?;
    other_user_with_rewe(&app).await?;
    let today = day("2026-03-20");
    let ctx = context(&app, &ana, today);
    let groceries = kakeibo_tests::http::category(&app, &ana, "food.groceries").await?;
    expect(
        &app,
        &ana,
        Method::POST,
        "/budgets",
        Some(json!({ "name": "Groceries", "category_id": groceries, "currency": "EUR", "period": "monthly", "amount": "400", "starts_on": "2026-01-01" })),
        StatusCode::CREATED,
    )
    .await?;
    let out = tools::call(&ctx, "budgets", json!({ "name": "groc" }))
        .await?
        .output;
    let b = &out["budgets"][0];
    let spent = spending(
        ledger
            .rows
            .iter()
            .filter(|r| r.category == Some("food.groceries") && in_month(r, "2026-03")),
    );
    assert_eq!(money(&b["spent"]), (spent, "EUR".into()));
    assert_eq!(money(&b["remaining"]).0, dec!(400) - spent);
    // 20 of March's 31 days have passed.
    let expected = (dec!(400) * dec!(20) / dec!(31)).round_dp(2);
    assert_eq!(money(&b["expected_by_today"]).0, expected);
    assert_eq!(
        b["pace"],
        if spent < expected - dec!(20) {
            "under"
        } else {
            "on_track"
        }
    );
    assert!(matches!(
        tools::call(&ctx, "budgets", json!({ "name": "holidays" })).await,
        Err(ToolError::Invalid(_))
    ));

    // A goal fed by contributions: 300 of 1,000, 200 of it in the last 90 days.
    let goal = expect(
        &app,
        &ana,
        Method::POST,
        "/goals",
        Some(json!({ "name": "Bike", "target_amount": "1000", "currency": "EUR", "target_date": "2026-12-31" })),
        StatusCode::CREATED,
    )
    .await?;
    let id = goal["id"].as_str().unwrap();
    for (amount, on) in [("100", "2025-06-01"), ("200", "2026-02-01")] {
        expect(
            &app,
            &ana,
            Method::POST,
            &format!("/goals/{id}/contributions"),
            Some(json!({ "amount": amount, "contributed_on": on })),
            StatusCode::CREATED,
        )
        .await?;
    }
    let out = tools::call(&ctx, "goals", json!({ "name": null }))
        .await?
        .output;
    let g = &out["goals"][0];
    assert_eq!(money(&g["saved"]), (dec!(300), "EUR".into()));
    assert_eq!(money(&g["remaining"]).0, dec!(700));
    // 700 more at 200 per 90 days: ⌈700 · 90 / 200⌉ = 315 days after today.
    assert_eq!(
        g["projected_completion"],
        json!(today + chrono::Days::new(315))
    );
    assert_eq!(g["on_track"], false);

    // Search (by words here: the query model is not installed in tests).
    let out = tools::call(
        &ctx,
        "search",
        json!({ "query": "trattoria", "from": null, "to": null, "limit": 10 }),
    )
    .await?
    .output;
    assert_eq!(out["hits"].as_array().unwrap().len(), 1, "{out}");
    assert_eq!(
        money(&out["hits"][0]["amount"]),
        (dec!(-80.00), "EUR".into())
    );
    Ok(())
}

#[tokio::test]
async fn the_registry_lists_strict_schemas_and_call_checks_arguments() -> anyhow::Result<()> {
    let registry = tools::registry();
    assert!(registry.len() >= 12);
    for tool in &registry {
        let schema = &tool.input_schema;
        assert_eq!(schema["additionalProperties"], false, "{}", tool.name);
        let properties: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(
            properties.len(),
            required.len(),
            "{}: every property required",
            tool.name
        );
        assert!(!tool.description.is_empty());
    }
    let app = TestApp::spawn().await?;
    let ana = app.verified_user("ana@example.com").await?;
    let ctx = context(&app, &ana, day("2026-03-31"));
    assert!(matches!(
        tools::call(&ctx, "delete_everything", json!({})).await,
        Err(ToolError::UnknownTool(_))
    ));
    // An extra property, a missing one, a wrong enum value.
    for args in [json!({ "account": null, "drop": true }), json!({})] {
        assert!(matches!(
            tools::call(&ctx, "balances", args).await,
            Err(ToolError::Invalid(_))
        ));
    }
    assert!(matches!(
        tools::call(
            &ctx,
            "spending",
            with(
                spending_args("2026-03-01", "2026-03-31"),
                json!({ "group_by": "planet" })
            )
        )
        .await,
        Err(ToolError::Invalid(_))
    ));
    assert!(matches!(
        tools::call(&ctx, "spending", spending_args("2026-03-31", "2026-03-01")).await,
        Err(ToolError::Invalid(_))
    ));
    Ok(())
}
