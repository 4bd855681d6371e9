//! The embedding cache: each distinct normalized text is embedded once per model and kept
//! in `text_embeddings`, keyed by the text's hash. A batch of rows costs one embedding call
//! for the texts nobody has seen, however many rows share them.

use std::collections::HashMap;

use kakeibo_llm::{EmbedError, Embedder};
use pgvector::Vector;
use sqlx::PgConnection;

use crate::normalize::text_hash;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Vectors for these normalized texts (distinct), from the cache or embedded and cached now.
/// Also answers how many were embedded now.
pub async fn vectors_for(
    conn: &mut PgConnection,
    embedder: &dyn Embedder,
    texts: &[String],
) -> Result<(HashMap<String, Vector>, usize), CacheError> {
    let model = embedder.model_id();
    let hashes: Vec<Vec<u8>> = texts.iter().map(|t| text_hash(t).to_vec()).collect();
    let cached: Vec<(String, Vector)> = sqlx::query_as(
        "SELECT text, embedding FROM text_embeddings WHERE model = $1 AND text_hash = ANY($2)",
    )
    .bind(model)
    .bind(&hashes)
    .fetch_all(&mut *conn)
    .await?;
    let mut vectors: HashMap<String, Vector> = cached.into_iter().collect();
    let missing: Vec<String> = texts
        .iter()
        .filter(|t| !vectors.contains_key(*t))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok((vectors, 0));
    }
    let embedded: Vec<Vector> = embedder
        .embed(&missing)
        .await?
        .into_iter()
        .map(Vector::from)
        .collect();
    let missing_hashes: Vec<Vec<u8>> = missing.iter().map(|t| text_hash(t).to_vec()).collect();
    sqlx::query(
        "INSERT INTO text_embeddings (model, text_hash, text, embedding)
         SELECT $1, h, t, e FROM UNNEST($2::bytea[], $3::text[], $4::vector[]) AS u(h, t, e)
         ON CONFLICT DO NOTHING",
    )
    .bind(model)
    .bind(&missing_hashes)
    .bind(&missing)
    .bind(&embedded)
    .execute(&mut *conn)
    .await?;
    let added = missing.len();
    vectors.extend(missing.into_iter().zip(embedded));
    Ok((vectors, added))
}
