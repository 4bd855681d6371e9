//! Recurring payments and subscriptions as the analytics detector stored them: the list,
//! what they cost per month, those due within N days, and price increases.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, money_list, object};
use super::{Tool, ToolContext, ToolError};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecurringInput {
    /// Only those expected within this many days from today; null for all.
    pub upcoming_within_days: Option<u32>,
    /// Only those whose price went up at their latest change.
    pub price_increases_only: bool,
    /// With `price_increases_only`: only changes on or after this day; null for any.
    #[serde(default)]
    pub changed_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecurringPayment {
    pub id: Uuid,
    pub merchant: String,
    /// The amount expected next; negative is money out.
    pub amount: Money,
    /// weekly, fortnightly, monthly, nth_weekday, quarterly or yearly.
    pub cadence: String,
    pub next_date: Option<NaiveDate>,
    /// active or missed.
    pub status: String,
    /// What it costs (or brings) per month at its cadence, signed like `amount`.
    pub monthly: Money,
    pub previous_amount: Option<Money>,
    pub price_changed_on: Option<NaiveDate>,
    pub price_increased: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recurring {
    pub payments: Vec<RecurringPayment>,
    /// Money out per month of the payments listed, per currency (positive).
    pub monthly_total: Vec<Money>,
}

pub struct RecurringTool;

impl Tool for RecurringTool {
    const NAME: &'static str = "recurring";
    const DESCRIPTION: &'static str = "Recurring payments and subscriptions (and recurring income): amount, cadence, next date, monthly cost and the monthly total per currency; optionally only those due within N days, or only price increases.";
    type Input = RecurringInput;
    type Output = Recurring;

    fn input_schema() -> Value {
        object(json!({
            "upcoming_within_days": { "type": ["integer", "null"], "minimum": 0, "maximum": 366, "description": "Only payments expected within this many days; null for all" },
            "price_increases_only": { "type": "boolean", "description": "Only payments whose price went up" },
            "changed_since": { "type": ["string", "null"], "description": "With price_increases_only: only changes on or after this day (YYYY-MM-DD), or null" },
        }))
    }

    async fn run(ctx: &ToolContext, input: RecurringInput) -> Result<Recurring, ToolError> {
        let mut conn = ctx.db.acquire().await?;
        let stored =
            kakeibo_analytics::recurring::store::list(&mut conn, ctx.user_id, false, false).await?;
        let until = input
            .upcoming_within_days
            .map(|n| ctx.today + Days::new(u64::from(n)));
        let payments: Vec<RecurringPayment> = stored
            .into_iter()
            .filter(|s| {
                until.is_none_or(|until| s.next_date.is_some_and(|d| d >= ctx.today && d <= until))
            })
            .filter(|s| !input.price_increases_only || s.price_increased)
            .filter(|s| {
                !input.price_increases_only
                    || input
                        .changed_since
                        .is_none_or(|since| s.price_changed_on.is_some_and(|d| d >= since))
            })
            .map(|s| {
                let c = s.currency.as_str();
                RecurringPayment {
                    id: s.id,
                    merchant: s.merchant.clone(),
                    amount: Money::new(s.amount, c),
                    monthly: Money::new((s.amount * per_month(&s.cadence)).round_dp(2), c),
                    cadence: s.cadence.clone(),
                    next_date: s.next_date,
                    status: s.status.clone(),
                    previous_amount: s.previous_amount.map(|a| Money::new(a, c)),
                    price_changed_on: s.price_changed_on,
                    price_increased: s.price_increased,
                }
            })
            .collect();
        let mut monthly_total: Vec<Money> = Vec::new();
        for p in payments.iter().filter(|p| p.amount.amount < Decimal::ZERO) {
            match monthly_total
                .iter_mut()
                .find(|m| m.currency == p.monthly.currency)
            {
                Some(m) => m.amount -= p.monthly.amount,
                None => monthly_total.push(Money::new(-p.monthly.amount, &p.monthly.currency)),
            }
        }
        monthly_total.sort_by(|a, b| a.currency.cmp(&b.currency));
        Ok(Recurring {
            payments,
            monthly_total,
        })
    }

    fn summary(output: &Recurring) -> String {
        format!(
            "{} recurring payments, {} per month",
            output.payments.len(),
            money_list(&output.monthly_total)
        )
    }
}

/// Payments per month at a cadence (a year has 52 weeks, 26 fortnights).
fn per_month(cadence: &str) -> Decimal {
    match cadence {
        "weekly" => Decimal::from(52) / Decimal::from(12),
        "fortnightly" => Decimal::from(26) / Decimal::from(12),
        "quarterly" => Decimal::ONE / Decimal::from(3),
        "yearly" => Decimal::ONE / Decimal::from(12),
        _ => Decimal::ONE,
    }
}
