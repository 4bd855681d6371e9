//! Cash-flow forecast (issue 6, section 6): the next 30, 60 and 90 days per currency, from
//! the recurring series (each expected date at its expected amount) plus the daily average
//! of the money in and out that no series explains, over the last 90 days. Starting from the
//! accounts' current balances where the banks report them.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::recurring::history::Row;
use crate::recurring::store::{StoredSeries, schedule_of};
use crate::recurring::{Schedule, Series};

/// The window the averages of non-recurring money are taken over.
pub const AVERAGE_DAYS: u64 = 90;
pub const HORIZONS: [u64; 3] = [30, 60, 90];

/// Non-recurring money per currency over the last [`AVERAGE_DAYS`] days (both positive).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Baseline {
    pub currency: String,
    pub income: Decimal,
    pub spending: Decimal,
}

/// What no series explains: every row of the window, less the series' own payments.
pub fn baselines(rows: &[Row], series: &[Series], today: NaiveDate) -> Vec<Baseline> {
    let start = today - Days::new(AVERAGE_DAYS);
    let mut net: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.date > start && r.date <= today) {
        let e = net.entry(&r.currency).or_default();
        if r.amount.is_sign_negative() {
            e.1 -= r.amount;
        } else {
            e.0 += r.amount;
        }
    }
    for s in series {
        let e = net.entry(&s.currency).or_default();
        if s.recent_total.is_sign_negative() {
            e.1 += s.recent_total;
        } else {
            e.0 -= s.recent_total;
        }
    }
    net.into_iter()
        .map(|(currency, (income, spending))| Baseline {
            currency: currency.to_string(),
            income: income.max(Decimal::ZERO),
            spending: spending.max(Decimal::ZERO),
        })
        .collect()
}

pub async fn save_baselines(
    conn: &mut PgConnection,
    user_id: Uuid,
    baselines: &[Baseline],
    today: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cash_flow_baselines WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let currencies: Vec<&str> = baselines.iter().map(|b| b.currency.as_str()).collect();
    let income: Vec<Decimal> = baselines.iter().map(|b| b.income).collect();
    let spending: Vec<Decimal> = baselines.iter().map(|b| b.spending).collect();
    sqlx::query(
        "INSERT INTO cash_flow_baselines (user_id, currency, income, spending, days, computed_on)
         SELECT $1, u.currency, u.income, u.spending, $5, $6
         FROM UNNEST($2::text[], $3::numeric[], $4::numeric[]) AS u(currency, income, spending)",
    )
    .bind(user_id)
    .bind(&currencies)
    .bind(&income)
    .bind(&spending)
    .bind(AVERAGE_DAYS as i32)
    .bind(today)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Horizon {
    pub days: u64,
    /// Recurring money in and out expected within the horizon (both positive).
    #[schema(value_type = String)]
    pub recurring_income: Decimal,
    #[schema(value_type = String)]
    pub recurring_spending: Decimal,
    /// The daily average of other money in and out, times the days (both positive).
    #[schema(value_type = String)]
    pub other_income: Decimal,
    #[schema(value_type = String)]
    pub other_spending: Decimal,
    /// Money in less money out.
    #[schema(value_type = String)]
    pub net: Decimal,
    /// Today's balance plus `net`; null when no account of this currency reports a balance.
    #[schema(value_type = Option<String>)]
    pub balance: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Upcoming {
    pub series_id: Uuid,
    pub merchant: String,
    pub date: NaiveDate,
    #[schema(value_type = String)]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CurrencyForecast {
    pub currency: String,
    /// The accounts' current balances added up; null when none reports one.
    #[schema(value_type = Option<String>)]
    pub starting_balance: Option<Decimal>,
    pub horizons: Vec<Horizon>,
    /// Recurring payments expected in the next 90 days, by date.
    pub upcoming: Vec<Upcoming>,
}

/// The forecast from `today` on. `series` are those still expected (not ended, not ignored).
pub fn forecast(
    today: NaiveDate,
    series: &[(Uuid, String, String, Schedule, NaiveDate, Decimal)],
    baselines: &[Baseline],
    balances: &BTreeMap<String, Option<Decimal>>,
) -> Vec<CurrencyForecast> {
    let last = today + Days::new(HORIZONS[HORIZONS.len() - 1]);
    let mut currencies: Vec<&str> = series
        .iter()
        .map(|s| s.2.as_str())
        .chain(baselines.iter().map(|b| b.currency.as_str()))
        .chain(balances.keys().map(String::as_str))
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    currencies
        .into_iter()
        .map(|currency| {
            let mut upcoming = Vec::new();
            for (id, merchant, _, schedule, next, amount) in
                series.iter().filter(|s| s.2 == currency)
            {
                let mut date = *next;
                while date <= last {
                    upcoming.push(Upcoming {
                        series_id: *id,
                        merchant: merchant.clone(),
                        date,
                        amount: *amount,
                    });
                    date = schedule.next_after(date);
                }
            }
            upcoming.sort_by(|a, b| (a.date, &a.merchant).cmp(&(b.date, &b.merchant)));
            let baseline = baselines.iter().find(|b| b.currency == currency);
            let starting_balance = balances.get(currency).copied().flatten();
            let horizons = HORIZONS
                .iter()
                .map(|&days| {
                    let until = today + Days::new(days);
                    let within = upcoming.iter().filter(|u| u.date <= until);
                    let (mut recurring_income, mut recurring_spending) =
                        (Decimal::ZERO, Decimal::ZERO);
                    for u in within {
                        if u.amount.is_sign_negative() {
                            recurring_spending -= u.amount;
                        } else {
                            recurring_income += u.amount;
                        }
                    }
                    let scale = |v: Decimal| {
                        (v * Decimal::from(days) / Decimal::from(AVERAGE_DAYS)).round_dp(2)
                    };
                    let other_income = baseline.map_or(Decimal::ZERO, |b| scale(b.income));
                    let other_spending = baseline.map_or(Decimal::ZERO, |b| scale(b.spending));
                    let net = recurring_income + other_income - recurring_spending - other_spending;
                    Horizon {
                        days,
                        recurring_income,
                        recurring_spending,
                        other_income,
                        other_spending,
                        net,
                        balance: starting_balance.map(|b| b + net),
                    }
                })
                .collect();
            CurrencyForecast {
                currency: currency.to_string(),
                starting_balance,
                horizons,
                upcoming,
            }
        })
        .collect()
}

/// The user's forecast from stored state: series, baselines, account balances.
pub async fn load(
    conn: &mut PgConnection,
    user_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<CurrencyForecast>, sqlx::Error> {
    let stored = crate::recurring::store::list(conn, user_id, false, false).await?;
    let series: Vec<_> = stored
        .iter()
        .filter_map(|s: &StoredSeries| {
            Some((
                s.id,
                s.merchant.clone(),
                s.currency.clone(),
                schedule_of(s)?,
                s.next_date?,
                s.amount,
            ))
        })
        .collect();
    let baselines: Vec<Baseline> = sqlx::query_as(
        "SELECT currency::text AS currency, income, spending FROM cash_flow_baselines WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let balances = kakeibo_bank_sync::accounts::current_balances(conn, user_id).await?;
    Ok(forecast(
        today,
        &series,
        &baselines,
        &balances.into_iter().collect(),
    ))
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::recurring::Cadence;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn schedule(cadence: Cadence, day: Option<u32>) -> Schedule {
        Schedule {
            cadence,
            day_of_month: day,
            nth: None,
            weekday: None::<Weekday>,
        }
    }

    #[test]
    fn thirty_sixty_ninety_days_by_hand() {
        let today = d(2026, 3, 10);
        let series = vec![
            // Rent on the 1st: Apr 1, May 1, Jun 1 (day 83 of 90).
            (
                Uuid::nil(),
                "Rent".into(),
                "EUR".into(),
                schedule(Cadence::Monthly, Some(1)),
                d(2026, 4, 1),
                dec!(-1000),
            ),
            // Salary on the 27th: Mar 27, Apr 27, May 27.
            (
                Uuid::nil(),
                "Salary".into(),
                "EUR".into(),
                schedule(Cadence::Monthly, Some(27)),
                d(2026, 3, 27),
                dec!(3000),
            ),
            // Weekly from Mar 13: 13 dates up to Jun 5 (Jun 8 is past the 90 days).
            (
                Uuid::nil(),
                "Gym".into(),
                "EUR".into(),
                schedule(Cadence::Weekly, None),
                d(2026, 3, 13),
                dec!(-10),
            ),
        ];
        let baselines = vec![Baseline {
            currency: "EUR".into(),
            income: dec!(90),
            spending: dec!(900),
        }];
        let balances = BTreeMap::from([("EUR".to_string(), Some(dec!(500)))]);
        let f = forecast(today, &series, &baselines, &balances);
        assert_eq!(f.len(), 1);
        let h: Vec<_> = f[0]
            .horizons
            .iter()
            .map(|h| {
                (
                    h.days,
                    h.recurring_income,
                    h.recurring_spending,
                    h.other_income,
                    h.other_spending,
                    h.net,
                    h.balance,
                )
            })
            .collect();
        // 30 days (to Apr 9): salary 3000; rent 1000; gym Mar 13..Apr 3 = 4 × 10; other 30 in, 300 out.
        // 60 days (to May 9): 2 salaries, 2 rents, gym to May 8 = 9 × 10; other 60 in, 600 out.
        // 90 days (to Jun 8): 3 salaries, 3 rents, gym to Jun 5 = 13 × 10; other 90 in, 900 out.
        assert_eq!(
            h,
            [
                (
                    30,
                    dec!(3000),
                    dec!(1040),
                    dec!(30),
                    dec!(300),
                    dec!(1690),
                    Some(dec!(2190))
                ),
                (
                    60,
                    dec!(6000),
                    dec!(2090),
                    dec!(60),
                    dec!(600),
                    dec!(3370),
                    Some(dec!(3870))
                ),
                (
                    90,
                    dec!(9000),
                    dec!(3130),
                    dec!(90),
                    dec!(900),
                    dec!(5060),
                    Some(dec!(5560))
                ),
            ]
        );
        assert_eq!(
            f[0].upcoming.first().map(|u| (u.date, u.merchant.as_str())),
            Some((d(2026, 3, 13), "Gym"))
        );
    }

    #[test]
    fn the_baseline_leaves_out_the_series_own_payments() {
        let today = d(2026, 3, 31);
        let row = |key: &str, (m, day): (u32, u32), amount: Decimal| Row {
            id: Uuid::nil(),
            key: key.into(),
            merchant: key.into(),
            currency: "EUR".into(),
            date: d(2026, m, day),
            amount,
            category_id: None,
        };
        let rows = [
            row("rent", (1, 1), dec!(-1000)),
            row("rent", (2, 1), dec!(-1000)),
            row("rent", (3, 1), dec!(-1000)),
            row("shop", (3, 5), dec!(-45.50)),
            row("shop", (3, 9), dec!(-20)),
            row("shop", (3, 28), dec!(12)),
        ];
        let series: Vec<Series> = crate::recurring::history::groups(&rows)
            .iter()
            .flat_map(|g| crate::recurring::detect(g, today))
            .collect();
        assert_eq!(series.len(), 1);
        assert_eq!(series[0].recent_total, dec!(-3000));
        // Left: 65.50 out and 12 in.
        let b = baselines(&rows, &series, today);
        assert_eq!(
            b,
            [Baseline {
                currency: "EUR".into(),
                income: dec!(12),
                spending: dec!(65.50)
            }]
        );
    }
}
