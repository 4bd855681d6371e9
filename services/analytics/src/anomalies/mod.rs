//! Anomalies (issue 6, section 5): a recent transaction far above what the user usually
//! spends at its merchant or in its category, a large first purchase at a new merchant, and a
//! category's week or month far above its usual level.
//!
//! "Usual" is robust: the median of the history, with the median absolute deviation (MAD)
//! as its spread, so one earlier outlier does not hide the next. See docs/decisions.md
//! ("Anomalies") for the thresholds.

pub mod store;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::recurring::median;

/// Transactions this recent are checked; older ones are history.
pub const RECENT_DAYS: u64 = 30;
/// Fewest earlier purchases at a merchant, or earlier parts in a category, before a
/// transaction can be unusual there.
pub const MIN_MERCHANT_HISTORY: usize = 5;
pub const MIN_CATEGORY_HISTORY: usize = 10;
/// Unusual: above median + 4 robust standard deviations and above twice the median.
const ROBUST_Z: Decimal = Decimal::from_parts(4, 0, 0, false, 0);
/// 1.4826 × MAD estimates the standard deviation of normal data.
const MAD_SCALE: Decimal = Decimal::from_parts(14826, 0, 0, false, 4);
/// A spread of at least a tenth of the median, so fixed prices (MAD 0) are not over-sensitive.
const MIN_SPREAD: Decimal = Decimal::from_parts(1, 0, 0, false, 1);
/// A new merchant's first purchase is large from three times the user's median purchase,
/// and at least this much.
const NEW_MERCHANT_FLOOR: Decimal = Decimal::from_parts(50, 0, 0, false, 0);
/// A user needs this much history before any merchant counts as new.
const NEW_MERCHANT_HISTORY_DAYS: u64 = 90;
/// A period is a spike at twice its baseline (median of the earlier periods) and this much
/// above it.
const SPIKE_FLOOR: Decimal = Decimal::from_parts(50, 0, 0, false, 0);
/// Earlier periods the baseline takes, and how many must exist.
pub const SPIKE_BASELINE_MONTHS: usize = 6;
pub const SPIKE_BASELINE_WEEKS: usize = 8;
const SPIKE_MIN_PERIODS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    LargeForMerchant,
    LargeForCategory,
    NewMerchant,
    SpikeWeek,
    SpikeMonth,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LargeForMerchant => "large_for_merchant",
            Kind::LargeForCategory => "large_for_category",
            Kind::NewMerchant => "new_merchant",
            Kind::SpikeWeek => "spike_week",
            Kind::SpikeMonth => "spike_month",
        }
    }
}

/// One spending row: a transaction (for merchants) or a split part (for categories).
#[derive(Debug, Clone)]
pub struct Spend {
    pub transaction_id: Uuid,
    pub date: NaiveDate,
    /// Spent, positive.
    pub amount: Decimal,
    pub currency: String,
    pub merchant: String,
    pub category_id: Option<Uuid>,
}

/// A category's spending in one period (refunds subtracted).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodTotal {
    pub category_id: Uuid,
    pub currency: String,
    /// First day of the week or month.
    pub period: NaiveDate,
    pub spent: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Anomaly {
    pub key: String,
    pub kind: Kind,
    pub transaction_id: Option<Uuid>,
    pub on_date: NaiveDate,
    pub merchant: Option<String>,
    pub category_id: Option<Uuid>,
    pub amount: Decimal,
    pub baseline: Decimal,
    pub currency: String,
}

/// Median and robust spread of `values`.
fn robust(values: &[Decimal]) -> (Decimal, Decimal) {
    let med = median(values.iter().copied());
    let mad = median(values.iter().map(|v| (*v - med).abs()));
    (med, (mad * MAD_SCALE).max(med * MIN_SPREAD))
}

/// Recent rows far above their group's history (its rows before the recent window: one
/// baseline per group, so a burst of recent purchases does not move it). `groups` yields each
/// group's rows, oldest first.
pub fn large_transactions<'a>(
    groups: impl Iterator<Item = &'a [Spend]>,
    kind: Kind,
    min_history: usize,
    today: NaiveDate,
) -> Vec<Anomaly> {
    let recent_from = today - Days::new(RECENT_DAYS);
    let mut out = Vec::new();
    for rows in groups {
        let split = rows.partition_point(|r| r.date < recent_from);
        if split < min_history || split == rows.len() {
            continue;
        }
        let history: Vec<Decimal> = rows[..split].iter().map(|r| r.amount).collect();
        let (med, spread) = robust(&history);
        let threshold = (med + ROBUST_Z * spread).max(med * Decimal::TWO);
        for row in rows[split..].iter().filter(|r| r.amount > threshold) {
            out.push(Anomaly {
                key: format!("{}:{}", kind.as_str(), row.transaction_id),
                kind,
                transaction_id: Some(row.transaction_id),
                on_date: row.date,
                merchant: Some(row.merchant.clone()),
                category_id: row.category_id,
                amount: row.amount,
                baseline: med,
                currency: row.currency.clone(),
            });
        }
    }
    out
}

/// Recent first purchases at a merchant that are large for the user. `groups` are the
/// merchants' rows, oldest first; `typical` is the user's median purchase per currency.
pub fn new_merchants<'a>(
    groups: impl Iterator<Item = &'a [Spend]>,
    typical: &dyn Fn(&str) -> Option<Decimal>,
    first_day: NaiveDate,
    today: NaiveDate,
) -> Vec<Anomaly> {
    let recent_from = today - Days::new(RECENT_DAYS);
    if first_day + Days::new(NEW_MERCHANT_HISTORY_DAYS) > recent_from {
        return Vec::new();
    }
    groups
        .filter_map(|rows| rows.first())
        .filter(|first| first.date >= recent_from)
        .filter(|first| {
            typical(&first.currency)
                .is_some_and(|t| first.amount >= (t * Decimal::from(3)).max(NEW_MERCHANT_FLOOR))
        })
        .map(|first| Anomaly {
            key: format!("new_merchant:{}", first.transaction_id),
            kind: Kind::NewMerchant,
            transaction_id: Some(first.transaction_id),
            on_date: first.date,
            merchant: Some(first.merchant.clone()),
            category_id: first.category_id,
            amount: first.amount,
            baseline: typical(&first.currency).unwrap_or_default(),
            currency: first.currency.clone(),
        })
        .collect()
}

/// Categories whose `current` periods (this one and the last complete one) are far above
/// the median of the `baseline` periods before each. `totals` are sorted by category,
/// currency and period; `periods` lists every period start, oldest first, ending with the
/// current one. A period without spending counts as zero once the category has history.
pub fn spikes(
    totals: &[PeriodTotal],
    periods: &[NaiveDate],
    baseline: usize,
    kind: Kind,
) -> Vec<Anomaly> {
    let mut out = Vec::new();
    for rows in totals.chunk_by(|a, b| a.category_id == b.category_id && a.currency == b.currency) {
        let spent = |p: NaiveDate| {
            rows.iter()
                .find(|r| r.period == p)
                .map_or(Decimal::ZERO, |r| r.spent)
        };
        let first = rows[0].period;
        for at in periods.len().saturating_sub(2)..periods.len() {
            let earlier: Vec<Decimal> = periods[at.saturating_sub(baseline)..at]
                .iter()
                .filter(|p| **p >= first)
                .map(|p| spent(*p))
                .collect();
            if earlier.len() < SPIKE_MIN_PERIODS {
                continue;
            }
            let med = median(earlier.iter().copied());
            let now = spent(periods[at]);
            if now >= med * Decimal::TWO && now - med >= SPIKE_FLOOR {
                out.push(Anomaly {
                    key: format!(
                        "{}:{}:{}:{}",
                        kind.as_str(),
                        rows[0].category_id,
                        rows[0].currency,
                        periods[at]
                    ),
                    kind,
                    transaction_id: None,
                    on_date: periods[at],
                    merchant: None,
                    category_id: Some(rows[0].category_id),
                    amount: now,
                    baseline: med,
                    currency: rows[0].currency.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
