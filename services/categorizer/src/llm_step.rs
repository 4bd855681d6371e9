//! Step 4, when a chat model is configured: the rows the offline steps abstained on go to
//! the model (`kakeibo_llm::categorize`: batches of 25, a closed list of ids, null unless
//! confident), with the offline suggestions as hints. A valid answer of the right direction
//! goes through calibration like any other: written (source `llm`) when its probability
//! reaches the threshold, else the row stays in the review queue. A null stays null. When
//! the server is down or slow, the rows are asked again later, waiting longer after each
//! failure.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use kakeibo_llm::ChatModel;
use kakeibo_llm::categorize::{LlmItem, categorize};
use kakeibo_transactions::transactions::{AutoCategory, AutoSource, set_automatic_categories};
use kakeibo_transactions::{categories, categorization};
use sqlx::PgConnection;
use uuid::Uuid;

/// How often the model is right when it picks one of the offline suggestions, and when it
/// picks another category. No model runs here to measure them, so they are priors, capped
/// by the model's own confidence (docs/decisions.md, "The categorizer abstains").
pub const AGREES_WITH_HINT: f32 = 0.92;
pub const ALONE: f32 = 0.85;
/// After this many failed attempts the offline result is final.
pub const MAX_ATTEMPTS: i16 = 6;
const FIRST_WAIT_MINUTES: i64 = 5;

/// A row as the LLM step sends it, with its failed attempts so far.
pub use kakeibo_transactions::categorization::LlmRow;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct LlmOutcome {
    /// Rows the model categorized.
    pub categorized: usize,
    /// Rows to ask again later (the server failed).
    pub deferred: usize,
    /// Answers rejected: unknown ids, bad shape, the wrong direction.
    pub rejected: usize,
    /// Answers below the threshold: the rows stay for review.
    pub unsure: usize,
}

/// Asks the model about `rows` and writes what it is sure of.
pub async fn ask(
    conn: &mut PgConnection,
    chat: &dyn ChatModel,
    user_id: Uuid,
    rows: &[LlmRow],
    threshold: f32,
    now: DateTime<Utc>,
) -> Result<LlmOutcome, sqlx::Error> {
    let mut outcome = LlmOutcome::default();
    if rows.is_empty() {
        return Ok(outcome);
    }
    let categories = category_labels(conn, user_id).await?;
    let labels: Vec<(Uuid, String)> = categories
        .iter()
        .map(|(id, (label, _))| (*id, label.clone()))
        .collect();
    let items: Vec<LlmItem> = rows
        .iter()
        .map(|r| LlmItem {
            description: r.description.clone(),
            merchant: r.merchant.clone(),
            amount: r.amount,
            currency: r.currency.clone(),
            hints: r.hints.clone(),
        })
        .collect();
    let answer = categorize(chat, &items, &labels).await;
    outcome.rejected = answer.rejected;
    let mut choices = Vec::new();
    let mut unanswered = Vec::new();
    let mut unsure = Vec::new();
    for (row, choice) in rows.iter().zip(&answer.choices) {
        match choice {
            Some(c) => {
                let kind = categories
                    .get(&c.category_id)
                    .map(|(_, kind)| kind.as_str());
                let prior = if row.hints.contains(&c.category_id) {
                    AGREES_WITH_HINT
                } else {
                    ALONE
                };
                let probability = prior.min(c.confidence as f32);
                if !crate::pipeline::direction_allows(row.amount, kind) {
                    outcome.rejected += 1;
                } else if probability >= threshold {
                    choices.push(AutoCategory {
                        transaction_id: row.id,
                        category_id: c.category_id,
                        source: AutoSource::Llm,
                        confidence: probability,
                    });
                } else {
                    unsure.push(row.id);
                }
            }
            None => unanswered.push(row),
        }
    }
    outcome.categorized = set_automatic_categories(conn, user_id, &choices)
        .await?
        .len();

    // On a failure the batches after it were never sent: their rows are owed an answer.
    let (deferred, settled): (Vec<&LlmRow>, Vec<&LlmRow>) = match &answer.failure {
        Some(error) => {
            tracing::warn!(%error, "the LLM step failed; offline results stand, asking again later");
            unanswered
                .into_iter()
                .partition(|r| r.llm_attempts + 1 < MAX_ATTEMPTS)
        }
        None => (Vec::new(), unanswered),
    };
    outcome.deferred = deferred.len();
    outcome.unsure = unsure.len();
    let settled_ids: Vec<Uuid> = settled
        .iter()
        .map(|r| r.id)
        .chain(choices.iter().map(|c| c.transaction_id))
        .chain(unsure)
        .collect();
    categorization::clear_llm_retry(conn, user_id, &settled_ids).await?;
    for row in deferred {
        let wait = Duration::minutes(FIRST_WAIT_MINUTES << row.llm_attempts.clamp(0, 10));
        categorization::defer_llm_retry(conn, user_id, row.id, now + wait).await?;
    }
    Ok(outcome)
}

/// Asks again about the user's rows whose retry is due (their category still automatic).
pub async fn retry_due(
    conn: &mut PgConnection,
    chat: &dyn ChatModel,
    user_id: Uuid,
    threshold: f32,
    now: DateTime<Utc>,
) -> Result<LlmOutcome, sqlx::Error> {
    let rows = categorization::llm_retries_due(conn, user_id, now).await?;
    ask(conn, chat, user_id, &rows, threshold, now).await
}

/// Users with a retry due, for the sweep.
pub async fn users_with_retries_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    categorization::users_with_llm_retries_due(conn, now).await
}

/// The user's categories as the model sees them ("Food & Dining: Groceries"), with kinds.
async fn category_labels(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<HashMap<Uuid, (String, String)>, sqlx::Error> {
    let rows = categories::labels(conn, user_id).await?;
    Ok(rows
        .into_iter()
        .map(|(id, label, kind)| (id, (label, kind)))
        .collect())
}
