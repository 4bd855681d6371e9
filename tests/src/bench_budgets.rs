//! Data the benchmarks share: exchange rates and a realistic set of budgets.

use chrono::{Days, NaiveDate};
use kakeibo_budget::fx;
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

/// ECB-style rates for each of the last `days` days: 1 EUR in USD.
pub async fn store_daily_rates(pool: &PgPool, today: NaiveDate, days: u64) -> anyhow::Result<()> {
    let rates: Vec<fx::Rate> = (0..=days)
        .map(|d| fx::Rate {
            date: today - Days::new(d),
            base: "EUR".into(),
            quote: "USD".into(),
            rate: Decimal::new(10_500 + (d % 700) as i64, 4),
        })
        .collect();
    fx::store(pool, &rates).await?;
    Ok(())
}

/// Ten budgets: every period, every rollover kind, parents and leaves, one in USD.
pub async fn ten_budgets(pool: &PgPool, user: Uuid, today: NaiveDate) -> anyhow::Result<()> {
    let year_ago = today - Days::new(365);
    let two_years_ago = today - Days::new(730);
    let budgets = [
        ("All", None, "monthly", 9_000, "EUR", "none", today),
        (
            "Food",
            Some("food"),
            "monthly",
            600,
            "EUR",
            "both",
            year_ago,
        ),
        (
            "Groceries",
            Some("food.groceries"),
            "weekly",
            120,
            "EUR",
            "surplus",
            year_ago,
        ),
        (
            "Eating out",
            Some("food.restaurants"),
            "monthly",
            200,
            "EUR",
            "none",
            today,
        ),
        (
            "Transport",
            Some("transport"),
            "monthly",
            300,
            "EUR",
            "deficit",
            year_ago,
        ),
        (
            "Shopping",
            Some("shopping"),
            "yearly",
            6_000,
            "EUR",
            "both",
            two_years_ago,
        ),
        (
            "Fun",
            Some("entertainment"),
            "weekly",
            80,
            "EUR",
            "none",
            today,
        ),
        (
            "Utilities",
            Some("utilities"),
            "monthly",
            400,
            "EUR",
            "deficit",
            year_ago,
        ),
        (
            "Health",
            Some("health"),
            "monthly",
            150,
            "EUR",
            "surplus",
            year_ago,
        ),
        (
            "Travel",
            Some("travel"),
            "monthly",
            700,
            "USD",
            "none",
            today,
        ),
    ];
    for (name, slug, period, amount, currency, rollover, starts_on) in budgets {
        sqlx::query(
            "INSERT INTO budgets (user_id, name, category_id, period, amount, currency, rollover, starts_on)
             VALUES ($1, $2, (SELECT id FROM categories WHERE user_id = $1 AND default_slug = $3), $4, $5, $6, $7, $8)",
        )
        .bind(user)
        .bind(name)
        .bind(slug)
        .bind(period)
        .bind(Decimal::from(amount))
        .bind(currency)
        .bind(rollover)
        .bind(starts_on)
        .execute(pool)
        .await?;
    }
    Ok(())
}
