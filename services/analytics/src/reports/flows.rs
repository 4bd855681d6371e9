//! Spending or income of a period from the rollups: what `kakeibo_transactions::flows::sums`
//! computes from the rows, for the queries the rollups can answer (no merchant, account, tag
//! or text filter; grouped by nothing, day, week, month or category), in a few milliseconds
//! rather than a scan of every row of the period. The same rules: expense categories are
//! spending with their refunds subtracted, income categories income, transfer categories
//! neither, uncategorized money out spending and money in income; a split counts as its parts.

use chrono::Datelike;
use kakeibo_transactions::flows::{Flow, FlowGroup, FlowQuery, GroupBy};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::rollups;

/// The sums of `query` from the rollups, refreshed first if an edit is pending; `None` when
/// the query needs the rows themselves.
pub async fn sums(
    pool: &PgPool,
    user_id: Uuid,
    query: &FlowQuery,
) -> Result<Option<Vec<FlowGroup>>, sqlx::Error> {
    let row_level = !query.account_ids.is_empty()
        || !query.merchants.is_empty()
        || query.tag.is_some()
        || query.text.is_some();
    if row_level || matches!(query.group_by, GroupBy::Merchant | GroupBy::Account) {
        return Ok(None);
    }
    rollups::ensure_fresh(pool, user_id).await?;
    // Whole months read the monthly table (a year is twelve rows per category), other
    // periods the daily one.
    let whole_months = query.from.day() == 1
        && query.to.succ_opt().is_some_and(|next| next.day() == 1)
        && !matches!(query.group_by, GroupBy::Day | GroupBy::Week);
    let (table, day) = if whole_months {
        ("analytics_monthly", "month")
    } else {
        ("analytics_daily", "day")
    };
    let flow = match query.flow {
        Flow::Spending => "expense",
        Flow::Income => "income",
    };
    // The user's categories come from their owner, as arrays the query joins.
    let mut conn = pool.acquire().await?;
    let categories = kakeibo_transactions::categories::list(&mut conn, user_id).await?;
    let ids: Vec<Uuid> = categories.iter().map(|c| c.id).collect();
    let names: Vec<&str> = categories.iter().map(|c| c.name.as_str()).collect();
    let kinds: Vec<&str> = categories.iter().map(|c| c.kind.as_str()).collect();
    let mut q = QueryBuilder::<Postgres>::new("WITH c AS (SELECT * FROM UNNEST(");
    q.push_bind(ids)
        .push("::uuid[], ")
        .push_bind(names)
        .push("::text[], ")
        .push_bind(kinds)
        .push(format!(
            "::text[]) AS c(id, name, kind)),
         r AS (
           SELECT {day} AS day, category_id, currency::text AS currency, inflow, outflow,
                  row_count, inflow_count, outflow_count
           FROM {table} WHERE user_id = "
        ));
    q.push_bind(user_id)
        .push(format!(" AND {day} >= "))
        .push_bind(query.from)
        .push(format!(" AND {day} <= "))
        .push_bind(query.to);
    if !query.category_ids.is_empty() {
        q.push(" AND category_id = ANY(")
            .push_bind(with_descendants(&categories, &query.category_ids))
            .push(")");
    }
    q.push(
        "), counted AS (
           SELECT r.day, r.category_id, c.name AS category_name, r.currency,
                  coalesce(c.kind, ",
    )
    .push_bind(flow)
    .push(
        ") AS flow_kind,
                  CASE WHEN c.kind = 'expense' THEN -(r.inflow + r.outflow)
                       WHEN c.kind = 'income' THEN r.inflow + r.outflow
                       WHEN c.kind IS NULL AND ",
    )
    .push_bind(flow)
    .push(
        " = 'expense' THEN -r.outflow
                       WHEN c.kind IS NULL THEN r.inflow END AS flow,
                  CASE WHEN c.kind IS NOT NULL THEN r.row_count
                       WHEN ",
    )
    .push_bind(flow)
    .push(
        " = 'expense' THEN r.outflow_count ELSE r.inflow_count END AS rows
           FROM r LEFT JOIN c ON c.id = r.category_id) SELECT ",
    );
    let (key, label) = match query.group_by {
        GroupBy::Nothing => ("NULL::text", "NULL::text"),
        GroupBy::Day => ("day::text", "day::text"),
        GroupBy::Week => (
            "date_trunc('week', day)::date::text",
            "date_trunc('week', day)::date::text",
        ),
        GroupBy::Month => (
            "date_trunc('month', day)::date::text",
            "date_trunc('month', day)::date::text",
        ),
        GroupBy::Category => ("category_id::text", "max(category_name)"),
        GroupBy::Merchant | GroupBy::Account => unreachable!("answered from the rows"),
    };
    q.push(key).push(" AS key, ").push(label).push(
        " AS label, currency, sum(flow) AS amount, sum(rows)::bigint AS transactions
         FROM counted WHERE flow_kind = ",
    );
    q.push_bind(flow).push(" AND rows > 0 GROUP BY ").push(key);
    if matches!(
        query.group_by,
        GroupBy::Day | GroupBy::Week | GroupBy::Month
    ) {
        q.push(", ").push(label);
    }
    q.push(", currency ORDER BY ");
    match query.group_by {
        GroupBy::Day | GroupBy::Week | GroupBy::Month => q.push("1, currency"),
        _ => q.push("currency, amount DESC, label NULLS LAST"),
    };
    Ok(Some(q.build_query_as().fetch_all(&mut *conn).await?))
}

/// `wanted` (those that are the user's) and every category below them.
fn with_descendants(
    categories: &[kakeibo_transactions::categories::Category],
    wanted: &[Uuid],
) -> Vec<Uuid> {
    let mut found: Vec<Uuid> = categories
        .iter()
        .filter(|c| wanted.contains(&c.id))
        .map(|c| c.id)
        .collect();
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        for child in categories.iter().filter(|c| c.parent_id == Some(parent)) {
            if !found.contains(&child.id) {
                found.push(child.id);
            }
        }
        next += 1;
    }
    found
}
