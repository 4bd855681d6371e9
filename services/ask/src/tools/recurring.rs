//! Recurring payments and subscriptions as the analytics detector stored them: the list,
//! what they cost per month, those due within N days, and price increases.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, money_list, object};
use super::{Tool, ToolContext, ToolError};
use crate::tools::common::RoundHalfUp;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecurringInput {
    /// Only those expected within this many days from today; null for all.
    pub upcoming_within_days: Option<u32>,
    /// Only those whose price went up at their latest change.
    pub price_increases_only: bool,
    /// With `price_increases_only`: only changes on or after this day; null for any.
    #[serde(default)]
    pub changed_since: Option<NaiveDate>,
    /// Only the series that ended ("which subscriptions have I stopped").
    #[serde(default)]
    pub ended_only: bool,
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
    pub category_id: Option<Uuid>,
    /// With `upcoming_within_days`: each date it is expected on within the window, from its
    /// next date on (a weekly payment is due several times in 30 days).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub due: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recurring {
    pub payments: Vec<RecurringPayment>,
    /// Money out per month of the payments listed, per currency (positive).
    pub monthly_total: Vec<Money>,
    /// With `upcoming_within_days`: the money out expected within the window, per currency
    /// (every expected date of every payment).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub upcoming_total: Vec<Money>,
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
            "ended_only": { "type": "boolean", "description": "Only the series that ended (stopped subscriptions); false for the live ones" },
        }))
    }

    async fn run(ctx: &ToolContext, input: RecurringInput) -> Result<Recurring, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let stored = kakeibo_analytics::recurring::store::list(
            &mut conn,
            ctx.user_id,
            input.ended_only,
            false,
        )
        .await?;
        let until = input
            .upcoming_within_days
            .map(|n| ctx.today + Days::new(u64::from(n)));
        let payments: Vec<RecurringPayment> = stored
            .into_iter()
            .filter(|s| {
                until.is_none_or(|until| s.next_date.is_some_and(|d| d >= ctx.today && d <= until))
            })
            .filter(|s| (s.status == "ended") == input.ended_only)
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
                    monthly: Money::new((s.amount * per_month(&s.cadence)).round_half_up(2), c),
                    cadence: s.cadence.clone(),
                    next_date: s.next_date,
                    status: s.status.clone(),
                    previous_amount: s.previous_amount.map(|a| Money::new(a, c)),
                    price_changed_on: s.price_changed_on,
                    price_increased: s.price_increased,
                    category_id: s.category_id,
                    due: until.map_or_else(Vec::new, |until| due_dates(&s, until)),
                }
            })
            .collect();
        let mut upcoming_total: Vec<Money> = Vec::new();
        for p in payments.iter().filter(|p| p.amount.amount < Decimal::ZERO) {
            if p.due.is_empty() {
                continue;
            }
            let due = Decimal::from(p.due.len()) * -p.amount.amount;
            match upcoming_total
                .iter_mut()
                .find(|m| m.currency == p.amount.currency)
            {
                Some(m) => m.amount += due,
                None => upcoming_total.push(Money::new(due, &p.amount.currency)),
            }
        }
        upcoming_total.sort_by(|a, b| a.currency.cmp(&b.currency));
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
            upcoming_total,
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
/// The dates a series is expected on from its next date up to `until`.
fn due_dates(
    s: &kakeibo_analytics::recurring::store::StoredSeries,
    until: NaiveDate,
) -> Vec<NaiveDate> {
    let (Some(next), Some(schedule)) = (
        s.next_date,
        kakeibo_analytics::recurring::store::schedule_of(s),
    ) else {
        return Vec::new();
    };
    let mut dates = Vec::new();
    let mut date = next;
    // At most a year of weekly payments: the window is at most 366 days.
    while date <= until && dates.len() < 60 {
        dates.push(date);
        let following = schedule.next_after(date);
        if following <= date {
            break;
        }
        date = following;
    }
    dates
}

fn per_month(cadence: &str) -> Decimal {
    match cadence {
        "weekly" => Decimal::from(52) / Decimal::from(12),
        "fortnightly" => Decimal::from(26) / Decimal::from(12),
        "quarterly" => Decimal::ONE / Decimal::from(3),
        "yearly" => Decimal::ONE / Decimal::from(12),
        _ => Decimal::ONE,
    }
}
