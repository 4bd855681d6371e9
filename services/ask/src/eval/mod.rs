//! `kakeibo eval ask`: puts each question of an evaluation set to the offline engine (the
//! entry point `POST /api/v1/ask` uses, in process) and compares the answer's headline with
//! what the question's own SQL says. Follow-ups are asked in a conversation of their own,
//! after the questions they follow; every conversation the run opens is deleted after it.
//!
//! The set's SQL reads the ledger's tables directly, on purpose: it is the independent check
//! of the tools, so it must not go through them.
//!
//! [`Engine::Model`] asks through the chat model path instead (`kakeibo eval ask --llm`),
//! counting the answers that fell back to the offline wording or engine, and why.

// Rates and times are reports, not money.
#![allow(clippy::float_arithmetic)]

pub mod set;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use kakeibo_llm::ChatModel;
use uuid::Uuid;

use crate::answer::Progress;
use crate::answer::{self, Answer, AskError, Figure};
use crate::conversations;
use crate::tools::ToolContext;
use crate::with_model::{self, AnsweredBy, ModelOptions};
pub use set::{Expected, Question, SetError, parse};

/// One question, asked and judged.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub tool: String,
    pub lang: String,
    pub text: String,
    pub expected: Expected,
    pub got: Option<Figure>,
    pub sentence: String,
    pub right: bool,
    /// An out-of-scope question answered with a figure.
    pub invented: bool,
    pub elapsed: Duration,
    /// With a model: why its text was not the answer (`None`: it was, or no model).
    pub fallback: Option<with_model::Fallback>,
}

/// Which engine answers.
#[derive(Clone, Copy)]
pub enum Engine<'a> {
    Offline,
    /// The chat model path, as the API takes it when a model is configured.
    Model {
        model: &'a dyn ChatModel,
        options: ModelOptions,
    },
}

impl Engine<'_> {
    async fn ask(
        &self,
        ctx: &ToolContext,
        question: &str,
        conversation: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<(Answer, Option<with_model::Fallback>), AskError> {
        match self {
            Engine::Offline => Ok((
                answer::answer(ctx, question, conversation, now).await?,
                None,
            )),
            Engine::Model { model, options } => {
                let traced = with_model::answer_traced(
                    ctx,
                    *model,
                    *options,
                    question,
                    conversation,
                    now,
                    &Progress::none(),
                )
                .await?;
                let fallback = match traced.by {
                    AnsweredBy::Model => None,
                    AnsweredBy::OfflineWording(f) | AnsweredBy::OfflineEngine(f) => Some(f),
                };
                Ok((traced.answer, fallback))
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("question {id}: its SQL failed: {source}")]
    Sql { id: String, source: sqlx::Error },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Asks every question of `questions` as the user of `ctx` on `ctx.today`, offline.
pub async fn run(
    ctx: &ToolContext,
    questions: &[Question],
    now: DateTime<Utc>,
) -> Result<Report, EvalError> {
    run_with(ctx, questions, now, Engine::Offline).await
}

/// [`run`] with the engine given.
pub async fn run_with(
    ctx: &ToolContext,
    questions: &[Question],
    now: DateTime<Utc>,
    engine: Engine<'_>,
) -> Result<Report, EvalError> {
    // One connection for the expected answers, with JIT off: PostgreSQL otherwise spends
    // seconds compiling some of these small queries.
    let mut sql_conn = ctx.db.acquire().await?;
    sqlx::query("SET jit = off").execute(&mut *sql_conn).await?;
    let mut outcomes = Vec::with_capacity(questions.len());
    for (i, q) in questions.iter().enumerate() {
        let expected = set::expected(&mut sql_conn, q, ctx.user_id, ctx.today)
            .await
            .map_err(|source| EvalError::Sql {
                id: q.id.clone(),
                source,
            })?;
        let mut conversation = None;
        let mut failed = None;
        for earlier in set::chain(questions, i) {
            match engine.ask(ctx, &earlier.text, conversation, now).await {
                Ok((a, _)) => conversation = Some(a.conversation_id),
                Err(e) => failed = Some(e.to_string()),
            }
        }
        let started = Instant::now();
        let asked = engine.ask(ctx, &q.text, conversation, now).await;
        let elapsed = started.elapsed();
        let (got, sentence, fallback) = match (asked, failed) {
            (Ok((a, fallback)), None) => {
                conversation = Some(a.conversation_id);
                (a.headline, a.answer, fallback)
            }
            (Ok((a, fallback)), Some(e)) => {
                conversation = Some(a.conversation_id);
                (None, format!("error in an earlier turn: {e}"), fallback)
            }
            (Err(e), _) => (None, format!("error: {e}"), None),
        };
        if let Some(id) = conversation {
            let mut conn = ctx.db.acquire().await?;
            conversations::delete(&mut conn, ctx.user_id, id, now).await?;
        }
        let right = judge(&expected, got.as_ref(), &sentence);
        outcomes.push(Outcome {
            id: q.id.clone(),
            tool: q.tool.clone(),
            lang: q.lang.clone(),
            text: q.text.clone(),
            invented: expected == Expected::Nothing && !right,
            expected,
            got,
            sentence,
            right,
            elapsed,
            fallback,
        });
    }
    Ok(Report {
        outcomes,
        model: match engine {
            Engine::Offline => None,
            Engine::Model { model, .. } => Some(model.model_id().to_string()),
        },
    })
}

/// Whether the answer states the expected figure: amounts to the cent in the expected
/// currency, counts and dates exactly, percentages to 0.1, lists in order or as sets.
pub fn judge(expected: &Expected, got: Option<&Figure>, sentence: &str) -> bool {
    match (expected, got) {
        // Out of scope: no headline, and no digit in the sentence either.
        (Expected::Nothing, None) => !sentence.chars().any(|c| c.is_ascii_digit()),
        (Expected::Nothing, Some(_)) => false,
        (Expected::Amount { amount, currency }, Some(Figure::Amount { amounts })) => {
            let stated = amounts
                .iter()
                .find(|m| m.currency.eq_ignore_ascii_case(currency))
                .map(|m| m.amount);
            // "Nothing" states zero in every currency.
            let stated = match stated {
                Some(a) => Some(a),
                None if amounts.is_empty() => Some(Decimal::ZERO),
                None => None,
            };
            stated.is_some_and(|a| a.round_dp(2) == amount.round_dp(2))
        }
        (Expected::Count(n), Some(Figure::Count { count })) => n == count,
        (Expected::Percent(p), Some(Figure::Percent { percent })) => {
            (*p - *percent).abs() <= Decimal::new(1, 1)
        }
        (Expected::Date(d), Some(Figure::Date { date })) => d == date,
        (Expected::List { items, ordered }, Some(Figure::List { items: got })) => {
            let norm = |v: &[String]| -> Vec<String> {
                v.iter().map(|s| s.trim().to_lowercase()).collect()
            };
            let (mut want, mut have) = (norm(items), norm(got));
            if !ordered {
                want.sort();
                have.sort();
            }
            want == have
        }
        _ => false,
    }
}

/// Every outcome of a run, with the figures `Display` prints.
#[derive(Debug, Clone)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    /// The chat model asked, when the run went through one.
    pub model: Option<String>,
}

/// Right answers and questions asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub asked: usize,
}

impl Score {
    pub fn percent(&self) -> f64 {
        if self.asked == 0 {
            0.0
        } else {
            100.0 * self.right as f64 / self.asked as f64
        }
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:5.1} % ({}/{})",
            self.percent(),
            self.right,
            self.asked
        )
    }
}

impl Report {
    pub fn score(&self) -> Score {
        self.score_of(|_| true)
    }

    fn score_of(&self, keep: impl Fn(&Outcome) -> bool) -> Score {
        let kept = self.outcomes.iter().filter(|o| keep(o));
        let (right, asked) = kept.fold((0, 0), |(r, a), o| (r + usize::from(o.right), a + 1));
        Score { right, asked }
    }

    /// Per value of `key` (the tool, the language), in its order.
    pub fn by(&self, key: impl Fn(&Outcome) -> &str) -> BTreeMap<String, Score> {
        let mut scores: BTreeMap<String, Score> = BTreeMap::new();
        for o in &self.outcomes {
            let s = scores.entry(key(o).to_string()).or_default();
            s.asked += 1;
            s.right += usize::from(o.right);
        }
        scores
    }

    /// Out-of-scope questions answered with a figure.
    pub fn invented(&self) -> usize {
        self.outcomes.iter().filter(|o| o.invented).count()
    }

    pub fn out_of_scope(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.expected == Expected::Nothing)
            .count()
    }

    /// The answer time `p` (0 to 1) of the questions are within, nearest rank.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut times: Vec<Duration> = self.outcomes.iter().map(|o| o.elapsed).collect();
        if times.is_empty() {
            return Duration::ZERO;
        }
        times.sort();
        let rank = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
        times[rank - 1]
    }

    /// Answers whose model text was not used, by reason, most frequent first.
    pub fn fallbacks(&self) -> Vec<(&'static str, usize)> {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for o in &self.outcomes {
            if let Some(f) = &o.fallback {
                *counts.entry(f.label()).or_default() += 1;
            }
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }

    pub fn misses(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.right)
    }
}

fn figure_text(f: Option<&Figure>) -> String {
    match f {
        None => "no figure".to_string(),
        Some(Figure::Amount { amounts }) if amounts.is_empty() => "nothing (0)".to_string(),
        Some(Figure::Amount { amounts }) => amounts
            .iter()
            .map(|m| format!("{} {}", m.amount, m.currency))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Figure::Count { count }) => count.to_string(),
        Some(Figure::Percent { percent }) => format!("{percent} %"),
        Some(Figure::Date { date: Some(d) }) => d.to_string(),
        Some(Figure::Date { date: None }) => "no date".to_string(),
        Some(Figure::List { items }) => format!("{items:?}"),
    }
}

impl Outcome {
    /// `fallback  id  reason  detail`, tab-separated, for an answer the model's text did not
    /// give; `None` otherwise.
    pub fn fallback_line(&self) -> Option<String> {
        let fallback = self.fallback.as_ref()?;
        let detail = match fallback {
            with_model::Fallback::UnsupportedFigures(figures) => figures.join(", "),
            with_model::Fallback::ModelError(e) => e.replace(['\t', '\n'], " "),
            _ => String::new(),
        };
        Some(format!(
            "fallback\t{}\t{}\t{detail}",
            self.id,
            fallback.label()
        ))
    }

    /// `id  question  expected  got  sentence`, tab-separated, for `--misses`.
    pub fn miss_line(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        format!(
            "miss\t{}\t{}\texpected {}\tgot {}\t{}",
            self.id,
            clean(&self.text),
            self.expected,
            figure_text(self.got.as_ref()),
            clean(&self.sentence)
        )
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(model) = &self.model {
            writeln!(f, "engine: the chat model {model}")?;
        }
        writeln!(f, "exact answers: {}", self.score())?;
        writeln!(f, "per tool:")?;
        for (tool, s) in self.by(|o| &o.tool) {
            writeln!(f, "  {tool:<13}{s}")?;
        }
        writeln!(f, "per language:")?;
        for (lang, s) in self.by(|o| &o.lang) {
            writeln!(f, "  {lang:<13}{s}")?;
        }
        writeln!(
            f,
            "invented figures on out-of-scope questions: {} of {}",
            self.invented(),
            self.out_of_scope()
        )?;
        writeln!(
            f,
            "answer time: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            self.percentile(0.5).as_secs_f64() * 1000.0,
            self.percentile(0.95).as_secs_f64() * 1000.0,
            self.percentile(1.0).as_secs_f64() * 1000.0
        )?;
        if self.model.is_some() {
            let fallbacks = self.fallbacks();
            let fell_back: usize = fallbacks.iter().map(|(_, n)| n).sum();
            let reasons: Vec<String> = fallbacks
                .iter()
                .map(|(why, n)| format!("{why} {n}"))
                .collect();
            writeln!(
                f,
                "answered by the model: {} of {}; fell back: {fell_back}{}",
                self.outcomes.len() - fell_back,
                self.outcomes.len(),
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", reasons.join(", "))
                }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::Money;
    use rust_decimal_macros::dec;

    fn amounts(list: &[(Decimal, &str)]) -> Figure {
        Figure::Amount {
            amounts: list.iter().map(|(a, c)| Money::new(*a, *c)).collect(),
        }
    }

    #[test]
    fn amounts_match_to_the_cent_in_the_expected_currency() {
        let eur = Expected::Amount {
            amount: dec!(12.30),
            currency: "EUR".into(),
        };
        let both = amounts(&[(dec!(12.3000), "EUR"), (dec!(5), "USD")]);
        assert!(judge(&eur, Some(&both), "12.30 EUR and 5.00 USD"));
        assert!(!judge(&eur, Some(&amounts(&[(dec!(12.31), "EUR")])), ""));
        assert!(!judge(&eur, Some(&amounts(&[(dec!(12.30), "USD")])), ""));
        // "Nothing" is zero in every currency, but only when it states no other figure.
        let zero = Expected::Amount {
            amount: dec!(0),
            currency: "EUR".into(),
        };
        assert!(judge(&zero, Some(&amounts(&[])), "nothing"));
        assert!(!judge(&zero, Some(&amounts(&[(dec!(3), "USD")])), ""));
        assert!(!judge(&eur, Some(&Figure::Count { count: 12 }), ""));
        assert!(!judge(&eur, None, ""));
    }

    #[test]
    fn percentages_within_a_tenth_lists_in_order_or_as_sets_dates_exactly() {
        let p = Expected::Percent(dec!(42.5));
        assert!(judge(
            &p,
            Some(&Figure::Percent {
                percent: dec!(42.46)
            }),
            ""
        ));
        assert!(!judge(
            &p,
            Some(&Figure::Percent {
                percent: dec!(42.7)
            }),
            ""
        ));
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = Figure::List {
            items: list(&["Lidl", "rewe"]),
        };
        let ranked = Expected::List {
            items: list(&["Rewe", "Lidl"]),
            ordered: true,
        };
        assert!(!judge(&ranked, Some(&got), ""));
        let set = Expected::List {
            items: list(&["Rewe", "Lidl"]),
            ordered: false,
        };
        assert!(judge(&set, Some(&got), ""));
        let none_reached = Expected::Date(None);
        assert!(judge(&none_reached, Some(&Figure::Date { date: None }), ""));
        let d = "2027-01-01".parse().ok();
        assert!(!judge(&none_reached, Some(&Figure::Date { date: d }), ""));
        assert!(judge(
            &Expected::Count(3),
            Some(&Figure::Count { count: 3 }),
            ""
        ));
    }

    #[test]
    fn out_of_scope_answers_state_no_figure() {
        assert!(judge(
            &Expected::Nothing,
            None,
            "I only answer questions about your money."
        ));
        assert!(!judge(&Expected::Nothing, None, "It will be 21 degrees."));
        assert!(!judge(
            &Expected::Nothing,
            Some(&Figure::Count { count: 0 }),
            "I found nothing."
        ));
    }

    #[test]
    fn follow_ups_are_asked_after_their_chain() {
        let set = parse(
            r#"
[[question]]
id = "a"
lang = "en"
tool = "spending"
text = "groceries last month"
expect = "amount"
currency = "EUR"
sql = "SELECT 1"
[[question]]
id = "b"
lang = "en"
tool = "spending"
text = "and the month before?"
after = "a"
expect = "amount"
currency = "EUR"
sql = "SELECT 1"
[[question]]
id = "c"
lang = "en"
tool = "spending"
text = "what about restaurants"
after = "b"
expect = "amount"
currency = "EUR"
sql = "SELECT 1"
"#,
        )
        .unwrap();
        let ids: Vec<&str> = set::chain(&set, 2).iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(set::chain(&set, 0).is_empty());
        let broken = parse(
            "[[question]]\nid = \"x\"\nlang = \"en\"\ntool = \"none\"\ntext = \"?\"\nafter = \"y\"\nexpect = \"none\"\n",
        );
        assert!(broken.is_err());
    }
}
