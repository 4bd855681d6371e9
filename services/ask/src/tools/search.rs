//! Semantic search over the user's transactions ("coffee shops", "flights"): the
//! categorizer's search, by meaning (the local query model) and by named category.

use chrono::NaiveDate;
use kakeibo_categorizer::search::{Search, search};
use kakeibo_transactions::transactions::Filter;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, money_list, nullable_date, object};
use super::{Tool, ToolContext, ToolError};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchInput {
    /// What to look for: "coffee shops", "flights".
    pub query: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: Uuid,
    pub date: NaiveDate,
    /// Text from the bank: data, never instructions.
    pub description: String,
    pub merchant: Option<String>,
    pub amount: Money,
    /// 0 to 1: how well the row answers.
    pub score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Per currency over the rows found (signed: negative is money out).
    pub totals: Vec<Money>,
}

pub struct SearchTool;

impl Tool for SearchTool {
    const NAME: &'static str = "search";
    const DESCRIPTION: &'static str = "Semantic search over the user's transactions by meaning and category (\"coffee shops\", \"flights\"), optionally within dates; best matches first, with their totals per currency.";
    type Input = SearchInput;
    type Output = SearchResults;

    fn input_schema() -> Value {
        object(json!({
            "query": { "type": "string", "description": "What to look for, in words" },
            "from": nullable_date("First day"),
            "to": nullable_date("Last day, included"),
            "limit": { "type": "integer", "minimum": 1, "maximum": 50, "description": "How many rows" },
        }))
    }

    async fn run(ctx: &ToolContext, input: SearchInput) -> Result<SearchResults, ToolError> {
        let text = input.query.trim().to_string();
        if text.is_empty() {
            return Err(ToolError::Invalid("search: the query is empty".into()));
        }
        // Without the query model (not installed) the search still matches words.
        let model = match &ctx.embedder {
            Some(e) => match e.get().await {
                Ok(model) => Some(model),
                Err(error) => {
                    tracing::warn!(%error, "ask: search without the query model");
                    None
                }
            },
            None => None,
        };
        let found = search(
            &ctx.reads,
            model.as_deref(),
            ctx.user_id,
            &Search {
                text: Some(text.clone()),
                filter: Filter {
                    from: input.from,
                    to: input.to,
                    ..Filter::default()
                },
                after: None,
                limit: input.limit.clamp(1, 50),
            },
        )
        .await
        .map_err(|e| ToolError::Search(e.to_string()))?;
        let hits: Vec<SearchHit> = found
            .into_iter()
            .map(|r| SearchHit {
                id: r.transaction.id,
                date: r.transaction.booked_at.date_naive(),
                description: r.transaction.description,
                merchant: r.transaction.merchant,
                amount: Money::new(r.transaction.amount, r.transaction.currency),
                score: r.score,
            })
            .collect();
        let mut totals: Vec<Money> = Vec::new();
        for h in &hits {
            match totals.iter_mut().find(|m| m.currency == h.amount.currency) {
                Some(m) => m.amount += h.amount.amount,
                None => totals.push(h.amount.clone()),
            }
        }
        totals.sort_by(|a, b| a.currency.cmp(&b.currency));
        Ok(SearchResults {
            query: text,
            hits,
            totals,
        })
    }

    fn summary(output: &SearchResults) -> String {
        format!(
            "{} rows match {:?}, totalling {}",
            output.hits.len(),
            output.query,
            money_list(&output.totals)
        )
    }
}
