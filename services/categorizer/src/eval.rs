//! `kakeibo eval categorizer`: the whole offline pipeline on the evaluation set
//! (eval/eval_set.csv) and the generic lines (eval/generic_lines.csv), for throwaway users:
//! - cold, with the whole chains dictionary (the headline: what a new user gets);
//! - warm: after 5 corrections per category (those rows are not scored);
//! - cold, with the dictionary minus every chain the set names: what the pipeline infers
//!   about merchants it was never told of.
//!
//! Each run reports precision (right among the rows it categorized), coverage (rows
//! categorized), and top-1 (its best guess right, written or not). The kNN step's
//! calibration is shown as a reliability table; `--fit` refits it on these runs' decisions
//! and writes data/calibration.tsv, and every run reports the figures a 2-fold split gives
//! (fitted on one half, measured on the other).
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
use crate::calibration::{Calibration, Reliability};
use crate::classify::Features;
use crate::examples::load_builtin;
use crate::normalize::normalize_merchant;
use crate::pipeline::{Models, PipelineError, categorize_pending};

const EVAL_CSV: &str = include_str!("../eval/eval_set.csv");
const GENERIC_CSV: &str = include_str!("../eval/generic_lines.csv");
/// Corrections per category before the warm run.
pub const WARM_CORRECTIONS: usize = 5;

/// One labelled row: what the bank printed, the signed amount, the expected default slug
/// (empty for a generic line, which must be left uncategorized).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub description: String,
    pub amount: Decimal,
    pub slug: String,
}

/// The generic lines: `description,amount`.
pub fn generic_cases() -> Vec<Case> {
    GENERIC_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (description, amount) = line.rsplit_once(',')?;
            Some(Case {
                description: crate::examples::unquote(description),
                amount: Decimal::from_str(amount).ok()?,
                slug: String::new(),
            })
        })
        .collect()
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

/// What became of one scored row.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub description: String,
    /// Empty for a generic line.
    pub expected: String,
    /// The category written, and by which step.
    pub written: Option<(String, String)>,
    /// The kNN step's decision, written or not: (slug, features).
    pub decision: Option<(String, Features)>,
}

/// One run's outcomes, and the figures they give under a calibration and threshold.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub outcomes: Vec<Outcome>,
    pub elapsed: Duration,
}

/// Precision, coverage and top-1 over the labelled rows; generic lines left alone.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub scored: usize,
    pub categorized: usize,
    pub right: usize,
    /// The best guess (written or not) right.
    pub top1: usize,
    pub generic: usize,
    pub generic_left: usize,
    /// source → (rows, right).
    pub by_source: BTreeMap<String, (usize, usize)>,
    /// "names a kind of business" / "brand only" → (rows, categorized, right).
    pub by_evidence: BTreeMap<&'static str, (usize, usize, usize)>,
    /// (expected, got) → count, among written mistakes.
    pub confusions: HashMap<(String, String), usize>,
    /// (description, expected, best guess) of every row whose best guess was wrong.
    pub misses: Vec<(String, String, String)>,
}

impl Figures {
    pub fn precision(&self) -> f64 {
        percent(self.right, self.categorized)
    }
    pub fn coverage(&self) -> f64 {
        percent(self.categorized, self.scored)
    }
    pub fn generic_left(&self) -> f64 {
        percent(self.generic_left, self.generic)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

impl Run {
    /// The kNN decisions as (features, right), for fitting and reliability.
    pub fn samples(&self) -> Vec<(Features, bool)> {
        self.outcomes
            .iter()
            .filter(|o| !o.expected.is_empty())
            .filter_map(|o| {
                let (slug, features) = o.decision.as_ref()?;
                Some((*features, *slug == o.expected))
            })
            .collect()
    }

    /// The figures had the kNN step used `calibration` and `threshold`: the other steps'
    /// results are as written, the kNN step's are re-decided from its stored features.
    pub fn figures(&self, calibration: &Calibration, threshold: f32) -> Figures {
        let mut f = Figures::default();
        for o in &self.outcomes {
            let knn = o
                .decision
                .as_ref()
                .filter(|_| o.written.as_ref().is_none_or(|(_, source)| source == "knn"));
            let got: Option<(&str, &str)> = match knn {
                Some((slug, features)) => (calibration.probability(features) >= threshold)
                    .then_some((slug.as_str(), "knn")),
                None => o
                    .written
                    .as_ref()
                    .map(|(s, src)| (s.as_str(), src.as_str())),
            };
            if o.expected.is_empty() {
                f.generic += 1;
                f.generic_left += usize::from(got.is_none());
                if let Some((slug, _)) = got {
                    f.misses
                        .push((o.description.clone(), "(none)".into(), slug.to_string()));
                }
                continue;
            }
            f.scored += 1;
            let best = got
                .map(|g| g.0)
                .or(o.decision.as_ref().map(|d| d.0.as_str()));
            f.top1 += usize::from(best == Some(o.expected.as_str()));
            if best != Some(o.expected.as_str()) {
                let guess = best.unwrap_or("none").to_string();
                f.misses
                    .push((o.description.clone(), o.expected.clone(), guess));
            }
            let evidence = f
                .by_evidence
                .entry(evidence_of(&o.description))
                .or_default();
            evidence.0 += 1;
            let source = got.map_or("none", |g| g.1).to_string();
            let tally = f.by_source.entry(source).or_default();
            tally.0 += 1;
            if let Some((slug, _)) = got {
                f.categorized += 1;
                evidence.1 += 1;
                if slug == o.expected {
                    f.right += 1;
                    tally.1 += 1;
                    evidence.2 += 1;
                } else {
                    *f.confusions
                        .entry((o.expected.clone(), slug.to_string()))
                        .or_default() += 1;
                }
            }
        }
        f
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  precision {:.1} % ({}/{}), coverage {:.1} % ({}/{}), top-1 {:.1} %",
            self.precision(),
            self.right,
            self.categorized,
            self.coverage(),
            self.categorized,
            self.scored,
            percent(self.top1, self.scored)
        )?;
        if self.generic > 0 {
            writeln!(
                f,
                "  generic lines left uncategorized {:.1} % ({}/{})",
                self.generic_left(),
                self.generic_left,
                self.generic
            )?;
        }
        for (source, (rows, right)) in &self.by_source {
            writeln!(f, "    {source:<8} {rows:>4} rows, {right:>4} right")?;
        }
        for (evidence, (rows, categorized, right)) in &self.by_evidence {
            writeln!(
                f,
                "    {evidence:<24} {rows:>4} rows: coverage {:.1} %, precision {:.1} %",
                percent(*categorized, *rows),
                percent(*right, *categorized)
            )?;
        }
        let mut worst: Vec<_> = self.confusions.iter().collect();
        worst.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for ((expected, got), n) in worst.into_iter().take(6) {
            writeln!(f, "    {n:>3} × {expected} taken for {got}")?;
        }
        Ok(())
    }
}

pub struct Evaluation {
    pub cold: Run,
    pub warm: Run,
    /// Cold, without any chain the evaluation set names.
    pub unknown_chains: Run,
    pub calibration: Calibration,
    pub threshold: f32,
}

impl Evaluation {
    fn runs(&self) -> [(&'static str, &Run); 3] {
        [
            ("cold start, whole chains dictionary (headline)", &self.cold),
            (
                "warm (after 5 corrections per category; those rows not scored)",
                &self.warm,
            ),
            (
                "cold start, no chain of the set in the dictionary (generalization)",
                &self.unknown_chains,
            ),
        ]
    }

    /// Every run's kNN decisions: what `--fit` fits on.
    pub fn samples(&self) -> Vec<(Features, bool)> {
        self.runs().iter().flat_map(|(_, r)| r.samples()).collect()
    }

    /// Fitted on the even decisions of every run and measured on the odd ones, and the
    /// other way round: the figures a calibration gives on rows it never saw.
    fn cross_validated(&self, run: &Run) -> Figures {
        let fitted_on = |keep: usize| {
            let samples: Vec<(Features, bool)> = self
                .runs()
                .iter()
                .flat_map(|(_, r)| halves_of(r, keep).samples())
                .collect();
            Calibration::fit(&samples)
        };
        let (even, odd) = (halves_of(run, 0), halves_of(run, 1));
        let a = odd.figures(&fitted_on(0), self.threshold);
        let b = even.figures(&fitted_on(1), self.threshold);
        Figures {
            scored: a.scored + b.scored,
            categorized: a.categorized + b.categorized,
            right: a.right + b.right,
            top1: a.top1 + b.top1,
            generic: a.generic + b.generic,
            generic_left: a.generic_left + b.generic_left,
            ..Figures::default()
        }
    }
}

/// Every other outcome, from the first (`keep` 0) or the second (1).
fn halves_of(run: &Run, keep: usize) -> Run {
    Run {
        outcomes: run
            .outcomes
            .iter()
            .enumerate()
            .filter(|(n, _)| n % 2 == keep)
            .map(|(_, o)| o.clone())
            .collect(),
        elapsed: run.elapsed,
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "evaluation set: {} labelled descriptions in 50 categories, {} generic lines; threshold {:.2}",
            self.cold
                .outcomes
                .iter()
                .filter(|o| !o.expected.is_empty())
                .count(),
            self.cold
                .outcomes
                .iter()
                .filter(|o| o.expected.is_empty())
                .count(),
            self.threshold
        )?;
        for (name, run) in self.runs() {
            writeln!(f, "{name}, in {:.2} s:", run.elapsed.as_secs_f64())?;
            write!(f, "{}", run.figures(&self.calibration, self.threshold))?;
            let cv = self.cross_validated(run);
            writeln!(
                f,
                "  2-fold (calibration fitted on the other half): precision {:.1} %, coverage {:.1} %",
                cv.precision(),
                cv.coverage()
            )?;
        }
        writeln!(f, "kNN step calibration, all runs' decisions:")?;
        let predictions = self
            .samples()
            .into_iter()
            .map(|(features, right)| (self.calibration.probability(&features), right));
        writeln!(f, "{}", Reliability::of(predictions))?;
        writeln!(f, "{}", crate::merchant_names::evaluate())?;
        writeln!(f, "cold start, by threshold (precision / coverage):")?;
        for threshold in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95] {
            let cold = self.cold.figures(&self.calibration, threshold);
            writeln!(
                f,
                "    {threshold:.2}: {:.1} % / {:.1} %",
                cold.precision(),
                cold.coverage()
            )?;
        }
        Ok(())
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
pub async fn run(
    db: &PgPool,
    embedder: &dyn Embedder,
    calibration: &Calibration,
    threshold: f32,
) -> Result<Evaluation, EvalError> {
    load_builtin(db, embedder).await?;
    let mut cases = cases();
    let texts: Vec<String> = cases
        .iter()
        .map(|c| normalize_merchant(&c.description))
        .collect();
    let unknown_chains = Brands::builtin().without(texts.iter().map(String::as_str));
    let corrected = warm_corrections(&cases);
    cases.extend(generic_cases());
    let runs = [
        (Brands::builtin(), &[][..]),
        (Brands::builtin(), &corrected[..]),
        (&unknown_chains, &[][..]),
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
            calibration,
            threshold,
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
        unknown_chains: next()?,
        calibration: calibration.clone(),
        threshold,
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
/// pipeline and records what became of the rows it had to categorize.
async fn score(
    db: &PgPool,
    models: Models<'_>,
    user_id: Uuid,
    cases: &[Case],
    corrected: &[usize],
) -> Result<Run, EvalError> {
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
    let slugs: HashMap<Uuid, String> =
        kakeibo_transactions::categories::with_default_slug(&mut conn, user_id)
            .await?
            .into_iter()
            .map(|(slug, id, _)| (id, slug))
            .collect();
    // The pipeline takes its own connection from the pool.
    drop(conn);

    let started = Instant::now();
    let report = categorize_pending(db, models, user_id).await?;
    let elapsed = started.elapsed();
    let decisions: HashMap<Uuid, (String, Features)> = report
        .decisions
        .into_iter()
        .filter_map(|d| {
            Some((
                d.transaction_id,
                (slugs.get(&d.category_id)?.clone(), d.features),
            ))
        })
        .collect();

    let rows = categorization::automatic_results(&mut *db.acquire().await?, user_id).await?;
    let expected: HashMap<&str, &str> = cases
        .iter()
        .map(|c| (c.description.as_str(), c.slug.as_str()))
        .collect();
    let outcomes = rows
        .into_iter()
        .map(|(id, description, got, source)| Outcome {
            expected: expected[description.as_str()].to_string(),
            written: got.zip(source),
            decision: decisions.get(&id).cloned(),
            description,
        })
        .collect();
    Ok(Run { outcomes, elapsed })
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
