//! Semantic search over the user's own transactions (issue 5): "coffee shops", "flights
//! last year". The query's time phrases become dates (`search_query`); its words are
//! compared with the user's merchants two ways:
//!
//! - meaning: the words' embedding against each merchant text's cached embedding, exactly,
//!   over the user's distinct merchant keys (thousands, not millions: no index needed);
//! - category: the lexicon reads "flights" as travel.flights, so rows filed there (or whose
//!   merchant text names it) answer even when a name means nothing to the model (RYANAIR).
//!
//! Rows rank by `similarity + ½ · category · (1 − similarity)` (see
//! `kakeibo_transactions::search`); a row with neither a named category nor a similarity
//! of at least [`SIMILARITY_FLOOR`] is left out, so a query about coffee does not list the
//! supermarket.

use std::collections::HashMap;

use kakeibo_llm::{EmbedError, Embedder};
use kakeibo_transactions::search::{self, After, Evidence, MerchantEvidence, ScoredTransaction};
use kakeibo_transactions::transactions::Filter;
use pgvector::Vector;
use sqlx::PgPool;
use uuid::Uuid;

use crate::keywords;

/// Cosine similarity a merchant needs to answer on meaning alone. Measured with
/// all-MiniLM-L6-v2: "coffee shops" is 0.47 from "whole foods market" and 0.57 from
/// "mcdonald's", while a real match ("netflix" / "netflix.com") is 0.8.
pub const SIMILARITY_FLOOR: f32 = 0.6;

/// A search: the query's subject (none when it was only a time phrase), the filters with
/// the query's dates already in them, and the page.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: Option<String>,
    pub filter: Filter,
    pub after: Option<After>,
    pub limit: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// One page of the user's rows that answer the search, best first.
pub async fn search(
    db: &PgPool,
    embedder: Option<&dyn Embedder>,
    user_id: Uuid,
    search: &Search,
) -> Result<Vec<ScoredTransaction>, SearchError> {
    let mut evidence = Evidence {
        text: search.text.clone(),
        similarity_floor: SIMILARITY_FLOOR,
        ..Evidence::default()
    };
    if let (Some(text), Some(embedder)) = (&search.text, embedder) {
        // Embedded before a connection is taken: a remote model may take its time.
        let query = embedder
            .embed(std::slice::from_ref(text))
            .await?
            .pop()
            .map(Vector::from)
            .ok_or_else(|| EmbedError::Reply("no vector for the query".into()))?;
        evidence.categories = named_categories(text);
        let mut conn = db.acquire().await?;
        let keys = search::merchant_keys(&mut conn, user_id, &search.filter).await?;
        let merchants: Vec<(Vec<u8>, String, f64)> = sqlx::query_as(
            "SELECT text_hash, text, 1 - (embedding <=> $3) FROM text_embeddings
             WHERE model = $1 AND text_hash = ANY($2)",
        )
        .bind(embedder.model_id())
        .bind(&keys)
        .bind(&query)
        .fetch_all(&mut *conn)
        .await?;
        let named: HashMap<&str, f32> = evidence
            .categories
            .iter()
            .map(|(slug, s)| (slug.as_str(), *s))
            .collect();
        evidence.merchants = merchants
            .into_iter()
            .map(|(key, text, similarity)| MerchantEvidence {
                key,
                similarity: similarity as f32,
                category: named_by_text(&text, &named),
            })
            .collect();
    }
    let mut conn = db.acquire().await?;
    Ok(search::ranked(
        &mut conn,
        user_id,
        &search.filter,
        &evidence,
        search.after,
        search.limit,
    )
    .await?)
}

/// How strongly the merchant's own text names a category the query names (the product of
/// the two lexicon strengths), 0 when it names none of them.
#[allow(clippy::float_arithmetic)] // scores, not money
fn named_by_text(text: &str, named: &HashMap<&str, f32>) -> f32 {
    keywords::hits(text, text)
        .into_iter()
        .filter_map(|(slug, w)| named.get(slug).map(|s| s * w))
        .fold(0.0, f32::max)
}

/// Built-in categories the query's words name, with the lexicon's strength. Plurals are
/// tried in the singular too ("pharmacies", "bakeries").
pub fn named_categories(text: &str) -> Vec<(String, f32)> {
    let mut words = vec![text.to_string()];
    for word in text.split_whitespace().filter(|w| w.len() > 3) {
        if let Some(stem) = word.strip_suffix("ies") {
            words.push(format!("{stem}y"));
        } else if let Some(stem) = word.strip_suffix('s') {
            words.push(stem.to_string());
        }
    }
    let query = words.join(" ");
    keywords::hits(&query, &query)
        .into_iter()
        .map(|(slug, strength)| (slug.to_string(), strength))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(text: &str) -> Vec<String> {
        named_categories(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn query_words_name_categories_singular_or_plural() {
        assert_eq!(slugs("coffee shops"), ["food.coffee"]);
        assert_eq!(slugs("flights"), ["travel.flights"]);
        assert!(slugs("pharmacies").contains(&"health.pharmacy".to_string()));
        assert!(slugs("zorblax").is_empty());
    }
}
