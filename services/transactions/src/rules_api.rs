//! HTTP endpoints for rules: list, add, read, edit (and reorder), delete; preview what a rule
//! matches among existing transactions, and apply it to them. Also the rule offered when a
//! user recategorizes a transaction ([`suggest_rule`]).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakeibo_core::{ApiError, ApiPath, AppState, AuthUser, FieldError, Validate, ValidatedJson};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::rules::{self, Actions, RuleSet, TextOp, Trigger};
use crate::rules_store::{self, AppliedCounts, Matches, Rule, RuleInput};
use crate::transactions::{self, Transaction};
use crate::transactions_api::{MAX_MERCHANT_CHARS, MAX_TAG_CHARS, MAX_TAGS, clean_tags, printable};

const MAX_NAME_CHARS: usize = 100;
const MAX_TRIGGERS: usize = 20;
/// Every new transaction runs through all of a user's rules.
const MAX_RULES: i64 = 500;
/// Transactions a preview lists (it counts them all).
const PREVIEW_LIMIT: usize = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(get_rule, update_rule, delete_rule))
        .routes(routes!(preview_rule))
        .routes(routes!(apply_rule))
}

fn yes() -> bool {
    true
}

/// A rule to add. A `suggested_rule` from `PATCH /transactions/{id}` is one, as it is.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRule {
    pub name: String,
    /// At least one; all must hold.
    pub triggers: Vec<Trigger>,
    pub actions: Actions,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub stop_processing: bool,
    /// Place in the order, from 0; last when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// Absent fields stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleEdit {
    pub name: Option<String>,
    pub triggers: Option<Vec<Trigger>>,
    pub actions: Option<Actions>,
    pub enabled: Option<bool>,
    pub stop_processing: Option<bool>,
    /// Moves the rule to this place in the order, from 0.
    pub position: Option<u32>,
}

fn check_name(errors: &mut Vec<FieldError>, name: &str) {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || !printable(name)
        || name.contains('\n')
    {
        errors.push(FieldError::new(
            "name",
            format!("1 to {MAX_NAME_CHARS} printable characters"),
        ));
    }
}

fn check_triggers(errors: &mut Vec<FieldError>, triggers: &[Trigger]) {
    if triggers.is_empty() || triggers.len() > MAX_TRIGGERS {
        errors.push(FieldError::new(
            "triggers",
            format!("1 to {MAX_TRIGGERS} triggers; a rule without one would match everything"),
        ));
    }
    for (n, trigger) in triggers.iter().enumerate() {
        if let Err(message) = rules::check_trigger(trigger) {
            let field = match trigger {
                Trigger::Merchant { .. } | Trigger::Description { .. } => {
                    format!("triggers[{n}].value")
                }
                _ => format!("triggers[{n}]"),
            };
            errors.push(FieldError::new(field, message));
        }
    }
}

fn check_actions(errors: &mut Vec<FieldError>, a: &Actions) {
    if a.category_id.is_none() && a.merchant.is_none() && a.add_tags.is_empty() && !a.mark_transfer
    {
        errors.push(FieldError::new(
            "actions",
            "at least one of category_id, merchant, add_tags, mark_transfer",
        ));
    }
    if a.category_id.is_some() && a.mark_transfer {
        errors.push(FieldError::new(
            "actions.mark_transfer",
            "mark_transfer sets the transfer category: leave out category_id",
        ));
    }
    if let Some(m) = &a.merchant {
        let m = m.trim();
        if m.is_empty()
            || m.chars().count() > MAX_MERCHANT_CHARS
            || !printable(m)
            || m.contains('\n')
        {
            errors.push(FieldError::new(
                "actions.merchant",
                format!("1 to {MAX_MERCHANT_CHARS} printable characters"),
            ));
        }
    }
    if a.add_tags.len() > MAX_TAGS {
        errors.push(FieldError::new(
            "actions.add_tags",
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    for (n, tag) in a.add_tags.iter().enumerate() {
        let t = tag.trim();
        if t.is_empty()
            || t.chars().count() > MAX_TAG_CHARS
            || t.contains(',')
            || !printable(t)
            || t.contains('\n')
        {
            errors.push(FieldError::new(
                format!("actions.add_tags[{n}]"),
                format!("1 to {MAX_TAG_CHARS} printable characters, no commas"),
            ));
        }
    }
}

fn result(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

impl Validate for NewRule {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        check_name(&mut errors, &self.name);
        check_triggers(&mut errors, &self.triggers);
        check_actions(&mut errors, &self.actions);
        result(errors)
    }
}

impl Validate for RuleEdit {
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, name);
        }
        if let Some(triggers) = &self.triggers {
            check_triggers(&mut errors, triggers);
        }
        if let Some(actions) = &self.actions {
            check_actions(&mut errors, actions);
        }
        result(errors)
    }
}

/// Trimmed text, tags trimmed and deduplicated.
fn clean(
    name: &str,
    triggers: Vec<Trigger>,
    mut actions: Actions,
) -> (String, Vec<Trigger>, Actions) {
    actions.merchant = actions.merchant.map(|m| m.trim().to_string());
    actions.add_tags = clean_tags(&actions.add_tags);
    (name.trim().to_string(), triggers, actions)
}

/// Ids in the rule that are not the user's answer 404, like ids in a path.
async fn check_ids(
    conn: &mut PgConnection,
    user_id: Uuid,
    triggers: &[Trigger],
    actions: &Actions,
) -> Result<(), ApiError> {
    if let Some(category_id) = actions.category_id
        && !transactions::owns_category(conn, user_id, category_id).await?
    {
        return Err(ApiError::NotFound);
    }
    for t in triggers {
        if let Trigger::Account { account_id } = t
            && !rules_store::owns_account(conn, user_id, *account_id).await?
        {
            return Err(ApiError::NotFound);
        }
    }
    Ok(())
}

/// Your rules, in the order they run.
#[utoipa::path(get, path = "/rules", tag = "rules", security(("bearer" = [])),
    responses((status = 200, body = [Rule])))]
pub async fn list_rules(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Rule>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(rules_store::list(&mut conn, user.user_id).await?))
}

/// Adds a rule. It runs on transactions that arrive from now on; apply it to existing ones
/// with `POST /rules/{id}/apply`.
#[utoipa::path(post, path = "/rules", tag = "rules", security(("bearer" = [])), request_body = NewRule,
    responses((status = 201, body = Rule), (status = 404, description = "The category or account is not yours"),
              (status = 409, description = "You have 500 rules already"),
              (status = 422, description = "Names the invalid field, such as triggers[0].value for a bad regex")))]
pub async fn create_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ValidatedJson(req): ValidatedJson<NewRule>,
) -> Result<(StatusCode, Json<Rule>), ApiError> {
    let mut tx = state.db.begin().await?;
    let rule = add_rule(&mut tx, user.user_id, req).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// Adds a rule as `POST /rules` does (checked, the user's ids only, at most 500 rules):
/// for callers outside HTTP, such as the Telegram bot's "always for this merchant?".
pub async fn add_rule(
    conn: &mut PgConnection,
    user_id: Uuid,
    req: NewRule,
) -> Result<Rule, ApiError> {
    req.validate().map_err(ApiError::Validation)?;
    let (name, triggers, actions) = clean(&req.name, req.triggers, req.actions);
    check_ids(conn, user_id, &triggers, &actions).await?;
    if rules_store::count(conn, user_id).await? >= MAX_RULES {
        return Err(ApiError::conflict(
            "too_many_rules",
            format!("at most {MAX_RULES} rules: delete or merge some first"),
        ));
    }
    let input = RuleInput {
        name,
        enabled: req.enabled,
        stop_processing: req.stop_processing,
        triggers,
        actions,
    };
    Ok(rules_store::create(conn, user_id, &input, req.position.map(|p| p as usize)).await?)
}

/// One rule.
#[utoipa::path(get, path = "/rules/{id}", tag = "rules", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The rule's id")), responses((status = 200, body = Rule), (status = 404)))]
pub async fn get_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Rule>, ApiError> {
    let mut conn = state.db.acquire().await?;
    rules_store::get(&mut conn, user.user_id, id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Edits a rule; `position` moves it in the order (the others close up around it).
#[utoipa::path(patch, path = "/rules/{id}", tag = "rules", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The rule's id")), request_body = RuleEdit,
    responses((status = 200, body = Rule), (status = 404), (status = 422)))]
pub async fn update_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
    ValidatedJson(req): ValidatedJson<RuleEdit>,
) -> Result<Json<Rule>, ApiError> {
    let mut tx = state.db.begin().await?;
    let old = rules_store::get(&mut tx, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (name, triggers, actions) = clean(
        req.name.as_deref().unwrap_or(&old.name),
        req.triggers.unwrap_or(old.triggers),
        req.actions.unwrap_or(old.actions),
    );
    check_ids(&mut tx, user.user_id, &triggers, &actions).await?;
    let input = RuleInput {
        name,
        enabled: req.enabled.unwrap_or(old.enabled),
        stop_processing: req.stop_processing.unwrap_or(old.stop_processing),
        triggers,
        actions,
    };
    let rule = rules_store::update(
        &mut tx,
        user.user_id,
        id,
        &input,
        req.position.map(|p| p as usize),
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(rule))
}

/// Deletes a rule; what it already set stays.
#[utoipa::path(delete, path = "/rules/{id}", tag = "rules", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The rule's id")), responses((status = 204), (status = 404)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    if !rules_store::delete(&mut tx, user.user_id, id).await? {
        return Err(ApiError::NotFound);
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RulePreview {
    /// Every live transaction the rule matches.
    pub matched: usize,
    /// The newest of them, at most 100.
    pub transactions: Vec<Transaction>,
}

/// The existing (not deleted) transactions this rule matches on its own, whether enabled or
/// not; nothing is changed.
#[utoipa::path(post, path = "/rules/{id}/preview", tag = "rules", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The rule's id")), responses((status = 200, body = RulePreview), (status = 404)))]
pub async fn preview_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RulePreview>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let rule = rules_store::get(&mut conn, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut preview = RulePreview {
        matched: 0,
        transactions: Vec::new(),
    };
    let mut matches = Matches::of(&mut conn, user.user_id, &rule).await?;
    while let Some(items) = matches.next(&mut conn, user.user_id).await? {
        preview.matched += items.len();
        let room = PREVIEW_LIMIT - preview.transactions.len();
        preview
            .transactions
            .extend(items.into_iter().take(room).map(|(t, _)| t));
    }
    Ok(Json(preview))
}

/// Applies this rule on its own to every existing transaction it matches, whether enabled
/// or not. Fields you set by hand are left alone.
#[utoipa::path(post, path = "/rules/{id}/apply", tag = "rules", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The rule's id")), responses((status = 200, body = AppliedCounts), (status = 404)))]
pub async fn apply_rule(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AppliedCounts>, ApiError> {
    let mut tx = state.db.begin().await?;
    let rule = rules_store::get(&mut tx, user.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let counts = rules_store::apply_to_existing(&mut tx, user.user_id, &rule).await?;
    kakeibo_core::jobs::announce_transactions_changed(&mut tx, user.user_id).await?;
    tx.commit().await?;
    Ok(Json(counts))
}

/// The part of a bank text that stays the same from one payment to the next: words without
/// digits (dates, card numbers and references change), at most four.
fn stable_part(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .take(4)
        .collect();
    let part = words.join(" ");
    (part.chars().count() >= 3).then_some(part)
}

/// The rule offered when the user moves `t` to `category_id`: the merchant equals its
/// cleaned-up merchant; without one, the merchant (the payee as the bank wrote it) or else the
/// description contains its stable part. `None` when an enabled rule already gives this
/// transaction this category, or when no stable text is found.
pub async fn suggest_rule(
    conn: &mut PgConnection,
    user_id: Uuid,
    t: &Transaction,
    category_id: Uuid,
) -> Result<Option<NewRule>, sqlx::Error> {
    let enabled: Vec<Rule> = rules_store::list(conn, user_id)
        .await?
        .into_iter()
        .filter(|r| r.enabled)
        .collect();
    let specs: Vec<_> = enabled.iter().map(Rule::spec).collect();
    let set = rules_store::compile(conn, user_id, &specs).await?;
    let facts = rules_store::facts(t);
    // Any one enabled rule that matches and sets this category is equivalent.
    let covered = enabled
        .iter()
        .filter(|r| r.actions.category_id == Some(category_id))
        .any(|r| {
            let (one, _) = RuleSet::compile(&[r.spec()], None);
            !rules::apply(&one, &facts).matched.is_empty()
        });
    if covered || rules::apply(&set, &facts).category_id == Some(category_id) {
        return Ok(None);
    }
    let merchant = t
        .merchant
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let (trigger, label) = if let Some(m) = merchant {
        let m: String = m.chars().take(rules::MAX_TRIGGER_TEXT).collect();
        (
            Trigger::Merchant {
                op: TextOp::Equals,
                value: m.clone(),
            },
            m,
        )
    } else if let Some(p) = stable_part(&t.payee) {
        (
            Trigger::Merchant {
                op: TextOp::Contains,
                value: p.clone(),
            },
            p,
        )
    } else if let Some(d) = stable_part(&t.description) {
        (
            Trigger::Description {
                op: TextOp::Contains,
                value: d.clone(),
            },
            d,
        )
    } else {
        return Ok(None);
    };
    let category: Option<String> =
        sqlx::query_scalar("SELECT name FROM categories WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(category_id)
            .fetch_optional(conn)
            .await?;
    let name: String = format!("{label} → {}", category.unwrap_or_default())
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    Ok(Some(NewRule {
        name,
        triggers: vec![trigger],
        actions: Actions {
            category_id: Some(category_id),
            ..Actions::default()
        },
        enabled: true,
        stop_processing: false,
        position: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::stable_part;

    #[test]
    fn the_stable_part_drops_numbers() {
        assert_eq!(
            stable_part("CARD 1234 TESCO STORES 3321 12/03 LONDON GB").as_deref(),
            Some("CARD TESCO STORES LONDON")
        );
        assert_eq!(stable_part("12345 / 678"), None);
    }
}
