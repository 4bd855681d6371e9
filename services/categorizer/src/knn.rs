//! kNN over labelled examples: the nearest texts someone already categorized, from the
//! user's own corrections (searched exactly) and from the built-in examples (HNSW). How
//! they vote is `classify::decide`.

use pgvector::Vector;
use sqlx::PgPool;
use uuid::Uuid;

/// How many neighbours vote.
pub const K: i64 = 7;

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
