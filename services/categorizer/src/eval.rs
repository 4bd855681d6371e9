//! `kakeibo eval categorizer`: top-1 accuracy of the whole offline pipeline on the
//! evaluation set (eval/eval_set.csv), per source, for two throwaway users:
//! - cold: built-in examples only;
//! - warm: after 5 corrections per category (those rows are not scored).
//!
//! Both run with the chains dictionary minus every name the evaluation set holds: the set
//! measures what the pipeline infers about merchants it was never told of. A third run,
//! cold with the whole dictionary, shows what a user whose shops are known chains gets.
//!
//! The users live in the configured database for the run and are deleted after it.

// Accuracy percentages, not money.
#![allow(clippy::float_arithmetic)]

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::Utc;
use kakeibo_auth::tool_users;
use kakeibo_bank_sync::accounts_api::{NewAccount, create_manual_account};
use kakeibo_llm::Embedder;
use kakeibo_transactions::categorization::{self, Labelled};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

use crate::brands::Brands;
use crate::examples::load_builtin;
use crate::normalize::normalize_merchant;
use crate::pipeline::{Models, PipelineError, categorize_pending};

const EVAL_CSV: &str = include_str!("../eval/eval_set.csv");
/// Corrections per category before the warm run.
pub const WARM_CORRECTIONS: usize = 5;

/// One labelled row: what the bank printed, the signed amount, the expected default slug.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub description: String,
    pub amount: Decimal,
    pub slug: String,
}

/// The evaluation set: `description,amount,category`, the description quoted when it has
/// commas (Python's csv module writes it).
pub fn cases() -> Vec<Case> {
    EVAL_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.rsplitn(3, ',');
            let slug = fields.next()?;
            let amount = Decimal::from_str(fields.next()?).ok()?;
            let description = crate::examples::unquote(fields.next()?);
            Some(Case {
                description,
                amount,
                slug: slug.to_string(),
            })
        })
        .collect()
}

/// Accuracy of one run.
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub scored: usize,
    pub right: usize,
    /// source → (rows, right); "none" for rows left uncategorized.
    pub by_source: BTreeMap<String, (usize, usize)>,
    /// Whether the text names a kind of business (a lexicon word) or only a brand →
    /// (rows, right): brand-only rows are what the sentence model must know by itself.
    pub by_evidence: BTreeMap<&'static str, (usize, usize)>,
    /// (expected, got) → count.
    pub confusions: HashMap<(String, String), usize>,
    /// (description, expected, got) of every wrong row.
    pub mistakes: Vec<(String, String, String)>,
    pub elapsed: Duration,
}

impl Score {
    pub fn accuracy(&self) -> f64 {
        100.0 * self.right as f64 / self.scored.max(1) as f64
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  top-1 {:.1} % ({}/{}) in {:.2} s",
            self.accuracy(),
            self.right,
            self.scored,
            self.elapsed.as_secs_f64()
        )?;
        for (source, (rows, right)) in &self.by_source {
            let share = 100.0 * *right as f64 / (*rows).max(1) as f64;
            writeln!(
                f,
                "    {source:<8} {rows:>4} rows, {right:>4} right ({share:.1} %)"
            )?;
        }
        for (evidence, (rows, right)) in &self.by_evidence {
            let share = 100.0 * *right as f64 / (*rows).max(1) as f64;
            writeln!(
                f,
                "    {evidence:<24} {rows:>4} rows, {right:>4} right ({share:.1} %)"
            )?;
        }
        let mut worst: Vec<_> = self.confusions.iter().collect();
        worst.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((expected, got), n) in worst.into_iter().take(8) {
            writeln!(f, "    {n:>3} × {expected} taken for {got}")?;
        }
        Ok(())
    }
}

pub struct Evaluation {
    pub cold: Score,
    pub warm: Score,
    /// Cold start with every chain the dictionary knows, the evaluation's own included.
    pub cold_all_chains: Score,
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "evaluation set: {} labelled descriptions, 50 categories; no chain it names is in the dictionary for the first two runs",
            self.cold.scored
        )?;
        writeln!(f, "cold start (built-in examples only):\n{}", self.cold)?;
        writeln!(
            f,
            "warm (after {WARM_CORRECTIONS} corrections per category; those rows not scored):\n{}",
            self.warm
        )?;
        write!(
            f,
            "cold start, with every chain the dictionary knows (recall, not generalization):\n{}",
            self.cold_all_chains
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Examples(#[from] crate::examples::LoadError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Runs the three cases and removes the throwaway users, whatever happened.
pub async fn run(db: &PgPool, embedder: &dyn Embedder) -> Result<Evaluation, EvalError> {
    load_builtin(db, embedder).await?;
    let cases = cases();
    let texts: Vec<String> = cases
        .iter()
        .map(|c| normalize_merchant(&c.description))
        .collect();
    let unknown_chains = Brands::builtin().without(texts.iter().map(String::as_str));
    let corrected = warm_corrections(&cases);
    let runs = [
        (&unknown_chains, &[][..]),
        (&unknown_chains, &corrected[..]),
        (Brands::builtin(), &[][..]),
    ];
    let mut users = Vec::new();
    let mut scores = Vec::new();
    for (brands, corrected) in runs {
        let user = throwaway_user(db).await?;
        users.push(user);
        let models = Models {
            embedder,
            chat: None,
            brands,
        };
        let scored = score(db, models, user, &cases, corrected).await;
        let failed = scored.is_err();
        scores.push(scored);
        if failed {
            break;
        }
    }
    for user in users {
        tool_users::delete(db, user).await?;
    }
    let mut scores = scores.into_iter();
    let mut next = || scores.next().expect("a score per run, or an error first");
    Ok(Evaluation {
        cold: next()?,
        warm: next()?,
        cold_all_chains: next()?,
    })
}

pub fn warm_corrections(cases: &[Case]) -> Vec<usize> {
    let mut taken: HashMap<&str, usize> = HashMap::new();
    (0..cases.len())
        .filter(|&n| {
            let count = taken.entry(cases[n].slug.as_str()).or_default();
            *count += 1;
            *count <= WARM_CORRECTIONS
        })
        .collect()
}

async fn throwaway_user(db: &PgPool) -> Result<Uuid, sqlx::Error> {
    let email = format!("eval-{}@kakeibo.invalid", Uuid::new_v4().simple());
    tool_users::create_without_login(db, &email).await
}

/// Imports the cases (the corrected ones already categorized by the user), runs the
/// pipeline and scores the rows it had to categorize.
async fn score(
    db: &PgPool,
    models: Models<'_>,
    user_id: Uuid,
    cases: &[Case],
    corrected: &[usize],
) -> Result<Score, EvalError> {
    let mut conn = db.acquire().await?;
    let account = NewAccount {
        name: "Evaluation".into(),
        kind: "checking".into(),
        currency: "EUR".into(),
        iban: None,
        mask: None,
    };
    let account = create_manual_account(&mut conn, user_id, &account)
        .await?
        .id;
    let labelled: Vec<Labelled<'_>> = cases
        .iter()
        .enumerate()
        .map(|(n, c)| Labelled {
            description: &c.description,
            amount: c.amount,
            slug: &c.slug,
            corrected: corrected.contains(&n),
        })
        .collect();
    // One row per case, a minute apart, corrections first: they come from earlier statements.
    categorization::insert_labelled(&mut conn, user_id, account, Utc::now(), &labelled).await?;
    // The pipeline takes its own connection from the pool.
    drop(conn);

    let started = Instant::now();
    categorize_pending(db, models, user_id).await?;
    let elapsed = started.elapsed();

    let rows = categorization::automatic_results(&mut *db.acquire().await?, user_id).await?;
    let expected: HashMap<&str, &str> = cases
        .iter()
        .map(|c| (c.description.as_str(), c.slug.as_str()))
        .collect();
    let mut score = Score {
        elapsed,
        ..Score::default()
    };
    for (description, got, source) in rows {
        let want = expected[description.as_str()];
        let right = got.as_deref() == Some(want);
        let tally = score
            .by_source
            .entry(source.unwrap_or_else(|| "none".into()))
            .or_default();
        tally.0 += 1;
        let evidence = score
            .by_evidence
            .entry(evidence_of(&description))
            .or_default();
        evidence.0 += 1;
        score.scored += 1;
        if right {
            tally.1 += 1;
            evidence.1 += 1;
            score.right += 1;
        } else {
            let got = got.unwrap_or_else(|| "none".into());
            *score
                .confusions
                .entry((want.to_string(), got.clone()))
                .or_default() += 1;
            score
                .mistakes
                .push((description.clone(), want.to_string(), got));
        }
    }
    Ok(score)
}

/// "names a kind of business" when the lexicon finds a word in the text, else "brand only".
fn evidence_of(description: &str) -> &'static str {
    let merchant = normalize_merchant(description);
    if crate::keywords::hits(&merchant, description).is_empty() {
        "brand only"
    } else {
        "names a kind of business"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluation_set_parses_whole() {
        let cases = cases();
        assert_eq!(cases.len(), EVAL_CSV.lines().count() - 1);
        assert!(cases.len() >= 600);
        let quoted = cases
            .iter()
            .find(|c| c.description.starts_with("BEA, Betaalpas"))
            .expect("the Dutch lines with commas are there");
        assert!(quoted.amount < Decimal::ZERO);
        let slugs: std::collections::HashSet<&str> =
            cases.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs.len(), 50);
        assert!(
            cases
                .iter()
                .filter(|c| c.slug.starts_with("income."))
                .all(|c| c.amount > Decimal::ZERO)
        );
    }

    #[test]
    fn warm_corrections_take_five_per_category() {
        let cases = cases();
        let corrected = warm_corrections(&cases);
        assert_eq!(corrected.len(), 50 * WARM_CORRECTIONS);
    }
}
