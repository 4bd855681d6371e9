//! HTTP endpoints for transactions: list with filters, read, edit, add by hand, delete
//! softly, and recategorize many at once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use kakeibo_core::page::Page;
use kakeibo_core::{
    ApiError, ApiPath, ApiQuery, AppState, AuthUser, FieldError, Validate, ValidatedJson,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use sqlx::PgConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::rebook;
use crate::rules_api::{NewRule, suggest_rule};
use crate::splits::{self, Split};
use crate::transactions::{self, Edit, Filter, NewTransaction, Transaction};

pub(crate) const MAX_TAGS: usize = 20;
pub(crate) const MAX_TAG_CHARS: usize = 50;
pub(crate) const MAX_MERCHANT_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 500;
pub(crate) const MAX_NOTES_CHARS: usize = 2000;
const MAX_BULK: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_transactions, create_transaction))
        .routes(routes!(
            get_transaction,
            update_transaction,
            delete_transaction
        ))
        .routes(routes!(bulk_categorize))
}

/// The list's query string (the search takes it too). `account_id` and `category_id`
/// repeat or take a comma list.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// First day included, YYYY-MM-DD.
    pub from: Option<NaiveDate>,
    /// Last day included, YYYY-MM-DD.
    pub to: Option<NaiveDate>,
    /// Only these accounts.
    pub account_id: Option<Vec<Uuid>>,
    /// Includes the categories below it.
    pub category_id: Option<Vec<Uuid>>,
    /// `true`: only rows without a category.
    pub uncategorized: Option<bool>,
    /// `true`: only rows the categorizer left for review (see `GET /transactions/review`
    /// for them grouped by merchant).
    pub needs_review: Option<bool>,
    /// On the signed amount (negative is money out).
    #[param(value_type = Option<String>, format = "decimal")]
    pub min_amount: Option<Decimal>,
    /// On the signed amount, like `min_amount`.
    #[param(value_type = Option<String>, format = "decimal")]
    pub max_amount: Option<Decimal>,
    /// Case-insensitive; searches description, payee, merchant and notes.
    #[param(max_length = 200)]
    pub text: Option<String>,
    /// Only rows carrying this tag (exactly as written).
    pub tag: Option<String>,
    /// `next_cursor` of the previous page.
    pub before: Option<String>,
    /// 1 to 200; 50 by default.
    pub limit: Option<i64>,
}

impl Validate for ListParams {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            errors.push(FieldError::new("to", "on or after `from`"));
        }
        if let (Some(min), Some(max)) = (self.min_amount, self.max_amount)
            && min > max
        {
            errors.push(FieldError::new("max_amount", "at least `min_amount`"));
        }
        let with_category = self.category_id.as_ref().is_some_and(|ids| !ids.is_empty());
        for (field, on) in [
            ("uncategorized", self.uncategorized),
            ("needs_review", self.needs_review),
        ] {
            if on == Some(true) && with_category {
                errors.push(FieldError::new(
                    field,
                    "cannot be combined with category_id",
                ));
            }
        }
        // Postgres refuses a NUL in text: a 422 here rather than a 500 from the query.
        for (field, value) in [("text", &self.text), ("tag", &self.tag)] {
            if value.as_deref().is_some_and(|v| !printable(v)) {
                errors.push(FieldError::new(field, "printable characters only"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl ListParams {
    /// The filters and the page asked for.
    pub fn into_parts(self) -> (Filter, Page) {
        let filter = Filter {
            from: self.from,
            to: self.to,
            account_ids: self.account_id.unwrap_or_default(),
            category_ids: self.category_id.unwrap_or_default(),
            uncategorized: self.uncategorized.unwrap_or_default(),
            needs_review: self.needs_review.unwrap_or_default(),
            min_amount: self.min_amount,
            max_amount: self.max_amount,
            text: self.text,
            tag: self.tag,
            ..Filter::default()
        };
        let page = Page {
            before: self.before,
            limit: self.limit,
        };
        (filter, page)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransactionPage {
    pub transactions: Vec<Transaction>,
    pub next_cursor: Option<String>,
}

/// Your transactions, newest first, narrowed by the filters (all of them must hold).
#[utoipa::path(get, path = "/transactions", tag = "transactions", security(("bearer" = [])), params(ListParams),
    responses((status = 200, body = TransactionPage), (status = 400, description = "Bad cursor or unknown parameter"),
              (status = 422, description = "A filter value is invalid; names the parameter")))]
pub async fn list_transactions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<TransactionPage>, ApiError> {
    let (filter, page) = params.into_parts();
    let page = page.keyset()?;
    let mut conn = state.db.acquire().await?;
    let list =
        transactions::list(&mut conn, user.user_id, &filter, page.before, page.limit).await?;
    let next_cursor = page.next_cursor(list.len(), list.last().map(|t| (t.booked_at, t.id)));
    Ok(Json(TransactionPage {
        transactions: list,
        next_cursor,
    }))
}

/// One transaction with its splits.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TransactionDetail {
    #[serde(flatten)]
    pub transaction: Transaction,
    /// The parts it is split into (empty when it is not split).
    pub splits: Vec<Split>,
}

impl TransactionDetail {
    pub(crate) async fn load(
        conn: &mut PgConnection,
        user_id: Uuid,
        transaction: Transaction,
    ) -> Result<Self, ApiError> {
        let splits = splits::of(conn, user_id, transaction.id).await?;
        Ok(Self {
            transaction,
            splits,
        })
    }
}

/// One transaction.
#[utoipa::path(get, path = "/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The transaction's id")), responses((status = 200, body = TransactionDetail), (status = 404)))]
pub async fn get_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<TransactionDetail>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let row = transactions::get(&mut conn, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(
        TransactionDetail::load(&mut conn, user.user_id, row).await?,
    ))
}

/// Absent stays `None`; `null` becomes `Some(None)`.
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionEdit {
    /// One of your categories, or null for none. Locks the category.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub category_id: Option<Option<Uuid>>,
    /// Null clears. Locks the merchant.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub merchant: Option<Option<String>>,
    /// Null or empty clears.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub notes: Option<Option<String>>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    /// A new booking date, YYYY-MM-DD, for a transaction you added by hand. A row from your
    /// bank or a statement file keeps the bank's date (422): the next import matches it by
    /// that date.
    pub booked_on: Option<NaiveDate>,
}

fn check_booked_on(errors: &mut Vec<FieldError>, booked_on: NaiveDate) {
    if !(1970..=2100).contains(&chrono::Datelike::year(&booked_on)) {
        errors.push(FieldError::new("booked_on", "a date between 1970 and 2100"));
    }
}

pub(crate) fn printable(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n')
}

fn check_merchant(errors: &mut Vec<FieldError>, merchant: Option<&str>) {
    if let Some(m) = merchant {
        let m = m.trim();
        if m.is_empty()
            || m.chars().count() > MAX_MERCHANT_CHARS
            || m.contains('\n')
            || !printable(m)
        {
            errors.push(FieldError::new(
                "merchant",
                format!("1 to {MAX_MERCHANT_CHARS} printable characters, or null"),
            ));
        }
    }
}

fn check_notes(errors: &mut Vec<FieldError>, notes: Option<&str>) {
    if let Some(n) = notes
        && (n.chars().count() > MAX_NOTES_CHARS || !printable(n))
    {
        errors.push(FieldError::new(
            "notes",
            format!("at most {MAX_NOTES_CHARS} printable characters"),
        ));
    }
}

fn check_tags(errors: &mut Vec<FieldError>, tags: &[String]) {
    if tags.len() > MAX_TAGS {
        errors.push(FieldError::new("tags", format!("at most {MAX_TAGS} tags")));
    }
    for (n, tag) in tags.iter().enumerate() {
        let t = tag.trim();
        if t.is_empty()
            || t.chars().count() > MAX_TAG_CHARS
            || t.contains(',')
            || !printable(t)
            || t.contains('\n')
        {
            errors.push(FieldError::new(
                format!("tags[{n}]"),
                format!("1 to {MAX_TAG_CHARS} printable characters, no commas"),
            ));
        }
    }
}

/// Trimmed, duplicates dropped, first spelling kept.
pub(crate) fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.iter().map(|t| t.trim().to_string()) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn clean_merchant(m: &Option<String>) -> Option<String> {
    m.as_ref().map(|m| m.trim().to_string())
}

pub(crate) fn clean_notes(n: &Option<String>) -> Option<String> {
    n.as_ref()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

impl Validate for TransactionEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_merchant(&mut errors, self.merchant.clone().flatten().as_deref());
        check_notes(&mut errors, self.notes.clone().flatten().as_deref());
        if let Some(tags) = &self.tags {
            check_tags(&mut errors, tags);
        }
        if let Some(booked_on) = self.booked_on {
            check_booked_on(&mut errors, booked_on);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// An edited transaction, and the rule offered when the edit changed its category.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EditedTransaction {
    #[serde(flatten)]
    pub transaction: TransactionDetail,
    /// A rule that would give transactions like this one the new category: `POST` it to
    /// `/rules` as it is to accept. Null when the category did not change or an enabled rule
    /// already does this.
    pub suggested_rule: Option<NewRule>,
}

/// A category the user chose for one of their rows outside HTTP (the Telegram bot's
/// buttons), with the same effects as `PATCH /transactions/{id}` with `category_id`: the
/// category is locked, the categorizer learns from the correction (its trigger on the
/// row), a rule is suggested, and budgets and reports recompute.
#[derive(Debug, Clone)]
pub struct Recategorized {
    pub transaction: transactions::Transaction,
    pub suggested_rule: Option<NewRule>,
}

/// `None` when the row or the category is not the user's.
pub async fn recategorize(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    id: Uuid,
    category_id: Uuid,
) -> Result<Option<Recategorized>, sqlx::Error> {
    if !transactions::owns_category(conn, user_id, category_id).await? {
        return Ok(None);
    }
    let Some(before) = transactions::get(conn, user_id, id).await? else {
        return Ok(None);
    };
    let edit = Edit {
        category_id: Some(Some(category_id)),
        ..Edit::default()
    };
    let Some(row) = transactions::edit(conn, user_id, &[id], &edit).await?.pop() else {
        return Ok(None);
    };
    let suggested_rule = if before.category_id != Some(category_id) {
        suggest_rule(conn, user_id, &row, category_id).await?
    } else {
        None
    };
    kakeibo_core::jobs::announce_transactions_changed(conn, user_id).await?;
    Ok(Some(Recategorized {
        transaction: row,
        suggested_rule,
    }))
}

/// Edits what is yours to say: category, merchant, notes, tags, and the date of a transaction
/// you added by hand. A category or merchant set here is locked, and nothing automatic
/// changes it afterwards.
#[utoipa::path(patch, path = "/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The transaction's id")), request_body = TransactionEdit,
    responses((status = 200, body = EditedTransaction), (status = 404, description = "No such transaction, or the category is not yours"), (status = 422)))]
pub async fn update_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<TransactionEdit>,
) -> Result<Json<EditedTransaction>, ApiError> {
    let mut tx = state.db.begin().await?;
    if let Some(Some(category_id)) = req.category_id
        && !transactions::owns_category(&mut tx, user.user_id, category_id).await?
    {
        return Err(ApiError::NotFound);
    }
    let before = transactions::get(&mut tx, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(booked_on) = req.booked_on {
        if before.import_id.is_some() {
            return Err(ApiError::invalid(
                "booked_on",
                "this transaction came from your bank or a statement file and keeps the bank's date; only transactions you added by hand can be moved",
            ));
        }
        let booked_at = transactions::midnight(booked_on);
        rebook::rebook(&mut tx, user.user_id, &[(id, booked_at)]).await?;
    }
    let edit = Edit {
        category_id: req.category_id,
        merchant: req.merchant.as_ref().map(clean_merchant),
        notes: req.notes.as_ref().map(clean_notes),
        tags: req.tags.as_deref().map(clean_tags),
    };
    let row = transactions::edit(&mut tx, user.user_id, &[id], &edit)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let suggested_rule = match req.category_id {
        Some(Some(category_id)) if before.category_id != Some(category_id) => {
            suggest_rule(&mut tx, user.user_id, &row, category_id).await?
        }
        _ => None,
    };
    let transaction = TransactionDetail::load(&mut tx, user.user_id, row).await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(EditedTransaction {
        transaction,
        suggested_rule,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTransaction {
    pub account_id: Uuid,
    /// The day it was booked, YYYY-MM-DD.
    pub booked_on: NaiveDate,
    /// Signed: negative is money out. At most 4 decimal places.
    #[schema(value_type = String, example = "-12.50")]
    pub amount: Decimal,
    pub description: String,
    pub merchant: Option<String>,
    pub category_id: Option<Uuid>,
    pub notes: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Validate for CreateTransaction {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.amount.is_zero() {
            errors.push(FieldError::new("amount", "not zero: negative is money out"));
        } else if self.amount.normalize().scale() > 4
            || self.amount.abs() >= Decimal::from(1_000_000_000_000_000i64)
        {
            errors.push(FieldError::new(
                "amount",
                "at most 4 decimal places and 15 digits before the point",
            ));
        }
        let d = self.description.trim();
        if d.is_empty() || d.chars().count() > MAX_DESCRIPTION_CHARS || !printable(d) {
            errors.push(FieldError::new(
                "description",
                format!("1 to {MAX_DESCRIPTION_CHARS} printable characters"),
            ));
        }
        check_booked_on(&mut errors, self.booked_on);
        check_merchant(&mut errors, self.merchant.as_deref());
        check_notes(&mut errors, self.notes.as_deref());
        check_tags(&mut errors, &self.tags);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Adds a transaction by hand to one of your accounts, in the account's currency.
#[utoipa::path(post, path = "/transactions", tag = "transactions", security(("bearer" = [])), request_body = CreateTransaction,
    responses((status = 201, body = Transaction), (status = 404, description = "The account or category is not yours"), (status = 422)))]
pub async fn create_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<CreateTransaction>,
) -> Result<(StatusCode, Json<Transaction>), ApiError> {
    let mut tx = state.db.begin().await?;
    if let Some(category_id) = req.category_id
        && !transactions::owns_category(&mut tx, user.user_id, category_id).await?
    {
        return Err(ApiError::NotFound);
    }
    let new = NewTransaction {
        account_id: req.account_id,
        booked_on: req.booked_on,
        amount: req.amount,
        description: req.description.trim().to_string(),
        merchant: clean_merchant(&req.merchant),
        category_id: req.category_id,
        notes: clean_notes(&req.notes),
        tags: clean_tags(&req.tags),
    };
    let row = transactions::create(&mut tx, user.user_id, &new)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.category_id.is_none() {
        // The categorizer picks up every row it has not seen; it announces the change itself.
        let event = kakeibo_core::jobs::NewTransactions {
            user_id: user.user_id,
            account_id: row.account_id,
            // The job's idempotency key: this row.
            import_id: row.id,
            rows_added: 1,
        };
        kakeibo_core::jobs::announce_new_transactions(&mut tx, &event).await?;
    } else {
        kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// Deletes softly: the row is gone from every list, and no import brings it back.
#[utoipa::path(delete, path = "/transactions/{id}", tag = "transactions", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The transaction's id")), responses((status = 204), (status = 404)))]
pub async fn delete_transaction(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    if !transactions::soft_delete(&mut tx, user.user_id, id).await? {
        return Err(ApiError::NotFound);
    }
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkCategorize {
    pub ids: Vec<Uuid>,
    /// One of your categories, or null for none.
    pub category_id: Option<Uuid>,
}

impl Validate for BulkCategorize {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        if self.ids.is_empty() || self.ids.len() > MAX_BULK {
            return Err(vec![FieldError::new(
                "ids",
                format!("1 to {MAX_BULK} transaction ids"),
            )]);
        }
        Ok(())
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub updated: usize,
}

/// Sets (and locks) one category on many transactions: all of them or none, so an id that is
/// not one of your live transactions fails the whole request with 404.
#[utoipa::path(post, path = "/transactions/bulk-categorize", tag = "transactions", security(("bearer" = [])),
    request_body = BulkCategorize,
    responses((status = 200, body = BulkResult), (status = 404), (status = 422)))]
pub async fn bulk_categorize(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<BulkCategorize>,
) -> Result<Json<BulkResult>, ApiError> {
    let mut ids = req.ids.clone();
    ids.sort();
    ids.dedup();
    let mut tx = state.db.begin().await?;
    if let Some(category_id) = req.category_id
        && !transactions::owns_category(&mut tx, user.user_id, category_id).await?
    {
        return Err(ApiError::NotFound);
    }
    let edit = Edit {
        category_id: Some(req.category_id),
        ..Edit::default()
    };
    let updated = transactions::edit(&mut tx, user.user_id, &ids, &edit).await?;
    if updated.len() != ids.len() {
        // Dropping the transaction rolls the partial update back.
        return Err(ApiError::NotFound);
    }
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(BulkResult {
        updated: updated.len(),
    }))
}
