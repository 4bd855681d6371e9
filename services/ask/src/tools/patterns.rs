//! What the analytics pattern finders stored: anomalies, insights, and the cash-flow
//! forecast.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, object};
use super::{Tool, ToolContext, ToolError};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnomaliesInput {
    /// Only those of the last N days; null for all stored (the finders look 30 days back).
    pub days: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    pub id: Uuid,
    /// large_for_merchant, large_for_category, new_merchant, spike_week or spike_month.
    pub kind: String,
    pub on_date: NaiveDate,
    pub merchant: Option<String>,
    pub category: Option<String>,
    /// What was spent (positive).
    pub amount: Money,
    /// What is usual: the median of the history it was compared with.
    pub usual: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomalies {
    pub anomalies: Vec<Anomaly>,
}

pub struct AnomaliesTool;

impl Tool for AnomaliesTool {
    const NAME: &'static str = "anomalies";
    const DESCRIPTION: &'static str = "Unusual spending: transactions large for their merchant or category, large first purchases at new merchants, and weeks or months far above usual in a category, each with the usual amount.";
    type Input = AnomaliesInput;
    type Output = Anomalies;

    fn input_schema() -> Value {
        object(json!({
            "days": { "type": ["integer", "null"], "minimum": 1, "maximum": 366, "description": "Only the last N days; null for all" },
        }))
    }

    async fn run(ctx: &ToolContext, input: AnomaliesInput) -> Result<Anomalies, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let since = input.days.map(|n| ctx.today - Days::new(u64::from(n)));
        let found =
            kakeibo_analytics::anomalies::store::list(&mut conn, ctx.user_id, since, None).await?;
        Ok(Anomalies {
            anomalies: found
                .into_iter()
                .filter(|a| a.on_date <= ctx.today)
                .map(|a| Anomaly {
                    id: a.id,
                    kind: a.kind,
                    on_date: a.on_date,
                    merchant: a.merchant,
                    category: a.category_name,
                    amount: Money::new(a.amount, &a.currency),
                    usual: Money::new(a.baseline, &a.currency),
                })
                .collect(),
        })
    }

    fn summary(output: &Anomalies) -> String {
        let parts: Vec<String> = output
            .anomalies
            .iter()
            .take(5)
            .map(|a| {
                let what = a
                    .merchant
                    .as_deref()
                    .or(a.category.as_deref())
                    .unwrap_or("?");
                format!(
                    "{} {what} on {}: {} (usually {})",
                    a.kind, a.on_date, a.amount, a.usual
                )
            })
            .collect();
        format!("{} anomalies. {}", output.anomalies.len(), parts.join("; "))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InsightsInput {
    /// At most this many, newest first.
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Insight {
    pub id: Uuid,
    pub kind: String,
    /// The stored English sentence; `facts` hold its numbers.
    pub text: String,
    pub facts: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Insights {
    pub insights: Vec<Insight>,
}

pub struct InsightsTool;

impl Tool for InsightsTool {
    const NAME: &'static str = "insights";
    const DESCRIPTION: &'static str = "The user's latest insights (categories above average, new recurring payments, price increases, missed payments, large transactions, spending spikes), each with its facts.";
    type Input = InsightsInput;
    type Output = Insights;

    fn input_schema() -> Value {
        object(json!({
            "limit": { "type": "integer", "minimum": 1, "maximum": 50, "description": "How many, newest first" },
        }))
    }

    async fn run(ctx: &ToolContext, input: InsightsInput) -> Result<Insights, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let found = kakeibo_analytics::insights::store::list(
            &mut conn,
            ctx.user_id,
            false,
            None,
            input.limit.clamp(1, 50),
        )
        .await?;
        Ok(Insights {
            insights: found
                .into_iter()
                .map(|i| Insight {
                    id: i.id,
                    kind: i.kind,
                    text: i.text,
                    facts: i.facts,
                })
                .collect(),
        })
    }

    fn summary(output: &Insights) -> String {
        format!("{} insights", output.insights.len())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForecastInput {
    /// 30, 60 or 90.
    pub days: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyForecast {
    pub currency: String,
    pub starting_balance: Option<Money>,
    /// Money in less money out expected within the horizon.
    pub net: Money,
    /// Today's balance plus `net`; null when no account of this currency reports one.
    pub balance: Option<Money>,
    pub recurring_spending: Money,
    pub other_spending: Money,
    pub recurring_income: Money,
    pub other_income: Money,
    /// Recurring payments expected within the horizon.
    pub upcoming: Vec<UpcomingPayment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpcomingPayment {
    pub merchant: String,
    pub date: NaiveDate,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub today: NaiveDate,
    pub days: u64,
    pub currencies: Vec<CurrencyForecast>,
}

pub struct ForecastTool;

impl Tool for ForecastTool {
    const NAME: &'static str = "forecast";
    const DESCRIPTION: &'static str = "The cash-flow forecast for the next 30, 60 or 90 days per currency: recurring payments and income at their expected dates plus the daily average of everything else, and the expected balance.";
    type Input = ForecastInput;
    type Output = Forecast;

    fn input_schema() -> Value {
        object(json!({
            "days": { "type": "integer", "enum": [30, 60, 90], "description": "The horizon in days" },
        }))
    }

    async fn run(ctx: &ToolContext, input: ForecastInput) -> Result<Forecast, ToolError> {
        let mut conn = ctx.reads.acquire().await?;
        let all = kakeibo_analytics::forecast::load(&mut conn, ctx.user_id, ctx.today).await?;
        let until = ctx.today + Days::new(input.days);
        let currencies = all
            .into_iter()
            .filter_map(|f| {
                let h = f.horizons.iter().find(|h| h.days == input.days)?.clone();
                let c = f.currency.as_str();
                Some(CurrencyForecast {
                    currency: f.currency.clone(),
                    starting_balance: f.starting_balance.map(|b| Money::new(b, c)),
                    net: Money::new(h.net, c),
                    balance: h.balance.map(|b| Money::new(b, c)),
                    recurring_spending: Money::new(h.recurring_spending, c),
                    other_spending: Money::new(h.other_spending, c),
                    recurring_income: Money::new(h.recurring_income, c),
                    other_income: Money::new(h.other_income, c),
                    upcoming: f
                        .upcoming
                        .iter()
                        .filter(|u| u.date <= until)
                        .map(|u| UpcomingPayment {
                            merchant: u.merchant.clone(),
                            date: u.date,
                            amount: Money::new(u.amount, c),
                        })
                        .collect(),
                })
            })
            .collect();
        Ok(Forecast {
            today: ctx.today,
            days: input.days,
            currencies,
        })
    }

    fn summary(output: &Forecast) -> String {
        let parts: Vec<String> = output
            .currencies
            .iter()
            .map(|c| match &c.balance {
                Some(b) => format!("net {}, balance then {b}", c.net),
                None => format!("net {}", c.net),
            })
            .collect();
        format!("next {} days: {}", output.days, parts.join("; "))
    }
}
