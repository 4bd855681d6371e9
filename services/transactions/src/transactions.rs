//! Transactions as the user sees them: list with filters (keyset pages, newest first), read
//! one, edit what the user owns (category, merchant, notes, tags), add by hand, delete softly.
//!
//! Every query is scoped by `user_id`. A soft-deleted row (`deleted_at`) is gone for the API,
//! but stays in the table so that an import recognises it and does not bring it back.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

/// Fields a user edit locks: nothing automatic (rules, the categorizer) overwrites them.
pub const LOCK_CATEGORY: &str = "category";
pub const LOCK_MERCHANT: &str = "merchant";

pub(crate) const COLUMNS: &str = concat!(
    "id, account_id, booked_at, amount, currency::text AS currency, status, description, payee,
    merchant, merchant_website, merchant_wikidata, merchant_category_code, category_id, category_source, category_confidence,
    CASE WHEN category_id IS NULL THEN category_suggestions END AS category_suggestions, ",
    crate::review::waiting!(),
    " AS needs_review, notes, tags, locked_fields, transfer_id, import_id, created_at, updated_at"
);

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Transaction {
    pub id: Uuid,
    pub account_id: Uuid,
    pub booked_at: DateTime<Utc>,
    /// Signed: negative is money out.
    #[schema(value_type = String, example = "-12.5000")]
    pub amount: Decimal,
    pub currency: String,
    /// pending or posted.
    pub status: String,
    pub description: String,
    /// The payee as the bank or file wrote it.
    pub payee: String,
    /// The merchant's display name: a chain's canonical name, the payee, or the cleaned text.
    pub merchant: Option<String>,
    /// The chain's website, when the dictionary knows it (for logos).
    pub merchant_website: Option<String>,
    /// The chain's Wikidata id (`Q…`), when the dictionary knows it.
    pub merchant_wikidata: Option<String>,
    /// The card network's merchant category code (ISO 18245), when the bank sent one.
    pub merchant_category_code: Option<String>,
    pub category_id: Option<Uuid>,
    /// rule, history, knn, mcc (the card network's merchant category code), llm or user.
    pub category_source: Option<String>,
    /// The calibrated probability that the category is right, 0 to 1.
    pub category_confidence: Option<f32>,
    /// What the categorizer thought of when it was not sure enough to choose, best first
    /// (only while the row has no category).
    #[schema(value_type = Option<Vec<crate::categorization::Suggestion>>)]
    pub category_suggestions: Option<sqlx::types::Json<Vec<crate::categorization::Suggestion>>>,
    /// Seen by the categorizer and left without a category: it waits for review.
    pub needs_review: bool,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    /// Fields the user set by hand (`category`, `merchant`); nothing automatic changes them.
    pub locked_fields: Vec<String>,
    /// The other half, when this is a transfer between the user's own accounts.
    pub transfer_id: Option<Uuid>,
    /// The import that brought the row in; none for rows added by hand.
    pub import_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a list is narrowed to. Empty lists and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// First day included (UTC).
    pub from: Option<NaiveDate>,
    /// Last day included (UTC).
    pub to: Option<NaiveDate>,
    pub account_ids: Vec<Uuid>,
    /// These categories and every category below them.
    pub category_ids: Vec<Uuid>,
    pub uncategorized: bool,
    /// Only rows the categorizer left for review.
    pub needs_review: bool,
    /// On the signed amount.
    pub min_amount: Option<Decimal>,
    pub max_amount: Option<Decimal>,
    /// Case-insensitive substring of description, payee, merchant or notes.
    pub text: Option<String>,
    pub tag: Option<String>,
    /// Case-insensitive substrings of the merchant's name (or the payee's, when none): any.
    pub merchants: Vec<String>,
    /// On the amount's size, money in or out alike ("over 100").
    pub min_size: Option<Decimal>,
    pub max_size: Option<Decimal>,
    /// Leave out transfers between the user's own accounts (linked, or filed in a transfer
    /// category): "my biggest expenses" are not the move to savings.
    pub no_transfers: bool,
    /// Only rows in this currency (an ISO code, any case).
    pub currency: Option<String>,
}

pub(crate) fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

/// `%`, `_` and `\` in user text match themselves.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The ids of these categories of the user and of every category below them.
fn push_tree(q: &mut QueryBuilder<Postgres>, user_id: Uuid, category_ids: &[Uuid]) {
    q.push("WITH RECURSIVE tree AS (SELECT id FROM categories WHERE user_id = ")
        .push_bind(user_id)
        .push(" AND id = ANY(")
        .push_bind(category_ids.to_vec())
        .push(
            ") UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.user_id = ",
        )
        .push_bind(user_id)
        .push(") SELECT id FROM tree");
}

/// One page, newest first by (booked_at, id), starting after `before`.
pub async fn list(
    conn: &mut PgConnection,
    user_id: Uuid,
    filter: &Filter,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Transaction>, sqlx::Error> {
    let mut q = QueryBuilder::<Postgres>::new(format!(
        "SELECT {COLUMNS} FROM transactions WHERE user_id = "
    ));
    q.push_bind(user_id).push(" AND deleted_at IS NULL");
    push_filter(&mut q, user_id, filter);
    if let Some((time, id)) = before {
        q.push(" AND (booked_at, id) < (")
            .push_bind(time)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY booked_at DESC, id DESC LIMIT ")
        .push_bind(limit);
    q.build_query_as().fetch_all(conn).await
}

/// The filter's conditions, each starting with ` AND`, on the columns of `transactions`.
pub(crate) fn push_filter(q: &mut QueryBuilder<Postgres>, user_id: Uuid, filter: &Filter) {
    if let Some(from) = filter.from {
        q.push(" AND booked_at >= ").push_bind(midnight(from));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        q.push(" AND booked_at < ").push_bind(midnight(to));
    }
    if !filter.account_ids.is_empty() {
        q.push(" AND account_id = ANY(")
            .push_bind(filter.account_ids.clone())
            .push(")");
    }
    if !filter.category_ids.is_empty() {
        // A split transaction is found by its own category or by any of its parts'. Both
        // subqueries are uncorrelated, so each runs once.
        q.push(" AND (category_id IN (");
        push_tree(q, user_id, &filter.category_ids);
        q.push(") OR id IN (SELECT transaction_id FROM transaction_splits WHERE user_id = ")
            .push_bind(user_id)
            .push(" AND category_id IN (");
        push_tree(q, user_id, &filter.category_ids);
        q.push(")))");
    }
    if filter.uncategorized {
        // Parts with categories categorize their parent.
        q.push(
            " AND category_id IS NULL AND NOT EXISTS (SELECT 1 FROM transaction_splits s
               WHERE s.user_id = transactions.user_id AND s.transaction_id = transactions.id
                 AND s.booked_at = transactions.booked_at AND s.category_id IS NOT NULL)",
        );
    }
    if filter.needs_review {
        q.push(" AND ").push(crate::review::WAITING);
    }
    if let Some(min) = filter.min_amount {
        q.push(" AND amount >= ").push_bind(min);
    }
    if let Some(max) = filter.max_amount {
        q.push(" AND amount <= ").push_bind(max);
    }
    if let Some(text) = &filter.text {
        let pattern = like_pattern(text);
        q.push(" AND (description ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR payee ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR merchant ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR notes ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
    if let Some(tag) = &filter.tag {
        q.push(" AND ").push_bind(tag.clone()).push(" = ANY(tags)");
    }
    if !filter.merchants.is_empty() {
        let patterns: Vec<String> = filter.merchants.iter().map(|m| like_pattern(m)).collect();
        q.push(" AND COALESCE(merchant, payee) ILIKE ANY(")
            .push_bind(patterns)
            .push(")");
    }
    if let Some(code) = &filter.currency {
        q.push(" AND currency::text = ")
            .push_bind(code.to_uppercase());
    }
    if let Some(min) = filter.min_size {
        q.push(" AND abs(amount) >= ").push_bind(min);
    }
    if let Some(max) = filter.max_size {
        q.push(" AND abs(amount) <= ").push_bind(max);
    }
    if filter.no_transfers {
        q.push(" AND transfer_id IS NULL AND (category_id IS NULL OR category_id NOT IN (SELECT id FROM categories WHERE user_id = ")
            .push_bind(user_id)
            .push(" AND kind = 'transfer'))");
    }
}

/// One live (not deleted) transaction of the user.
pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Transaction>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM transactions WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Live transactions of the user among `ids`, in no particular order.
pub async fn get_many(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Transaction>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM transactions WHERE user_id = $1 AND id = ANY($2) AND deleted_at IS NULL"
    )))
    .bind(user_id)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// Whether `category_id` is one of the user's categories.
pub async fn owns_category(
    conn: &mut PgConnection,
    user_id: Uuid,
    category_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM categories WHERE user_id = $1 AND id = $2)")
        .bind(user_id)
        .bind(category_id)
        .fetch_one(conn)
        .await
}

/// A user's edit. `None` leaves a field as it is; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub category_id: Option<Option<Uuid>>,
    pub merchant: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
}

/// Applies a user's edit to live transactions of the user; the category and merchant it sets
/// are locked. The caller has checked that the category is the user's. Answers the rows
/// changed (fewer than `ids` when some are not the user's or are deleted).
pub async fn edit(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
    edit: &Edit,
) -> Result<Vec<Transaction>, sqlx::Error> {
    let mut locks: Vec<&str> = Vec::new();
    let mut q = QueryBuilder::<Postgres>::new("UPDATE transactions SET updated_at = now()");
    if let Some(category_id) = edit.category_id {
        q.push(", category_id = ")
            .push_bind(category_id)
            .push(", category_source = 'user', category_confidence = 1");
        locks.push(LOCK_CATEGORY);
    }
    if let Some(merchant) = &edit.merchant {
        q.push(", merchant = ").push_bind(merchant.clone());
        locks.push(LOCK_MERCHANT);
    }
    if let Some(notes) = &edit.notes {
        q.push(", notes = ").push_bind(notes.clone());
    }
    if let Some(tags) = &edit.tags {
        q.push(", tags = ").push_bind(tags.clone());
    }
    if !locks.is_empty() {
        q.push(", locked_fields = ARRAY(SELECT DISTINCT f FROM unnest(locked_fields || ")
            .push_bind(locks.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .push("::text[]) AS f ORDER BY f)");
    }
    q.push(" WHERE user_id = ")
        .push_bind(user_id)
        .push(" AND id = ANY(")
        .push_bind(ids.to_vec())
        .push(") AND deleted_at IS NULL RETURNING ")
        .push(COLUMNS);
    q.build_query_as().fetch_all(conn).await
}

/// A transaction entered by hand.
#[derive(Debug, Clone)]
pub struct NewTransaction {
    pub account_id: Uuid,
    pub booked_on: NaiveDate,
    pub amount: Decimal,
    pub description: String,
    pub merchant: Option<String>,
    pub category_id: Option<Uuid>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
}

/// Adds a posted transaction to one of the user's open accounts, in the account's currency.
/// `None` when the account is not the user's (or archived). A category or merchant given
/// here is the user's own choice, so it is locked.
pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    new: &NewTransaction,
) -> Result<Option<Transaction>, sqlx::Error> {
    let mut locks = Vec::new();
    if new.category_id.is_some() {
        locks.push(LOCK_CATEGORY.to_string());
    }
    if new.merchant.is_some() {
        locks.push(LOCK_MERCHANT.to_string());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO transactions (id, user_id, account_id, booked_at, amount, currency, status, description,
                                   merchant, category_id, category_source, category_confidence, notes, tags, locked_fields)
         SELECT $3, $1, a.id, $4, $5, a.currency, 'posted', $6, $7, $8,
                CASE WHEN $8::uuid IS NULL THEN NULL ELSE 'user' END,
                CASE WHEN $8::uuid IS NULL THEN NULL ELSE 1 END, $9, $10, $11
         FROM user_account($1, $2) a WHERE NOT a.archived
         RETURNING {COLUMNS}"
    )))
    .bind(user_id)
    .bind(new.account_id)
    .bind(Uuid::now_v7())
    .bind(midnight(new.booked_on))
    .bind(new.amount)
    .bind(&new.description)
    .bind(&new.merchant)
    .bind(new.category_id)
    .bind(&new.notes)
    .bind(&new.tags)
    .bind(&locks)
    .fetch_optional(conn)
    .await
}

/// Every user who has transactions, for the daily refresh. A skip scan over the
/// `(user_id, id)` index: one short probe per user and chunk instead of reading every row.
/// Soft-deleted rows count too (the probe stays in the index; recomputing a user whose rows
/// are all deleted finds nothing and costs little).
pub async fn users_with_transactions(conn: &mut PgConnection) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE u(user_id) AS (
             (SELECT user_id FROM transactions ORDER BY user_id LIMIT 1)
             UNION ALL
             SELECT (SELECT t.user_id FROM transactions t WHERE t.user_id > u.user_id
                     ORDER BY t.user_id LIMIT 1)
             FROM u WHERE u.user_id IS NOT NULL
         )
         SELECT user_id FROM u WHERE user_id IS NOT NULL",
    )
    .fetch_all(conn)
    .await
}

/// Deletes softly; the other half of a transfer is unlinked, since its partner is gone.
/// `false` when there is no such live transaction of the user.
pub async fn soft_delete(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    let deleted: Option<Option<Uuid>> = sqlx::query_scalar(
        "SELECT transfer_id FROM transactions WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE",
    )
    .bind(user_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    if deleted.is_some() {
        sqlx::query(
            "UPDATE transactions SET deleted_at = now(), transfer_id = NULL
             WHERE user_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    let Some(partner) = deleted else {
        return Ok(false);
    };
    if let Some(partner) = partner {
        sqlx::query(
            "UPDATE transactions SET transfer_id = NULL WHERE user_id = $1 AND id = $2 AND transfer_id = $3",
        )
        .bind(user_id)
        .bind(partner)
        .bind(id)
        .execute(conn)
        .await?;
    }
    Ok(true)
}

/// Where an automatic category came from (a user's choice goes through [`edit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AutoSource {
    Rule,
    History,
    Knn,
    /// The card network's merchant category code.
    Mcc,
    Llm,
}

impl AutoSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rule => "rule",
            Self::History => "history",
            Self::Knn => "knn",
            Self::Mcc => "mcc",
            Self::Llm => "llm",
        }
    }
}

/// A category chosen by rules or the categorizer for one transaction.
#[derive(Debug, Clone)]
pub struct AutoCategory {
    pub transaction_id: Uuid,
    pub category_id: Uuid,
    pub source: AutoSource,
    /// 0 to 1; clamped.
    pub confidence: f32,
}

/// Writes categories chosen by something automatic, the one way rules and the categorizer
/// set a category: rows whose category the user locked are left alone, as are deleted
/// rows, other users' rows and categories that are not the user's. Answers the ids written.
pub async fn set_automatic_categories(
    conn: &mut PgConnection,
    user_id: Uuid,
    choices: &[AutoCategory],
) -> Result<Vec<Uuid>, sqlx::Error> {
    if choices.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = choices.iter().map(|c| c.transaction_id).collect();
    let categories: Vec<Uuid> = choices.iter().map(|c| c.category_id).collect();
    let sources: Vec<&str> = choices.iter().map(|c| c.source.as_str()).collect();
    let confidences: Vec<f32> = choices
        .iter()
        .map(|c| c.confidence.clamp(0.0, 1.0))
        .collect();
    sqlx::query_scalar(
        "UPDATE transactions t
         SET category_id = u.category_id, category_source = u.source, category_confidence = u.confidence
         FROM UNNEST($2::uuid[], $3::uuid[], $4::text[], $5::real[]) AS u(id, category_id, source, confidence)
         WHERE t.user_id = $1 AND t.id = u.id AND t.deleted_at IS NULL
           AND NOT ('category' = ANY(t.locked_fields))
           AND EXISTS (SELECT 1 FROM categories c WHERE c.user_id = $1 AND c.id = u.category_id)
         RETURNING t.id",
    )
    .bind(user_id)
    .bind(&ids)
    .bind(&categories)
    .bind(&sources)
    .bind(&confidences)
    .fetch_all(conn)
    .await
}

/// Writes cleaned-up merchant names found automatically (normalization, rules), except on
/// rows whose merchant the user locked. Answers the ids written.
pub async fn set_automatic_merchants(
    conn: &mut PgConnection,
    user_id: Uuid,
    merchants: &[(Uuid, String)],
) -> Result<Vec<Uuid>, sqlx::Error> {
    if merchants.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = merchants.iter().map(|(id, _)| *id).collect();
    let names: Vec<&str> = merchants.iter().map(|(_, m)| m.as_str()).collect();
    sqlx::query_scalar(
        "UPDATE transactions t SET merchant = u.merchant
         FROM UNNEST($2::uuid[], $3::text[]) AS u(id, merchant)
         WHERE t.user_id = $1 AND t.id = u.id AND t.deleted_at IS NULL
           AND NOT ('merchant' = ANY(t.locked_fields))
         RETURNING t.id",
    )
    .bind(user_id)
    .bind(&ids)
    .bind(&names)
    .fetch_all(conn)
    .await
}

/// Adds tags found automatically (rules) to live rows of the user, keeping the tags they
/// have; tags lock nothing, and nothing automatic removes one. Answers the ids whose tags
/// changed.
pub async fn add_automatic_tags(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: &[Uuid],
    tags: &[String],
) -> Result<Vec<Uuid>, sqlx::Error> {
    if ids.is_empty() || tags.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar(
        "UPDATE transactions t
         SET tags = t.tags || ARRAY(SELECT x FROM unnest($3::text[]) WITH ORDINALITY AS n(x, i)
                                    WHERE NOT x = ANY(t.tags) ORDER BY i)
         WHERE t.user_id = $1 AND t.id = ANY($2) AND t.deleted_at IS NULL
           AND NOT t.tags @> $3::text[]
         RETURNING t.id",
    )
    .bind(user_id)
    .bind(ids)
    .bind(tags)
    .fetch_all(conn)
    .await
}
