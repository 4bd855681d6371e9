//! Spending (or income) by category and period, each line compared with the period before
//! (month over month, for months) and with the average of the three periods before.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::{
    Categories, CurrencyAmount, Flow, Interval, Level, Period, RollupRow, add_to, first_day,
    percent_change, rollup_rows,
};

/// How many earlier periods the average looks at.
pub const AVERAGE_OF: u32 = 3;

/// What to report.
#[derive(Debug, Clone, Copy)]
pub struct SpendingQuery {
    pub flow: Flow,
    pub interval: Interval,
    pub level: Level,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only this category and those below it.
    pub category_id: Option<Uuid>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SpendingReport {
    pub flow: Flow,
    pub interval: Interval,
    pub level: Level,
    pub periods: Vec<PeriodSpending>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PeriodSpending {
    #[serde(flatten)]
    pub period: Period,
    /// Per currency, the sum of the lines.
    pub totals: Vec<CurrencyAmount>,
    /// Largest first.
    pub categories: Vec<CategoryLine>,
}

/// One category in one currency in one period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryLine {
    /// Null: uncategorized.
    pub category_id: Option<Uuid>,
    pub name: String,
    /// The category above it (null at the top level, and when rolled up to the top).
    pub parent_id: Option<Uuid>,
    pub currency: String,
    /// Spending counts refunds against it; it can be negative.
    #[schema(value_type = String, example = "420.50")]
    pub amount: Decimal,
    /// Rows counted (a split's parts count one each).
    pub transactions: i64,
    /// The same category in the period before.
    #[schema(value_type = String)]
    pub previous: Decimal,
    /// In percent against the period before; null when that was zero.
    #[schema(value_type = Option<String>, example = "12.5")]
    pub change_percent: Option<Decimal>,
    /// The average of the three periods before, counting only periods since your first
    /// transaction; null when there is none.
    #[schema(value_type = Option<String>)]
    pub average: Option<Decimal>,
    /// In percent against that average; null when it is zero or missing.
    #[schema(value_type = Option<String>, example = "40.0")]
    pub average_change_percent: Option<Decimal>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The report, read from the rollups (refresh them first).
pub async fn spending(
    conn: &mut PgConnection,
    user_id: Uuid,
    query: &SpendingQuery,
) -> Result<SpendingReport, ReportError> {
    let categories = Categories::load(conn, user_id).await?;
    if let Some(id) = query.category_id
        && categories.get(id).is_none()
    {
        return Err(ReportError::NotFound);
    }
    let starts = query.interval.starts(query.from, query.to);
    let (first, last) = (starts[0], *starts.last().expect("from <= to"));
    let rows = rollup_rows(
        conn,
        user_id,
        query.interval,
        query.interval.back(first, AVERAGE_OF),
        query.interval.next(last),
    )
    .await?;
    let since = first_day(conn, user_id).await?;
    Ok(SpendingReport {
        flow: query.flow,
        interval: query.interval,
        level: query.level,
        periods: by_period(&rows, &categories, query, &starts, since),
    })
}

type Key = (Option<Uuid>, String);

/// The lines of each period in `starts`, from rows that cover them and the periods before.
pub fn by_period(
    rows: &[RollupRow],
    categories: &Categories,
    query: &SpendingQuery,
    starts: &[NaiveDate],
    since: Option<NaiveDate>,
) -> Vec<PeriodSpending> {
    let mut sums: HashMap<(NaiveDate, Key), (Decimal, i64)> = HashMap::new();
    for row in rows {
        if !categories.counts(row, query.flow) {
            continue;
        }
        if let Some(only) = query.category_id
            && !row
                .category_id
                .is_some_and(|id| categories.is_within(id, only))
        {
            continue;
        }
        let group = match query.level {
            Level::Category => row.category_id,
            Level::Top => row.category_id.map(|id| categories.top(id)),
        };
        let entry = sums
            .entry((row.period, (group, row.currency.clone())))
            .or_default();
        entry.0 += categories.amount(row, query.flow);
        entry.1 += row.row_count;
    }
    let interval = query.interval;
    starts
        .iter()
        .map(|&start| {
            let previous_start = interval.back(start, 1);
            let keys: BTreeSet<&Key> = sums
                .keys()
                .filter(|(p, _)| *p == start || *p == previous_start)
                .map(|(_, k)| k)
                .collect();
            // Periods before the user's data began do not drag the average down.
            let earlier: Vec<NaiveDate> = (1..=AVERAGE_OF)
                .map(|n| interval.back(start, n))
                .filter(|p| since.is_some_and(|first| interval.next(*p) > first))
                .collect();
            let mut totals = Vec::new();
            let mut lines: Vec<CategoryLine> = keys
                .into_iter()
                .map(|key| {
                    let at =
                        |p: NaiveDate| sums.get(&(p, key.clone())).copied().unwrap_or_default();
                    let (amount, transactions) = at(start);
                    let previous = at(previous_start).0;
                    let average = (!earlier.is_empty()).then(|| {
                        let total: Decimal = earlier.iter().map(|p| at(*p).0).sum();
                        (total / Decimal::from(earlier.len())).round_dp(4)
                    });
                    add_to(&mut totals, &key.1, amount);
                    line(
                        categories,
                        query.level,
                        key,
                        amount,
                        transactions,
                        previous,
                        average,
                    )
                })
                .collect();
            lines.sort_by(|a, b| {
                (a.currency.as_str(), -a.amount, a.name.as_str()).cmp(&(
                    b.currency.as_str(),
                    -b.amount,
                    b.name.as_str(),
                ))
            });
            PeriodSpending {
                period: Period::new(interval, start),
                totals,
                categories: lines,
            }
        })
        .collect()
}

fn line(
    categories: &Categories,
    level: Level,
    (category_id, currency): &Key,
    amount: Decimal,
    transactions: i64,
    previous: Decimal,
    average: Option<Decimal>,
) -> CategoryLine {
    let info = category_id.and_then(|id| categories.get(id));
    CategoryLine {
        category_id: *category_id,
        name: info.map_or_else(|| "Uncategorized".to_string(), |c| c.name.clone()),
        parent_id: match level {
            Level::Category => info.and_then(|c| c.parent_id),
            Level::Top => None,
        },
        currency: currency.clone(),
        amount,
        transactions,
        previous,
        change_percent: percent_change(amount, previous),
        average,
        average_change_percent: average.and_then(|a| percent_change(amount, a)),
    }
}
