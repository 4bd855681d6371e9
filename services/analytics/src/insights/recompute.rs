//! The insights job's work for one user: detect recurring series and anomalies, refresh the
//! forecast's averages, and store the insights they give. Everything is recomputed from the
//! transactions, so running it twice changes nothing the second time.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, Months, Utc};
use kakeibo_llm::ChatModel;
use sqlx::PgPool;
use uuid::Uuid;

use super::store::{self, NewInsight};
use super::{Keyed, above_average, from_anomalies, from_series, without_repeats, wording};
use crate::anomalies;
use crate::forecast;
use crate::recurring::{self, Series, history};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub transactions: usize,
    pub series: usize,
    pub anomalies: usize,
    /// Insights added or changed by this run.
    pub insights_written: usize,
    pub worded_by_llm: usize,
}

pub async fn recompute(
    db: &PgPool,
    chat: Option<&dyn ChatModel>,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Report, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some((time_zone, today)) = history::local_today(&mut tx, user_id, now).await? else {
        return Ok(Report::default()); // the user is gone
    };
    // Two jobs of one user at once would write the same rows; the second waits here.
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('kakeibo.insights:' || $1::text, 0))",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let since = today - Days::new(history::LOOKBACK_DAYS as u64);
    let history_rows = history::load(&mut tx, user_id, &time_zone, since).await?;
    let series: Vec<Series> = history::groups(&history_rows)
        .iter()
        .flat_map(|g| recurring::detect(g, today))
        .collect();
    let found =
        anomalies::store::compute(&mut tx, user_id, &time_zone, today, &history_rows).await?;
    let first_month = today.with_day(1).unwrap_or(today) - Months::new(4);
    let totals =
        anomalies::store::period_totals(&mut tx, user_id, &time_zone, "month", first_month).await?;
    let names: HashMap<Uuid, String> =
        kakeibo_transactions::categories::all_names(&mut tx, user_id).await?;

    recurring::store::save(&mut tx, user_id, &series).await?;
    anomalies::store::save(&mut tx, user_id, &found).await?;
    forecast::save_baselines(
        &mut tx,
        user_id,
        &forecast::baselines(&history_rows, &series, today),
        today,
    )
    .await?;
    let stored: Vec<(String, Uuid, String)> = sqlx::query_as(
        "SELECT series_key, id, user_state FROM recurring_series WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    let ids: HashMap<&str, (Uuid, &str)> = stored
        .iter()
        .map(|(k, id, state)| (k.as_str(), (*id, state.as_str())))
        .collect();
    let with_ids: Vec<(Uuid, &Series)> = series
        .iter()
        .filter_map(|s| match ids.get(s.key.as_str()) {
            Some((id, state)) if *state != "ignored" => Some((*id, s)),
            _ => None,
        })
        .collect();

    let mut facts: Vec<Keyed> = above_average(&totals, &names, today);
    facts.extend(from_series(&with_ids, today));
    facts.extend(from_anomalies(&found, &names));
    let facts = without_repeats(facts);
    let keys: Vec<&str> = facts.iter().map(|f| f.key.as_str()).collect();
    let known = store::stored_facts(&mut tx, user_id, &keys).await?;
    let first_seen: Vec<&Keyed> = facts
        .iter()
        .filter(|f| !known.contains_key(&f.key))
        .collect();
    super::alerts::emit(&mut tx, user_id, &first_seen).await?;
    tx.commit().await?;

    // Only new or changed facts are worded: the chat model is not asked twice for one fact.
    let changed: Vec<(&Keyed, serde_json::Value)> = facts
        .iter()
        .map(|f| (f, serde_json::to_value(&f.fact).unwrap_or_default()))
        .filter(|(f, json)| known.get(&f.key) != Some(json))
        .collect();
    // Network I/O happens outside any transaction.
    let texts = wording::word(
        chat,
        &changed
            .iter()
            .map(|(f, _)| f.fact.clone())
            .collect::<Vec<_>>(),
    )
    .await;
    let rows: Vec<NewInsight<'_>> = changed
        .into_iter()
        .zip(texts)
        .map(|((f, facts), (text, by))| NewInsight {
            key: &f.key,
            kind: f.fact.kind(),
            facts,
            text,
            worded_by: by.as_str(),
        })
        .collect();
    let mut conn = db.acquire().await?;
    store::upsert(&mut conn, user_id, &rows).await?;
    Ok(Report {
        transactions: history_rows.len(),
        series: series.len(),
        anomalies: found.len(),
        insights_written: rows.len(),
        worded_by_llm: rows.iter().filter(|r| r.worded_by == "llm").count(),
    })
}
