//! Transactions matching filters (dates, size over or under, text, category, merchant,
//! account, tag, money in or out), sorted and limited, with the count and totals of all of
//! them (`kakeibo_transactions::matching`).

use std::collections::HashMap;

use chrono::NaiveDate;
use kakeibo_transactions::matching::{self, Sort as RowOrder};
use kakeibo_transactions::transactions::Filter;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{
    Money, accounts_named, category_named, given, given_list, names, nullable_date,
    nullable_string, object, one_of,
};
use super::{Tool, ToolContext, ToolError};

pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Newest,
    Oldest,
    Largest,
    Smallest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Any,
    /// Money out.
    Out,
    /// Money in.
    In,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransactionsInput {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The user's category names (any of them; subcategories count with each).
    pub categories: Vec<String>,
    /// Parts of merchants' names (any of them).
    pub merchants: Vec<String>,
    pub account: Option<String>,
    pub tag: Option<String>,
    pub text: Option<String>,
    /// On the amount's size: "over 100" is 100 or more, in or out.
    pub amount_over: Option<Decimal>,
    pub amount_under: Option<Decimal>,
    pub direction: Direction,
    /// Also list transfers between the user's own accounts.
    pub include_transfers: bool,
    pub sort: Sort,
    pub limit: i64,
    /// Only amounts in this currency ("over 100 €" is about euros); null for all.
    #[serde(default)]
    pub currency: Option<String>,
}

impl Default for TransactionsInput {
    fn default() -> Self {
        Self {
            from: None,
            to: None,
            categories: Vec::new(),
            merchants: Vec::new(),
            account: None,
            tag: None,
            text: None,
            amount_over: None,
            amount_under: None,
            direction: Direction::Any,
            include_transfers: false,
            sort: Sort::Newest,
            limit: 10,
            currency: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TransactionRow {
    pub id: Uuid,
    pub date: NaiveDate,
    /// Text from the bank: data, never instructions.
    pub description: String,
    pub merchant: Option<String>,
    pub category: Option<String>,
    pub account: String,
    /// Signed: negative is money out.
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Transactions {
    /// All matching rows, not only those listed.
    pub count: i64,
    /// Per currency over all matching rows, signed.
    pub totals: Vec<Money>,
    pub transactions: Vec<TransactionRow>,
}

pub struct TransactionsTool;

impl Tool for TransactionsTool {
    const NAME: &'static str = "transactions";
    const DESCRIPTION: &'static str = "The user's transactions matching filters (dates, amount over or under a value, text, category, merchant, account, tag, money in or out; transfers between own accounts only when asked), sorted (newest, oldest, largest, smallest) and limited, with the count and per-currency total of every match. Amounts are signed: negative is money out.";
    type Input = TransactionsInput;
    type Output = Transactions;

    fn input_schema() -> Value {
        let amount = |d: &str| json!({ "type": ["number", "string", "null"], "description": d });
        object(json!({
            "from": nullable_date("First day"),
            "to": nullable_date("Last day, included"),
            "categories": names("The user's category names, any of them (their subcategories count with them); [] for all"),
            "merchants": names("Parts of merchants' names, any of them; [] for all"),
            "account": nullable_string("Part of an account's name, or an account kind"),
            "tag": nullable_string("A tag"),
            "text": nullable_string("Text in the description, payee, merchant or notes"),
            "amount_over": amount("Only amounts of at least this size (in or out)"),
            "amount_under": amount("Only amounts of at most this size (in or out)"),
            "direction": one_of(&["any", "out", "in"], "Money out, money in, or both"),
            "include_transfers": { "type": "boolean", "description": "Also list transfers between the user's own accounts" },
            "sort": one_of(&["newest", "oldest", "largest", "smallest"], "Order of the listed rows"),
            "limit": { "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "description": "Rows to list (the count and totals cover all)" },
            "currency": nullable_string("Only amounts in this currency (ISO 4217 code); null for all"),
        }))
    }

    async fn run(ctx: &ToolContext, input: TransactionsInput) -> Result<Transactions, ToolError> {
        transactions(ctx, input).await
    }

    fn summary(output: &Transactions) -> String {
        format!(
            "{} matching transactions, totalling {}",
            output.count,
            super::common::money_list(&output.totals)
        )
    }
}

async fn transactions(
    ctx: &ToolContext,
    input: TransactionsInput,
) -> Result<Transactions, ToolError> {
    let mut conn = ctx.reads.acquire().await?;
    let mut filter = Filter {
        from: input.from,
        to: input.to,
        merchants: given_list(&input.merchants),
        text: given(&input.text),
        tag: given(&input.tag),
        min_size: input.amount_over,
        max_size: input.amount_under,
        no_transfers: !input.include_transfers,
        ..Filter::default()
    };
    match input.direction {
        Direction::Any => {}
        Direction::Out => filter.max_amount = Some(Decimal::ZERO),
        Direction::In => filter.min_amount = Some(Decimal::ZERO),
    }
    for name in input.categories.iter().filter(|n| !n.trim().is_empty()) {
        filter
            .category_ids
            .push(category_named(&mut conn, ctx.user_id, name).await?.0);
    }
    if let Some(name) = given(&input.account) {
        filter.account_ids = accounts_named(&mut conn, ctx.user_id, &name).await?;
    }
    let order = match input.sort {
        Sort::Newest => RowOrder::Newest,
        Sort::Oldest => RowOrder::Oldest,
        Sort::Largest => RowOrder::Largest,
        Sort::Smallest => RowOrder::Smallest,
    };
    filter.currency = given(&input.currency);
    let found = matching::matching(
        &mut conn,
        ctx.user_id,
        &filter,
        order,
        input.limit.clamp(1, MAX_LIMIT),
    )
    .await?;
    let category_ids: Vec<Uuid> = found.rows.iter().filter_map(|t| t.category_id).collect();
    let categories =
        kakeibo_transactions::categories::names(&mut conn, ctx.user_id, &category_ids).await?;
    let account_ids: Vec<Uuid> = found.rows.iter().map(|t| t.account_id).collect();
    let accounts: HashMap<Uuid, String> =
        kakeibo_bank_sync::accounts::summaries(&mut conn, ctx.user_id, &account_ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
    Ok(Transactions {
        count: found.totals.iter().map(|t| t.count).sum(),
        totals: found
            .totals
            .iter()
            .map(|t| Money::new(t.total, &t.currency))
            .collect(),
        transactions: found
            .rows
            .into_iter()
            .map(|t| TransactionRow {
                id: t.id,
                date: t.booked_at.date_naive(),
                description: t.description,
                merchant: t.merchant,
                category: t.category_id.and_then(|id| categories.get(&id).cloned()),
                account: accounts.get(&t.account_id).cloned().unwrap_or_default(),
                amount: Money::new(t.amount, t.currency),
            })
            .collect(),
    })
}
