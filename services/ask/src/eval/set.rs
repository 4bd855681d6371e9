//! The evaluation set's file (`services/ask/eval/questions.toml`, format in its README) and
//! the expected answers its SQL computes.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

/// One `[[question]]` of the set.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub id: String,
    pub lang: String,
    pub tool: String,
    pub text: String,
    #[serde(default)]
    pub after: String,
    pub expect: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub sql: String,
}

#[derive(Debug, Deserialize)]
struct SetFile {
    question: Vec<Question>,
}

#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("the set is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("question {id}: {why}")]
    Question { id: String, why: String },
}

/// Reads a set, checking what the runner relies on: unique ids, known kinds, and follow-ups
/// that follow a question asked before them.
pub fn parse(text: &str) -> Result<Vec<Question>, SetError> {
    let set: SetFile = toml::from_str(text)?;
    let mut seen = std::collections::HashSet::new();
    for q in &set.question {
        let bad = |why: &str| SetError::Question {
            id: q.id.clone(),
            why: why.to_string(),
        };
        if !matches!(
            q.expect.as_str(),
            "amount" | "count" | "percent" | "date" | "list" | "none"
        ) {
            return Err(bad(
                "expect is none of amount, count, percent, date, list, none",
            ));
        }
        if q.expect == "amount" && q.currency.is_empty() {
            return Err(bad("an amount needs its currency"));
        }
        if q.expect != "none" && q.sql.trim().is_empty() {
            return Err(bad("no sql for the expected answer"));
        }
        if !q.after.is_empty() && !seen.contains(q.after.as_str()) {
            return Err(bad("follows a question not asked before it"));
        }
        if !seen.insert(q.id.as_str()) {
            return Err(bad("the id is used twice"));
        }
    }
    Ok(set.question)
}

/// The questions asked before `index` in its conversation, oldest first.
pub fn chain(questions: &[Question], index: usize) -> Vec<&Question> {
    let mut chain = Vec::new();
    let mut after = questions[index].after.as_str();
    while !after.is_empty() {
        match questions.iter().find(|q| q.id == after) {
            Some(q) => {
                chain.push(q);
                after = q.after.as_str();
            }
            None => break,
        }
    }
    chain.reverse();
    chain
}

/// What a question's SQL says the answer is.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Amount {
        amount: Decimal,
        currency: String,
    },
    Count(i64),
    Percent(Decimal),
    /// `None`: there is no such date, and the answer must say so.
    Date(Option<NaiveDate>),
    List {
        items: Vec<String>,
        ordered: bool,
    },
    /// Out of scope: no figure at all.
    Nothing,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Amount { amount, currency } => write!(f, "{amount} {currency}"),
            Expected::Count(n) => write!(f, "{n}"),
            Expected::Percent(p) => write!(f, "{p} %"),
            Expected::Date(Some(d)) => write!(f, "{d}"),
            Expected::Date(None) => write!(f, "no date"),
            Expected::List { items, ordered } => {
                write!(f, "{}{:?}", if *ordered { "" } else { "set " }, items)
            }
            Expected::Nothing => write!(f, "no figure"),
        }
    }
}

/// Runs the question's SQL (`$1` the user, `$2` today) on `conn`.
pub async fn expected(
    conn: &mut PgConnection,
    q: &Question,
    user_id: Uuid,
    today: NaiveDate,
) -> Result<Expected, sqlx::Error> {
    if q.expect == "none" {
        return Ok(Expected::Nothing);
    }
    // The set's own SQL, run by whoever runs the evaluation on their own database.
    let row = sqlx::query(sqlx::AssertSqlSafe(q.sql.clone()))
        .bind(user_id)
        .bind(today)
        .fetch_one(&mut *conn)
        .await?;
    let null = || sqlx::Error::ColumnDecode {
        index: "0".into(),
        source: format!("question {}: NULL where a figure is expected", q.id).into(),
    };
    Ok(match q.expect.as_str() {
        "amount" => Expected::Amount {
            amount: row.try_get::<Option<Decimal>, _>(0)?.ok_or_else(null)?,
            currency: q.currency.clone(),
        },
        "percent" => Expected::Percent(row.try_get::<Option<Decimal>, _>(0)?.ok_or_else(null)?),
        "count" => Expected::Count(match row.try_get::<Option<i64>, _>(0) {
            Ok(n) => n.ok_or_else(null)?,
            Err(_) => i64::from(row.try_get::<Option<i32>, _>(0)?.ok_or_else(null)?),
        }),
        "date" => Expected::Date(row.try_get::<Option<NaiveDate>, _>(0)?),
        "list" => Expected::List {
            items: row
                .try_get::<Option<Vec<String>>, _>(0)?
                .unwrap_or_default(),
            ordered: q.ordered,
        },
        _ => Expected::Nothing,
    })
}
