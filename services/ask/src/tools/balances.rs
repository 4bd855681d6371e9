//! Balances per account, and net worth per currency, converted into one currency when the
//! question asks in one (the answer then says it converted, at which rates and of which day).
//!
//! An account's balance is what its bank last reported; a manual account's is the sum of its
//! transactions (as goals read it).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::common::{Money, money_list, object};
use super::{Tool, ToolContext, ToolError};
use crate::tools::common::RoundHalfUp;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BalancesInput {
    /// Part of an account's name or a kind; null for every open account.
    pub account: Option<String>,
    /// The balances at the end of this past day; null for today's.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountBalance {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub balance: Money,
    /// bank (reported by the bank) or transactions (a manual account: its rows summed).
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Balances {
    pub accounts: Vec<AccountBalance>,
    /// Per currency; never summed across currencies.
    pub totals: Vec<Money>,
    /// The past day these are the balances of; null for today's.
    pub on: Option<NaiveDate>,
}

pub struct BalancesTool;

impl Tool for BalancesTool {
    const NAME: &'static str = "balances";
    const DESCRIPTION: &'static str = "The balance of each open account (or of those matching a name or kind), today or at the end of a past day, with totals per currency.";
    type Input = BalancesInput;
    type Output = Balances;

    fn input_schema() -> Value {
        object(json!({
            "account": super::common::nullable_string("Part of an account's name, or a kind (checking, savings, credit_card, cash, investment, loan); null for all"),
            "on": { "type": ["string", "null"], "description": "The balances at the end of this past day (YYYY-MM-DD); null for today's" },
        }))
    }

    async fn run(ctx: &ToolContext, input: BalancesInput) -> Result<Balances, ToolError> {
        balances(ctx, input.account.as_deref(), past(ctx, input.on)).await
    }

    fn summary(output: &Balances) -> String {
        format!(
            "{} accounts: {}",
            output.accounts.len(),
            money_list(&output.totals)
        )
    }
}

/// A day before today, or `None` for today's balances (a later day has none yet).
fn past(ctx: &ToolContext, on: Option<NaiveDate>) -> Option<NaiveDate> {
    on.filter(|d| *d < ctx.today)
}

async fn balances(
    ctx: &ToolContext,
    account: Option<&str>,
    on: Option<NaiveDate>,
) -> Result<Balances, ToolError> {
    let mut conn = ctx.reads.acquire().await?;
    let wanted = account
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    let mut accounts = Vec::new();
    for a in kakeibo_bank_sync::accounts_api::accounts(&mut conn, ctx.user_id).await? {
        if let Some(w) = &wanted
            && !(a.name.to_lowercase().contains(w) || a.kind == *w)
        {
            continue;
        }
        let (balance, source) = match (on, a.current_balance) {
            // On a past day: the last balance the bank reported by then, or worked back from
            // its first one through the rows booked since (bank-sync's `held_on`).
            (Some(day), _) => {
                let held =
                    kakeibo_bank_sync::accounts::held_on(&mut conn, ctx.user_id, &[day], &[a.id])
                        .await?;
                let Some(h) = held.first() else {
                    continue;
                };
                (h.assets - h.liabilities, "bank")
            }
            (None, Some(b)) => (b, "bank"),
            (None, None) => (
                kakeibo_transactions::totals::account_total(&mut conn, ctx.user_id, a.id, None)
                    .await?,
                "transactions",
            ),
        };
        accounts.push(AccountBalance {
            id: a.id,
            name: a.name,
            kind: a.kind,
            balance: Money::new(balance, a.currency),
            source,
        });
    }
    if accounts.is_empty()
        && let Some(name) = account
    {
        return Err(ToolError::Invalid(format!("no account named {name:?}")));
    }
    let mut totals: Vec<Money> = Vec::new();
    for a in &accounts {
        match totals.iter_mut().find(|m| m.currency == a.balance.currency) {
            Some(m) => m.amount += a.balance.amount,
            None => totals.push(a.balance.clone()),
        }
    }
    totals.sort_by(|a, b| a.currency.cmp(&b.currency));
    Ok(Balances {
        accounts,
        totals,
        on,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetWorthInput {
    /// ISO 4217 code to convert everything into; null keeps each currency apart.
    pub currency: Option<String>,
    /// The net worth at the end of this past day; null for today's.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurrencyNetWorth {
    pub assets: Money,
    pub liabilities: Money,
    pub net_worth: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversion {
    pub from: String,
    pub to: String,
    pub rate: Decimal,
    /// The day the rate is from.
    pub rate_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetWorth {
    pub as_of: NaiveDate,
    pub currencies: Vec<CurrencyNetWorth>,
    /// Everything in the asked currency; null when none was asked or a rate is missing.
    pub converted: Option<Money>,
    /// The rates used (empty when nothing was converted).
    pub conversions: Vec<Conversion>,
    /// Currencies with no rate into the asked one.
    pub unconverted: Vec<String>,
}

pub struct NetWorthTool;

impl Tool for NetWorthTool {
    const NAME: &'static str = "net_worth";
    const DESCRIPTION: &'static str = "Net worth today or at the end of a past day: assets and liabilities of the open accounts per currency, and, when a currency is given, everything converted into it at the latest exchange rates (the rates are listed).";
    type Input = NetWorthInput;
    type Output = NetWorth;

    fn input_schema() -> Value {
        object(json!({
            "currency": super::common::nullable_string("Convert into this ISO 4217 currency (e.g. EUR); null to keep currencies apart"),
            "on": { "type": ["string", "null"], "description": "The net worth at the end of this past day (YYYY-MM-DD); null for today's" },
        }))
    }

    async fn run(ctx: &ToolContext, input: NetWorthInput) -> Result<NetWorth, ToolError> {
        net_worth(ctx, input).await
    }

    fn summary(output: &NetWorth) -> String {
        let per: Vec<Money> = output
            .currencies
            .iter()
            .map(|c| c.net_worth.clone())
            .collect();
        match &output.converted {
            Some(total) => format!(
                "net worth {}; converted to {}: {total}",
                money_list(&per),
                total.currency
            ),
            None => format!("net worth {}", money_list(&per)),
        }
    }
}

async fn net_worth(ctx: &ToolContext, input: NetWorthInput) -> Result<NetWorth, ToolError> {
    let on = past(ctx, input.on);
    let all = balances(ctx, None, on).await?;
    let mut currencies: Vec<CurrencyNetWorth> = Vec::new();
    for total in &all.totals {
        let of_currency = all
            .accounts
            .iter()
            .filter(|a| a.balance.currency == total.currency);
        let assets: Decimal = of_currency
            .clone()
            .map(|a| a.balance.amount.max(Decimal::ZERO))
            .sum();
        let liabilities: Decimal = of_currency
            .map(|a| (-a.balance.amount).max(Decimal::ZERO))
            .sum();
        currencies.push(CurrencyNetWorth {
            assets: Money::new(assets, &total.currency),
            liabilities: Money::new(liabilities, &total.currency),
            net_worth: Money::new(assets - liabilities, &total.currency),
        });
    }
    let as_of = on.unwrap_or(ctx.today);
    let mut result = NetWorth {
        as_of,
        currencies,
        converted: None,
        conversions: Vec::new(),
        unconverted: Vec::new(),
    };
    let Some(target) = input
        .currency
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
    else {
        return Ok(result);
    };
    if target.len() != 3 || !target.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(ToolError::Invalid(format!(
            "{target:?} is not a currency code"
        )));
    }
    let others: Vec<String> = all
        .totals
        .iter()
        .map(|m| m.currency.clone())
        .filter(|c| *c != target)
        .collect();
    let mut conn = ctx.reads.acquire().await?;
    let rates = kakeibo_budget::fx::latest_to(&mut conn, &others, &target, as_of).await?;
    let mut sum = Decimal::ZERO;
    for c in &result.currencies {
        let amount = c.net_worth.amount;
        if c.net_worth.currency == target {
            sum += amount;
            continue;
        }
        match rates
            .iter()
            .find(|r| r.currency == c.net_worth.currency)
            .and_then(|r| Some((r.rate?, r.rate_date)))
        {
            Some((rate, rate_date)) => {
                sum += (amount * rate).round_half_up(2);
                result.conversions.push(Conversion {
                    from: c.net_worth.currency.clone(),
                    to: target.clone(),
                    rate,
                    rate_date,
                });
            }
            None => result.unconverted.push(c.net_worth.currency.clone()),
        }
    }
    if result.unconverted.is_empty() {
        result.converted = Some(Money::new(sum, target));
    }
    Ok(result)
}
