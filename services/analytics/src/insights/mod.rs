//! Insights (issue 6, section 7): facts computed in code — a category well above its
//! 3-month average, a new recurring payment, a price increase, a missed payment, an unusual
//! transaction, a spending spike — stored once each and worded by templates, or by the chat
//! model when one is configured (it words the facts; every number comes from here).

pub mod alerts;
pub mod recompute;
pub mod store;
pub mod wording;
pub mod wording_de;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::anomalies::{self, Anomaly, PeriodTotal};
use crate::recurring::{Series, Status};

/// A category is worth a word from this much above its 3-month average...
const ABOVE_AVERAGE_PERCENT: i64 = 25;
/// ...and at least this much in money.
const ABOVE_AVERAGE_FLOOR: Decimal = Decimal::from_parts(25, 0, 0, false, 0);
/// A recurring payment is new while its first payment is this recent.
const NEW_RECURRING_DAYS: u64 = 100;
/// A price increase is news this long.
const PRICE_NEWS_DAYS: u64 = 60;

/// One fact, with what the wording may use. Amounts are positive, with two decimals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    CategoryAboveAverage {
        category: String,
        /// YYYY-MM.
        month: String,
        month_to_date: bool,
        amount: Decimal,
        average: Decimal,
        percent: i64,
        currency: String,
    },
    NewRecurring {
        merchant: String,
        cadence: String,
        amount: Decimal,
        currency: String,
        next_date: Option<NaiveDate>,
    },
    PriceIncrease {
        merchant: String,
        from: Decimal,
        to: Decimal,
        percent: i64,
        currency: String,
        on: NaiveDate,
    },
    MissedPayment {
        merchant: String,
        cadence: String,
        amount: Decimal,
        currency: String,
        last_paid: NaiveDate,
    },
    LargeTransaction {
        merchant: String,
        category: Option<String>,
        amount: Decimal,
        usual: Decimal,
        currency: String,
        on: NaiveDate,
    },
    NewMerchant {
        merchant: String,
        amount: Decimal,
        currency: String,
        on: NaiveDate,
    },
    SpendingSpike {
        category: String,
        month: String,
        amount: Decimal,
        usual: Decimal,
        currency: String,
    },
}

impl Fact {
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::CategoryAboveAverage { .. } => "category_above_average",
            Fact::NewRecurring { .. } => "new_recurring",
            Fact::PriceIncrease { .. } => "price_increase",
            Fact::MissedPayment { .. } => "missed_payment",
            Fact::LargeTransaction { .. } => "large_transaction",
            Fact::NewMerchant { .. } => "new_merchant",
            Fact::SpendingSpike { .. } => "spending_spike",
        }
    }
}

/// A fact with the key that makes it once per user.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub key: String,
    pub fact: Fact,
}

fn money(v: Decimal) -> Decimal {
    v.abs().round_dp(2)
}

/// How much `a` is above `b`, in whole percent.
fn percent_above(a: Decimal, b: Decimal) -> i64 {
    if b.is_zero() {
        return 0;
    }
    use rust_decimal::prelude::ToPrimitive;
    ((a / b - Decimal::ONE) * Decimal::ONE_HUNDRED)
        .round()
        .to_i64()
        .unwrap_or(0)
}

fn month_label(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Categories whose spending this month so far, or last month, is well above the average
/// of the three months before. `totals` are monthly, sorted by category and currency.
pub fn above_average(
    totals: &[PeriodTotal],
    names: &HashMap<Uuid, String>,
    today: NaiveDate,
) -> Vec<Keyed> {
    let this_month = today.with_day(1).unwrap_or(today);
    let mut out = Vec::new();
    for rows in totals.chunk_by(|a, b| a.category_id == b.category_id && a.currency == b.currency) {
        let spent = |p: NaiveDate| {
            rows.iter()
                .find(|r| r.period == p)
                .map_or(Decimal::ZERO, |r| r.spent)
        };
        for back in [0u32, 1] {
            let month = this_month - Months::new(back);
            let before: Vec<NaiveDate> = (1..=3).map(|n| month - Months::new(n)).collect();
            if rows[0].period > before[2] {
                continue; // less than three months of history
            }
            let average = before.iter().map(|p| spent(*p)).sum::<Decimal>() / Decimal::from(3);
            let amount = spent(month);
            let percent = percent_above(amount, average);
            if average.is_zero()
                || percent < ABOVE_AVERAGE_PERCENT
                || amount - average < ABOVE_AVERAGE_FLOOR
            {
                continue;
            }
            let category = names.get(&rows[0].category_id).cloned().unwrap_or_default();
            out.push(Keyed {
                key: format!(
                    "category_above_average:{}:{}:{}",
                    rows[0].category_id,
                    rows[0].currency,
                    month_label(month)
                ),
                fact: Fact::CategoryAboveAverage {
                    category,
                    month: month_label(month),
                    month_to_date: back == 0,
                    amount: money(amount),
                    average: money(average),
                    percent,
                    currency: rows[0].currency.clone(),
                },
            });
        }
    }
    out
}

/// A category's month that is both a spike and above its average would be said twice: the
/// above-average fact, which names the average, is kept.
pub fn without_repeats(facts: Vec<Keyed>) -> Vec<Keyed> {
    let above: HashSet<(String, String, String)> = facts
        .iter()
        .filter_map(|f| match &f.fact {
            Fact::CategoryAboveAverage {
                category,
                month,
                currency,
                ..
            } => Some((category.clone(), month.clone(), currency.clone())),
            _ => None,
        })
        .collect();
    facts
        .into_iter()
        .filter(|f| match &f.fact {
            Fact::SpendingSpike {
                category,
                month,
                currency,
                ..
            } => !above.contains(&(category.clone(), month.clone(), currency.clone())),
            _ => true,
        })
        .collect()
}

/// New recurring payments, recent price increases and missed payments. `series` pairs each
/// stored id with what was detected.
pub fn from_series(series: &[(Uuid, &Series)], today: NaiveDate) -> Vec<Keyed> {
    let mut out = Vec::new();
    for (id, s) in series {
        let cadence = s.schedule.cadence.as_str().replace('_', " ");
        let outgoing = s.amount.is_sign_negative();
        if outgoing
            && s.status == Status::Active
            && s.first_date + Days::new(NEW_RECURRING_DAYS) >= today
        {
            out.push(Keyed {
                key: format!("new_recurring:{id}"),
                fact: Fact::NewRecurring {
                    merchant: s.merchant.clone(),
                    cadence: cadence.clone(),
                    amount: money(s.amount),
                    currency: s.currency.clone(),
                    next_date: s.next_date,
                },
            });
        }
        if let Some(change) = s.price_increase()
            && change.on + Days::new(PRICE_NEWS_DAYS) >= today
            && s.status != Status::Ended
        {
            out.push(Keyed {
                key: format!("price_increase:{id}:{}", change.on),
                fact: Fact::PriceIncrease {
                    merchant: s.merchant.clone(),
                    from: money(change.from),
                    to: money(change.to),
                    percent: percent_above(change.to.abs(), change.from.abs()),
                    currency: s.currency.clone(),
                    on: change.on,
                },
            });
        }
        if s.status == Status::Missed {
            out.push(Keyed {
                key: format!("missed_payment:{id}:{}", s.last_date),
                fact: Fact::MissedPayment {
                    merchant: s.merchant.clone(),
                    cadence,
                    amount: money(s.amount),
                    currency: s.currency.clone(),
                    last_paid: s.last_date,
                },
            });
        }
    }
    out
}

/// Unusual transactions and monthly spikes (weekly spikes stay in the anomaly list only:
/// they come and go too fast for a note).
pub fn from_anomalies(found: &[Anomaly], names: &HashMap<Uuid, String>) -> Vec<Keyed> {
    let category = |a: &Anomaly| a.category_id.and_then(|c| names.get(&c).cloned());
    found
        .iter()
        .filter_map(|a| {
            let fact = match a.kind {
                anomalies::Kind::LargeForMerchant | anomalies::Kind::LargeForCategory => {
                    Fact::LargeTransaction {
                        merchant: a.merchant.clone().unwrap_or_default(),
                        category: category(a),
                        amount: money(a.amount),
                        usual: money(a.baseline),
                        currency: a.currency.clone(),
                        on: a.on_date,
                    }
                }
                anomalies::Kind::NewMerchant => Fact::NewMerchant {
                    merchant: a.merchant.clone().unwrap_or_default(),
                    amount: money(a.amount),
                    currency: a.currency.clone(),
                    on: a.on_date,
                },
                anomalies::Kind::SpikeMonth => Fact::SpendingSpike {
                    category: category(a).unwrap_or_default(),
                    month: month_label(a.on_date),
                    amount: money(a.amount),
                    usual: money(a.baseline),
                    currency: a.currency.clone(),
                },
                anomalies::Kind::SpikeWeek => return None,
            };
            Some(Keyed {
                key: format!("anomaly:{}", a.key),
                fact,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
