//! Rules in SQL: a user's rules in order, and running them over transactions through the
//! automatic writers (`set_automatic_categories`, `set_automatic_merchants`,
//! `add_automatic_tags`), which leave fields the user locked alone.
//!
//! [`apply_rules_to`] is the categorizer's first step for new transactions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use sqlx::types::Json;
use uuid::Uuid;

use crate::rules::{self, Actions, RuleOutcome, RuleSet, RuleSpec, Trigger, TxFacts};
use crate::transactions::{
    self, AutoCategory, AutoSource, Filter, LOCK_CATEGORY, LOCK_MERCHANT, Transaction,
};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rule {
    pub id: Uuid,
    /// Place in the order, from 0.
    pub position: i32,
    pub name: String,
    pub enabled: bool,
    /// A match stops the rules after this one.
    pub stop_processing: bool,
    /// All must hold.
    pub triggers: Vec<Trigger>,
    pub actions: Actions,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    position: i32,
    name: String,
    enabled: bool,
    stop_processing: bool,
    triggers: Json<Vec<Trigger>>,
    category_id: Option<Uuid>,
    merchant: Option<String>,
    add_tags: Vec<String>,
    mark_transfer: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Row> for Rule {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            position: r.position,
            name: r.name,
            enabled: r.enabled,
            stop_processing: r.stop_processing,
            triggers: r.triggers.0,
            actions: Actions {
                category_id: r.category_id,
                merchant: r.merchant,
                add_tags: r.add_tags,
                mark_transfer: r.mark_transfer,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl Rule {
    pub fn spec(&self) -> RuleSpec {
        RuleSpec {
            id: self.id,
            stop_processing: self.stop_processing,
            triggers: self.triggers.clone(),
            actions: self.actions.clone(),
        }
    }
}

/// A rule's content, checked by the caller (including that its ids are the user's).
#[derive(Debug, Clone)]
pub struct RuleInput {
    pub name: String,
    pub enabled: bool,
    pub stop_processing: bool,
    pub triggers: Vec<Trigger>,
    pub actions: Actions,
}

const SELECT: &str = "SELECT id, position, name, enabled, stop_processing, triggers, category_id,
    merchant, add_tags, mark_transfer, created_at, updated_at FROM rules";

/// The user's rules in the order they run.
pub async fn list(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<Rule>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 ORDER BY position, id"
    )))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Rule::from).collect())
}

pub async fn get(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<Rule>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE user_id = $1 AND id = $2"
    )))
    .bind(user_id)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Rule::from))
}

pub async fn count(conn: &mut PgConnection, user_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM rules WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn owns_account(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM user_account($1, $2))")
        .bind(user_id)
        .bind(account_id)
        .fetch_one(conn)
        .await
}

/// Two writers reordering one user's rules at once would interleave their numbering.
async fn lock(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('kakeibo.rules:' || $1::text, 0))")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Numbers the user's rules 0, 1, 2… with `id` moved to `index` (clamped) when given.
async fn renumber(
    conn: &mut PgConnection,
    user_id: Uuid,
    moved: Option<(Uuid, usize)>,
) -> Result<(), sqlx::Error> {
    let mut ids: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM rules WHERE user_id = $1 ORDER BY position, id")
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    if let Some((id, index)) = moved {
        ids.retain(|i| *i != id);
        ids.insert(index.min(ids.len()), id);
    }
    let positions: Vec<i32> = (0..ids.len() as i32).collect();
    sqlx::query(
        "UPDATE rules r SET position = u.position
         FROM UNNEST($2::uuid[], $3::int[]) AS u(id, position)
         WHERE r.user_id = $1 AND r.id = u.id AND r.position <> u.position",
    )
    .bind(user_id)
    .bind(&ids)
    .bind(&positions)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a rule at `position` (last when `None`).
pub async fn create(
    conn: &mut PgConnection,
    user_id: Uuid,
    input: &RuleInput,
    position: Option<usize>,
) -> Result<Rule, sqlx::Error> {
    lock(conn, user_id).await?;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO rules (user_id, position, name, enabled, stop_processing, triggers,
                            category_id, merchant, add_tags, mark_transfer)
         SELECT $1, COALESCE(max(position) + 1, 0), $2, $3, $4, $5, $6, $7, $8, $9
         FROM rules WHERE user_id = $1
         RETURNING id",
    )
    .bind(user_id)
    .bind(&input.name)
    .bind(input.enabled)
    .bind(input.stop_processing)
    .bind(Json(&input.triggers))
    .bind(input.actions.category_id)
    .bind(&input.actions.merchant)
    .bind(&input.actions.add_tags)
    .bind(input.actions.mark_transfer)
    .fetch_one(&mut *conn)
    .await?;
    renumber(conn, user_id, position.map(|p| (id, p))).await?;
    get(conn, user_id, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Replaces a rule's content and moves it to `position` when given. `None`: not the user's.
pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    id: Uuid,
    input: &RuleInput,
    position: Option<usize>,
) -> Result<Option<Rule>, sqlx::Error> {
    lock(conn, user_id).await?;
    let updated = sqlx::query(
        "UPDATE rules SET name = $3, enabled = $4, stop_processing = $5, triggers = $6,
                category_id = $7, merchant = $8, add_tags = $9, mark_transfer = $10
         WHERE user_id = $1 AND id = $2",
    )
    .bind(user_id)
    .bind(id)
    .bind(&input.name)
    .bind(input.enabled)
    .bind(input.stop_processing)
    .bind(Json(&input.triggers))
    .bind(input.actions.category_id)
    .bind(&input.actions.merchant)
    .bind(&input.actions.add_tags)
    .bind(input.actions.mark_transfer)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(None);
    }
    if let Some(p) = position {
        renumber(conn, user_id, Some((id, p))).await?;
    }
    get(conn, user_id, id).await
}

/// `false` when the rule is not the user's.
pub async fn delete(conn: &mut PgConnection, user_id: Uuid, id: Uuid) -> Result<bool, sqlx::Error> {
    lock(conn, user_id).await?;
    let deleted = sqlx::query("DELETE FROM rules WHERE user_id = $1 AND id = $2")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if deleted > 0 {
        renumber(conn, user_id, None).await?;
    }
    Ok(deleted > 0)
}

/// The category "mark as a transfer" sets: the user's "Between My Accounts"
/// (`transfers.internal`), else the top-level "Transfers", else their first transfer-kind
/// category; none when they deleted them all.
pub async fn transfer_category(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM categories
         WHERE user_id = $1 AND kind = 'transfer' AND archived_at IS NULL
         ORDER BY CASE default_slug WHEN 'transfers.internal' THEN 0 WHEN 'transfers' THEN 1 ELSE 2 END,
                  parent_id IS NOT NULL, position, id
         LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// The user's enabled rules, compiled, in order.
pub async fn rule_set(conn: &mut PgConnection, user_id: Uuid) -> Result<RuleSet, sqlx::Error> {
    let specs: Vec<RuleSpec> = list(conn, user_id)
        .await?
        .iter()
        .filter(|r| r.enabled)
        .map(Rule::spec)
        .collect();
    compile(conn, user_id, &specs).await
}

/// Compiles rules in the order given, with the user's transfer category when one needs it.
pub async fn compile(
    conn: &mut PgConnection,
    user_id: Uuid,
    specs: &[RuleSpec],
) -> Result<RuleSet, sqlx::Error> {
    let transfer = if specs.iter().any(|s| s.actions.mark_transfer) {
        transfer_category(conn, user_id).await?
    } else {
        None
    };
    let (set, skipped) = RuleSet::compile(specs, transfer);
    for rules::Skipped(rule_id, error) in skipped {
        tracing::warn!(user = %kakeibo_core::telemetry::user_hash(user_id), %rule_id, %error, "a stored rule does not compile; skipped");
    }
    Ok(set)
}

pub fn facts(t: &Transaction) -> TxFacts {
    TxFacts {
        account_id: t.account_id,
        amount: t.amount,
        description: t.description.clone(),
        payee: t.payee.clone(),
        merchant: t.merchant.clone(),
        merchant_locked: t.locked_fields.iter().any(|f| f == LOCK_MERCHANT),
    }
}

/// The rows each writer changed.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub categorized: Vec<Uuid>,
    pub merchants: Vec<Uuid>,
    pub tagged: Vec<Uuid>,
}

/// Writes what the rules want, except what is already so; locked fields are skipped by the
/// writers.
async fn write(
    conn: &mut PgConnection,
    user_id: Uuid,
    items: &[(Transaction, RuleOutcome)],
) -> Result<Written, sqlx::Error> {
    let mut categories = Vec::new();
    let mut merchants = Vec::new();
    let mut tags: HashMap<&[String], Vec<Uuid>> = HashMap::new();
    for (t, out) in items {
        if let Some(category_id) = out.category_id
            && !(t.category_id == Some(category_id) && t.category_source.as_deref() == Some("rule"))
        {
            categories.push(AutoCategory {
                transaction_id: t.id,
                category_id,
                source: AutoSource::Rule,
                confidence: 1.0,
            });
        }
        if let Some(m) = &out.merchant
            && t.merchant.as_ref() != Some(m)
        {
            merchants.push((t.id, m.clone()));
        }
        if !out.add_tags.is_empty() && !out.add_tags.iter().all(|tag| t.tags.contains(tag)) {
            tags.entry(&out.add_tags).or_default().push(t.id);
        }
    }
    let mut written = Written {
        categorized: transactions::set_automatic_categories(conn, user_id, &categories).await?,
        merchants: transactions::set_automatic_merchants(conn, user_id, &merchants).await?,
        tagged: Vec::new(),
    };
    for (add, ids) in tags {
        written
            .tagged
            .extend(transactions::add_automatic_tags(conn, user_id, &ids, add).await?);
    }
    Ok(written)
}

/// What the rules did to new transactions.
#[derive(Debug, Clone, Default)]
pub struct RulesApplied {
    /// Rows whose category now comes from a rule (written now, or already so): the
    /// categorizer's later steps skip them.
    pub categorized: Vec<Uuid>,
    pub merchants_set: Vec<Uuid>,
    pub tagged: Vec<Uuid>,
}

const CHUNK: usize = 2000;

/// The categorizer's step 1: runs the user's enabled rules, in order, over these of their
/// transactions, and writes the outcome (source 'rule', confidence 1) except over locked
/// fields. Ids that are not the user's live rows are ignored.
pub async fn apply_rules_to(
    conn: &mut PgConnection,
    user_id: Uuid,
    transaction_ids: &[Uuid],
) -> Result<RulesApplied, sqlx::Error> {
    let set = rule_set(conn, user_id).await?;
    let mut applied = RulesApplied::default();
    if set.is_empty() {
        return Ok(applied);
    }
    for ids in transaction_ids.chunks(CHUNK) {
        let rows = transactions::get_many(conn, user_id, ids).await?;
        let mut items = Vec::new();
        for t in rows {
            let out = rules::apply(&set, &facts(&t));
            if out.matched.is_empty() {
                continue;
            }
            if out.category_id.is_some()
                && out.category_id == t.category_id
                && t.category_source.as_deref() == Some("rule")
            {
                applied.categorized.push(t.id);
            }
            items.push((t, out));
        }
        let written = write(conn, user_id, &items).await?;
        applied.categorized.extend(written.categorized);
        applied.merchants_set.extend(written.merchants);
        applied.tagged.extend(written.tagged);
    }
    Ok(applied)
}

/// Walks the user's live transactions, newest first, a page at a time, keeping those one rule
/// matches (on its own: other rules and `stop_processing` play no part).
pub struct Matches {
    set: RuleSet,
    filter: Filter,
    before: Option<(DateTime<Utc>, Uuid)>,
    done: bool,
}

impl Matches {
    pub async fn of(
        conn: &mut PgConnection,
        user_id: Uuid,
        rule: &Rule,
    ) -> Result<Self, sqlx::Error> {
        let set = compile(conn, user_id, &[rule.spec()]).await?;
        // The database narrows by account; the engine checks every trigger anyway.
        let account_ids = rule
            .triggers
            .iter()
            .filter_map(|t| match t {
                Trigger::Account { account_id } => Some(*account_id),
                _ => None,
            })
            .collect();
        let done = set.is_empty();
        Ok(Self {
            set,
            filter: Filter {
                account_ids,
                ..Filter::default()
            },
            before: None,
            done,
        })
    }

    /// The next page's matches; `None` at the end.
    pub async fn next(
        &mut self,
        conn: &mut PgConnection,
        user_id: Uuid,
    ) -> Result<Option<Vec<(Transaction, RuleOutcome)>>, sqlx::Error> {
        if self.done {
            return Ok(None);
        }
        let page =
            transactions::list(conn, user_id, &self.filter, self.before, CHUNK as i64).await?;
        self.done = page.len() < CHUNK;
        self.before = page.last().map(|t| (t.booked_at, t.id));
        Ok(Some(
            page.into_iter()
                .filter_map(|t| {
                    let out = rules::apply(&self.set, &facts(&t));
                    (!out.matched.is_empty()).then_some((t, out))
                })
                .collect(),
        ))
    }
}

/// Counts of one rule applied to existing transactions.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct AppliedCounts {
    /// Live transactions the rule matches.
    pub matched: usize,
    /// Categories written (rows whose category the user locked are not counted).
    pub categorized: usize,
    pub merchants_set: usize,
    pub tagged: usize,
    /// Matched rows whose category the user locked, left as they are.
    pub category_locked: usize,
}

/// Applies one rule to every live transaction of the user it matches.
pub async fn apply_to_existing(
    conn: &mut PgConnection,
    user_id: Uuid,
    rule: &Rule,
) -> Result<AppliedCounts, sqlx::Error> {
    let mut counts = AppliedCounts::default();
    let mut matches = Matches::of(conn, user_id, rule).await?;
    while let Some(items) = matches.next(conn, user_id).await? {
        counts.matched += items.len();
        counts.category_locked += items
            .iter()
            .filter(|(t, out)| {
                out.category_id.is_some() && t.locked_fields.iter().any(|f| f == LOCK_CATEGORY)
            })
            .count();
        let written = write(conn, user_id, &items).await?;
        counts.categorized += written.categorized.len();
        counts.merchants_set += written.merchants.len();
        counts.tagged += written.tagged.len();
    }
    Ok(counts)
}
