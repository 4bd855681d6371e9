//! The weekly summary's facts: every figure the e-mail shows, computed from the user's own
//! data by the crates that own it (`kakeibo_analytics::weekly_summary` gathers them) and
//! worded by the templates. Amounts keep their currency; a user with two currencies gets one
//! set of figures per currency, never a sum across them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::IsoWeek;

#[derive(Debug, Clone, Serialize)]
pub struct WeeklyFacts {
    pub week: IsoWeek,
    /// Monday and Sunday of the week, in the user's calendar.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The day after the week: budgets' pace and the bills due count from it.
    pub as_of: NaiveDate,
    pub time_zone: String,
    /// Currencies with money moving in this week or the four before, by currency code.
    pub currencies: Vec<CurrencyWeek>,
    pub budgets: Vec<BudgetPace>,
    /// The week's largest payments out, largest first.
    pub biggest: Vec<Payment>,
    /// Recurring payments expected in the 7 days from `as_of`, soonest first.
    pub bills_due: Vec<Payment>,
    /// Recurring payments recognised recently that were paid this week.
    pub new_subscriptions: Vec<Payment>,
    pub price_increases: Vec<PriceIncrease>,
    pub anomalies: Vec<Unusual>,
    /// The newest insight still open, as worded when it was found (by the model under the
    /// insights' figure check, or by its template).
    pub insight: Option<String>,
    /// The same insight in German, from its facts (the stored wording is English, or the
    /// chat model's); `None` when there is no insight.
    pub insight_de: Option<String>,
    /// Rows waiting for a category (uncategorized, or the categorizer was not sure).
    pub to_review: i64,
}

impl WeeklyFacts {
    /// Nothing was booked in the week: the short, friendly summary.
    pub fn is_quiet(&self) -> bool {
        self.currencies.iter().all(|c| c.transactions == 0)
    }
}

/// Income, spending (refunds subtracted) and their difference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flows {
    pub income: Decimal,
    pub spending: Decimal,
    pub net: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyWeek {
    pub currency: String,
    pub week: Flows,
    pub previous_week: Flows,
    /// The mean of the four weeks before this one (weeks before the user's first row are
    /// not counted).
    pub four_week_average: Flows,
    /// Rows booked this week in this currency (spending and income).
    pub transactions: i64,
    /// Spending per day, Monday first.
    pub by_weekday: [Decimal; 7],
    /// The week's spending by category, largest first (at most five).
    pub top_categories: Vec<CategorySpend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategorySpend {
    /// `None`: uncategorized.
    pub name: Option<String>,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetPace {
    pub name: String,
    pub currency: String,
    pub available: Decimal,
    pub spent: Decimal,
    /// available − spent; negative when over.
    pub remaining: Decimal,
    /// Days from `as_of` to the period's end, both counted.
    pub days_left: i64,
    pub period_end: NaiveDate,
}

/// A payment: made (biggest, new subscriptions) or expected (bills due). `amount` is what
/// leaves the account, positive.
#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub date: NaiveDate,
    pub merchant: String,
    pub amount: Decimal,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriceIncrease {
    pub merchant: String,
    pub from: Decimal,
    pub to: Decimal,
    pub currency: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unusual {
    pub date: NaiveDate,
    pub what: String,
    pub amount: Decimal,
    /// What is usual for it.
    pub usual: Decimal,
    pub currency: String,
}
