//! Recurring payments and subscriptions (issue 6, section 4): per merchant, payments that
//! follow a schedule with similar amounts, each with the date it is expected next, its latest
//! price change, and the payments that did not come.
//!
//! A merchant's rows are taken per currency and direction (money out, money in). If all of
//! them follow one schedule, they are one series whatever their amounts (a price may triple
//! when a plan changes). Otherwise they are split into groups of similar amounts (neighbours
//! within 25 %, the group within a factor of 1.5) and into groups of one exact amount, and
//! each group that follows a schedule is a series: a salary and a yearly bonus from one
//! employer, two insurance policies debited on the same day, a subscription among a shop's
//! other purchases. A group of only two payments (a yearly one) counts only when the
//! merchant's other payments all belong to series too.

pub mod cadence;
pub mod history;
pub mod store;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use uuid::Uuid;

pub use cadence::{Cadence, Schedule};

/// One payment of a merchant, on the user's local date.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub date: NaiveDate,
    /// Signed: negative is money out.
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
}

/// A merchant's payments in one currency and one direction, oldest first.
#[derive(Debug, Clone)]
pub struct Group {
    /// The merchant key (or the merchant text when the categorizer has not keyed the row).
    pub key: String,
    pub merchant: String,
    pub currency: String,
    pub payments: Vec<Payment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The last expected payment came (or is not late yet).
    Active,
    /// One expected payment did not come.
    Missed,
    /// Two or more did not come: cancelled, or moved elsewhere.
    Ended,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Missed => "missed",
            Status::Ended => "ended",
        }
    }
}

/// The latest change of a fixed price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceChange {
    pub from: Decimal,
    pub to: Decimal,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: String,
    pub merchant: String,
    pub currency: String,
    pub schedule: Schedule,
    /// What the next payment is expected to be.
    pub amount: Decimal,
    pub category_id: Option<Uuid>,
    pub occurrences: usize,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// `None` once ended.
    pub next_date: Option<NaiveDate>,
    pub missed: u32,
    pub status: Status,
    pub price_change: Option<PriceChange>,
    /// What its payments add up to over the forecast's averaging window (signed), so the
    /// forecast's averages leave them out.
    pub recent_total: Decimal,
}

impl Series {
    /// A higher charge for the same thing (money out only; a raise is good news).
    pub fn price_increase(&self) -> Option<PriceChange> {
        self.price_change
            .filter(|c| self.amount.is_sign_negative() && c.to.abs() > c.from.abs())
    }
}

/// Neighbouring amounts (sorted) closer than this are one group.
const NEIGHBOUR_RATIO: Decimal = Decimal::from_parts(125, 0, 0, false, 2);
/// A group's largest amount is at most this times its smallest.
const SPREAD_RATIO: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
/// When a whole merchant follows a schedule, at least two in three amounts lie within this
/// share of the median (so a weekly shop with any basket is not a subscription).
const WHOLE_TOLERANCE: Decimal = Decimal::from_parts(35, 0, 0, false, 2);
/// A series is fixed-price when at least this share of consecutive charges are equal (or
/// when its price changed once).
const FIXED_SHARE_PERCENT: usize = 80;

/// Every series in a merchant's payments, as of the local date `today`.
pub fn detect(group: &Group, today: NaiveDate) -> Vec<Series> {
    let payments = &group.payments;
    if let Some(schedule) = fit(payments)
        && amounts_agree(payments)
    {
        return vec![series(group, group.key.clone(), payments, schedule, today)];
    }
    let mut found = Vec::new();
    let mut taken = vec![false; payments.len()];
    for indexes in similar_amounts(payments)
        .into_iter()
        .chain(exact_amounts(payments))
    {
        if indexes.len() == payments.len() || indexes.iter().any(|&i| taken[i]) {
            continue;
        }
        let subset: Vec<Payment> = indexes.iter().map(|&i| payments[i].clone()).collect();
        if let Some(schedule) = fit(&subset) {
            indexes.iter().for_each(|&i| taken[i] = true);
            let median = median(subset.iter().map(|p| p.amount.abs()));
            let key = format!("{}:{}", group.key, median.trunc());
            found.push(series(group, key, &subset, schedule, today));
        }
    }
    // Two payments a year apart among a merchant's other purchases are chance (two parking
    // tickets in April); they are a series only when every other payment there is one too
    // (a yearly bonus beside a monthly salary, two policies debited on one day).
    if taken.iter().any(|t| !t) {
        found.retain(|s| s.occurrences > 2);
    }
    found
}

fn fit(payments: &[Payment]) -> Option<Schedule> {
    let dates: Vec<NaiveDate> = payments.iter().map(|p| p.date).collect();
    cadence::fit(&dates)
}

fn amounts_agree(payments: &[Payment]) -> bool {
    let median = median(payments.iter().map(|p| p.amount.abs()));
    let near = payments
        .iter()
        .filter(|p| (p.amount.abs() - median).abs() <= median * WHOLE_TOLERANCE)
        .count();
    near * 3 >= payments.len() * 2
}

/// Indexes grouped by similar amounts.
fn similar_amounts(payments: &[Payment]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..payments.len()).collect();
    order.sort_by_key(|&i| payments[i].amount.abs());
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let amount = payments[i].amount.abs();
        match groups.last_mut() {
            Some(g)
                if amount <= payments[*g.last().unwrap_or(&i)].amount.abs() * NEIGHBOUR_RATIO =>
            {
                g.push(i)
            }
            _ => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .filter(|g| {
            let lo = payments[g[0]].amount.abs();
            let hi = payments[g[g.len() - 1]].amount.abs();
            hi <= lo * SPREAD_RATIO
        })
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect()
}

/// Indexes grouped by exact amount (a fixed subscription among other purchases).
fn exact_amounts(payments: &[Payment]) -> Vec<Vec<usize>> {
    let mut by_amount: HashMap<Decimal, Vec<usize>> = HashMap::new();
    for (i, p) in payments.iter().enumerate() {
        by_amount.entry(p.amount.normalize()).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_amount.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    groups
}

pub(crate) fn median(values: impl Iterator<Item = Decimal>) -> Decimal {
    let mut v: Vec<Decimal> = values.collect();
    if v.is_empty() {
        return Decimal::ZERO;
    }
    v.sort();
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / Decimal::TWO
    }
}

fn series(
    group: &Group,
    key: String,
    payments: &[Payment],
    schedule: Schedule,
    today: NaiveDate,
) -> Series {
    let last = payments.last().expect("a series has payments");
    let changes = payments
        .windows(2)
        .filter(|w| w[0].amount != w[1].amount)
        .count();
    // One change is a price change even in a short series; more must be rare.
    let fixed = changes <= 1 || changes * 100 <= (payments.len() - 1) * (100 - FIXED_SHARE_PERCENT);
    let price_change = fixed
        .then(|| {
            payments
                .windows(2)
                .rev()
                .find(|w| w[0].amount != w[1].amount)
                .map(|w| PriceChange {
                    from: w[0].amount,
                    to: w[1].amount,
                    on: w[1].date,
                })
        })
        .flatten();
    let amount = if fixed {
        last.amount
    } else {
        let recent = &payments[payments.len().saturating_sub(3)..];
        let typical = median(recent.iter().map(|p| p.amount.abs()));
        if last.amount.is_sign_negative() {
            -typical
        } else {
            typical
        }
    };
    // Every expected date that passed its grace period without a payment is a missed one.
    let mut next = schedule.next_after(last.date);
    let mut missed = 0;
    while next + Days::new(schedule.cadence.grace_days()) < today {
        missed += 1;
        next = schedule.next_after(next);
    }
    let status = match missed {
        0 => Status::Active,
        1 => Status::Missed,
        _ => Status::Ended,
    };
    let window_start = today - Days::new(crate::forecast::AVERAGE_DAYS);
    let recent_total = payments
        .iter()
        .filter(|p| p.date > window_start && p.date <= today)
        .map(|p| p.amount)
        .sum();
    Series {
        key,
        merchant: group.merchant.clone(),
        currency: group.currency.clone(),
        schedule,
        amount,
        category_id: last.category_id,
        occurrences: payments.len(),
        first_date: payments[0].date,
        last_date: last.date,
        next_date: (status != Status::Ended).then_some(next),
        missed,
        status,
        price_change,
        recent_total,
    }
}

#[cfg(test)]
mod tests;
