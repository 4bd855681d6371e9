//! The categorization pipeline (DESIGN.md §4, step 4) over a user's rows it has not seen:
//! the user's rules, then the user's own history for the merchant, then kNN over labelled
//! embeddings (the user's corrections first, then the built-in examples) with the lexicon
//! and the chains dictionary. The kNN step's confidence is calibrated (`calibration`):
//! below the user's threshold, and on generic lines (`generic`), no category is written and
//! the row waits for review with up to three suggestions. Everything is written through
//! `record_categorization`, which never touches a field the user locked. The card
//! network's merchant category code (`mcc`), where the bank sent one, settles rows the
//! text left open.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Utc;
use kakeibo_llm::{ChatModel, Embedder};
use kakeibo_transactions::categories;
use kakeibo_transactions::categorization::{
    self, AutoMerchant, Seen, Suggestion, ToCategorize, record_categorization,
};
use kakeibo_transactions::rules_store::apply_rules_to;
use kakeibo_transactions::transactions::{AutoCategory, AutoSource};
use pgvector::Vector;
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::brands::{Brands, ChainMatch};
use crate::calibration::{Calibration, suggestion_confidences};
use crate::channel;
use crate::classify::{Decision, Evidence, Features, decide};
use crate::embeddings::{self, CacheError, vectors_for};
use crate::generic::is_generic;
use crate::keywords;
use crate::knn::{builtin_neighbours_many, user_neighbours_many};
use crate::llm_step::{self, LlmRow};
use crate::mcc;
use crate::merchant_names::display_name_with;
use crate::normalize::{normalize_merchant, text_hash};

/// Rows per pass: one embedding call and a handful of queries each.
pub const BATCH: i64 = 10_000;
/// Neighbours that vote, and how many are fetched so that enough of the right kind remain.
const K: usize = 7;
const FETCH: i64 = 21;
/// How sure the user's own earlier choice for the same merchant is.
const HISTORY_CONFIDENCE: f32 = 0.95;
/// How long a batch waits for a second connection to write the embedding cache beside its
/// other steps; past it, the batch writes the cache on its own connection first.
const SECOND_CONNECTION_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub rows: usize,
    /// Rows categorized, by source (rule, history, knn).
    pub by_source: BTreeMap<&'static str, usize>,
    /// Rows no step could place.
    pub uncategorized: usize,
    /// Texts embedded now (the others came from the cache).
    pub embedded: usize,
    /// Rows whose LLM step failed (server down or slow): asked again later.
    pub llm_deferred: usize,
    /// Rows left for review: the best guess was below the threshold.
    pub abstained: usize,
    /// Rows left for review: the line names nothing to go by.
    pub generic: usize,
    /// Every kNN decision, written or not, for the evaluation's calibration.
    pub decisions: Vec<Traced>,
}

/// One kNN decision as the calibration sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced {
    pub transaction_id: Uuid,
    pub category_id: Uuid,
    pub features: Features,
    pub probability: f32,
}

/// A row as the categorizer sees it.
type Row = ToCategorize;

/// What names the merchant: the cleaned-up name, else the payee, else the description.
fn merchant_text(row: &Row) -> String {
    let source = [row.merchant.as_deref(), Some(row.payee.as_str())]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
        .unwrap_or(&row.description);
    normalize_merchant(source)
}

fn needs_category(row: &Row) -> bool {
    row.category_id.is_none() && !row.locked_fields.iter().any(|f| f == "category")
}

/// A user's category as the kNN step sees it.
struct UserCategory {
    id: Uuid,
    kind: String,
}

/// What the pipeline knows with: always an embedder, the chains dictionary
/// (`Brands::builtin()`) and a calibration (`Calibration::builtin()`); a chat model when
/// one is configured; and the probability below which it abstains.
#[derive(Clone, Copy)]
pub struct Models<'a> {
    pub embedder: &'a dyn Embedder,
    pub chat: Option<&'a dyn ChatModel>,
    pub brands: &'a Brands,
    pub calibration: &'a Calibration,
    pub threshold: f32,
}

/// Everything the bank wrote about the row, for the lexicon and the generic-line test.
fn full_text(row: &Row) -> String {
    format!(
        "{} {} {}",
        row.description,
        row.payee,
        row.merchant.as_deref().unwrap_or("")
    )
}

/// Categorizes every row of the user the pipeline has not seen yet, in batches.
pub async fn categorize_pending(
    db: &PgPool,
    models: Models<'_>,
    user_id: Uuid,
) -> Result<Report, PipelineError> {
    let mut report = Report::default();
    let mut conn = db.acquire().await?;
    loop {
        let rows = categorization::not_yet_categorized(&mut conn, user_id, BATCH).await?;
        if rows.is_empty() {
            return Ok(report);
        }
        categorize_batch(db, &mut conn, models, user_id, &rows, &mut report).await?;
    }
}

async fn categorize_batch(
    db: &PgPool,
    conn: &mut PgConnection,
    models: Models<'_>,
    user_id: Uuid,
    rows: &[Row],
    report: &mut Report,
) -> Result<(), PipelineError> {
    report.rows += rows.len();
    let texts: Vec<String> = rows.iter().map(merchant_text).collect();
    let distinct: Vec<String> = texts
        .iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    let embedder = models.embedder;
    let (vectors, fresh) = vectors_for(conn, embedder, &distinct).await?;
    report.embedded += fresh.len();
    // The teach step's trigger reads the cache, so the texts of rows the user chose are
    // cached first. The rest is written beside the steps below, which only need the
    // vectors: on a busy HNSW index that write is a good part of a batch's time.
    let chosen: HashSet<&str> = rows
        .iter()
        .zip(&texts)
        .filter(|(row, _)| row.category_source.as_deref() == Some("user"))
        .map(|(_, text)| text.as_str())
        .collect();
    let (needed_now, later): (Vec<_>, Vec<_>) = fresh
        .into_iter()
        .partition(|(text, _)| chosen.contains(text.as_str()));
    let model = embedder.model_id();
    embeddings::store(conn, model, &needed_now).await?;
    let mut writer = tokio::time::timeout(SECOND_CONNECTION_WAIT, db.acquire())
        .await
        .ok()
        .and_then(Result::ok);
    if writer.is_none() {
        embeddings::store(conn, model, &later).await?;
    }
    let keys: Vec<Vec<u8>> = texts.iter().map(|t| text_hash(t).to_vec()).collect();
    teach_from_choices_in_batch(conn, user_id, rows, &keys).await?;

    let decided = async {
        let mut open: Vec<usize> = (0..rows.len())
            .filter(|&n| needs_category(&rows[n]))
            .collect();
        let open_ids: Vec<Uuid> = open.iter().map(|&n| rows[n].id).collect();
        let by_rule: HashSet<Uuid> = apply_rules_to(conn, user_id, &open_ids)
            .await?
            .categorized
            .into_iter()
            .collect();
        count(report, "rule", by_rule.len());
        open.retain(|&n| !by_rule.contains(&rows[n].id));

        let history = user_history(conn, user_id, open.iter().map(|&n| keys[n].clone())).await?;
        let mut choices: HashMap<Uuid, AutoCategory> = HashMap::new();
        open.retain(|&n| match history.get(&keys[n]) {
            Some(&category_id) => {
                let id = rows[n].id;
                choices.insert(
                    id,
                    AutoCategory {
                        transaction_id: id,
                        category_id,
                        source: AutoSource::History,
                        confidence: HISTORY_CONFIDENCE,
                    },
                );
                false
            }
            None => true,
        });
        // Rows repeat their texts (a merchant's every payment): each distinct line is read once.
        let mut generic_line: HashMap<(&str, &str, &str), bool> = HashMap::new();
        let generic: HashSet<usize> = open
            .iter()
            .copied()
            .filter(|&n| {
                let row = &rows[n];
                *generic_line
                    .entry((&row.description, &row.payee, &texts[n]))
                    .or_insert_with(|| {
                        named_texts(row, &texts[n])
                            .iter()
                            .all(|text| is_generic(&full_text(row), text, models.brands))
                    })
            })
            .collect();
        open.retain(|n| !generic.contains(n));

        let mut suggestions: HashMap<Uuid, Vec<Suggestion>> = HashMap::new();
        for (n, decision) in nearest(conn, models, user_id, rows, &texts, &vectors, &open).await? {
            let id = rows[n].id;
            let probability = models.calibration.probability(&decision.features);
            report.decisions.push(Traced {
                transaction_id: id,
                category_id: decision.category,
                features: decision.features,
                probability,
            });
            if probability >= models.threshold {
                choices.insert(
                    id,
                    AutoCategory {
                        transaction_id: id,
                        category_id: decision.category,
                        source: AutoSource::Knn,
                        confidence: probability,
                    },
                );
            } else {
                suggestions.insert(id, suggest(&decision, probability));
            }
        }

        let coded: Vec<usize> = open
            .iter()
            .chain(&generic)
            .copied()
            .filter(|&n| {
                rows[n].merchant_category_code.is_some() && !choices.contains_key(&rows[n].id)
            })
            .collect();
        let settled_by_code = by_merchant_code(
            conn,
            user_id,
            models.threshold,
            coded.iter().map(|&n| &rows[n]),
            &mut choices,
            &mut suggestions,
        )
        .await?;
        Ok::<_, PipelineError>((open, generic, choices, suggestions, settled_by_code))
    };
    let stored = async {
        match writer.as_mut() {
            Some(writer) => embeddings::store(writer, model, &later).await,
            None => Ok(()),
        }
    };
    let (stored, decided) = tokio::join!(stored, decided);
    stored?;
    let (open, generic, mut choices, suggestions, settled_by_code) = decided?;
    // Generic lines the code did not settle stay uncategorized; those without even a
    // suggestion from it are the ones that name nothing.
    let generic_left: Vec<Uuid> = generic
        .iter()
        .map(|&n| rows[n].id)
        .filter(|id| !settled_by_code.contains(id))
        .collect();
    report.generic += generic_left
        .iter()
        .filter(|id| !suggestions.contains_key(id))
        .count();

    // Every row gets its key (a later correction of it becomes a labelled example: the
    // trigger reads the cached embedding by this key) and is marked seen, in one write.
    let mut names: HashMap<(&str, &str), Option<AutoMerchant>> = HashMap::new();
    let mut record: Vec<Seen> = Vec::with_capacity(rows.len());
    for (row, merchant_key) in rows.iter().zip(keys) {
        let merchant = match &row.merchant {
            Some(_) => None,
            None => names
                .entry((row.description.as_str(), row.payee.as_str()))
                .or_insert_with(|| merchant_name(models.brands, row))
                .clone(),
        };
        record.push(Seen {
            id: row.id,
            merchant_key,
            choice: choices.remove(&row.id),
            suggestions: suggestions.get(&row.id).cloned().unwrap_or_default(),
            merchant,
        });
    }
    let sources: HashMap<Uuid, AutoSource> = record
        .iter()
        .filter_map(|r| r.choice.as_ref().map(|c| (r.id, c.source)))
        .collect();
    let written: HashSet<Uuid> = record_categorization(conn, user_id, &record)
        .await?
        .into_iter()
        .collect();
    let mut by_source: HashMap<AutoSource, usize> = HashMap::new();
    for id in &written {
        *by_source.entry(sources[id]).or_default() += 1;
    }
    count(
        report,
        "history",
        by_source.get(&AutoSource::History).copied().unwrap_or(0),
    );
    count(
        report,
        "knn",
        by_source.get(&AutoSource::Knn).copied().unwrap_or(0),
    );
    count(
        report,
        "mcc",
        by_source.get(&AutoSource::Mcc).copied().unwrap_or(0),
    );
    // Rows the kNN step left: abstained on, or with no evidence at all.
    let left: Vec<&Row> = open
        .iter()
        .map(|&n| &rows[n])
        .filter(|r| !written.contains(&r.id) && !sources.contains_key(&r.id))
        .collect();
    report.abstained += suggestions.len();
    let mut uncategorized = left.len() + generic_left.len();

    if let Some(chat) = models.chat {
        let unsure: Vec<LlmRow> = left
            .iter()
            .map(|r| LlmRow {
                id: r.id,
                description: r.description.clone(),
                merchant: r.merchant.clone().or_else(|| Some(r.payee.clone())),
                amount: r.amount,
                currency: r.currency.clone(),
                llm_attempts: 0,
                hints: suggestions
                    .get(&r.id)
                    .map(|s| s.iter().map(|s| s.category_id).collect())
                    .unwrap_or_default(),
            })
            .collect();
        let asked =
            llm_step::ask(conn, chat, user_id, &unsure, models.threshold, Utc::now()).await?;
        count(report, "llm", asked.categorized);
        uncategorized -= asked.categorized;
        report.llm_deferred += asked.deferred;
    }
    report.uncategorized += uncategorized;
    Ok(())
}

/// Rows the text left open that carry a merchant category code: the code's category is
/// chosen when it (with the text's own guess for it, if any) is sure enough, else it joins
/// the suggestions. Answers the rows it settled.
async fn by_merchant_code<'r>(
    conn: &mut PgConnection,
    user_id: Uuid,
    threshold: f32,
    coded: impl Iterator<Item = &'r Row>,
    choices: &mut HashMap<Uuid, AutoCategory>,
    suggestions: &mut HashMap<Uuid, Vec<Suggestion>>,
) -> Result<HashSet<Uuid>, sqlx::Error> {
    let coded: Vec<&Row> = coded.filter(|row| !row.is_transfer).collect();
    let mut settled = HashSet::new();
    if coded.is_empty() {
        return Ok(settled);
    }
    let categories = user_categories(conn, user_id).await?;
    for row in coded {
        let Some(says) = row
            .merchant_category_code
            .as_deref()
            .and_then(mcc::category_of)
        else {
            continue;
        };
        let Some(category) = categories.get(says.slug) else {
            continue;
        };
        if !direction_allows(row.amount, Some(&category.kind)) {
            continue;
        }
        let text_guess = suggestions
            .get(&row.id)
            .and_then(|list| list.iter().find(|s| s.category_id == category.id))
            .map(|s| s.confidence);
        let probability = text_guess.map_or(says.prior, |p| mcc::agreeing(says.prior, p));
        if probability >= threshold {
            suggestions.remove(&row.id);
            choices.insert(
                row.id,
                AutoCategory {
                    transaction_id: row.id,
                    category_id: category.id,
                    source: AutoSource::Mcc,
                    confidence: probability,
                },
            );
            settled.insert(row.id);
        } else {
            let list = suggestions.entry(row.id).or_default();
            list.retain(|s| s.category_id != category.id);
            list.push(Suggestion {
                category_id: category.id,
                confidence: probability,
            });
            list.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
            list.truncate(3);
        }
    }
    Ok(settled)
}

/// A display name for a row without one: the chain's, the payee's, or the cleaned text.
fn merchant_name(brands: &Brands, row: &Row) -> Option<AutoMerchant> {
    let payee = Some(row.payee.as_str()).filter(|p| !p.trim().is_empty());
    display_name_with(brands, &row.description, payee).map(|m| AutoMerchant {
        name: m.name,
        website: m.website,
        wikidata: m.wikidata,
    })
}

/// Up to three categories for the review queue, best first (`calibration` says how sure).
fn suggest(decision: &Decision<Uuid>, probability: f32) -> Vec<Suggestion> {
    let shares: Vec<f32> = decision.ranked.iter().map(|(_, share)| *share).collect();
    decision
        .ranked
        .iter()
        .zip(suggestion_confidences(&shares, probability))
        .map(|((category_id, _), confidence)| Suggestion {
            category_id: *category_id,
            confidence,
        })
        .collect()
}

/// Rows the user categorized before the pipeline saw them (right after an import, say)
/// teach this very batch: with their key stored, the history step finds them and the
/// trigger makes them labelled examples for the kNN step.
async fn teach_from_choices_in_batch(
    conn: &mut PgConnection,
    user_id: Uuid,
    rows: &[Row],
    keys: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    let (ids, keys): (Vec<Uuid>, Vec<Vec<u8>>) = rows
        .iter()
        .zip(keys)
        .filter(|(row, _)| row.category_source.as_deref() == Some("user"))
        .map(|(row, key)| (row.id, key.clone()))
        .unzip();
    if ids.is_empty() {
        return Ok(());
    }
    categorization::set_merchant_keys(conn, user_id, &ids, &keys).await
}

fn count(report: &mut Report, source: &'static str, n: usize) {
    if n > 0 {
        *report.by_source.entry(source).or_default() += n;
    }
}

/// The category the user last chose by hand for each merchant key.
async fn user_history(
    conn: &mut PgConnection,
    user_id: Uuid,
    keys: impl Iterator<Item = Vec<u8>>,
) -> Result<HashMap<Vec<u8>, Uuid>, sqlx::Error> {
    let keys: Vec<Vec<u8>> = keys.collect::<HashSet<_>>().into_iter().collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = categorization::user_choices_by_merchant_key(conn, user_id, &keys).await?;
    Ok(rows.into_iter().collect())
}

/// Step 3 for the open rows: kNN and the lexicon, restricted by the amount's direction.
async fn nearest(
    conn: &mut PgConnection,
    models: Models<'_>,
    user_id: Uuid,
    rows: &[Row],
    texts: &[String],
    vectors: &HashMap<String, Vector>,
    open: &[usize],
) -> Result<Vec<(usize, Decision<Uuid>)>, PipelineError> {
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let categories = user_categories(conn, user_id).await?;
    let kinds: HashMap<Uuid, &str> = categories
        .values()
        .map(|c| (c.id, c.kind.as_str()))
        .collect();
    let queries: Vec<String> = open
        .iter()
        .map(|&n| texts[n].clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let query_vectors: Vec<Vector> = queries.iter().map(|t| vectors[t].clone()).collect();
    let model = models.embedder.model_id();
    let builtin = builtin_neighbours_many(conn, model, &query_vectors, FETCH).await?;
    let user = user_neighbours_many(conn, user_id, model, &query_vectors, FETCH).await?;
    let position: HashMap<&str, usize> = queries
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let to_user = |slug: &str| categories.get(slug).map(|c| c.id);

    let mut choices = Vec::new();
    for &n in open {
        let row = &rows[n];
        let q = position[texts[n].as_str()];
        let named = named_texts(row, &texts[n]);
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        let chain = models.brands.best_of(&named).map(|(at, m)| (named[at], m));
        let evidence = Evidence {
            user: user[q].clone(),
            builtin: builtin[q]
                .iter()
                .filter_map(|(slug, s)| to_user(slug).map(|c| (c, *s)))
                .collect(),
            keywords: words_beside_the_chain(chain, &texts[n], &full_text(row))
                .into_iter()
                .filter_map(|(slug, w)| to_user(slug).map(|c| (c, w)))
                .collect(),
            channel: channel::prior(&row.description)
                .into_iter()
                .filter_map(|(slug, p)| to_user(slug).map(|c| (c, p)))
                .collect(),
            brand: chain.and_then(|(_, m)| to_user(m.slug)),
            brand_curated: chain.is_some_and(|(_, m)| m.curated),
        };
        // A row linked to its other half between the user's own accounts is a transfer.
        let allowed = |c: &Uuid| {
            let kind = kinds.get(c).copied();
            direction_allows(row.amount, kind) && (!row.is_transfer || kind == Some("transfer"))
        };
        if let Some(d) = decide(&evidence, K, allowed) {
            choices.push((n, d));
        }
    }
    Ok(choices)
}

/// The lexicon's hits outside the chain's name: OLIVE GARDEN is a restaurant, the GARDEN
/// in its name says nothing; ADLER APOTHEKE is still a pharmacy.
fn words_beside_the_chain(
    chain: Option<(&str, ChainMatch)>,
    merchant_text: &str,
    line: &str,
) -> Vec<(&'static str, f32)> {
    match chain {
        Some((text, m)) => {
            let name: Vec<&str> = text.split(' ').skip(m.start).take(m.words).collect();
            let rest: Vec<&str> = text.split(' ').skip(m.start + m.words).collect();
            let name_hits = keywords::hits(&name.join(" "), "");
            keywords::hits(&rest.join(" "), line)
                .into_iter()
                .filter(|(slug, _)| !name_hits.iter().any(|(s, _)| s == slug))
                .collect()
        }
        None => keywords::hits(merchant_text, line),
    }
}

/// The row's texts that may name its merchant: the merchant text (from the merchant, the
/// payee or the description) and the description's own, when they differ.
fn named_texts(row: &Row, merchant_text: &str) -> Vec<String> {
    let description = normalize_merchant(&row.description);
    if description == merchant_text {
        vec![merchant_text.to_string()]
    } else {
        vec![merchant_text.to_string(), description]
    }
}

/// Money in is income or a transfer; money out is an expense or a transfer.
pub(crate) fn direction_allows(amount: Decimal, kind: Option<&str>) -> bool {
    match kind {
        Some("transfer") => true,
        Some("income") => amount >= Decimal::ZERO,
        Some("expense") => amount <= Decimal::ZERO,
        _ => false,
    }
}

/// The user's live categories that carry a built-in slug, by slug.
async fn user_categories(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<HashMap<String, UserCategory>, sqlx::Error> {
    let rows = categories::with_default_slug(conn, user_id).await?;
    Ok(rows
        .into_iter()
        .map(|(slug, id, kind)| (slug, UserCategory { id, kind }))
        .collect())
}
