//! The built-in labelled examples (data/labelled_examples.csv), embedded once per model into
//! `builtin_examples`, where the kNN step finds them.

use kakeibo_llm::{EmbedError, Embedder};
use pgvector::Vector;
use sqlx::PgPool;

use crate::normalize::normalize_merchant;

pub const BUILTIN_CSV: &str = include_str!("../data/labelled_examples.csv");
const ANCHORS: &str = include_str!("../data/anchors.txt");

/// (description, category slug) rows of a CSV written by the generators in data/ and eval/:
/// the category is the last field and has no comma; a description with commas is quoted.
pub fn parse_labelled(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .skip(1)
        .filter_map(|line| line.rsplit_once(','))
        .map(|(description, slug)| (unquote(description), slug.to_string()))
        .collect()
}

/// A CSV field as Python's csv module writes it: quoted, with quotes doubled, when needed.
pub(crate) fn unquote(field: &str) -> String {
    field
        .strip_prefix('"')
        .and_then(|d| d.strip_suffix('"'))
        .map_or_else(|| field.to_string(), |d| d.replace("\"\"", "\""))
}

/// The built-in examples as the kNN step sees them: normalized text and slug, each text
/// once (the first label wins).
/// The anchors (plain-English phrases saying what each category is) come first.
pub fn builtin() -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    anchors()
        .into_iter()
        .chain(
            parse_labelled(BUILTIN_CSV)
                .into_iter()
                .map(|(description, slug)| (normalize_merchant(&description), slug)),
        )
        .filter(|(text, _)| seen.insert(text.clone()))
        .collect()
}

/// (phrase, slug) pairs of data/anchors.txt: `slug: phrase; phrase`.
fn anchors() -> Vec<(String, String)> {
    ANCHORS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(':'))
        .flat_map(|(slug, phrases)| {
            phrases
                .split(';')
                .map(|p| (p.trim().to_lowercase(), slug.trim().to_string()))
                .collect::<Vec<_>>()
        })
        .filter(|(phrase, _)| !phrase.is_empty())
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Embeds the built-in examples this model has not embedded yet; returns how many it added.
pub async fn load_builtin(db: &PgPool, embedder: &dyn Embedder) -> Result<usize, LoadError> {
    let model = embedder.model_id();
    let stored: std::collections::HashSet<String> =
        sqlx::query_scalar("SELECT text FROM builtin_examples WHERE model = $1")
            .bind(model)
            .fetch_all(db)
            .await?
            .into_iter()
            .collect();
    let missing: Vec<(String, String)> = builtin()
        .into_iter()
        .filter(|(text, _)| !stored.contains(text))
        .collect();
    let texts: Vec<String> = missing.iter().map(|(text, _)| text.clone()).collect();
    let vectors = embedder.embed(&texts).await?;
    let mut tx = db.begin().await?;
    for ((text, slug), vector) in missing.iter().zip(vectors) {
        sqlx::query(
            "INSERT INTO builtin_examples (model, text, category_slug, embedding) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(model)
        .bind(text)
        .bind(slug)
        .bind(Vector::from(vector))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(missing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_descriptions_keep_their_commas_and_quotes() {
        let rows = parse_labelled(
            "description,category\n\"COMPRA EN DIA, Madrid, TARJ. :*123\",food.groceries\n\"SAY \"\"HI\"\"\",other\nREWE,food.groceries\n",
        );
        assert_eq!(
            rows,
            [
                (
                    "COMPRA EN DIA, Madrid, TARJ. :*123".to_string(),
                    "food.groceries".to_string()
                ),
                ("SAY \"HI\"".to_string(), "other".to_string()),
                ("REWE".to_string(), "food.groceries".to_string()),
            ]
        );
    }

    #[test]
    fn built_in_texts_are_normalized_and_each_kept_once() {
        let examples = builtin();
        let texts: std::collections::HashSet<&str> =
            examples.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts.len(), examples.len());
        assert!(examples.len() > 2000, "{}", examples.len());
        assert!(
            texts.contains("blue bottle coffee"),
            "TST* BLUE BOTTLE COFFEE MIAMI FL, without its city"
        );
    }
}
