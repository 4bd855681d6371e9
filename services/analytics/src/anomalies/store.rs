//! Reading what anomalies are computed from, and keeping what was found.

use std::collections::HashMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::*;
use crate::recurring::history::Row;

/// Spending per expense category and period (`week` or `month`, local), split parts counted
/// instead of their transaction, transfers left out, refunds subtracted.
pub(crate) async fn period_totals(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    unit: &str,
    since: NaiveDate,
) -> Result<Vec<PeriodTotal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ca.category_id, ca.currency::text AS currency,
                date_trunc($3, ca.booked_at AT TIME ZONE $2)::date AS period, -sum(ca.amount) AS spent
         FROM category_amounts ca
         WHERE ca.user_id = $1 AND ca.transfer_id IS NULL AND ca.category_id = ANY($5)
           AND ca.booked_at >= ($4::date::timestamp AT TIME ZONE $2)
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3",
    )
    .bind(user_id)
    .bind(time_zone)
    .bind(unit)
    .bind(since)
    .bind(kakeibo_transactions::categories::expense_ids(conn, user_id).await?)
    .fetch_all(conn)
    .await
}

/// Spending parts in expense categories (a split's parts, not its whole), oldest first
/// within each category and currency.
async fn category_parts(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    since: NaiveDate,
) -> Result<Vec<Spend>, sqlx::Error> {
    let rows: Vec<(Uuid, NaiveDate, Decimal, String, String, Uuid)> = sqlx::query_as(
        "SELECT ca.transaction_id, (ca.booked_at AT TIME ZONE $2)::date, -ca.amount, ca.currency::text,
                COALESCE(NULLIF(t.merchant, ''), NULLIF(t.payee, ''), t.description), ca.category_id
         FROM category_amounts ca
         JOIN transaction_texts t ON t.user_id = ca.user_id AND t.id = ca.transaction_id AND t.booked_at = ca.booked_at
         WHERE ca.user_id = $1 AND ca.transfer_id IS NULL AND ca.category_id = ANY($4) AND ca.amount < 0
           AND t.status = 'posted' AND ca.booked_at >= ($3::date::timestamp AT TIME ZONE $2)
         ORDER BY ca.category_id, ca.currency, ca.booked_at, ca.transaction_id",
    )
    .bind(user_id)
    .bind(time_zone)
    .bind(since)
    .bind(kakeibo_transactions::categories::expense_ids(conn, user_id).await?)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(transaction_id, date, amount, currency, merchant, category_id)| Spend {
                transaction_id,
                date,
                amount,
                currency,
                merchant,
                category_id: Some(category_id),
            },
        )
        .collect())
}

/// The first day of each of the last `n` months (or weeks), oldest first, ending with the
/// current one.
pub(crate) fn periods(today: NaiveDate, n: usize, months: bool) -> Vec<NaiveDate> {
    let current = if months {
        today.with_day(1).unwrap_or(today)
    } else {
        today - Days::new(u64::from(today.weekday().num_days_from_monday()))
    };
    (0..n)
        .rev()
        .map(|back| {
            if months {
                current - Months::new(back as u32)
            } else {
                current - Days::new(7 * back as u64)
            }
        })
        .collect()
}

/// Every anomaly in the user's recent transactions. `rows` are the history rows
/// (`recurring::history::load`).
pub async fn compute(
    conn: &mut PgConnection,
    user_id: Uuid,
    time_zone: &str,
    today: NaiveDate,
    rows: &[Row],
) -> Result<Vec<Anomaly>, sqlx::Error> {
    let spends: Vec<(&str, Spend)> = rows
        .iter()
        .filter(|r| r.amount.is_sign_negative() && !r.amount.is_zero())
        .map(|r| {
            (
                r.key.as_str(),
                Spend {
                    transaction_id: r.id,
                    date: r.date,
                    amount: -r.amount,
                    currency: r.currency.clone(),
                    merchant: r.merchant.clone(),
                    category_id: r.category_id,
                },
            )
        })
        .collect();
    // `rows` come sorted by key, currency and date: so do the spends.
    let by_merchant: Vec<&[(&str, Spend)]> = spends
        .chunk_by(|a, b| a.0 == b.0 && a.1.currency == b.1.currency)
        .collect();
    let merchant_groups: Vec<Vec<Spend>> = by_merchant
        .iter()
        .map(|g| g.iter().map(|(_, s)| s.clone()).collect())
        .collect();
    let mut found = large_transactions(
        merchant_groups.iter().map(Vec::as_slice),
        Kind::LargeForMerchant,
        MIN_MERCHANT_HISTORY,
        today,
    );

    let year_ago = today - Months::new(12);
    let mut typical_amounts: HashMap<&str, Vec<Decimal>> = HashMap::new();
    for (_, s) in spends.iter().filter(|(_, s)| s.date >= year_ago) {
        typical_amounts
            .entry(&s.currency)
            .or_default()
            .push(s.amount);
    }
    let typical: HashMap<&str, Decimal> = typical_amounts
        .into_iter()
        .map(|(c, v)| (c, median(v.into_iter())))
        .collect();
    if let Some(first_day) = rows.iter().map(|r| r.date).min() {
        found.extend(new_merchants(
            merchant_groups.iter().map(Vec::as_slice),
            &|currency| typical.get(currency).copied(),
            first_day,
            today,
        ));
    }

    let parts = category_parts(conn, user_id, time_zone, year_ago).await?;
    let flagged: std::collections::HashSet<Uuid> =
        found.iter().filter_map(|a| a.transaction_id).collect();
    let by_category =
        parts.chunk_by(|a, b| a.category_id == b.category_id && a.currency == b.currency);
    found.extend(
        large_transactions(
            by_category,
            Kind::LargeForCategory,
            MIN_CATEGORY_HISTORY,
            today,
        )
        .into_iter()
        .filter(|a| !a.transaction_id.is_some_and(|id| flagged.contains(&id))),
    );

    for (months, baseline, kind) in [
        (true, SPIKE_BASELINE_MONTHS, Kind::SpikeMonth),
        (false, SPIKE_BASELINE_WEEKS, Kind::SpikeWeek),
    ] {
        let periods = periods(today, baseline + 2, months);
        let unit = if months { "month" } else { "week" };
        let totals = period_totals(conn, user_id, time_zone, unit, periods[0]).await?;
        found.extend(spikes(&totals, &periods, baseline, kind));
    }
    Ok(found)
}

/// Replaces the user's stored anomalies with `found`.
pub async fn save(
    conn: &mut PgConnection,
    user_id: Uuid,
    found: &[Anomaly],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM anomalies WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let keys: Vec<&str> = found.iter().map(|a| a.key.as_str()).collect();
    let kinds: Vec<&str> = found.iter().map(|a| a.kind.as_str()).collect();
    let transactions: Vec<Option<Uuid>> = found.iter().map(|a| a.transaction_id).collect();
    let dates: Vec<NaiveDate> = found.iter().map(|a| a.on_date).collect();
    let merchants: Vec<Option<&str>> = found.iter().map(|a| a.merchant.as_deref()).collect();
    // A category deleted meanwhile is left out.
    let ids: Vec<Uuid> = found.iter().filter_map(|a| a.category_id).collect();
    let known = kakeibo_transactions::categories::names(conn, user_id, &ids).await?;
    let categories: Vec<Option<Uuid>> = found
        .iter()
        .map(|a| a.category_id.filter(|id| known.contains_key(id)))
        .collect();
    let amounts: Vec<Decimal> = found.iter().map(|a| a.amount).collect();
    let baselines: Vec<Decimal> = found.iter().map(|a| a.baseline).collect();
    let currencies: Vec<&str> = found.iter().map(|a| a.currency.as_str()).collect();
    sqlx::query(
        "INSERT INTO anomalies (user_id, anomaly_key, kind, transaction_id, on_date, merchant, category_id,
                                amount, baseline, currency)
         SELECT $1, u.key, u.kind, u.tx, u.on_date, u.merchant, u.category_id, u.amount, u.baseline, u.currency
         FROM UNNEST($2::text[], $3::text[], $4::uuid[], $5::date[], $6::text[], $7::uuid[],
                     $8::numeric[], $9::numeric[], $10::text[])
              AS u(key, kind, tx, on_date, merchant, category_id, amount, baseline, currency)
         ON CONFLICT (user_id, anomaly_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(&keys)
    .bind(&kinds)
    .bind(&transactions)
    .bind(&dates)
    .bind(&merchants)
    .bind(&categories)
    .bind(&amounts)
    .bind(&baselines)
    .bind(&currencies)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredAnomaly {
    pub id: Uuid,
    /// large_for_merchant, large_for_category, new_merchant, spike_week or spike_month.
    pub kind: String,
    /// The unusual transaction (not for spikes).
    pub transaction_id: Option<Uuid>,
    /// The transaction's date, or the first day of the week or month (your time zone).
    pub on_date: NaiveDate,
    pub merchant: Option<String>,
    pub category_id: Option<Uuid>,
    /// Filled from transactions' categories after the read.
    #[sqlx(skip)]
    pub category_name: Option<String>,
    /// Spent (positive).
    #[schema(value_type = String, example = "420.00")]
    pub amount: Decimal,
    /// What is usual: the median of the history it was compared with.
    #[schema(value_type = String, example = "35.00")]
    pub baseline: Decimal,
    pub currency: String,
}

/// The user's anomalies on or after `since`, newest first.
pub async fn list(
    conn: &mut PgConnection,
    user_id: Uuid,
    since: Option<NaiveDate>,
    kind: Option<&str>,
) -> Result<Vec<StoredAnomaly>, sqlx::Error> {
    let mut found: Vec<StoredAnomaly> = sqlx::query_as(
        "SELECT a.id, a.kind, a.transaction_id, a.on_date, a.merchant, a.category_id,
                a.amount, a.baseline, a.currency::text AS currency
         FROM anomalies a
         WHERE a.user_id = $1 AND ($2::date IS NULL OR a.on_date >= $2) AND ($3::text IS NULL OR a.kind = $3)
         ORDER BY a.on_date DESC, a.kind, a.id",
    )
    .bind(user_id)
    .bind(since)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<Uuid> = found.iter().filter_map(|a| a.category_id).collect();
    let names = kakeibo_transactions::categories::names(conn, user_id, &ids).await?;
    for anomaly in &mut found {
        anomaly.category_name = anomaly.category_id.and_then(|id| names.get(&id).cloned());
    }
    Ok(found)
}
