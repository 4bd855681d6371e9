//! Utilization: what each budget's current period has spent, with rollover from earlier
//! periods, in the budget's currency. The budgets' periods come first, each with its
//! spending when a computation of it is kept (`budget_period_spent`: anything a period's
//! spending depends on drops its row when it changes). The periods without one are computed
//! in one query (`time_bucket` in the user's time zone, splits counted as their parts,
//! transfers left out, FX converted) and kept. So a check after an import computes the
//! periods the import touched, usually the current ones, and a dashboard read computes none.
//!
//! Spending is read per local day from the totals analytics publishes of its rollup
//! (`analytics_day_totals`, `analytics_month_totals`), and from the transactions themselves
//! (`category_amounts`) for the days a change has not reached the rollup yet
//! (`analytics_pending_days`). So a computation costs days, not rows, and never lags a change:
//! the budget job runs beside the analytics refresh, not after it.
//!
//! Spending is money out minus money back: a refund in the category lowers it. A category
//! budget counts its category and every category below it; a total budget counts expense
//! categories and uncategorized money out (income and transfer categories are not spending).

use std::sync::LazyLock;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::budgets::{self, Budget};
use crate::thresholds::reached;

/// Which period is "current".
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// The period holding this instant (in the user's time zone).
    Now(DateTime<Utc>),
    /// The period holding this day of the user's calendar.
    Day(NaiveDate),
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BudgetProgress {
    pub budget_id: Uuid,
    /// The current period's first and last day, in your time zone.
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The budget's amount for this period (the amount in effect on its first day: a change
    /// applies from the period it is made in).
    #[schema(value_type = String)]
    pub budgeted: Decimal,
    /// Carried in from earlier periods: positive is surplus, negative is deficit.
    #[schema(value_type = String)]
    pub rolled_over: Decimal,
    /// budgeted + rolled_over.
    #[schema(value_type = String)]
    pub available: Decimal,
    /// Net spending this period (refunds subtract), in the budget's currency.
    #[schema(value_type = String)]
    pub spent: Decimal,
    #[schema(value_type = String)]
    pub remaining: Decimal,
    /// spent / available in percent, one decimal; null when nothing is available.
    #[schema(value_type = Option<String>)]
    pub utilization_percent: Option<Decimal>,
    pub thresholds: Vec<ThresholdState>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThresholdState {
    pub percent: i16,
    /// The spending at which it fires.
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub crossed: bool,
}

/// No exchange rate on or before a day that has spending in another currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error(
    "no {from}→{to} exchange rate on or before {on}: import rates with `kakeibo fx import FILE`"
)]
pub struct MissingRate {
    pub from: String,
    pub to: String,
    pub on: NaiveDate,
}

/// A budget and how its current period stands (or why that cannot be known).
#[derive(Debug, Clone)]
pub struct BudgetCheck {
    pub budget: Budget,
    pub progress: Result<BudgetProgress, MissingRate>,
}

/// Every active budget of the user, for the period holding `now`. The threshold check calls
/// this.
pub async fn for_user(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<BudgetCheck>, sqlx::Error> {
    for_user_at(conn, user_id, When::Now(now)).await
}

/// Every active budget of the user, for the period `when` names: the dashboard summary of a
/// past month shows the budgets of that month.
pub async fn for_user_at(
    conn: &mut PgConnection,
    user_id: Uuid,
    when: When,
) -> Result<Vec<BudgetCheck>, sqlx::Error> {
    let budgets = budgets::list(conn, user_id).await?;
    compute(conn, user_id, None, when, budgets).await
}

/// One budget, for the period `when` names; `None` when it is not the user's.
pub async fn for_budget(
    conn: &mut PgConnection,
    user_id: Uuid,
    budget_id: Uuid,
    when: When,
) -> Result<Option<BudgetCheck>, sqlx::Error> {
    let Some(budget) = budgets::get(conn, user_id, budget_id).await? else {
        return Ok(None);
    };
    Ok(compute(conn, user_id, Some(budget_id), when, vec![budget])
        .await?
        .pop())
}

/// A slice of a budget period as the store knows it: the period and its amount, and the
/// slice's spending when a computation of it is kept (migration budget_period_spent). A
/// slice is the period itself, or one month of a yearly period, so a change in November
/// leaves the rest of the year kept.
#[derive(Debug, sqlx::FromRow)]
struct KnownSlice {
    budget_id: Uuid,
    start_day: NaiveDate,
    end_day: NaiveDate,
    /// The budget's amount for this period.
    budgeted: Decimal,
    slice_start: NaiveDate,
    slice_end: NaiveDate,
    spent: Option<Decimal>,
}

/// A slice's spending as [`SPENT_SQL`] computes it.
#[derive(Debug, sqlx::FromRow)]
struct ComputedSlice {
    budget_id: Uuid,
    start_day: NaiveDate,
    end_day: NaiveDate,
    spent: Decimal,
    /// Some of it was converted from another currency.
    converted: bool,
    missing_currency: Option<String>,
    missing_day: Option<NaiveDate>,
}

/// A period with its spending, from either source.
#[derive(Debug)]
struct Period {
    start_day: NaiveDate,
    end_day: NaiveDate,
    budgeted: Decimal,
    spent: Decimal,
    missing: Option<MissingRate>,
}

/// Periods run from the one holding `starts_on` (when the budget rolls over; else only the
/// current one) to the current one; one row per slice of each, oldest first.
const PERIODS_SQL: &str = "
WITH u AS (
    SELECT tz, COALESCE($2::timestamptz, ($3::date + time '12:00') AT TIME ZONE tz) AS now
    FROM user_time_zone($1) AS tz WHERE tz IS NOT NULL
), b AS (
    SELECT b.id, u.tz, s.step,
           time_bucket(s.step, u.now, u.tz) AS current_start,
           CASE WHEN b.rollover = 'none' THEN time_bucket(s.step, u.now, u.tz)
                ELSE LEAST(time_bucket(s.step, b.starts_on::timestamp AT TIME ZONE u.tz, u.tz),
                           time_bucket(s.step, u.now, u.tz)) END AS first_start
    FROM budgets b CROSS JOIN u
    CROSS JOIN LATERAL (SELECT CASE b.period WHEN 'weekly' THEN interval '1 week'
                        WHEN 'monthly' THEN interval '1 month' ELSE interval '1 year' END AS step) s
    WHERE b.user_id = $1 AND b.archived_at IS NULL AND ($4::uuid IS NULL OR b.id = $4)
), periods AS (
    -- Each period with the amount in effect on its first day (migration budget_amounts).
    SELECT b.id AS budget_id, gs, b.step, gs::date AS start_day, (gs + b.step)::date AS end_day,
           (SELECT a.amount FROM budget_amounts a
            WHERE a.budget_id = b.id AND a.effective_from <= gs::date
            ORDER BY a.effective_from DESC LIMIT 1) AS budgeted
    FROM b CROSS JOIN LATERAL generate_series(b.first_start AT TIME ZONE b.tz,
                                              b.current_start AT TIME ZONE b.tz, b.step) gs
)
SELECT p.budget_id, p.start_day, p.end_day, p.budgeted,
       sl::date AS slice_start, (sl + st.slice)::date AS slice_end, m.spent
FROM periods p
CROSS JOIN LATERAL (SELECT CASE WHEN p.step = interval '1 year' THEN interval '1 month'
                                ELSE p.step END AS slice) st
CROSS JOIN LATERAL generate_series(p.gs, p.gs + p.step - interval '1 day', st.slice) sl
LEFT JOIN budget_period_spent m
  ON m.user_id = $1 AND m.budget_id = p.budget_id AND m.start_day = sl::date
ORDER BY p.budget_id, p.start_day, slice_start";

/// The spending of the slices `$2`/`$3` name (budget, first day), in each budget's currency:
/// `time_bucket` in the user's time zone, splits counted as their parts, transfers left out,
/// FX converted. A row booked exactly at midnight UTC is a calendar date (imports, syncs and
/// hand entries store bank dates that way) and counts on that date in any time zone; a row
/// with a time of day counts at its instant, in the user's time zone. `{RAW_ROWS}` takes
/// [`RAW_ROWS_SQL`] or nothing: [`SPENT_WITH_RAW_ROWS`], [`SPENT_FROM_TOTALS`].
const SPENT_SQL: &str = "
WITH RECURSIVE u AS (
    SELECT tz FROM user_time_zone($1) AS tz WHERE tz IS NOT NULL
), cats AS (
    -- The user's categories, archived ones too, as transactions gives them ($6 to $8).
    SELECT * FROM unnest($6::uuid[], $7::uuid[], $8::text[]) AS c(id, parent_id, kind)
), need AS (
    SELECT n.budget_id, n.start_day FROM unnest($2::uuid[], $3::date[]) AS n(budget_id, start_day)
), b AS (
    -- Each budget with slices to compute, and the instants those slices span. A slice is a
    -- period, or a month of a yearly one (`step` here is the slice's length).
    SELECT b.id, b.category_id, b.currency::text AS currency, u.tz, s.step,
           min(n.start_day)::timestamp AT TIME ZONE u.tz AS first_start,
           (max(n.start_day) + s.step) AT TIME ZONE u.tz AS last_end
    FROM budgets b CROSS JOIN u JOIN need n ON n.budget_id = b.id
    CROSS JOIN LATERAL (SELECT CASE b.period WHEN 'weekly' THEN interval '1 week'
                        ELSE interval '1 month' END AS step) s
    WHERE b.user_id = $1
    GROUP BY b.id, b.category_id, b.currency, u.tz, s.step
), tree AS (
    SELECT b.id AS budget_id, b.category_id FROM b WHERE b.category_id IS NOT NULL
    UNION
    SELECT t.budget_id, c.id FROM cats c JOIN tree t ON c.parent_id = t.category_id
), span AS (
    -- The local days the slices cover.
    SELECT min(first_start AT TIME ZONE tz)::date AS first_day, max(last_end AT TIME ZONE tz)::date AS end_day
    FROM b
), built AS (
    -- The analytics rollup holds the user's days once it is built in the user's zone.
    SELECT EXISTS (SELECT 1 FROM u WHERE analytics_totals_built($1, u.tz)) AS yes
), dirty AS (
    -- Each change writes its own rows: a day can be listed more than once.
    SELECT DISTINCT d.day FROM analytics_pending_days d WHERE d.user_id = $1
), stale AS (
    -- Local days the rollup may not reflect yet: a changed UTC day touches a local day
    -- either side of it.
    SELECT DISTINCT d.day + o AS day FROM dirty d CROSS JOIN generate_series(-1, 1) o
), raw_windows AS (
    -- The UTC instants to read raw rows from, one window per run of changed days (a local
    -- day's rows lie within a day of it): everything when the rollup is not built.
    SELECT (span.first_day - 1)::timestamp AT TIME ZONE 'UTC' AS lo,
           (span.end_day + 1)::timestamp AT TIME ZONE 'UTC' AS hi
    FROM span, built WHERE NOT built.yes
    UNION ALL
    SELECT (min(day) - 2)::timestamp AT TIME ZONE 'UTC', (max(day) + 3)::timestamp AT TIME ZONE 'UTC'
    FROM (SELECT day, day - row_number() OVER (ORDER BY day)::int AS run FROM dirty) r, built
    WHERE built.yes GROUP BY run
), stale_months AS (
    SELECT DISTINCT date_trunc('month', day)::date AS month FROM stale
), currencies AS (
    SELECT DISTINCT a.currency::text AS currency FROM analytics_month_totals a WHERE a.user_id = $1
), day_keys AS (
    -- The categories and currencies some budget needs day totals of: weekly budgets, and
    -- budgets in another currency (sets, so each day row is one hash probe).
    SELECT DISTINCT t.category_id, x.currency
    FROM b JOIN tree t ON t.budget_id = b.id CROSS JOIN currencies x
    WHERE b.step = interval '1 week' OR b.currency <> x.currency
), day_currencies AS (
    -- A total budget needs every category's day totals of such a currency.
    SELECT DISTINCT x.currency FROM b CROSS JOIN currencies x
    WHERE b.category_id IS NULL AND (b.step = interval '1 week' OR b.currency <> x.currency)
), days AS (
    -- One row per category, currency and day (or month) of the user's calendar, so what
    -- follows works on days, not rows. Where the rollup is current: month totals (`month`),
    -- which serve monthly and yearly budgets in the row's own currency, and day totals only
    -- where a budget needs them (`day`: weekly budgets, and rows to convert at the day's
    -- rate). In a month with a pending change: day totals, the changed days from the rows
    -- themselves (`any`: every budget uses them). Money in without a category is left out.
    SELECT a.category_id, a.currency::text AS currency, a.month AS day, 'month' AS grain,
           CASE WHEN a.category_id IS NULL THEN a.outflow ELSE a.inflow + a.outflow END AS amount
    FROM analytics_month_totals a CROSS JOIN span CROSS JOIN built
    WHERE built.yes AND a.user_id = $1
      AND a.month >= date_trunc('month', span.first_day)::date AND a.month < span.end_day
      AND a.month NOT IN (SELECT month FROM stale_months)
    UNION ALL
    SELECT a.category_id, a.currency::text, a.day,
           CASE WHEN date_trunc('month', a.day)::date IN (SELECT month FROM stale_months)
                THEN 'any' ELSE 'day' END,
           CASE WHEN a.category_id IS NULL THEN a.outflow ELSE a.inflow + a.outflow END
    FROM analytics_day_totals a CROSS JOIN span CROSS JOIN built
    WHERE built.yes AND a.user_id = $1 AND a.day >= span.first_day AND a.day < span.end_day
      AND a.day NOT IN (SELECT day FROM stale)
      AND (date_trunc('month', a.day)::date IN (SELECT month FROM stale_months)
           OR (a.category_id, a.currency::text) IN (SELECT category_id, currency FROM day_keys)
           OR a.currency::text IN (SELECT currency FROM day_currencies))
    -- The rows themselves, when some are needed (RAW_ROWS_SQL).
    {RAW_ROWS}
), lines AS (
    SELECT d.category_id, d.currency, d.day, d.grain, d.amount, c.kind,
           d.day::timestamp AT TIME ZONE u.tz AS at
    FROM days d CROSS JOIN u
    LEFT JOIN cats c ON c.id = d.category_id
    WHERE d.amount IS NOT NULL
), matched AS (
    -- Each budget takes every row once: month totals or day totals, never both. The grain
    -- test stands in both branches on purpose: filtering a UNION of the two instead led the
    -- planner to a plan that took 20 s instead of 0.1 s on bench-budget's data.
    SELECT b.id AS budget_id, r.currency, r.amount, r.day, r.at
    FROM lines r JOIN tree t ON t.category_id = r.category_id JOIN b ON b.id = t.budget_id
    WHERE r.at >= b.first_start AND r.at < b.last_end
      AND (r.grain = 'any' OR r.grain = CASE WHEN b.step = interval '1 week' OR r.currency <> b.currency
                                             THEN 'day' ELSE 'month' END)
    UNION ALL
    SELECT b.id, r.currency, r.amount, r.day, r.at FROM lines r JOIN b ON b.category_id IS NULL
    WHERE r.at >= b.first_start AND r.at < b.last_end AND (r.kind = 'expense' OR r.kind IS NULL)
      AND (r.grain = 'any' OR r.grain = CASE WHEN b.step = interval '1 week' OR r.currency <> b.currency
                                             THEN 'day' ELSE 'month' END)
), grouped AS (
    SELECT m.budget_id, time_bucket(b.step, m.at, b.tz) AS starts_at, m.currency, b.currency AS budget_currency,
           CASE WHEN m.currency = b.currency THEN NULL ELSE m.day END AS day,
           sum(-m.amount) AS spent
    FROM matched m JOIN b ON b.id = m.budget_id
    GROUP BY 1, 2, 3, 4, 5
), rates AS (
    -- One lookup per currency and day, however many budgets need it.
    SELECT n.currency, n.budget_currency, n.day, fx_rate(n.currency, n.budget_currency, n.day) AS rate
    FROM (SELECT DISTINCT currency, budget_currency, day FROM grouped WHERE day IS NOT NULL) n
), converted AS (
    SELECT g.*, CASE WHEN g.day IS NULL THEN 1 ELSE r.rate END AS rate
    FROM grouped g LEFT JOIN rates r
      ON r.currency = g.currency AND r.budget_currency = g.budget_currency AND r.day = g.day
), per_period AS (
    SELECT budget_id, starts_at, round(sum(spent * rate), 4) AS spent, bool_or(day IS NOT NULL) AS converted,
           (array_agg(currency ORDER BY day) FILTER (WHERE rate IS NULL))[1] AS missing_currency,
           min(day) FILTER (WHERE rate IS NULL) AS missing_day
    FROM converted GROUP BY 1, 2
)
SELECT n.budget_id, n.start_day, (n.start_day + b.step)::date AS end_day,
       COALESCE(pp.spent, 0) AS spent, COALESCE(pp.converted, false) AS converted,
       pp.missing_currency, pp.missing_day
FROM need n JOIN b ON b.id = n.budget_id
LEFT JOIN per_period pp ON pp.budget_id = n.budget_id AND pp.starts_at = n.start_day::timestamp AT TIME ZONE b.tz";

/// The `days` branch of [`SPENT_SQL`] that reads the transactions themselves: the days the
/// rollup has not caught up with, or every day when it is not built in the user's zone.
const RAW_ROWS_SQL: &str = "UNION ALL
    SELECT ca.category_id, ca.currency::text, analytics_local_day(ca.booked_at, u.tz), 'any',
           sum(ca.amount) FILTER (WHERE ca.category_id IS NOT NULL OR ca.amount < 0)
    FROM category_amounts ca CROSS JOIN u CROSS JOIN built
    WHERE ca.user_id = $1 AND ca.transfer_id IS NULL
      -- The outer bounds ($4, $5, computed beforehand) let the planner leave out every other
      -- chunk while planning; the windows are exact.
      AND ca.booked_at >= $4 AND ca.booked_at < $5
      AND EXISTS (SELECT 1 FROM raw_windows w WHERE ca.booked_at >= w.lo AND ca.booked_at < w.hi)
      AND (NOT built.yes OR analytics_local_day(ca.booked_at, u.tz) IN (SELECT day FROM stale))
    GROUP BY 1, 2, 3";

/// [`SPENT_SQL`] with the rows read one by one, for when [`raw_bounds`] are not empty. Planned
/// with the values each time: a generic plan cannot leave out the transactions' chunks, and
/// took 13 s instead of 0.2 s on bench-budget's data.
static SPENT_WITH_RAW_ROWS: LazyLock<String> =
    LazyLock::new(|| SPENT_SQL.replace("{RAW_ROWS}", RAW_ROWS_SQL));

/// [`SPENT_SQL`] from the rollup's totals alone (nothing pending, the usual case). It reads no
/// hypertable, so one generic plan serves every user: planning the whole query took 10 to
/// 20 ms, three times what running it takes.
static SPENT_FROM_TOTALS: LazyLock<String> = LazyLock::new(|| SPENT_SQL.replace("{RAW_ROWS}", ""));

async fn compute(
    conn: &mut PgConnection,
    user_id: Uuid,
    only: Option<Uuid>,
    when: When,
    budgets: Vec<Budget>,
) -> Result<Vec<BudgetCheck>, sqlx::Error> {
    if budgets.is_empty() {
        return Ok(Vec::new());
    }
    let (now, day) = match when {
        When::Now(now) => (Some(now), None),
        When::Day(day) => (None, Some(day)),
    };
    let known: Vec<KnownSlice> = sqlx::query_as(PERIODS_SQL)
        .bind(user_id)
        .bind(now)
        .bind(day)
        .bind(only)
        .fetch_all(&mut *conn)
        .await?;
    let unkept: Vec<&KnownSlice> = known.iter().filter(|s| s.spent.is_none()).collect();
    let computed = if unkept.is_empty() {
        Vec::new()
    } else {
        compute_and_keep(conn, user_id, &unkept).await?
    };
    Ok(budgets
        .into_iter()
        .map(|budget| {
            let slices: Vec<&KnownSlice> =
                known.iter().filter(|s| s.budget_id == budget.id).collect();
            let periods: Vec<Period> = slices
                .chunk_by(|a, b| a.start_day == b.start_day)
                .map(|period| with_spending(&budget, period, &computed))
                .collect();
            let progress = summarize(&budget, &periods);
            BudgetCheck { budget, progress }
        })
        .collect())
}

/// Computes the slices `unkept` names and keeps what it can for the next check.
async fn compute_and_keep(
    conn: &mut PgConnection,
    user_id: Uuid,
    unkept: &[&KnownSlice],
) -> Result<Vec<ComputedSlice>, sqlx::Error> {
    let mut tx = conn.begin().await?;
    // What is kept is a cache that any check recomputes: it need not wait for the disk at
    // commit (about 3 ms here). A crash loses at most the newest memos, never the changes
    // that clear them, which commit durably after them.
    sqlx::query("SELECT set_config('synchronous_commit', 'off', true)")
        .execute(&mut *tx)
        .await?;
    // Taken before reading, held to the commit (migration budget_period_spent says why);
    // only tried, so a long import of this user's never holds up a check.
    let keep: bool = sqlx::query_scalar(
        "SELECT pg_try_advisory_xact_lock_shared(budget_memo_rates_lock())
                AND pg_try_advisory_xact_lock(budget_memo_lock($1))",
    )
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await?;
    let (from, until) = raw_bounds(&mut tx, user_id, unkept).await?;
    let categories = kakeibo_transactions::categories::nodes(&mut tx, user_id).await?;
    let reads_rows = from < until;
    let sql = if reads_rows {
        // Planned with the values each time (an unnamed statement under the default
        // plan_cache_mode), so the transactions' other chunks are left out while planning.
        SPENT_WITH_RAW_ROWS.as_str()
    } else {
        // Postgres would plan this with the values for five runs before weighing a generic
        // plan, and might never take it. The setting is not taken for the rows variant: it
        // overrides every statement's choice, unnamed ones too, and a generic plan of that
        // variant cost the check after an import 18 ms (bench-budget, session 35).
        sqlx::query("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)")
            .execute(&mut *tx)
            .await?;
        SPENT_FROM_TOTALS.as_str()
    };
    let computed: Vec<ComputedSlice> = sqlx::query_as(sql)
        .persistent(!reads_rows)
        .bind(user_id)
        .bind(unkept.iter().map(|s| s.budget_id).collect::<Vec<_>>())
        .bind(unkept.iter().map(|s| s.slice_start).collect::<Vec<_>>())
        .bind(from)
        .bind(until)
        .bind(categories.iter().map(|c| c.id).collect::<Vec<_>>())
        .bind(categories.iter().map(|c| c.parent_id).collect::<Vec<_>>())
        .bind(
            categories
                .iter()
                .map(|c| c.kind.as_str())
                .collect::<Vec<_>>(),
        )
        .fetch_all(&mut *tx)
        .await?;
    let complete = || computed.iter().filter(|c| c.missing_currency.is_none());
    if keep {
        sqlx::query(
            "INSERT INTO budget_period_spent (user_id, budget_id, start_day, end_day, spent, converted)
             SELECT $1, * FROM unnest($2::uuid[], $3::date[], $4::date[], $5::numeric[], $6::bool[])
             ON CONFLICT (user_id, budget_id, start_day)
             DO UPDATE SET end_day = EXCLUDED.end_day, spent = EXCLUDED.spent, converted = EXCLUDED.converted",
        )
        .bind(user_id)
        .bind(complete().map(|c| c.budget_id).collect::<Vec<_>>())
        .bind(complete().map(|c| c.start_day).collect::<Vec<_>>())
        .bind(complete().map(|c| c.end_day).collect::<Vec<_>>())
        .bind(complete().map(|c| c.spent).collect::<Vec<_>>())
        .bind(complete().map(|c| c.converted).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(computed)
}

/// The UTC instants that may hold rows [`SPENT_SQL`] reads one by one: the slices' days (a
/// local day lies within a day of its UTC date) when the rollup is not built in the user's
/// zone; else around the days it has not caught up with; else none. Given to the query as
/// values, so the planner leaves the transactions' other chunks out while planning.
async fn raw_bounds(
    conn: &mut PgConnection,
    user_id: Uuid,
    unkept: &[&KnownSlice],
) -> Result<(DateTime<Utc>, DateTime<Utc>), sqlx::Error> {
    let first = unkept.iter().map(|s| s.slice_start).min();
    let end = unkept.iter().map(|s| s.slice_end).max();
    let (Some(first), Some(end)) = (first, end) else {
        return Ok((DateTime::UNIX_EPOCH, DateTime::UNIX_EPOCH));
    };
    let (built, dirty_from, dirty_to): (bool, Option<NaiveDate>, Option<NaiveDate>) =
        sqlx::query_as(
            "SELECT analytics_totals_built($1, user_time_zone($1)), min(day), max(day)
             FROM analytics_pending_days WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    let (from, until) = match (built, dirty_from, dirty_to) {
        (false, _, _) => (first - Days::new(1), end + Days::new(1)),
        (true, Some(lo), Some(hi)) => (
            (lo - Days::new(2)).max(first - Days::new(1)),
            (hi + Days::new(3)).min(end + Days::new(1)),
        ),
        _ => (first, first),
    };
    let midnight = |day: NaiveDate| day.and_time(chrono::NaiveTime::MIN).and_utc();
    Ok((midnight(from), midnight(until.max(from))))
}

/// A period from its slices, each with the spending kept for it or else computed now.
fn with_spending(budget: &Budget, slices: &[&KnownSlice], computed: &[ComputedSlice]) -> Period {
    let first = slices[0];
    let mut spent = Decimal::ZERO;
    let mut missing = None;
    for slice in slices {
        let fresh = computed
            .iter()
            .find(|c| c.budget_id == slice.budget_id && c.start_day == slice.slice_start);
        missing = missing.or_else(|| {
            let c = fresh?;
            Some(MissingRate {
                from: c.missing_currency.clone()?,
                to: budget.currency.clone(),
                on: c.missing_day.unwrap_or(c.start_day),
            })
        });
        // Neither only when the budget was deleted between the two reads: its answer is moot.
        spent += slice.spent.or(fresh.map(|c| c.spent)).unwrap_or_default();
    }
    Period {
        start_day: first.start_day,
        end_day: first.end_day,
        budgeted: first.budgeted,
        spent,
        missing,
    }
}

/// What carries out of a period that ended `left` (available minus spent) under `rollover`.
pub fn carry(rollover: &str, left: Decimal) -> Decimal {
    match rollover {
        "surplus" => left.max(Decimal::ZERO),
        "deficit" => left.min(Decimal::ZERO),
        "both" => left,
        _ => Decimal::ZERO,
    }
}

/// Runs the periods oldest first, carrying what the rollover allows; the last is current.
fn summarize(budget: &Budget, periods: &[Period]) -> Result<BudgetProgress, MissingRate> {
    if let Some(missing) = periods.iter().find_map(|p| p.missing.clone()) {
        return Err(missing);
    }
    let (current, earlier) = periods
        .split_last()
        .expect("the query answers at least the current period");
    let rolled_over = earlier.iter().fold(Decimal::ZERO, |carried, p| {
        carry(&budget.rollover, p.budgeted + carried - p.spent)
    });
    let available = current.budgeted + rolled_over;
    let spent = current.spent;
    let hundred = Decimal::ONE_HUNDRED;
    let thresholds = budget
        .thresholds
        .iter()
        .map(|&percent| ThresholdState {
            percent,
            amount: (available * Decimal::from(percent) / hundred).round_dp(4),
            crossed: reached(spent, available, percent),
        })
        .collect();
    Ok(BudgetProgress {
        budget_id: budget.id,
        period_start: current.start_day,
        period_end: current
            .end_day
            .checked_sub_days(Days::new(1))
            .unwrap_or(current.end_day),
        budgeted: current.budgeted,
        rolled_over,
        available,
        spent,
        remaining: available - spent,
        utilization_percent: (available > Decimal::ZERO)
            .then(|| (spent * hundred / available).round_dp(1)),
        thresholds,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::carry;

    #[test]
    fn each_rollover_carries_its_side() {
        assert_eq!(carry("none", dec!(30)), dec!(0));
        assert_eq!(carry("surplus", dec!(30)), dec!(30));
        assert_eq!(carry("surplus", dec!(-30)), dec!(0));
        assert_eq!(carry("deficit", dec!(30)), dec!(0));
        assert_eq!(carry("deficit", dec!(-30)), dec!(-30));
        assert_eq!(carry("both", dec!(-30)), dec!(-30));
    }
}
