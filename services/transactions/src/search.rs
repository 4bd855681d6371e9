//! The rows' side of semantic search (`GET /transactions/search`): which merchants a user's
//! filtered rows have, and the rows ranked by the evidence the categorizer gathered about a
//! query. Understanding the query and comparing embeddings is the categorizer's part; this
//! module only reads this crate's tables, scoped by `user_id` like every other query here.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::transactions::{COLUMNS, Filter, Transaction, push_filter};

/// The score is `similarity + CATEGORY_LIFT · category · (1 − similarity)`: a row's
/// similarity, lifted halfway to 1 when it is in a category the query names. A literal or
/// near-identical match scores about 1 on its own; so does a row that is both in the
/// category and close in meaning; a category alone gives at least ½.
pub const CATEGORY_LIFT: f64 = 0.5;

/// What is known about a query, from the categorizer.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The query's words without its time phrases; `None` lists every filtered row.
    pub text: Option<String>,
    /// Built-in category slugs the query names, with their strength (0 to 1). Rows filed
    /// under such a category, or below it, or with a split part there, carry the strength.
    pub categories: Vec<(String, f32)>,
    /// Per merchant key: the similarity of its text to the query (cosine), and the
    /// strength of a category the query names that the merchant's own text also names.
    pub merchants: Vec<MerchantEvidence>,
    /// Rows neither in a named category nor at least this similar are left out.
    pub similarity_floor: f32,
}

#[derive(Debug, Clone)]
pub struct MerchantEvidence {
    pub key: Vec<u8>,
    pub similarity: f32,
    pub category: f32,
}

/// A row and how well it answers the query (0 to 1, four decimals).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ScoredTransaction {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub transaction: Transaction,
    /// similarity + ½ · category · (1 − similarity); see [`CATEGORY_LIFT`].
    pub score: f64,
}

/// Where the next page starts: the last row's (score, booked_at, id).
pub type After = (f64, DateTime<Utc>, Uuid);

/// `score_time_id`, the search's `next_cursor`.
pub fn cursor((score, time, id): After) -> String {
    format!(
        "{score}_{}_{id}",
        time.to_rfc3339_opts(SecondsFormat::Micros, true)
    )
}

pub fn parse_cursor(cursor: &str) -> Option<After> {
    let mut parts = cursor.splitn(3, '_');
    let score = parts.next()?.parse().ok()?;
    let time = DateTime::parse_from_rfc3339(parts.next()?).ok()?;
    let id = parts.next()?.parse().ok()?;
    Some((score, time.with_timezone(&Utc), id))
}

/// The distinct merchant keys of the user's live rows that pass `filter` (rows the
/// categorizer has not seen yet have none).
pub async fn merchant_keys(
    conn: &mut PgConnection,
    user_id: Uuid,
    filter: &Filter,
) -> Result<Vec<Vec<u8>>, sqlx::Error> {
    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT DISTINCT merchant_key FROM transactions WHERE merchant_key IS NOT NULL AND user_id = ",
    );
    q.push_bind(user_id).push(" AND deleted_at IS NULL");
    push_filter(&mut q, user_id, filter);
    q.build_query_scalar().fetch_all(conn).await
}

/// `\m…\M` around the text, for a case-insensitive whole-word match (`~*`).
fn word_pattern(text: &str) -> String {
    let mut pattern = String::from("\\m");
    for c in text.chars() {
        if !c.is_alphanumeric() {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push_str("\\M");
    pattern
}

/// One page of the user's rows that pass `filter` and answer the query, best first (then
/// newest first). A row's evidence: `category`, the strongest named category it is filed
/// under (or whose name its merchant text holds); `similarity`, its merchant's (1 when its
/// description, payee, merchant or notes hold the query's words as they are).
pub async fn ranked(
    conn: &mut PgConnection,
    user_id: Uuid,
    filter: &Filter,
    evidence: &Evidence,
    after: Option<After>,
    limit: i64,
) -> Result<Vec<ScoredTransaction>, sqlx::Error> {
    let (slugs, strengths): (Vec<String>, Vec<f32>) = evidence.categories.iter().cloned().unzip();
    let keys: Vec<Vec<u8>> = evidence.merchants.iter().map(|m| m.key.clone()).collect();
    let similarities: Vec<f32> = evidence.merchants.iter().map(|m| m.similarity).collect();
    let named: Vec<f32> = evidence.merchants.iter().map(|m| m.category).collect();

    let mut q = QueryBuilder::<Postgres>::new(
        "WITH RECURSIVE named(id, strength) AS (
             SELECT c.id, n.strength FROM categories c
             JOIN UNNEST(",
    );
    q.push_bind(slugs)
        .push("::text[], ")
        .push_bind(strengths)
        .push("::real[]) AS n(slug, strength) ON c.default_slug = n.slug WHERE c.user_id = ")
        .push_bind(user_id)
        .push(
            " AND c.archived_at IS NULL
             UNION
             SELECT c.id, named.strength FROM categories c JOIN named ON c.parent_id = named.id
             WHERE c.user_id = ",
        )
        .push_bind(user_id)
        .push(
            "),
         filed AS (SELECT id, max(strength) AS strength FROM named GROUP BY id),
         split_filed AS (
             SELECT s.transaction_id, max(f.strength) AS strength
             FROM transaction_splits s JOIN filed f ON f.id = s.category_id WHERE s.user_id = ",
        )
        .push_bind(user_id)
        .push(
            " GROUP BY s.transaction_id),
         merchants AS (SELECT * FROM UNNEST(",
        )
        .push_bind(keys)
        .push("::bytea[], ")
        .push_bind(similarities)
        .push("::real[], ")
        .push_bind(named)
        .push(
            "::real[]) AS m(key, similarity, category)),
         candidates AS (SELECT ",
        )
        .push(COLUMNS)
        .push(", merchant_key FROM transactions WHERE user_id = ")
        .push_bind(user_id)
        .push(" AND deleted_at IS NULL");
    push_filter(&mut q, user_id, filter);
    q.push(
        "),
         evidence AS (
             SELECT r.*, GREATEST(f.strength, sf.strength, m.category, 0) AS category, ",
    );
    match &evidence.text {
        Some(text) => {
            let pattern = word_pattern(text);
            q.push("CASE WHEN concat_ws(' ', r.description, r.payee, r.merchant, r.notes) ~* ")
                .push_bind(pattern)
                .push(" THEN 1 ELSE GREATEST(m.similarity, 0) END AS similarity");
        }
        None => {
            q.push("1 AS similarity");
        }
    }
    q.push(
        " FROM candidates r
             LEFT JOIN filed f ON f.id = r.category_id
             LEFT JOIN split_filed sf ON sf.transaction_id = r.id
             LEFT JOIN merchants m ON m.key = r.merchant_key),
         scored AS (
             SELECT *, round((similarity + ",
    )
    .push_bind(CATEGORY_LIFT)
    .push(" * category * (1 - similarity))::numeric, 4)::float8 AS score FROM evidence WHERE category > 0 OR similarity >= ")
    .push_bind(evidence.similarity_floor)
    .push(") SELECT * FROM scored");
    if let Some((score, time, id)) = after {
        // Scores are rounded in SQL and read back as the same doubles, so they compare equal.
        q.push(" WHERE (score, booked_at, id) < (")
            .push_bind(score)
            .push(", ")
            .push_bind(time)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY score DESC, booked_at DESC, id DESC LIMIT ")
        .push_bind(limit);
    q.build_query_as().fetch_all(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back() {
        let after = (0.7891, Utc::now(), Uuid::now_v7());
        let (score, time, id) = parse_cursor(&cursor(after)).unwrap();
        assert_eq!(score, after.0);
        assert_eq!(time.timestamp_micros(), after.1.timestamp_micros());
        assert_eq!(id, after.2);
        assert_eq!(parse_cursor("yesterday"), None);
    }

    #[test]
    fn the_query_matches_as_whole_words_with_its_punctuation_literal() {
        assert_eq!(word_pattern("at&t"), "\\mat\\&t\\M");
        assert_eq!(word_pattern("café 1.5"), "\\mcafé\\ 1\\.5\\M");
    }
}
