//! Spending and income over any filter, grouped any way (the ask engine's questions: "how
//! much at Rewe in March", "spending by merchant last month", "income per week"). The
//! analytics rollups answer per category and day; a merchant, account, tag or text filter
//! needs the rows themselves, which this crate owns.
//!
//! It counts as analytics does (docs/decisions.md, "Analytics"): transfers and rows in
//! transfer categories are neither; expense categories are spending and their refunds
//! subtract; income categories are income; uncategorized money out is spending and money in
//! is income. Split transactions count as their parts. Days are the user's
//! (`analytics_local_day` in `user_time_zone`), so these sums match the reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::transactions::like_pattern;

/// Spending or income.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Spending,
    Income,
}

/// What the sums are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One group per currency.
    Nothing,
    Day,
    /// ISO weeks, Monday first.
    Week,
    Month,
    /// The category as filed (a split part's own category).
    Category,
    /// The merchant's display name, or the payee when there is none.
    Merchant,
    Account,
}

/// What is summed. Empty lists and `None` mean "any".
#[derive(Debug, Clone)]
pub struct FlowQuery {
    pub flow: Flow,
    /// First and last local day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// These categories and every category below them.
    pub category_ids: Vec<Uuid>,
    pub account_ids: Vec<Uuid>,
    /// Case-insensitive substrings of the merchant's name (or the payee's): any of them.
    pub merchants: Vec<String>,
    pub tag: Option<String>,
    /// Case-insensitive substring of description, payee, merchant or notes.
    pub text: Option<String>,
    pub group_by: GroupBy,
}

/// One group's sum in one currency. Spending and income are positive; a group whose refunds
/// exceed its spending is negative.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FlowGroup {
    /// The group's key: a date (`YYYY-MM-DD`, the period's first day), a category or
    /// account id, a merchant name; `None` for `Nothing` and for uncategorized rows.
    pub key: Option<String>,
    /// What to show: the category's name, the merchant, the date (`None` for accounts, whose
    /// names are bank-sync's).
    pub label: Option<String>,
    pub currency: String,
    pub amount: Decimal,
    /// Transactions (a split one counts once per part in the group).
    pub transactions: i64,
}

/// The sums of `query`, ordered by key for dates and by amount (largest first) otherwise.
pub async fn sums(
    conn: &mut PgConnection,
    user_id: Uuid,
    query: &FlowQuery,
) -> Result<Vec<FlowGroup>, sqlx::Error> {
    let mut q = QueryBuilder::<Postgres>::new(
        "WITH rows AS (
           SELECT analytics_local_day(t.booked_at, z.tz) AS day,
                  t.currency::text AS currency, t.account_id,
                  COALESCE(t.merchant, t.payee) AS merchant,
                  CASE WHEN s.id IS NULL THEN t.category_id ELSE s.category_id END AS category_id,
                  COALESCE(s.amount, t.amount) AS amount
           FROM transactions t
           -- The zone looked up once, not once per row: a function with a query is not
           -- inlined, and OFFSET 0 keeps the planner from pulling the call into each row.
           CROSS JOIN (SELECT user_time_zone(",
    );
    q.push_bind(user_id).push(
        ") AS tz OFFSET 0) z
           LEFT JOIN transaction_splits s
                  ON s.user_id = t.user_id AND s.transaction_id = t.id AND s.booked_at = t.booked_at
           WHERE t.user_id = ",
    );
    q.push_bind(user_id)
        .push(" AND t.deleted_at IS NULL AND t.transfer_id IS NULL");
    // A local day lies within a day of its UTC one: the index narrows, the day decides.
    q.push(" AND t.booked_at >= ")
        .push_bind(query.from.pred_opt().unwrap_or(query.from))
        .push("::timestamp AT TIME ZONE 'UTC' AND t.booked_at < ")
        .push_bind(query.to + chrono::Days::new(2))
        .push("::timestamp AT TIME ZONE 'UTC'");
    if !query.account_ids.is_empty() {
        q.push(" AND t.account_id = ANY(")
            .push_bind(query.account_ids.clone())
            .push(")");
    }
    if !query.merchants.is_empty() {
        let patterns: Vec<String> = query.merchants.iter().map(|m| like_pattern(m)).collect();
        q.push(" AND COALESCE(t.merchant, t.payee) ILIKE ANY(")
            .push_bind(patterns)
            .push(")");
    }
    if let Some(tag) = &query.tag {
        q.push(" AND ")
            .push_bind(tag.clone())
            .push(" = ANY(t.tags)");
    }
    if let Some(text) = &query.text {
        let pattern = like_pattern(text);
        q.push(" AND (t.description ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR t.payee ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR t.merchant ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR t.notes ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
    q.push(
        "), counted AS (
           SELECT r.*, c.name AS category_name,
                  CASE WHEN c.kind = 'expense' THEN -r.amount
                       WHEN c.kind = 'income' THEN r.amount
                       WHEN c.kind IS NULL AND r.amount < 0 THEN -r.amount
                       WHEN c.kind IS NULL AND r.amount > 0 THEN r.amount END AS flow,
                  CASE WHEN c.kind IS NOT NULL THEN c.kind
                       WHEN r.amount < 0 THEN 'expense' ELSE 'income' END AS flow_kind
           FROM rows r
           LEFT JOIN categories c ON c.user_id = ",
    );
    q.push_bind(user_id)
        .push(" AND c.id = r.category_id WHERE r.day >= ");
    q.push_bind(query.from)
        .push(" AND r.day <= ")
        .push_bind(query.to);
    if !query.category_ids.is_empty() {
        q.push(
            " AND r.category_id IN (WITH RECURSIVE tree AS (SELECT id FROM categories WHERE user_id = ",
        )
        .push_bind(user_id)
        .push(" AND id = ANY(")
        .push_bind(query.category_ids.clone())
        .push(
            ") UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.user_id = ",
        )
        .push_bind(user_id)
        .push(") SELECT id FROM tree)");
    }
    q.push(") SELECT ");
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
        GroupBy::Merchant => ("merchant", "merchant"),
        // The account's name is bank-sync's: the caller reads it.
        GroupBy::Account => ("account_id::text", "NULL::text"),
    };
    let label_grouped = !label.starts_with("max(") && !label.starts_with("NULL");
    q.push(key).push(" AS key, ").push(label).push(
        " AS label, currency, sum(flow) AS amount, count(*)::bigint AS transactions FROM counted",
    );
    q.push(" WHERE flow_kind = ").push_bind(match query.flow {
        Flow::Spending => "expense",
        Flow::Income => "income",
    });
    q.push(" AND flow IS NOT NULL GROUP BY ").push(key);
    if label_grouped {
        q.push(", ").push(label);
    }
    q.push(", currency ORDER BY ");
    match query.group_by {
        GroupBy::Day | GroupBy::Week | GroupBy::Month => q.push("1, currency"),
        _ => q.push("currency, amount DESC, label NULLS LAST"),
    };
    q.build_query_as().fetch_all(conn).await
}
