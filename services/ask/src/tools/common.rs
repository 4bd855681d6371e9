//! What the tools share: money with its currency, periods, schema pieces, and reading the
//! names a question uses (categories, accounts) as the user's own ids.

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::PgConnection;
use uuid::Uuid;

use super::ToolError;

/// Rounding as people and the database do it: halves away from zero (9,499.765 is
/// 9,499.77), where `Decimal::round_dp` rounds halves to even.
pub trait RoundHalfUp {
    fn round_half_up(self, places: u32) -> Decimal;
}

impl RoundHalfUp for Decimal {
    fn round_half_up(self, places: u32) -> Decimal {
        self.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// An amount and its currency: no figure leaves a tool without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: String,
}

impl Money {
    pub fn new(amount: Decimal, currency: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
        }
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount.round_half_up(2), self.currency)
    }
}

/// Joins amounts in several currencies for a summary: "12.50 EUR, 3.00 USD".
pub fn money_list(list: &[Money]) -> String {
    if list.is_empty() {
        return "nothing".to_string();
    }
    list.iter()
        .map(Money::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, ToolError> {
        if from > to {
            return Err(ToolError::Invalid(format!("from {from} is after to {to}")));
        }
        Ok(Self { from, to })
    }

    fn whole_months(&self) -> Option<u32> {
        let last_of_month = self.to.succ_opt().is_some_and(|d| d.day() == 1);
        (self.from.day() == 1 && last_of_month).then(|| self.months())
    }

    /// Calendar months the period touches (a part month counts as one).
    pub fn months(&self) -> u32 {
        let span = (self.to.year() - self.from.year()) * 12 + self.to.month0() as i32
            - self.from.month0() as i32;
        u32::try_from(span + 1).unwrap_or(1)
    }

    /// What an average per month divides by: N for "the last N months" (the rolling window
    /// from the day after the same date N months back, docs/decisions.md), else the calendar
    /// months the period touches.
    pub fn months_averaged(&self) -> u32 {
        let touched = self.months();
        let rolling = touched - 1;
        let window_start = self
            .to
            .checked_sub_months(Months::new(rolling))
            .and_then(|d| d.succ_opt());
        if rolling >= 1 && window_start == Some(self.from) {
            rolling
        } else {
            touched
        }
    }

    /// The period just before: the previous whole months when this is whole months (March
    /// → February), otherwise as many days ending the day before.
    pub fn previous(&self) -> Self {
        match self.whole_months() {
            Some(n) => {
                let from = self.from - Months::new(n);
                Self {
                    from,
                    to: self.from.pred_opt().unwrap_or(self.from),
                }
            }
            None => {
                let days = (self.to - self.from).num_days() as u64 + 1;
                Self {
                    from: self.from - Days::new(days),
                    to: self.from.pred_opt().unwrap_or(self.from),
                }
            }
        }
    }

    /// The same days a year earlier (a month's last day stays its last day).
    pub fn a_year_earlier(&self) -> Self {
        let from = self.from - Months::new(12);
        let to = match self.whole_months() {
            Some(_) => (self.to + Days::new(1) - Months::new(12))
                .pred_opt()
                .unwrap_or(from),
            None => self.to - Months::new(12),
        };
        Self { from, to }
    }
}

/// `{"type": ["string", "null"], "description": …}`.
pub fn nullable_string(description: &str) -> Value {
    json!({ "type": ["string", "null"], "description": description })
}

pub fn date(description: &str) -> Value {
    json!({ "type": "string", "description": format!("{description} (YYYY-MM-DD)") })
}

pub fn nullable_date(description: &str) -> Value {
    json!({ "type": ["string", "null"], "description": format!("{description} (YYYY-MM-DD), or null") })
}

pub fn one_of(options: &[&str], description: &str) -> Value {
    json!({ "type": "string", "enum": options, "description": description })
}

/// An object schema in strict style: every property required, nothing else allowed.
pub fn object(properties: Value) -> Value {
    let required: Vec<String> = properties
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The user's category of this name (case-insensitive; its subcategories count with it).
pub async fn category_named(
    conn: &mut PgConnection,
    user_id: Uuid,
    name: &str,
) -> Result<(Uuid, String), ToolError> {
    let all = kakeibo_transactions::categories::list(conn, user_id).await?;
    let wanted = name.trim().to_lowercase();
    all.into_iter()
        .find(|c| c.name.to_lowercase() == wanted)
        .map(|c| (c.id, c.name))
        .ok_or_else(|| ToolError::Invalid(format!("no category named {name:?}")))
}

/// The user's open accounts whose name contains `name` (case-insensitive), or whose kind
/// is `name` (checking, savings, credit_card, …).
pub async fn accounts_named(
    conn: &mut PgConnection,
    user_id: Uuid,
    name: &str,
) -> Result<Vec<Uuid>, ToolError> {
    let wanted = name.trim().to_lowercase();
    let found: Vec<Uuid> = kakeibo_bank_sync::accounts_api::accounts(conn, user_id)
        .await?
        .into_iter()
        .filter(|a| a.name.to_lowercase().contains(&wanted) || a.kind == wanted)
        .map(|a| a.id)
        .collect();
    if found.is_empty() {
        return Err(ToolError::Invalid(format!("no account named {name:?}")));
    }
    Ok(found)
}

/// `{"type": "array", "items": {"type": "string"}}`: names, any of which match.
pub fn names(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

/// The names that say something, trimmed.
pub fn given_list(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// `Some` text when it has any, else `None` (the model sends "" for "no filter" at times).
pub fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Spending or income sums: from the analytics rollups when no row-level filter is asked
/// (a year in milliseconds), else from the rows themselves. Both apply the same rules.
pub async fn flow_sums(
    ctx: &super::ToolContext,
    conn: &mut PgConnection,
    query: &kakeibo_transactions::flows::FlowQuery,
) -> Result<Vec<kakeibo_transactions::flows::FlowGroup>, sqlx::Error> {
    if let Some(groups) =
        kakeibo_analytics::reports::flows::sums(&ctx.reads, ctx.user_id, query).await?
    {
        return Ok(groups);
    }
    kakeibo_transactions::flows::sums(conn, ctx.user_id, query).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_whole_month_compares_with_the_month_before_and_a_year_before() {
        let march = Period::new(day("2026-03-01"), day("2026-03-31")).unwrap();
        assert_eq!(
            march.previous(),
            Period::new(day("2026-02-01"), day("2026-02-28")).unwrap()
        );
        assert_eq!(
            march.a_year_earlier(),
            Period::new(day("2025-03-01"), day("2025-03-31")).unwrap()
        );
        let feb_2024 = Period::new(day("2024-02-01"), day("2024-02-29")).unwrap();
        assert_eq!(
            feb_2024.a_year_earlier(),
            Period::new(day("2023-02-01"), day("2023-02-28")).unwrap()
        );
        assert_eq!(march.months(), 1);
    }

    #[test]
    fn other_periods_compare_with_as_many_days_before() {
        let week = Period::new(day("2026-03-09"), day("2026-03-15")).unwrap();
        assert_eq!(
            week.previous(),
            Period::new(day("2026-03-02"), day("2026-03-08")).unwrap()
        );
        let quarter = Period::new(day("2026-01-01"), day("2026-03-31")).unwrap();
        assert_eq!(
            quarter.previous(),
            Period::new(day("2025-10-01"), day("2025-12-31")).unwrap()
        );
        assert_eq!(quarter.months(), 3);
    }

    #[test]
    fn the_last_n_months_average_over_n_months() {
        let months = |a: &str, b: &str| Period::new(day(a), day(b)).unwrap().months_averaged();
        // Rolling windows touch N + 1 calendar months but are N months long.
        assert_eq!(months("2026-09-07", "2026-12-06"), 3);
        assert_eq!(months("2026-06-07", "2026-12-06"), 6);
        assert_eq!(months("2025-12-07", "2026-12-06"), 12);
        // A month end: November 30 less 3 months is August 30.
        assert_eq!(months("2026-08-31", "2026-11-30"), 3);
        assert_eq!(months("2026-02-02", "2026-03-01"), 1);
        // Whole months, and a window that is both.
        assert_eq!(months("2026-09-01", "2026-11-30"), 3);
        assert_eq!(months("2026-10-01", "2026-12-31"), 3);
        // Anything else: the months touched.
        assert_eq!(months("2026-09-15", "2026-12-06"), 4);
        assert_eq!(months("2026-12-01", "2026-12-06"), 1);
    }
}
