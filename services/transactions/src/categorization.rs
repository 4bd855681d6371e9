//! The categorizer's reads and writes on transactions, besides the category writes
//! themselves (`transactions::record_categorization`, `set_automatic_categories`): the rows
//! it has not seen, the merchant keys, the user's earlier choices, the LLM step's retries,
//! and the evaluation's labelled rows.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::transactions::AutoCategory;

/// A row as the categorizer sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ToCategorize {
    pub id: Uuid,
    pub description: String,
    pub payee: String,
    pub merchant: Option<String>,
    pub amount: Decimal,
    pub currency: String,
    pub category_id: Option<Uuid>,
    pub category_source: Option<String>,
    pub locked_fields: Vec<String>,
    /// Linked to its other half between the user's own accounts.
    pub is_transfer: bool,
    /// ISO 18245, from the card network, when the bank sent it.
    pub merchant_category_code: Option<String>,
}

/// Up to `limit` live rows of the user the categorizer has not seen, oldest first.
pub async fn not_yet_categorized(
    conn: &mut PgConnection,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<ToCategorize>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, description, payee, merchant, amount, currency::text AS currency,
                category_id, category_source, locked_fields, transfer_id IS NOT NULL AS is_transfer,
                merchant_category_code
         FROM transactions
         WHERE user_id = $1 AND categorized_at IS NULL AND deleted_at IS NULL
         ORDER BY booked_at LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Stores each row's merchant key (the hash of its normalized merchant text).
pub async fn set_merchant_keys(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
    keys: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE transactions t SET merchant_key = u.key
         FROM UNNEST($2::uuid[], $3::bytea[]) AS u(id, key)
         WHERE t.user_id = $1 AND t.id = u.id",
    )
    .bind(user_id)
    .bind(ids)
    .bind(keys)
    .execute(conn)
    .await?;
    Ok(())
}

/// A category the categorizer thought of but was not sure enough to write.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub category_id: Uuid,
    /// The calibrated probability that this category is right, 0 to 1.
    pub confidence: f32,
}

/// A display name for the merchant, with the chain's identity when the dictionary knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoMerchant {
    pub name: String,
    pub website: Option<String>,
    pub wikidata: Option<String>,
}

/// What the categorizer concluded about one row it saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub id: Uuid,
    /// The hash of the normalized merchant text: history and corrections are keyed by it.
    pub merchant_key: Vec<u8>,
    /// The category to write, when the categorizer is sure enough.
    pub choice: Option<AutoCategory>,
    /// Up to three categories for the review queue when it is not (empty otherwise).
    pub suggestions: Vec<Suggestion>,
    pub merchant: Option<AutoMerchant>,
}

/// The categorizer's pass over one batch, in one statement: every row gets its merchant key,
/// its suggestions and, where it has none, a merchant name, and is marked seen; rows with a
/// choice get it. Nothing the user locked changes (nor deleted rows, nor categories that
/// are not the user's). One row version per row: a hypertable row rewritten three times
/// costs three times its index entries. Answers the ids whose category was written.
pub async fn record_categorization(
    conn: &mut PgConnection,
    user_id: Uuid,
    rows: &[Seen],
) -> Result<Vec<Uuid>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let keys: Vec<&[u8]> = rows.iter().map(|r| r.merchant_key.as_slice()).collect();
    let categories: Vec<Option<Uuid>> = rows
        .iter()
        .map(|r| r.choice.as_ref().map(|c| c.category_id))
        .collect();
    let sources: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.choice.as_ref().map(|c| c.source.as_str()))
        .collect();
    let confidences: Vec<Option<f32>> = rows
        .iter()
        .map(|r| r.choice.as_ref().map(|c| c.confidence.clamp(0.0, 1.0)))
        .collect();
    let suggestions: Vec<Option<serde_json::Value>> = rows
        .iter()
        .map(|r| (!r.suggestions.is_empty()).then(|| serde_json::json!(r.suggestions)))
        .collect();
    let names: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.merchant.as_ref().map(|m| m.name.as_str()))
        .collect();
    let websites: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.merchant.as_ref().and_then(|m| m.website.as_deref()))
        .collect();
    let wikidata: Vec<Option<&str>> = rows
        .iter()
        .map(|r| r.merchant.as_ref().and_then(|m| m.wikidata.as_deref()))
        .collect();
    sqlx::query_scalar(
        "WITH input AS (
             SELECT u.id, u.key, c.id AS category_id, u.source, u.confidence, u.suggestions,
                    u.merchant, u.website, u.wikidata
             FROM UNNEST($2::uuid[], $3::bytea[], $4::uuid[], $5::text[], $6::real[], $7::jsonb[],
                         $8::text[], $9::text[], $10::text[])
                  AS u(id, key, category_id, source, confidence, suggestions, merchant, website, wikidata)
             LEFT JOIN categories c ON c.user_id = $1 AND c.id = u.category_id
         ), updated AS (
             UPDATE transactions t
             SET merchant_key = i.key, categorized_at = now(),
                 category_id = CASE WHEN (i.category_id IS NOT NULL AND NOT ('category' = ANY(t.locked_fields))) THEN i.category_id ELSE t.category_id END,
                 category_source = CASE WHEN (i.category_id IS NOT NULL AND NOT ('category' = ANY(t.locked_fields))) THEN i.source ELSE t.category_source END,
                 category_confidence = CASE WHEN (i.category_id IS NOT NULL AND NOT ('category' = ANY(t.locked_fields))) THEN i.confidence ELSE t.category_confidence END,
                 category_suggestions = i.suggestions,
                 merchant = CASE WHEN (t.merchant IS NULL AND NOT ('merchant' = ANY(t.locked_fields))) THEN i.merchant ELSE t.merchant END,
                 merchant_website = CASE WHEN (t.merchant IS NULL AND NOT ('merchant' = ANY(t.locked_fields))) THEN i.website ELSE t.merchant_website END,
                 merchant_wikidata = CASE WHEN (t.merchant IS NULL AND NOT ('merchant' = ANY(t.locked_fields))) THEN i.wikidata ELSE t.merchant_wikidata END
             FROM input i
             WHERE t.user_id = $1 AND t.id = i.id AND t.deleted_at IS NULL
             RETURNING t.id, (i.category_id IS NOT NULL AND NOT ('category' = ANY(t.locked_fields))) AS write
         )
         SELECT id FROM updated WHERE write",
    )
    .bind(user_id)
    .bind(&ids)
    .bind(&keys)
    .bind(&categories)
    .bind(&sources)
    .bind(&confidences)
    .bind(&suggestions)
    .bind(&names)
    .bind(&websites)
    .bind(&wikidata)
    .fetch_all(conn)
    .await
}

/// The category the user last chose by hand for each of these merchant keys.
pub async fn user_choices_by_merchant_key(
    conn: &mut PgConnection,
    user_id: Uuid,
    keys: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, Uuid)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT ON (merchant_key) merchant_key, category_id FROM transactions
         WHERE user_id = $1 AND category_source = 'user' AND merchant_key = ANY($2)
           AND category_id IS NOT NULL AND deleted_at IS NULL
         ORDER BY merchant_key, booked_at DESC",
    )
    .bind(user_id)
    .bind(keys)
    .fetch_all(conn)
    .await
}

/// The rows among `ids` whose category the LLM set.
pub async fn categorized_by_llm(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM transactions WHERE user_id = $1 AND id = ANY($2) AND category_source = 'llm'",
    )
    .bind(user_id)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// A row as the LLM step sends it, with its failed attempts so far.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LlmRow {
    pub id: Uuid,
    pub description: String,
    pub merchant: Option<String>,
    pub amount: Decimal,
    pub currency: String,
    pub llm_attempts: i16,
    /// The offline suggestions, best first: hints for the model.
    pub hints: Vec<Uuid>,
}

/// The LLM step is done with these rows: no retry is due.
pub async fn clear_llm_retry(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE transactions SET llm_retry_at = NULL WHERE user_id = $1 AND id = ANY($2)")
        .bind(user_id)
        .bind(ids)
        .execute(conn)
        .await?;
    Ok(())
}

/// The LLM step failed for row `id`: ask again at `at`, one attempt more.
pub async fn defer_llm_retry(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE transactions SET llm_retry_at = $3, llm_attempts = llm_attempts + 1
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's live rows whose LLM retry is due (their category not locked), longest
/// waiting first, at most 500.
pub async fn llm_retries_due(
    conn: &mut PgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<LlmRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, description, merchant, amount, currency::text AS currency, llm_attempts,
                ARRAY(SELECT (s ->> 'category_id')::uuid
                      FROM jsonb_array_elements(COALESCE(category_suggestions, '[]')) s) AS hints
         FROM transactions
         WHERE user_id = $1 AND llm_retry_at <= $2 AND deleted_at IS NULL
           AND NOT ('category' = ANY(locked_fields))
         ORDER BY llm_retry_at LIMIT 500",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Users with an LLM retry due, for the sweep (at most 1000 a pass).
pub async fn users_with_llm_retries_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT user_id FROM transactions WHERE llm_retry_at <= $1 LIMIT 1000",
    )
    .bind(now)
    .fetch_all(conn)
    .await
}

/// A labelled row of the categorizer's evaluation: the expected built-in category, and
/// whether the user already chose it by hand (a correction the warm run learns from).
#[derive(Debug, Clone, Copy)]
pub struct Labelled<'a> {
    pub description: &'a str,
    pub amount: Decimal,
    pub slug: &'a str,
    pub corrected: bool,
}

/// Inserts the evaluation's rows into the account, in EUR, one a minute apart before `now`
/// and the corrections well before the rest (they come from earlier statements). A
/// correction carries its category locked, as the user's choice.
pub async fn insert_labelled(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    now: DateTime<Utc>,
    rows: &[Labelled<'_>],
) -> Result<(), sqlx::Error> {
    let slugs: Vec<&str> = rows.iter().map(|r| r.slug).collect();
    let descriptions: Vec<&str> = rows.iter().map(|r| r.description).collect();
    let amounts: Vec<Decimal> = rows.iter().map(|r| r.amount).collect();
    let is_corrected: Vec<bool> = rows.iter().map(|r| r.corrected).collect();
    sqlx::query(
        "INSERT INTO transactions (user_id, account_id, booked_at, amount, currency, description,
                                   category_id, category_source, locked_fields)
         SELECT $1, $2, $3 - make_interval(mins => (CASE WHEN u.fixed THEN 100000 ELSE 0 END) + u.n::int),
                u.amount, 'EUR', u.description,
                CASE WHEN u.fixed THEN c.id END, CASE WHEN u.fixed THEN 'user' END,
                CASE WHEN u.fixed THEN ARRAY['category'] ELSE '{}'::text[] END
         FROM UNNEST($4::text[], $5::numeric[], $6::text[], $7::bool[]) WITH ORDINALITY
              AS u(description, amount, slug, fixed, n)
         LEFT JOIN categories c ON c.user_id = $1 AND c.default_slug = u.slug",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(now)
    .bind(&descriptions)
    .bind(&amounts)
    .bind(&slugs)
    .bind(&is_corrected)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every row of the user whose category the user did not choose: its id, description, the
/// built-in slug of its category (if any) and the category's source.
pub async fn automatic_results(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<(Uuid, String, Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.description, c.default_slug, t.category_source FROM transactions t
         LEFT JOIN categories c ON c.user_id = t.user_id AND c.id = t.category_id
         WHERE t.user_id = $1 AND t.category_source IS DISTINCT FROM 'user'",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}
