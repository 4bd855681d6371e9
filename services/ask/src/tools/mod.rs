//! The typed read tools: one plain async function per question kind, each scoped to the
//! asking user, each returning figures computed by the owning crates' SQL. The offline
//! planner, the LLM path and MCP all call them through [`call`], by name with JSON
//! arguments checked against the tool's schema (OpenAI strict style: every property
//! required, `additionalProperties: false`, "no value" as `null`).

mod balances;
mod budgets;
mod cash_flow;
mod common;
mod patterns;
mod recurring;
mod search;
mod spending;
mod transactions;

use std::future::Future;

use chrono::NaiveDate;
use kakeibo_categorizer::QueryEmbedder;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

pub use balances::{AccountBalance, Balances, BalancesInput, NetWorth, NetWorthInput};
pub use budgets::{BudgetStatus, Budgets, BudgetsInput, GoalStatus, Goals, GoalsInput};
pub use cash_flow::{CashFlow, CashFlowInput, CashFlowPeriod};
pub use common::{Money, Period, RoundHalfUp};
pub use patterns::{Anomalies, AnomaliesInput, Forecast, ForecastInput, Insights, InsightsInput};
pub use recurring::{Recurring, RecurringInput, RecurringPayment};
pub use search::{SearchHit, SearchInput, SearchResults};
pub use spending::{
    Compare, Comparison, FlowKind, Grouping, SpendingGroup, SpendingInput, SpendingReport,
};
pub use transactions::{Direction, Sort, TransactionRow, Transactions, TransactionsInput};
// The tools themselves, for callers that run one with typed input (the Telegram bot).
pub use balances::BalancesTool;
pub use budgets::{BudgetsTool, GoalsTool};
pub use recurring::RecurringTool;
pub use spending::SpendingTool;
pub use transactions::TransactionsTool;

/// Who asks, and what the tools read with.
#[derive(Clone)]
pub struct ToolContext {
    /// The primary: conversations and anything else the engine writes.
    pub db: PgPool,
    /// Where the read tools run: a streaming replica when one is set and has this user's
    /// last write (`kakeibo_core::state::App::reads_for`), else the primary.
    pub reads: PgPool,
    pub user_id: Uuid,
    /// The user's today (their time zone); tests pass a fixed day.
    pub today: NaiveDate,
    /// The query model semantic search embeds with; without it search matches words only.
    pub embedder: Option<QueryEmbedder>,
    /// Days a conversation is kept after its last question
    /// (`retention.ask_conversations_days`; 0 keeps it forever).
    pub conversation_days: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("unknown tool {0:?}")]
    UnknownTool(String),
    /// The arguments break the schema, or name something the user does not have.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("semantic search: {0}")]
    Search(String),
}

/// A tool as the registry lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ToolSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// JSON Schema of the arguments.
    pub input_schema: Value,
}

/// One tool: its name, what it answers, its arguments' schema, and the call.
pub trait Tool {
    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    type Input: DeserializeOwned + Serialize;
    type Output: Serialize;
    fn input_schema() -> Value;
    fn run(
        ctx: &ToolContext,
        input: Self::Input,
    ) -> impl Future<Output = Result<Self::Output, ToolError>> + Send;
    /// A line for "how I got this": what was found, in figures, with currencies.
    fn summary(output: &Self::Output) -> String;
}

fn spec<T: Tool>() -> ToolSpec {
    ToolSpec {
        name: T::NAME,
        description: T::DESCRIPTION,
        input_schema: T::input_schema(),
    }
}

/// Every read tool, for the planner, the LLM's tool list and MCP's `tools/list`.
pub fn registry() -> Vec<ToolSpec> {
    vec![
        spec::<spending::SpendingTool>(),
        spec::<transactions::TransactionsTool>(),
        spec::<balances::BalancesTool>(),
        spec::<balances::NetWorthTool>(),
        spec::<cash_flow::CashFlowTool>(),
        spec::<budgets::BudgetsTool>(),
        spec::<budgets::GoalsTool>(),
        spec::<recurring::RecurringTool>(),
        spec::<patterns::AnomaliesTool>(),
        spec::<patterns::InsightsTool>(),
        spec::<patterns::ForecastTool>(),
        spec::<search::SearchTool>(),
    ]
}

/// What a call answered: the output as JSON and its one-line summary.
#[derive(Debug, Clone, Serialize)]
pub struct ToolResult {
    pub output: Value,
    pub summary: String,
}

/// Calls the tool `name` with JSON arguments, checked against its schema first.
pub async fn call(
    ctx: &ToolContext,
    name: &str,
    arguments: Value,
) -> Result<ToolResult, ToolError> {
    match name {
        spending::SpendingTool::NAME => invoke::<spending::SpendingTool>(ctx, arguments).await,
        transactions::TransactionsTool::NAME => {
            invoke::<transactions::TransactionsTool>(ctx, arguments).await
        }
        balances::BalancesTool::NAME => invoke::<balances::BalancesTool>(ctx, arguments).await,
        balances::NetWorthTool::NAME => invoke::<balances::NetWorthTool>(ctx, arguments).await,
        cash_flow::CashFlowTool::NAME => invoke::<cash_flow::CashFlowTool>(ctx, arguments).await,
        budgets::BudgetsTool::NAME => invoke::<budgets::BudgetsTool>(ctx, arguments).await,
        budgets::GoalsTool::NAME => invoke::<budgets::GoalsTool>(ctx, arguments).await,
        recurring::RecurringTool::NAME => invoke::<recurring::RecurringTool>(ctx, arguments).await,
        patterns::AnomaliesTool::NAME => invoke::<patterns::AnomaliesTool>(ctx, arguments).await,
        patterns::InsightsTool::NAME => invoke::<patterns::InsightsTool>(ctx, arguments).await,
        patterns::ForecastTool::NAME => invoke::<patterns::ForecastTool>(ctx, arguments).await,
        search::SearchTool::NAME => invoke::<search::SearchTool>(ctx, arguments).await,
        other => Err(ToolError::UnknownTool(other.to_string())),
    }
}

/// Calls a tool with typed input (the planner's way in); the JSON path ends here too.
pub async fn run<T: Tool>(
    ctx: &ToolContext,
    input: T::Input,
) -> Result<(T::Output, String), ToolError> {
    let output = T::run(ctx, input).await?;
    let summary = T::summary(&output);
    Ok((output, summary))
}

async fn invoke<T: Tool>(ctx: &ToolContext, arguments: Value) -> Result<ToolResult, ToolError> {
    kakeibo_llm::schema::validate(&T::input_schema(), &arguments).map_err(ToolError::Invalid)?;
    let input: T::Input = serde_json::from_value(arguments)
        .map_err(|e| ToolError::Invalid(format!("{}: {e}", T::NAME)))?;
    let (output, summary) = run::<T>(ctx, input).await?;
    let output = serde_json::to_value(&output)
        .map_err(|e| ToolError::Invalid(format!("{}: unserializable output: {e}", T::NAME)))?;
    Ok(ToolResult { output, summary })
}
