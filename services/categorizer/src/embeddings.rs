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

/// Vectors for these normalized texts (distinct): from the cache, or embedded now. The
/// newly embedded ones are answered apart too, for `store` to cache: the caller decides
/// when to write them, so the write can run beside the work that only needs the vectors.
pub async fn vectors_for(
    conn: &mut PgConnection,
    embedder: &dyn Embedder,
    texts: &[String],
) -> Result<(HashMap<String, Vector>, Vec<(String, Vector)>), CacheError> {
    let hashes: Vec<Vec<u8>> = texts.iter().map(|t| text_hash(t).to_vec()).collect();
    let cached: Vec<(String, Vector)> = sqlx::query_as(
        "SELECT text, embedding FROM text_embeddings WHERE model = $1 AND text_hash = ANY($2)",
    )
    .bind(embedder.model_id())
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
        return Ok((vectors, Vec::new()));
    }
    let embedded: Vec<Vector> = embedder
        .embed(&missing)
        .await?
        .into_iter()
        .map(Vector::from)
        .collect();
    let fresh: Vec<(String, Vector)> = missing.into_iter().zip(embedded).collect();
    vectors.extend(fresh.iter().cloned());
    Ok((vectors, fresh))
}

/// Caches newly embedded texts; a text another batch cached meanwhile is left as it is.
pub async fn store(
    conn: &mut PgConnection,
    model: &str,
    fresh: &[(String, Vector)],
) -> Result<(), sqlx::Error> {
    if fresh.is_empty() {
        return Ok(());
    }
    let hashes: Vec<Vec<u8>> = fresh.iter().map(|(t, _)| text_hash(t).to_vec()).collect();
    let (texts, vectors): (Vec<String>, Vec<Vector>) = fresh.iter().cloned().unzip();
    sqlx::query(
        "INSERT INTO text_embeddings (model, text_hash, text, embedding)
         SELECT $1, h, t, e FROM UNNEST($2::bytea[], $3::text[], $4::vector[]) AS u(h, t, e)
         ON CONFLICT DO NOTHING",
    )
    .bind(model)
    .bind(&hashes)
    .bind(&texts)
    .bind(&vectors)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
