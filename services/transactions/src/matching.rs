//! Every transaction matching a filter, sorted as asked, with the count and total of all of
//! them (not only the rows listed): "my 5 biggest purchases last month", "how many times did
//! I pay Uber, and how much".

use rust_decimal::Decimal;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::transactions::{COLUMNS, Filter, Transaction, push_filter};

/// The order rows are listed in; ties go newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    /// By size, money in or out alike.
    Largest,
    Smallest,
}

/// What every matching row adds up to in one currency.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MatchTotal {
    pub currency: String,
    /// Signed: negative is money out.
    pub total: Decimal,
    pub count: i64,
}

#[derive(Debug, Clone)]
pub struct Matching {
    /// At most `limit` rows, in `sort` order.
    pub rows: Vec<Transaction>,
    /// Per currency, over all matching rows.
    pub totals: Vec<MatchTotal>,
}

/// The user's live transactions matching `filter`: the first `limit` in `sort` order, and
/// the totals of all of them.
pub async fn matching(
    conn: &mut PgConnection,
    user_id: Uuid,
    filter: &Filter,
    sort: Sort,
    limit: i64,
) -> Result<Matching, sqlx::Error> {
    let mut q = QueryBuilder::<Postgres>::new(format!(
        "SELECT {COLUMNS} FROM transactions WHERE user_id = "
    ));
    q.push_bind(user_id).push(" AND deleted_at IS NULL");
    push_filter(&mut q, user_id, filter);
    q.push(match sort {
        Sort::Newest => " ORDER BY booked_at DESC, id DESC",
        Sort::Oldest => " ORDER BY booked_at, id",
        Sort::Largest => " ORDER BY abs(amount) DESC, booked_at DESC, id DESC",
        Sort::Smallest => " ORDER BY abs(amount), booked_at DESC, id DESC",
    });
    q.push(" LIMIT ").push_bind(limit);
    let rows = q.build_query_as().fetch_all(&mut *conn).await?;

    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT currency::text AS currency, sum(amount) AS total, count(*)::bigint AS count
         FROM transactions WHERE user_id = ",
    );
    q.push_bind(user_id).push(" AND deleted_at IS NULL");
    push_filter(&mut q, user_id, filter);
    q.push(" GROUP BY currency ORDER BY currency");
    let totals = q.build_query_as().fetch_all(conn).await?;
    Ok(Matching { rows, totals })
}

/// The names the user's live rows show as merchants (the merchant, or the payee when none),
/// most used first, at most `limit`: what a question may name.
pub async fn merchant_names(
    conn: &mut PgConnection,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(merchant, payee) FROM transactions
         WHERE user_id = $1 AND deleted_at IS NULL AND COALESCE(merchant, payee) <> ''
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The tags on the user's live rows, in order.
pub async fn tags(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT unnest(tags) FROM transactions WHERE user_id = $1 AND deleted_at IS NULL ORDER BY 1",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}
