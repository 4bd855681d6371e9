//! kNN over labelled examples: the nearest texts someone already categorized vote for a
//! category. The user's own corrections are asked first; the built-in examples answer when
//! the user has nothing close.

use std::collections::HashMap;
use std::hash::Hash;

use pgvector::Vector;
use sqlx::PgPool;
use uuid::Uuid;

/// How many neighbours vote.
pub const K: i64 = 7;

/// A category and how sure the vote is (0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Vote<C> {
    pub category: C,
    pub confidence: f32,
}

/// The user's nearest corrections: (category id, cosine similarity), nearest first.
pub async fn user_neighbours(
    db: &PgPool,
    user_id: Uuid,
    model: &str,
    query: &Vector,
) -> Result<Vec<(Uuid, f32)>, sqlx::Error> {
    // Exact distance over this user's rows (a b-tree finds them), not the HNSW index.
    let rows: Vec<(Uuid, f64)> = sqlx::query_as(
        "SELECT category_id, 1 - (embedding <=> $3) FROM user_examples
         WHERE user_id = $1 AND model = $2
         ORDER BY embedding <=> $3 LIMIT $4",
    )
    .bind(user_id)
    .bind(model)
    .bind(query)
    .bind(K)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c, s)| (c, s as f32)).collect())
}

/// The nearest built-in examples: (default category slug, cosine similarity), nearest first.
pub async fn builtin_neighbours(
    db: &PgPool,
    model: &str,
    query: &Vector,
) -> Result<Vec<(String, f32)>, sqlx::Error> {
    let rows: Vec<(String, f64)> = sqlx::query_as(
        "SELECT category_slug, 1 - (embedding <=> $2) FROM builtin_examples
         WHERE model = $1
         ORDER BY embedding <=> $2 LIMIT $3",
    )
    .bind(model)
    .bind(query)
    .bind(K)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c, s)| (c, s as f32)).collect())
}

/// The nearest built-in examples of each query, nearest first: one round trip for a batch.
pub async fn builtin_neighbours_many(
    conn: &mut sqlx::PgConnection,
    model: &str,
    queries: &[Vector],
    k: i64,
) -> Result<Vec<Vec<(String, f32)>>, sqlx::Error> {
    let rows: Vec<(i64, String, f64)> = sqlx::query_as(
        "SELECT q.n, b.category_slug, 1 - b.distance
         FROM UNNEST($2::vector[]) WITH ORDINALITY AS q(v, n)
         CROSS JOIN LATERAL (
             SELECT category_slug, embedding <=> q.v AS distance FROM builtin_examples
             WHERE model = $1 ORDER BY embedding <=> q.v LIMIT $3
         ) b
         ORDER BY q.n, b.distance",
    )
    .bind(model)
    .bind(queries)
    .bind(k)
    .fetch_all(conn)
    .await?;
    Ok(group(rows, queries.len()))
}

/// The user's nearest corrections of each query (exact, over their rows only).
pub async fn user_neighbours_many(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    model: &str,
    queries: &[Vector],
    k: i64,
) -> Result<Vec<Vec<(Uuid, f32)>>, sqlx::Error> {
    let rows: Vec<(i64, Uuid, f64)> = sqlx::query_as(
        "SELECT q.n, u.category_id, 1 - u.distance
         FROM UNNEST($3::vector[]) WITH ORDINALITY AS q(v, n)
         CROSS JOIN LATERAL (
             SELECT category_id, embedding <=> q.v AS distance FROM user_examples
             WHERE user_id = $1 AND model = $2 ORDER BY embedding <=> q.v LIMIT $4
         ) u
         ORDER BY q.n, u.distance",
    )
    .bind(user_id)
    .bind(model)
    .bind(queries)
    .bind(k)
    .fetch_all(conn)
    .await?;
    Ok(group(rows, queries.len()))
}

/// Rows of (1-based query number, category, similarity) as one list per query.
fn group<C>(rows: Vec<(i64, C, f64)>, queries: usize) -> Vec<Vec<(C, f32)>> {
    let mut lists: Vec<Vec<(C, f32)>> = (0..queries).map(|_| Vec::new()).collect();
    for (n, category, similarity) in rows {
        lists[(n - 1) as usize].push((category, similarity as f32));
    }
    lists
}

/// Neighbours at least `min_similarity` close vote with their similarity as weight. The
/// winner's confidence is its share of the weight times its best similarity, so one far
/// neighbour is not "sure", and a split vote is not either.
pub fn vote<C: Eq + Hash + Clone>(neighbours: &[(C, f32)], min_similarity: f32) -> Option<Vote<C>> {
    let mut weight: HashMap<&C, (f32, f32)> = HashMap::new();
    let mut total = 0.0;
    for (category, similarity) in neighbours.iter().filter(|(_, s)| *s >= min_similarity) {
        let entry = weight.entry(category).or_insert((0.0, 0.0));
        entry.0 += similarity;
        entry.1 = entry.1.max(*similarity);
        total += similarity;
    }
    let (category, (sum, best)) = weight
        .into_iter()
        .max_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.1.1.total_cmp(&b.1.1)))?;
    Some(Vote {
        category: category.clone(),
        confidence: (sum / total * best).clamp(0.0, 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_category_wins_and_a_split_vote_is_less_sure() {
        let clear = vote(
            &[("coffee", 0.95), ("coffee", 0.9), ("restaurants", 0.6)],
            0.5,
        )
        .unwrap();
        assert_eq!(clear.category, "coffee");
        let split = vote(
            &[
                ("coffee", 0.95),
                ("restaurants", 0.94),
                ("restaurants", 0.5),
            ],
            0.5,
        )
        .unwrap();
        assert_eq!(split.category, "restaurants");
        assert!(
            split.confidence < clear.confidence,
            "{split:?} vs {clear:?}"
        );
    }

    #[test]
    fn nothing_close_enough_is_no_vote() {
        assert_eq!(vote(&[("coffee", 0.3)], 0.5), None);
        assert_eq!(vote::<&str>(&[], 0.5), None);
    }
}
