//! The weekly summary's facts (issue 22): one ISO week of the user's own calendar, from the
//! rollups (income, spending, net, per day and category, against the week before and the
//! four-week average), the budgets' pace (budget), the week's largest payments and the rows
//! to review (transactions), recurring payments, anomalies and the newest insight (this
//! crate). The e-mail itself is laid out by `kakeibo_notifications::summary`; this module
//! sits here because it reads every owner, and analytics may depend on them all.

use std::collections::BTreeMap;

use std::future::Future;
use std::pin::Pin;

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use kakeibo_budget::progress::{self as budget_progress, When};
use kakeibo_core::mail::{OutgoingMail, SummaryWriter, Unsubscribe};
use kakeibo_notifications::summary::facts::{
    BudgetPace, CategorySpend, CurrencyWeek, Flows, Payment, PriceIncrease, Unusual, WeeklyFacts,
};
use kakeibo_notifications::summary::{EmailLinks, IsoWeek, RenderedEmail, render_weekly};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::reports::{Categories, Flow, Interval, RollupRow, first_day, rollup_rows};
use crate::{anomalies, insights, recurring, rollups};

/// Weeks the average is taken over.
const AVERAGE_WEEKS: u32 = 4;
const TOP_CATEGORIES: usize = 5;
const BIGGEST_PER_CURRENCY: i64 = 3;
const MAX_ANOMALIES: usize = 5;
/// A recurring payment is "new" while it has been seen at most this many times.
const NEW_SUBSCRIPTION_OCCURRENCES: i32 = 3;

/// Every figure of `week` for the user, in the user's time zone.
pub async fn weekly_facts(
    db: &PgPool,
    user_id: Uuid,
    week: IsoWeek,
) -> anyhow::Result<WeeklyFacts> {
    let fresh = rollups::ensure_fresh(db, user_id)
        .await
        .context("no such user, or the rollups could not be brought up to date")?;
    let mut conn = db.acquire().await?;
    let (first, last) = (week.monday(), week.sunday());
    let as_of = last + Days::new(1);
    let categories = Categories::load(&mut conn, user_id).await?;
    let earliest = first - Days::new(7 * u64::from(AVERAGE_WEEKS));
    let rows = rollup_rows(&mut conn, user_id, Interval::Day, earliest, as_of).await?;
    let since = first_day(&mut conn, user_id).await?;
    let currencies = currency_weeks(&rows, &categories, first, since);
    let newest_insight = insights::store::list(&mut conn, user_id, false, None, 1)
        .await?
        .into_iter()
        .next();

    Ok(WeeklyFacts {
        week,
        first_day: first,
        last_day: last,
        as_of,
        time_zone: fresh.time_zone.clone(),
        currencies,
        budgets: budget_pace(&mut conn, user_id, as_of).await?,
        biggest: biggest(&mut conn, user_id, &fresh.time_zone, first, last).await?,
        bills_due: Vec::new(),
        new_subscriptions: Vec::new(),
        price_increases: Vec::new(),
        anomalies: unusual(&mut conn, user_id, first, last).await?,
        insight: newest_insight
            .as_ref()
            .map(insights::wording::stored_in_english),
        insight_de: newest_insight.as_ref().map(insights::wording_de::of_stored),
        to_review: kakeibo_transactions::review::waiting_count(&mut conn, user_id).await?,
    }
    .with_recurring(recurring::store::list(&mut conn, user_id, false, false).await?))
}

/// The summary e-mail of `week` in the user's language; `None` when the user asked for no
/// summary of a week with nothing booked (until that choice exists, always the summary).
pub async fn weekly_email(
    db: &PgPool,
    user_id: Uuid,
    week: IsoWeek,
    links: &EmailLinks,
) -> anyhow::Result<Option<RenderedEmail>> {
    let contact = {
        let mut conn = db.acquire().await?;
        kakeibo_auth::profile::contact(&mut conn, user_id).await?
    }
    .context("no such user")?;
    let facts = weekly_facts(db, user_id, week).await?;
    if facts.is_quiet() {
        let mut conn = db.acquire().await?;
        if kakeibo_notifications::summary_schedule::skip_empty_week(&mut conn, user_id).await? {
            return Ok(None);
        }
    }
    Ok(Some(render_weekly(&facts, &contact.locale, links)))
}

/// The weekly summaries the notification workers deliver (`JobContext::summaries`).
pub struct WeeklySummaries {
    pub db: PgPool,
}

impl SummaryWriter for WeeklySummaries {
    fn weekly_email<'a>(
        &'a self,
        user_id: Uuid,
        week: &'a str,
        to: &'a str,
        links: &'a EmailLinks,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<Option<OutgoingMail>>> + Send + 'a>> {
        Box::pin(async move {
            let week: IsoWeek = week.parse()?;
            let rendered = weekly_email(&self.db, user_id, week, links).await?;
            let unsubscribe = Unsubscribe {
                url: links.unsubscribe.clone(),
            };
            Ok(rendered.map(|email| email.into_mail(to, Some(unsubscribe))))
        })
    }
}

/// The last whole week before today in the user's calendar (what a summary sent today is
/// about); `None` for an unknown user.
pub async fn last_week(db: &PgPool, user_id: Uuid) -> anyhow::Result<Option<IsoWeek>> {
    let mut conn = db.acquire().await?;
    Ok(rollups::freshness(&mut conn, user_id)
        .await?
        .map(|f| IsoWeek::before(f.today)))
}

/// Per currency: this week (index 0) and the four before it (1..=4), from daily rows.
fn currency_weeks(
    rows: &[RollupRow],
    categories: &Categories,
    monday: NaiveDate,
    since: Option<NaiveDate>,
) -> Vec<CurrencyWeek> {
    #[derive(Default)]
    struct Acc {
        weeks: [Flows; 1 + AVERAGE_WEEKS as usize],
        transactions: i64,
        by_weekday: [Decimal; 7],
        by_category: BTreeMap<Option<Uuid>, Decimal>,
    }
    let mut by_currency: BTreeMap<&str, Acc> = BTreeMap::new();
    for row in rows {
        let spending = categories.amount(row, Flow::Spending);
        let income = categories.amount(row, Flow::Income);
        let counted =
            categories.counts(row, Flow::Spending) || categories.counts(row, Flow::Income);
        if !counted {
            continue;
        }
        let back = (monday - row.period).num_days();
        // Days of this week give a negative `back`; earlier weeks 1..=4.
        let index = if back <= 0 {
            0
        } else {
            ((back + 6) / 7) as usize
        };
        let acc = by_currency.entry(row.currency.as_str()).or_default();
        let Some(week) = acc.weeks.get_mut(index) else {
            continue;
        };
        week.spending += spending;
        week.income += income;
        week.net += income - spending;
        if index == 0 {
            acc.transactions += row.row_count;
            acc.by_weekday[row.period.weekday().num_days_from_monday() as usize] += spending;
            if categories.counts(row, Flow::Spending) {
                *acc.by_category.entry(row.category_id).or_default() += spending;
            }
        }
    }
    // Weeks wholly before the user's first row are not part of the average.
    let counted_weeks = (1..=AVERAGE_WEEKS)
        .filter(|n| {
            let sunday = monday - Days::new(7 * u64::from(*n) - 6);
            since.is_some_and(|first| sunday >= first)
        })
        .count() as u32;
    by_currency
        .into_iter()
        .map(|(currency, acc)| {
            let average = average_of(&acc.weeks[1..], counted_weeks);
            let mut top: Vec<CategorySpend> = acc
                .by_category
                .into_iter()
                .filter(|(_, amount)| *amount > Decimal::ZERO)
                .map(|(id, amount)| CategorySpend {
                    name: id.and_then(|id| categories.get(id)).map(|c| c.name.clone()),
                    amount,
                })
                .collect();
            top.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.name.cmp(&b.name)));
            top.truncate(TOP_CATEGORIES);
            CurrencyWeek {
                currency: currency.to_string(),
                week: acc.weeks[0],
                previous_week: acc.weeks[1],
                four_week_average: average,
                transactions: acc.transactions,
                by_weekday: acc.by_weekday,
                top_categories: top,
            }
        })
        .collect()
}

fn average_of(weeks: &[Flows], count: u32) -> Flows {
    if count == 0 {
        return Flows::default();
    }
    let n = Decimal::from(count);
    let sum = weeks.iter().fold(Flows::default(), |acc, w| Flows {
        income: acc.income + w.income,
        spending: acc.spending + w.spending,
        net: acc.net + w.net,
    });
    Flows {
        income: (sum.income / n).round_dp(2),
        spending: (sum.spending / n).round_dp(2),
        net: (sum.net / n).round_dp(2),
    }
}

/// Each budget's period holding `as_of`: what is left, and for how many days.
async fn budget_pace(
    conn: &mut PgConnection,
    user_id: Uuid,
    as_of: NaiveDate,
) -> anyhow::Result<Vec<BudgetPace>> {
    let checks = budget_progress::for_user_at(conn, user_id, When::Day(as_of)).await?;
    Ok(checks
        .into_iter()
        // A budget whose spending needs a missing exchange rate has no pace to tell.
        .filter_map(|check| {
            let progress = check.progress.ok()?;
            Some(BudgetPace {
                name: check.budget.name,
                currency: check.budget.currency,
                available: progress.available,
                spent: progress.spent,
                remaining: progress.remaining,
                days_left: (progress.period_end - as_of).num_days() + 1,
                period_end: progress.period_end,
            })
        })
        .collect())
}

async fn biggest(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> anyhow::Result<Vec<Payment>> {
    let found = kakeibo_transactions::largest::largest_payments(
        conn,
        user_id,
        time_zone,
        first,
        last,
        BIGGEST_PER_CURRENCY,
    )
    .await?;
    Ok(found
        .into_iter()
        .map(|p| Payment {
            date: p.day,
            merchant: p.name,
            amount: -p.amount,
            currency: p.currency,
        })
        .collect())
}

async fn unusual(
    conn: &mut PgConnection,
    user_id: Uuid,
    first: NaiveDate,
    last: NaiveDate,
) -> anyhow::Result<Vec<Unusual>> {
    let found = anomalies::store::list(conn, user_id, Some(first), None).await?;
    Ok(found
        .into_iter()
        .filter(|a| a.on_date <= last)
        .take(MAX_ANOMALIES)
        .map(|a| Unusual {
            date: a.on_date,
            what: a
                .merchant
                .or(a.category_name)
                .unwrap_or_else(|| a.kind.replace('_', " ")),
            amount: a.amount.abs(),
            usual: a.baseline.abs(),
            currency: a.currency,
        })
        .collect())
}

trait WithRecurring {
    fn with_recurring(self, series: Vec<recurring::store::StoredSeries>) -> Self;
}

impl WithRecurring for WeeklyFacts {
    /// Bills due in the 7 days from `as_of`, new subscriptions paid this week, and price
    /// increases that took effect this week (payments out only). A bill already paid in
    /// those days was due then too: its series has moved on to the next date (a summary
    /// written after its Monday, such as a preview of an earlier week).
    fn with_recurring(mut self, series: Vec<recurring::store::StoredSeries>) -> Self {
        let due_until = self.as_of + Days::new(6);
        let due = |d: &NaiveDate| *d >= self.as_of && *d <= due_until;
        let in_week = |d: NaiveDate| d >= self.first_day && d <= self.last_day;
        for s in series.iter().filter(|s| s.amount < Decimal::ZERO) {
            let due_on = Some(s.last_date)
                .filter(due)
                .or_else(|| s.next_date.filter(due));
            if s.status != "ended"
                && let Some(on) = due_on
            {
                self.bills_due.push(Payment {
                    date: on,
                    merchant: s.merchant.clone(),
                    amount: -s.amount,
                    currency: s.currency.clone(),
                });
            }
            if s.status == "active"
                && s.occurrences <= NEW_SUBSCRIPTION_OCCURRENCES
                && in_week(s.last_date)
            {
                self.new_subscriptions.push(Payment {
                    date: s.last_date,
                    merchant: s.merchant.clone(),
                    amount: -s.amount,
                    currency: s.currency.clone(),
                });
            }
            if s.price_increased
                && let (Some(before), Some(on)) = (s.previous_amount, s.price_changed_on)
                && in_week(on)
            {
                self.price_increases.push(PriceIncrease {
                    merchant: s.merchant.clone(),
                    from: before.abs(),
                    to: s.amount.abs(),
                    currency: s.currency.clone(),
                    on,
                });
            }
        }
        self.bills_due
            .sort_by(|a, b| a.date.cmp(&b.date).then(a.merchant.cmp(&b.merchant)));
        self
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn monthly(merchant: &str, last: &str, next: &str) -> recurring::store::StoredSeries {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        recurring::store::StoredSeries {
            id: Uuid::nil(),
            merchant: merchant.into(),
            currency: "EUR".into(),
            cadence: "monthly".into(),
            day_of_month: Some(1),
            nth: None,
            weekday: None,
            amount: dec!(-63.00),
            category_id: None,
            occurrences: 12,
            first_date: day("2025-12-01"),
            last_date: day(last),
            next_date: Some(day(next)),
            missed: 0,
            status: "active".into(),
            previous_amount: None,
            price_changed_on: None,
            price_increased: false,
            user_state: "auto".into(),
        }
    }

    #[test]
    fn bills_due_count_those_already_paid_in_the_window() {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let facts = WeeklyFacts {
            week,
            first_day: week.monday(),
            last_day: week.sunday(),
            as_of: week.sunday() + Days::new(1),
            time_zone: "Europe/Berlin".into(),
            currencies: Vec::new(),
            budgets: Vec::new(),
            biggest: Vec::new(),
            bills_due: Vec::new(),
            new_subscriptions: Vec::new(),
            price_increases: Vec::new(),
            anomalies: Vec::new(),
            insight: None,
            insight_de: None,
            to_review: 0,
        }
        .with_recurring(vec![
            // Written on the Monday: still to pay on Thursday.
            monthly("Rent", "2026-11-03", "2026-12-03"),
            // Written later: paid on 1 December, the series already expects January.
            monthly("Deutschlandticket", "2026-12-01", "2027-01-01"),
            // Next due after the seven days.
            monthly("Gym", "2026-11-10", "2026-12-10"),
        ]);
        let due: Vec<(&str, String)> = facts
            .bills_due
            .iter()
            .map(|p| (p.merchant.as_str(), p.date.to_string()))
            .collect();
        assert_eq!(
            due,
            [
                ("Deutschlandticket", "2026-12-01".to_string()),
                ("Rent", "2026-12-03".to_string())
            ]
        );
    }

    #[test]
    fn the_average_counts_only_weeks_with_history() {
        let week = |s: Decimal| Flows {
            income: Decimal::ZERO,
            spending: s,
            net: -s,
        };
        let weeks = [
            week(dec!(100)),
            week(dec!(50)),
            week(dec!(0)),
            week(dec!(0)),
        ];
        assert_eq!(average_of(&weeks, 2).spending, dec!(75));
        assert_eq!(average_of(&weeks, 4).spending, dec!(37.5));
        assert_eq!(average_of(&weeks, 0), Flows::default());
    }
}
